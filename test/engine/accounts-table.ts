/** Test helper: a frame's columns as CREATE TABLE + INSERT statements (DuckDB and PostgreSQL). */
import type { Frame } from '../../src/data/frame.ts';
import { sqlDialect, sqlNumber, type SqlDialectName } from '../../src/engine/sql-dialect.ts';

/** Statements creating `table` with `columns` of `frame` (text or double) and its rows, 5,000 rows per INSERT. */
export function accountsTableSql(
  frame: Frame,
  columns: readonly string[],
  dialect: SqlDialectName,
  table = 'accounts',
): string[] {
  const d = sqlDialect(dialect);
  const text = columns.map((c) => frame.column(c).kind === 'string');
  const create = `CREATE TABLE ${d.identifier(table)} (${columns
    .map((c, j) => `${d.identifier(c)} ${text[j] ? d.text : d.double}`)
    .join(', ')})`;
  const values = columns.map((c) => frame.column(c).values as ArrayLike<string | number | null>);
  const rows: string[] = [];
  for (let i = 0; i < frame.numRows; i++) {
    const cells = values.map((column, j) => {
      const v = column[i];
      if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return 'NULL';
      return text[j] ? d.string(String(v)) : sqlNumber(v as number);
    });
    rows.push(`(${cells.join(', ')})`);
  }
  const inserts: string[] = [];
  for (let start = 0; start < rows.length; start += 5000)
    inserts.push(`INSERT INTO ${d.identifier(table)} VALUES ${rows.slice(start, start + 5000).join(', ')}`);
  return [create, ...inserts];
}
