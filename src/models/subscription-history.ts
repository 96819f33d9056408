/**
 * Subscriptions read from invoice dates: a customer billed at a regular interval (monthly, quarterly, half-yearly,
 * yearly) is a subscriber; its periods are the billing periods from its first to its last invoice, and it has
 * churned when no invoice came for more than one and a half periods before the end of the history.
 */
import { quantileSorted } from '../stats/quantile.ts';
import { DAYS_PER_MONTH } from './purchase-history.ts';
import type { Subscription } from './shifted-beta-geometric.ts';

/** The billing periods recognised, in months. */
export const BILLING_PERIODS = [1, 3, 6, 12] as const;

/** A billing gap may stray this far from the customer's median gap (late payments, calendar months). */
const REGULAR_TOLERANCE = 0.35;

/** One customer's billing: its period in months, or null when its invoices are not regular. */
export interface Billing {
  customer: string;
  /** Months between invoices, or null for irregular (or fewer than two) invoice days. */
  periodMonths: number | null;
  first: number;
  last: number;
}

function billingOf(customer: string, days: readonly number[]): Billing {
  const first = days[0] as number;
  const last = days.at(-1) as number;
  if (days.length < 2) return { customer, periodMonths: null, first, last };
  const gaps = days.slice(1).map((d, i) => d - (days[i] as number));
  const typical = quantileSorted(
    [...gaps].sort((a, b) => a - b),
    0.5,
  );
  const regular = gaps.every((g) => Math.abs(g - typical) <= REGULAR_TOLERANCE * typical);
  const months = typical / DAYS_PER_MONTH;
  const period = BILLING_PERIODS.reduce((best, p) =>
    Math.abs(Math.log(p / months)) < Math.abs(Math.log(best / months)) ? p : best,
  );
  const fits = Math.abs(months - period) <= REGULAR_TOLERANCE * period;
  return { customer, periodMonths: regular && fits ? period : null, first, last };
}

/**
 * Each customer's billing from its invoice days (days since the epoch, any order, repeats allowed).
 *
 * @example
 * billings([{ customer: 'A', day: 20_000 }, { customer: 'A', day: 20_091 }, { customer: 'A', day: 20_182 }])[0];
 * // { customer: 'A', periodMonths: 3, first: 20_000, last: 20_182 }
 */
export function billings(invoices: readonly { customer: string; day: number }[]): Billing[] {
  const byCustomer = new Map<string, Set<number>>();
  for (const { customer, day } of invoices)
    byCustomer.set(customer, (byCustomer.get(customer) ?? new Set()).add(day));
  return [...byCustomer].map(([customer, days]) =>
    billingOf(
      customer,
      [...days].sort((a, b) => a - b),
    ),
  );
}

/**
 * The subscriptions of the customers billed every `periodMonths`, as of `end` (a day). Each invoice opens a period:
 * a customer invoiced for n periods whose last invoice is more than 1.5 periods old churned after its n-th period;
 * one still billed has renewed n − 1 times (a subscription in its first period tells nothing and is left out).
 *
 * @example
 * subscriptionsOf(billings(invoices), 3, day('2026-11-30'));
 * // [{ subscriber: 'A', periods: 7, churned: false }, { subscriber: 'B', periods: 3, churned: true }, …]
 */
export function subscriptionsOf(
  billing: readonly Billing[],
  periodMonths: number,
  end: number,
): Subscription[] {
  const periodDays = periodMonths * DAYS_PER_MONTH;
  return billing
    .filter((b) => b.periodMonths === periodMonths)
    .map((b) => {
      const invoiced = Math.round((b.last - b.first) / periodDays) + 1;
      const churned = end - b.last > 1.5 * periodDays;
      return { subscriber: b.customer, periods: churned ? invoiced : invoiced - 1, churned };
    })
    .filter((s) => s.periods >= 1);
}

/**
 * The billing period most regular customers share, when at least `minShare` of the customers invoiced on two days
 * or more are billed regularly at it; else null (purchases, not subscriptions).
 *
 * @example
 * commonBillingPeriod(billings(invoices)); // 3
 */
export function commonBillingPeriod(billing: readonly Billing[], minShare = 0.6): number | null {
  const repeat = billing.filter((b) => b.last > b.first);
  const counts = new Map<number, number>();
  for (const b of repeat)
    if (b.periodMonths !== null) counts.set(b.periodMonths, (counts.get(b.periodMonths) ?? 0) + 1);
  const [period, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  return period !== null && repeat.length > 0 && n / repeat.length >= minShare ? period : null;
}
