/**
 * Progress of long steps: a bar on an interactive terminal (cli-progress), nothing at all otherwise (CI,
 * pipes, tests), so logs stay clean.
 */
import cliProgress from 'cli-progress';
import type { Progress } from '../study/runner.ts';

/**
 * A progress callback for `runStudy`, and `stop()` to call when the work ends (also after an error).
 *
 * @example
 * const progress = terminalProgress(process.stderr);
 * try { await runStudy(config, { outDir, onProgress: progress.update }); } finally { progress.stop(); }
 */
export function terminalProgress(stream: NodeJS.WriteStream): { update: Progress; stop: () => void } {
  if (stream.isTTY !== true) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'segment study |{bar}| {value}/{total} {step}',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (step, total, label) => {
      if (!started) {
        bar.start(total, 0, { step: label });
        started = true;
      }
      bar.update(Math.min(step - 1, total), { step: step > total ? 'done' : `${label}…` });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
