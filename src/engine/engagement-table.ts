/**
 * `readEngagement` for tables in DuckDB: the same reference columns and signals (the columns whose every value reads
 * as a number, `parseNumberText` on each distinct value), each account's largest value per signal (0 without a row),
 * whether it has a row, and the days since its last activity — into table `engagement_totals`.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { warning, type Warning } from '../core/errors.ts';
import { detectDateOrder, parseDates, settleDateOrder } from '../data/dates.ts';
import { sqlIdentifier as id } from '../data/duckdb.ts';
import { Frame } from '../data/frame.ts';
import { loadTextTable, sheetOption } from '../data/load.ts';
import { parseNumberText } from '../data/number-text.ts';
import { findHeader } from '../data/schema.ts';
import { describeMatches } from '../segment/inputs/account-match.ts';
import { LAST_ACTIVITY_HEADERS, referenceColumns } from '../segment/inputs/engagement.ts';
import { matchAccountsTable } from './account-match-table.ts';
import { assertNoCaseTwins } from './case-twins.ts';
import { createRowsTable, distinctTuples, forEachRow } from './table-rows.ts';

/** What {@link readEngagementTable} returns (the joined columns being table `engagement_totals`). */
export interface EngagementTable {
  signals: string[];
  rows: number;
  matched: number;
  warnings: Warning[];
}

const RAW = 'raw_engagement';
const col = (name: string | null) => (name === null ? 'NULL' : `r.${id(name)}`);

/** Whether every present value of a column reads as a number (and one is present), with table `engagement_n<k>`. */
async function numericColumn(connection: DuckDBConnection, column: string, k: number): Promise<boolean> {
  const table = `engagement_n${k}`;
  const numbers = await createRowsTable(connection, table, [
    { name: 'raw', type: 'VARCHAR' },
    { name: 'value', type: 'DOUBLE' },
  ]);
  let [present, numeric] = [0, true];
  try {
    await forEachRow(connection, `SELECT DISTINCT ${id(column)} FROM ${RAW}`, ([v]) => {
      if (v === null || String(v).trim() === '') return;
      const value = parseNumberText(String(v));
      present++;
      if (Number.isNaN(value)) numeric = false;
      else numbers.append([String(v), value]);
    });
  } finally {
    numbers.close();
  }
  if (!(numeric && present > 0)) await connection.run(`DROP TABLE ${id(table)}`);
  return numeric && present > 0;
}

/** The date (epoch ms) of each row's last activity, as a SELECT over the raw rows, or null without the column. */
async function lastActivity(
  connection: DuckDBConnection,
  frame: Frame,
  file: string,
): Promise<string | null> {
  const column = findHeader(frame, LAST_ACTIVITY_HEADERS);
  if (column === null) return null;
  const values: (string | null)[] = [];
  const rows: number[] = [];
  await distinctTuples(connection, RAW, [col(column)], ([v], _n, first) => {
    values.push(v ?? null);
    rows.push(first);
  });
  detectDateOrder(values, { file, column }, rows); // a mixed column: the error names its rows
  const order = settleDateOrder([{ column, values }], 'auto', file);
  const times = parseDates(values, order, { file, column, option: 'a date format the values settle' });
  const table = await createRowsTable(connection, 'engagement_dates', [
    { name: 'raw', type: 'VARCHAR' },
    { name: 'value', type: 'DOUBLE' },
  ]);
  try {
    values.forEach((v, i) => v !== null && table.append([v, times[i] as number]));
  } finally {
    table.close();
  }
  return `(SELECT value FROM engagement_dates WHERE raw = ${col(column)})`;
}

/**
 * Reads the engagement file into table `engagement_totals` (account, one column per signal, present, recency_days),
 * its rows matched through the lookup tables of `accountIndexTables`; `accountColumns` are the universe's columns so
 * far (an engagement column of the same name is not a signal).
 *
 * @example
 * const { signals } = await readEngagementTable(connection, 'engagement.csv', new Set(['account_id', …]), {});
 */
export async function readEngagementTable(
  connection: DuckDBConnection,
  file: string,
  accountColumns: ReadonlySet<string>,
  mapping: {
    columns?: { accountId?: string; domain?: string; name?: string };
    sheet?: string | number | null;
  },
): Promise<EngagementTable> {
  const loaded = await loadTextTable(connection, file, RAW, sheetOption(mapping.sheet));
  const frame = Frame.fromColumns(Object.fromEntries(loaded.columns.map((h) => [h, [] as string[]])));
  const refs = referenceColumns(frame, file, mapping.columns ?? {});
  const isRef = new Set(Object.values(refs).filter((c): c is string => c !== null));
  const signals: string[] = [];
  for (const [k, column] of loaded.columns.entries()) {
    if (isRef.has(column) || !(await numericColumn(connection, column, k))) continue;
    assertNoCaseTwins([...accountColumns], [column], (_account, signal) => ({ file, column: signal }));
    if (accountColumns.has(column)) await connection.run(`DROP TABLE ${id(`engagement_n${k}`)}`);
    else signals.push(column);
  }
  const matches = await matchAccountsTable(
    connection,
    `SELECT r.rowid, ${col(refs.accountId)}, ${col(refs.domain)}, ${col(refs.name)} FROM ${RAW} AS r`,
    'engagement_match',
  );
  const activity = await lastActivity(connection, frame, file);
  const values = signals.map((s) => {
    const table = id(`engagement_n${loaded.columns.indexOf(s)}`);
    return `(SELECT value FROM ${table} WHERE raw = ${col(s)}) AS ${id(s)}`;
  });
  await connection.run(
    `CREATE TABLE engagement_rows AS SELECT m.account${values.map((v) => `, ${v}`).join('')}, ${activity ?? 'NULL::DOUBLE'} AS activity
      FROM ${RAW} AS r JOIN engagement_match AS m ON m.row = r.rowid`,
  );
  const maxima = signals.map(
    (s) => `GREATEST(0, COALESCE(MAX(${id(s)}) FILTER (WHERE NOT isnan(${id(s)})), 0)) AS ${id(s)}`,
  );
  await connection.run(
    `CREATE TABLE engagement_totals AS SELECT account${maxima.map((m) => `, ${m}`).join('')}, 1.0 AS present,
        MIN((latest.t - activity) / 86400000) FILTER (WHERE NOT isnan(activity)) AS recency_days
      FROM engagement_rows, (SELECT MAX(activity) FILTER (WHERE NOT isnan(activity)) AS t FROM engagement_rows) AS latest
      WHERE account >= 0 GROUP BY account`,
  );
  const [[matched]] = (
    await connection.runAndReadAll('SELECT COUNT(*) FROM engagement_rows WHERE account >= 0')
  ).getRows() as [[bigint]];
  const warnings = [...loaded.warnings];
  if (matches.byMethod.name + matches.byMethod.domain > 0)
    warnings.push(warning('engagement-joins', describeMatches(matches, 'engagement rows')));
  const numberTables = signals.map((s) => `; DROP TABLE ${id(`engagement_n${loaded.columns.indexOf(s)}`)}`);
  await connection.run(
    `DROP TABLE ${RAW}; DROP TABLE engagement_rows; DROP TABLE engagement_match${numberTables.join('')}${activity === null ? '' : '; DROP TABLE engagement_dates'}`,
  );
  return { signals, rows: loaded.rows, matched: Number(matched), warnings };
}
