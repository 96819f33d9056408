/**
 * Fitted models as SQL expressions over a row's columns, in any {@link SqlDialect}: the lookalike model's linear
 * predictor and probability, and the squared distance to each k-means centre. Coefficients are printed with 17
 * significant digits (exact doubles) and missing values are handled as `segment score` handles them: imputed with
 * the training median / mode when the model imputes, else NULL.
 */
import type { KMeansModelJson } from '../models/kmeans.ts';
import type { LogisticModelJson } from '../models/logistic.ts';
import { indicatorName } from '../models/design.ts';
import { sqlNumber, type SqlDialect } from './sql-dialect.ts';

/** A numeric column as a double, imputed with its training median when the model imputes. */
function numericTerm(
  column: string,
  dialect: SqlDialect,
  median: number | undefined,
  impute: boolean,
): string {
  const cast = `CAST(${dialect.identifier(column)} AS ${dialect.double})`;
  return impute && median !== undefined && Number.isFinite(median)
    ? `COALESCE(${cast}, ${sqlNumber(median)})`
    : cast;
}

/** A categorical column as text, imputed with its training mode when the model imputes. */
function categoricalTerm(
  column: string,
  dialect: SqlDialect,
  mode: string | undefined,
  impute: boolean,
): string {
  const value = `CAST(${dialect.identifier(column)} AS ${dialect.text})`;
  return impute && mode !== undefined ? `COALESCE(${value}, ${dialect.string(mode)})` : value;
}

/**
 * The lookalike model's linear predictor (log-odds) on the original feature scale; NULL where `segment score`
 * would not score (a missing value the model does not impute, or a level it never saw).
 *
 * @example
 * logisticPredictorSql(model, sqlDialect('postgres'));
 * // '-7.0574633425489850 + 1.2… * COALESCE(CAST("log10_employees" AS DOUBLE PRECISION), 1.90…) + …'
 */
export function logisticPredictorSql(model: LogisticModelJson, dialect: SqlDialect): string {
  const impute = model.missing === 'impute';
  const terms = [sqlNumber(model.intercept)];
  for (const feature of model.features) {
    const x = numericTerm(feature, dialect, model.medians[feature], impute);
    terms.push(`${sqlNumber(model.coefficients[feature] as number)} * ${x}`);
  }
  for (const feature of model.missingIndicators ?? []) {
    const isMissing = `(CASE WHEN ${dialect.identifier(feature)} IS NULL THEN 1 ELSE 0 END)`;
    terms.push(`${sqlNumber(model.coefficients[indicatorName(feature)] as number)} * ${isMissing}`);
  }
  for (const [column, levels] of Object.entries(model.categorical)) {
    const value = categoricalTerm(column, dialect, model.modes[column], impute);
    const whens = levels.map((level, i) => {
      const coefficient = i === 0 ? 0 : (model.coefficients[`${column}=${level}`] as number);
      return `WHEN ${dialect.string(level)} THEN ${sqlNumber(coefficient)}`;
    });
    terms.push(`(CASE ${value} ${whens.join(' ')} ELSE NULL END)`);
  }
  return terms.join('\n      + ');
}

/**
 * The probability of a linear predictor held in `eta`: the logistic function, written as the library computes it
 * (1 / (1 + e^-η) for η ≥ 0, e^η / (1 + e^η) below) on η clamped to ±700 — `exp` overflows past ±709, PostgreSQL
 * raises an error on underflow, and beyond ±700 the probability is 0 or 1 to double precision anyway.
 *
 * @example
 * probabilitySql('s.eta'); // 'CASE WHEN s.eta IS NULL THEN NULL WHEN s.eta >= 0 THEN 1.0 / (1.0 + EXP(-(…))) ELSE … END'
 */
export function probabilitySql(eta: string): string {
  const clamped = `(CASE WHEN ${eta} > 700.0 THEN 700.0 WHEN ${eta} < -700.0 THEN -700.0 ELSE ${eta} END)`;
  return `(CASE WHEN ${eta} IS NULL THEN NULL WHEN ${eta} >= 0 THEN 1.0 / (1.0 + EXP(-${clamped})) ELSE EXP(${clamped}) / (1.0 + EXP(${clamped})) END)`;
}

/**
 * The squared distance from a row to each k-means centre, in the space the model was fitted in (z-scores when it
 * standardized), one expression per centre.
 *
 * @example
 * kmeansDistancesSql(model, sqlDialect('duckdb')).length; // model.k
 */
export function kmeansDistancesSql(model: KMeansModelJson, dialect: SqlDialect): string[] {
  const impute = model.missing === 'impute';
  const z = model.features.map((feature, j) => {
    const x = numericTerm(feature, dialect, model.medians[feature], impute);
    return model.standardize
      ? `((${x} - ${sqlNumber(model.standardize.mean[j] as number)}) / ${sqlNumber(model.standardize.std[j] as number)})`
      : x;
  });
  return model.centersFitted.map((center) =>
    z
      .map(
        (zj, j) =>
          `(${zj} - ${sqlNumber(center[j] as number)}) * (${zj} - ${sqlNumber(center[j] as number)})`,
      )
      .join('\n        + '),
  );
}

/**
 * The nearest centre of the distances in columns `distances` (ties to the lowest number), NULL when they are NULL —
 * a CASE chain, so it needs no VALUES list or LIMIT and reads the same in every dialect.
 *
 * @example
 * nearestCentreSql(['d0', 'd1']); // 'CASE WHEN d0 IS NULL THEN NULL WHEN d0 <= d1 THEN 0 ELSE 1 END'
 */
export function nearestCentreSql(distances: readonly string[]): string {
  const whens = distances.slice(0, -1).map((d, c) => {
    // An earlier centre at least as near has already been taken, so only later ones need checking.
    const later = distances.slice(c + 1).map((other) => `${d} <= ${other}`);
    return `WHEN ${later.join(' AND ')} THEN ${c}`;
  });
  return `CASE WHEN ${distances[0]} IS NULL THEN NULL ${whens.join(' ')} ELSE ${distances.length - 1} END`;
}
