/**
 * Cluster profiles in original units, to read clusters as personas: size, share, mean of each numeric
 * column and the top categories of each categorical column.
 */
import { maxOf } from '../core/extent.ts';
import type { Frame } from '../data/frame.ts';
import { categoricalValues, numericValues } from './design.ts';

/** One persona. */
export interface ClusterProfile {
  cluster: number;
  accounts: number;
  share: number;
  /** Mean of each numeric column over the cluster's rows (missing values skipped). */
  means: Record<string, number>;
  /** Up to three most frequent values of each categorical column, with their share within the cluster. */
  topCategories: Record<string, { value: string; share: number }[]>;
}

/**
 * Profiles of the clusters given by `labels` (−1 = not clustered, skipped).
 *
 * @example
 * clusterProfiles(accounts, labels, { numeric: ['employees'], categorical: ['industry'] })[0];
 * // { cluster: 0, accounts: 812, share: 0.27, means: { employees: 2310 }, topCategories: { industry: [...] } }
 */
export function clusterProfiles(
  frame: Frame,
  labels: Int32Array,
  columns: { numeric?: readonly string[]; categorical?: readonly string[] },
): ClusterProfile[] {
  const k = maxOf(labels, -1) + 1;
  const clustered = labels.filter((l) => l >= 0).length;
  const numeric = (columns.numeric ?? []).map((c) => numericValues(frame, c));
  const categorical = (columns.categorical ?? []).map((c) => categoricalValues(frame, c));
  return Array.from({ length: k }, (_, cluster) => {
    const rows: number[] = [];
    labels.forEach((l, i) => l === cluster && rows.push(i));
    const means: Record<string, number> = {};
    (columns.numeric ?? []).forEach((name, j) => {
      let sum = 0;
      let count = 0;
      for (const r of rows) {
        const v = (numeric[j] as Float64Array)[r] as number;
        if (!Number.isNaN(v)) {
          sum += v;
          count++;
        }
      }
      means[name] = count ? sum / count : Number.NaN;
    });
    const topCategories: Record<string, { value: string; share: number }[]> = {};
    (columns.categorical ?? []).forEach((name, j) => {
      const counts = new Map<string, number>();
      for (const r of rows) {
        const v = (categorical[j] as (string | null)[])[r];
        if (v !== null && v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      topCategories[name] = [...counts.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 3)
        .map(([value, c]) => ({ value, share: rows.length ? c / rows.length : 0 }));
    });
    return {
      cluster,
      accounts: rows.length,
      share: clustered ? rows.length / clustered : 0,
      means,
      topCategories,
    };
  });
}
