/** `segment backtest --previous <run> --current <run> --out <dir>`: did the earlier scores predict the later wins? */
import type { Command } from 'commander';
import { backtestDecilesSpec } from '../../charts/backtest-deciles.ts';
import { renderCharts } from '../../charts/run-charts.ts';
import { jsonText } from '../../data/json-text.ts';
import { backtest } from '../../segment/backtest.ts';
import { readRunTable, verifyRun, writeRunFiles, writeRunFolder } from '../../study/run-folder.ts';
import { count, printResult } from '../output.ts';

const TEXT = ['account_id', 'tier'];

/** Registers `backtest`. */
export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .summary("measure whether an earlier run's fit scores predicted the later run's new customers and wins")
    .description(
      "Take the earlier run's fit scores and tiers, and the later run's outcomes for the same accounts: which\nnon-customers became customers, new won deals, won amount and open pipeline, per earlier fit decile and tier;\nthe AUC of the earlier score (95% interval) and the lift of the top decile. Writes backtest.json and a chart.",
    )
    .requiredOption('--previous <run-dir>', 'the earlier run folder')
    .requiredOption('--current <run-dir>', 'the later run folder')
    .requiredOption('--out <dir>', 'folder to create (never overwritten)')
    .addHelpText(
      'after',
      '\nExample:\n  segment backtest --previous out/2026-05 --current out/2026-11 --out out/backtest-2026-11',
    )
    .action(async (options: { previous: string; current: string; out: string }) => {
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
    });
}
