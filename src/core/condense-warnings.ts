import type { Warning } from './errors.ts';

const NUMBER = /\d+(?:\.\d+)?/g;

function range(values: number[]): string {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? String(lo) : `${lo}–${hi}`;
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
 */
export function condenseWarnings(warnings: readonly Warning[]): Warning[] {
  const groups = new Map<string, { code: string; parts: string[]; numbers: number[][]; count: number }>();
  for (const w of warnings) {
    const numbers = (w.message.match(NUMBER) ?? []).map(Number);
    const parts = w.message.split(NUMBER);
    const key = `${w.code}\u0000${parts.join('#')}`;
    const group = groups.get(key) ?? { code: w.code, parts, numbers: numbers.map(() => []), count: 0 };
    group.count++;
    numbers.forEach((v, i) => group.numbers[i]?.push(v));
    groups.set(key, group);
  }
  return [...groups.values()].map(({ code, parts, numbers, count }) => {
    const text = parts.map((p, i) => (i < numbers.length ? p + range(numbers[i] as number[]) : p)).join('');
    return { code, message: count > 1 ? `${text} (${count} times)` : text };
  });
}
