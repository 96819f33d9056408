/**
 * Product lines planted in the sample: each customer adopts the core Platform and, with planted probabilities,
 * Analytics (more likely with a high tech fit), Security and Services. Its spend splits over the lines it has
 * adopted in proportion to each line's wallet share; its true wallet splits over all four lines the same way,
 * so the lines it has not adopted are the planted cross-sell. Adoption is drawn once per company (stream 12),
 * so it is the same in both snapshots, and the per-account spend total is exactly the spend of the files
 * before product lines existed.
 */
import { Random } from '../../src/core/random.ts';
import { mixSeed } from './world.ts';

/** The lines, each with its share of a company's wallet and the planted adoption among customers. */
export const PRODUCT_LINES = [
  { name: 'Platform', walletShare: 0.45, adoption: () => 1 },
  { name: 'Analytics', walletShare: 0.25, adoption: (techFit: number) => 0.2 + 0.6 * techFit },
  { name: 'Security', walletShare: 0.2, adoption: () => 0.45 },
  { name: 'Services', walletShare: 0.1, adoption: () => 0.3 },
] as const;

/** Which lines a customer has adopted (Platform always). */
export function adoptedLines(seed: number, companyIndex: number, techFit: number): boolean[] {
  const rng = new Random(mixSeed(seed, companyIndex, 12));
  return PRODUCT_LINES.map((line) => rng.uniform() < line.adoption(techFit));
}

/**
 * Whole dollars of `spend` split over the adopted lines by wallet share; the remainder of rounding goes to
 * Platform, so the parts add up to `spend` exactly.
 *
 * @example
 * splitSpend(1000, [true, false, true, false]); // [693, 0, 307, 0]
 */
export function splitSpend(spend: number, adopted: readonly boolean[]): number[] {
  const shares = PRODUCT_LINES.map((line, k): number => (adopted[k] ? line.walletShare : 0));
  const total = shares.reduce((s, v) => s + v, 0);
  const parts = shares.map((s) => Math.floor((spend * s) / total));
  parts[0] = spend - parts.slice(1).reduce((s, v) => s + v, 0);
  return parts;
}

/** A company's true wallet per line (the wallet split by wallet share). */
export function lineWallets(wallet: number): number[] {
  return PRODUCT_LINES.map((line) => Math.round(wallet * line.walletShare));
}
