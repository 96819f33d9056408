/** Re-exports for the loader tests, plus direct DuckDB access to build fixtures. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { withDuckDB } from '../../src/data/duckdb.ts';

export { DataError } from '../../src/core/errors.ts';
export { loadTable } from '../../src/data/load.ts';
export { requireColumns, requireNumeric } from '../../src/data/schema.ts';

/** Runs SQL in a throwaway DuckDB (to write Parquet fixtures). */
export function withDuckDBForTests(work: (c: DuckDBConnection) => Promise<unknown>): Promise<unknown> {
  return withDuckDB(work);
}
