/**
 * A customer's purchase history as the "buy till you die" models read it (Fader, Hardie & Lee, 2005): repeat
 * purchases `frequency` (days with a purchase after the first), `recency` (time from the first purchase to the
 * last repeat one), `age` (time from the first purchase to the end of the calibration period) and the mean value
 * of the repeat purchases, in a time unit of the caller's choice (CDNOW: weeks).
 */
import { DataError } from '../core/errors.ts';

/** Milliseconds in a day, and days in a month (the customer-value models' time unit). */
export const DAY_MS = 86_400_000;
export const DAYS_PER_MONTH = 365.25 / 12;

/** One customer's summary. */
export interface PurchaseSummary {
  customer: string;
  frequency: number;
  recency: number;
  age: number;
  /** Mean value of the repeat purchases (NaN without a repeat purchase). */
  meanValue: number;
  /** The value of the first purchase (absent in summaries built by hand). */
  firstValue?: number;
}

/** One purchase: who, when (days since the epoch or any fixed origin), how much. */
export interface Purchase {
  customer: string;
  day: number;
  amount: number;
}

/**
 * The calibration summary of each customer whose first purchase is on or before `end` (a day): purchases on one
 * day count as one (their amounts added), as in the published CDNOW summaries.
 *
 * @example
 * purchaseSummaries(purchases, { end: day('1997-09-30'), unitDays: 7 })[0]; // { customer: '00001', frequency: 2, recency: 30.43, age: 38.86, meanValue: 22.35 }
 */
export function purchaseSummaries(
  purchases: readonly Purchase[],
  options: { end: number; unitDays: number },
): PurchaseSummary[] {
  const days = new Map<string, Map<number, number>>();
  for (const [row, p] of purchases.entries()) {
    if (!Number.isFinite(p.day) || !Number.isFinite(p.amount))
      throw new DataError(`purchase ${row + 1} of customer "${p.customer}" has no usable day or amount`);
    if (p.day > options.end) continue;
    const byDay = days.get(p.customer) ?? new Map<number, number>();
    byDay.set(p.day, (byDay.get(p.day) ?? 0) + p.amount);
    days.set(p.customer, byDay);
  }
  return [...days].map(([customer, byDay]) => {
    const sorted = [...byDay].sort((a, b) => a[0] - b[0]);
    const [first] = sorted[0] as [number, number];
    const repeats = sorted.slice(1);
    const last = repeats.at(-1)?.[0] ?? first;
    return {
      customer,
      frequency: repeats.length,
      recency: (last - first) / options.unitDays,
      age: (options.end - first) / options.unitDays,
      meanValue: repeats.length === 0 ? Number.NaN : repeats.reduce((s, r) => s + r[1], 0) / repeats.length,
      firstValue: sorted[0]?.[1] as number,
    };
  });
}

/**
 * Refuses histories the models cannot read: a negative or fractional frequency, a recency below zero or above the
 * age, a repeat buyer without a recency; the error names the customer and what to fix.
 *
 * @example
 * checkSummaries([{ customer: 'A', frequency: 2, recency: 40, age: 30, meanValue: 10 }], 'BgNbd'); // DataError: … recency 40 is after its age 30 …
 */
export function checkSummaries(summaries: readonly PurchaseSummary[], owner: string): void {
  if (summaries.length === 0) throw new DataError(`${owner}: no customers to fit`);
  for (const s of summaries) {
    const where = `${owner}: customer "${s.customer}"`;
    if (!Number.isInteger(s.frequency) || s.frequency < 0)
      throw new DataError(`${where} has frequency ${s.frequency}; repeat purchases are a whole number >= 0`);
    if (!(s.age > 0))
      throw new DataError(`${where} has age ${s.age}; it must be > 0 (first purchase before the end)`);
    if (!(s.recency >= 0) || s.recency > s.age)
      throw new DataError(
        `${where}: recency ${s.recency} is after its age ${s.age} (or negative); check the dates`,
      );
    if (s.frequency > 0 && s.recency === 0)
      throw new DataError(`${where} has ${s.frequency} repeat purchases but recency 0; check the dates`);
  }
}
