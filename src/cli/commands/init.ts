/** `segment init <files…> [--out study.json]`: inspect exports and write a study config that runs as it is. */
import type { Command } from 'commander';

/** Registers `init`. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .summary('inspect your exports and write a study config')
    .description(
      [
        'Say what each file is (accounts, market, deals, spend, engagement) and which system it looks like, how',
        'its columns and deal stages will be read, which customers and features the study will use, and write a',
        'complete study config. What cannot be decided is printed as a question, never guessed.',
      ].join('\n'),
    )
    .argument('<files...>', 'CRM and enrichment exports (CSV, Parquet, .xlsx)')
    .option('--out <file>', 'the study config to write', 'study.json')
    .addHelpText('after', '\nExample:\n  segment init companies.csv deals.csv zoominfo.csv --out study.json')
    .action(async (files: string[], options: { out: string }) =>
      (await import('../actions/init.ts')).runInit(files, options),
    );
}
