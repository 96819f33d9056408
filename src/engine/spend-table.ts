/**
 * `readSpendLines` and `spendInWindow` for tables in DuckDB: the same columns, amounts, currencies, dates, excluded
 * line types and accounts — each distinct amount, date and line type read by the in-memory code — into table
 * `spend_lines` (row, account, amount, date: the in-memory lines in their order), and the window's spend and the
 * lifetime average per account into table `spend_totals`, summed line by line in file order.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DataError, UsageError, type Warning } from '../core/errors.ts';
import { readMoneyColumn, type CurrencyUse, type FxRates } from '../cleanse/currency.ts';
import { detectDateOrder, parseDates } from '../data/dates.ts';
import { sqlIdentifier as id, sqlString } from '../data/duckdb.ts';
import { Frame } from '../data/frame.ts';
import { loadTextTable, sheetOption } from '../data/load.ts';
import { headerKey } from '../data/schema.ts';
import type { MatchSummary } from '../segment/inputs/account-match.ts';
import {
  DEFAULT_EXCLUDED_LINE_TYPES,
  monthsBefore,
  spendColumns,
  spendWarningsOf,
  type SpendLines,
  type SpendMapping,
} from '../segment/inputs/spend.ts';
import { matchAccountsTable } from './account-match-table.ts';
import { currencyTotals } from './currency-totals.ts';
import { createRowsTable, distinctTuples } from './table-rows.ts';

/** What {@link readSpendTable} returns (as `readSpendLines`, the lines being table `spend_lines`). */
export interface SpendTable {
  file: string;
  dated: boolean;
  rows: number;
  matches: MatchSummary;
  currencies: CurrencyUse[];
  excluded: SpendLines['excluded'];
  /** Lines kept (not excluded, with an amount). */
  lines: number;
  warnings: Warning[];
}

const RAW = 'raw_spend';
const col = (name: string | null) => (name === null ? 'NULL' : `r.${id(name)}`);
const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

async function scalar(connection: DuckDBConnection, sql: string): Promise<number> {
  const [[value]] = (await connection.runAndReadAll(sql)).getRows() as [[unknown]];
  return value === null ? Number.NaN : Number(value);
}

/** Table `spend_amounts` (amount, currency, rate texts → value, code, original) by `readMoneyColumn`. */
async function amounts(
  connection: DuckDBConnection,
  c: ReturnType<typeof spendColumns>,
  context: { file: string; fx: FxRates; mapping: SpendMapping },
): Promise<CurrencyUse[]> {
  const tuples: (string | null)[][] = [];
  const counts: number[] = [];
  const rows: number[] = [];
  await distinctTuples(connection, RAW, [col(c.spend), col(c.currency), col(c.rate)], (values, n, first) => {
    tuples.push(values);
    counts.push(n);
    rows.push(first);
  });
  const pick = (j: number) => tuples.map((t) => t[j] ?? null);
  const money = readMoneyColumn(
    pick(0),
    {
      file: context.file,
      column: c.spend,
      fx: context.fx,
      ...(c.currency === null ? {} : { currencies: { column: c.currency, values: pick(1) } }),
      ...(c.rate === null ? {} : { rates: { column: c.rate, values: pick(2) } }),
      currency: context.mapping.currency ?? null,
      option: 'mapping.spend.currency',
    },
    { counts, rows },
  );
  const table = await createRowsTable(connection, 'spend_amounts', [
    ...['amount', 'currency', 'rate'].map((name) => ({ name, type: 'VARCHAR' as const })),
    { name: 'value', type: 'DOUBLE' },
    { name: 'code', type: 'VARCHAR' },
    { name: 'original', type: 'DOUBLE' },
  ]);
  try {
    tuples.forEach((t, i) =>
      table.append([
        ...t,
        money.values[i] as number,
        money.read.currency[i] ?? null,
        money.read.amount[i] as number,
      ]),
    );
  } finally {
    table.close();
  }
  return money.currencies;
}

/** Table `spend_dates` (text → epoch ms) of the date column, read as `parseDates` reads the whole column. */
async function dates(connection: DuckDBConnection, column: string, file: string, mapping: SpendMapping) {
  const values: (string | null)[] = [];
  const rows: number[] = [];
  await distinctTuples(connection, RAW, [col(column)], ([v], _n, first) => {
    values.push(v ?? null);
    rows.push(first);
  });
  const where = { file, column, option: 'mapping.spend.dateOrder' };
  if ((mapping.dateOrder ?? 'auto') === 'auto') detectDateOrder(values, where, rows); // the rows of a mixed column
  const parsed = parseDates(values, mapping.dateOrder ?? 'auto', where);
  const table = await createRowsTable(connection, 'spend_dates', [
    { name: 'raw', type: 'VARCHAR' },
    { name: 'value', type: 'DOUBLE' },
  ]);
  try {
    values.forEach((v, i) => v !== null && table.append([v, parsed[i] as number]));
  } finally {
    table.close();
  }
}

/** Table `spend_types` (line type text → excluded) by the in-memory rule (the type contains an excluded word). */
async function lineTypes(connection: DuckDBConnection, column: string | null, mapping: SpendMapping) {
  const excludedTypes = (mapping.excludeLineTypes ?? DEFAULT_EXCLUDED_LINE_TYPES).map(headerKey);
  const table = await createRowsTable(connection, 'spend_types', [
    { name: 'raw', type: 'VARCHAR' },
    { name: 'excluded', type: 'BIGINT' },
  ]);
  try {
    if (column !== null)
      await distinctTuples(connection, RAW, [col(column)], ([v]) => {
        const type = headerKey(v ?? '');
        const excluded = type !== '' && excludedTypes.some((t) => t !== '' && type.includes(t));
        if (v !== null && v !== undefined) table.append([v, excluded ? 1 : 0]);
      });
  } finally {
    table.close();
  }
  return column === null
    ? ''
    : `lines whose "${column}" contains ${excludedTypes.map((t) => `"${t}"`).join(', ')} (mapping.spend.excludeLineTypes)`;
}

/**
 * Reads a spend file (invoice lines or a snapshot) into table `spend_lines`, its accounts matched through the lookup
 * tables of `accountIndexTables`.
 *
 * @example
 * const read = await readSpendTable(connection, 'invoice-lines.csv', money, mapping.spend);
 */
export async function readSpendTable(
  connection: DuckDBConnection,
  file: string,
  fx: FxRates,
  mapping: SpendMapping,
): Promise<SpendTable> {
  const loaded = await loadTextTable(connection, file, RAW, sheetOption(mapping.sheet));
  const frame = Frame.fromColumns(Object.fromEntries(loaded.columns.map((h) => [h, [] as string[]])));
  const c = spendColumns(frame, file, mapping);
  if (c.product !== null)
    throw new UsageError(
      `--engine duckdb does not split spend by product line yet; remove mapping.spend.columns.product or run the study in memory`,
    );
  const uses = await amounts(connection, c, { file, fx, mapping });
  const matches = await matchAccountsTable(
    connection,
    `SELECT r.rowid, ${col(c.accountId)}, ${col(c.domain)}, ${col(c.name)} FROM ${RAW} AS r`,
    'spend_match',
  );
  if (c.date !== null) await dates(connection, c.date, file, mapping);
  const rule = await lineTypes(connection, c.lineType, mapping);
  const date =
    c.date === null ? 'NULL::DOUBLE' : `(SELECT value FROM spend_dates WHERE raw = ${col(c.date)})`;
  const type =
    c.lineType === null
      ? '0'
      : `COALESCE((SELECT excluded FROM spend_types WHERE raw = ${col(c.lineType)}), 0)`;
  await connection.run(
    `CREATE TABLE spend_rows AS SELECT r.rowid AS row, m.account, a.value AS amount, a.code, a.original, ${date} AS date, ${type} AS excluded
      FROM ${RAW} AS r JOIN spend_match AS m ON m.row = r.rowid
      JOIN spend_amounts AS a ON a.amount IS NOT DISTINCT FROM ${col(c.spend)} AND a.currency IS NOT DISTINCT FROM ${col(c.currency)}
        AND a.rate IS NOT DISTINCT FROM ${col(c.rate)}
      ORDER BY r.rowid`,
  );
  if (c.date !== null) {
    const row = await scalar(
      connection,
      'SELECT MIN(row) FROM spend_rows WHERE NOT isnan(amount) AND excluded = 0 AND (date IS NULL OR isnan(date))',
    );
    if (!Number.isNaN(row))
      throw new DataError('the line has no date; every invoice line needs its date', {
        file,
        row: row + 1,
        column: c.date,
      });
  }
  await connection.run(
    'CREATE TABLE spend_lines AS SELECT row, account, amount, date FROM spend_rows WHERE NOT isnan(amount) AND excluded = 0 ORDER BY row',
  );
  const excluded = {
    rows: await scalar(
      connection,
      'SELECT COUNT(*) FROM spend_rows WHERE NOT isnan(amount) AND excluded = 1',
    ),
    amount: await scalar(
      connection,
      'SELECT COALESCE(SUM(amount ORDER BY row), 0) FROM spend_rows WHERE NOT isnan(amount) AND excluded = 1',
    ),
    rule,
  };
  const currencies = await currencyTotals(
    connection,
    'SELECT row, code, original, amount AS value FROM spend_rows WHERE code IS NOT NULL',
    uses,
  );
  const lines = await scalar(connection, 'SELECT COUNT(*) FROM spend_lines');
  await connection.run(
    `DROP TABLE ${RAW}; DROP TABLE spend_rows; DROP TABLE spend_amounts; DROP TABLE spend_types; DROP TABLE spend_match${c.date === null ? '' : '; DROP TABLE spend_dates'}`,
  );
  return {
    file,
    dated: c.date !== null,
    rows: loaded.rows,
    matches,
    currencies,
    excluded,
    lines,
    warnings: loaded.warnings,
  };
}

/**
 * The latest line date not after `today` (NaN when none), as `latestLineDate`.
 *
 * @example
 * await latestLineDateTable(connection, Date.now());
 */
export async function latestLineDateTable(connection: DuckDBConnection, today: number): Promise<number> {
  return scalar(connection, `SELECT MAX(date) FROM spend_lines WHERE date <= ${today}`);
}

/**
 * `spendInWindow` over table `spend_lines`: table `spend_totals` (account, spend — the window's, a negative net as
 * 0 —, lifetime_average — per year over the history, NULL without lines) and what the in-memory one reports.
 *
 * @example
 * const { window, warnings } = await spendInWindowTable(connection, read, asOf, 12);
 */
export async function spendInWindowTable(
  connection: DuckDBConnection,
  read: SpendTable,
  asOf: number,
  months = 12,
): Promise<{
  rows: number;
  matched: number;
  warnings: Warning[];
  window: { from: string; to: string } | null;
}> {
  const from = monthsBefore(asOf, months);
  const inWindow = !read.dated
    ? 'true'
    : Number.isNaN(asOf)
      ? 'false'
      : `(date > ${from} AND date <= ${asOf})`;
  // DuckDB orders NaN above every number, JavaScript compares nothing to it: no date is "not after" NaN.
  const notAfterAsOf = Number.isNaN(asOf) ? 'false' : `date <= ${asOf}`;
  const first = read.dated
    ? await scalar(connection, `SELECT MIN(date) FROM spend_lines WHERE ${notAfterAsOf}`)
    : Number.NaN;
  const years = Math.max(1, (asOf - (Number.isNaN(first) ? Infinity : first)) / (365.25 * DAY));
  const lifetime = read.dated
    ? `SUM(amount / ${sqlNumberOf(years)} ORDER BY row) FILTER (WHERE ${Number.isNaN(asOf) ? 'true' : notAfterAsOf})`
    : 'NULL::DOUBLE';
  await connection.run(
    `CREATE TABLE spend_totals_raw AS SELECT account,
        COALESCE(SUM(amount ORDER BY row) FILTER (WHERE ${inWindow}), 0) AS spend,
        ${lifetime} AS lifetime_average
      FROM spend_lines WHERE account >= 0 GROUP BY account`,
  );
  const warnings = spendWarningsOf({
    matches: read.matches,
    unmatchedAmount: await scalar(
      connection,
      `SELECT COALESCE(SUM(amount ORDER BY row), 0) FROM spend_lines WHERE account < 0 AND ${inWindow}`,
    ),
    excluded: read.excluded,
    dated: read.dated,
    lines: read.lines,
    used: await scalar(connection, `SELECT COUNT(*) FROM spend_lines WHERE ${inWindow}`),
    negative: await scalar(connection, 'SELECT COUNT(*) FROM spend_totals_raw WHERE spend < 0'),
  });
  await connection.run(
    'CREATE TABLE spend_totals AS SELECT account, GREATEST(spend, 0) AS spend, lifetime_average FROM spend_totals_raw; DROP TABLE spend_totals_raw',
  );
  const m = read.matches.byMethod;
  return {
    rows: read.rows,
    matched: m.id + m.domain + m.name,
    warnings: [...read.warnings, ...warnings],
    window: read.dated ? { from: isoDay(from + DAY), to: isoDay(asOf) } : null,
  };
}

/** A number in SQL (NaN and infinities as DuckDB writes them, quoted doubles). */
function sqlNumberOf(value: number): string {
  return Number.isFinite(value) ? String(value) : `${sqlString(String(value))}::DOUBLE`;
}
