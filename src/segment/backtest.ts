/**
 * The backtest of a segmentation, as 6sense backtests its fit model: take the fit scores and tiers of an earlier
 * run and measure what happened next in a later run — which non-customers became customers, new won deals and won
 * amount, open pipeline — per earlier fit decile and tier, with the AUC of the earlier probability for "became a
 * customer" (95 % interval, Hanley & McNeil) and the lift of the top decile (95 % Wilson interval of its rate).
 */
import { DataError } from '../core/errors.ts';
import type { Frame } from '../data/frame.ts';
import { rocAuc } from '../models/metrics.ts';
import { TIER_NAMES } from './vocabulary.ts';

/** Outcomes of one group of earlier non-customers (a fit decile or a tier). */
export interface BacktestGroup {
  group: string;
  accounts: number;
  becameCustomers: number;
  conversionRate: number;
  newWins: number;
  wonAmount: number;
  withOpenPipeline: number;
}

/** What {@link backtest} measures. */
export interface BacktestResult {
  /** Earlier non-customers found in the later run (the population of the backtest). */
  accounts: number;
  becameCustomers: number;
  /** AUC of the earlier probability for "became a customer", with its 95 % interval. */
  auc: { value: number; low: number; high: number };
  /** Conversion of the top fit decile ÷ overall conversion, with the 95 % interval of the top decile's rate. */
  topDecileLift: { value: number; low: number; high: number };
  byDecile: BacktestGroup[];
  byTier: BacktestGroup[];
}

/** Hanley & McNeil (1982) standard error of an AUC from the numbers of positives and negatives. */
function aucInterval(auc: number, positives: number, negatives: number): { low: number; high: number } {
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const variance =
    (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) /
    (positives * negatives);
  const se = Math.sqrt(Math.max(variance, 0));
  return { low: Math.max(0, auc - 1.96 * se), high: Math.min(1, auc + 1.96 * se) };
}

/** Wilson 95 % interval of a proportion. */
function wilson(successes: number, n: number): { low: number; high: number } {
  if (n === 0) return { low: Number.NaN, high: Number.NaN };
  const z = 1.96;
  const p = successes / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return { low: centre - half, high: centre + half };
}

function requireColumns(frame: Frame, columns: readonly string[], run: string): void {
  const missing = columns.filter((c) => !frame.has(c));
  if (missing.length > 0)
    throw new DataError(
      `segments.csv has no ${missing.map((c) => `"${c}"`).join(', ')}; rerun segment study to backtest this run`,
      { file: run },
    );
}

/** One earlier non-customer: its earlier score and what happened to it by the later run. */
interface Outcome {
  p: number;
  decile: number;
  tier: string;
  became: number;
  wins: number;
  amount: number;
  open: number;
}

/** The earlier run's non-customers that are still in the later run, with their outcomes. */
function outcomes(previous: Frame, current: Frame): Outcome[] {
  const later = new Map<string, number>();
  current.strings('account_id').forEach((id, j) => id !== null && later.set(id, j));
  const wasCustomer = previous.numbers('is_customer');
  const [probability, fit, tiers] = [
    previous.numbers('probability'),
    previous.numbers('fit_score'),
    previous.strings('tier'),
  ];
  const [isCustomer, wonDeals, wonAmount, pipeline] = [
    'is_customer',
    'won_deals',
    'won_amount',
    'open_pipeline',
  ].map((c) => current.numbers(c));
  const [earlierWins, earlierAmount] = [previous.numbers('won_deals'), previous.numbers('won_amount')];
  const rows: Outcome[] = [];
  previous.strings('account_id').forEach((id, i) => {
    const j = id === null ? undefined : later.get(id);
    if (j === undefined || wasCustomer[i] === 1 || Number.isNaN(probability[i] as number)) return;
    const delta = (a: Float64Array | undefined, b: Float64Array) =>
      Math.max(0, ((a?.[j] as number) || 0) - ((b[i] as number) || 0));
    rows.push({
      p: probability[i] as number,
      decile: Math.min(10, Math.floor((fit[i] as number) / 10) + 1),
      tier: tiers[i] ?? 'none',
      became: isCustomer?.[j] === 1 ? 1 : 0,
      wins: delta(wonDeals, earlierWins),
      amount: delta(wonAmount, earlierAmount),
      open: ((pipeline?.[j] as number) || 0) > 0 ? 1 : 0,
    });
  });
  return rows;
}

/** The outcomes of one group (a decile or a tier). */
function summarize(group: string, members: readonly Outcome[]): BacktestGroup {
  const became = members.reduce((s, r) => s + r.became, 0);
  return {
    group,
    accounts: members.length,
    becameCustomers: became,
    conversionRate: members.length === 0 ? Number.NaN : became / members.length,
    newWins: members.reduce((s, r) => s + r.wins, 0),
    wonAmount: members.reduce((s, r) => s + r.amount, 0),
    withOpenPipeline: members.reduce((s, r) => s + r.open, 0),
  };
}

/**
 * Backtests the earlier run's scores on the later run's outcomes. Accounts are matched by `account_id`; the
 * population is the earlier run's non-customers that are still in the later run.
 *
 * @example
 * const result = backtest(may.segments, november.segments, { previous: 'out/2026-05', current: 'out/2026-11' });
 * result.auc.value; // 0.71
 */
export function backtest(
  previous: Frame,
  current: Frame,
  runs: { previous: string; current: string },
): BacktestResult {
  requireColumns(
    previous,
    ['account_id', 'is_customer', 'probability', 'fit_score', 'tier', 'won_deals', 'won_amount'],
    runs.previous,
  );
  requireColumns(
    current,
    ['account_id', 'is_customer', 'won_deals', 'won_amount', 'open_pipeline'],
    runs.current,
  );
  const rows = outcomes(previous, current);
  const positives = rows.reduce((s, r) => s + r.became, 0);
  if (rows.length === 0 || positives === 0 || positives === rows.length)
    throw new DataError(
      `no outcome to backtest: ${positives} of ${rows.length} earlier non-customers became customers; the later run must be a later snapshot of the same accounts`,
      { file: runs.current },
    );
  const byDecile = Array.from({ length: 10 }, (_, d) =>
    summarize(
      `decile ${d + 1}`,
      rows.filter((r) => r.decile === d + 1),
    ),
  );
  const byTier = TIER_NAMES.map((t) =>
    summarize(
      t,
      rows.filter((r) => r.tier === t),
    ),
  );
  const auc = rocAuc(
    rows.map((r) => r.became),
    rows.map((r) => r.p),
  );
  const overall = positives / rows.length;
  const top = byDecile[9] as BacktestGroup;
  const topInterval = wilson(top.becameCustomers, top.accounts);
  return {
    accounts: rows.length,
    becameCustomers: positives,
    auc: { value: auc, ...aucInterval(auc, positives, rows.length - positives) },
    topDecileLift: {
      value: top.conversionRate / overall,
      low: topInterval.low / overall,
      high: topInterval.high / overall,
    },
    byDecile,
    byTier,
  };
}

/** What the previous run's opportunity realized: won amount booked since, over the opportunity it forecast. */
export interface Realization {
  /** booked ÷ opportunity. */
  rate: number;
  /** The previous run's accounts found in this one. */
  accounts: number;
  /** Their opportunity in the previous run. */
  opportunity: number;
  /** Won amount they booked since (growth of won_amount, never below 0 per account, as the backtest counts). */
  booked: number;
}

/**
 * The share of the previous run's opportunity booked by this run: Σ new won amount ÷ Σ previous opportunity over
 * the accounts found in both (by `account_id`); null when the previous run forecast no opportunity or nothing was
 * booked. Quotas take it as their realization rate (opportunity is already probability × whitespace).
 *
 * @example
 * realization(may.segments, novemberFrame)?.rate; // 0.31
 */
export function realization(previous: Frame, current: Frame): Realization | null {
  const later = new Map<string, number>();
  current.strings('account_id').forEach((id, j) => id !== null && later.set(id, j));
  const [opportunity, earlier, now] = [
    previous.numbers('opportunity'),
    previous.numbers('won_amount'),
    current.numbers('won_amount'),
  ];
  const sum = { accounts: 0, opportunity: 0, booked: 0 };
  previous.strings('account_id').forEach((id, i) => {
    const j = id === null ? undefined : later.get(id);
    if (j === undefined) return;
    sum.accounts++;
    sum.opportunity += (opportunity[i] as number) || 0;
    sum.booked += Math.max(0, ((now[j] as number) || 0) - ((earlier[i] as number) || 0));
  });
  if (!(sum.opportunity > 0 && sum.booked > 0)) return null;
  return { rate: sum.booked / sum.opportunity, ...sum };
}
