/**
 * Gini coefficient of non-negative values (0 = all equal).
 *
 * @example
 * gini([1, 1, 1]); // 0
 * gini([0, 0, 3]); // 0.6666666666666666
 */
export function gini(values: readonly number[]): number {
  const n = values.length;
  const total = values.reduce((s, v) => s + v, 0);
  if (n === 0 || total === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  let weighted = 0;
  sorted.forEach((v, i) => (weighted += (i + 1) * v));
  return (2 * weighted) / (n * total) - (n + 1) / n;
}
