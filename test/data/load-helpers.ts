/** Re-exports for the loader tests, plus direct DuckDB access to build fixtures. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { withDuckDB } from '../../src/data/duckdb.ts';

export { DataError, loadTable, requireColumns, requireNumeric } from '../../src/index.ts';

/** Runs SQL in a throwaway DuckDB (to write Parquet fixtures). */
export function withDuckDBForTests(work: (c: DuckDBConnection) => Promise<unknown>): Promise<unknown> {
  return withDuckDB(work);
}
