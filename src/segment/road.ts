/**
 * ROAD quadrants: current spend × opportunity.
 *
 * - **opportunity** = P(customer-like) × whitespace — the whitespace we can expect to win, in dollars.
 * - quadrant = `current_spend >= spend_threshold` × `opportunity >= opportunity_threshold`:
 *   **Retain** (high spend, low opportunity), **Develop** (high, high), **Acquire** (low spend, high
 *   opportunity), **Opportunistic** (low, low).
 * - Default thresholds come from the data: the spend threshold is the median spend of *customers* (spend > 0;
 *   prospects spend nothing, so the median over all accounts would be 0), the opportunity threshold the median
 *   opportunity over all accounts. Either can be a configured percentile or a fixed value.
 */
import { ConfigError, UsageError } from '../core/errors.ts';
import { quantileSorted } from '../stats/quantile.ts';
import { CUSTOMER_MOTIONS, ROAD_MOTIONS, ROAD_QUADRANTS, type RoadQuadrant } from './vocabulary.ts';

export { ROAD_MOTIONS, ROAD_QUADRANTS, type RoadQuadrant } from './vocabulary.ts';

/** How a threshold is set: a percentile of the data (0–1) or a fixed value in dollars. */
export type ThresholdRule = { percentile: number } | { value: number };

/** ROAD options. */
export interface RoadOptions {
  /** Default `{ percentile: 0.5 }` of customers' spend. */
  spend?: ThresholdRule;
  /** Default `{ percentile: 0.5 }` of all accounts' opportunity. */
  opportunity?: ThresholdRule;
}

/** The thresholds actually used (recorded in the manifest). */
export interface RoadThresholds {
  spend_threshold: number;
  opportunity_threshold: number;
}

function threshold(rule: ThresholdRule, values: number[], name: string): number {
  if ('value' in rule) {
    if (!(rule.value >= 0) || !Number.isFinite(rule.value))
      throw new ConfigError(`road.${name}.value=${rule.value} must be a number >= 0`);
    return rule.value;
  }
  if (!(rule.percentile > 0 && rule.percentile < 1))
    throw new ConfigError(`road.${name}.percentile=${rule.percentile} must be between 0 and 1`);
  if (values.length === 0) throw new UsageError(`road: no accounts to derive the ${name} threshold from`);
  return quantileSorted(Float64Array.from(values).sort(), rule.percentile);
}

/**
 * Opportunity of each account: probability × whitespace (NaN when either is unknown).
 *
 * @example
 * opportunityOf(new Float64Array([0.5]), new Float64Array([80000])); // Float64Array [40000]
 */
export function opportunityOf(probability: Float64Array, whitespace: Float64Array): Float64Array {
  return probability.map((p, i) => p * (whitespace[i] as number));
}

/**
 * The thresholds from the data (see the module note).
 *
 * @example
 * roadThresholds(spend, opportunity); // { spend_threshold: 36454, opportunity_threshold: 1830.5 }
 */
export function roadThresholds(
  spend: Float64Array,
  opportunity: Float64Array,
  options: RoadOptions = {},
): RoadThresholds {
  const customerSpend: number[] = [];
  for (const s of spend) if (s > 0) customerSpend.push(s);
  const known: number[] = [];
  for (const o of opportunity) if (!Number.isNaN(o)) known.push(o);
  return {
    spend_threshold: threshold(options.spend ?? { percentile: 0.5 }, customerSpend, 'spend'),
    opportunity_threshold: threshold(options.opportunity ?? { percentile: 0.5 }, known, 'opportunity'),
  };
}

/**
 * The quadrant of one account (null when its opportunity is unknown). Missing spend counts as 0 (a prospect).
 *
 * @example
 * roadQuadrantOf(120000, 500, { spend_threshold: 50000, opportunity_threshold: 2000 }); // 'Retain'
 */
export function roadQuadrantOf(spend: number, opportunity: number, t: RoadThresholds): RoadQuadrant | null {
  if (Number.isNaN(opportunity)) return null;
  const highSpend = (Number.isNaN(spend) ? 0 : spend) >= t.spend_threshold;
  const highOpportunity = opportunity >= t.opportunity_threshold;
  if (highSpend) return highOpportunity ? 'Develop' : 'Retain';
  return highOpportunity ? 'Acquire' : 'Opportunistic';
}

/**
 * The quadrant of every account (null where the opportunity is unknown): {@link roadQuadrantOf} over columns.
 *
 * @example
 * roadQuadrants(new Float64Array([120_000, 0]), new Float64Array([500, 3_000]), { spend_threshold: 50_000, opportunity_threshold: 2_000 });
 * // ['Retain', 'Acquire']
 */
export function roadQuadrants(
  spend: ArrayLike<number>,
  opportunity: ArrayLike<number>,
  thresholds: RoadThresholds,
): (RoadQuadrant | null)[] {
  const out = new Array<RoadQuadrant | null>(opportunity.length);
  for (let i = 0; i < opportunity.length; i++)
    out[i] = roadQuadrantOf(spend[i] as number, opportunity[i] as number, thresholds);
  return out;
}

/**
 * The sales motion of each account: its quadrant's (null for no quadrant), except that a customer in Acquire or
 * Opportunistic gets a customer motion ({@link CUSTOMER_MOTIONS}), never a new-logo or self-serve one.
 *
 * @example
 * roadMotions(['Acquire', 'Acquire', null], [0, 1, 0]); // ['Hunters (new logo)', 'Farmers (expand a small customer)', null]
 */
export function roadMotions(
  quadrants: readonly (RoadQuadrant | null)[],
  isCustomer: ArrayLike<number> = [],
): (string | null)[] {
  return quadrants.map((q, i) => {
    if (q === null) return null;
    if (isCustomer[i] === 1 && (q === 'Acquire' || q === 'Opportunistic')) return CUSTOMER_MOTIONS[q];
    return ROAD_MOTIONS[q];
  });
}

/** Totals of one quadrant. */
export interface QuadrantTotals {
  quadrant: RoadQuadrant;
  motion: string;
  accounts: number;
  spend: number;
  potential: number;
  whitespace: number;
  opportunity: number;
}

/**
 * Accounts and sums of spend, potential, whitespace and opportunity per quadrant (NaN values skipped).
 *
 * @example
 * quadrantTotals(quadrants, spend, potential, whitespace, opportunity)[0]; // { quadrant: 'Develop', accounts: 512, … }
 */
export function quadrantTotals(
  quadrants: readonly (RoadQuadrant | null)[],
  spend: ArrayLike<number>,
  potential: ArrayLike<number>,
  whitespace: ArrayLike<number>,
  opportunity: ArrayLike<number>,
): QuadrantTotals[] {
  const add = (a: number, b: number) => (Number.isNaN(b) ? a : a + b);
  return ROAD_QUADRANTS.map((quadrant) => {
    const totals: QuadrantTotals = {
      quadrant,
      motion: ROAD_MOTIONS[quadrant],
      accounts: 0,
      spend: 0,
      potential: 0,
      whitespace: 0,
      opportunity: 0,
    };
    quadrants.forEach((q, i) => {
      if (q !== quadrant) return;
      totals.accounts++;
      totals.spend = add(totals.spend, spend[i] as number);
      totals.potential = add(totals.potential, potential[i] as number);
      totals.whitespace = add(totals.whitespace, whitespace[i] as number);
      totals.opportunity = add(totals.opportunity, opportunity[i] as number);
    });
    return totals;
  });
}
