/**
 * Largest and smallest value of an array-like, by iteration: `Math.max(...values)` overflows the call
 * stack somewhere past 100,000 elements, and account universes have millions.
 */

/**
 * The largest value, or `initial` when it is larger (or the array is empty). NaN values are skipped.
 *
 * @example
 * maxOf([3, 9, NaN, 4], 0); // 9
 */
export function maxOf(values: Iterable<number>, initial = -Infinity): number {
  let max = initial;
  for (const v of values) if (v > max) max = v;
  return max;
}

/**
 * The smallest value, or `initial` when it is smaller (or the array is empty). NaN values are skipped.
 *
 * @example
 * minOf([3, 9, NaN, 4]); // 3
 */
export function minOf(values: Iterable<number>, initial = Infinity): number {
  let min = initial;
  for (const v of values) if (v < min) min = v;
  return min;
}
