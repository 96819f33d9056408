/**
 * The SQL dialects the study's scoring is written in, and the few things that differ between them: how names and
 * text are quoted, the name of the double and text types, and base-10 logarithms. Everything else the generated SQL
 * uses (CTEs, CASE, window functions, FLOOR/CEIL/EXP/LN, COALESCE) is common to all six.
 *
 * DuckDB and PostgreSQL are executed in tests; Spark SQL, Trino, BigQuery and Snowflake are parsed only.
 */
import { UsageError } from '../core/errors.ts';

/** The dialects `segment sql` writes. */
export const SQL_DIALECTS = ['duckdb', 'postgres', 'spark', 'trino', 'bigquery', 'snowflake'] as const;

/** One of {@link SQL_DIALECTS}. */
export type SqlDialectName = (typeof SQL_DIALECTS)[number];

/** What differs between dialects. */
export interface SqlDialect {
  name: SqlDialectName;
  /** A quoted identifier. */
  identifier(name: string): string;
  /** A quoted text literal. */
  string(value: string): string;
  /** The double-precision type. */
  double: string;
  /** The text type. */
  text: string;
  /** log10 of an SQL expression. */
  log10(expression: string): string;
}

const doubleQuoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
const doubledQuote = (value: string) => `'${value.replaceAll("'", "''")}'`;
const backslashEscaped = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
const log10 = (expression: string) => `LOG10(${expression})`;

const DIALECTS: Readonly<Record<SqlDialectName, SqlDialect>> = {
  duckdb: {
    name: 'duckdb',
    identifier: doubleQuoted,
    string: doubledQuote,
    double: 'DOUBLE',
    text: 'VARCHAR',
    log10,
  },
  postgres: {
    name: 'postgres',
    identifier: doubleQuoted,
    string: doubledQuote,
    double: 'DOUBLE PRECISION',
    text: 'TEXT',
    log10,
  },
  spark: {
    name: 'spark',
    identifier: (name) => `\`${name.replaceAll('`', '``')}\``,
    string: backslashEscaped,
    double: 'DOUBLE',
    text: 'STRING',
    log10,
  },
  trino: {
    name: 'trino',
    identifier: doubleQuoted,
    string: doubledQuote,
    double: 'DOUBLE',
    text: 'VARCHAR',
    log10,
  },
  bigquery: {
    name: 'bigquery',
    identifier: (name) => `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``,
    string: backslashEscaped,
    double: 'FLOAT64',
    text: 'STRING',
    log10,
  },
  snowflake: {
    name: 'snowflake',
    identifier: doubleQuoted,
    string: backslashEscaped,
    double: 'DOUBLE',
    text: 'VARCHAR',
    log10: (expression) => `LOG(10, ${expression})`,
  },
};

/**
 * The dialect of a name, or a usage error listing the known ones.
 *
 * @example
 * sqlDialect('postgres').identifier('Account Name'); // '"Account Name"'
 * sqlDialect('bigquery').double; // 'FLOAT64'
 */
export function sqlDialect(name: string): SqlDialect {
  const dialect = (DIALECTS as Record<string, SqlDialect>)[name];
  if (dialect === undefined || !Object.hasOwn(DIALECTS, name))
    throw new UsageError(`dialect="${name}" must be one of ${SQL_DIALECTS.join(', ')}`);
  return dialect;
}

/**
 * A number literal that parses back to exactly the same double; negatives in parentheses (never `--`).
 *
 * @example
 * sqlNumber(-0.1); // '(-0.10000000000000001)'
 */
export function sqlNumber(value: number): string {
  if (!Number.isFinite(value))
    throw new UsageError(`SQL: a model holds a non-finite number (${value}); refit it`);
  const text = value.toPrecision(17);
  return value < 0 ? `(${text})` : text;
}

/**
 * Text for an SQL `--` comment: control characters and line breaks become spaces, so it cannot end the comment.
 *
 * @example
 * sqlComment('a\nDROP TABLE x'); // 'a DROP TABLE x'
 */
export function sqlComment(text: string): string {
  // eslint-disable-next-line no-control-regex
  return String(text).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}
