/** The work of `segment clean`: cleanse an account file. */
import { cleanseAccounts } from '../../cleanse/cleanse.ts';
import { DataError, UsageError } from '../../core/errors.ts';
import { writeFilesAtomically, type PendingFile } from '../../data/atomic-write.ts';
import { frameToCsv } from '../../data/csv-format.ts';
import { loadTable } from '../../data/load.ts';
import { count, printResult, printWarnings } from '../output.ts';

/** The options of `segment clean`. */
export interface CleanOptions {
  out: string;
  report?: string;
  sheet?: string;
}

/**
 * Runs `segment clean`.
 *
 * @example
 * await runClean('accounts.csv', { out: 'clean.csv', report: 'dq.json' });
 */
export async function runClean(input: string, options: CleanOptions): Promise<void> {
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
}
