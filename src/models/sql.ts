/**
 * A fitted model as one SQL SELECT, so scoring runs inside the warehouse at any scale.
 *
 * The query returns every column of the table plus `probability` (logistic) or `cluster` (k-means), with
 * the same numbers as `segment score` (coefficients printed with 17 significant digits, evaluated in the
 * same order). Rows `score` would not score get NULL: a missing feature value (unless the model imputes),
 * or a categorical level not seen in training.
 */
import { UsageError } from '../core/errors.ts';
import { sqlIdentifier, sqlString } from '../data/duckdb.ts';
import type { KMeansModelJson } from './kmeans.ts';
import type { LogisticModelJson } from './logistic.ts';
import { indicatorName } from './design.ts';
import { checkKMeansJson, checkLogisticJson } from './model-json.ts';

/** SQL dialects we generate. */
export type SqlDialect = 'duckdb' | 'postgres';

/** Options of {@link modelToSql}. */
export interface SqlOptions {
  /** Default `duckdb`. */
  dialect?: SqlDialect;
  /** The table (or view) to score. Default `accounts`. */
  table?: string;
}

/** A number literal that parses back to exactly the same double; negatives in parentheses (never `--`). */
function literal(value: number): string {
  if (!Number.isFinite(value))
    throw new UsageError(`modelToSql: the model holds a non-finite number (${value}); refit it`);
  const text = value.toPrecision(17);
  return value < 0 ? `(${text})` : text;
}

/** Text for an SQL `--` comment: control characters and line breaks become spaces, so it cannot end the comment. */
function commentText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return String(text).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

function types(dialect: SqlDialect): { double: string; text: string } {
  return dialect === 'postgres'
    ? { double: 'DOUBLE PRECISION', text: 'TEXT' }
    : { double: 'DOUBLE', text: 'VARCHAR' };
}

function numericTerm(
  column: string,
  dialect: SqlDialect,
  median: number | undefined,
  impute: boolean,
): string {
  const cast = `CAST(${sqlIdentifier(column)} AS ${types(dialect).double})`;
  return impute && median !== undefined && Number.isFinite(median)
    ? `COALESCE(${cast}, ${literal(median)})`
    : cast;
}

/** The linear predictor of a logistic model as an SQL expression (original-scale coefficients). */
function logisticPredictor(model: LogisticModelJson, dialect: SqlDialect): string {
  const impute = model.missing === 'impute';
  const terms = [literal(model.intercept)];
  for (const feature of model.features) {
    terms.push(
      `${literal(model.coefficients[feature] as number)} * ${numericTerm(feature, dialect, model.medians[feature], impute)}`,
    );
  }
  for (const feature of model.missingIndicators ?? []) {
    const isMissing = `(CASE WHEN ${sqlIdentifier(feature)} IS NULL THEN 1 ELSE 0 END)`;
    terms.push(`${literal(model.coefficients[indicatorName(feature)] as number)} * ${isMissing}`);
  }
  for (const [column, levels] of Object.entries(model.categorical)) {
    let value = `CAST(${sqlIdentifier(column)} AS ${types(dialect).text})`;
    if (impute && model.modes[column] !== undefined)
      value = `COALESCE(${value}, ${sqlString(model.modes[column] as string)})`;
    const whens = levels.map((level, i) => {
      const coefficient = i === 0 ? 0 : (model.coefficients[`${column}=${level}`] as number);
      return `WHEN ${value} = ${sqlString(level)} THEN ${literal(coefficient)}`;
    });
    terms.push(`(CASE ${whens.join(' ')} ELSE NULL END)`);
  }
  return terms.join('\n      + ');
}

/**
 * The SELECT scoring `table` with a lookalike (logistic) or k-means model.
 *
 * @example
 * modelToSql(model.toJSON(), { dialect: 'postgres', table: 'crm.accounts' });
 * // SELECT t.*, 1.0 / (1.0 + EXP(-(…s.eta…))) AS probability FROM "crm"."accounts" AS t CROSS JOIN LATERAL (SELECT … AS eta) AS s
 */
export function modelToSql(model: LogisticModelJson | KMeansModelJson, options: SqlOptions = {}): string {
  const dialect = options.dialect ?? 'duckdb';
  if (dialect !== 'duckdb' && dialect !== 'postgres')
    throw new UsageError(`modelToSql: dialect="${String(dialect)}" must be "duckdb" or "postgres"`);
  const table = (options.table ?? 'accounts').split('.').map(sqlIdentifier).join('.');
  if (model.kind === 'logistic') {
    checkLogisticJson(model);
    // The linear predictor is computed once (LATERAL) and clamped to ±700 — exp() overflows past ±709 in both
    // engines, and beyond ±700 the probability is 0 or 1 to double precision anyway. CASE keeps NULL as NULL
    // (GREATEST/LEAST would skip it).
    return [
      `-- lookalike model on "${commentText(model.target)}" (segment ${commentText(model.version)}); probability = 1 / (1 + e^-(linear predictor))`,
      'SELECT t.*,',
      '  1.0 / (1.0 + EXP(-(CASE WHEN s.eta > 700.0 THEN 700.0 WHEN s.eta < -700.0 THEN -700.0 ELSE s.eta END))) AS probability',
      `FROM ${table} AS t`,
      'CROSS JOIN LATERAL (SELECT',
      `      ${logisticPredictor(model, dialect)}`,
      '    AS eta) AS s',
    ].join('\n');
  }
  if (model.kind === 'kmeans') {
    checkKMeansJson(model);
    const impute = model.missing === 'impute';
    const z = model.features.map((feature, j) => {
      const x = numericTerm(feature, dialect, model.medians[feature], impute);
      return model.standardize
        ? `((${x} - ${literal(model.standardize.mean[j] as number)}) / ${literal(model.standardize.std[j] as number)})`
        : x;
    });
    const distances = model.centersFitted.map((center, c) => {
      const squares = z.map(
        (zj, j) => `(${zj} - ${literal(center[j] as number)}) * (${zj} - ${literal(center[j] as number)})`,
      );
      return `(${c}, ${squares.join('\n        + ')})`;
    });
    return [
      `-- k-means model, k = ${model.k} (segment ${commentText(model.version)}); cluster = the nearest centre, ties to the lowest number`,
      'SELECT t.*,',
      '  (SELECT v.c FROM (VALUES',
      `      ${distances.join(',\n      ')}`,
      '    ) AS v(c, d) WHERE v.d IS NOT NULL ORDER BY v.d, v.c LIMIT 1) AS cluster',
      `FROM ${table} AS t`,
    ].join('\n');
  }
  throw new UsageError(
    `modelToSql: model kind "${String((model as { kind?: unknown }).kind)}" has no SQL form`,
  );
}
