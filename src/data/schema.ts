/**
 * Schema checks on loaded frames: required columns present, numeric columns really numeric and finite.
 * Errors name the file, the 1-based data row and the column, and say what to do.
 */
import { parseNumberText } from './number-text.ts';
import { DataError } from '../core/errors.ts';
import type { Frame } from './frame.ts';

/**
 * Throws a {@link DataError} when any of `columns` is absent, listing what the file has.
 *
 * @example
 * requireColumns(frame, ['account_id', 'employees'], 'accounts.csv');
 * // DataError: accounts.csv: missing column "employees" (columns are "account_id", "name")
 */
export function requireColumns(frame: Frame, columns: readonly string[], file?: string): void {
  const missing = columns.filter((c) => !frame.has(c));
  if (missing.length === 0) return;
  const have = frame.columnNames.map((c) => `"${c}"`).join(', ');
  const what =
    missing.length === 1
      ? `missing column "${missing[0]}"`
      : `missing columns ${missing.map((c) => `"${c}"`).join(', ')}`;
  throw new DataError(`${what} (columns are ${have})`, file === undefined ? {} : { file });
}

/** Options of {@link requireNumeric}. */
export interface NumericCheckOptions {
  /** The file name for messages. */
  file?: string;
  /** Allow missing values (NaN / empty). Default `false`. */
  allowMissing?: boolean;
}

/**
 * Returns the values of `column` as numbers, checking that every value is a finite number (and present,
 * unless `allowMissing`). A text column is accepted when all its values parse as plain numbers.
 * Throws a {@link DataError} naming the first bad row.
 *
 * @example
 * const employees = requireNumeric(frame, 'employees', { file: 'accounts.csv' });
 * // DataError: accounts.csv, row 17, column "employees": "lots" is not a number
 */
export function requireNumeric(
  frame: Frame,
  column: string,
  options: NumericCheckOptions = {},
): Float64Array {
  requireColumns(frame, [column], options.file);
  const where = (row: number) => ({
    ...(options.file === undefined ? {} : { file: options.file }),
    row: row + 1,
    column,
  });
  const source = frame.column(column);
  const out = new Float64Array(frame.numRows);
  for (let i = 0; i < frame.numRows; i++) {
    let v: number;
    if (source.kind === 'number') v = source.values[i] as number;
    else {
      const text = source.values[i];
      if (text === null || text === undefined || text.trim() === '') v = Number.NaN;
      else {
        v = parseNumberText(text);
        if (Number.isNaN(v)) throw new DataError(`"${text}" is not a number`, where(i));
      }
    }
    if (Number.isNaN(v)) {
      if (!options.allowMissing)
        throw new DataError('value is missing; fill it, or drop incomplete rows', where(i));
    } else if (!Number.isFinite(v)) {
      throw new DataError(`${v} is not a finite number`, where(i));
    }
    out[i] = v;
  }
  return out;
}
