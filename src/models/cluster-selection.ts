/**
 * Choosing k: the elbow curve (inertia by k) and the silhouette score on a seeded sample.
 */
import { maxOf } from '../core/extent.ts';
import { UsageError, type Warning } from '../core/errors.ts';
import { DEFAULT_SEED, Random } from '../core/random.ts';
import type { Frame } from '../data/frame.ts';
import { KMeans, type KMeansFitOptions } from './kmeans.ts';
import { buildDesign, learnEncoding } from './design.ts';

/** One point of the elbow curve. */
export interface ElbowPoint {
  k: number;
  inertia: number;
  silhouette: number;
}

/**
 * Mean silhouette coefficient of a labelling, computed on a seeded random sample of at most `sampleSize`
 * rows (all rows when fewer): s = (b − a) / max(a, b), with a the mean distance to the own cluster and b to
 * the nearest other cluster; 0 for rows alone in their cluster (scikit-learn's convention). NaN with one cluster.
 *
 * @example
 * silhouetteScore(x, n, d, labels, { sampleSize: 2000, seed: 1 }); // 0.41
 */
export function silhouetteScore(
  x: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  options: { sampleSize?: number; seed?: number } = {},
): number {
  const sampleSize = options.sampleSize ?? 2000;
  if (!Number.isInteger(sampleSize) || sampleSize < 2)
    throw new UsageError(`silhouetteScore: sampleSize=${sampleSize} must be an integer >= 2`);
  const rows =
    n <= sampleSize
      ? Array.from({ length: n }, (_, i) => i)
      : new Random(options.seed ?? 0).shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, sampleSize);
  const k = maxOf(labels) + 1;
  const clusterSize = new Int32Array(k);
  for (const r of rows) clusterSize[labels[r] as number] = (clusterSize[labels[r] as number] as number) + 1;
  if (clusterSize.filter((c) => c > 0).length < 2) return Number.NaN;
  const sums = new Float64Array(k);
  let total = 0;
  for (const i of rows) {
    sums.fill(0);
    for (const j of rows) {
      if (i === j) continue;
      let s = 0;
      for (let t = 0; t < d; t++) s += ((x[i * d + t] as number) - (x[j * d + t] as number)) ** 2;
      sums[labels[j] as number] = (sums[labels[j] as number] as number) + Math.sqrt(s);
    }
    const own = labels[i] as number;
    if ((clusterSize[own] as number) <= 1) continue;
    const a = (sums[own] as number) / ((clusterSize[own] as number) - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++)
      if (c !== own && (clusterSize[c] as number) > 0)
        b = Math.min(b, (sums[c] as number) / (clusterSize[c] as number));
    total += (b - a) / Math.max(a, b);
  }
  return total / rows.length;
}

/** What {@link elbowCurve} returns: one point per k, and the warnings of its fits. */
export interface ElbowCurve {
  points: ElbowPoint[];
  warnings: Warning[];
}

/**
 * Fits k-means for each k in `ks` and reports inertia and silhouette (on the fitted space), for an elbow /
 * silhouette chart.
 *
 * @example
 * elbowCurve(customers, { features: ['log_employees', 'tech_fit'] }, [2, 3, 4, 5, 6], { seed: 7, standardize: true });
 */
export function elbowCurve(
  frame: Frame,
  fit: KMeansFitOptions,
  ks: readonly number[],
  options: {
    seed?: number;
    nInit?: number;
    standardize?: boolean;
    sampleSize?: number;
    /** Called after each k-means run, counting runs over every k (`ks.length × nInit` in all). */
    onRun?: (done: number, total: number) => void;
  } = {},
): ElbowCurve {
  const encoding = learnEncoding(frame, {
    features: fit.features,
    missing: fit.missing ?? 'error',
    ...(fit.file === undefined ? {} : { file: fit.file }),
  });
  const { design } = buildDesign(frame, encoding, fit.file === undefined ? {} : { file: fit.file });
  const d = fit.features.length;
  const warnings: Warning[] = [];
  const nInit = options.nInit ?? 10;
  const onRun = options.onRun;
  const points = ks.map((k, i) => {
    const model = new KMeans({
      k,
      seed: options.seed ?? DEFAULT_SEED,
      nInit,
      standardize: options.standardize ?? false,
    }).fit(frame, {
      ...fit,
      ...(onRun === undefined ? {} : { onRun: (run: number) => onRun(i * nInit + run, ks.length * nInit) }),
    });
    const json = model.toJSON();
    let x = design.x;
    if (json.standardize) {
      const { mean, std } = json.standardize;
      x = design.x.map((v, idx) => (v - (mean[idx % d] as number)) / (std[idx % d] as number));
    }
    const silhouette =
      k < 2
        ? Number.NaN
        : silhouetteScore(x, design.n, d, model.labels, {
            sampleSize: options.sampleSize ?? 2000,
            seed: options.seed ?? DEFAULT_SEED,
          });
    warnings.push(...model.warnings.map((w) => ({ code: w.code, message: `k=${k}: ${w.message}` })));
    return { k, inertia: model.inertia, silhouette };
  });
  return { points, warnings };
}
