/**
 * Writes frames as RFC 4180 CSV, safe to open in a spreadsheet: text cells that a spreadsheet would
 * run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return, and not a plain number)
 * are written with a leading `'` (OWASP "CSV injection" guidance).
 */
import { NUMBER_TEXT } from './number-text.ts';
import type { Frame } from './frame.ts';

/**
 * Neutralizes a text cell that a spreadsheet would interpret as a formula.
 *
 * @example
 * neutralizeFormula('=HYPERLINK("http://x","y")'); // "'=HYPERLINK(\"http://x\",\"y\")"
 * neutralizeFormula('-12.5');                      // '-12.5' (a number, left alone)
 */
export function neutralizeFormula(text: string): string {
  const first = text[0];
  if (first === '=' || first === '@' || first === '\t' || first === '\r') return `'${text}`;
  if ((first === '+' || first === '-') && text.length > 1 && !NUMBER_TEXT.test(text)) return `'${text}`;
  return text;
}

/**
 * {@link neutralizeFormula} as a DuckDB SQL expression over a text expression, for CSVs that DuckDB's `COPY`
 * writes: the same rule, so the in-memory study and the DuckDB engine write the same cells.
 *
 * @example
 * neutralizeFormulaSql('"name"'); // CASE WHEN … THEN '''' || "name" ELSE "name" END
 */
export function neutralizeFormulaSql(text: string): string {
  const first = `left(${text}, 1)`;
  const number = `regexp_matches(${text}, '${NUMBER_TEXT.source}')`;
  const formula = `${first} IN ('=', '@', chr(9), chr(13)) OR (${first} IN ('+', '-') AND length(${text}) > 1 AND NOT ${number})`;
  return `CASE WHEN ${formula} THEN '''' || ${text} ELSE ${text} END`;
}

/** What makes a field need quotes with the comma (the usual delimiter): tested once per cell. */
const NEEDS_QUOTES_COMMA = /[",\r\n]|^\s|\s$/;

/** Quotes a field when it holds the delimiter, a quote, a line break or surrounding spaces. */
export function quoteField(text: string, delimiter = ','): string {
  const needsQuotes =
    delimiter === ','
      ? NEEDS_QUOTES_COMMA.test(text)
      : text.includes(delimiter) || /["\r\n]/.test(text) || /^\s|\s$/.test(text);
  return needsQuotes ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Formats a number for CSV: shortest round-trip form, empty for missing (NaN). */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return '';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return Object.is(value, -0) ? '0' : String(value);
}

/** Options of {@link frameToCsv}. */
export interface CsvOptions {
  /** Field delimiter. Default `,`. */
  delimiter?: string;
  /**
   * Prefix formula-like text cells with `'` (see {@link neutralizeFormula}). Default `true`; only code that
   * must reproduce raw text byte for byte (the sample-data generator) turns it off.
   */
  neutralizeFormulas?: boolean;
}

/** Rows per chunk of {@link frameToCsvChunks}: a few MB of text at a time. */
const ROWS_PER_CHUNK = 8192;

/**
 * Serializes a frame as CSV text in chunks (the header, then up to 8,192 rows each), so a file of millions of rows
 * is never one string: write each chunk as it comes. Joined, the chunks are {@link frameToCsv}.
 *
 * @example
 * for (const chunk of frameToCsvChunks(segments)) stream.write(chunk);
 */
export function* frameToCsvChunks(frame: Frame, options: CsvOptions = {}): Generator<string> {
  const delimiter = options.delimiter ?? ',';
  const safe = options.neutralizeFormulas === false ? (t: string): string => t : neutralizeFormula;
  const names = frame.columnNames;
  const columns = names.map((n) => frame.column(n));
  yield `${names.map((n) => quoteField(safe(n), delimiter)).join(delimiter)}\n`;
  let lines: string[] = [];
  for (let i = 0; i < frame.numRows; i++) {
    const cells = new Array<string>(columns.length);
    for (let j = 0; j < columns.length; j++) {
      const column = columns[j];
      if (!column) continue;
      if (column.kind === 'number') cells[j] = formatNumber(column.values[i] as number);
      else {
        const v = column.values[i];
        cells[j] = v === null || v === undefined ? '' : quoteField(safe(v), delimiter);
      }
    }
    lines.push(cells.join(delimiter));
    if (lines.length === ROWS_PER_CHUNK) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}

/**
 * Serializes a frame as CSV text with a header row and `\n` line ends. Missing values are empty cells.
 *
 * @example
 * frameToCsv(Frame.fromColumns({ name: ['=cmd()', 'Acme, Inc'], n: [1, null] }));
 * // "name,n\n'=cmd(),1\n\"Acme, Inc\",\n"
 */
export function frameToCsv(frame: Frame, options: CsvOptions = {}): string {
  return [...frameToCsvChunks(frame, options)].join('');
}
