/**
 * Technographics: a column listing the technologies an account uses ("Salesforce; Snowflake; AWS", as ZoomInfo,
 * Apollo, HG Insights or BuiltWith export them) becomes numeric features: one 0/1 column `tech_<name>` per
 * technology used by enough accounts, and `tech_count` (how many are listed) when some technologies have no
 * column of their own. An account without a list stays missing.
 */
import { warning, type Warning } from '../../core/errors.ts';
import type { ColumnInput, Frame } from '../../data/frame.ts';
import { findHeader } from '../../data/schema.ts';

/** Header candidates of a technologies column. */
export const TECHNOLOGY_HEADERS = [
  'Technologies',
  'Technology',
  'Tech Stack',
  'Technographics',
  'Installed Technologies',
  'technologies_used',
];

/** How technographics are read. */
export interface TechnologiesMapping {
  /** The list column; null = the first of {@link TECHNOLOGY_HEADERS} present. */
  column: string | null;
  /** A technology gets its own column when at least this share of listed accounts use it. Default 0.01. */
  minShare: number;
  /** … and at least this many accounts. Default 20. */
  minAccounts: number;
  /** At most this many technology columns, the most used first (a guard for vendor lists of thousands). Default 200. */
  max: number;
}

/**
 * The default: recognize the column; every technology used by at least 1 % of the listed accounts and at least
 * 20 accounts gets a column (at most 200), so a driver used by few is not cut for being less common.
 */
export const DEFAULT_TECHNOLOGIES: TechnologiesMapping = {
  column: null,
  minShare: 0.01,
  minAccounts: 20,
  max: 200,
};

/**
 * The items of a list cell ("a; b, c" → ['a', 'b', 'c']), trimmed, without repeats; null for an empty cell.
 *
 * @example
 * listItems('Salesforce; AWS, aws'); // ['Salesforce', 'AWS']
 */
export function listItems(cell: string | null): string[] | null {
  if (cell === null || cell.trim() === '') return null;
  const seen = new Map<string, string>();
  for (const item of cell.split(/[;,|]/).map((s) => s.trim()))
    if (item !== '' && !seen.has(item.toLowerCase())) seen.set(item.toLowerCase(), item);
  return [...seen.values()];
}

/** A column-name slug of a technology: "Google Analytics 4" → "google_analytics_4". */
function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/**
 * The technographic columns of the accounts (empty when there is no technologies column).
 *
 * @example
 * technologyColumns(accounts, DEFAULT_TECHNOLOGIES).columns; // { tech_count: …, tech_salesforce: …, tech_aws: … }
 */
export function technologyColumns(
  accounts: Frame,
  mapping: TechnologiesMapping,
): { columns: Record<string, ColumnInput>; warnings: Warning[] } {
  const column = mapping.column ?? findHeader(accounts, TECHNOLOGY_HEADERS);
  if (column === null || !accounts.has(column) || accounts.column(column).kind !== 'string')
    return { columns: {}, warnings: [] };
  const lists = accounts.strings(column).map(listItems);
  const listed = lists.filter((l) => l !== null).length;
  const counts = new Map<string, { name: string; accounts: number }>();
  for (const list of lists)
    for (const item of list ?? []) {
      const key = item.toLowerCase();
      const entry = counts.get(key) ?? { name: item, accounts: 0 };
      entry.accounts++;
      counts.set(key, entry);
    }
  const frequent = [...counts.entries()]
    .filter(([, e]) => e.accounts >= mapping.minShare * listed && e.accounts >= mapping.minAccounts)
    .sort((a, b) => b[1].accounts - a[1].accounts || a[0].localeCompare(b[0]))
    .slice(0, mapping.max);
  // The count adds information only when some technologies have no column of their own; otherwise it is the
  // sum of the technology columns (collinear with them).
  const columns: Record<string, ColumnInput> =
    frequent.length < counts.size
      ? { tech_count: Float64Array.from(lists, (l) => (l === null ? Number.NaN : l.length)) }
      : {};
  for (const [key] of frequent)
    columns[`tech_${slug(key)}`] = Float64Array.from(lists, (l) =>
      l === null ? Number.NaN : l.some((item) => item.toLowerCase() === key) ? 1 : 0,
    );
  const names = frequent.map(([, e]) => e.name);
  return {
    columns,
    warnings: [
      warning(
        'technographics',
        `column "${column}" lists technologies for ${listed.toLocaleString('en-US')} accounts: ${'tech_count' in columns ? 'tech_count and ' : ''}${names.length} technology columns (${names.join(', ')})`,
      ),
    ],
  };
}
