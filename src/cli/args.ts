/** Parsing and checking of CLI option values, with one-line errors that name the option. */
import { readFile } from 'node:fs/promises';
import { DataError, UsageError } from '../core/errors.ts';
import type { MissingPolicy } from '../models/design.ts';

/** "a, b ,c" → ['a', 'b', 'c']; an empty list is an error. */
export function parseList(value: string, option: string): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new UsageError(`${option} needs at least one column name (comma-separated)`);
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item)) throw new UsageError(`${option} names "${item}" twice`);
    seen.add(item);
  }
  return items;
}

/** A finite number, optionally an integer within bounds. */
export function parseNumber(
  value: string,
  option: string,
  rules: { integer?: boolean; min?: number; max?: number } = {},
): number {
  const n = Number(value);
  const kind = rules.integer ? 'an integer' : 'a number';
  const range =
    rules.min !== undefined && rules.max !== undefined
      ? ` from ${rules.min} to ${rules.max}`
      : rules.min !== undefined
        ? ` >= ${rules.min}`
        : '';
  if (
    value.trim() === '' ||
    !Number.isFinite(n) ||
    (rules.integer && !Number.isInteger(n)) ||
    (rules.min !== undefined && n < rules.min) ||
    (rules.max !== undefined && n > rules.max)
  ) {
    throw new UsageError(`${option}=${value} must be ${kind}${range}`);
  }
  return n;
}

/** `error`, `drop` or `impute`. */
export function parseMissing(value: string): MissingPolicy {
  if (value !== 'error' && value !== 'drop' && value !== 'impute')
    throw new UsageError(`--missing=${value} must be error, drop or impute`);
  return value;
}

/** Reads and parses a JSON model file, with errors that name it. */
export async function readModelFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new DataError('model file not found', { file: path });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DataError(
      `not valid JSON (${(error as Error).message.split('\n')[0]}); pass a model written by segment lookalike or cluster`,
      { file: path },
    );
  }
}
