/**
 * Amount units stated in a header: "Revenue (in 000s USD)", "Annual Revenue (USD thousands)", "Revenue ($M)",
 * "Revenue in millions". Values of such a column are multiplied by the unit, and the header without the unit
 * is what the header mapping compares.
 */

const UNITS: readonly { scale: number; words: string }[] = [
  { scale: 1e3, words: "000s|'000s?|000|thousands?|k" },
  { scale: 1e6, words: 'millions?|mio|mm|mn|m' },
  { scale: 1e9, words: 'billions?|bn|b' },
];

/**
 * The unit of a header and the header without it.
 *
 * @example
 * headerUnit('Revenue (in 000s USD)'); // { scale: 1000, base: 'Revenue' }
 * headerUnit('Annual Revenue');        // { scale: 1, base: 'Annual Revenue' }
 */
export function headerUnit(header: string): { scale: number; base: string } {
  for (const { scale, words } of UNITS) {
    const inParentheses = new RegExp(
      `\\s*\\(\\s*(?:in\\s+)?(?:usd\\s+|us\\$\\s*|\\$\\s*)?(?:${words})(?:\\s+(?:usd|us\\$|\\$))?\\s*\\)\\s*$`,
      'i',
    );
    const inWords = new RegExp(`\\s+in\\s+(?:usd\\s+)?(?:${words})(?:\\s+(?:usd|of\\s+dollars))?\\s*$`, 'i');
    for (const pattern of [inParentheses, inWords]) {
      const match = pattern.exec(header);
      if (match) return { scale, base: header.slice(0, match.index).trim() };
    }
  }
  return { scale: 1, base: header };
}
