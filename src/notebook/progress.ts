/**
 * Progress of a study in a notebook: one output, shown once and updated in place (Jupyter's display id), with the
 * step, the units done, an estimate before heavy work — never a flood of lines.
 */
import { formatCount } from '../core/format.ts';
import { escapeHtml } from '../report/assets.ts';
import type { ProgressEvent, ProgressListener } from '../study/progress.ts';
import type { MimeBundle } from './mime.ts';

interface DenoJupyterDisplay {
  display(bundle: MimeBundle, options: { raw: true; display_id?: string; update?: boolean }): Promise<void>;
}

function kernel(): DenoJupyterDisplay | null {
  return (globalThis as { Deno?: { jupyter?: DenoJupyterDisplay } }).Deno?.jupyter ?? null;
}

/** What the output says: the step, its units and share, and the estimate given before it. */
function progressText(step: string, work: string, estimate: string): MimeBundle {
  const lines = [step, work, estimate].filter((l) => l !== '');
  return {
    'text/plain': lines.join('\n'),
    'text/html': `<div style="font-family:system-ui,sans-serif;font-size:13px">${lines.map((l, i) => (i === 0 ? `<b>${escapeHtml(l)}</b>` : `<div>${escapeHtml(l)}</div>`)).join('')}</div>`,
  };
}

let outputs = 0;

/**
 * A progress listener for `runSteps` / `runStudy` that shows one output in the cell and updates it in place (at
 * most every `intervalMs`, and at each step), and `done()` to await the last update.
 *
 * @example
 * const progress = notebookProgress();
 * const state = await runSteps(config, { onEvent: progress.event });
 * await progress.done();
 */
export function notebookProgress(options: { intervalMs?: number; now?: () => number } = {}): {
  event: ProgressListener;
  done: () => Promise<void>;
} {
  const id = `segment-progress-${++outputs}-${Date.now()}`;
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 500;
  let shown = false;
  let last = -Infinity;
  let chain: Promise<void> = Promise.resolve();
  let text = { step: '', work: '', estimate: '' };
  let stepStarted = now();
  const show = () => {
    const jupyter = kernel();
    if (jupyter === null) return;
    const bundle = progressText(text.step, text.work, text.estimate);
    const update = shown;
    shown = true;
    last = now();
    chain = chain.then(() => jupyter.display(bundle, { raw: true, display_id: id, update }));
  };
  const event = (e: ProgressEvent) => {
    if (e.kind === 'step') {
      text = { step: `${e.step}/${e.total} ${e.label}`, work: '', estimate: '' };
      stepStarted = now();
    }
    if (e.kind === 'estimate') text = { ...text, estimate: e.message };
    if (e.kind === 'work') {
      const share = e.share ?? e.done / e.total;
      text = {
        ...text,
        work: `${formatCount(e.done)} of ${formatCount(e.total)} ${e.unit} (${Math.floor(100 * share)} %)`,
      };
    }
    if (e.kind === 'step-done')
      text = { ...text, work: `done in ${((now() - stepStarted) / 1000).toFixed(1)} s` };
    if (e.kind !== 'work' || now() - last >= interval) show();
  };
  return { event, done: () => chain };
}
