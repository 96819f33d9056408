/**
 * Evaluation of probability scores against 0/1 outcomes: ROC AUC, log loss, Brier score, gains/lift by
 * decile, calibration table, and the ROC curve for charts.
 */
import { UsageError } from '../core/errors.ts';

function check(y: ArrayLike<number>, score: ArrayLike<number>, fn: string): void {
  if (y.length !== score.length)
    throw new UsageError(`${fn}: y has ${y.length} values but score has ${score.length}`);
  if (y.length === 0) throw new UsageError(`${fn}: needs at least one row`);
}

/** Indices sorted by score descending (stable: ties keep input order). */
function byScoreDescending(score: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: score.length }, (_, i) => i);
  return order.sort((a, b) => (score[b] as number) - (score[a] as number) || a - b);
}

/**
 * Area under the ROC curve (the Mann–Whitney statistic; tied scores count one half). NaN when a class is absent.
 *
 * @example
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 */
export function rocAuc(y: ArrayLike<number>, score: ArrayLike<number>): number {
  check(y, score, 'rocAuc');
  let positives = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 1) positives++;
  const negatives = y.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  for (let i = 0, p = 0, q = 0; i < y.length; i++) {
    if (y[i] === 1) pos[p++] = score[i] as number;
    else neg[q++] = score[i] as number;
  }
  pos.sort();
  neg.sort();
  // For each positive, count negatives below it (wins) and equal to it (half wins): two pointers.
  let wins = 0;
  let below = 0;
  let upTo = 0;
  for (let p = 0; p < positives; p++) {
    const s = pos[p] as number;
    while (below < negatives && (neg[below] as number) < s) below++;
    if (upTo < below) upTo = below;
    while (upTo < negatives && (neg[upTo] as number) <= s) upTo++;
    wins += below + (upTo - below) / 2;
  }
  return wins / (positives * negatives);
}

/**
 * Mean negative log-likelihood, probabilities clipped to [1e-15, 1 − 1e-15] (as scikit-learn).
 *
 * @example
 * logLoss([1, 0], [0.9, 0.2]); // 0.164252033486018
 */
export function logLoss(y: ArrayLike<number>, probability: ArrayLike<number>): number {
  check(y, probability, 'logLoss');
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, probability[i] as number));
    sum -= y[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / y.length;
}

/**
 * Mean squared difference between probability and outcome.
 *
 * @example
 * brierScore([1, 0], [0.9, 0.2]); // 0.025
 */
export function brierScore(y: ArrayLike<number>, probability: ArrayLike<number>): number {
  check(y, probability, 'brierScore');
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += ((probability[i] as number) - (y[i] as number)) ** 2;
  return sum / y.length;
}

/** One row of a gains table. */
export interface GainsRow {
  /** 10 = the highest scores (with 10 buckets), as fit-score deciles everywhere in the workbench: best is highest. */
  decile: number;
  accounts: number;
  positives: number;
  /** Positives / accounts in this decile. */
  rate: number;
  /** rate / overall rate. */
  lift: number;
  /** Share of all positives captured by this and the higher deciles. */
  cumulativeGain: number;
  /** Lowest and highest score in the decile. */
  minScore: number;
  maxScore: number;
}

/**
 * Gains and lift by score bucket (deciles by default): accounts sorted by score, highest first, cut into
 * `buckets` groups of (almost) equal size; the rows come highest first, numbered from `buckets` (best) down to 1,
 * the one decile direction of the fit-score charts, the backtest and performance.csv.
 *
 * @example
 * gainsTable(y, probability)[0]; // e.g. { decile: 10, lift: 3.4, … }: the top decile has 3.4× the average rate
 */
export function gainsTable(y: ArrayLike<number>, score: ArrayLike<number>, buckets = 10): GainsRow[] {
  check(y, score, 'gainsTable');
  const order = byScoreDescending(score);
  let total = 0;
  for (let i = 0; i < y.length; i++) total += y[i] === 1 ? 1 : 0;
  const overall = total / y.length;
  const rows: GainsRow[] = [];
  let cumulative = 0;
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * order.length) / buckets);
    const end = Math.floor(((b + 1) * order.length) / buckets);
    if (end <= start) continue;
    let positives = 0;
    for (let k = start; k < end; k++) positives += y[order[k] as number] === 1 ? 1 : 0;
    cumulative += positives;
    const rate = positives / (end - start);
    rows.push({
      decile: buckets - b,
      accounts: end - start,
      positives,
      rate,
      lift: overall > 0 ? rate / overall : Number.NaN,
      cumulativeGain: total > 0 ? cumulative / total : Number.NaN,
      minScore: score[order[end - 1] as number] as number,
      maxScore: score[order[start] as number] as number,
    });
  }
  return rows;
}

/** One row of a calibration table. */
export interface CalibrationRow {
  bin: number;
  accounts: number;
  meanPredicted: number;
  observedRate: number;
}

/**
 * Calibration by equal-count bins of the predicted probability (lowest first): mean prediction vs observed rate.
 *
 * @example
 * calibrationTable(y, probability, 10); // well calibrated when meanPredicted ≈ observedRate in every bin
 */
export function calibrationTable(
  y: ArrayLike<number>,
  probability: ArrayLike<number>,
  bins = 10,
): CalibrationRow[] {
  check(y, probability, 'calibrationTable');
  const order = byScoreDescending(probability).reverse();
  const rows: CalibrationRow[] = [];
  for (let b = 0; b < bins; b++) {
    const start = Math.floor((b * order.length) / bins);
    const end = Math.floor(((b + 1) * order.length) / bins);
    if (end <= start) continue;
    let predicted = 0;
    let observed = 0;
    for (let k = start; k < end; k++) {
      predicted += probability[order[k] as number] as number;
      observed += y[order[k] as number] === 1 ? 1 : 0;
    }
    rows.push({
      bin: b + 1,
      accounts: end - start,
      meanPredicted: predicted / (end - start),
      observedRate: observed / (end - start),
    });
  }
  return rows;
}

/**
 * The calibration bins whose mean prediction and observed rate differ by more than `tolerance` and by more than
 * twice the observed rate's binomial standard error (so that small bins do not cry wolf).
 *
 * @example
 * miscalibratedBins(calibrationTable(y, outOfFold), 0.05); // [] when every decile is within 5 points
 */
export function miscalibratedBins(rows: readonly CalibrationRow[], tolerance: number): CalibrationRow[] {
  return rows.filter((row) => {
    const gap = Math.abs(row.meanPredicted - row.observedRate);
    const se = Math.sqrt((row.observedRate * (1 - row.observedRate)) / row.accounts);
    return gap > tolerance && gap > 2 * se;
  });
}

/** A point of the ROC curve. */
export interface RocPoint {
  threshold: number;
  falsePositiveRate: number;
  truePositiveRate: number;
}

/**
 * The ROC curve: one point per distinct score (highest first), starting at (0, 0).
 *
 * @example
 * rocCurve([0, 1], [0.2, 0.7]); // [(0,0) at +∞, (0, 1) at 0.7, (1, 1) at 0.2]
 */
export function rocCurve(y: ArrayLike<number>, score: ArrayLike<number>): RocPoint[] {
  check(y, score, 'rocCurve');
  const order = byScoreDescending(score);
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i] === 1 ? 1 : 0;
  const negatives = y.length - positives;
  const points: RocPoint[] = [{ threshold: Infinity, falsePositiveRate: 0, truePositiveRate: 0 }];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    if (y[i] === 1) tp++;
    else fp++;
    const next = order[k + 1];
    if (next === undefined || score[next] !== score[i]) {
      points.push({
        threshold: score[i] as number,
        falsePositiveRate: negatives ? fp / negatives : 0,
        truePositiveRate: positives ? tp / positives : 0,
      });
    }
  }
  return points;
}

/**
 * Fit score 0–100: the mid-rank percentile of each probability within the scored universe — 100 is the
 * best-fitting account, 0 the worst, ties share the same score; one decimal. A fit score of 80 means the
 * account fits better than 80 % of the universe.
 *
 * @example
 * fitScores(new Float64Array([0.1, 0.5, 0.3])); // Float64Array [0, 100, 50]
 */
export function fitScores(probability: ArrayLike<number>): Float64Array {
  const n = probability.length;
  const out = new Float64Array(n);
  const present = Int32Array.from({ length: n }, (_, i) => i).filter(
    (i) => !Number.isNaN(probability[i] as number),
  );
  out.fill(Number.NaN);
  if (present.length === 1) out[present[0] as number] = 100;
  if (present.length < 2) return out;
  const order = present.sort((a, b) => (probability[a] as number) - (probability[b] as number));
  for (let start = 0; start < order.length;) {
    let end = start;
    while (
      end + 1 < order.length &&
      probability[order[end + 1] as number] === probability[order[start] as number]
    )
      end++;
    const percentile = ((start + end) / 2 / (order.length - 1)) * 100;
    for (let k = start; k <= end; k++) out[order[k] as number] = Math.round(percentile * 10) / 10;
    start = end + 1;
  }
  return out;
}

/** One step of a frozen fit-score scale: probabilities from `from` up (to the next step) score `score`. */
export interface FitScoreStep {
  from: number;
  score: number;
}

/**
 * A population's fit-score scale: for each score its population has, the probability it starts at — midway
 * between the largest probability of the score below and the smallest of this one (0 for the lowest), so a
 * probability computed again with a last-digit difference keeps its score. The SQL of `segment sql --assign`
 * writes the same steps as a CASE.
 *
 * @example
 * fitScoreScale([0.1, 0.3, 0.5], [0, 50, 100]); // [{ from: 0, score: 0 }, { from: 0.2, score: 50 }, { from: 0.4, score: 100 }]
 */
export function fitScoreScale(probability: ArrayLike<number>, fitScore: ArrayLike<number>): FitScoreStep[] {
  const groups = new Map<number, { lo: number; hi: number }>();
  for (let i = 0; i < probability.length; i++) {
    const p = probability[i] as number;
    const s = fitScore[i] as number;
    if (Number.isNaN(p) || Number.isNaN(s)) continue;
    const g = groups.get(s) ?? { lo: p, hi: p };
    groups.set(s, { lo: Math.min(g.lo, p), hi: Math.max(g.hi, p) });
  }
  const sorted = [...groups].sort((a, b) => a[0] - b[0]);
  return sorted.map(([score, { lo }], k) => ({
    from: k === 0 ? 0 : ((sorted[k - 1] as [number, { hi: number }])[1].hi + lo) / 2,
    score,
  }));
}

/**
 * The score of each probability on a frozen scale (NaN for a missing probability).
 *
 * @example
 * scoresOnScale(fitScoreScale([0.1, 0.3, 0.5], [0, 50, 100]), [0.3, 0.38, 0.41]); // Float64Array [50, 50, 100]
 */
export function scoresOnScale(scale: readonly FitScoreStep[], probability: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: probability.length }, (_, i) => {
    const p = probability[i] as number;
    if (Number.isNaN(p) || scale.length === 0) return Number.NaN;
    let lo = 0;
    let hi = scale.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((scale[mid] as FitScoreStep).from <= p) lo = mid;
      else hi = mid - 1;
    }
    return (scale[lo] as FitScoreStep).score;
  });
}
