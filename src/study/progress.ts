/**
 * The study's one progress channel, owned by the runner: a step starts, a step reports units of work done inside
 * it (folds, inits, files), a step estimates its time before heavy work, a step ends. Where it shows — a bar on a
 * terminal, plain lines in a log, JSON lines, one notebook output — is the listener's business (`cli/progress.ts`,
 * `notebook/progress.ts`).
 */

/** One thing that happened in a study, for progress displays. */
export type ProgressEvent =
  /** A step starts: its number (1-based) of the total, and its label. */
  | { kind: 'step'; step: number; total: number; label: string }
  /** Units of work done inside the current step, of a known total ("2 of 5 folds"). */
  | {
      kind: 'work';
      label: string;
      done: number;
      total: number;
      unit: string;
      /** The share of the step's time done (0–1) when units differ in cost; else done / total. */
      share?: number;
    }
  /** Before heavy work: how long it should take, and what to change to shorten it. */
  | { kind: 'estimate'; label: string; seconds: number; message: string }
  /** A step ended after `seconds`. */
  | { kind: 'step-done'; label: string; seconds: number };

/** Receives the study's progress events (synchronously: a listener must be quick). */
export type ProgressListener = (event: ProgressEvent) => void;

/** What a step may tell the progress channel while it runs. */
export interface StepProgress {
  /**
   * Units of work done of a total, e.g. `work(2, 5, 'folds')`.
   *
   * @example
   * for (let fold = 0; fold < 5; fold++) { fit(fold); progress.work(fold + 1, 5, 'folds'); }
   */
  work(done: number, total: number, unit: string, share?: number): void;
  /**
   * How long the heavy work about to start should take and how to shorten it (shown before it starts).
   *
   * @example
   * progress.estimate(2400, 'k selection: about 40 minutes …; lower clusters.nInit to shorten it');
   */
  estimate(seconds: number, message: string): void;
}

/** A step progress that reports nothing (a step run on its own, in a test or a notebook). */
export const SILENT_PROGRESS: StepProgress = { work: () => {}, estimate: () => {} };

/**
 * The step progress of one step, sending its events to `listener` labelled with the step.
 *
 * @example
 * const progress = stepProgress('personas (k-means)', (e) => console.log(e));
 */
export function stepProgress(label: string, listener: ProgressListener | undefined): StepProgress {
  if (listener === undefined) return SILENT_PROGRESS;
  return {
    work: (done, total, unit, share) =>
      listener({ kind: 'work', label, done, total, unit, ...(share === undefined ? {} : { share }) }),
    estimate: (seconds, message) => listener({ kind: 'estimate', label, seconds, message }),
  };
}

/**
 * A duration as people say it: "about 40 minutes", "about 2 hours", "about 30 seconds".
 *
 * @example
 * aboutDuration(2400); // 'about 40 minutes'
 */
export function aboutDuration(seconds: number): string {
  if (seconds < 90) return `about ${Math.max(1, Math.round(seconds / 10) * 10)} seconds`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} minutes`;
  return `about ${Math.round(seconds / 360) / 10} hours`;
}
