/**
 * Logistic regression for the lookalike model: which accounts look like the customers we won?
 *
 * Newton–Raphson (IRLS) with step halving on internally standardized columns; coefficients, standard
 * errors and odds ratios are reported on the original feature scale. With `l2 = 0` the fit is the plain
 * maximum-likelihood estimate (what R's `glm(family = binomial)` returns).
 *
 * **The L2 penalty** is applied to the standardized coefficients (z-scores with population std), the
 * intercept unpenalized: the objective is `−loglik + (l2 / 2)·‖β_std‖²`. This equals scikit-learn's
 * `make_pipeline(StandardScaler(), LogisticRegression(C = 1 / l2))` on the same design matrix (dummies
 * included) — the penalty does not depend on the units features are measured in.
 */
import { checkLogisticJson } from './model-json.ts';
import { errorFunction } from 'simple-statistics';
import { ConvergenceWarning, DataError, UsageError, type Warning } from '../core/errors.ts';
import { checkParameters, type NumberConstraint } from '../core/constraints.ts';
import { VERSION } from '../core/version.ts';
import { assertFitted } from '../core/fitted.ts';
import type { Frame } from '../data/frame.ts';
import { buildDesign, designNames, learnEncoding, type Encoding, type MissingPolicy } from './design.ts';
import { readBinaryTarget, requireBothClasses } from './labels.ts';
import { cholesky, choleskyInverse, choleskySolve } from './linalg.ts';
import { logLoss, rocAuc } from './metrics.ts';
import { runKernel, sharedFloat64 } from '../parallel/pool.ts';

/** Options of {@link LogisticRegression}. */
export interface LogisticOptions {
  /** L2 penalty on standardized coefficients; 0 = maximum likelihood. Default 0. */
  l2?: number;
  /** Newton iterations at most. Default 100. */
  maxIter?: number;
  /** Convergence when the largest coefficient step (standardized scale) is below this. Default 1e-10. */
  tol?: number;
}

/** What to fit: target, features and the missing-value policy. */
export interface LogisticFitOptions {
  /** The binary target column (0/1, true/false, yes/no, won/lost …). */
  target: string;
  /** Numeric feature columns. */
  features: readonly string[];
  /** Categorical feature columns (one-hot, first sorted level as reference). Default none. */
  categorical?: readonly string[];
  /** Rows with missing values: `error` (default), `drop`, `impute`. */
  missing?: MissingPolicy;
  /** The positive label of the target, when it is not one of the usual ones. */
  positive?: string;
  /** File name for messages. */
  file?: string;
}

/** One coefficient with its inference on the original scale. */
export interface Coefficient {
  name: string;
  estimate: number;
  stdError: number;
  z: number;
  pValue: number;
  oddsRatio: number;
}

/** The bounds of LogisticRegression's parameters, declared once (the constructor and the study config check them). */
export const LOGISTIC_PARAMETERS = {
  l2: { min: 0, max: Infinity },
  maxIter: { min: 1, max: Infinity, integer: true },
  tol: { min: 0, max: Infinity, exclusiveMin: true },
} as const satisfies Record<string, NumberConstraint>;

/** The model file of `segment lookalike` (docs/design.md §4). */
export interface LogisticModelJson {
  kind: 'logistic';
  version: string;
  target: string;
  positive: string | null;
  features: string[];
  categorical: Record<string, string[]>;
  intercept: number;
  coefficients: Record<string, number>;
  standardErrors: Record<string, number>;
  l2: number;
  converged: boolean;
  iterations: number;
  missing: MissingPolicy;
  medians: Record<string, number>;
  modes: Record<string, string>;
  /** Numeric features with a "was missing" coefficient, named `missing(feature)` (absent in older files: none). */
  missingIndicators?: string[];
  standardization: { mean: Record<string, number>; std: Record<string, number> };
  metrics: { n: number; positives: number; auc: number; logLoss: number };
}

interface Fitted {
  encoding: Encoding;
  names: string[];
  intercept: number;
  coefficients: Float64Array;
  covariance: Float64Array;
  mean: Float64Array;
  std: Float64Array;
  converged: boolean;
  iterations: number;
  n: number;
  positives: number;
  auc: number;
  logLoss: number;
  target: string;
  positive: string | null;
}

const sigmoid = (eta: number): number =>
  eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));

/** Result of the internal solver. */
export interface SolverResult {
  beta: Float64Array;
  hessian: Float64Array;
  iterations: number;
  converged: boolean;
  separated: boolean;
}

/** Rows per block when the design is transposed to column-major order. */
const TRANSPOSE_ROWS = 256;
/** Rows above which the solver starts from a fit on a subsample (see {@link _fitStandardized}). */
const WARM_START_ROWS = 200_000;

/** The largest |step_j|. */
function largestStep(step: Float64Array): number {
  let largest = 0;
  for (let j = 0; j < step.length; j++) largest = Math.max(largest, Math.abs(step[j] as number));
  return largest;
}

/**
 * The Newton solver on a standardized, **column-major** design `z` (column j = `z[j·n … j·n + n)`, no intercept
 * column): trusts its input. Returns β = [intercept, slopes…] on the standardized scale and the penalized
 * Hessian at β. Converged = the Newton step at β is below `tol` in every coefficient.
 *
 * Each Newton iteration is one pass over the data ({@link evaluate}): the log-likelihood of the candidate β
 * (for the step-halving line search) together with its gradient and Hessian. Above {@link WARM_START_ROWS}
 * rows the solver first fits every m-th row (about 100,000 rows) and then takes steps with that fit's Hessian
 * scaled to the full data, which need only the gradient (a pass five times cheaper); the Hessian of the full
 * data is computed once, at the end, for the convergence check and the standard errors. Every path ends with
 * the same exact Newton test on the full data, so the optimum is the same.
 */
export function _fitStandardized(
  z: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  l2: number,
  maxIter: number,
  tol: number,
): SolverResult {
  const q = p + 1;
  const gradient = new Float64Array(q);
  const hessian = new Float64Array(q * q);
  const eta = sharedFloat64(n);
  const candidate = new Float64Array(q);
  const warm = n > WARM_START_ROWS ? warmStart(z, n, p, y, l2, maxIter, tol, eta) : null;
  let beta: Float64Array = warm?.beta ?? new Float64Array(q);
  let iterations = warm?.iterations ?? 0;
  let f = evaluate(z, n, p, y, l2, beta, eta, gradient, hessian);
  let converged = false;
  const candidateGradient = new Float64Array(q);
  const candidateHessian = new Float64Array(q * q);
  while (iterations < maxIter) {
    const factor = cholesky(hessian, q);
    if (!factor) {
      // Singular at the start: collinear columns. Singular later: the weights μ(1 − μ) underflowed because
      // coefficients run off to infinity, i.e. the classes are separated.
      if (iterations > 0) break;
      throw new DataError(COLLINEAR);
    }
    const step = choleskySolve(factor, q, gradient);
    if (largestStep(step) < tol) {
      converged = true;
      break;
    }
    iterations++;
    let t = 1;
    let fCandidate = -Infinity;
    for (let halvings = 0; halvings < 40; halvings++) {
      for (let j = 0; j < q; j++) candidate[j] = (beta[j] as number) + t * (step[j] as number);
      fCandidate = evaluate(z, n, p, y, l2, candidate, eta, candidateGradient, candidateHessian);
      if (fCandidate >= f - 1e-12 * Math.abs(f)) break;
      t /= 2;
    }
    if (fCandidate < f - 1e-12 * Math.abs(f)) {
      evaluate(z, n, p, y, l2, beta, eta, gradient, hessian); // no improving step: keep β (and its η)
      break;
    }
    beta = candidate.slice();
    f = fCandidate;
    gradient.set(candidateGradient);
    hessian.set(candidateHessian);
  }
  const separated = l2 === 0 && isSeparated(eta, n);
  return { beta, hessian: hessian.slice(), iterations: Math.max(1, iterations), converged, separated };
}

/** Whether some fitted probability is within 1e-10 of 0 or 1 (the classes are separated). */
function isSeparated(eta: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const mu = sigmoid(eta[i] as number);
    if (mu < 1e-10 || mu > 1 - 1e-10) return true;
  }
  return false;
}

/**
 * The warm start of a large fit: a fit of every m-th row (about {@link WARM_START_ROWS} ÷ 2 rows), then chord steps
 * β ← β + H₀⁻¹ g(β) with that fit's Hessian scaled to n rows, taken while each step is under a tenth of the one
 * before. Null when the subsample cannot give a start (singular, separated, or its Hessian not positive definite):
 * Newton then starts from zero. `eta` is used as scratch.
 */
function warmStart(
  z: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  l2: number,
  maxIter: number,
  tol: number,
  eta: Float64Array,
): { beta: Float64Array; iterations: number } | null {
  const q = p + 1;
  const stride = Math.ceil(n / (WARM_START_ROWS / 2));
  const m = Math.ceil(n / stride);
  const zs = sharedFloat64(m * p);
  const ys = sharedFloat64(m);
  for (let r = 0; r < m; r++) {
    ys[r] = y[r * stride] as number;
    for (let j = 0; j < p; j++) zs[j * m + r] = z[j * n + r * stride] as number;
  }
  let start: SolverResult | null = null;
  try {
    start = _fitStandardized(zs, m, p, ys, l2, maxIter, tol);
  } catch {
    // A subsample can be singular where the full data are not: plain Newton from zero.
  }
  const scaled = start?.converged && !start.separated ? start.hessian.slice() : null;
  if (!start || !scaled) return null;
  // The subsample's Hessian, scaled to n rows (the penalty is not scaled).
  for (let j = 0; j < q * q; j++) scaled[j] = (scaled[j] as number) * (n / m);
  for (let j = 1; j < q; j++) scaled[j * q + j] = (scaled[j * q + j] as number) - l2 * (n / m - 1);
  const factor = cholesky(scaled, q);
  if (!factor) return null;
  // Chord steps shrink geometrically near the optimum; slower contraction is left to the exact Newton loop.
  const gradient = new Float64Array(q);
  const candidate = new Float64Array(q);
  let beta = start.beta.slice();
  let iterations = 0;
  gradientPass(z, n, p, y, l2, beta, eta, gradient);
  let step = choleskySolve(factor, q, gradient);
  let size = largestStep(step);
  for (let chord = 0; chord < maxIter && size >= tol; chord++) {
    for (let j = 0; j < q; j++) candidate[j] = (beta[j] as number) + (step[j] as number);
    gradientPass(z, n, p, y, l2, candidate, eta, gradient);
    const next = choleskySolve(factor, q, gradient);
    const nextSize = largestStep(next);
    if (!(nextSize < size / 10)) break; // slow contraction: exact Newton steps are cheaper
    beta = candidate.slice();
    iterations++;
    step = next;
    size = nextSize;
  }
  return { beta, iterations };
}

/**
 * One pass over a column-major design at `beta` for the gradient of the penalized log-likelihood only (no
 * Hessian, no likelihood: the chord steps do not need them): writes η into `eta` and the gradient into `gradient`.
 * Runs on all threads (kernels.js `logisticPass`).
 */
function gradientPass(
  z: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  l2: number,
  beta: Float64Array,
  eta: Float64Array,
  gradient: Float64Array,
): void {
  const q = p + 1;
  const totals = runKernel('logisticPass', { z, n, p, y, beta, eta, hessian: false }, n, 1 + q);
  gradient.set(totals.subarray(1, 1 + q));
  for (let j = 1; j <= p; j++) gradient[j] = (gradient[j] as number) - l2 * (beta[j] as number);
}

/**
 * One pass over a column-major design at `beta`: writes η of every row into `eta`, the gradient and Hessian of
 * the penalized log-likelihood into `gradient` and `hessian`, and returns the penalized log-likelihood. Runs on
 * all threads (kernels.js `logisticPass`: per block of rows, η and the weights, then each gradient entry and each
 * entry of the lower triangle of the Hessian as one dot product over the block).
 */
function evaluate(
  z: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  l2: number,
  beta: Float64Array,
  eta: Float64Array,
  gradient: Float64Array,
  hessian: Float64Array,
): number {
  const q = p + 1;
  const totals = runKernel('logisticPass', { z, n, p, y, beta, eta, hessian: true }, n, 1 + q + q * q);
  gradient.set(totals.subarray(1, 1 + q));
  hessian.set(totals.subarray(1 + q));
  for (let j = 0; j < q; j++) for (let k = 0; k < j; k++) hessian[k * q + j] = hessian[j * q + k] as number;
  let penalty = 0;
  for (let j = 1; j < q; j++) {
    const bj = beta[j] as number;
    penalty += bj * bj;
    gradient[j] = (gradient[j] as number) - l2 * bj;
    hessian[j * q + j] = (hessian[j * q + j] as number) + l2;
  }
  return (totals[0] as number) - (l2 / 2) * penalty;
}

function normalTwoSided(z: number): number {
  return 1 - errorFunction(Math.abs(z) / Math.SQRT2);
}

/** The rows with a target value (a missing target is an error, or dropped with a warning under `drop`). */
function labelledRows(frame: Frame, options: LogisticFitOptions) {
  const missing = options.missing ?? 'error';
  const y = readBinaryTarget(frame, options.target, {
    ...(options.positive === undefined ? {} : { positive: options.positive }),
    ...(options.file === undefined ? {} : { file: options.file }),
  });
  const labelled: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (!Number.isNaN(y[i] as number)) labelled.push(i);
    else if (missing === 'error') {
      throw new DataError("target value is missing; fill it, or set missing: 'drop'", {
        ...(options.file === undefined ? {} : { file: options.file }),
        row: i + 1,
        column: options.target,
      });
    }
  }
  const warnings: Warning[] = [];
  if (labelled.length < y.length)
    warnings.push({
      code: 'rows-dropped',
      message: `dropped ${y.length - labelled.length} rows with a missing target`,
    });
  return { y, labelled, training: labelled.length < y.length ? frame.take(labelled) : frame, warnings };
}

/** The encoding and design matrix of the training rows (under `drop`, learned again on the complete rows). */
function trainingDesign(training: Frame, options: LogisticFitOptions) {
  const missing = options.missing ?? 'error';
  const file = options.file === undefined ? {} : { file: options.file };
  const encodingOptions = {
    features: options.features,
    categorical: options.categorical ?? [],
    missing,
    indicators: true,
    ...file,
  };
  let encoding = learnEncoding(training, encodingOptions);
  for (const feature of options.features) {
    if (Number.isNaN(encoding.medians[feature] as number)) {
      throw new DataError(
        `feature "${feature}" has no values in the training rows; fill it or remove it from the features`,
        { ...file, column: feature },
      );
    }
  }
  let built = buildDesign(training, encoding, file);
  if (missing === 'drop' && built.design.n < training.numRows) {
    encoding = learnEncoding(training, encodingOptions, built.design.rows);
    built = buildDesign(training, encoding, file);
  }
  return { encoding, built };
}

/**
 * Column means and population standard deviations of a row-major design, and the z-scores in column-major
 * order for the solver. A constant column is an error naming it.
 */
function standardizeColumns(x: Float64Array, n: number, names: readonly string[], file: { file?: string }) {
  const p = names.length;
  const mean = new Float64Array(p);
  const std = new Float64Array(p);
  for (let r = 0; r < n; r++)
    for (let j = 0; j < p; j++) mean[j] = (mean[j] as number) + (x[r * p + j] as number);
  for (let j = 0; j < p; j++) mean[j] = (mean[j] as number) / n;
  for (let r = 0; r < n; r++)
    for (let j = 0; j < p; j++)
      std[j] = (std[j] as number) + ((x[r * p + j] as number) - (mean[j] as number)) ** 2;
  for (let j = 0; j < p; j++) {
    std[j] = Math.sqrt((std[j] as number) / n);
    if (!((std[j] as number) > 0))
      throw new DataError(
        `feature "${names[j]}" is constant (${mean[j]}) in the ${n} training rows; remove it`,
        file,
      );
  }
  // Column-major, for the solver (shared with the worker threads). Transposed a block of rows at a time, so that
  // both the reads of x and the writes of each column stay in the cache.
  const z = sharedFloat64(n * p);
  for (let start = 0; start < n; start += TRANSPOSE_ROWS) {
    const end = Math.min(n, start + TRANSPOSE_ROWS);
    for (let j = 0; j < p; j++) {
      const m = mean[j] as number;
      const s = std[j] as number;
      for (let r = start, col = j * n; r < end; r++) z[col + r] = ((x[r * p + j] as number) - m) / s;
    }
  }
  return { mean, std, z };
}

/**
 * Coefficients and their covariance back on the original scale: β_j = b_j / s_j, β_0 = b_0 − Σ b_j m_j / s_j,
 * Cov = A Cov_std Aᵀ. Separated data leave no usable Hessian: standard errors are then unknown (NaN).
 */
function toOriginalScale(
  solved: { beta: Float64Array; hessian: Float64Array },
  mean: Float64Array,
  std: Float64Array,
): { coefficients: Float64Array; covariance: Float64Array } {
  const q = mean.length + 1;
  const factor = cholesky(solved.hessian, q);
  const covStd = factor ? choleskyInverse(factor, q) : new Float64Array(q * q).fill(Number.NaN);
  const a = new Float64Array(q * q);
  a[0] = 1;
  for (let j = 1; j < q; j++) {
    a[j] = -(mean[j - 1] as number) / (std[j - 1] as number);
    a[j * q + j] = 1 / (std[j - 1] as number);
  }
  const coefficients = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    let s = 0;
    for (let j = 0; j < q; j++) s += (a[i * q + j] as number) * (solved.beta[j] as number);
    coefficients[i] = s;
  }
  const covariance = new Float64Array(q * q);
  for (let i = 0; i < q; i++) {
    for (let k = 0; k < q; k++) {
      let s = 0;
      for (let j = 0; j < q; j++) {
        const aij = a[i * q + j] as number;
        if (aij === 0) continue;
        for (let l = 0; l < q; l++) s += aij * (covStd[j * q + l] as number) * (a[k * q + l] as number);
      }
      covariance[i * q + k] = s;
    }
  }
  return { coefficients, covariance };
}

/** Warnings of a fit that did not converge or met separated data. */
function convergenceWarnings(solved: {
  converged: boolean;
  separated: boolean;
  iterations: number;
}): Warning[] {
  const warnings: Warning[] = [];
  if (!solved.converged)
    warnings.push(
      new ConvergenceWarning(
        'not-converged',
        `the solver stopped after ${solved.iterations} iterations without converging; add an L2 penalty (l2: 1) or check for separation`,
      ),
    );
  if (solved.separated)
    warnings.push(
      new ConvergenceWarning(
        'separation',
        'fitted probabilities numerically 0 or 1 occurred: some features (almost) perfectly separate the classes, so coefficients are unreliable; add an L2 penalty (l2: 1) or remove the separating feature',
      ),
    );
  return warnings;
}

const COLLINEAR =
  'the features are collinear (a duplicated column, or a dummy that equals a combination of others); remove one, or add an L2 penalty';

/**
 * Pairs of standardized design columns (column-major, as the solver holds them) that are (nearly) the same
 * column, up to sign: |correlation| ≥ 0.999.
 *
 * @example
 * collinearPairs(z, n, ['missing(Founded Year)', 'region=Unknown']); // [['missing(Founded Year)', 'region=Unknown']]
 */
export function collinearPairs(z: Float64Array, n: number, names: readonly string[]): [string, string][] {
  const p = names.length;
  const column = (j: number) => z.subarray(j * n, (j + 1) * n);
  const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, r) => s + v * (b[r] as number), 0);
  const norms = names.map((_, j) => Math.sqrt(dot(column(j), column(j))));
  const pairs: [string, string][] = [];
  for (let a = 0; a < p; a++)
    for (let b = a + 1; b < p; b++) {
      const correlation = dot(column(a), column(b)) / ((norms[a] as number) * (norms[b] as number));
      if (Math.abs(correlation) >= 0.999) pairs.push([names[a] as string, names[b] as string]);
    }
  return pairs;
}

/** Runs the solver; a collinearity error then names the columns that are the same (when a pair is). */
function solveNamingCollinear(
  solve: () => SolverResult,
  design: { z: Float64Array; n: number; names: readonly string[] },
): SolverResult {
  try {
    return solve();
  } catch (error) {
    if (!(error instanceof DataError) || error.detail !== COLLINEAR) throw error;
    const pairs = collinearPairs(design.z, design.n, design.names);
    if (pairs.length === 0) throw error;
    throw new DataError(
      `the features are collinear: ${pairs.map(([a, b]) => `"${a}" and "${b}"`).join(', ')} carry the same information; remove one of each pair, or add an L2 penalty`,
    );
  }
}

/**
 * The lookalike model: P(target = positive | features), scikit-learn estimator contract.
 *
 * @example
 * const model = new LogisticRegression({ l2: 0 }).fit(accounts, {
 *   target: 'is_customer', features: ['log10_employees', 'tech_fit_score'], categorical: ['industry'],
 * });
 * model.coefficientTable();          // [{ name: '(Intercept)', estimate, stdError, z, pValue, oddsRatio }, …]
 * model.predictProba(universe).probability; // Float64Array
 */
export class LogisticRegression {
  readonly l2: number;
  readonly maxIter: number;
  readonly tol: number;
  /** Non-fatal issues of the last fit (dropped rows, non-convergence, separation). */
  warnings: Warning[] = [];
  #fitted: Fitted | null = null;

  constructor(options: LogisticOptions = {}) {
    this.l2 = options.l2 ?? 0;
    this.maxIter = options.maxIter ?? 100;
    this.tol = options.tol ?? 1e-10;
    checkParameters('LogisticRegression', LOGISTIC_PARAMETERS, this);
  }

  /** Fits the model; returns `this`. Throws {@link DataError} for unusable data. */
  fit(frame: Frame, options: LogisticFitOptions): this {
    if (options.features.length === 0 && (options.categorical ?? []).length === 0) {
      throw new UsageError('LogisticRegression.fit: give at least one feature');
    }
    const file = options.file === undefined ? {} : { file: options.file };
    const target = labelledRows(frame, options);
    const { encoding, built } = trainingDesign(target.training, options);
    const warnings: Warning[] = [...target.warnings, ...built.warnings];
    const { x, n, names, rows } = built.design;
    const p = names.length;
    const y = sharedFloat64(n);
    for (let r = 0; r < n; r++) y[r] = target.y[target.labelled[rows[r] as number] as number] as number;
    const { positives } = requireBothClasses(y, options.target);
    if (n <= p)
      throw new DataError(
        `only ${n} usable rows for ${p + 1} coefficients; a model needs more rows than coefficients`,
      );
    const { mean, std, z } = standardizeColumns(x, n, names, file);
    const solved = solveNamingCollinear(() => _fitStandardized(z, n, p, y, this.l2, this.maxIter, this.tol), {
      z,
      n,
      names,
    });
    const { coefficients, covariance } = toOriginalScale(solved, mean, std);
    warnings.push(...convergenceWarnings(solved));
    const probability = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      let e = coefficients[0] as number;
      for (let j = 0; j < p; j++) e += (coefficients[j + 1] as number) * (x[r * p + j] as number);
      probability[r] = sigmoid(e);
    }
    this.#fitted = {
      encoding,
      names,
      intercept: coefficients[0] as number,
      coefficients: coefficients.slice(1),
      covariance,
      mean,
      std,
      converged: solved.converged,
      iterations: solved.iterations,
      n,
      positives,
      auc: rocAuc(y, probability),
      logLoss: logLoss(y, probability),
      target: options.target,
      positive: options.positive ?? null,
    };
    this.warnings = warnings;
    return this;
  }

  #state(method: string): Fitted {
    return assertFitted(this.#fitted, 'LogisticRegression', method);
  }

  /** Design column names in coefficient order (features, then `col=level` dummies). */
  get featureNames(): string[] {
    return this.#state('featureNames').names.slice();
  }

  /** Intercept on the original scale. */
  get intercept(): number {
    return this.#state('intercept').intercept;
  }

  /** Coefficients on the original scale, by name. */
  get coefficients(): Record<string, number> {
    const s = this.#state('coefficients');
    return Object.fromEntries(s.names.map((name, j) => [name, s.coefficients[j] as number]));
  }

  /** True when the solver met its tolerance. */
  get converged(): boolean {
    return this.#state('converged').converged;
  }

  /** Newton iterations used. */
  get iterations(): number {
    return this.#state('iterations').iterations;
  }

  /**
   * Coefficients with standard errors (from the inverse Hessian; with l2 > 0 they are those of the penalized
   * fit), Wald z, two-sided p-values and odds ratios (e^β: the multiplicative change in the odds per unit).
   */
  coefficientTable(): Coefficient[] {
    const s = this.#state('coefficientTable');
    const q = s.names.length + 1;
    return ['(Intercept)', ...s.names].map((name, i) => {
      const estimate = i === 0 ? s.intercept : (s.coefficients[i - 1] as number);
      const stdError = Math.sqrt(s.covariance[i * q + i] as number);
      const z = estimate / stdError;
      return { name, estimate, stdError, z, pValue: normalTwoSided(z), oddsRatio: Math.exp(estimate) };
    });
  }

  /**
   * P(positive) for each row of `frame`. Rows the missing-value policy cannot score (policy `drop`) get NaN and
   * a warning; under `error` a missing value throws a {@link DataError} naming the row.
   */
  predictProba(
    frame: Frame,
    options: { file?: string } = {},
  ): { probability: Float64Array; warnings: Warning[] } {
    const s = this.#state('predictProba');
    const { design, warnings } = buildDesign(frame, s.encoding, { ...options, scoring: true });
    const probability = new Float64Array(frame.numRows).fill(Number.NaN);
    const p = design.names.length;
    for (let r = 0; r < design.n; r++) {
      let e = s.intercept;
      for (let j = 0; j < p; j++) e += (s.coefficients[j] as number) * (design.x[r * p + j] as number);
      probability[design.rows[r] as number] = sigmoid(e);
    }
    return { probability, warnings };
  }

  /** 1 where P(positive) ≥ `threshold` (default 0.5), 0 below, NaN where unscored. */
  predict(frame: Frame, threshold = 0.5): Float64Array {
    return this.predictProba(frame).probability.map((v) =>
      Number.isNaN(v) ? Number.NaN : v >= threshold ? 1 : 0,
    );
  }

  /** The model file (docs/design.md §4), with everything needed to score and to explain it. */
  toJSON(): LogisticModelJson {
    const s = this.#state('toJSON');
    const se = this.coefficientTable();
    return {
      kind: 'logistic',
      version: VERSION,
      target: s.target,
      positive: s.positive,
      features: s.encoding.features.slice(),
      categorical: structuredClone(s.encoding.categorical),
      intercept: s.intercept,
      coefficients: this.coefficients,
      standardErrors: Object.fromEntries(se.map((c) => [c.name, c.stdError])),
      l2: this.l2,
      converged: s.converged,
      iterations: s.iterations,
      missing: s.encoding.missing,
      medians: { ...s.encoding.medians },
      modes: { ...s.encoding.modes },
      missingIndicators: s.encoding.indicators.slice(),
      standardization: {
        mean: Object.fromEntries(s.names.map((n, j) => [n, s.mean[j] as number])),
        std: Object.fromEntries(s.names.map((n, j) => [n, s.std[j] as number])),
      },
      metrics: { n: s.n, positives: s.positives, auc: s.auc, logLoss: s.logLoss },
    };
  }

  /** Restores a model written by {@link toJSON} (scoring and the coefficient table work; refit to change it). */
  static fromJSON(json: unknown, file?: string): LogisticRegression {
    checkLogisticJson(json, file);
    const full = json as LogisticModelJson;
    const encoding: Encoding = {
      features: full.features,
      categorical: full.categorical,
      missing: full.missing,
      medians: full.medians,
      modes: full.modes,
      indicators: full.missingIndicators ?? [],
    };
    const names = designNames(encoding);
    const q = names.length + 1;
    const covariance = new Float64Array(q * q);
    ['(Intercept)', ...names].forEach(
      (name, i) => (covariance[i * q + i] = (full.standardErrors?.[name] ?? Number.NaN) ** 2),
    );
    const model = new LogisticRegression({ l2: full.l2 ?? 0 });
    model.#fitted = {
      encoding,
      names,
      intercept: full.intercept,
      coefficients: Float64Array.from(names, (n) => full.coefficients[n] as number),
      covariance,
      mean: Float64Array.from(names, (n) => full.standardization.mean[n] ?? Number.NaN),
      std: Float64Array.from(names, (n) => full.standardization.std[n] ?? Number.NaN),
      converged: full.converged,
      iterations: full.iterations,
      n: full.metrics.n,
      positives: full.metrics.positives,
      auc: full.metrics.auc,
      logLoss: full.metrics.logLoss,
      target: full.target,
      positive: full.positive ?? null,
    };
    return model;
  }
}
