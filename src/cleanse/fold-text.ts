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
