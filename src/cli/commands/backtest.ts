/** `segment backtest --previous <run> --current <run> --out <dir>`: did the earlier scores predict the later wins? */
import type { Command } from 'commander';
import type { BacktestOptions } from '../actions/backtest.ts';

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
    .action(async (options: BacktestOptions) =>
      (await import('../actions/backtest.ts')).runBacktest(options),
    );
}
