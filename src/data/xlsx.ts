/**
 * Reads an Excel `.xlsx` worksheet into a {@link Frame} with exceljs (xlsx/SheetJS 0.18 has
 * published advisories for untrusted files, so user workbooks never go through it).
 */
import ExcelJS from 'exceljs';
import { DataError } from '../core/errors.ts';
import { Frame, type Cell } from './frame.ts';

/** Options of {@link readXlsx}. */
export interface XlsxOptions {
  /** Worksheet name. Default: the first worksheet. */
  sheet?: string;
  /** Read every column as text. Default `false`. */
  allText?: boolean;
  /** Columns always read as text. Default none. */
  textColumns?: readonly string[];
}

/** Thrown by {@link cellValue} for a cell whose value cannot be known from the file; the caller adds where. */
class UnreadableCell extends Error {}

/**
 * A cell's value: numbers, text, booleans as "true"/"false", dates as ISO text, rich text and hyperlinks as their
 * text, formulas as their saved result. A formula saved without its result is unreadable (its value is unknown).
 */
function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString().replace('T00:00:00.000Z', '');
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      if (result === undefined)
        throw new UnreadableCell(
          'a formula saved without its value; open the file in Excel and save it again (or paste values)',
        );
      return cellValue(result as ExcelJS.CellValue);
    }
    if ('richText' in value) return (value as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
    if ('text' in value) return cellValue((value as ExcelJS.CellHyperlinkValue).text as ExcelJS.CellValue);
    if ('error' in value) return null;
  }
  throw new UnreadableCell(`an unsupported cell value (${Object.keys(value).join(', ')})`);
}

/** {@link cellValue} of `values[column]` (exceljs rows are 1-based), with the cell's place in the message. */
function cellAt(
  values: readonly ExcelJS.CellValue[],
  row: number,
  column: number,
  path: string,
  name?: string,
): Cell {
  try {
    return cellValue(values[column]);
  } catch (error) {
    if (!(error instanceof UnreadableCell)) throw error;
    throw new DataError(error.message, {
      file: path,
      ...(row === 1 ? { line: 1 } : { row: row - 1 }),
      column: name ?? `column ${column}`,
    });
  }
}

/** A value right of the last header column would be dropped silently: refuse it instead. */
function assertNothingBeyondHeader(
  values: readonly ExcelJS.CellValue[],
  r: number,
  width: number,
  path: string,
): void {
  for (let c = width + 1; c < values.length; c++) {
    const value = cellAt(values, r, c, path);
    if (value === null || (typeof value === 'string' && value.trim() === '')) continue;
    throw new DataError(
      `a value in column ${c}, beyond the header's ${width} columns; give that column a header or delete the value`,
      { file: path, row: r - 1 },
    );
  }
}

/** The header's names, checked: present, unique, none blank (trailing formatted-but-empty cells dropped). */
function headerNames(values: readonly ExcelJS.CellValue[], path: string): string[] {
  const names: string[] = [];
  for (let c = 1; c < values.length; c++) {
    const name = cellAt(values, 1, c, path);
    names.push(name === null ? '' : String(name).trim());
  }
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  if (names.length === 0)
    throw new DataError('the first worksheet row (the header) is empty', { file: path });
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (name === '')
      throw new DataError(
        `column ${index + 1} of the header has no name; name it, or delete the column if it holds nothing`,
        { file: path, line: 1 },
      );
    if (seen.has(name.toLowerCase()))
      throw new DataError(`the header names "${name}" twice; rename one of them`, {
        file: path,
        line: 1,
        column: name,
      });
    seen.add(name.toLowerCase());
  });
  return names;
}

/**
 * Reads one worksheet: row 1 is the header, the following rows are data. A column is numeric when
 * every non-empty cell holds a number; otherwise numbers are kept as their text.
 *
 * @example
 * const frame = await readXlsx('accounts.xlsx', { sheet: 'Accounts' });
 */
export async function readXlsx(path: string, options: XlsxOptions = {}): Promise<Frame> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache', // dates are numbers with a date style
    entries: 'ignore',
  });
  const seenSheets: string[] = [];
  let names: string[] | null = null;
  let raw: Cell[][] = [];
  let lastRow = 1;
  try {
    for await (const worksheet of reader) {
      const sheet = worksheet as unknown as AsyncIterable<ExcelJS.Row> & { name: string };
      seenSheets.push(sheet.name);
      const wanted = options.sheet === undefined ? seenSheets.length === 1 : options.sheet === sheet.name;
      for await (const row of sheet) {
        if (!wanted) continue;
        const values = row.values as ExcelJS.CellValue[];
        if (names === null) {
          if (row.number !== 1)
            throw new DataError('the first worksheet row (the header) is empty', { file: path });
          names = headerNames(values, path);
          raw = names.map(() => []);
          continue;
        }
        for (; lastRow < row.number - 1; lastRow++) for (const column of raw) column.push(null); // empty rows
        names.forEach((name, c) => (raw[c] as Cell[]).push(cellAt(values, row.number, c + 1, path, name)));
        assertNothingBeyondHeader(values, row.number, names.length, path);
        lastRow = row.number;
      }
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new DataError(`cannot read as .xlsx: ${reason}`, { file: path });
  }
  if (names === null)
    throw new DataError(
      options.sheet === undefined || seenSheets.length === 0
        ? 'the workbook has no worksheet with a header row'
        : `no worksheet "${options.sheet}"; sheets are ${seenSheets.map((n) => `"${n}"`).join(', ')}`,
      { file: path },
    );
  return framed(names, raw, options);
}

/** Columns as a frame: numeric when every present cell is a number (and not asked as text), text otherwise. */
function framed(names: readonly string[], raw: Cell[][], options: XlsxOptions): Frame {
  // Drop trailing rows that are entirely empty (Excel often reports formatted blank rows).
  let numRows = raw[0]?.length ?? 0;
  while (numRows > 0 && raw.every((col) => col[numRows - 1] === null)) numRows--;
  const text = new Set(options.textColumns ?? []);
  const columns: Record<string, (string | null)[] | (number | null)[]> = {};
  names.forEach((name, c) => {
    const values = (raw[c] as Cell[]).slice(0, numRows);
    const allNumbers = values.every((v) => v === null || typeof v === 'number');
    if (!options.allText && !text.has(name) && allNumbers) columns[name] = values as (number | null)[];
    else columns[name] = values.map((v) => (v === null ? null : String(v)));
  });
  return Frame.fromColumns(columns);
}
