/**
 * `segment study`: run every step, then write the run folder (docs/design.md §4). The folder is written to a
 * temporary sibling and renamed into place only when complete; an existing folder is never overwritten. Data
 * files hold no timestamps, so two runs with the same seed and inputs are byte-identical except `manifest.json`.
 */
import { repsNeeded } from '../segment/coverage.ts';
import { join } from 'node:path';
import type { Warning } from '../core/errors.ts';
import { buildRunOutputs } from '../report/run-outputs.ts';
import { writeChanges } from '../study/changes.ts';
import { writeExtraOutputs } from '../report/extra-outputs.ts';
import { studyDataFiles, studyInputs } from '../study/outputs.ts';
import { runSteps, type Progress } from '../study/runner.ts';
import type { ProgressListener } from '../study/progress.ts';
import {
  assertNewRunFolder,
  buildManifest,
  runJson,
  verifyRun,
  writeRunFiles,
  writeRunFolder,
} from '../study/run-folder.ts';
import { artifactOf, type StudyState } from '../study/step.ts';
import { STUDY_STEPS } from '../study/steps/index.ts';
import type { StudyConfig } from '../study/types.ts';

/** What {@link runStudy} returns. */
export interface StudyResult {
  outDir: string;
  warnings: Warning[];
  summary: {
    accounts: number;
    customers: number;
    cvAuc: number;
    quadrants: Record<string, number>;
    repsNeeded: number;
    /** Reps the config planned (coverage.reps), or null under the "reps needed" rule. */
    repsPlanned: number | null;
  };
}

/**
 * Default run folder name: `out/<UTC timestamp>-<seed>`.
 *
 * @example
 * defaultRunDir(42, new Date('2026-11-24T10:05:31Z')); // 'out/20261124T100531Z-42'
 */
export function defaultRunDir(seed: number, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return join('out', `${stamp}-${seed}`);
}

const WRITE_LABEL = 'charts, report and the run folder';

/** Writes the run folder's files into `temp` and returns them all (path → content), manifest last. */
async function writeStudy(temp: string, state: StudyState, started: number): Promise<void> {
  const { config } = state;
  const writeStart = performance.now();
  const written = await writeRunFiles(temp, studyDataFiles(state));
  Object.assign(written, await writeChanges(temp, config));
  // Charts and the report are built from the written data files, exactly as `segment report` rebuilds them.
  Object.assign(written, await writeRunFiles(temp, await buildRunOutputs(temp, config.seed)));
  const stats = artifactOf(state, 'assemble', 'write').stats;
  const manifest = await buildManifest({
    started,
    timings: { ...state.timings, [WRITE_LABEL]: (performance.now() - writeStart) / 1000 },
    config,
    road: artifactOf(state, 'road', 'write').thresholds,
    stats,
    inputs: studyInputs(config.inputs, stats).map((input) => ({
      ...input,
      path: config.inputs[input.role] as string,
    })),
    outputs: written,
    warnings: state.warnings,
  });
  await writeRunFiles(temp, runJson('manifest', manifest));
  await writeExtraOutputs(temp, config);
}

/**
 * Runs the study and writes the run folder.
 *
 * @example
 * const { outDir, summary } = await runStudy(await loadStudyConfig(), { outDir: 'out/q4-refresh' });
 */
export async function runStudy(
  config: StudyConfig,
  options: { outDir: string; onProgress?: Progress; onEvent?: ProgressListener },
): Promise<StudyResult> {
  const started = Date.now();
  const total = STUDY_STEPS.length + 1;
  await assertNewRunFolder(options.outDir); // before minutes of work, not after
  // A previous run must be the one it says (made in memory or by the engine).
  if (config.previousRun !== null) await verifyRun(config.previousRun);
  const state = await runSteps(config, {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    totalSteps: total,
  });
  options.onProgress?.(total, total, WRITE_LABEL);
  options.onEvent?.({ kind: 'step', step: total, total, label: WRITE_LABEL });
  const writing = performance.now();
  const outDir = await writeRunFolder(options.outDir, (temp) => writeStudy(temp, state, started));
  options.onProgress?.(total + 1, total, 'done');
  options.onEvent?.({ kind: 'step-done', label: WRITE_LABEL, seconds: (performance.now() - writing) / 1000 });
  return { outDir, warnings: [...state.warnings], summary: summarize(state) };
}

function summarize(state: StudyState): StudyResult['summary'] {
  const { stats } = artifactOf(state, 'assemble', 'summary');
  const { totals } = artifactOf(state, 'road', 'summary');
  return {
    accounts: stats.accounts,
    customers: stats.customers,
    cvAuc: artifactOf(state, 'lookalike', 'summary').crossValidation.auc.mean,
    quadrants: Object.fromEntries(totals.map((t) => [t.quadrant, t.accounts])),
    repsNeeded: repsNeeded(artifactOf(state, 'coverage', 'summary').headcount).reduce(
      (s, r) => s + r.reps,
      0,
    ),
    repsPlanned: artifactOf(state, 'coverage', 'summary').plan?.reduce((s, r) => s + r.reps, 0) ?? null,
  };
}
