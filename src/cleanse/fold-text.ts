/**
 * The text folding every matcher in cleansing shares: lower case, accents removed, "&" read as "and",
 * dots and apostrophes dropped (so "U.S." is "us" and "O'Brien" is "obrien"), any other punctuation read
 * as a space, whitespace collapsed.
 */

/**
 * Folds `text` for matching.
 *
 * @example
 * foldText('  Côte d’Ivoire ');  // 'cote divoire'
 * foldText('U.S.');              // 'us'
 * foldText('Food & Beverages');  // 'food and beverages'
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’`.]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Unicode format characters exports carry invisibly: zero-width space / non-joiner / joiner, word joiner, BOM, soft hyphen. */
const FORMAT_CHARACTERS = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/**
 * Text as it is meant, for ids, domains and names: NFC (one form for "ü" however it was typed), invisible format
 * characters removed, trimmed.
 *
 * @example
 * visibleText('0015g000002\u200b '); // '0015g000002'
 * visibleText('Mu\u0308ller') === visibleText('Müller'); // true
 */
export function visibleText(text: string): string {
  // Printable ASCII (most ids) has no combining marks or format characters: only trimming applies.
  if (/^[ -~]*$/.test(text)) return text.trim();
  return text.normalize('NFC').replace(FORMAT_CHARACTERS, '').trim();
}
