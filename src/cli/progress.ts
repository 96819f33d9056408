/**
 * Where the study's progress shows (`--progress`): on an interactive terminal a bar updated in place with the
 * step, the units done and an ETA (cli-progress); anywhere else (CI, `nohup`, a pipe) one plain line at most every
 * 10 s while a step works, and a line when a step that took that long ends — a run shorter than that prints
 * nothing; `json` writes one JSON object per event for schedulers; `none` (`--quiet`) writes nothing.
 * Estimates of heavy work are printed before it starts in every mode but `none`.
 */
import cliProgress from 'cli-progress';
import { formatCount } from '../core/format.ts';
import type { ProgressEvent, ProgressListener } from '../study/progress.ts';
import type { Progress } from '../study/runner.ts';

/** How progress shows: `auto` (a bar on a terminal, plain lines elsewhere), `json` lines, or `none`. */
export type ProgressMode = 'auto' | 'json' | 'none';
export const PROGRESS_MODES: readonly ProgressMode[] = ['auto', 'json', 'none'];

/** A progress display: step-level calls (`update`), every event (`event`), and `stop()` when the work ends. */
export interface ProgressSink {
  update: Progress;
  event: ProgressListener;
  stop: () => void;
}

/** Options of {@link progressSink}. */
export interface ProgressSinkOptions {
  mode?: ProgressMode;
  /** The clock (milliseconds); tests pass their own. Default `Date.now`. */
  now?: () => number;
  /** The least time between two plain lines (and between two JSON work lines: a tenth of it). Default 10 s. */
  intervalMs?: number;
  /** Repeat the last state on a timer while a step awaits (plain lines only). Default true. */
  heartbeat?: boolean;
}

const NONE: ProgressSink = { update: () => {}, event: () => {}, stop: () => {} };

/** "1 min 40 s", "12 s". */
function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A sink's view of the work: the step running, when it started, its last units. */
class ProgressState {
  step: { step: number; total: number; label: string; started: number } | null = null;
  work: Extract<ProgressEvent, { kind: 'work' }> | null = null;

  constructor(readonly now: () => number) {}

  /** "5/16 personas (k-means): 1,200 of 51,000 k-means runs (2 %), 1 min 40 s in, about 20 min left". */
  line(): string {
    if (this.step === null) return '';
    const { step, total, label, started } = this.step;
    const elapsed = this.now() - started;
    let text = `${step}/${total} ${label}`;
    const work = this.work;
    if (work !== null && work.label === label && work.total > 0) {
      const share = work.share ?? work.done / work.total;
      text += `: ${formatCount(work.done)} of ${formatCount(work.total)} ${work.unit} (${Math.floor(100 * share)} %)`;
      text += `, ${duration(elapsed)} in`;
      if (share > 0 && share < 1) text += `, about ${duration((elapsed / share) * (1 - share))} left`;
    } else text += `, ${duration(elapsed)} in`;
    return text;
  }

  apply(event: ProgressEvent): void {
    if (event.kind === 'step') {
      this.step = { ...event, started: this.now() };
      this.work = null;
    } else if (event.kind === 'work') this.work = event;
  }
}

/** Plain lines for logs: at most one per interval while a step works, and its end when it took that long. */
function plainSink(stream: NodeJS.WritableStream, options: Required<ProgressSinkOptions>): ProgressSink {
  const state = new ProgressState(options.now);
  let last = options.now();
  let printedInStep = false;
  const print = (text: string) => {
    stream.write(`segment study: ${text}\n`);
    last = options.now();
    printedInStep = true;
  };
  const due = () => options.now() - last >= options.intervalMs;
  const event = (e: ProgressEvent) => {
    if (e.kind === 'step') printedInStep = false;
    state.apply(e);
    if (e.kind === 'estimate') print(`${e.label}: ${e.message}`);
    else if (e.kind === 'work' && due()) print(state.line());
    else if (e.kind === 'step-done') {
      const took = options.now() - (state.step?.started ?? options.now());
      if (printedInStep || took >= options.intervalMs) print(`${e.label} done in ${duration(took)}`);
    }
  };
  const timer = options.heartbeat
    ? setInterval(() => state.step !== null && due() && print(state.line()), options.intervalMs)
    : null;
  timer?.unref();
  return {
    event,
    update: (step, total, label) => step <= total && event({ kind: 'step', step, total, label }),
    stop: () => {
      if (timer !== null) clearInterval(timer);
    },
  };
}

/** One JSON object per event (work events at most ten per interval, and the last of each step). */
function jsonSink(stream: NodeJS.WritableStream, options: Required<ProgressSinkOptions>): ProgressSink {
  const start = options.now();
  let lastWork = -Infinity;
  const event = (e: ProgressEvent) => {
    const now = options.now();
    if (e.kind === 'work' && e.done < e.total && now - lastWork < options.intervalMs / 10) return;
    if (e.kind === 'work') lastWork = now;
    stream.write(`${JSON.stringify({ ...e, elapsed: (now - start) / 1000 })}\n`);
  };
  return {
    event,
    update: (step, total, label) => step <= total && event({ kind: 'step', step, total, label }),
    stop: () => {},
  };
}

/** The bar of an interactive terminal: step, units, ETA, updated in place. */
function barSink(stream: NodeJS.WriteStream, options: Required<ProgressSinkOptions>): ProgressSink {
  const state = new ProgressState(options.now);
  const bar = new cliProgress.SingleBar(
    { stream, format: 'segment study |{bar}| {status}', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const event = (e: ProgressEvent) => {
    state.apply(e);
    if (e.kind === 'estimate') stream.write(`\n${e.label}: ${e.message}\n`);
    if (e.kind === 'step' && !started) {
      bar.start(e.total, 0, { status: '' });
      started = true;
    }
    if (started && state.step !== null)
      bar.update(Math.min(state.step.step - 1, state.step.total), { status: state.line() });
  };
  return {
    event,
    update: (step, total, label) => {
      if (step <= total) event({ kind: 'step', step, total, label });
      else if (started) bar.update(total, { status: 'done' });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/**
 * The progress display of `segment study` on `stream` (stderr), by mode and by whether it is a terminal.
 *
 * @example
 * const progress = progressSink(process.stderr, { mode: 'auto' });
 * try { await runStudy(config, { outDir, onEvent: progress.event }); } finally { progress.stop(); }
 */
export function progressSink(stream: NodeJS.WriteStream, options: ProgressSinkOptions = {}): ProgressSink {
  const full: Required<ProgressSinkOptions> = {
    mode: options.mode ?? 'auto',
    now: options.now ?? Date.now,
    intervalMs: options.intervalMs ?? 10_000,
    heartbeat: options.heartbeat ?? true,
  };
  if (full.mode === 'none') return NONE;
  if (full.mode === 'json') return jsonSink(stream, full);
  return stream.isTTY === true ? barSink(stream, full) : plainSink(stream, full);
}
