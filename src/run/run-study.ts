/**
 * `segment study`: run every step, then write the run folder (docs/design.md §4). The folder is written to a
 * temporary sibling and renamed into place only when complete; an existing folder is never overwritten. Data
 * files hold no timestamps, so two runs with the same seed and inputs are byte-identical except `manifest.json`.
 */
import { repsNeeded } from '../segment/coverage.ts';
import { DataError } from '../core/errors.ts';
import { backtest, type BacktestResult } from '../segment/backtest.ts';
import { join } from 'node:path';
import type { Warning } from '../core/errors.ts';
import { buildRunOutputs } from '../report/run-outputs.ts';
import { compareRuns } from '../study/refresh.ts';
import { studyDataFiles, studyInputs } from '../study/outputs.ts';
import { runSteps, type Progress } from '../study/runner.ts';
import type { ProgressListener } from '../study/progress.ts';
import {
  assertNewRunFolder,
  buildManifest,
  readRunTable,
  runJson,
  verifyRun,
  writeRunFiles,
  writeRunFolder,
} from '../study/run-folder.ts';
import { artifactOf, type StudyState } from '../study/step.ts';
import { STUDY_STEPS } from '../study/steps/index.ts';
import type { StudyConfig } from '../study/types.ts';
import type { WrittenFiles } from '../study/run-files.ts';

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

/** The backtest of the previous run on this one, or null when the previous run predates the needed columns. */
async function backtestOrNull(previous: string, current: string): Promise<BacktestResult | null> {
  const text = ['account_id', 'tier'];
  const earlier = await readRunTable(previous, 'segments.csv', text);
  if (!earlier.has('won_deals')) return null;
  try {
    return backtest(earlier, await readRunTable(current, 'segments.csv', text), {
      previous,
      current: '(this run)',
    });
  } catch (error) {
    if (error instanceof DataError) return null; // nothing to backtest (no new customer): the report says nothing
    throw error;
  }
}

/**
 * `changes.json` of a study that names a previous run: what moved since, and how the previous run's scores
 * predicted the wins since (the backtest), from the data files already in `temp`. Nothing without a previous run.
 *
 * @example
 * await writeChanges(temp, config); // { 'changes.json': { sha256, bytes } } when config.previousRun is set
 */
export async function writeChanges(temp: string, config: StudyConfig): Promise<WrittenFiles> {
  if (config.previousRun === null) return {};
  const changes = await compareRuns(config.previousRun, temp, { currentSealed: false });
  const file = runJson('changes', {
    previous: config.previousRun,
    summary: { ...changes.summary, previous: config.previousRun, current: '(this run)' },
    backtest: await backtestOrNull(config.previousRun, temp),
  });
  return writeRunFiles(temp, file);
}

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
 * The deck and the workbook a config asks for (`outputs`), built from the sealed folder `temp` exactly as
 * `segment deck` / `segment workbook` build them later (pptxgenjs and exceljs load only then).
 *
 * @example
 * await writeExtraOutputs(temp, config); // temp/deck.pptx when config.outputs.deck
 */
export async function writeExtraOutputs(temp: string, config: StudyConfig): Promise<void> {
  if (config.outputs.deck) {
    const { buildDeck } = await import('../report/deck.ts');
    await writeRunFiles(temp, { 'deck.pptx': await buildDeck(temp) });
  }
  if (config.outputs.workbook) {
    const { writeWorkbook } = await import('../report/workbook.ts');
    await writeWorkbook(temp, join(temp, 'segments.xlsx'));
  }
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
  if (config.previousRun !== null) await verifyRun(config.previousRun, { engineRuns: true });
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
