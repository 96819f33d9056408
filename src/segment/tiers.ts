/**
 * Priority tiers from the fit score, firmographic size segments, and the industry priority flag.
 */
import { ConfigError } from '../core/errors.ts';
import { TIER_NAMES, type SizeSegment, type Tier } from './vocabulary.ts';

export type { SizeSegment, Tier } from './vocabulary.ts';

/** A priority tier: the minimum fit score to reach it and the monthly touch target for its accounts. */
export interface TierRule {
  tier: Tier;
  /** Accounts with fit score ≥ this value (and below the tier above) get the tier. */
  minScore: number;
  /** Planned sales/marketing touches per account per month. */
  monthlyTouches: number;
  /**
   * Optional: the tier also needs an engagement score ≥ this (0–100); an account without the engagement (or without
   * an engagement signal) falls to the next tier whose conditions it meets. Absent = fit only (the default rules).
   */
  minEngagement?: number;
}

/**
 * Default tiers: P0 = top 5 % of fit (score ≥ 95), P1 ≥ 85, P2 ≥ 70, P3 ≥ 50, P4 ≥ 25, P5 the rest; touch
 * targets 8 / 6 / 4 / 2 / 1 / 0 per month (P5 is left to digital programmes).
 */
export const DEFAULT_TIERS: readonly TierRule[] = [
  { tier: 'P0', minScore: 95, monthlyTouches: 8 },
  { tier: 'P1', minScore: 85, monthlyTouches: 6 },
  { tier: 'P2', minScore: 70, monthlyTouches: 4 },
  { tier: 'P3', minScore: 50, monthlyTouches: 2 },
  { tier: 'P4', minScore: 25, monthlyTouches: 1 },
  { tier: 'P5', minScore: 0, monthlyTouches: 0 },
];

/** The most touches a month a tier may plan per account (more is a typo, not a plan). */
export const MAX_MONTHLY_TOUCHES = 1000;

/** Checks that tier rules are P0…P5 in order with strictly decreasing cut-offs ending at 0. */
export function validateTiers(rules: readonly TierRule[]): void {
  if (rules.length !== 6 || rules.some((r, i) => r.tier !== TIER_NAMES[i])) {
    throw new ConfigError('tiers: give exactly six rules, P0 to P5 in that order');
  }
  rules.forEach((r, i) => {
    if (!(r.minScore >= 0 && r.minScore <= 100))
      throw new ConfigError(`tiers: ${r.tier}.minScore=${r.minScore} must be between 0 and 100`);
    if (i > 0 && !(r.minScore < (rules[i - 1] as TierRule).minScore)) {
      throw new ConfigError(
        `tiers: ${r.tier}.minScore=${r.minScore} must be below ${(rules[i - 1] as TierRule).tier}.minScore=${(rules[i - 1] as TierRule).minScore}`,
      );
    }
    if (r.minEngagement !== undefined && !(r.minEngagement >= 0 && r.minEngagement <= 100))
      throw new ConfigError(
        `tiers: ${r.tier}.minEngagement=${String(r.minEngagement)} must be between 0 and 100`,
      );
    if (!(r.monthlyTouches >= 0 && r.monthlyTouches <= MAX_MONTHLY_TOUCHES))
      throw new ConfigError(
        `tiers: ${r.tier}.monthlyTouches=${r.monthlyTouches} must be a number from 0 to ${MAX_MONTHLY_TOUCHES}`,
      );
  });
  if ((rules[5] as TierRule).minScore !== 0 || (rules[5] as TierRule).minEngagement !== undefined)
    throw new ConfigError(
      'tiers: P5.minScore must be 0 and P5 needs no minEngagement, so every account gets a tier',
    );
}

/**
 * The tier of a fit score (null when the score is missing).
 *
 * @example
 * tierOf(96); // 'P0'
 * tierOf(84.9); // 'P2'
 */
export function tierOf(
  score: number,
  rules: readonly TierRule[] = DEFAULT_TIERS,
  engagement = Number.NaN,
): TierRule['tier'] | null {
  if (Number.isNaN(score)) return null;
  for (const rule of rules)
    if (score >= rule.minScore && (rule.minEngagement === undefined || engagement >= rule.minEngagement))
      return rule.tier;
  return (rules[rules.length - 1] as TierRule).tier;
}

/** Size segment thresholds: an account is in the highest segment either its employees or its revenue reach. */
export interface SizeSegmentRules {
  enterprise: { employees: number; revenue: number };
  midMarket: { employees: number; revenue: number };
}

/** Common practice: Enterprise = 1,000+ employees or $100M+ revenue; Mid-Market = 100–999 or $10M–$100M; SMB below. */
export const DEFAULT_SIZE_SEGMENTS: SizeSegmentRules = {
  enterprise: { employees: 1000, revenue: 100e6 },
  midMarket: { employees: 100, revenue: 10e6 },
};

/**
 * The size segment from employees and revenue (either may be NaN). Null when both are unknown: a size is
 * never guessed.
 *
 * @example
 * sizeSegmentOf(250, 150e6); // 'Enterprise' (revenue reaches the Enterprise threshold)
 * sizeSegmentOf(40, NaN);    // 'SMB'
 */
export function sizeSegmentOf(
  employees: number,
  revenue: number,
  rules: SizeSegmentRules = DEFAULT_SIZE_SEGMENTS,
): SizeSegment | null {
  const e = Number.isNaN(employees) ? -Infinity : employees;
  const r = Number.isNaN(revenue) ? -Infinity : revenue;
  if (e === -Infinity && r === -Infinity) return null;
  if (e >= rules.enterprise.employees || r >= rules.enterprise.revenue) return 'Enterprise';
  if (e >= rules.midMarket.employees || r >= rules.midMarket.revenue) return 'Mid-Market';
  return 'SMB';
}

/**
 * The tier of every score (null where the score is missing): {@link tierOf} over a column.
 *
 * @example
 * priorityTiers(new Float64Array([97, 40, NaN])); // ['P0', 'P4', null]
 */
export function priorityTiers(
  scores: ArrayLike<number>,
  rules: readonly TierRule[] = DEFAULT_TIERS,
  engagement?: ArrayLike<number>,
): (Tier | null)[] {
  return Array.from(scores, (s, i) => tierOf(s, rules, engagement?.[i] ?? Number.NaN));
}

/**
 * The monthly touches of each tier (null for no tier).
 *
 * @example
 * monthlyTouches(['P0', null]); // [8, null]
 */
export function monthlyTouches(
  tiers: readonly (Tier | null)[],
  rules: readonly TierRule[] = DEFAULT_TIERS,
): (number | null)[] {
  const byTier = new Map(rules.map((r) => [r.tier, r.monthlyTouches]));
  return tiers.map((t) => (t === null ? null : (byTier.get(t) ?? null)));
}

/**
 * The size segment of every account from its employees and revenue columns: {@link sizeSegmentOf} over columns.
 *
 * @example
 * sizeSegments(new Float64Array([5_000, 20]), new Float64Array([NaN, 2e6])); // ['Enterprise', 'SMB']
 */
export function sizeSegments(
  employees: ArrayLike<number>,
  revenue: ArrayLike<number>,
  rules: SizeSegmentRules = DEFAULT_SIZE_SEGMENTS,
): (SizeSegment | null)[] {
  return Array.from({ length: employees.length }, (_, i) =>
    sizeSegmentOf(employees[i] as number, revenue[i] as number, rules),
  );
}

/** Industry priority from the industry's lift among customers. */
export type IndustryPriority = 'High' | 'Medium' | 'Low';

/**
 * High when the industry's lift ≥ `high` (default 1.5), Medium when ≥ `medium` (default 1.0), else Low;
 * null for an unknown industry or one without a lift.
 *
 * @example
 * industryPriorityOf(1.8); // 'High'
 */
export function industryPriorityOf(
  lift: number | undefined,
  thresholds = { high: 1.5, medium: 1.0 },
): IndustryPriority | null {
  if (lift === undefined || Number.isNaN(lift)) return null;
  return lift >= thresholds.high ? 'High' : lift >= thresholds.medium ? 'Medium' : 'Low';
}

/**
 * The priority of every account's industry, from the lift of each industry: {@link industryPriorityOf} over a column.
 *
 * @example
 * industryPriorities(['Retail', null], new Map([['Retail', 1.8]])); // ['High', null]
 */
export function industryPriorities(
  industries: readonly (string | null)[],
  liftByIndustry: ReadonlyMap<string, number>,
  thresholds = { high: 1.5, medium: 1.0 },
): (IndustryPriority | null)[] {
  return industries.map((ind) =>
    ind === null ? null : industryPriorityOf(liftByIndustry.get(ind), thresholds),
  );
}
