/**
 * The currencies of a money column as `readMoneyColumn` reports them, with amounts summed row by row in file order
 * (the distinct values were read once each, so their sums are made here, in the in-memory order).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { sortedUses, type CurrencyUse } from '../cleanse/currency.ts';
import { forEachRow } from './table-rows.ts';

/**
 * The currencies' amounts summed row by row in file order, as `readMoneyColumn` sums them (`rows`: a query of
 * row, code, original amount, converted value).
 *
 * @example
 * await currencyTotals(connection, 'SELECT row, code, original, value FROM deal_rows', money.currencies);
 */
export async function currencyTotals(
  connection: DuckDBConnection,
  rows: string,
  uses: readonly CurrencyUse[],
): Promise<CurrencyUse[]> {
  const sums = new Map<string, [number, number]>();
  await forEachRow(
    connection,
    `SELECT code, SUM(original ORDER BY row), SUM(value ORDER BY row) FROM (${rows}) GROUP BY code`,
    ([code, amount, converted]) => sums.set(String(code), [Number(amount), Number(converted)]),
  );
  return sortedUses(
    uses.map((use) => {
      const [amount, converted] = sums.get(use.currency) ?? [use.amount, use.converted];
      return { ...use, amount, converted };
    }),
  );
}
