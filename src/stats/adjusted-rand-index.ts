import { DataError } from '../core/errors.ts';

/**
 * Adjusted Rand index of two labellings (1 = identical partitions, ~0 = chance agreement).
 *
 * @example
 * adjustedRandIndex(['a', 'a', 'b'], ['x', 'x', 'y']); // 1
 */
export function adjustedRandIndex(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  const n = a.length;
  if (n !== b.length) throw new DataError(`adjustedRandIndex: ${n} and ${b.length} labels`);
  if (n < 2) return 1;
  const table = new Map<string, number>();
  const rows = new Map<string | number, number>();
  const cols = new Map<string | number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${String(a[i])}\u0000${String(b[i])}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(a[i] as string | number, (rows.get(a[i] as string | number) ?? 0) + 1);
    cols.set(b[i] as string | number, (cols.get(b[i] as string | number) ?? 0) + 1);
  }
  const pairs = (m: number) => (m * (m - 1)) / 2;
  let index = 0;
  for (const v of table.values()) index += pairs(v);
  let sumRows = 0;
  for (const v of rows.values()) sumRows += pairs(v);
  let sumCols = 0;
  for (const v of cols.values()) sumCols += pairs(v);
  const expected = (sumRows * sumCols) / pairs(n);
  const max = (sumRows + sumCols) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
