/**
 * A first look at a raw table before cleansing: per column how many cells hold a value, how many are empty
 * or placeholders ("N/A", "-", "unknown"), how many distinct values there are and which are most common.
 */
import type { Frame } from '../data/frame.ts';
import { isPlaceholder } from './result.ts';

/** The profile of one column. */
export interface ColumnProfile {
  column: string;
  /** Cells with a value that is not a placeholder. */
  filled: number;
  /** Empty cells. */
  empty: number;
  /** Cells holding a placeholder instead of a value ("N/A", "-", "unknown" …). */
  placeholders: number;
  /** Distinct values among the filled cells (exact text). */
  distinct: number;
  /** The most common filled values with their counts, e.g. `US (4,112) · USA (1,020) · us (640)`. */
  top: string;
}

/**
 * Profiles every column of a frame (numbers are profiled by their text form).
 *
 * @example
 * profileColumns(Frame.fromColumns({ country: ['US', 'USA', 'N/A', null] }))[0];
 * // { column: 'country', filled: 2, empty: 1, placeholders: 1, distinct: 2, top: 'US (1) · USA (1)' }
 */
export function profileColumns(frame: Frame, options: { top?: number } = {}): ColumnProfile[] {
  const topN = options.top ?? 3;
  return frame.columnNames.map((column) => {
    const counts = new Map<string, number>();
    let empty = 0;
    let placeholders = 0;
    for (let i = 0; i < frame.numRows; i++) {
      const value = frame.get(i, column);
      if (value === null || (typeof value === 'string' && value.trim() === '')) {
        empty++;
        continue;
      }
      const text = String(value);
      if (isPlaceholder(text)) {
        placeholders++;
        continue;
      }
      counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return {
      column,
      filled: frame.numRows - empty - placeholders,
      empty,
      placeholders,
      distinct: counts.size,
      top: ranked
        .slice(0, topN)
        .map(([v, n]) => `${v} (${n.toLocaleString('en-US')})`)
        .join(' · '),
    };
  });
}
