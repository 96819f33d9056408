/**
 * Quantiles. simple-statistics' `quantileSorted` uses the nearest-rank definition (R type 1 with averaging at
 * exact ranks); analysts compare our thresholds with numpy and R, whose default is the linear interpolation
 * of R type 7, so that is the one quantile rule of the workbench.
 */

/**
 * Linear-interpolation quantile of sorted values (R type 7, numpy's default); NaN for no values.
 *
 * @example
 * quantileSorted([1, 2, 3, 4], 0.5); // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

/**
 * Type-7 quantile of unsorted values, ignoring NaN (the input is not modified).
 *
 * @example
 * quantile([4, NaN, 1, 3, 2], 0.5); // 2.5
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  const known: number[] = [];
  for (let i = 0; i < values.length; i++)
    if (!Number.isNaN(values[i] as number)) known.push(values[i] as number);
  return quantileSorted(Float64Array.from(known).sort(), q);
}
