/**
 * Compact HTML tables for notebooks: a {@link Frame}, an array of row objects or a danfojs DataFrame,
 * first rows only, numbers right-aligned with thousands separators, every string HTML-escaped.
 */
import { UsageError } from '../core/errors.ts';
import { Frame } from '../data/frame.ts';
import { escapeHtml } from '../report/assets.ts';
import { formatMoney } from '../core/format.ts';
import type { MimeBundle } from './mime.ts';

/**
 * How a column's numbers are written: `money` ($1.2M), `percent` (12.3%), `integer` (1,234), `ratio` (1.95×),
 * `p-value` (0.0123, or < 0.0001), or a function.
 */
export type CellFormat = 'money' | 'percent' | 'integer' | 'ratio' | 'p-value' | ((value: number) => string);

/** Something that looks like a danfojs DataFrame (duck-typed, so danfo is not loaded here). */
export interface DataFrameLike {
  columns: string[];
  values: unknown[][];
}

/** What {@link tableBundle} accepts. */
export type TableInput = Frame | readonly object[] | DataFrameLike;

/** Options of {@link tableBundle}. */
export interface TableOptions {
  /** Rows shown; the caption says how many there are in all. Default 10. */
  maxRows?: number;
  /** Columns to show, in this order. Default: all. */
  columns?: readonly string[];
  /** Per-column number formats. */
  formats?: Readonly<Record<string, CellFormat>>;
  /** A title shown above the table. */
  title?: string;
  /** The reporting currency `money` cells are written in (ISO code; a run's `study.json` names it). Default USD. */
  currency?: string;
}

function isDataFrameLike(data: unknown): data is DataFrameLike {
  return (
    typeof data === 'object' &&
    data !== null &&
    !Array.isArray(data) &&
    Array.isArray((data as DataFrameLike).columns) &&
    Array.isArray((data as DataFrameLike).values)
  );
}

/** Column names and a row accessor for any {@link TableInput}. */
function tabular(data: TableInput): {
  names: string[];
  rows: number;
  cell: (i: number, c: string) => unknown;
} {
  if (data instanceof Frame)
    return { names: data.columnNames, rows: data.numRows, cell: (i, c) => data.get(i, c) };
  if (isDataFrameLike(data)) {
    const at = new Map(data.columns.map((c, j) => [c, j]));
    return {
      names: data.columns,
      rows: data.values.length,
      cell: (i, c) => data.values[i]?.[at.get(c) as number],
    };
  }
  const rows = data as readonly Readonly<Record<string, unknown>>[];
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return { names, rows: rows.length, cell: (i, c) => rows[i]?.[c] };
}

/**
 * A number as a person reads it: thousands separators, four significant digits below 1,000.
 *
 * @example
 * formatNumberCell(1234567.891); // '1,234,568'
 * formatNumberCell(0.123456); // '0.1235'
 * formatNumberCell(1_234_567, 'money', 'EUR'); // '€1.2M'
 */
export function formatNumberCell(value: number, format?: CellFormat, currency = 'USD'): string {
  if (Number.isNaN(value)) return '';
  if (!Number.isFinite(value)) return String(value);
  if (typeof format === 'function') return format(value);
  if (format === 'money') return formatMoney(value, currency);
  if (format === 'percent') return `${(value * 100).toFixed(1)}%`;
  if (format === 'ratio') return `${value.toFixed(2)}×`;
  if (format === 'p-value') return value < 1e-4 ? '< 0.0001' : value.toFixed(4);
  if (format === 'integer' || Number.isInteger(value) || Math.abs(value) >= 1000)
    return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 8 });
}

function cellText(
  value: unknown,
  format?: CellFormat,
  currency?: string,
): { text: string; numeric: boolean } {
  if (value === null || value === undefined) return { text: '', numeric: false };
  if (typeof value === 'number') return { text: formatNumberCell(value, format, currency), numeric: true };
  if (typeof value === 'string' || typeof value === 'boolean') return { text: String(value), numeric: false };
  if (value instanceof Date) return { text: value.toISOString(), numeric: false };
  const json = JSON.stringify(value) ?? String(value);
  return { text: json.length > 80 ? `${json.slice(0, 77)}…` : json, numeric: false };
}

const STYLE = 'border-collapse:collapse;font-size:12px;font-variant-numeric:tabular-nums;margin:4px 0 12px 0';
const TH = 'padding:3px 8px;border-bottom:1px solid #999;text-align:left;white-space:nowrap';
const TD = 'padding:2px 8px;border-bottom:1px solid #e5e5e5';

/**
 * The first rows of a table as a MIME bundle (`text/html` and a fixed-width `text/plain`).
 *
 * @example
 * tableBundle([{ quadrant: 'Develop', accounts: 1204 }], { title: 'Accounts per quadrant' })['text/plain'];
 * // 'Accounts per quadrant\nquadrant  accounts\nDevelop      1,204\n(1 row)'
 */
export function tableBundle(data: TableInput, options: TableOptions = {}): MimeBundle {
  const { names: all, rows, cell } = tabular(data);
  const names = options.columns ? [...options.columns] : all;
  const missing = names.filter((n) => !all.includes(n));
  if (missing.length > 0)
    throw new UsageError(
      `table: no column ${missing.map((m) => `"${m}"`).join(', ')}; columns are ${all.join(', ')}`,
    );
  const shown = Math.min(rows, options.maxRows ?? 10);
  const grid = Array.from({ length: shown }, (_, i) =>
    names.map((n) => cellText(cell(i, n), options.formats?.[n], options.currency)),
  );
  const numeric = names.map(
    (_, j) => grid.some((r) => r[j]?.numeric) && grid.every((r) => r[j]?.numeric || r[j]?.text === ''),
  );
  const caption =
    shown < rows
      ? `${shown.toLocaleString('en-US')} of ${rows.toLocaleString('en-US')} rows`
      : `${rows.toLocaleString('en-US')} row${rows === 1 ? '' : 's'}`;
  const align = (j: number) => (numeric[j] ? 'text-align:right' : 'text-align:left');
  const html = [
    options.title ? `<div style="font-weight:600;margin-top:6px">${escapeHtml(options.title)}</div>` : '',
    `<table style="${STYLE}"><thead><tr>`,
    ...names.map((n, j) => `<th style="${TH};${align(j)}">${escapeHtml(n)}</th>`),
    '</tr></thead><tbody>',
    ...grid.map(
      (r) =>
        `<tr>${r.map((c, j) => `<td style="${TD};${align(j)}">${escapeHtml(c.text)}</td>`).join('')}</tr>`,
    ),
    `</tbody></table><div style="color:#666;font-size:11px;margin:-8px 0 8px 0">${caption} · ${names.length} column${names.length === 1 ? '' : 's'}</div>`,
  ].join('');
  const widths = names.map((n, j) => Math.max(n.length, ...grid.map((r) => (r[j]?.text ?? '').length)));
  const pad = (text: string, j: number) =>
    numeric[j] ? text.padStart(widths[j] as number) : text.padEnd(widths[j] as number);
  const plain = [
    ...(options.title ? [options.title] : []),
    names
      .map((n, j) => pad(n, j))
      .join('  ')
      .trimEnd(),
    ...grid.map((r) =>
      r
        .map((c, j) => pad(c.text, j))
        .join('  ')
        .trimEnd(),
    ),
    `(${caption})`,
  ].join('\n');
  return { 'text/html': html, 'text/plain': plain };
}
