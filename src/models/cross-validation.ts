/**
 * Stratified k-fold cross-validation of the lookalike model: each fold keeps the share of positives,
 * folds are drawn with an explicit seed, and every fold is scored on rows the model never saw.
 */
import { UsageError, warning, type Warning } from '../core/errors.ts';
import { DEFAULT_SEED, Random } from '../core/random.ts';
import type { Frame } from '../data/frame.ts';
import { readBinaryTarget } from './labels.ts';
import { LogisticRegression, type LogisticFitOptions, type LogisticOptions } from './logistic.ts';
import { brierScore, logLoss, rocAuc } from './metrics.ts';

/**
 * Fold number (0 … k−1) of each row, stratified by the 0/1 label: positives and negatives are shuffled
 * separately with `seed` and dealt round-robin. Rows with a missing label get −1.
 *
 * @example
 * stratifiedFolds(new Float64Array([1, 0, 1, 0, 0, 0]), 2, 7); // Int32Array, 1 positive and 2 negatives per fold
 */
export function stratifiedFolds(y: ArrayLike<number>, k: number, seed: number): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new UsageError(`stratifiedFolds: k=${k} must be an integer >= 2`);
  const folds = new Int32Array(y.length).fill(-1);
  const rng = new Random(seed);
  let dealt = 0;
  for (const label of [1, 0]) {
    const rows: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === label) rows.push(i);
    if (rows.length > 0 && rows.length < k) {
      throw new UsageError(
        `stratifiedFolds: only ${rows.length} rows of class ${label}; need at least k=${k}`,
      );
    }
    for (const row of rng.shuffle(rows)) folds[row] = dealt++ % k;
  }
  return folds;
}

/** Scores of one fold. */
export interface FoldResult {
  fold: number;
  n: number;
  positives: number;
  auc: number;
  logLoss: number;
  brier: number;
}

/** What {@link crossValidate} returns. */
export interface CrossValidation {
  folds: FoldResult[];
  /** Mean and standard deviation (n − 1) of the fold AUCs. */
  auc: { mean: number; sd: number };
  logLoss: { mean: number; sd: number };
  /** Out-of-fold probability of every row (NaN where a row was not scored). */
  outOfFold: Float64Array;
  warnings: Warning[];
}

function meanSd(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length - 1);
  return { mean, sd: Math.sqrt(variance) };
}

/** Any binary classifier with the estimator contract: `fit` returns it, `predictProba` scores rows. */
export interface ProbabilisticEstimator {
  fit(frame: Frame, options: LogisticFitOptions): ProbabilisticEstimator;
  predictProba(frame: Frame): { probability: Float64Array; warnings: Warning[] };
  readonly warnings: readonly Warning[];
}

/**
 * Held-out rows whose category a fold's training rows never saw (a level with one or two accounts lands in one
 * fold only) would stop the cross-validation, which the fit on all rows does not: the category becomes missing —
 * imputed under `missing: 'impute'`; under the other policies such rows are left unscored (NaN).
 */
function scoreHeldOut(
  model: ProbabilisticEstimator,
  heldOut: Frame,
  train: Frame,
  fit: LogisticFitOptions,
): { probability: Float64Array; warnings: Warning[]; unseen: number } {
  let masked = heldOut;
  const unseen = new Set<number>();
  for (const column of fit.categorical ?? []) {
    if (!heldOut.has(column) || heldOut.column(column).kind !== 'string') continue;
    const known = new Set(train.strings(column));
    const values = heldOut.strings(column);
    if (values.every((v) => v === null || known.has(v))) continue;
    masked = masked.withColumn(
      column,
      values.map((v, i) => (v === null || known.has(v) ? v : (unseen.add(i), null))),
    );
  }
  if (unseen.size === 0 || fit.missing === 'impute')
    return { ...model.predictProba(masked), unseen: unseen.size };
  const keep = Array.from({ length: heldOut.numRows }, (_, i) => i).filter((i) => !unseen.has(i));
  const scored = model.predictProba(masked.take(keep));
  const probability = new Float64Array(heldOut.numRows).fill(Number.NaN);
  keep.forEach((i, r) => (probability[i] = scored.probability[r] as number));
  return { probability, warnings: scored.warnings, unseen: unseen.size };
}

/**
 * k-fold cross-validation: fits on k−1 folds, scores the held-out fold, for each fold.
 *
 * @example
 * const cv = crossValidate(accounts, { target: 'is_customer', features: ['log10_employees'] }, { k: 5, seed: 42 });
 * cv.auc; // { mean: 0.74, sd: 0.01 }
 */
export function crossValidate(
  frame: Frame,
  fit: LogisticFitOptions,
  options: {
    k?: number;
    seed?: number;
    /** Options of the default estimator, a {@link LogisticRegression}. */
    model?: LogisticOptions;
    /** Makes a fresh, unfitted estimator for each fold. Default: `new LogisticRegression(options.model)`. */
    estimator?: () => ProbabilisticEstimator;
    /** Called after each fold (for progress on long fits). */
    onFold?: (done: number, total: number) => void;
  } = {},
): CrossValidation {
  const makeModel = options.estimator ?? (() => new LogisticRegression(options.model));
  const k = options.k ?? 5;
  const y = readBinaryTarget(frame, fit.target, {
    ...(fit.positive === undefined ? {} : { positive: fit.positive }),
    ...(fit.file === undefined ? {} : { file: fit.file }),
  });
  const folds = stratifiedFolds(y, k, options.seed ?? DEFAULT_SEED);
  const outOfFold = new Float64Array(frame.numRows).fill(Number.NaN);
  const results: FoldResult[] = [];
  const warnings: Warning[] = [];
  // Folds copy only the columns the model reads (a universe frame has dozens more). When one is missing, the
  // whole frame goes on, so that the fit reports the missing column with the frame's own column list.
  const used = [...new Set([fit.target, ...fit.features, ...(fit.categorical ?? [])])];
  const data = used.every((c) => frame.has(c)) ? frame.select(used) : frame;
  for (let fold = 0; fold < k; fold++) {
    const train = data.filter((i) => folds[i] !== -1 && folds[i] !== fold);
    const testRows: number[] = [];
    folds.forEach((f, i) => f === fold && testRows.push(i));
    const model = makeModel().fit(train, fit);
    const scored = scoreHeldOut(model, data.take(testRows), train, fit);
    const { probability, unseen } = scored;
    if (unseen > 0)
      warnings.push(
        warning(
          'level-unseen-in-fold',
          `fold ${fold + 1}: ${unseen} held-out rows have a category no training row of the fold has (a rare level); scored as ${fit.missing === 'impute' ? 'missing (the training mode)' : 'not scorable'}`,
        ),
      );
    warnings.push(
      ...model.warnings.map((w) => ({ code: w.code, message: `fold ${fold + 1}, fitting: ${w.message}` })),
      ...scored.warnings.map((w) => ({
        code: w.code,
        message: `fold ${fold + 1}, held-out rows: ${w.message}`,
      })),
    );
    const yFold: number[] = [];
    const pFold: number[] = [];
    testRows.forEach((row, r) => {
      const p = probability[r] as number;
      outOfFold[row] = p;
      if (!Number.isNaN(p)) {
        yFold.push(y[row] as number);
        pFold.push(p);
      }
    });
    results.push({
      fold: fold + 1,
      n: yFold.length,
      positives: yFold.filter((v) => v === 1).length,
      auc: rocAuc(yFold, pFold),
      logLoss: logLoss(yFold, pFold),
      brier: brierScore(yFold, pFold),
    });
    options.onFold?.(fold + 1, k);
  }
  return {
    folds: results,
    auc: meanSd(results.map((r) => r.auc)),
    logLoss: meanSd(results.map((r) => r.logLoss)),
    outOfFold,
    warnings,
  };
}
