/**
 * Quotas from potential: each named rep's quota is a share of its territory's expected bookings — the
 * opportunity of its accounts times a conversion (the historical win rate of its quadrant, or a configured
 * productivity) — scaled so that all quotas add up to a company target when one is given, and checked for
 * attainability: quota ÷ territory opportunity must lie in a stated band. With a target, the reconciliation
 * keeps every quota in the band (a rep at a bound is capped and the others carry the rest) whenever the band
 * can hold the target; when it cannot, quotas are scaled plainly and the reps outside the band are flagged.
 */
import { isPoolOwner } from './territories.ts';
import { ConfigError, DataError } from '../core/errors.ts';
import { ROAD_QUADRANTS, type RoadQuadrant } from './vocabulary.ts';

/** How quotas are set. */
export interface QuotaRules {
  /** Share of a territory's opportunity booked in the quota period; null = the quadrant's historical win rate. */
  productivity: number | null;
  /** Company bookings target: quotas are scaled to add up to it. Null = no top-down reconciliation. */
  target: number | null;
  /** Attainable quotas: quota ÷ territory opportunity from `min` to `max`. */
  band: { min: number; max: number };
  /** Share of a full quota a new rep carries while ramping (e.g. 0.5); null = no ramp. */
  ramp: number | null;
}

/** The defaults of a `quotas` section: win rates, no target, a band of 10 %–80 % of the territory's opportunity. */
export const DEFAULT_QUOTA_RULES: QuotaRules = {
  productivity: null,
  target: null,
  band: { min: 0.1, max: 0.8 },
  ramp: null,
};

/** One rep's quota. */
export interface RepQuota {
  rep: string;
  quadrant: RoadQuadrant;
  accounts: number;
  /** Opportunity of the rep's accounts. */
  opportunity: number;
  /** Share of opportunity expected to book (win rate or productivity). */
  conversion: number;
  expected_bookings: number;
  quota: number;
  /** quota ÷ opportunity. */
  quota_to_opportunity: number;
  within_band: boolean;
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
  expectedBookings: number;
  target: number | null;
  /** target ÷ expected bookings (1 without a target). */
  scale: number;
  band: { min: number; max: number };
  outsideBand: number;
  /** With a target: whether every quota could be kept in the band while adding up to it (false: flagged reps). */
  bandHolds: boolean;
}

/** Checks quota rules: productivity in (0, 1], target > 0, 0 ≤ min < max. */
export function validateQuotaRules(rules: QuotaRules, where = 'quotas'): void {
  const { productivity, target, band } = rules;
  if (productivity !== null && !(typeof productivity === 'number' && productivity > 0 && productivity <= 1))
    throw new ConfigError(
      `${where}.productivity=${String(productivity)} must be a share from 0 to 1 (or null for win rates)`,
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

/**
 * Quotas of the named reps (every owner but a pool: "<quadrant> rep NN" or a CRM owner's name) from their
 * accounts' opportunity; a rep's quadrant is its accounts'.
 *
 * @example
 * repQuotas(['Acquire rep 01', 'Acquire rep 02'], ['Acquire', 'Acquire'], Float64Array.from([300, 100]), { Acquire: 0.25 },
 *   { productivity: null, target: 200, band: { min: 0.1, max: 0.8 } }).reps.map((r) => r.quota); // [150, 50]
 */
export function repQuotas(
  owners: readonly (string | null)[],
  quadrants: readonly (string | null)[],
  opportunity: ArrayLike<number>,
  conversion: Partial<Record<RoadQuadrant, number>>,
  rules: QuotaRules,
  newReps: ReadonlySet<string> = new Set(),
): QuotaPlan {
  const byRep = new Map<string, { quadrant: RoadQuadrant; accounts: number; opportunity: number }>();
  owners.forEach((owner, i) => {
    const quadrant = quadrants[i] as RoadQuadrant | null;
    if (owner === null || isPoolOwner(owner) || quadrant === null || !ROAD_QUADRANTS.includes(quadrant))
      return;
    const entry = byRep.get(owner) ?? {
      quadrant,
      accounts: 0,
      opportunity: 0,
    };
    entry.accounts++;
    entry.opportunity += Number.isNaN(opportunity[i] as number) ? 0 : (opportunity[i] as number);
    byRep.set(owner, entry);
  });
  const rows = [...byRep].sort(([a], [b]) => a.localeCompare(b));
  const expected = rows.map(([, r]) => r.opportunity * (conversion[r.quadrant] as number));
  const ramps = rows.map(([rep]) => (newReps.has(rep) && rules.ramp !== null ? rules.ramp : 1));
  const total = expected.reduce((s, v, k) => s + v * (ramps[k] as number), 0);
  if (rules.target !== null && !(total > 0))
    throw new DataError(
      'quotas.target is set but the named reps have no expected bookings to scale; check coverage',
    );
  const weights = expected.map((e, k) => e * (ramps[k] as number));
  const low = rows.map(([, r]) => r.opportunity * rules.band.min);
  const high = rows.map(([, r]) => r.opportunity * rules.band.max);
  // With a target, quotas add up to it and stay in the band when the band can hold it; else plain scaling.
  const banded = rules.target === null ? null : bandedScale(weights, low, high, rules.target);
  const scale = rules.target === null ? 1 : (banded ?? rules.target / total);
  const quotaOf = (k: number) => {
    const plain = (weights[k] as number) * scale;
    return banded === null ? plain : Math.min(high[k] as number, Math.max(low[k] as number, plain));
  };
  const reps = rows.map(([rep, r], k) => {
    const quota = quotaOf(k);
    const ratio = quota / r.opportunity;
    return {
      rep,
      quadrant: r.quadrant,
      accounts: r.accounts,
      opportunity: r.opportunity,
      conversion: conversion[r.quadrant] as number,
      expected_bookings: expected[k] as number,
      quota,
      quota_to_opportunity: ratio,
      within_band: ratio >= rules.band.min - 1e-12 && ratio <= rules.band.max + 1e-12,
      new_rep: newReps.has(rep),
      ramp: ramps[k] as number,
    };
  });
  return {
    reps,
    expectedBookings: expected.reduce((s, v) => s + v, 0),
    target: rules.target,
    scale,
    band: rules.band,
    outsideBand: reps.filter((r) => !r.within_band).length,
    bandHolds: rules.target === null || banded !== null,
  };
}
