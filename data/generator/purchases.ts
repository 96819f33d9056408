/**
 * Repeat purchases of a customer, planted the way the "buy till you die" models tell it (BG/NBD, Gamma-Gamma): each
 * customer buys at its own rate (Gamma across customers) while it is alive, may drop out after any repeat purchase (with
 * its own Beta-distributed probability), and spends its own mean per purchase (Gamma noise around it). The bundled
 * sample's expansion deals follow it, so the study's customer value can be checked against the next period's wins.
 */
import type { Random } from '../../src/core/random.ts';

/** One customer's planted buying process. */
export interface BuyingProcess {
  /** Purchases per month while alive. */
  ratePerMonth: number;
  /** Probability of dropping out after each purchase. */
  dropout: number;
  /** Mean amount of one purchase, in USD. */
  meanAmount: number;
}

const MONTH = (365.25 / 12) * 86_400_000;

/** A Gamma(shape, 1) draw (Marsaglia–Tsang; shape < 1 boosted). */
export function gammaDraw(rng: Random, shape: number): number {
  if (shape < 1) return gammaDraw(rng, shape + 1) * rng.uniform() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = rng.uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * A customer's buying process: rate ~ Gamma(0.9, mean 0.1 a month), drop-out ~ Beta(1.2, 4), mean purchase a
 * share of its wallet (5–15 %).
 *
 * @example
 * buyingProcess(rng, 250_000); // { ratePerMonth: 0.07, dropout: 0.31, meanAmount: 21_400 }
 */
export function buyingProcess(rng: Random, wallet: number): BuyingProcess {
  const shape = 0.9;
  const ratePerMonth = (gammaDraw(rng, shape) / shape) * 0.1;
  const a = gammaDraw(rng, 1.2);
  const dropout = a / (a + gammaDraw(rng, 4));
  return { ratePerMonth, dropout, meanAmount: wallet * (0.05 + 0.1 * rng.uniform()) };
}

/**
 * The dates and amounts of a customer's repeat purchases after its first one (at `first`) up to `end` (ms):
 * exponential gaps at its rate, a drop-out draw after every repeat purchase (BG/NBD's assumption: a customer
 * is alive until it has bought again at least once); and when it dropped
 * out (the day of its last purchase), or null when it is still alive at `end`.
 *
 * @example
 * repeatPurchases(rng, process, Date.parse('2024-03-01'), Date.parse('2026-11-30'));
 * // { purchases: [{ at: …, amount: 18_300 }, …], droppedAt: null }
 */
export function repeatPurchases(
  rng: Random,
  process: BuyingProcess,
  first: number,
  end: number,
): { purchases: { at: number; amount: number }[]; droppedAt: number | null } {
  const purchases: { at: number; amount: number }[] = [];
  let at = first;
  for (;;) {
    at += (-Math.log(1 - rng.uniform()) / process.ratePerMonth) * MONTH;
    if (at > end) return { purchases, droppedAt: null };
    const amount = Math.max(1000, Math.round((process.meanAmount * gammaDraw(rng, 6)) / 6 / 100) * 100);
    purchases.push({ at, amount });
    if (rng.bernoulli(process.dropout)) break;
  }
  return { purchases, droppedAt: at };
}
