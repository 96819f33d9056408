/**
 * Embedded DuckDB: one in-memory database per call, closed when the work is done.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/**
 * Runs `work` with a fresh in-memory DuckDB connection and closes it afterwards.
 *
 * @example
 * const n = await withDuckDB(async (c) => (await c.runAndReadAll('select 42')).getRows()[0]?.[0]); // 42
 */
export async function withDuckDB<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * Quotes a string as an SQL literal (`'it''s'`).
 *
 * @example
 * sqlString("it's"); // "'it''s'"
 */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Quotes an SQL identifier (`"my ""col"""`), valid in DuckDB and PostgreSQL.
 *
 * @example
 * sqlIdentifier('Account Name'); // '"Account Name"'
 */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
