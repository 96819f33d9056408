/**
 * Coverage planning: how many reps each motion needs (accounts per rep by size segment), and balanced
 * territories — accounts of a motion dealt to its reps so that opportunity is spread evenly.
 *
 * Territory heuristic (longest-processing-time first): accounts sorted by opportunity, largest first, each
 * to the rep with the least opportunity so far (ties: fewer accounts, then lower rep number). Balance is
 * reported as the max/min ratio and the Gini coefficient of the reps' opportunity totals.
 */
import { ConfigError } from '../core/errors.ts';
import {
  ROAD_QUADRANTS,
  SIZE_SEGMENTS_WITH_UNKNOWN,
  type RoadQuadrant,
  type SizeSegment,
} from './vocabulary.ts';
import { gini } from '../stats/gini.ts';
import { maxOf, minOf } from '../core/extent.ts';

/** Accounts one rep can cover, per quadrant (motion) and size segment; 0 = not rep-covered (a pool). */
export type CapacityTable = Record<RoadQuadrant, Record<SizeSegment, number>>;

/**
 * Defaults from common practice: an Enterprise hunter covers ~20 named accounts, Mid-Market 50, SMB 150;
 * farmers fewer (deeper work), account managers more; the Opportunistic quadrant is served digitally (0).
 */
export const DEFAULT_CAPACITY: CapacityTable = {
  Acquire: { Enterprise: 20, 'Mid-Market': 50, SMB: 150 },
  Develop: { Enterprise: 15, 'Mid-Market': 40, SMB: 100 },
  Retain: { Enterprise: 25, 'Mid-Market': 75, SMB: 250 },
  Opportunistic: { Enterprise: 0, 'Mid-Market': 0, SMB: 0 },
};

/** Checks every capacity is a whole number of accounts per rep from 0 to 1,000,000. */
export function validateCapacity(table: CapacityTable): void {
  for (const [quadrant, row] of Object.entries(table)) {
    for (const [segment, value] of Object.entries(row)) {
      if (!Number.isInteger(value) || value < 0 || value > 1_000_000) {
        throw new ConfigError(
          `coverage.capacity.${quadrant}.${segment}=${value} must be a whole number of accounts from 0 to 1,000,000`,
        );
      }
    }
  }
}

/** Headcount of one motion × size segment. */
export interface HeadcountRow {
  quadrant: RoadQuadrant;
  segment: SizeSegment | 'Unknown';
  accounts: number;
  accountsPerRep: number;
  /** Full-time reps these accounts take: accounts ÷ accounts per rep (a fraction; a rep mixes segments). */
  reps: number;
}

/**
 * The work of covering every account, per quadrant × size segment: accounts ÷ accounts per rep, as full-time reps
 * (a fraction — a rep works accounts of several segments; {@link repsNeeded} rounds each quadrant up). Accounts of
 * unknown size use the SMB capacity and are listed as "Unknown".
 *
 * @example
 * headcount(quadrants, segments)[0]; // { quadrant: 'Develop', segment: 'Enterprise', accounts: 120, accountsPerRep: 15, reps: 8 }
 */
export function headcount(
  quadrants: readonly (RoadQuadrant | null)[],
  segments: readonly (SizeSegment | null)[],
  capacity: CapacityTable = DEFAULT_CAPACITY,
): HeadcountRow[] {
  const rows: HeadcountRow[] = [];
  for (const quadrant of ROAD_QUADRANTS) {
    for (const segment of SIZE_SEGMENTS_WITH_UNKNOWN) {
      let accounts = 0;
      quadrants.forEach((q, i) => {
        if (q === quadrant && (segments[i] ?? 'Unknown') === segment) accounts++;
      });
      if (accounts === 0) continue;
      const perRep = capacity[quadrant][segment === 'Unknown' ? 'SMB' : segment];
      rows.push({
        quadrant,
        segment,
        accounts,
        accountsPerRep: perRep,
        reps: perRep > 0 ? accounts / perRep : 0,
      });
    }
  }
  return rows;
}

/**
 * Reps each quadrant needs to cover every account (the "reps needed" rule): its segments' full-time reps summed,
 * rounded up — the same figure as the capacity plan's `repsToCoverAll` and the headcount curve's end, so the
 * report, deck, workbook and coverage.json quote one number.
 *
 * @example
 * repsNeeded([{ quadrant: 'Acquire', segment: 'SMB', accounts: 90, accountsPerRep: 60, reps: 1.5 },
 *   { quadrant: 'Acquire', segment: 'Enterprise', accounts: 10, accountsPerRep: 20, reps: 0.5 }]);
 * // [{ quadrant: 'Acquire', reps: 2 }]
 */
export function repsNeeded(rows: readonly HeadcountRow[]): { quadrant: RoadQuadrant; reps: number }[] {
  return ROAD_QUADRANTS.flatMap((quadrant) => {
    const work = rows.filter((r) => r.quadrant === quadrant).reduce((s, r) => s + r.reps, 0);
    return work > 0 ? [{ quadrant, reps: Math.ceil(work - 1e-9) }] : [];
  });
}

/** Balance of a territory plan. */
export interface TerritoryBalance {
  reps: number;
  accountsPerRep: number[];
  opportunityPerRep: number[];
  /** Largest / smallest rep total (1 = perfect). */
  maxMinRatio: number;
  /** Gini coefficient of rep totals (0 = perfect). */
  gini: number;
}

/**
 * Deals accounts to `reps` reps with balanced opportunity (see the module note). Returns the rep (0-based) of
 * each account and the balance.
 *
 * @example
 * assignTerritories([5, 4, 3, 3], 2).rep; // Int32Array [0, 1, 1, 0] — totals 8 and 7
 */
export function assignTerritories(
  opportunity: ArrayLike<number>,
  reps: number,
): { rep: Int32Array; balance: TerritoryBalance } {
  if (!Number.isInteger(reps) || reps < 1)
    throw new ConfigError(`territories: reps=${reps} must be an integer >= 1`);
  const n = opportunity.length;
  const value = (i: number) => (Number.isNaN(opportunity[i] as number) ? 0 : (opportunity[i] as number));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => value(b) - value(a) || a - b);
  const totals = new Array<number>(reps).fill(0);
  const counts = new Array<number>(reps).fill(0);
  const rep = new Int32Array(n);
  // The rep with the lowest total (then fewest accounts, then lowest index) gets the next account: a binary
  // min-heap of reps in that order, so each account costs O(log reps).
  const before = (a: number, b: number) =>
    (totals[a] as number) < (totals[b] as number) ||
    ((totals[a] as number) === (totals[b] as number) &&
      ((counts[a] as number) < (counts[b] as number) ||
        ((counts[a] as number) === (counts[b] as number) && a < b)));
  const heap = Array.from({ length: reps }, (_, r) => r);
  for (const i of order) {
    const best = heap[0] as number;
    rep[i] = best;
    totals[best] = (totals[best] as number) + value(i);
    counts[best] = (counts[best] as number) + 1;
    // Sift the updated rep down.
    for (let at = 0; ;) {
      const left = 2 * at + 1;
      if (left >= reps) break;
      const right = left + 1;
      const child = right < reps && before(heap[right] as number, heap[left] as number) ? right : left;
      if (!before(heap[child] as number, heap[at] as number)) break;
      heap[at] = heap[child] as number;
      heap[child] = best;
      at = child;
    }
  }
  const min = minOf(totals);
  return {
    rep,
    balance: {
      reps,
      accountsPerRep: counts,
      opportunityPerRep: totals,
      maxMinRatio: min > 0 ? maxOf(totals) / min : Infinity,
      gini: gini(totals),
    },
  };
}

/** One coverage scenario, planned (a row of scenarios.csv). */
export interface ScenarioRow {
  scenario: string;
  hunters: number;
  farmers: number;
  account_managers: number;
  reps: number;
  accounts_named: number;
  opportunity_covered: number;
  /** Share of all opportunity with a named rep. */
  opportunity_share: number;
  /** Largest gap of a rep's opportunity from its quadrant's mean (share of the mean). */
  max_deviation: number;
  within_tolerance: boolean;
  /** Accounts whose current owner changes (NaN without current owners). */
  accounts_moved: number;
  /** Mean quota of a new-business rep (Acquire, Develop, Opportunistic), and reps outside the band (NaN without quotas). */
  quota_per_rep: number;
  reps_outside_band: number;
}
