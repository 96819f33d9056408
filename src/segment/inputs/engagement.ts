/**
 * Engagement signals per account (web visits, downloads, intent …): every numeric column of the file, the
 * highest value per account; an account without a row has no activity (0).
 */
import type { Warning } from '../../core/errors.ts';
import type { ColumnInput, Frame } from '../../data/frame.ts';
import { inferNumericColumns, loadTable } from '../../data/load.ts';
import { requireHeader } from '../../data/schema.ts';
import { categoricalValues } from '../../models/design.ts';
import { rowsOf, type AccountKeys } from './account-keys.ts';
import { ID_HEADERS } from './spend.ts';

/**
 * Reads an engagement file into one column per numeric signal (skipping names the accounts already have).
 *
 * @example
 * const { columns } = await readEngagement('engagement.csv', keys, accounts);
 */
export async function readEngagement(
  file: string,
  keys: AccountKeys,
  accounts: Frame,
  mapping: { columns?: { accountId?: string } } = {},
): Promise<{ columns: Record<string, ColumnInput>; rows: number; matched: number; warnings: Warning[] }> {
  const { frame, warnings } = await loadTable(file, { allText: true });
  const idColumn = requireHeader(frame, {
    candidates: ID_HEADERS,
    what: 'account id',
    file,
    explicit: mapping.columns?.accountId ?? null,
    option: 'engagement.columns.accountId',
  });
  const e = inferNumericColumns(frame, new Set([idColumn])); // ids stay text: 19-digit ids keep every digit
  const rows = rowsOf(keys, categoricalValues(e, idColumn));
  const columns: Record<string, ColumnInput> = {};
  for (const column of e.columnNames.filter(
    (c) => c !== idColumn && e.column(c).kind === 'number' && !accounts.has(c),
  )) {
    const values = e.numbers(column);
    const joined = new Float64Array(accounts.numRows); // no row = no activity = 0
    rows.forEach((r, i) => {
      if (r >= 0 && !Number.isNaN(values[i] as number))
        joined[r] = Math.max(joined[r] as number, values[i] as number);
    });
    columns[column] = joined;
  }
  return { columns, rows: e.numRows, matched: rows.filter((r) => r >= 0).length, warnings };
}
