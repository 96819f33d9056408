/** The work of `segment backtest`: did the earlier run's scores predict the later run's wins? */
import { backtestDecilesSpec } from '../../charts/backtest-deciles.ts';
import { renderCharts } from '../../charts/run-charts.ts';
import { jsonText } from '../../data/json-text.ts';
import { backtest } from '../../segment/backtest.ts';
import { readRunTable, verifyRun, writeRunFiles, writeRunFolder } from '../../study/run-folder.ts';
import { count, printResult } from '../output.ts';

const TEXT = ['account_id', 'tier'];

/** The options of `segment backtest`. */
export interface BacktestOptions {
  previous: string;
  current: string;
  out: string;
}

/**
 * Backtests `options.previous` against `options.current` and writes `options.out`.
 *
 * @example
 * await runBacktest({ previous: 'out/2026-05', current: 'out/2026-11', out: 'out/backtest-2026-11' });
 */
export async function runBacktest(options: BacktestOptions): Promise<void> {
  await verifyRun(options.previous);
  await verifyRun(options.current);
  const result = backtest(
    await readRunTable(options.previous, 'segments.csv', TEXT),
    await readRunTable(options.current, 'segments.csv', TEXT),
    options,
  );
  const charts = await renderCharts([{ name: 'backtest-deciles', spec: backtestDecilesSpec(result) }]);
  await writeRunFolder(options.out, async (temp) => {
    await writeRunFiles(temp, { 'backtest.json': jsonText({ ...options, ...result }), ...charts });
  });
  printResult(
    `${count(result.becameCustomers)} of ${count(result.accounts)} earlier non-customers became customers; AUC of the earlier score ${result.auc.value.toFixed(3)} (95% ${result.auc.low.toFixed(3)}–${result.auc.high.toFixed(3)}), top-decile lift ${result.topDecileLift.value.toFixed(1)}×; wrote ${options.out}/`,
  );
}
