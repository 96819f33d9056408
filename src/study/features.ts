/**
 * Which account columns the models use. A config may name them (checked here against the data, with the config
 * key in the error); when it does not, they are chosen from the columns the data has: size and revenue (as
 * log10), industry and region, and every numeric enrichment or engagement column with enough values — never an
 * outcome (spend, deals, customer flag) or an identifier.
 */
import { ConfigError } from '../core/errors.ts';
import type { Frame } from '../data/frame.ts';
import { headerKey } from '../data/schema.ts';
import { CANONICAL_COLUMNS } from '../cleanse/headers.ts';

/** Columns that are outcomes of being a customer, or results of the study: never features. */
export const OUTCOME_COLUMNS: readonly string[] = [
  'is_customer',
  'current_spend',
  'lapsed',
  'won_deals',
  'won_amount',
  'open_pipeline',
  'probability',
  'fit_score',
  'cluster',
  'spend_potential',
  'whitespace',
  'opportunity',
  'has_engagement',
  'engagement_recency_days',
  'engagement_score',
];

/** Smallest share of accounts with a value for a column to be chosen as a feature. */
const MIN_COVERAGE = 0.5;

/** Identifiers and codes: numbers that name something (a NAICS or SIC code, a DUNS number), never quantities. */
const isIdentifier = (column: string) =>
  /(^|[^a-z])(id|ids|uuid|guid|zip|postal|phone|code|codes|naics|sic|duns|ein|vat)$/i.test(column) ||
  headerKey(column).endsWith('id');

function usableNumeric(frame: Frame, column: string): boolean {
  const source = frame.column(column);
  if (source.kind !== 'number') return false;
  let present = 0;
  const seen = new Set<number>();
  for (const v of source.values) {
    if (Number.isNaN(v)) continue;
    present++;
    if (seen.size < 2) seen.add(v);
  }
  return seen.size >= 2 && present >= MIN_COVERAGE * frame.numRows;
}

/**
 * The numeric feature candidates of a frame, in column order: `log10_employees`, `log10_revenue`, then the
 * numeric columns that are not canonical, outcomes or identifiers, with two or more values and at least half
 * of the accounts covered.
 *
 * @example
 * numericFeatureCandidates(universe); // ['log10_employees', 'log10_revenue', 'tech_fit_score', 'web_visits_90d', …]
 */
export function numericFeatureCandidates(frame: Frame): string[] {
  const skip = new Set<string>([...CANONICAL_COLUMNS, ...OUTCOME_COLUMNS, 'merged_ids']);
  const sized = ['log10_employees', 'log10_revenue'].filter((c) => frame.has(c) && usableNumeric(frame, c));
  const others = frame.columnNames.filter(
    (c) =>
      !skip.has(c) &&
      !sized.includes(c) &&
      !c.startsWith('log10_') &&
      !isIdentifier(c) &&
      usableNumeric(frame, c),
  );
  return [...sized, ...others];
}

/**
 * The categorical feature candidates: industry and region when they have two or more values.
 *
 * @example
 * categoricalFeatureCandidates(universe); // ['industry', 'region']
 */
export function categoricalFeatureCandidates(frame: Frame): string[] {
  return ['industry', 'region'].filter(
    (c) => frame.has(c) && new Set(frame.strings(c).filter((v) => v !== null)).size >= 2,
  );
}

/**
 * Checks that every named feature is a column of the data; the error names the config key and lists the
 * columns there are.
 *
 * @example
 * requireFeatures(universe, ['tech_fit'], 'lookalike.features');
 * // ConfigError: lookalike.features names "tech_fit", which the data does not have (usable columns: …)
 */
export function requireFeatures(frame: Frame, names: readonly string[], key: string): void {
  const missing = names.filter((n) => !frame.has(n));
  if (missing.length === 0) return;
  const available = [...numericFeatureCandidates(frame), ...categoricalFeatureCandidates(frame)];
  throw new ConfigError(
    `${key} names ${missing.map((m) => `"${m}"`).join(', ')}, which the data does not have (usable columns: ${available.map((c) => `"${c}"`).join(', ')})`,
  );
}
