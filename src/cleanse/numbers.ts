/**
 * Parsing of employee counts and money amounts as they appear in CRM exports:
 * "1,200", "1.2k", "500+", "51-200", "$12.5M", "9,800,000", "$1.2B", "USD 3.4 million", and European
 * notation where it cannot be misread ("85.743.151,98", "1 234,5").
 */
import { DataError } from '../core/errors.ts';
import { invalid, isPlaceholder, MISSING, ok, type Normalized } from './result.ts';

const MULTIPLIERS: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  mn: 1e6,
  mio: 1e6,
  mil: 1e6,
  million: 1e6,
  millions: 1e6,
  b: 1e9,
  bn: 1e9,
  bil: 1e9,
  billion: 1e9,
  billions: 1e9,
  t: 1e12,
  tn: 1e12,
  trillion: 1e12,
};

const NUMBER_WITH_SUFFIX = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]+)?$/;

/**
 * European notation that cannot be read another way: "85.743.151,98" and "1 234,5" (grouped, decimal comma),
 * "1.234.567" (two or more dot groups), "12,5" (a comma before one or two digits is no thousands separator).
 * A lone "1.234" or "1,234" stays in US notation.
 */
function europeanToPlain(s: string): string | null {
  const spaced = s.replace(/[\u00a0\u202f]/g, ' ');
  if (/^\d{1,3}([. ]\d{3})+,\d+(\s*[a-z]+)?$/.test(spaced) || /^\d+,\d{1,2}(\s*[a-z]+)?$/.test(spaced))
    return spaced.replace(/[. ]/g, '').replace(',', '.');
  if (/^\d{1,3}(\.\d{3}){2,}$/.test(spaced)) return spaced.replaceAll('.', '');
  return null;
}

/**
 * How a file writes numbers: `us` (1,234.5), `european` (1.234,5), or `unknown` when no value of the file
 * settles it (or values settle it both ways). Decided once per file by {@link detectNumberConvention}.
 */
export type NumberConvention = 'us' | 'european' | 'unknown';

/** "1.200" or "1,200": one group of three digits after a single separator, readable either way. */
const AMBIGUOUS_GROUP = /^\d{1,3}([.,])\d{3}$/;

const EUROPEAN_EVIDENCE = [/^\d{1,3}([. ]\d{3})+,\d+/, /^\d+,\d{1,2}(\s*[a-z]+)?$/, /^\d{1,3}(\.\d{3}){2,}$/];
const US_EVIDENCE = [
  /^\d{1,3}(,\d{3})+\.\d+/,
  /^\d{1,3}(,\d{3}){2,}$/,
  /^\d+\.(\d{1,2}|\d{4,})(\s*[a-z]+)?$/,
];

/** A cell reduced to its number: lower case, no currency, qualifier, "+" or unit words around it. */
function numberCore(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/^(approx\.?|about|around|circa|~|>|over)\s*/, '')
    .replace(/^(usd|us\$|\$|€|eur|£)\s*/, '')
    .replace(/\s*(usd|eur|gbp|€|£|employees|\+)$/, '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .trim();
}

/**
 * The number convention of a file from its values (employee counts, amounts): European when some values can
 * only be European ("1.234,5", "12,5", "1.234.567") and none only US ("1,234.5", "1,234,567", "12.5M"); US the
 * other way round; unknown when neither or both occur. Returns the counts of each kind of evidence.
 *
 * @example
 * detectNumberConvention(['1.234,50', '12,5', '900']); // { convention: 'european', european: 2, us: 0 }
 */
export function detectNumberConvention(values: Iterable<string | null>): {
  convention: NumberConvention;
  european: number;
  us: number;
} {
  let european = 0;
  let us = 0;
  for (const value of values) {
    if (value === null) continue;
    const core = numberCore(value);
    if (EUROPEAN_EVIDENCE.some((p) => p.test(core))) european++;
    else if (US_EVIDENCE.some((p) => p.test(core))) us++;
  }
  const convention = european > 0 && us === 0 ? 'european' : us > 0 && european === 0 ? 'us' : 'unknown';
  return { convention, european, us };
}

/** Reads "1,234.5", "1.2k", "12.5 million" (already lower-cased, no currency) into a number, or NaN. */
function parseMagnitude(text: string, convention: NumberConvention): number {
  let s = text.trim();
  // Scientific notation, as spreadsheets and pandas write large numbers: "1.2E+03", "3.5e6".
  if (/^\d+(\.\d+)?e[+-]?\d{1,3}$/i.test(s)) return Number(s);
  const european = europeanToPlain(s);
  const group = AMBIGUOUS_GROUP.exec(s);
  if (european !== null) s = european;
  else if (group !== null && convention === 'european')
    s = group[1] === '.' ? s.replace('.', '') : s.replace(',', '.');
  else if (/^\d{1,3}(,\d{3})+(\.\d+)?(\s*[a-z]+)?$/.test(s)) s = s.replaceAll(',', '');
  else if (/^\d{1,3}([ \u00a0\u202f]\d{3})+$/.test(s)) s = s.replace(/[ \u00a0\u202f]/g, '');
  const match = NUMBER_WITH_SUFFIX.exec(s);
  if (!match) return Number.NaN;
  const base = Number(match[1]);
  if (match[2] === undefined) return base;
  const multiplier = MULTIPLIERS[match[2]];
  return multiplier === undefined ? Number.NaN : base * multiplier;
}

/**
 * Parses a head count. Accepts thousands separators ("1,200", "1 200", and "1.200" in a European file),
 * suffixes ("1k", "1.5K"), ranges ("51-200", "51 to 200": the midpoint, marked approximate), lower bounds
 * ("10,000+": the bound, marked approximate) and qualifiers ("approx. 300", "~300", "about 300"). Counts must
 * be ≥ 1. "1.200" outside a European file is ambiguous (1,200 or 1.2?) and invalid.
 *
 * @example
 * parseEmployees('1,200');  // { status: 'ok', value: 1200 }
 * parseEmployees('1.5k');   // { status: 'ok', value: 1500 }
 * parseEmployees('1.2E+03'); // { status: 'ok', value: 1200 }
 * parseEmployees('51-200'); // { status: 'ok', value: 126, approximate: true }
 * parseEmployees('lots');   // { status: 'invalid', reason: 'not a number' }
 */
export function parseEmployees(
  raw: string | number | null | undefined,
  convention: NumberConvention = 'unknown',
): Normalized<number> {
  if (typeof raw === 'number') return checkCount(raw, false);
  if (raw === null || raw === undefined || isPlaceholder(raw)) return MISSING;
  let s = raw.trim().toLowerCase();
  let approximate = false;
  const qualifier = /^(approx\.?|approximately|about|around|circa|ca\.?|~|>|over|more than)\s*/.exec(s);
  if (qualifier) {
    s = s.slice(qualifier[0].length);
    approximate = true;
  }
  s = s.replace(/\s*(employees|employee|staff|people|ftes?|emp\.?|headcount)$/, '');
  const range = /^(.+?)\s*(?:-|–|—|to)\s*(.+)$/.exec(s);
  if (range && !s.startsWith('-')) {
    const low = parseMagnitude(range[1] as string, convention);
    const high = parseMagnitude(range[2] as string, convention);
    if (Number.isNaN(low) || Number.isNaN(high) || high < low) return invalid('not a valid range');
    return checkCount(Math.round((low + high) / 2), true);
  }
  if (s.endsWith('+')) {
    s = s.slice(0, -1).trim();
    approximate = true;
  }
  if (s.startsWith('-')) return invalid('negative count');
  if (/^\d{1,3}\.\d{3}$/.test(s) && convention !== 'european') return invalid(AMBIGUOUS);
  const value = parseMagnitude(s, convention);
  if (Number.isNaN(value)) return invalid('not a number');
  return checkCount(Math.round(value), approximate);
}

function checkCount(value: number, approximate: boolean): Normalized<number> {
  if (!Number.isFinite(value)) return invalid('not a finite number');
  if (value < 1) return invalid(value < 0 ? 'negative count' : 'zero employees');
  return ok(Math.round(value), approximate);
}

const AMBIGUOUS = 'ambiguous: the point may group thousands (1,200) or mark decimals (1.2); write 1200';

const FOREIGN_CURRENCY = /(€|£|¥|₹|\b(eur|gbp|jpy|inr|cad|aud|chf|cny|sek|brl)\b)/;

/**
 * Parses an amount in US dollars. Accepts "$", "USD", "US$", thousands separators, decimal suffixes
 * (k, M, MM, mn, B, bn, "million", "billion"); "1.200" is 1.2 in a US file, 1,200 in a European one and
 * ambiguous (invalid) when the file does not say. Other currencies are invalid (converting them would mean
 * inventing an exchange rate); so are negative amounts, including accounting "(1,000)".
 *
 * @example
 * parseRevenue('$12.5M');    // { status: 'ok', value: 12500000 }
 * parseRevenue('9,800,000'); // { status: 'ok', value: 9800000 }
 * parseRevenue('€3M');       // { status: 'invalid', reason: 'not in US dollars' }
 */
export function parseRevenue(
  raw: string | number | null | undefined,
  convention: NumberConvention = 'unknown',
): Normalized<number> {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return invalid('not a finite number');
    return raw < 0 ? invalid('negative amount') : ok(raw);
  }
  if (raw === null || raw === undefined || isPlaceholder(raw)) return MISSING;
  let s = raw.trim().toLowerCase();
  if (FOREIGN_CURRENCY.test(s)) return invalid('not in US dollars');
  if (/^\(.*\)$/.test(s) || s.startsWith('-') || s.startsWith('$-') || s.startsWith('-$')) {
    return invalid('negative amount');
  }
  let approximate = false;
  const qualifier = /^(approx\.?|approximately|about|around|circa|~|>|over)\s*/.exec(s);
  if (qualifier) {
    s = s.slice(qualifier[0].length);
    approximate = true;
  }
  s = s
    .replace(/^(usd|us\$|\$)\s*/, '')
    .replace(/\s*(usd|dollars)$/, '')
    .replace(/\s*(per year|\/yr|\/year|annually|p\.a\.)$/, '')
    .trim();
  if (s.endsWith('+')) {
    s = s.slice(0, -1).trim();
    approximate = true;
  }
  if (/^\d{1,3}\.\d{3}$/.test(s) && convention === 'unknown') return invalid(AMBIGUOUS);
  const value = parseMagnitude(s, convention);
  if (Number.isNaN(value)) return invalid('not an amount');
  if (!Number.isFinite(value)) return invalid('not a finite number');
  return ok(value, approximate);
}

/**
 * A column of money amounts (deal values, spend) read with one number convention for the whole column: "$1,200",
 * "120.000,00", "1.5M"; blanks and placeholders are NaN, a leading minus is kept (the caller decides whether
 * negatives are allowed). Anything else is an error naming its row.
 *
 * @example
 * parseAmounts(['120.000,00', '4.500,50'], { file: 'deals.csv', column: 'Amount' }); // Float64Array [120000, 4500.5]
 */
export function parseAmounts(
  values: readonly (string | null)[],
  where: { file: string; column: string },
): Float64Array {
  const { convention } = detectNumberConvention(values);
  return Float64Array.from(values, (value, i) => {
    if (value === null || value.trim() === '') return Number.NaN;
    const text = value.trim();
    const negative = text.startsWith('-');
    const result = parseRevenue(negative ? text.slice(1) : text, convention);
    if (result.status === 'ok') return negative ? -result.value : result.value;
    if (result.status === 'missing') return Number.NaN;
    throw new DataError(`"${value}" is not an amount (${result.reason})`, { ...where, row: i + 1 });
  });
}
