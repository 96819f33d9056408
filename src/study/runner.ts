/**
 * Runs study steps in order: progress, timings and warning tagging happen here once, for every step.
 */
import { condenseWarnings } from '../core/condense-warnings.ts';
import { UsageError } from '../core/errors.ts';
import { Frame, type ColumnInput } from '../data/frame.ts';
import { accountColumn } from '../segment/account-columns.ts';
import { STUDY_STEPS } from './steps/index.ts';
import { tagWarnings, type StudyState, type StudyStep } from './step.ts';
import type { StudyConfig } from './types.ts';
import { stepProgress, type ProgressListener } from './progress.ts';

/** Progress callback: step number (1-based), total steps, what is happening. */
export type Progress = (step: number, total: number, label: string) => void;

/** Options of {@link runSteps}. */
export interface RunStepsOptions {
  /** The steps to run, in order. Default: every study step. */
  steps?: readonly StudyStep[];
  /** Stop after the step of this name (run a prefix of the study). Default: run all. */
  until?: StudyStep['name'];
  /** Continue from this state: steps whose artifact it already has are not run again. */
  from?: StudyState;
  /** Called before each step. */
  onProgress?: Progress;
  /** Every progress event: steps starting and ending, units of work inside them, estimates before heavy work. */
  onEvent?: ProgressListener;
  /** Total steps shown in the progress (when the caller runs more afterwards). Default: the steps run. */
  totalSteps?: number;
}

function addColumns(frame: Frame, columns: Readonly<Record<string, ColumnInput>>): Frame {
  if (frame.columnNames.length === 0) return Frame.fromColumns(columns);
  let out = frame;
  for (const [name, values] of Object.entries(columns)) out = out.withColumn(name, values);
  return out;
}

/** The step that writes a column by the account-column registry, or null for the inputs' own columns. */
function producerOf(column: string): string | null {
  const step = accountColumn(column)?.step;
  return step === undefined || step === 'assemble' ? null : step;
}

/**
 * Refuses steps in an order where one reads a column that a later step (or none of them) writes, before any
 * work.
 *
 * @example
 * checkStepOrder([roadStep, tiersStep]); // UsageError: study step "road" reads probability, which step "lookalike" writes, …
 */
export function checkStepOrder(steps: readonly StudyStep[]): void {
  const before = new Set<string>();
  for (const step of steps) {
    for (const column of step.reads) {
      const producer = producerOf(column);
      if (producer !== null && !before.has(producer))
        throw new UsageError(
          `study step "${step.name}" reads ${column}, which step "${producer}" writes, but "${producer}" does not run before it; run the steps in order`,
        );
    }
    before.add(step.name);
  }
}

/** Refuses a step's column that the registry gives to another step (two writers of one column). */
function checkWrites(step: StudyStep, columns: Readonly<Record<string, ColumnInput>>): void {
  for (const column of Object.keys(columns)) {
    const producer = accountColumn(column)?.step;
    if (producer !== undefined && producer !== step.name)
      throw new UsageError(
        `study step "${step.name}" writes ${column}, which the account-column registry gives to step "${producer}"`,
      );
  }
}

/**
 * Runs the study's steps (or a prefix of them) and returns the state: the accounts frame with every
 * step's columns, each step's artifact, all warnings and the timings.
 *
 * @example
 * const state = await runSteps(await loadStudyConfig('study.json'), { until: 'road' });
 * state.frame.strings('road_quadrant'); // ['Acquire', 'Retain', …]
 * const more = await runSteps(state.config, { from: state, until: 'coverage' }); // runs coverage only
 */
export async function runSteps(config: StudyConfig, options: RunStepsOptions = {}): Promise<StudyState> {
  const all = options.steps ?? STUDY_STEPS;
  const last = options.until === undefined ? all.length - 1 : all.findIndex((s) => s.name === options.until);
  if (last < 0)
    throw new UsageError(
      `runSteps: until="${options.until}" is not a step (steps: ${all.map((s) => s.name).join(', ')})`,
    );
  let state: StudyState = options.from ?? {
    config,
    frame: Frame.fromColumns({}),
    artifacts: {},
    warnings: [],
    timings: {},
  };
  checkStepOrder(all.slice(0, last + 1));
  const done = state.artifacts;
  const steps = all.slice(0, last + 1).filter((s) => done[s.name] === undefined);
  for (const [i, step] of steps.entries()) {
    const total = options.totalSteps ?? steps.length;
    options.onProgress?.(i + 1, total, step.label);
    options.onEvent?.({ kind: 'step', step: i + 1, total, label: step.label });
    const started = performance.now();
    const result = await step.run(state, stepProgress(step.label, options.onEvent));
    if (result.columns !== undefined) checkWrites(step, result.columns);
    state = {
      config,
      frame: result.columns === undefined ? state.frame : addColumns(state.frame, result.columns),
      artifacts: { ...state.artifacts, [step.name]: result.artifact },
      warnings: [...state.warnings, ...tagWarnings(step.name, condenseWarnings(result.warnings ?? []))],
      timings: { ...state.timings, [step.label]: (performance.now() - started) / 1000 },
    };
    options.onEvent?.({ kind: 'step-done', label: step.label, seconds: state.timings[step.label] ?? 0 });
  }
  return state;
}
