/**
 * Quotas from potential: a new-business rep's quota is a share of its territory's expected bookings — the
 * opportunity of its accounts (probability × whitespace) times a realization rate (measured on the previous run,
 * or configured) — scaled so that the new-business quotas add up to a target when one is given, and checked for
 * attainability: quota ÷ territory opportunity must lie in a stated band. A Retain rep's quota is the current
 * spend it renews times (1 + expected growth). With a target, the reconciliation
 * keeps every quota in the band (a rep at a bound is capped and the others carry the rest) whenever the band
 * can hold the target; when it cannot, quotas are scaled plainly and the reps outside the band are flagged.
 */
import { isPoolOwner } from './territories.ts';
import { ConfigError, DataError } from '../core/errors.ts';
import { ROAD_QUADRANTS, type RoadQuadrant } from './vocabulary.ts';

/** How quotas are set. */
export interface QuotaRules {
  /**
   * Share of a territory's opportunity (already probability × whitespace) booked in the quota period; null = the
   * rate the previous run's opportunity realized (measured like the backtest), or 1 without a previous run.
   */
  realization: number | null;
  /** Expected growth of a Retain rep's book: its quota is current spend × (1 + growth) (0 = renew flat). */
  retainGrowth: number;
  /** New-business target: the Acquire, Develop and Opportunistic quotas are scaled to add up to it. Null = none. */
  target: number | null;
  /** Attainable new-business quotas: quota ÷ territory opportunity from `min` to `max`. */
  band: { min: number; max: number };
  /** Share of a full quota a new rep carries while ramping (e.g. 0.5); null = no ramp. */
  ramp: number | null;
}

/** The defaults of a `quotas` section: realization measured (else 1), flat renewals, no target, band 10 %–80 %. */
export const DEFAULT_QUOTA_RULES: QuotaRules = {
  realization: null,
  retainGrowth: 0,
  target: null,
  band: { min: 0.1, max: 0.8 },
  ramp: null,
};

/** What a rep's quota is set from: its territory's opportunity, or (Retain) the current spend it renews. */
export type QuotaBasis = 'opportunity' | 'current_spend';

/** One rep's quota. */
export interface RepQuota {
  rep: string;
  quadrant: RoadQuadrant;
  accounts: number;
  basis: QuotaBasis;
  /** Opportunity of the rep's accounts. */
  opportunity: number;
  /** Current spend of the rep's accounts. */
  current_spend: number;
  /** Realization (share of opportunity booked), or 1 + growth for a Retain rep's renewals. */
  rate: number;
  /** basis × rate: what the territory is expected to book. */
  expected_bookings: number;
  quota: number;
  /** quota ÷ opportunity (NaN for a Retain rep, whose quota is a renewal). */
  quota_to_opportunity: number;
  /** Inside the attainability band; null for a Retain rep (renewals are not held to it). */
  within_band: boolean | null;
  /** A new rep (an open seat): its quota is ramped. */
  new_rep: boolean;
  /** Share of a full quota carried (the ramp for a new rep, else 1). */
  ramp: number;
}

/**
 * The multiplier s with Σ clamp(s · weight, low, high) = target (bisection; the sum rises with s), or null
 * when the band cannot hold the target (it needs less than Σ low or more than Σ high).
 *
 * @example
 * bandedScale([80, 40, 500], [40, 20, 100], [320, 160, 800], 1240); // 3.666… — the third rep capped at 800
 */
export function bandedScale(
  weights: readonly number[],
  low: readonly number[],
  high: readonly number[],
  target: number,
): number | null {
  const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);
  const tolerance = 1e-9 * target;
  if (target < sum(low) - tolerance || target > sum(high) + tolerance) return null;
  const total = (scale: number) =>
    weights.reduce((s, w, k) => s + Math.min(high[k] as number, Math.max(low[k] as number, scale * w)), 0);
  let [below, above] = [0, 1];
  while (total(above) < target && above < 1e300) above *= 2;
  for (let step = 0; step < 200 && above - below > 1e-15 * above; step++) {
    const middle = (below + above) / 2;
    if (total(middle) < target) below = middle;
    else above = middle;
  }
  return above;
}

/** The quota plan. */
export interface QuotaPlan {
  reps: RepQuota[];
  /** Expected new-business bookings (before the target's scaling and ramps). */
  expectedBookings: number;
  /** Retain reps' quotas: current spend × (1 + growth). */
  renewals: number;
  /** The realization rate used and where it came from. */
  realization: { rate: number; source: RealizationSource };
  target: number | null;
  /** target ÷ expected bookings (1 without a target). */
  scale: number;
  band: { min: number; max: number };
  /** New-business reps outside the band. */
  outsideBand: number;
  /** With a target: whether every quota could be kept in the band while adding up to it (false: flagged reps). */
  bandHolds: boolean;
}

/** Where a plan's realization rate came from. */
export type RealizationSource = 'configured' | 'previous run' | 'default';

/** Checks quota rules: realization in (0, 1], growth in [-1, 10], target > 0, 0 ≤ min < max. */
export function validateQuotaRules(rules: QuotaRules, where = 'quotas'): void {
  const { realization, retainGrowth, target, band } = rules;
  if (realization !== null && !(typeof realization === 'number' && realization > 0 && realization <= 1))
    throw new ConfigError(
      `${where}.realization=${String(realization)} must be a share of opportunity from 0 to 1 (or null: measured on the previous run)`,
    );
  if (!(typeof retainGrowth === 'number' && retainGrowth > -1 && retainGrowth <= 10))
    throw new ConfigError(
      `${where}.retainGrowth=${String(retainGrowth)} must be a growth rate above -1 (0.05 = renewals grow 5 %)`,
    );
  if (target !== null && !(typeof target === 'number' && target > 0 && target <= 1e13))
    throw new ConfigError(`${where}.target=${String(target)} must be dollars above 0 (or null)`);
  if (!(
    typeof band?.min === 'number' &&
    typeof band.max === 'number' &&
    band.min >= 0 &&
    band.max > band.min
  ))
    throw new ConfigError(`${where}.band must be {"min": a, "max": b} with 0 <= a < b`);
  const ramp = rules.ramp;
  if (ramp !== null && !(typeof ramp === 'number' && ramp > 0 && ramp <= 1))
    throw new ConfigError(
      `${where}.ramp=${String(ramp)} must be a share of a full quota above 0 and at most 1 (or null)`,
    );
}

/** A named rep's accounts, summed. */
interface RepBook {
  quadrant: RoadQuadrant;
  accounts: number;
  opportunity: number;
  spend: number;
}

/** The named reps' books (every owner but a pool), sorted by rep name; a rep's quadrant is its accounts'. */
function repBooks(
  owners: readonly (string | null)[],
  quadrants: readonly (string | null)[],
  values: { opportunity: ArrayLike<number>; currentSpend: ArrayLike<number> },
): [string, RepBook][] {
  const add = (sum: number, v: number) => sum + (Number.isNaN(v) ? 0 : v);
  const byRep = new Map<string, RepBook>();
  owners.forEach((owner, i) => {
    const quadrant = quadrants[i] as RoadQuadrant | null;
    if (owner === null || isPoolOwner(owner) || quadrant === null || !ROAD_QUADRANTS.includes(quadrant))
      return;
    const book = byRep.get(owner) ?? { quadrant, accounts: 0, opportunity: 0, spend: 0 };
    book.accounts++;
    book.opportunity = add(book.opportunity, values.opportunity[i] as number);
    book.spend = add(book.spend, values.currentSpend[i] as number);
    byRep.set(owner, book);
  });
  return [...byRep].sort(([a], [b]) => a.localeCompare(b));
}

/**
 * Quotas of the named reps (every owner but a pool: "<quadrant> rep NN" or a CRM owner's name). A new-business
 * rep (Acquire, Develop, Opportunistic) books its territory's opportunity × the realization rate — opportunity is
 * already probability × whitespace, so no win rate discounts it again — scaled to the target inside the band; a
 * Retain rep renews its accounts' current spend × (1 + growth), outside the target and the band.
 *
 * @example
 * repQuotas(['Acquire rep 01', 'Retain rep 01'], ['Acquire', 'Retain'],
 *   { opportunity: Float64Array.from([300, 10]), currentSpend: Float64Array.from([0, 900]) },
 *   { rate: 0.5, source: 'configured' },
 *   { ...DEFAULT_QUOTA_RULES, retainGrowth: 0.1 }).reps.map((r) => r.quota); // [150, 990]
 */
export function repQuotas(
  owners: readonly (string | null)[],
  quadrants: readonly (string | null)[],
  values: { opportunity: ArrayLike<number>; currentSpend: ArrayLike<number> },
  realization: { rate: number; source: RealizationSource },
  rules: QuotaRules,
  newReps: ReadonlySet<string> = new Set(),
): QuotaPlan {
  const books = repBooks(owners, quadrants, values);
  const growth = books.filter(([, b]) => b.quadrant !== 'Retain');
  const expected = growth.map(([, b]) => b.opportunity * realization.rate);
  const ramps = growth.map(([rep]) => (newReps.has(rep) && rules.ramp !== null ? rules.ramp : 1));
  const weights = expected.map((e, k) => e * (ramps[k] as number));
  const total = weights.reduce((s, v) => s + v, 0);
  if (rules.target !== null && !(total > 0))
    throw new DataError(
      'quotas.target is set but the named Acquire, Develop and Opportunistic reps have no opportunity to scale; check coverage',
    );
  const low = growth.map(([, b]) => b.opportunity * rules.band.min);
  const high = growth.map(([, b]) => b.opportunity * rules.band.max);
  // With a target, quotas add up to it and stay in the band when the band can hold it; else plain scaling.
  const banded = rules.target === null ? null : bandedScale(weights, low, high, rules.target);
  const scale = rules.target === null ? 1 : (banded ?? rules.target / total);
  const quotaOf = new Map(
    growth.map(([rep], k) => {
      const plain = (weights[k] as number) * scale;
      return [rep, banded === null ? plain : Math.min(high[k] as number, Math.max(low[k] as number, plain))];
    }),
  );
  const reps = books.map(([rep, b]): RepQuota => {
    const renewal = b.quadrant === 'Retain';
    const rate = renewal ? 1 + rules.retainGrowth : realization.rate;
    const quota = renewal ? b.spend * rate : (quotaOf.get(rep) as number);
    const ratio = renewal ? Number.NaN : quota / b.opportunity;
    const ramped = !renewal && newReps.has(rep) && rules.ramp !== null;
    return {
      rep,
      quadrant: b.quadrant,
      accounts: b.accounts,
      basis: renewal ? 'current_spend' : 'opportunity',
      opportunity: b.opportunity,
      current_spend: b.spend,
      rate,
      expected_bookings: (renewal ? b.spend : b.opportunity) * rate,
      quota,
      quota_to_opportunity: ratio,
      within_band: renewal ? null : ratio >= rules.band.min - 1e-12 && ratio <= rules.band.max + 1e-12,
      new_rep: newReps.has(rep),
      ramp: ramped ? (rules.ramp as number) : 1,
    };
  });
  return {
    reps,
    expectedBookings: expected.reduce((s, v) => s + v, 0),
    renewals: reps.filter((r) => r.basis === 'current_spend').reduce((s, r) => s + r.quota, 0),
    realization,
    target: rules.target,
    scale,
    band: rules.band,
    outsideBand: reps.filter((r) => r.within_band === false).length,
    bandHolds: rules.target === null || banded !== null,
  };
}
