/**
 * Parsing of employee counts and money amounts as they appear in CRM exports:
 * "1,200", "1.2k", "500+", "51-200", "$12.5M", "9,800,000", "$1.2B", "USD 3.4 million", and European
 * notation where it cannot be misread ("85.743.151,98", "1 234,5").
 */
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

/** Reads "1,234.5", "1.2k", "12.5 million" (already lower-cased, no currency) into a number, or NaN. */
function parseMagnitude(text: string, allowEuropeanThousands: boolean): number {
  let s = text.trim();
  const european = europeanToPlain(s);
  if (european !== null) s = european;
  else if (/^\d{1,3}(,\d{3})+(\.\d+)?(\s*[a-z]+)?$/.test(s)) s = s.replaceAll(',', '');
  else if (allowEuropeanThousands && /^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replaceAll('.', '');
  else if (/^\d{1,3}([ \u00a0\u202f]\d{3})+$/.test(s)) s = s.replace(/[ \u00a0\u202f]/g, '');
  const match = NUMBER_WITH_SUFFIX.exec(s);
  if (!match) return Number.NaN;
  const base = Number(match[1]);
  if (match[2] === undefined) return base;
  const multiplier = MULTIPLIERS[match[2]];
  return multiplier === undefined ? Number.NaN : base * multiplier;
}

/**
 * Parses a head count. Accepts thousands separators ("1,200", "1.200", "1 200"), suffixes ("1k", "1.5K"),
 * ranges ("51-200", "51 to 200": the midpoint, marked approximate), lower bounds ("10,000+": the bound,
 * marked approximate) and qualifiers ("approx. 300", "~300", "about 300"). Counts must be ≥ 1.
 *
 * @example
 * parseEmployees('1,200');  // { status: 'ok', value: 1200 }
 * parseEmployees('1.5k');   // { status: 'ok', value: 1500 }
 * parseEmployees('51-200'); // { status: 'ok', value: 126, approximate: true }
 * parseEmployees('lots');   // { status: 'invalid', reason: 'not a number' }
 */
export function parseEmployees(raw: string | number | null | undefined): Normalized<number> {
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
    const low = parseMagnitude(range[1] as string, true);
    const high = parseMagnitude(range[2] as string, true);
    if (Number.isNaN(low) || Number.isNaN(high) || high < low) return invalid('not a valid range');
    return checkCount(Math.round((low + high) / 2), true);
  }
  if (s.endsWith('+')) {
    s = s.slice(0, -1).trim();
    approximate = true;
  }
  if (s.startsWith('-')) return invalid('negative count');
  const value = parseMagnitude(s, true);
  if (Number.isNaN(value)) return invalid('not a number');
  return checkCount(Math.round(value), approximate);
}

function checkCount(value: number, approximate: boolean): Normalized<number> {
  if (!Number.isFinite(value)) return invalid('not a finite number');
  if (value < 1) return invalid(value < 0 ? 'negative count' : 'zero employees');
  return ok(Math.round(value), approximate);
}

const FOREIGN_CURRENCY = /(€|£|¥|₹|\b(eur|gbp|jpy|inr|cad|aud|chf|cny|sek|brl)\b)/;

/**
 * Parses an amount in US dollars. Accepts "$", "USD", "US$", thousands separators, decimal suffixes
 * (k, M, MM, mn, B, bn, "million", "billion"). Other currencies are invalid (converting them would mean
 * inventing an exchange rate); so are negative amounts, including accounting "(1,000)".
 *
 * @example
 * parseRevenue('$12.5M');    // { status: 'ok', value: 12500000 }
 * parseRevenue('9,800,000'); // { status: 'ok', value: 9800000 }
 * parseRevenue('€3M');       // { status: 'invalid', reason: 'not in US dollars' }
 */
export function parseRevenue(raw: string | number | null | undefined): Normalized<number> {
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
  const value = parseMagnitude(s, false);
  if (Number.isNaN(value)) return invalid('not an amount');
  if (!Number.isFinite(value)) return invalid('not a finite number');
  return ok(value, approximate);
}
