/**
 * Rows between DuckDB and JavaScript without holding a table in memory: a query's rows streamed chunk by chunk,
 * and rows appended to a new table. The engine's cleanse sends each distinct raw value through the in-memory
 * normalizers this way and joins the answers back.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { sqlIdentifier } from '../data/duckdb.ts';

/** Rows read from DuckDB per query while paging through a result. */
const PAGE_ROWS = 50_000;
let pages = 0;

/**
 * Calls `each` with every row of `sql`, in its order, a page of rows in memory at a time. The result is first
 * stored in a temporary table and read page by page, each page its own query: `each` may append to other tables
 * through the same connection (an appender's flush ends a streaming result early, silently — measured: a stream of
 * a million distinct ids stopped at 204,800 rows, the appender's first flush).
 *
 * @example
 * await forEachRow(connection, 'SELECT v, COUNT(*) FROM raw GROUP BY v', ([v, n]) => counts.set(v, Number(n)));
 */
export async function forEachRow(
  connection: DuckDBConnection,
  sql: string,
  each: (row: DuckDBValue[]) => void,
): Promise<void> {
  const table = sqlIdentifier(`__rows_${++pages}`);
  await connection.run(`CREATE TEMP TABLE ${table} AS ${sql}`);
  try {
    const [[count]] = (await connection.runAndReadAll(`SELECT COUNT(*) FROM ${table}`)).getRows() as [
      [bigint],
    ];
    for (let start = 0; start < Number(count); start += PAGE_ROWS) {
      const page = await connection.runAndReadAll(
        `SELECT * FROM ${table} WHERE rowid >= ${start} AND rowid < ${start + PAGE_ROWS} ORDER BY rowid`,
      );
      for (const row of page.getRows()) each(row);
    }
  } finally {
    await connection.run(`DROP TABLE ${table}`);
  }
}

/** A column of a table made by {@link createRowsTable}: text, a double or a 64-bit integer. */
export type RowsColumn = { name: string; type: 'VARCHAR' | 'DOUBLE' | 'BIGINT' };

/** A value appended to a {@link RowsColumn}: null, or NaN in a DOUBLE column, is NULL. */
export type RowsValue = string | number | null;

/**
 * Creates table `table` (in `schema` when given) and returns a function appending one row and one closing the table: the rows go to DuckDB
 * as they come.
 *
 * @example
 * const rows = await createRowsTable(connection, 'map_domain', [{ name: 'raw', type: 'VARCHAR' }, { name: 'value', type: 'VARCHAR' }]);
 * rows.append(['https://www.acme.com/', 'acme.com']);
 * rows.close();
 */
export async function createRowsTable(
  connection: DuckDBConnection,
  table: string | { schema: string; table: string },
  columns: readonly RowsColumn[],
): Promise<{ append: (row: readonly RowsValue[]) => void; close: () => void }> {
  const list = columns.map((c) => `${sqlIdentifier(c.name)} ${c.type}`).join(', ');
  const [schema, name] = typeof table === 'string' ? [null, table] : [table.schema, table.table];
  const qualified = schema === null ? sqlIdentifier(name) : `${sqlIdentifier(schema)}.${sqlIdentifier(name)}`;
  await connection.run(`CREATE TABLE ${qualified} (${list})`);
  const appender = await connection.createAppender(name, schema);
  return {
    append(row) {
      columns.forEach((column, j) => {
        const value = row[j] ?? null;
        if (value === null || (typeof value === 'number' && Number.isNaN(value))) appender.appendNull();
        else if (column.type === 'VARCHAR') appender.appendVarchar(String(value));
        else if (column.type === 'BIGINT') appender.appendBigInt(BigInt(value));
        else appender.appendDouble(Number(value));
      });
      appender.endRow();
    },
    close: () => appender.closeSync(),
  };
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * The distinct tuples of `expressions` over the rows of `table` (aliased `r`), each with its number of rows and the
 * data row of its first (rowid + 1), in the order of their first rows — the order the in-memory readers meet them,
 * so the first error is the same.
 *
 * @example
 * await distinctTuples(connection, 'raw_deals', ['r."Amount"'], ([amount], count, firstRow) => …);
 */
export async function distinctTuples(
  connection: DuckDBConnection,
  table: string,
  expressions: readonly string[],
  each: (values: (string | null)[], count: number, firstRow: number) => void,
): Promise<void> {
  const list = expressions.map((e, j) => `${e} AS v${j}`).join(', ');
  const keys = expressions.map((_, j) => `v${j}`).join(', ');
  await forEachRow(
    connection,
    `SELECT ${keys}, COUNT(*), MIN(row) AS first FROM (SELECT ${list}, r.rowid AS row FROM ${sqlIdentifier(table)} AS r) GROUP BY ${keys} ORDER BY first`,
    (row) => {
      const values = row.slice(0, expressions.length).map(text);
      each(values, Number(row[expressions.length]), Number(row[expressions.length + 1]) + 1);
    },
  );
}
