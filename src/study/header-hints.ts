/**
 * When a study stops for lack of a column (no size, no industry), the accounts file's headers that look like the
 * canonical columns it did not read, each with the key that maps it.
 */
import { closestUnmapped, type CanonicalColumn } from '../cleanse/headers.ts';
import type { QualityReport } from '../cleanse/quality.ts';

/**
 * Hints for the canonical `columns` the accounts file did not feed: what is read, and the headers that look like
 * the rest.
 *
 * @example
 * unreadColumnHints(quality, ['employees']);
 * // ['no column was read as employees', '"Staff (FTE)" looks like employees: name it in mapping.accounts.columns.employees']
 */
export function unreadColumnHints(
  quality: QualityReport | null,
  columns: readonly CanonicalColumn[],
): string[] {
  if (quality === null) return [];
  const source = Object.fromEntries(
    Object.entries(quality.header_mapping).map(([h, c]) => [c, h]),
  ) as Partial<Record<CanonicalColumn, string>>;
  const unread = columns.filter((c) => source[c] === undefined);
  const looksLike = closestUnmapped(quality.passthrough_columns, source)
    .filter((h) => unread.includes(h.column))
    .map((h) => `"${h.header}" looks like ${h.column}: name it in mapping.accounts.columns.${h.column}`);
  return [...unread.map((c) => `no column was read as ${c}`), ...looksLike];
}
