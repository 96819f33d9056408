/**
 * Test helpers: run the study's scoring SQL over a frame's accounts in DuckDB, PGlite or a real PostgreSQL server
 * (through `psql`), and count the accounts whose values differ from the in-memory study's.
 */
import { PGlite } from '@electric-sql/pglite';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withDuckDB } from '../../src/data/duckdb.ts';
import type { Frame } from '../../src/data/frame.ts';
import { loadTable } from '../../src/data/load.ts';
import { SCORING_COLUMNS, studyToSql, type ScoringSpec } from '../../src/engine/scoring-sql.ts';
import { tempDir } from '../helpers.ts';
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

type Row = Record<string, unknown>;

/** The scoring's rows from DuckDB (in memory). */
export async function scoreInDuckDB(frame: Frame, spec: ScoringSpec): Promise<Row[]> {
  return withDuckDB(async (connection) => {
    for (const statement of accountsTableSql(frame, spec.columns, 'duckdb')) await connection.run(statement);
    return (
      await connection.runAndReadAll(studyToSql(spec, { dialect: 'duckdb' }))
    ).getRowObjectsJS() as Row[];
  });
}

/** The scoring's rows from PGlite (PostgreSQL compiled to WebAssembly). */
export async function scoreInPglite(frame: Frame, spec: ScoringSpec): Promise<Row[]> {
  const db = new PGlite();
  try {
    for (const statement of accountsTableSql(frame, spec.columns, 'postgres')) await db.exec(statement);
    return (await db.query<Row>(studyToSql(spec, { dialect: 'postgres' }))).rows;
  } finally {
    await db.close();
  }
}

/**
 * The scoring's rows from a PostgreSQL server reached with the libpq connection string `connection` (psql
 * creates a schema, the table and its rows, and copies the query's result out as CSV; the schema is dropped).
 */
export async function scoreInPostgresServer(
  frame: Frame,
  spec: ScoringSpec,
  connection: string,
): Promise<Row[]> {
  const dir = tempDir('segment-postgres-');
  const schema = `segment_test_${process.pid}`;
  const query = studyToSql(spec, { dialect: 'postgres' }).replace(/^--.*\n/, '');
  const script = [
    `DROP SCHEMA IF EXISTS ${schema} CASCADE`,
    `CREATE SCHEMA ${schema}`,
    `SET search_path TO ${schema}`,
    ...accountsTableSql(frame, spec.columns, 'postgres'),
    `COPY (${query}) TO STDOUT WITH (FORMAT csv, HEADER)`,
    `DROP SCHEMA ${schema} CASCADE`,
  ].join(';\n');
  writeFileSync(join(dir, 'script.sql'), `${script};\n`);
  const psql = spawnSync(
    'psql',
    ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', connection, '-f', join(dir, 'script.sql')],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    },
  );
  if (psql.status !== 0) throw new Error(`psql failed (${String(psql.status)}): ${psql.stderr}`);
  writeFileSync(join(dir, 'scores.csv'), psql.stdout);
  const { frame: scores } = await loadTable(join(dir, 'scores.csv'), { textColumns: ['account_id', 'name'] });
  return Array.from({ length: scores.numRows }, (_, i) =>
    Object.fromEntries(
      scores.columnNames.map((c) => {
        const v = scores.column(c).values[i];
        return [c, typeof v === 'number' && Number.isNaN(v) ? null : v];
      }),
    ),
  );
}

/** Per scoring column, the accounts whose SQL value differs from the study's (numbers: beyond 1e-9 relative). */
export function scoringDifferences(frame: Frame, rows: readonly Row[]): Record<string, number> {
  const byId = new Map(rows.map((r) => [String(r.account_id), r]));
  const ids = frame.strings('account_id');
  const counts: Record<string, number> = {};
  for (const column of SCORING_COLUMNS) {
    const source = frame.column(column);
    let differing = 0;
    for (let i = 0; i < frame.numRows; i++) {
      const expected = source.values[i] as string | number | null;
      const actual = byId.get(ids[i] as string)?.[column] ?? null;
      const missing = expected === null || (typeof expected === 'number' && Number.isNaN(expected));
      if (missing || actual === null) differing += missing === (actual === null) ? 0 : 1;
      else if (typeof expected === 'string') differing += expected === String(actual) ? 0 : 1;
      else differing += Math.abs(expected - Number(actual)) <= 1e-9 * Math.max(1, Math.abs(expected)) ? 0 : 1;
    }
    counts[column] = differing;
  }
  return counts;
}

/** No differences in any scoring column. */
export const NO_DIFFERENCES: Readonly<Record<string, number>> = Object.fromEntries(
  SCORING_COLUMNS.map((c) => [c, 0]),
);

/**
 * A frame's rows with NaN as null (how a CSV's blank reads back either way), for comparing tables.
 *
 * @example
 * rowsOf(frame)[0]; // { account_id: '001A', employees: null, … }
 */
export function rowsOf(frame: Frame): Record<string, unknown>[] {
  return frame
    .toRows()
    .map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, typeof v === 'number' && Number.isNaN(v) ? null : v]),
      ),
    );
}
