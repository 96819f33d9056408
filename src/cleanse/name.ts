/**
 * Company names: a tidy display form and a matching key that ignores case, accents, punctuation
 * and legal suffixes ("ACME, Inc." and "Acme Incorporated" share the key "acme").
 */
import { foldText, visibleText } from './fold-text.ts';

const LEGAL_SUFFIXES = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'llc',
  'llp',
  'lp',
  'ltd',
  'limited',
  'plc',
  'gmbh',
  'ag',
  'kg',
  'sa',
  'sas',
  'sarl',
  'sl',
  'ltda',
  'kft',
  'sro',
  'oyj',
  'asa',
  'srl',
  'spa',
  'bv',
  'nv',
  'ab',
  'as',
  'oy',
  'pty',
  'pte',
  'kk',
  'pvt',
  'holdings',
  'holding',
  'group',
]);

/**
 * The display form of a name: trimmed, inner whitespace collapsed. Case is kept (acronyms are legitimate).
 * Returns null for an empty name.
 *
 * @example
 * displayName('  Acme   Corp '); // 'Acme Corp'
 */
export function displayName(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const s = raw.replace(/\s+/g, ' ').trim();
  return s === '' ? null : s;
}

/**
 * The matching key of a company name: lower case, accents removed, "&" read as "and", punctuation
 * dropped (German umlauts transliterated: ü → ue), a leading "the" and trailing legal suffixes (Inc, LLC, GmbH, Ltd, Holdings …) removed.
 * Returns null when nothing is left.
 *
 * @example
 * nameKey('The ACME Company, Inc.'); // 'acme'
 * nameKey('Müller & Söhne GmbH');    // 'mueller and soehne'
 * nameKey('Rossi S.p.A.');           // 'rossi'
 */
export function nameKey(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const transliterated = visibleText(raw)
    .toLowerCase()
    .replace(/ä/g, 'ae') // German transliteration (DIN 5007-2), so "Müller" and "Mueller" match
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/\bs\.?\s?a\.?\s+de\s+c\.?\s?v\.?\s*$/, ''); // Mexican "S.A. de C.V."
  // foldText drops dots, so "S.p.A." → "spa", "B.V." → "bv", "A.C.M.E." → "acme".
  const words = foldText(transliterated)
    .split(' ')
    .filter((w) => w !== '');
  if (words[0] === 'the' && words.length > 1) words.shift();
  for (;;) {
    const last = words[words.length - 1] as string;
    if (words.length > 1 && (LEGAL_SUFFIXES.has(last) || last === 'and')) words.pop();
    else break;
  }
  return words.length === 0 ? null : words.join(' ');
}
