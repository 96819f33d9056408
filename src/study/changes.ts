/**
 * `changes.json` of a study that names a previous run: what moved since (the refresh) and how the previous run's
 * scores predicted the wins since (the backtest), made from the new run's data files.
 */
import { DataError } from '../core/errors.ts';
import { backtest, type BacktestResult } from '../segment/backtest.ts';
import { compareRuns } from './refresh.ts';
import { readRunTable, runJson, writeRunFiles } from './run-folder.ts';
import type { WrittenFiles } from './run-files.ts';
import type { StudyConfig } from './types.ts';

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
