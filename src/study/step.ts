/**
 * A study step: a name, the config slices it owns, and a `run` that reads the study state (never changes it)
 * and returns the account columns it adds, its artifact for the run folder, and its warnings. The runner
 * ({@link runSteps}) does progress, timings and warning tagging once for all steps.
 */
import { UsageError, type Warning } from '../core/errors.ts';
import type { ColumnInput, Frame } from '../data/frame.ts';
import type { ConfigSlice } from './config-slice.ts';
import type { StudyArtifacts, StudyConfig } from './types.ts';
import type { StepProgress } from './progress.ts';

/** The state of a study between steps: the accounts with every column added so far, and the artifacts. */
export interface StudyState {
  readonly config: StudyConfig;
  /** One row per account; each step adds its columns (`probability`, `whitespace`, `road_quadrant` …). */
  readonly frame: Frame;
  /** The artifacts of the steps run so far, by step name. */
  readonly artifacts: Readonly<Partial<StudyArtifacts>>;
  /** Every warning so far, each prefixed with its step's name (repeats differing only in numbers condensed). */
  readonly warnings: readonly Warning[];
  /** Seconds per step, by step label. */
  readonly timings: Readonly<Record<string, number>>;
}

/** What a step returns. */
export interface StepResult<K extends keyof StudyArtifacts> {
  /** New (or replaced) account columns, one value per account. */
  columns?: Readonly<Record<string, ColumnInput>>;
  /** The step's result for later steps and the run folder. */
  artifact: StudyArtifacts[K];
  /** Non-fatal issues of every fit and prediction the step made. */
  warnings?: readonly Warning[];
}

/** One named step of the study. */
export interface StudyStep<K extends keyof StudyArtifacts = keyof StudyArtifacts> {
  /** Step name: the key of its artifact and the prefix of its warnings. */
  readonly name: K;
  /** What the progress bar shows and the timing key in the manifest. */
  readonly label: string;
  /**
   * The account columns it reads that earlier steps write (see `segment/account-columns.ts`); the runner checks
   * the order of the steps against them before running any.
   */
  readonly reads: readonly string[];
  /** The config slices this step owns. */
  readonly config: readonly ConfigSlice<unknown>[];
  /** Runs the step on the state (must not modify it), reporting long work to `progress`. */
  run(state: StudyState, progress?: StepProgress): StepResult<K> | Promise<StepResult<K>>;
}

/**
 * The artifact of an earlier step, or a clear error when that step has not run.
 *
 * @example
 * const { model } = artifactOf(state, 'lookalike', 'tiers');
 */
export function artifactOf<K extends keyof StudyArtifacts>(
  state: StudyState,
  name: K,
  neededBy: string,
): StudyArtifacts[K] {
  const artifact = state.artifacts[name];
  if (artifact === undefined)
    throw new UsageError(
      `study step "${neededBy}" needs the result of step "${name}"; run the steps in order`,
    );
  return artifact as StudyArtifacts[K];
}

/** Prefixes warnings with the name of what produced them. */
export function tagWarnings(prefix: string, warnings: readonly Warning[]): Warning[] {
  return warnings.map((w) => ({ code: w.code, message: `${prefix}: ${w.message}` }));
}
