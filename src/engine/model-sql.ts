/**
 * A fitted model as one SQL SELECT, so scoring runs inside the warehouse at any scale.
 *
 * The query returns every column of the table plus `probability` (logistic) or `cluster` (k-means), with
 * the same numbers as `segment score` (coefficients printed with 17 significant digits, evaluated in the
 * same order). Rows `score` would not score get NULL: a missing feature value (unless the model imputes),
 * or a categorical level not seen in training.
 */
import { UsageError } from '../core/errors.ts';
import {
  kmeansDistancesSql,
  logisticPredictorSql,
  nearestCentreSql,
  probabilitySql,
} from './model-expressions.ts';
import { sqlComment, sqlDialect } from './sql-dialect.ts';
import type { KMeansModelJson } from '../models/kmeans.ts';
import type { LogisticModelJson } from '../models/logistic.ts';
import { checkKMeansJson, checkLogisticJson } from '../models/model-json.ts';

/** SQL dialects a single model is written in (the study's scoring has more: see `studyToSql`). */
export type SqlDialect = 'duckdb' | 'postgres';

/** Options of {@link modelToSql}. */
export interface SqlOptions {
  /** Default `duckdb`. */
  dialect?: SqlDialect;
  /** The table (or view) to score. Default `accounts`. */
  table?: string;
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
  const sql = sqlDialect(dialect);
  const table = (options.table ?? 'accounts').split('.').map(sql.identifier).join('.');
  if (model.kind === 'logistic') {
    checkLogisticJson(model);
    // The linear predictor is computed once per row (LATERAL).
    return [
      `-- lookalike model on "${sqlComment(model.target)}" (segment ${sqlComment(model.version)}); probability = 1 / (1 + e^-(linear predictor))`,
      'SELECT t.*,',
      `  ${probabilitySql('s.eta')} AS probability`,
      `FROM ${table} AS t`,
      'CROSS JOIN LATERAL (SELECT',
      `      ${logisticPredictorSql(model, sql)}`,
      '    AS eta) AS s',
    ].join('\n');
  }
  if (model.kind === 'kmeans') {
    checkKMeansJson(model);
    const distances = kmeansDistancesSql(model, sql);
    return [
      `-- k-means model, k = ${model.k} (segment ${sqlComment(model.version)}); cluster = the nearest centre, ties to the lowest number`,
      'SELECT t.*,',
      `  ${nearestCentreSql(distances.map((_, c) => `s.d${c}`))} AS cluster`,
      `FROM ${table} AS t`,
      'CROSS JOIN LATERAL (SELECT',
      `      ${distances.map((d, c) => `${d} AS d${c}`).join(',\n      ')}`,
      '    ) AS s',
    ].join('\n');
  }
  throw new UsageError(
    `modelToSql: model kind "${String((model as { kind?: unknown }).kind)}" has no SQL form`,
  );
}
