/**
 * The outcome of normalizing one raw value: a canonical value, a missing value, or an invalid one
 * with the reason. Normalizers never invent a value: anything they cannot read is `invalid`.
 */

/** A value that was read. `approximate` marks values read from a range or bound ("51-200", "500+"). */
export interface Valid<T> {
  status: 'ok';
  value: T;
  approximate?: boolean;
}
/** No value was given (empty cell or a placeholder such as "N/A"). */
export interface Missing {
  status: 'missing';
}
/** A value was given but cannot be read; `reason` says why, in a few words. */
export interface Invalid {
  status: 'invalid';
  reason: string;
}

/** What a normalizer returns. */
export type Normalized<T> = Valid<T> | Missing | Invalid;

/** @example ok('US') // { status: 'ok', value: 'US' } */
export function ok<T>(value: T, approximate = false): Valid<T> {
  return approximate ? { status: 'ok', value, approximate } : { status: 'ok', value };
}

/** The shared {@link Missing} result. */
export const MISSING: Missing = Object.freeze({ status: 'missing' });

/** @example invalid('not a country') // { status: 'invalid', reason: 'not a country' } */
export function invalid(reason: string): Invalid {
  return { status: 'invalid', reason };
}

const PLACEHOLDERS = new Set([
  '',
  '-',
  '--',
  '---',
  '?',
  '??',
  '.',
  'n/a',
  'na',
  'n.a.',
  'n.a',
  '#n/a',
  'null',
  'nil',
  'none',
  'nan',
  'unknown',
  'unk',
  'tbd',
  'tba',
  'not available',
  'not applicable',
  'not provided',
  'undefined',
  '(blank)',
  'blank',
  '0x0',
]);

/**
 * True for empty cells and the placeholders CRM users type instead of leaving a cell blank
 * ("N/A", "-", "unknown", "TBD", "#N/A", "null" …).
 *
 * @example
 * isPlaceholder(' N/A '); // true
 * isPlaceholder('Acme');  // false
 */
export function isPlaceholder(raw: string | null | undefined): boolean {
  if (raw === null || raw === undefined) return true;
  return PLACEHOLDERS.has(raw.trim().toLowerCase());
}
