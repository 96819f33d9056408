/**
 * What counts as a plain number written as text ("12", "-3.5", ".5", "1e6"): the one definition shared by
 * the loader, schema checks, model inputs, the study's joins and the CSV writer's formula check.
 */

/** A plain decimal number, optionally signed and with an exponent; no spaces, separators or units. */
export const NUMBER_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * The number a text holds (surrounding blanks ignored), or NaN when it is not a plain number.
 *
 * @example
 * parseNumberText(' 1e3 '); // 1000
 * parseNumberText('1,200'); // NaN
 */
export function parseNumberText(text: string): number {
  const trimmed = text.trim();
  return NUMBER_TEXT.test(trimmed) ? Number(trimmed) : Number.NaN;
}
