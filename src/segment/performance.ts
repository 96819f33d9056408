/**
 * Segment performance: is the segmentation working? Per segment (tier, ROAD quadrant, persona, size segment,
 * fit-score decile): accounts, pipeline, win rate with a 95 % Wilson interval, average won deal size (ACV),
 * sales-cycle length, conversion to customer, revenue per account, and — where the data has them — engagement
 * as a leading indicator. Open deals count as neither won nor lost. Segments without closed deals show no win
 * rate rather than a made-up one; every row carries its counts so small cells are visible.
 */
import { UsageError } from '../core/errors.ts';
import type { Deal } from './assemble.ts';

/** One segment's performance. */
export interface PerformanceRow {
  dimension: string;
  segment: string;
  accounts: number;
  customers: number;
  /** customers / accounts. */
  customer_rate: number;
  deals_won: number;
  deals_lost: number;
  deals_open: number;
  /** Sum of open deal amounts. */
  open_pipeline: number;
  /** won / (won + lost); NaN without closed deals. */
  win_rate: number;
  win_rate_low: number;
  win_rate_high: number;
  /** Mean amount of won deals (NaN without any). */
  avg_deal_size: number;
  /** Mean days from creation to close of won deals (NaN without any). */
  avg_cycle_days: number;
  /** Current spend ÷ accounts. */
  revenue_per_account: number;
  /** Mean engagement (e.g. intent score) of the segment's accounts, when given. */
  avg_engagement: number;
  /** The segment's share of all engagement activity, when given. */
  engagement_share: number;
}

/**
 * The 95 % Wilson score interval of a proportion.
 *
 * @example
 * wilsonInterval(8, 10); // [0.49, 0.943…]
 */
export function wilsonInterval(successes: number, trials: number, z = 1.959963984540054): [number, number] {
  if (trials === 0) return [Number.NaN, Number.NaN];
  const p = successes / trials;
  const denominator = 1 + (z * z) / trials;
  const centre = (p + (z * z) / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Adds `value` to `array[index]`. */
function add(array: Float64Array, index: number, value = 1): void {
  array[index] = (array[index] as number) + value;
}

/** What {@link segmentPerformance} needs per account (parallel arrays, one entry per account). */
export interface PerformanceInputs {
  isCustomer: ArrayLike<number>;
  spend: ArrayLike<number>;
  /** Engagement per account (e.g. intent score); optional. */
  engagement?: ArrayLike<number>;
  /** Activity per account (e.g. web visits) for the activity share; optional. */
  activity?: ArrayLike<number>;
}

/** Each account's segment as 1 + its index in the segments, 0 for none. */
export type LabelCodes = Uint8Array | Uint16Array | Int32Array;

/** Accounts, customers, spend, engagement and activity per segment, and the activity of all accounts. */
function accountTotals(codes: LabelCodes, k: number, inputs: PerformanceInputs) {
  const acc = {
    accounts: new Float64Array(k),
    customers: new Float64Array(k),
    spend: new Float64Array(k),
    engagement: new Float64Array(k),
    engaged: new Float64Array(k),
    activity: new Float64Array(k),
  };
  let totalActivity = 0;
  for (let i = 0; i < codes.length; i++) {
    const s = (codes[i] as number) - 1;
    const a = inputs.activity ? (inputs.activity[i] as number) : Number.NaN;
    if (!Number.isNaN(a)) totalActivity += a;
    if (s < 0) continue;
    add(acc.accounts, s);
    if (inputs.isCustomer[i] === 1) add(acc.customers, s);
    const spend = inputs.spend[i] as number;
    if (!Number.isNaN(spend)) add(acc.spend, s, spend);
    const e = inputs.engagement ? (inputs.engagement[i] as number) : Number.NaN;
    if (!Number.isNaN(e)) {
      add(acc.engagement, s, e);
      add(acc.engaged, s);
    }
    if (!Number.isNaN(a)) add(acc.activity, s, a);
  }
  return { acc, totalActivity };
}

/** Won, lost and open deals, pipeline, won amount and cycle days per segment. */
function dealTotals(codes: LabelCodes, k: number, deals: Iterable<Deal>) {
  const t = {
    won: new Float64Array(k),
    lost: new Float64Array(k),
    open: new Float64Array(k),
    pipeline: new Float64Array(k),
    wonAmount: new Float64Array(k),
    cycle: new Float64Array(k),
    cycleCount: new Float64Array(k),
  };
  for (const deal of deals) {
    const s = (codes[deal.account] ?? 0) - 1;
    if (s < 0) continue;
    if (deal.status === 'won') {
      add(t.won, s);
      add(t.wonAmount, s, deal.amount);
      if (!Number.isNaN(deal.cycleDays)) {
        add(t.cycle, s, deal.cycleDays);
        add(t.cycleCount, s);
      }
    } else if (deal.status === 'lost') add(t.lost, s);
    else {
      add(t.open, s);
      add(t.pipeline, s, deal.amount);
    }
  }
  return t;
}

/**
 * Performance of each value of `labels` (null labels are skipped), in `order` when given, else by name.
 *
 * @example
 * segmentPerformance('tier', tiers, deals, { isCustomer, spend }, ['P0', 'P1', 'P2', 'P3', 'P4', 'P5']);
 */
export function segmentPerformance(
  dimension: string,
  labels: readonly (string | null)[],
  deals: readonly Deal[],
  inputs: PerformanceInputs,
  order?: readonly string[],
): PerformanceRow[] {
  const segments = order ? [...order] : [...new Set(labels.filter((l): l is string => l !== null))].sort();
  const index = new Map(segments.map((s, i) => [s, i + 1]));
  const codes = Int32Array.from(labels, (l) => (l === null ? 0 : (index.get(l) ?? 0)));
  return performanceOfCodes(dimension, segments, codes, deals, inputs);
}

/**
 * {@link segmentPerformance} of accounts given as codes: `codes[i]` is 1 + the index of account i's segment in
 * `segments`, 0 for none (how the engine hands over millions of accounts without a string each).
 *
 * @example
 * performanceOfCodes('tier', ['P1', 'P2'], new Uint8Array([1, 2, 0]), deals, { isCustomer, spend });
 */
export function performanceOfCodes(
  dimension: string,
  segments: readonly string[],
  codes: LabelCodes,
  deals: Iterable<Deal>,
  inputs: PerformanceInputs,
): PerformanceRow[] {
  const n = codes.length;
  if (inputs.isCustomer.length !== n || inputs.spend.length !== n) {
    throw new UsageError(
      `segmentPerformance: ${n} labels but ${inputs.isCustomer.length} customer flags and ${inputs.spend.length} spend values`,
    );
  }
  const k = segments.length;
  const { acc, totalActivity } = accountTotals(codes, k, inputs);
  const { won, lost, open, pipeline, wonAmount, cycle, cycleCount } = dealTotals(codes, k, deals);
  return segments.map((segment, s) => {
    const closed = (won[s] as number) + (lost[s] as number);
    const [low, high] = wilsonInterval(won[s] as number, closed);
    const accounts = acc.accounts[s] as number;
    return {
      dimension,
      segment,
      accounts,
      customers: acc.customers[s] as number,
      customer_rate: accounts ? (acc.customers[s] as number) / accounts : Number.NaN,
      deals_won: won[s] as number,
      deals_lost: lost[s] as number,
      deals_open: open[s] as number,
      open_pipeline: pipeline[s] as number,
      win_rate: closed ? (won[s] as number) / closed : Number.NaN,
      win_rate_low: low,
      win_rate_high: high,
      avg_deal_size: won[s] ? (wonAmount[s] as number) / (won[s] as number) : Number.NaN,
      avg_cycle_days: cycleCount[s] ? (cycle[s] as number) / (cycleCount[s] as number) : Number.NaN,
      revenue_per_account: accounts ? (acc.spend[s] as number) / accounts : Number.NaN,
      avg_engagement: acc.engaged[s]
        ? (acc.engagement[s] as number) / (acc.engaged[s] as number)
        : Number.NaN,
      engagement_share: totalActivity > 0 ? (acc.activity[s] as number) / totalActivity : Number.NaN,
    };
  });
}

/**
 * Fit-score decile labels "1" (lowest scores) … "10" (highest); null without a score.
 *
 * @example
 * fitDeciles([5, 55, 99.9, NaN]); // ['1', '6', '10', null]
 */
export function fitDeciles(scores: ArrayLike<number>): (string | null)[] {
  return Array.from(scores, (s) => (Number.isNaN(s) ? null : String(fitDecileOf(s))));
}

/**
 * The fit-score decile of a score (1 … 10; see {@link fitDeciles}), 0 without a score.
 *
 * @example
 * fitDecileOf(55); // 6
 */
export function fitDecileOf(score: number): number {
  return Number.isNaN(score) ? 0 : Math.min(10, Math.floor(score / 10) + 1);
}
