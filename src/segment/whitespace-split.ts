/**
 * Whitespace by motion and product line. An account's whitespace (potential − spend, from the account-level
 * model) is split in proportion to its per-line whitespace — each line's potential (peer percentile among the
 * line's buyers) less the account's spend in that line:
 * - a prospect's whitespace is **new logo**;
 * - a customer's whitespace in lines it already buys is **upsell**, in lines it does not buy yet **cross-sell**.
 * The parts add up to the account's whitespace exactly (by line and by motion); an account whose lines show no
 * whitespace splits by its line spend (a customer: upsell) or evenly (a prospect).
 */

/** The three whitespace motions. */
export const WHITESPACE_MOTIONS = ['New logo', 'Upsell', 'Cross-sell'] as const;
/** One whitespace motion. */
export type WhitespaceMotion = (typeof WHITESPACE_MOTIONS)[number];

/** What {@link splitWhitespace} returns. */
export interface WhitespaceSplit {
  newLogo: Float64Array;
  upsell: Float64Array;
  crossSell: Float64Array;
  /** Each line's share of each account's whitespace, in the order of `lines`. */
  byLine: Float64Array[];
  /** Whitespace summed per motion and line (rows with a zero total left out). */
  totals: { motion: WhitespaceMotion; line: string; whitespace: number }[];
}

/** One account's weights per line, and which lines it buys. */
function lineWeights(i: number, lineSpend: readonly Float64Array[], lineWhitespace: readonly Float64Array[]) {
  const buys = lineSpend.map((s) => (s[i] as number) > 0);
  let weights = lineWhitespace.map((w) => Math.max(0, Number.isNaN(w[i] as number) ? 0 : (w[i] as number)));
  if (weights.every((w) => w === 0))
    weights = buys.some(Boolean) ? lineSpend.map((s) => s[i] as number) : lineSpend.map(() => 1);
  const total = weights.reduce((s, w) => s + w, 0);
  return { buys, shares: weights.map((w) => w / total) };
}

/**
 * Splits each account's whitespace by motion and product line (see the module note).
 *
 * @example
 * const split = splitWhitespace(['Platform', 'Analytics'], Float64Array.from([100]), Float64Array.from([1]),
 *   [Float64Array.from([50]), Float64Array.from([0])], [Float64Array.from([20]), Float64Array.from([60])]);
 * [split.upsell[0], split.crossSell[0]]; // [25, 75]
 */
export function splitWhitespace(
  lines: readonly string[],
  whitespace: Float64Array,
  isCustomer: Float64Array,
  lineSpend: readonly Float64Array[],
  lineWhitespace: readonly Float64Array[],
): WhitespaceSplit {
  const n = whitespace.length;
  const newLogo = new Float64Array(n);
  const upsell = new Float64Array(n);
  const crossSell = new Float64Array(n);
  const byLine = lines.map(() => new Float64Array(n));
  const sums = new Map<string, number>();
  const add = (motion: WhitespaceMotion, line: string, v: number) =>
    sums.set(`${motion}\u0000${line}`, (sums.get(`${motion}\u0000${line}`) ?? 0) + v);
  for (let i = 0; i < n; i++) {
    const w = whitespace[i] as number;
    if (Number.isNaN(w)) {
      for (const target of [newLogo, upsell, crossSell, ...byLine]) target[i] = Number.NaN;
      continue;
    }
    const { buys, shares } = lineWeights(i, lineSpend, lineWhitespace);
    lines.forEach((line, k) => {
      const part = w * (shares[k] as number);
      (byLine[k] as Float64Array)[i] = part;
      const motion: WhitespaceMotion = isCustomer[i] !== 1 ? 'New logo' : buys[k] ? 'Upsell' : 'Cross-sell';
      const target = motion === 'New logo' ? newLogo : motion === 'Upsell' ? upsell : crossSell;
      target[i] = (target[i] as number) + part;
      add(motion, line, part);
    });
  }
  const totals = WHITESPACE_MOTIONS.flatMap((motion) =>
    lines.flatMap((line) => {
      const whitespace = sums.get(`${motion}\u0000${line}`) ?? 0;
      return whitespace > 0 ? [{ motion, line, whitespace }] : [];
    }),
  );
  return { newLogo, upsell, crossSell, byLine, totals };
}

/**
 * The column name of a product line's whitespace: `whitespace_line_` and the name in lower-case letters, digits
 * and underscores.
 *
 * @example
 * lineColumn('Data & AI'); // 'whitespace_line_data_ai'
 */
export function lineColumn(line: string): string {
  return `whitespace_line_${line
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')}`;
}
