/**
 * Which account columns the models use. A config may name them (checked here against the data, with the config
 * key in the error); when it does not, they are chosen from the columns the data has: size and revenue (as
 * log10), industry and region, and every numeric firmographic or technographic column with enough values —
 * never an engagement signal, an outcome (spend, deals, customer flag, CRM process fields) or an identifier
 * (see `segment/column-roles.ts`). A leakage guard stops an automatic choice of a column that tells customers
 * apart too well to be a profile.
 */
import { ConfigError, warning, type Warning } from '../core/errors.ts';
import { rocAuc } from '../models/metrics.ts';
import { isFitRole, roleOfHeader, type ColumnRoleRecord } from '../segment/column-roles.ts';
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
 * numeric columns that are not canonical, outcomes or identifiers — and, given the universe's column roles,
 * only firmographic or technographic — with two or more values and at least half of the accounts covered.
 *
 * @example
 * numericFeatureCandidates(universe); // ['log10_employees', 'log10_revenue', 'tech_fit_score', 'web_visits_90d', …]
 */
export function numericFeatureCandidates(
  frame: Frame,
  roles: Readonly<Record<string, ColumnRoleRecord>> = {},
): string[] {
  const skip = new Set<string>([...CANONICAL_COLUMNS, ...OUTCOME_COLUMNS, 'merged_ids']);
  const fits = (c: string) => {
    const record = roles?.[c];
    return record === undefined ? roleOfHeader(c) === null : isFitRole(record.role);
  };
  const sized = ['log10_employees', 'log10_revenue'].filter((c) => frame.has(c) && usableNumeric(frame, c));
  const others = frame.columnNames.filter(
    (c) =>
      !skip.has(c) &&
      !sized.includes(c) &&
      !c.startsWith('log10_') &&
      !isIdentifier(c) &&
      fits(c) &&
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

/** The canonical size features, never refused by the leakage guard. */
const SIZE_FEATURES = ['log10_employees', 'log10_revenue'];

/** Single-feature AUC above which (or below 1 − it) a column is too good to be a profile. */
export const LEAKAGE_AUC = 0.9;
/** Gap in coverage between customers and the rest above which a column is "populated mostly for customers". */
export const LEAKAGE_COVERAGE_GAP = 0.4;

/** A candidate column that tells customers apart too well, and how. */
export interface LeakyFeature {
  column: string;
  /** AUC of the column alone for "is customer", on the accounts that have a value. */
  auc: number;
  /** Share of customers and of the other accounts with a value. */
  coverage: { customers: number; others: number };
}

/**
 * The columns among `features` whose single-feature AUC for `is_customer` exceeds {@link LEAKAGE_AUC} (either
 * way), or that have values for far more customers than other accounts ({@link LEAKAGE_COVERAGE_GAP}); the
 * canonical size features (log10 employees and revenue) are the profile itself and never count.
 *
 * @example
 * leakyFeatures(universe, ['log10_employees', 'web_visits_90d']);
 * // [{ column: 'web_visits_90d', auc: 0.94, coverage: { customers: 1, others: 1 } }]
 */
export function leakyFeatures(frame: Frame, features: readonly string[]): LeakyFeature[] {
  const isCustomer = frame.numbers('is_customer');
  // Size is the profile itself: a seller of enterprise software may have only large customers.
  return features
    .filter((column) => !SIZE_FEATURES.includes(column))
    .flatMap((column) => {
      const values = frame.numbers(column);
      const y: number[] = [];
      const x: number[] = [];
      let customers = 0;
      values.forEach((v, i) => {
        if (isCustomer[i] === 1) customers++;
        if (Number.isNaN(v)) return;
        y.push(isCustomer[i] === 1 ? 1 : 0);
        x.push(v);
      });
      const withValue = y.reduce((s, v) => s + v, 0);
      const coverage = {
        customers: customers > 0 ? withValue / customers : 0,
        others: frame.numRows > customers ? (y.length - withValue) / (frame.numRows - customers) : 0,
      };
      const auc = rocAuc(y, x);
      const leaky =
        Math.max(auc, 1 - auc) > LEAKAGE_AUC || coverage.customers - coverage.others > LEAKAGE_COVERAGE_GAP;
      return leaky ? [{ column, auc, coverage }] : [];
    });
}

const describeLeak = (l: LeakyFeature) =>
  `"${l.column}" (AUC ${l.auc.toFixed(2)} on its own; values for ${(100 * l.coverage.customers).toFixed(0)}% of customers, ${(100 * l.coverage.others).toFixed(0)}% of the others)`;

/**
 * Stops an automatic feature choice that includes a leaky column (an error naming it and the keys that settle
 * it); for features the config names, a loud warning instead.
 *
 * @example
 * guardLeakage(universe, ['web_visits_90d'], { named: false, key: 'lookalike.features' });
 * // ConfigError: "web_visits_90d" (AUC 0.94 on its own …) tells customers apart too well to be a profile …
 */
export function guardLeakage(
  frame: Frame,
  features: readonly string[],
  { named, key }: { named: boolean; key: string },
): Warning[] {
  const leaks = leakyFeatures(frame, features);
  if (leaks.length === 0) return [];
  const what = leaks.map(describeLeak).join(', ');
  if (!named)
    throw new ConfigError(
      `${what} tells customers apart too well to be a profile — likely a result of being a customer; set roles.${leaks[0]?.column ?? ''} to "engagement" or "outcome" to leave it out, or name the features in ${key}`,
    );
  return [
    warning(
      'leaky-feature',
      `${key} names ${what}: it tells customers apart too well to be a profile, so scores of prospects will be too low; check that it is known before an account becomes a customer`,
    ),
  ];
}

/**
 * A warning for every named feature whose role is not a fit role (engagement, outcome, identifier).
 *
 * @example
 * roleWarnings(['web_visits_90d'], roles, 'lookalike.features');
 * // [warning: lookalike.features names "web_visits_90d", an engagement column (engagement file) …]
 */
export function roleWarnings(
  features: readonly string[],
  roles: Readonly<Record<string, ColumnRoleRecord>>,
  key: string,
): Warning[] {
  return features.flatMap((f) => {
    const record = roles[f];
    if (record === undefined || isFitRole(record.role)) return [];
    return [
      warning(
        'feature-role',
        `${key} names "${f}", an ${record.role} column (${record.reason}), as a fit feature; fit features should describe who an account is (set roles.${f} to "firmographic" if it does)`,
      ),
    ];
  });
}
