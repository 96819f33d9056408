/**
 * Dates as CRMs export them: ISO (`2025-03-14`, `2025-03-14T09:12:00Z`, `2025-03-14 09:12`), and numeric dates
 * with slashes, dots or dashes whose order depends on the exporting user's locale — `03/14/2025` (US, Salesforce
 * in en-US) or `14/03/2025` (Dynamics 365 and Salesforce in most of Europe). The order is decided once per column:
 * stated in the mapping, or detected from a value that can only be read one way (a first number above 12 is a
 * day). A column whose every value reads both ways is an error asking for the order — a date is never guessed.
 * Dates are UTC epoch milliseconds; a value that is not a date is NaN and counted.
 */
import { DataError } from '../core/errors.ts';

/** The order of day and month in numeric dates: stated, or `auto` (detected per column). */
export type DateOrder = 'auto' | 'day-first' | 'month-first';

const NUMERIC =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?$/i;
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The order of numeric dates in `values`: `day-first` when a first number exceeds 12, `month-first` when a second
 * does, null when no value settles it (or none is a numeric date). Both at once is an error (the column mixes
 * formats). `rows` gives each value's data row for the message (default: its position + 1), for distinct values.
 *
 * @example
 * detectDateOrder(['03/04/2025', '14/03/2025']); // 'day-first'
 * detectDateOrder(['03/04/2025']);               // null
 */
export function detectDateOrder(
  values: readonly (string | null)[],
  where: { file: string; column: string },
  rows?: readonly number[],
): 'day-first' | 'month-first' | null {
  let dayFirst = -1;
  let monthFirst = -1;
  values.forEach((value, i) => {
    const m = value === null ? null : NUMERIC.exec(value.trim());
    if (!m) return;
    if (Number(m[1]) > 12 && dayFirst < 0) dayFirst = i;
    if (Number(m[2]) > 12 && monthFirst < 0) monthFirst = i;
  });
  if (dayFirst >= 0 && monthFirst >= 0)
    throw new DataError(
      `dates are written both day-first ("${values[dayFirst]}", row ${rows?.[dayFirst] ?? dayFirst + 1}) and month-first ("${values[monthFirst]}", row ${rows?.[monthFirst] ?? monthFirst + 1}); use one format in the column`,
      where,
    );
  return dayFirst >= 0 ? 'day-first' : monthFirst >= 0 ? 'month-first' : null;
}

/**
 * The order of day and month for several date columns of one file (one export, one locale): the stated order,
 * else the one their values settle; columns that settle it differently are an error. `auto` when nothing
 * settles it ({@link parseDates} then refuses numeric dates).
 *
 * @example
 * settleDateOrder([{ column: 'Created On', values: ['02/01/2025'] }, { column: 'Close Date', values: ['14/03/2025'] }], 'auto', 'deals.csv');
 * // 'day-first'
 */
export function settleDateOrder(
  columns: readonly { column: string; values: readonly (string | null)[] }[],
  order: DateOrder,
  file: string,
): DateOrder {
  if (order !== 'auto') return order;
  const settled = columns.flatMap(({ column, values }) => {
    const found = detectDateOrder(values, { file, column });
    return found === null ? [] : [{ column, found }];
  });
  const [first, other] = [settled[0], settled.find((s) => s.found !== settled[0]?.found)];
  if (first !== undefined && other !== undefined)
    throw new DataError(
      `"${first.column}" is written ${first.found} but "${other.column}" ${other.found}; export the dates in one format`,
      { file },
    );
  return first?.found ?? 'auto';
}

function utc(year: number, month: number, day: number, h = 0, min = 0, s = 0): number {
  const full = year < 100 ? 2000 + year : year;
  const t = Date.UTC(full, month - 1, day, h, min, s);
  const d = new Date(t);
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? t : Number.NaN; // 31/02 is no date
}

function parseOne(text: string, order: 'day-first' | 'month-first' | null): number {
  const iso = ISO.exec(text);
  if (iso) {
    if (iso[7] !== undefined) return Date.parse(text.replace(' ', 'T'));
    return utc(
      Number(iso[1]),
      Number(iso[2]),
      Number(iso[3]),
      Number(iso[4] ?? 0),
      Number(iso[5] ?? 0),
      Number(iso[6] ?? 0),
    );
  }
  const m = NUMERIC.exec(text);
  if (m) {
    if (order === null) return Number.NaN;
    const [a, b] = [Number(m[1]), Number(m[2])];
    let hour = Number(m[4] ?? 0);
    const pm = m[7]?.toLowerCase();
    if (pm === 'pm' && hour < 12) hour += 12;
    if (pm === 'am' && hour === 12) hour = 0;
    const [day, month] = order === 'day-first' ? [a, b] : [b, a];
    return utc(Number(m[3]), month, day, hour, Number(m[5] ?? 0), Number(m[6] ?? 0));
  }
  // Month names ("Mar 14, 2025", "14 March 2025") read one way only.
  return /[a-z]{3}/i.test(text) ? Date.parse(`${text} UTC`) : Number.NaN;
}

/**
 * Parses a column of dates into UTC epoch milliseconds (NaN for blanks and non-dates), numeric dates in the stated
 * order or, with `auto`, the order the column's values settle; an unsettled column is an error naming it.
 *
 * @example
 * parseDates(['14/03/2025', '02/11/2019'], 'auto', { file: 'deals.csv', column: 'Close Date' });
 * // Float64Array [Date.UTC(2025, 2, 14), Date.UTC(2019, 10, 2)]
 */
export function parseDates(
  values: readonly (string | null)[],
  order: DateOrder,
  where: { file: string; column: string; option: string },
): Float64Array {
  const settled = order === 'auto' ? detectDateOrder(values, where) : order;
  const out = Float64Array.from(values, (v) =>
    v === null || v.trim() === '' ? Number.NaN : parseOne(v.trim(), settled),
  );
  if (settled === null) {
    const first = values.findIndex((v) => v !== null && NUMERIC.test(v.trim()));
    if (first >= 0)
      throw new DataError(
        `dates like "${values[first]}" read both day-first and month-first, and no value in the column settles it; set ${where.option} to "day-first" or "month-first"`,
        { file: where.file, column: where.column },
      );
  }
  return out;
}
