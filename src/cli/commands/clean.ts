/** `segment clean <in> --out <file> [--report <dq.json>]`: cleanse an account file. */
import type { Command } from 'commander';
import type { CleanOptions } from '../actions/clean.ts';

/** Registers the `clean` command. */
export function registerClean(program: Command): void {
  program
    .command('clean')
    .summary('cleanse an account file: canonical columns, normalized values, duplicates merged')
    .description(
      [
        'Cleanse a CRM or firmographic account file (CSV, Parquet or .xlsx).',
        '',
        'Maps headers (Salesforce Account exports and common variants) to the canonical columns',
        'account_id, name, domain, industry, country, region, employees, annual_revenue; normalizes',
        'domains, ISO country codes, NAICS-sector industries, employee counts ("1,200", "1k") and revenue',
        '("$12.5M"); merges duplicates (same domain, else same name + country) keeping the most complete',
        'values; passes other columns through and lists merged ids in merged_ids. Unreadable values are',
        'reported and left empty, never guessed.',
      ].join('\n'),
    )
    .argument('<in>', 'the account file to cleanse')
    .requiredOption('--out <file>', 'where to write the cleansed CSV')
    .option('--report <file>', 'also write the data-quality report (JSON)')
    .option('--sheet <name>', 'worksheet to read from an .xlsx file (default: the first)')
    .addHelpText(
      'after',
      '\nExample:\n  segment clean data/sample/2026-05/accounts.csv --out clean.csv --report dq.json',
    )
    .action(async (input: string, options: CleanOptions) =>
      (await import('../actions/clean.ts')).runClean(input, options),
    );
}
