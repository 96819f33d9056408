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
  const plan = technologyPlan(
    column,
    lists.map((list) => [list, 1]),
    mapping,
  );
  const columns: Record<string, ColumnInput> = {};
  for (const [name, key] of technologyColumnKeys(plan))
    columns[name] = Float64Array.from(lists, (list) => technologyValue(list, key));
  return { columns, warnings: [technologyWarning(plan)] };
}

/** Which technologies of a list column get a column of their own, and whether `tech_count` is one. */
export interface TechnologyPlan {
  column: string;
  /** Accounts with a list. */
  listed: number;
  /** The technologies kept (lower-case key, the spelling first met, accounts), most frequent first. */
  frequent: [string, { name: string; accounts: number }][];
  /** Some technologies have no column of their own: their count adds information. */
  withCount: boolean;
}

/**
 * The technologies that get a column: listed for at least `minShare` of the listed accounts and `minAccounts`
 * accounts, the `max` most frequent (`lists`: each account's list, or a distinct list and its number of accounts,
 * in row order).
 *
 * @example
 * technologyPlan('Technologies', [[['Salesforce', 'AWS'], 30], [null, 5]], DEFAULT_TECHNOLOGIES).frequent[0]?.[1].name; // 'Salesforce'
 */
export function technologyPlan(
  column: string,
  lists: Iterable<[string[] | null, number]>,
  mapping: TechnologiesMapping,
): TechnologyPlan {
  let listed = 0;
  const counts = new Map<string, { name: string; accounts: number }>();
  for (const [list, times] of lists) {
    if (list !== null) listed += times;
    for (const item of list ?? []) {
      const key = item.toLowerCase();
      const entry = counts.get(key) ?? { name: item, accounts: 0 };
      entry.accounts += times;
      counts.set(key, entry);
    }
  }
  const frequent = [...counts.entries()]
    .filter(([, e]) => e.accounts >= mapping.minShare * listed && e.accounts >= mapping.minAccounts)
    .sort((a, b) => b[1].accounts - a[1].accounts || a[0].localeCompare(b[0]))
    .slice(0, mapping.max);
  // The count adds information only when some technologies have no column of their own; otherwise it is the
  // sum of the technology columns (collinear with them).
  return { column, listed, frequent, withCount: frequent.length < counts.size };
}

/**
 * The columns of a plan, in order: `tech_count` (key null) when it adds information, then `tech_<slug>` per kept
 * technology (a later technology of the same slug takes the earlier one's place, as object keys do).
 *
 * @example
 * [...technologyColumnKeys(plan)]; // [['tech_count', null], ['tech_salesforce', 'salesforce'], …]
 */
export function technologyColumnKeys(plan: TechnologyPlan): Map<string, string | null> {
  const keys = new Map<string, string | null>(plan.withCount ? [['tech_count', null]] : []);
  for (const [key] of plan.frequent) keys.set(`tech_${slug(key)}`, key);
  return keys;
}

/**
 * An account's value in a technology column: NaN without a list, the list's length for `tech_count` (key null),
 * else 1 when the list has the technology.
 *
 * @example
 * technologyValue(['Salesforce', 'AWS'], 'aws'); // 1
 */
export function technologyValue(list: readonly string[] | null, key: string | null): number {
  if (list === null) return Number.NaN;
  if (key === null) return list.length;
  return list.some((item) => item.toLowerCase() === key) ? 1 : 0;
}

/**
 * The sentence saying which technology columns a list column became.
 *
 * @example
 * technologyWarning(plan).message; // 'column "Technologies" lists technologies for 1,200 accounts: …'
 */
export function technologyWarning(plan: TechnologyPlan): Warning {
  const names = plan.frequent.map(([, e]) => e.name);
  return warning(
    'technographics',
    `column "${plan.column}" lists technologies for ${plan.listed.toLocaleString('en-US')} accounts: ${plan.withCount ? 'tech_count and ' : ''}${names.length} technology columns (${names.join(', ')})`,
  );
}
