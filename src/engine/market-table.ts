/**
 * `joinMarket` for tables in DuckDB: the vendor's market file cleansed as the accounts are (`cleanseAccountsTable`),
 * joined on the normalized domain (its first row per domain), the CRM's firmographics first and the vendor filling
 * their blanks (or the vendor first), and the vendor's other columns added — numbers where every joined value reads
 * as one (`parseNumberText` on each distinct value), text otherwise and always for ids and codes.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Warning } from '../core/errors.ts';
import { CANONICAL_COLUMNS, type CanonicalColumn } from '../cleanse/headers.ts';
import { sqlIdentifier as id } from '../data/duckdb.ts';
import { loadTextTable, sheetOption } from '../data/load.ts';
import { parseNumberText } from '../data/number-text.ts';
import { roleOfHeader } from '../segment/column-roles.ts';
import {
  MARKET_FIRMOGRAPHICS,
  suppliedNote,
  type MarketJoin,
  type MarketMapping,
} from '../segment/inputs/market.ts';
import { assertNoCaseTwins } from './case-twins.ts';
import { cleanseAccountsTable } from './cleanse-table.ts';
import { createRowsTable, forEachRow } from './table-rows.ts';

/** What {@link joinMarketTable} returns (as `joinMarket`, the frame being table `accounts`). */
export type MarketTableJoin = Omit<MarketJoin, 'frame'>;

async function columnsOf(connection: DuckDBConnection, table: string): Promise<string[]> {
  const rows = (await connection.runAndReadAll(`DESCRIBE ${id(table)}`)).getRows();
  return rows.map((r) => String(r[0]));
}

/** The firmographic columns after the join, and how many values came from each side. */
async function overlay(
  connection: DuckDBConnection,
  precedence: MarketMapping['precedence'],
): Promise<{ select: string[]; supplied: MarketJoin['supplied'] }> {
  const select: string[] = [];
  const counts: string[] = [];
  for (const column of MARKET_FIRMOGRAPHICS) {
    const [own, theirs] = [`a.${id(column)}`, `m.${id(column)}`];
    const useVendor = `(${theirs} IS NOT NULL${precedence === 'market' ? '' : ` AND ${own} IS NULL`})`;
    select.push(`CASE WHEN ${useVendor} THEN ${theirs} ELSE ${own} END AS ${id(column)}`);
    counts.push(
      `COUNT(*) FILTER (WHERE NOT ${useVendor} AND ${own} IS NOT NULL)`,
      `COUNT(*) FILTER (WHERE ${useVendor})`,
    );
  }
  const [row] = (
    await connection.runAndReadAll(
      `SELECT ${counts.join(', ')} FROM accounts AS a LEFT JOIN market_match AS m ON a.domain = m.domain`,
    )
  ).getRows() as [bigint[]];
  const supplied = Object.fromEntries(
    MARKET_FIRMOGRAPHICS.map((c, j) => [c, { crm: Number(row[2 * j]), market: Number(row[2 * j + 1]) }]),
  ) as MarketJoin['supplied'];
  return { select, supplied };
}

/**
 * A vendor column as joined: a number column when every joined value reads as a number (`parseNumberText`, through
 * a table of the distinct values); ids and codes stay text.
 */
async function vendorColumn(connection: DuckDBConnection, column: string, k: number): Promise<string> {
  const text = `m.${id(column)}`;
  if (roleOfHeader(column) === 'identifier') return `${text} AS ${id(column)}`;
  const table = `market_numbers_${k}`;
  const numbers = await createRowsTable(connection, table, [
    { name: 'raw', type: 'VARCHAR' },
    { name: 'value', type: 'DOUBLE' },
  ]);
  let [present, numeric] = [0, true];
  try {
    await forEachRow(
      connection,
      `SELECT DISTINCT ${text} FROM accounts AS a JOIN market_match AS m ON a.domain = m.domain WHERE ${text} IS NOT NULL`,
      ([v]) => {
        const value = parseNumberText(String(v));
        present++;
        if (Number.isNaN(value)) numeric = false;
        else if (numeric) numbers.append([String(v), value]);
      },
    );
  } finally {
    numbers.close();
  }
  return present > 0 && numeric
    ? `(SELECT value FROM ${id(table)} WHERE raw = ${text}) AS ${id(column)}`
    : `${text} AS ${id(column)}`;
}

/**
 * Joins the market file `file` onto table `accounts` (replacing it, rows in their order).
 *
 * @example
 * const { matched, supplied } = await joinMarketTable(connection, 'dnb.csv', DEFAULT_MARKET);
 */
export async function joinMarketTable(
  connection: DuckDBConnection,
  file: string,
  mapping: MarketMapping,
): Promise<MarketTableJoin> {
  const loaded = await loadTextTable(connection, file, 'raw_market', sheetOption(mapping.sheet));
  const columns = Object.fromEntries(Object.entries(mapping.columns).filter(([, v]) => v != null)) as Partial<
    Record<CanonicalColumn, string>
  >;
  const raw = { table: 'raw_market', columns: loaded.columns, rows: loaded.rows };
  await cleanseAccountsTable(connection, raw, { file, columns }, { output: 'market', ids: 'market_ids' });
  await connection.run(
    'CREATE TABLE market_match AS SELECT * FROM market WHERE rowid IN (SELECT MIN(rowid) FROM market WHERE domain IS NOT NULL GROUP BY domain)',
  );
  const { select, supplied } = await overlay(connection, mapping.precedence);
  const accountColumns = await columnsOf(connection, 'accounts');
  const skip = new Set<string>([...CANONICAL_COLUMNS, 'merged_ids', ...accountColumns]);
  const vendorColumns = (await columnsOf(connection, 'market')).filter((c) => !skip.has(c));
  assertNoCaseTwins(accountColumns, vendorColumns, (_theirs, vendors) => ({ file, column: vendors }));
  const vendor: string[] = [];
  for (const [k, column] of vendorColumns.entries()) vendor.push(await vendorColumn(connection, column, k));
  const firmographic = new Set<string>(MARKET_FIRMOGRAPHICS);
  const kept = accountColumns.map((c) =>
    firmographic.has(c) ? (select[MARKET_FIRMOGRAPHICS.indexOf(c as 'industry')] as string) : `a.${id(c)}`,
  );
  await connection.run(
    `CREATE TABLE accounts_market AS SELECT ${[...kept, ...vendor].join(', ')} FROM accounts AS a LEFT JOIN market_match AS m ON a.domain = m.domain ORDER BY a.rowid; DROP TABLE accounts; ALTER TABLE accounts_market RENAME TO accounts`,
  );
  const [[matched]] = (
    await connection.runAndReadAll(
      'SELECT COUNT(*) FROM accounts AS a JOIN market_match AS m ON a.domain = m.domain',
    )
  ).getRows() as [[bigint]];
  await connection.run('DROP TABLE market_match; DROP TABLE raw_market');
  const warnings: Warning[] = [...loaded.warnings, suppliedNote(file, supplied, mapping.precedence)];
  return { rows: loaded.rows, matched: Number(matched), supplied, warnings };
}
