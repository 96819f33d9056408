import type { Warning } from './errors.ts';
import { maxOf, minOf } from './extent.ts';

/** A number as written in a message: with thousands separators ("20,000") or without. */
const NUMBER = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g;

function range(values: number[], grouped: boolean): string {
  const text = (v: number) =>
    grouped ? v.toLocaleString('en-US', { maximumFractionDigits: 20 }) : String(v);
  const lo = minOf(values);
  const hi = maxOf(values);
  return lo === hi ? text(lo) : `${text(lo)}–${text(hi)}`;
}

/**
 * Condenses warnings that differ only in their numbers (the same imputation in each of 5 folds or 7 candidate
 * k) into one line with number ranges and a count, in order of first appearance. Nothing is dropped: every
 * group keeps the smallest and largest of each number.
 *
 * @example
 * condenseWarnings([
 *   { code: 'imputed', message: 'fold 1: filled 30 values' },
 *   { code: 'imputed', message: 'fold 2: filled 28 values' },
 * ]); // [{ code: 'imputed', message: 'fold 1–2: filled 28–30 values (2 times)' }]
 * condenseWarnings([{ code: 'sampled', message: '5,000 of 18,600 rows' }]); // the numbers kept as written
 * condenseWarnings([{ code: 'x', message: 'D-U-N-S 001368083 on 2025-11-01' }]); // unchanged: a single message is never rewritten
 */
export function condenseWarnings(warnings: readonly Warning[]): Warning[] {
  const groups = new Map<
    string,
    {
      code: string;
      parts: string[];
      numbers: number[][];
      grouped: boolean[];
      /** The first message and its number tokens as written (ids and dates keep their zeros). */
      first: string;
      tokens: string[];
      count: number;
    }
  >();
  for (const w of warnings) {
    const tokens = w.message.match(NUMBER) ?? [];
    const numbers = tokens.map((t) => Number(t.replaceAll(',', '')));
    const parts = w.message.split(NUMBER);
    const key = `${w.code}\u0000${parts.join('#')}`;
    const group = groups.get(key) ?? {
      code: w.code,
      parts,
      numbers: numbers.map(() => []),
      grouped: tokens.map((t) => t.includes(',')),
      first: w.message,
      tokens,
      count: 0,
    };
    group.count++;
    numbers.forEach((v, i) => group.numbers[i]?.push(v));
    groups.set(key, group);
  }
  return [...groups.values()].map(({ code, parts, numbers, grouped, first, tokens, count }) => {
    if (count === 1) return { code, message: first };
    const written = (i: number) => {
      const values = numbers[i] as number[];
      return values.every((v) => v === values[0])
        ? (tokens[i] as string)
        : range(values, grouped[i] === true);
    };
    const text = parts.map((p, i) => (i < numbers.length ? p + written(i) : p)).join('');
    return { code, message: `${text} (${count} times)` };
  });
}

/**
 * Warnings one line per kind (code), for a reader rather than a log: a kind seen once keeps its message; a
 * repeated one (imputations in several steps) keeps its first message, names the other steps and counts them.
 *
 * @example
 * oneLinePerKind([{ code: 'values-imputed', message: 'lookalike: filled 3930 …' },
 *   { code: 'values-imputed', message: 'personas: filled 280 …' }]);
 * // [{ code: 'values-imputed', message: 'lookalike: filled 3930 … (and 1 more like it: personas)' }]
 */
export function oneLinePerKind(warnings: readonly Warning[]): Warning[] {
  const byCode = new Map<string, string[]>();
  for (const w of warnings) byCode.set(w.code, [...(byCode.get(w.code) ?? []), w.message]);
  return [...byCode].map(([code, messages]) => {
    const [first, ...rest] = messages as [string, ...string[]];
    if (rest.length === 0) return { code, message: first };
    const steps = [...new Set(rest.map((m) => /^([\w -]+):/.exec(m)?.[1] ?? '').filter(Boolean))];
    const others = `${rest.length} more like it${steps.length > 0 ? `: ${steps.join(', ')}` : ''}`;
    return { code, message: `${first} (and ${others})` };
  });
}
