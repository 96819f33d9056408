/** `segment clean <in> --out <file> [--report <dq.json>]`: cleanse an account file. */
import type { Command } from 'commander';
import { cleanseAccounts } from '../../cleanse/cleanse.ts';
import { DataError, UsageError } from '../../core/errors.ts';
import { writeFilesAtomically, type PendingFile } from '../../data/atomic-write.ts';
import { frameToCsv } from '../../data/csv-format.ts';
import { loadTable } from '../../data/load.ts';
import { count, printResult, printWarnings } from '../output.ts';

interface CleanOptions {
  out: string;
  report?: string;
  sheet?: string;
}

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
    .action(async (input: string, options: CleanOptions) => {
      if (options.report !== undefined && options.report === options.out) {
        throw new UsageError('clean: --report and --out must be different files');
      }
      const loaded = await loadTable(input, {
        allText: true,
        ...(options.sheet ? { sheet: options.sheet } : {}),
      });
      if (loaded.frame.numRows === 0)
        throw new DataError('the file has a header but no data rows', { file: input });
      const result = cleanseAccounts(loaded.frame, { file: input });
      const files: PendingFile[] = [{ path: options.out, content: frameToCsv(result.frame) }];
      if (options.report !== undefined) {
        files.push({ path: options.report, content: `${JSON.stringify(result.report, null, 2)}\n` });
      }
      await writeFilesAtomically(files);
      printWarnings([...loaded.warnings, ...result.warnings]);
      const r = result.report;
      const unreadable = Object.values(r.columns).reduce((sum, c) => sum + c.invalid, 0);
      const details = [`${count(r.duplicates.records_merged)} duplicates merged`];
      if (unreadable > 0) {
        const where = options.report ? 'listed in the report' : 'add --report to list them';
        details.push(`${count(unreadable)} unreadable values left empty, ${where}`);
      }
      const written = files.map((f) => f.path).join(', ');
      printResult(
        `cleaned ${count(r.rows_in)} rows into ${count(r.rows_out)} accounts (${details.join('; ')}); wrote ${written}`,
      );
    });
}
