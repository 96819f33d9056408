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

/** Lower case, accents removed, letters and digits only; `#` reads as "number". */
export function headerKey(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/#/g, ' number ')
    .replace(/\bno\.\s/g, 'no ')
    .replace(/[^a-z0-9]+/g, '');
}

/**
 * The first column of `frame` named like one of `candidates` (compared with {@link headerKey}), or null.
 *
 * @example
 * findHeader(deals, ['StageName', 'Deal Stage']); // 'Deal Stage'
 */
export function findHeader(frame: Frame, candidates: readonly string[]): string | null {
  const byKey = new Map<string, string>();
  for (const c of frame.columnNames) if (!byKey.has(headerKey(c))) byKey.set(headerKey(c), c);
  for (const candidate of candidates) {
    const found = byKey.get(headerKey(candidate));
    if (found !== undefined) return found;
  }
  return null;
}

/**
 * The column for `what`: the explicitly named one (which must exist), else the first candidate present; a
 * {@link DataError} listing the file's columns when there is none.
 *
 * @example
 * requireHeader(deals, { candidates: ['AccountId', 'Associated Company IDs'], what: 'account id', file: 'deals.csv' });
 */
export function requireHeader(
  frame: Frame,
  options: {
    candidates: readonly string[];
    what: string;
    file: string;
    explicit?: string | null;
    option?: string;
  },
): string {
  const have = frame.columnNames.map((c) => `"${c}"`).join(', ');
  if (options.explicit !== undefined && options.explicit !== null) {
    if (frame.has(options.explicit)) return options.explicit;
    throw new DataError(
      `${options.option ?? 'the mapping'} names column "${options.explicit}", which the file does not have (columns are ${have})`,
      { file: options.file },
    );
  }
  const found = findHeader(frame, options.candidates);
  if (found !== null) return found;
  throw new DataError(
    `no ${options.what} column (expected one of ${options.candidates.map((c) => `"${c}"`).join(', ')}; columns are ${have})`,
    { file: options.file },
  );
}
