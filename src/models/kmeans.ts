/**
 * k-means clustering of accounts into personas, on typed arrays.
 *
 * - Initialization: greedy k-means++ (scikit-learn's: 2 + ⌊ln k⌋ candidate centres per step, keep the one
 *   that lowers the potential most), seeded.
 * - `nInit` restarts from different seeds; the run with the lowest inertia wins.
 * - Lloyd iterations until the total squared centre shift is ≤ `tol` × the mean feature variance
 *   (scikit-learn's relative tolerance), or the labels stop changing, or `maxIter`.
 * - Empty-cluster rule: an empty cluster takes the point farthest from its current centre.
 * - Optional standardization: z-scores with population std (StandardScaler); a constant feature gets std 1.
 * - Inertia is the sum of squared distances to the nearest centre, in the space the model was fitted in.
 */
import { checkKMeansJson } from './model-json.ts';
import { DataError, UsageError, warning, type Warning } from '../core/errors.ts';
import { checkParameters, type NumberConstraint } from '../core/constraints.ts';
import { DEFAULT_SEED, Random } from '../core/random.ts';
import { VERSION } from '../core/version.ts';
import { assertFitted } from '../core/fitted.ts';
import type { Frame } from '../data/frame.ts';
import {
  buildDesign,
  learnEncoding,
  type DesignResult,
  type Encoding,
  type MissingPolicy,
} from './design.ts';
import { CHUNK_ROWS, isShared, runKernel, sharedFloat64, sharedInt32, toShared } from '../parallel/pool.ts';

/** Options of {@link KMeans}. */
export interface KMeansOptions {
  /** Number of clusters (integer ≥ 1). */
  k: number;
  /** Seed of the random initializations. Default 42. */
  seed?: number;
  /** Restarts; the lowest inertia wins. Default 10. */
  nInit?: number;
  /** Lloyd iterations per restart at most. Default 300. */
  maxIter?: number;
  /** Relative tolerance on the centre shift. Default 1e-4. */
  tol?: number;
  /** Z-score the features first. Default false. */
  standardize?: boolean;
}

/** What to cluster. */
export interface KMeansFitOptions {
  /** Numeric feature columns. */
  features: readonly string[];
  /** Rows with missing values: `error` (default), `drop`, `impute`. */
  missing?: MissingPolicy;
  /** File name for messages. */
  file?: string;
  /** Called after each of the `nInit` runs (for progress on long fits). */
  onRun?: (done: number, total: number) => void;
}

/** The bounds of KMeans's parameters, declared once (the constructor and the study config check them). */
export const KMEANS_PARAMETERS = {
  k: { min: 1, max: Infinity, integer: true },
  nInit: { min: 1, max: 1000, integer: true },
  maxIter: { min: 1, max: Infinity, integer: true },
  tol: { min: 0, max: Infinity },
} as const satisfies Record<string, NumberConstraint>;

/** The model file of `segment cluster` (docs/design.md §4). */
export interface KMeansModelJson {
  kind: 'kmeans';
  version: string;
  features: string[];
  standardize: { mean: number[]; std: number[] } | null;
  k: number;
  seed: number;
  nInit: number;
  /** Centroids on the original feature scale, one array per cluster in feature order. */
  centroids: number[][];
  /** Centroids in the fitted (standardized when `standardize`) space, used for scoring. */
  centersFitted: number[][];
  inertia: number;
  iterations: number;
  converged: boolean;
  missing: MissingPolicy;
  medians: Record<string, number>;
  /** Accounts per cluster in the training data. */
  sizes: number[];
}

/** Result of one k-means run on a row-major matrix. */
export interface KMeansRun {
  centers: Float64Array;
  labels: Int32Array;
  inertia: number;
  iterations: number;
  converged: boolean;
}

function squaredDistance(x: Float64Array, i: number, centers: Float64Array, c: number, d: number): number {
  let s = 0;
  const a = i * d;
  const b = c * d;
  for (let j = 0; j < d; j++) {
    const diff = (x[a + j] as number) - (centers[b + j] as number);
    s += diff * diff;
  }
  return s;
}

/**
 * Assigns every row to its nearest centre (ties to the lowest index); returns the inertia. `distance`
 * receives each row's squared distance. Runs on all threads ({@link runKernel}).
 */
export function assignLabels(
  x: Float64Array,
  n: number,
  d: number,
  centers: Float64Array,
  k: number,
  labels: Int32Array,
  distance: Float64Array,
): number {
  // Above one chunk, worker threads read x and write the outputs: arrays not already shared go through copies.
  const copy = n > CHUNK_ROWS;
  const out = {
    labels: copy && !isShared(labels) ? sharedInt32(n) : labels,
    distance: copy && !isShared(distance) ? sharedFloat64(n) : distance,
  };
  const args = { x: copy ? toShared(x) : x, d, centers, k, ...out };
  const [inertia] = runKernel('kmeansAssign', args, n, 1);
  if (out.labels !== labels) labels.set(out.labels);
  if (out.distance !== distance) distance.set(out.distance);
  return inertia as number;
}

/**
 * Greedy k-means++ seeding (scikit-learn's `_kmeans_plusplus`). `x` is on a SharedArrayBuffer when it has more
 * than {@link CHUNK_ROWS} rows.
 */
export function kmeansPlusPlus(x: Float64Array, n: number, d: number, k: number, rng: Random): Float64Array {
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.int(n);
  centers.set(x.subarray(first * d, first * d + d), 0);
  const closest = sharedFloat64(n);
  const candidateDistance = sharedFloat64(n);
  const bestDistance = sharedFloat64(n);
  closest.fill(Infinity);
  const distancesWith = (candidate: number) =>
    runKernel('kmeansCandidate', { x, d, closest, candidate, candidateDistance }, n, 1)[0] as number;
  let potential = distancesWith(first);
  closest.set(candidateDistance);
  for (let c = 1; c < k; c++) {
    let bestCandidate = -1;
    let bestPotential = Infinity;
    for (let t = 0; t < trials; t++) {
      const candidate = drawProportional(closest, n, rng.uniform() * potential);
      const candidatePotential = distancesWith(candidate);
      if (candidatePotential < bestPotential) {
        bestPotential = candidatePotential;
        bestCandidate = candidate;
        bestDistance.set(candidateDistance);
      }
    }
    centers.set(x.subarray(bestCandidate * d, bestCandidate * d + d), c * d);
    closest.set(bestDistance);
    potential = bestPotential;
  }
  return centers;
}

/** The row where the running sum of `weights` first exceeds `target` (the last row if it never does). */
function drawProportional(weights: Float64Array, n: number, target: number): number {
  let left = target;
  for (let i = 0; i < n; i++) {
    left -= weights[i] as number;
    if (left < 0) return i;
  }
  return n - 1;
}

/** Per centre, half the distance to its nearest other centre. */
function centerGaps(centers: Float64Array, k: number, d: number, halfGap: Float64Array): void {
  halfGap.fill(Infinity);
  for (let c = 0; c < k; c++) {
    for (let o = c + 1; o < k; o++) {
      const h = Math.sqrt(squaredDistance(centers, c, centers, o, d)) / 2;
      if (h < (halfGap[c] as number)) halfGap[c] = h;
      if (h < (halfGap[o] as number)) halfGap[o] = h;
    }
  }
}

/**
 * Above this share of rows whose bounds cannot keep their centre, the next pass measures every row's own distance
 * in order (see kernels.js `kmeansHamerly`).
 */
const MEASURE_ALL_ABOVE = 0.2;

/**
 * One seeded k-means run (k-means++ then Lloyd's iterations) on a row-major n × d matrix (on a SharedArrayBuffer
 * above {@link CHUNK_ROWS} rows); trusts its input.
 *
 * Lloyd's iterations are computed with Hamerly's bounds (Hamerly 2010, "Making k-means even faster"): each row
 * keeps an upper bound on the distance to its centre and one lower bound on the distance to every other centre,
 * both stored relative to the centres' cumulative drift so that moving the centres costs nothing per row (the
 * true upper bound is `upper[i] + drift[labels[i]]`, the true lower bound `lower[i] − maxDrift`, maxDrift = the
 * sum over iterations of the largest centre move). Only the rows whose bounds cannot prove that their centre is
 * still the nearest are searched: the same partitions and centres as plain Lloyd (up to ties between exactly
 * equidistant centres). The passes run on all threads (kernels.js), with the same result on any number.
 */
export function _kmeansRun(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  rng: Random,
  maxIter: number,
  tolAbs: number,
): KMeansRun {
  let centers = kmeansPlusPlus(x, n, d, k, rng);
  const state: LloydState = {
    labels: sharedInt32(n),
    upper: sharedFloat64(n),
    lower: sharedFloat64(n),
    sums: new Float64Array(k * d),
    counts: new Int32Array(k),
  };
  const halfGap = new Float64Array(k);
  const drift = new Float64Array(k);
  let maxDrift = 0;
  let measureOwn = false;
  let iterations = 0;
  let converged = false;
  addCounts(state, runKernel('kmeansFirst', { x, d, centers, k, ...rowBounds(state) }, n, k * d + k), k, d);
  let changed = n;
  while (iterations < maxIter) {
    iterations++;
    if (iterations > 1) {
      centerGaps(centers, k, d, halfGap);
      const args = { x, d, centers, k, halfGap, drift, maxDrift, measureOwn, ...rowBounds(state) };
      const totals = runKernel('kmeansHamerly', args, n, k * d + k + 2);
      addCounts(state, totals, k, d);
      changed = totals[k * d + k] as number;
      measureOwn = (totals[k * d + k + 1] as number) > n * MEASURE_ALL_ABOVE;
    }
    changed += reseedEmptyClusters(x, n, d, centers, k, state);
    const moved = movedCenters(centers, k, d, state, drift);
    maxDrift += moved.largest;
    centers = moved.next;
    if (changed === 0 || moved.shift <= tolAbs) {
      converged = true;
      break;
    }
  }
  const { labels } = state;
  const inertia = assignLabels(x, n, d, centers, k, labels, sharedFloat64(n));
  return { centers, labels, inertia, iterations, converged };
}

/** What Lloyd's iterations keep per row (label, Hamerly's bounds) and per cluster (coordinate sums, counts). */
interface LloydState {
  labels: Int32Array;
  upper: Float64Array;
  lower: Float64Array;
  sums: Float64Array;
  counts: Int32Array;
}

function rowBounds({ labels, upper, lower }: LloydState) {
  return { labels, upper, lower };
}

/** Adds a pass's totals (sums k × d, then counts k) to the state's cluster sums and counts. */
function addCounts(state: LloydState, totals: Float64Array, k: number, d: number): void {
  for (let j = 0; j < k * d; j++) state.sums[j] = (state.sums[j] as number) + (totals[j] as number);
  for (let c = 0; c < k; c++) state.counts[c] = (state.counts[c] as number) + (totals[k * d + c] as number);
}

/** Empty clusters take the points farthest from their centres (each point used once); returns the rows moved. */
function reseedEmptyClusters(
  x: Float64Array,
  n: number,
  d: number,
  centers: Float64Array,
  k: number,
  s: LloydState,
): number {
  const { labels, upper, lower, sums, counts } = s;
  let changed = 0;
  for (let c = 0; c < k; c++) {
    if (counts[c] !== 0) continue;
    const distance = new Float64Array(n);
    for (let i = 0; i < n; i++) distance[i] = squaredDistance(x, i, centers, labels[i] as number, d);
    let far = -1;
    for (let i = 0; i < n; i++)
      if (
        (counts[labels[i] as number] as number) > 1 &&
        (far === -1 || (distance[i] as number) > (distance[far] as number))
      )
        far = i;
    if (far === -1) continue;
    const from = labels[far] as number;
    counts[from] = (counts[from] as number) - 1;
    for (let j = 0; j < d; j++)
      sums[from * d + j] = (sums[from * d + j] as number) - (x[far * d + j] as number);
    labels[far] = c;
    counts[c] = 1;
    for (let j = 0; j < d; j++) sums[c * d + j] = x[far * d + j] as number;
    upper[far] = Infinity; // measured again next iteration
    lower[far] = -Infinity;
    changed++;
  }
  return changed;
}

/**
 * The new centres (cluster means; an empty cluster keeps its centre), the total squared shift, the largest move,
 * and each centre's accumulated drift (for the bounds).
 */
function movedCenters(
  centers: Float64Array,
  k: number,
  d: number,
  s: LloydState,
  drift: Float64Array,
): { next: Float64Array; shift: number; largest: number } {
  const { sums, counts } = s;
  const next = new Float64Array(k * d);
  let shift = 0;
  let largest = 0;
  for (let c = 0; c < k; c++) {
    let m = 0;
    for (let j = 0; j < d; j++) {
      const v = counts[c]
        ? (sums[c * d + j] as number) / (counts[c] as number)
        : (centers[c * d + j] as number);
      next[c * d + j] = v;
      m += (v - (centers[c * d + j] as number)) ** 2;
    }
    shift += m;
    drift[c] = (drift[c] as number) + Math.sqrt(m);
    largest = Math.max(largest, Math.sqrt(m));
  }
  return { next, shift, largest };
}

interface Fitted {
  encoding: Encoding;
  mean: Float64Array | null;
  std: Float64Array | null;
  centers: Float64Array;
  labels: Int32Array;
  inertia: number;
  iterations: number;
  converged: boolean;
  sizes: number[];
}

/** The encoding of the features (learned again on the kept rows under `drop`) and the design. */
function encodeForClustering(
  frame: Frame,
  options: KMeansFitOptions,
  file: { file?: string },
): { encoding: Encoding; built: DesignResult } {
  const encodingOptions = { features: options.features, missing: options.missing ?? 'error', ...file };
  let encoding = learnEncoding(frame, encodingOptions);
  for (const f of options.features) {
    if (Number.isNaN(encoding.medians[f] as number))
      throw new DataError(`feature "${f}" has no values`, { ...file, column: f });
  }
  let built = buildDesign(frame, encoding, file);
  if (encoding.missing === 'drop' && built.design.n < frame.numRows) {
    encoding = learnEncoding(frame, encodingOptions, built.design.rows);
    built = buildDesign(frame, encoding, file);
  }
  return { encoding, built };
}

/** The space k-means runs in: the design on shared memory, z-scored when `standardize`. */
interface FittingSpace {
  x: Float64Array;
  mean: Float64Array | null;
  std: Float64Array | null;
  /** Mean of the columns' (population) variances in this space: the tolerance is relative to it. */
  meanVariance: number;
  warnings: Warning[];
}

function fittingSpace(
  design: Float64Array,
  n: number,
  d: number,
  standardize: boolean,
  features: readonly string[],
): FittingSpace {
  const colMean = new Float64Array(d);
  const variance = new Float64Array(d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) colMean[j] = (colMean[j] as number) + (design[i * d + j] as number) / n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++)
      variance[j] =
        (variance[j] as number) + ((design[i * d + j] as number) - (colMean[j] as number)) ** 2 / n;
  const meanOf = (values: Float64Array) => values.reduce((sum, v) => sum + v / d, 0);
  if (!standardize)
    return { x: toShared(design), mean: null, std: null, meanVariance: meanOf(variance), warnings: [] };
  const std = variance.map((v) => (v > 0 ? Math.sqrt(v) : 1));
  const z = sharedFloat64(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++)
      z[i * d + j] = ((design[i * d + j] as number) - (colMean[j] as number)) / (std[j] as number);
  const warnings = features
    .filter((_, j) => variance[j] === 0)
    .map((f) => warning('constant-feature', `feature "${f}" is constant; it does not affect the clusters`));
  return {
    x: z,
    mean: colMean,
    std,
    meanVariance: meanOf(variance.map((v) => (v > 0 ? 1 : 0))),
    warnings,
  };
}

/**
 * k-means with the scikit-learn estimator contract.
 *
 * @example
 * const km = new KMeans({ k: 4, seed: 7, standardize: true }).fit(customers, { features: ['log_employees', 'tech_fit'] });
 * km.inertia;               // lowest of 10 restarts
 * km.predict(universe).labels; // Int32Array of cluster ids (−1 = not scored)
 */
export class KMeans {
  readonly k: number;
  readonly seed: number;
  readonly nInit: number;
  readonly maxIter: number;
  readonly tol: number;
  readonly standardize: boolean;
  /** Non-fatal issues of the last fit. */
  warnings: Warning[] = [];
  #fitted: Fitted | null = null;

  constructor(options: KMeansOptions) {
    this.k = options.k;
    this.seed = options.seed ?? DEFAULT_SEED;
    this.nInit = options.nInit ?? 10;
    this.maxIter = options.maxIter ?? 300;
    this.tol = options.tol ?? 1e-4;
    this.standardize = options.standardize ?? false;
    checkParameters('KMeans', KMEANS_PARAMETERS, this);
    if (!Number.isFinite(this.seed)) throw new UsageError(`KMeans: seed=${options.seed} must be a number`);
  }

  /** Fits on the feature columns of `frame`; returns `this`. */
  fit(frame: Frame, options: KMeansFitOptions): this {
    if (options.features.length === 0) throw new UsageError('KMeans.fit: give at least one feature');
    const file = options.file === undefined ? {} : { file: options.file };
    const { encoding, built } = encodeForClustering(frame, options, file);
    const { n } = built.design;
    const d = options.features.length;
    if (this.k > n)
      throw new DataError(`k=${this.k} is larger than the ${n} rows to cluster; choose k <= ${n}`, file);
    const space = fittingSpace(built.design.x, n, d, this.standardize, options.features);
    const winner = this.#bestRun(space.x, n, d, this.tol * space.meanVariance, options.onRun);
    const sizes = new Array<number>(this.k).fill(0);
    for (const label of winner.labels) sizes[label] = (sizes[label] as number) + 1;
    this.#fitted = {
      encoding,
      mean: space.mean,
      std: space.std,
      centers: winner.centers,
      labels: winner.labels,
      inertia: winner.inertia,
      iterations: winner.iterations,
      converged: winner.converged,
      sizes,
    };
    this.warnings = [...built.warnings, ...space.warnings, ...this.#runWarnings(winner, sizes)];
    return this;
  }

  /** The lowest-inertia run of `nInit` seeded k-means++ starts. */
  #bestRun(
    x: Float64Array,
    n: number,
    d: number,
    tolAbs: number,
    onRun?: KMeansFitOptions['onRun'],
  ): KMeansRun {
    const rng = new Random(this.seed);
    let best: KMeansRun | null = null;
    for (let run = 0; run < this.nInit; run++) {
      const seed = new Random(Math.floor(rng.uniform() * 2 ** 31));
      const result = _kmeansRun(x, n, d, this.k, seed, this.maxIter, tolAbs);
      if (!best || result.inertia < best.inertia) best = result;
      onRun?.(run + 1, this.nInit);
    }
    return best as KMeansRun;
  }

  #runWarnings(winner: KMeansRun, sizes: readonly number[]): Warning[] {
    const warnings: Warning[] = [];
    const empty = sizes.filter((s) => s === 0).length;
    if (empty > 0)
      warnings.push(
        warning(
          'empty-clusters',
          `only ${this.k - empty} distinct clusters found for k=${this.k} (too few distinct rows); choose a smaller k`,
        ),
      );
    if (!winner.converged)
      warnings.push(
        warning(
          'not-converged',
          `k-means stopped after ${this.maxIter} iterations without converging; raise maxIter`,
        ),
      );
    return warnings;
  }

  #state(method: string): Fitted {
    return assertFitted(this.#fitted, 'KMeans', method);
  }

  /** Sum of squared distances to the nearest centre, in the fitted space. */
  get inertia(): number {
    return this.#state('inertia').inertia;
  }
  /** Lloyd iterations of the winning restart. */
  get iterations(): number {
    return this.#state('iterations').iterations;
  }
  /** Whether the winning restart met the tolerance. */
  get converged(): boolean {
    return this.#state('converged').converged;
  }
  /** Cluster of each training row that was used (rows dropped for missing values are not included). */
  get labels(): Int32Array {
    return this.#state('labels').labels.slice();
  }
  /** Accounts per cluster in training. */
  get sizes(): number[] {
    return this.#state('sizes').sizes.slice();
  }

  /** Centroids on the original feature scale, one array per cluster. */
  get centroids(): number[][] {
    const s = this.#state('centroids');
    const d = s.encoding.features.length;
    return Array.from({ length: this.k }, (_, c) =>
      Array.from({ length: d }, (_, j) => {
        const v = s.centers[c * d + j] as number;
        return s.mean && s.std ? v * (s.std[j] as number) + (s.mean[j] as number) : v;
      }),
    );
  }

  /** Nearest-centroid cluster of each row (−1 where the missing-value policy leaves a row unscored). */
  predict(frame: Frame, options: { file?: string } = {}): { labels: Int32Array; warnings: Warning[] } {
    const s = this.#state('predict');
    const { design, warnings } = buildDesign(frame, s.encoding, { ...options, scoring: true });
    const d = s.encoding.features.length;
    let x = design.x;
    if (s.mean && s.std) {
      x = sharedFloat64(design.x.length);
      for (let i = 0; i < design.n; i++)
        for (let j = 0; j < d; j++)
          x[i * d + j] = ((design.x[i * d + j] as number) - (s.mean[j] as number)) / (s.std[j] as number);
    }
    const assigned = new Int32Array(design.n);
    assignLabels(x, design.n, d, s.centers, this.k, assigned, new Float64Array(design.n));
    const labels = new Int32Array(frame.numRows).fill(-1);
    for (let r = 0; r < design.n; r++) labels[design.rows[r] as number] = assigned[r] as number;
    return { labels, warnings };
  }

  /** The model file (docs/design.md §4). */
  toJSON(): KMeansModelJson {
    const s = this.#state('toJSON');
    const d = s.encoding.features.length;
    return {
      kind: 'kmeans',
      version: VERSION,
      features: s.encoding.features.slice(),
      standardize: s.mean && s.std ? { mean: Array.from(s.mean), std: Array.from(s.std) } : null,
      k: this.k,
      seed: this.seed,
      nInit: this.nInit,
      centroids: this.centroids,
      centersFitted: Array.from({ length: this.k }, (_, c) =>
        Array.from(s.centers.subarray(c * d, c * d + d)),
      ),
      inertia: s.inertia,
      iterations: s.iterations,
      converged: s.converged,
      missing: s.encoding.missing,
      medians: { ...s.encoding.medians },
      sizes: s.sizes.slice(),
    };
  }

  /** Restores a model written by {@link toJSON} (for scoring). */
  static fromJSON(json: unknown, file?: string): KMeans {
    checkKMeansJson(json, file);
    const full = json as KMeansModelJson;
    const model = new KMeans({
      k: full.k,
      seed: full.seed ?? DEFAULT_SEED,
      nInit: full.nInit ?? 10,
      standardize: full.standardize !== null,
    });
    model.#fitted = {
      encoding: {
        features: full.features,
        categorical: {},
        missing: full.missing,
        medians: full.medians,
        modes: {},
        indicators: [],
      },
      mean: full.standardize ? Float64Array.from(full.standardize.mean) : null,
      std: full.standardize ? Float64Array.from(full.standardize.std) : null,
      centers: Float64Array.from(full.centersFitted.flat()),
      labels: new Int32Array(0),
      inertia: full.inertia,
      iterations: full.iterations,
      converged: full.converged,
      sizes: full.sizes ?? [],
    };
    return model;
  }
}
