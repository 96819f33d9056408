import { quantileSorted } from './quantile.ts';

/**
 * Population stability index of `current` against `previous`: bins at the previous deciles (fewer when values
 * repeat), PSI = Σ (c − p) · ln(c / p) over bin shares (empty shares count as 0.0001). Below 0.1 is usually read as
 * stable, 0.1–0.25 as a moderate shift, above 0.25 as a major one.
 *
 * @example
 * populationStabilityIndex([1, 2, 3, 4], [1, 2, 3, 4]); // 0
 */
export function populationStabilityIndex(
  previous: ArrayLike<number>,
  current: ArrayLike<number>,
  bins = 10,
): number {
  const prev = Float64Array.from(Array.from(previous).filter((v) => !Number.isNaN(v))).sort();
  const curr = Float64Array.from(Array.from(current).filter((v) => !Number.isNaN(v)));
  if (prev.length === 0 || curr.length === 0) return Number.NaN;
  const edges = [
    ...new Set(Array.from({ length: bins - 1 }, (_, k) => quantileSorted(prev, (k + 1) / bins))),
  ];
  const share = (values: ArrayLike<number>) => {
    const counts = new Array<number>(edges.length + 1).fill(0);
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      let b = 0;
      while (b < edges.length && v > (edges[b] as number)) b++;
      counts[b] = (counts[b] as number) + 1;
    }
    return counts.map((c) => Math.max(c / values.length, 1e-4));
  };
  const p = share(prev);
  const c = share(curr);
  return p.reduce((s, pv, b) => s + ((c[b] as number) - pv) * Math.log((c[b] as number) / pv), 0);
}
