/**
 * `readDeals` for tables in DuckDB: the same columns, statuses, amounts, dates and accounts, each distinct stage,
 * amount, date and account cell read by the in-memory code and the answers joined back. The deals become table
 * `deals` (row, account, status, amount, close_date, cycle_days — the in-memory `Deal`s, in their order) and the
 * accounts' `won_deals`, `won_amount` and `open_pipeline` table `deal_totals`.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Warning } from '../core/errors.ts';
import { readMoneyColumn, type CurrencyUse, type FxRates } from '../cleanse/currency.ts';
import { detectDateOrder, parseDates, settleDateOrder } from '../data/dates.ts';
import { sqlIdentifier as id, sqlString } from '../data/duckdb.ts';
import { Frame } from '../data/frame.ts';
import { loadTextTable, sheetOption } from '../data/load.ts';
import {
  dealAccountIds,
  dealColumns,
  dealWarnings,
  parseFlag,
  stageCandidates,
  stageStatus,
  type DealColumns,
  type DealsMapping,
} from '../segment/inputs/deals.ts';
import type { MatchSummary } from '../segment/inputs/account-match.ts';
import { matchAccountsTable } from './account-match-table.ts';
import { currencyTotals } from './currency-totals.ts';
import { createRowsTable, distinctTuples, forEachRow, type RowsValue } from './table-rows.ts';

/** What {@link readDealsTable} returns (as `readDeals`, the deals and totals being tables). */
export interface DealsTable {
  currencies: CurrencyUse[];
  related: number;
  rows: number;
  matched: number;
  matches: MatchSummary;
  warnings: Warning[];
}

const RAW = 'raw_deals';
const col = (name: string) => `r.${id(name)}`;

/** The deal columns of the file (the stage: the first candidate whose distinct values read as won). */
async function columnsOf(
  connection: DuckDBConnection,
  file: string,
  headers: readonly string[],
  mapping: DealsMapping,
): Promise<DealColumns> {
  const frame = Frame.fromColumns(Object.fromEntries(headers.map((h) => [h, [] as string[]])));
  const won = new Set<string>();
  for (const column of stageCandidates(frame))
    await forEachRow(connection, `SELECT DISTINCT ${id(column)} FROM ${RAW}`, ([v]) => {
      if (v !== null && stageStatus(String(v)) === 'won') won.add(column);
    });
  return dealColumns(frame, file, mapping, (c) => won.has(c));
}

/** Table `deal_amounts` (amount text, currency text → value) by `readMoneyColumn` over the distinct pairs. */
async function amounts(
  connection: DuckDBConnection,
  c: DealColumns,
  context: { file: string; fx: FxRates; mapping: DealsMapping },
): Promise<CurrencyUse[]> {
  await connection.run('CREATE TABLE deal_amounts (amount VARCHAR, currency VARCHAR, value DOUBLE)');
  if (c.amount === null) return [];
  const pairs: (string | null)[][] = [];
  const counts: number[] = [];
  const rows: number[] = [];
  await distinctTuples(
    connection,
    RAW,
    [col(c.amount), c.currency === null ? 'NULL' : col(c.currency)],
    (values, count, first) => {
      pairs.push(values);
      counts.push(count);
      rows.push(first);
    },
  );
  const money = readMoneyColumn(
    pairs.map((p) => p[0] ?? null),
    {
      file: context.file,
      column: c.amount,
      fx: context.fx,
      ...(c.currency === null
        ? {}
        : { currencies: { column: c.currency, values: pairs.map((p) => p[1] ?? null) } }),
      currency: context.mapping.currency ?? null,
      option: 'mapping.opportunities.currency',
    },
    { counts, rows },
  );
  const table = await createRowsTable(connection, 'deal_amounts_read', [
    { name: 'amount', type: 'VARCHAR' },
    { name: 'currency', type: 'VARCHAR' },
    { name: 'value', type: 'DOUBLE' },
    { name: 'code', type: 'VARCHAR' },
    { name: 'original', type: 'DOUBLE' },
  ]);
  try {
    pairs.forEach((p, i) =>
      table.append([
        p[0] ?? null,
        p[1] ?? null,
        money.values[i] as number,
        money.read.currency[i] ?? null,
        money.read.amount[i] as number,
      ]),
    );
  } finally {
    table.close();
  }
  await connection.run('DROP TABLE deal_amounts; ALTER TABLE deal_amounts_read RENAME TO deal_amounts');
  const amount = col(c.amount);
  const currency = c.currency === null ? 'NULL' : col(c.currency);
  return currencyTotals(
    connection,
    `SELECT r.rowid AS row, m.code, m.original, m.value FROM ${RAW} AS r JOIN deal_amounts AS m ON m.amount IS NOT DISTINCT FROM ${amount} AND m.currency IS NOT DISTINCT FROM ${currency} WHERE m.code IS NOT NULL`,
    money.currencies,
  );
}

/** Table `deal_dates` (text → epoch ms) of the created and closed columns, in the order they settle together. */
async function dates(connection: DuckDBConnection, c: DealColumns, file: string, mapping: DealsMapping) {
  const columns = [c.created, c.closed].filter((x): x is string => x !== null);
  const read = new Map<string, { values: (string | null)[]; rows: number[] }>();
  for (const column of columns) {
    const entry = { values: [] as (string | null)[], rows: [] as number[] };
    await distinctTuples(connection, RAW, [col(column)], ([v], _n, first) => {
      entry.values.push(v ?? null);
      entry.rows.push(first);
    });
    read.set(column, entry);
  }
  for (const column of columns) {
    const { values, rows } = read.get(column) as { values: (string | null)[]; rows: number[] };
    detectDateOrder(values, { file, column }, rows); // both orders in one column: the error names its rows
  }
  const order = settleDateOrder(
    columns.map((column) => ({ column, values: read.get(column)?.values ?? [] })),
    mapping.dateOrder ?? 'auto',
    file,
  );
  const table = await createRowsTable(connection, 'deal_dates', [
    { name: 'col', type: 'VARCHAR' },
    { name: 'raw', type: 'VARCHAR' },
    { name: 'value', type: 'DOUBLE' },
  ]);
  try {
    for (const column of columns) {
      const { values } = read.get(column) as { values: (string | null)[] };
      const where = { file, column, option: 'mapping.opportunities.dateOrder' };
      const parsed = parseDates(values, order, where);
      values.forEach((v, i) => v !== null && table.append([column, v, parsed[i] as number]));
    }
  } finally {
    table.close();
  }
}

/** Table `deal_statuses` (stage, is-won, is-closed texts → status, closed) by the in-memory rules. */
async function statuses(connection: DuckDBConnection, c: DealColumns, file: string, mapping: DealsMapping) {
  const table = await createRowsTable(connection, 'deal_statuses', [
    { name: 'stage', type: 'VARCHAR' },
    { name: 'is_won', type: 'VARCHAR' },
    { name: 'is_closed', type: 'VARCHAR' },
    { name: 'status', type: 'VARCHAR' },
    { name: 'closed', type: 'BIGINT' },
  ]);
  const maybe = (column: string | null) => (column === null ? 'NULL' : col(column));
  try {
    await distinctTuples(
      connection,
      RAW,
      [maybe(c.stage), maybe(c.isWon), maybe(c.isClosed)],
      ([stage, isWon, isClosed], _n, row) => {
        const flag = (value: string | null, column: string | null) =>
          column === null ? null : parseFlag(value ?? null, { file, row, column });
        const fromStage = stageStatus(stage ?? null, mapping);
        const won = flag(isWon ?? null, c.isWon) ?? fromStage === 'won';
        const closed = flag(isClosed ?? null, c.isClosed) ?? (won || fromStage !== 'open');
        const status = won ? 'won' : closed ? 'lost' : 'open';
        table.append([stage ?? null, isWon ?? null, isClosed ?? null, status, closed ? 1 : 0]);
      },
    );
  } finally {
    table.close();
  }
}

/** Table `deal_ids` (account cell → its listed ids joined by a unit separator, and the first). */
async function listedIds(connection: DuckDBConnection, c: DealColumns, mapping: DealsMapping) {
  const table = await createRowsTable(connection, 'deal_ids', [
    { name: 'cell', type: 'VARCHAR' },
    { name: 'first', type: 'VARCHAR' },
    { name: 'listed', type: 'VARCHAR' },
    { name: 'n', type: 'BIGINT' },
  ]);
  try {
    if (c.accountId !== null)
      await forEachRow(
        connection,
        `SELECT DISTINCT ${id(c.accountId)} FROM ${RAW} WHERE ${id(c.accountId)} IS NOT NULL`,
        ([v]) => {
          const ids = dealAccountIds(String(v), mapping.accountSeparator);
          table.append([String(v), ids[0] ?? null, ids.join('\u001f'), ids.length] as RowsValue[]);
        },
      );
  } finally {
    table.close();
  }
}

/** The deals' accounts: table `deal_accounts` (row, k, account) — the buyer first, then related companies. */
async function dealAccounts(connection: DuckDBConnection, c: DealColumns): Promise<MatchSummary> {
  const cell = c.accountId === null ? 'NULL' : col(c.accountId);
  const name = c.accountName === null ? 'NULL' : col(c.accountName);
  const matches = await matchAccountsTable(
    connection,
    `SELECT r.rowid, i.first, NULL, ${name} FROM ${RAW} AS r LEFT JOIN deal_ids AS i ON ${cell} = i.cell`,
    'deal_match',
  );
  // A cell listing several ids: each id found by id alone, the accounts kept once each in their order.
  const listed = `SELECT r.rowid AS row, ids.k, ids.ref FROM ${RAW} AS r JOIN deal_ids AS i ON ${cell} = i.cell,
      LATERAL (SELECT ordinality AS k, unnest AS ref FROM unnest(string_split(i.listed, '\u001f')) WITH ORDINALITY) AS ids
    WHERE i.n > 1`;
  await matchAccountsTable(
    connection,
    `SELECT row * 1000 + k, ref, NULL, NULL FROM (${listed})`,
    'deal_listed',
  );
  await connection.run(
    `CREATE TABLE deal_accounts AS
      SELECT m.row, 1 AS k, m.account FROM deal_match AS m JOIN ${RAW} AS r ON r.rowid = m.row
        LEFT JOIN deal_ids AS i ON ${cell} = i.cell
        WHERE COALESCE(i.n, 0) <= 1 AND m.account >= 0
      UNION ALL
      SELECT row, ROW_NUMBER() OVER (PARTITION BY row ORDER BY k) AS k, account FROM (
        SELECT row // 1000 AS row, MIN(row % 1000) AS k, account FROM deal_listed WHERE account >= 0
        GROUP BY row // 1000, account)`,
  );
  return matches;
}

/**
 * Reads the deals file into tables `deals` and `deal_totals` (see the module), its accounts matched against table
 * `accounts` through the lookup tables of `accountIndexTables`.
 *
 * @example
 * const read = await readDealsTable(connection, 'opportunities.csv', mapping.opportunities, money);
 */
export async function readDealsTable(
  connection: DuckDBConnection,
  file: string,
  mapping: DealsMapping,
  fx: FxRates,
): Promise<DealsTable> {
  const loaded = await loadTextTable(connection, file, RAW, sheetOption(mapping.sheet));
  const c = await columnsOf(connection, file, loaded.columns, mapping);
  const currencies = await amounts(connection, c, { file, fx, mapping });
  await dates(connection, c, file, mapping);
  await statuses(connection, c, file, mapping);
  await listedIds(connection, c, mapping);
  const matches = await dealAccounts(connection, c);
  await dealsTable(connection, c, mapping);
  const [[matched, shared, related]] = (
    await connection.runAndReadAll(
      `SELECT COUNT(DISTINCT row), COUNT(DISTINCT row) FILTER (WHERE k > 1), COUNT(*) FILTER (WHERE k > 1) FROM deal_accounts`,
    )
  ).getRows() as [[bigint, bigint, bigint]];
  const split = mapping.multiCompany === 'split';
  const read = { rows: loaded.rows, matched: Number(matched) };
  const warnings = [
    ...loaded.warnings,
    ...dealWarnings(file, read, { shared: Number(shared), split, matches }, c.created, c.closed),
  ];
  await connection.run(
    `DROP TABLE ${RAW}; DROP TABLE deal_amounts; DROP TABLE deal_dates; DROP TABLE deal_statuses; DROP TABLE deal_ids; DROP TABLE deal_match; DROP TABLE deal_listed`,
  );
  return { currencies, related: split ? 0 : Number(related), ...read, matches, warnings };
}

/** Tables `deals` (one row per deal and buyer) and `deal_totals` (per account, sums in deal order). */
async function dealsTable(connection: DuckDBConnection, c: DealColumns, mapping: DealsMapping) {
  const value = (column: string | null, alias: string) =>
    column === null
      ? `NULL::DOUBLE AS ${alias}`
      : `(SELECT value FROM deal_dates WHERE col = ${sqlString(column)} AND raw = ${col(column)}) AS ${alias}`;
  const maybe = (column: string | null) => (column === null ? 'NULL' : col(column));
  const split = mapping.multiCompany === 'split';
  const buyers = split ? 'a.k >= 1' : 'a.k = 1';
  const share = split ? `COUNT(*) OVER (PARTITION BY a.row)` : '1';
  await connection.run(
    `CREATE TABLE deals AS SELECT a.row, a.account, s.status,
        COALESCE(CASE WHEN isnan(m.value) THEN NULL ELSE m.value END, 0) / ${share} AS amount,
        d.close_date,
        CASE WHEN s.closed = 1 THEN floor((d.close_date - d.created_date) / 86400000 + 0.5) END AS cycle_days
      FROM deal_accounts AS a
      JOIN (SELECT r.rowid AS row, ${value(c.created, 'created_date')}, ${value(c.closed, 'close_date')},
              ${maybe(c.amount)} AS amount_text, ${maybe(c.currency)} AS currency_text,
              ${maybe(c.stage)} AS stage, ${maybe(c.isWon)} AS is_won, ${maybe(c.isClosed)} AS is_closed
            FROM ${RAW} AS r) AS d ON d.row = a.row
      JOIN deal_statuses AS s ON s.stage IS NOT DISTINCT FROM d.stage AND s.is_won IS NOT DISTINCT FROM d.is_won
        AND s.is_closed IS NOT DISTINCT FROM d.is_closed
      LEFT JOIN deal_amounts AS m ON m.amount IS NOT DISTINCT FROM d.amount_text
        AND m.currency IS NOT DISTINCT FROM d.currency_text
      WHERE ${buyers}
      ORDER BY a.row, a.k;
    CREATE TABLE deal_totals AS SELECT account,
        COUNT(*) FILTER (WHERE status = 'won')::DOUBLE AS won_deals,
        COALESCE(SUM(amount ORDER BY row) FILTER (WHERE status = 'won'), 0) AS won_amount,
        COALESCE(SUM(amount ORDER BY row) FILTER (WHERE status = 'open'), 0) AS open_pipeline
      FROM deals GROUP BY account`,
  );
}
