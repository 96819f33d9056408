/**
 * Reads an Excel `.xlsx` worksheet into a {@link Frame} with exceljs (xlsx/SheetJS 0.18 has
 * published advisories for untrusted files, so user workbooks never go through it).
 */
import ExcelJS from 'exceljs';
import { DataError } from '../core/errors.ts';
import { Frame, type Cell } from './frame.ts';

/** Options of {@link readXlsx}. */
export interface XlsxOptions {
  /** Worksheet name, or its 1-based position among the workbook's sheets. Default: the first visible worksheet. */
  sheet?: string | number;
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

/** A worksheet of a workbook: its name and whether Excel shows its tab. */
export interface SheetInfo {
  name: string;
  visible: boolean;
}

/** What {@link readWorkbook} read: the frame, the sheet it came from, and every sheet of the workbook in order. */
export interface WorkbookRead {
  frame: Frame;
  sheet: string;
  sheets: SheetInfo[];
}

/**
 * Reads one worksheet: row 1 is the header, the following rows are data. A column is numeric when
 * every non-empty cell holds a number; otherwise numbers are kept as their text.
 *
 * @example
 * const frame = await readXlsx('accounts.xlsx', { sheet: 'Accounts' });
 */
export async function readXlsx(path: string, options: XlsxOptions = {}): Promise<Frame> {
  return (await readWorkbook(path, options)).frame;
}

/**
 * {@link readXlsx}, saying which sheet was read among which: by default the first *visible* worksheet (a hidden
 * first sheet of stale data is skipped), else `options.sheet` by name or 1-based position.
 *
 * @example
 * const { frame, sheet, sheets } = await readWorkbook('accounts.xlsx'); // sheet: 'Accounts'
 */
export async function readWorkbook(path: string, options: XlsxOptions = {}): Promise<WorkbookRead> {
  try {
    return await readSheets(streamedSheets(path), path, options);
  } catch (error) {
    if (error instanceof DataError) throw error;
    // exceljs's streaming reader fails on a workbook that stores its sheets before xl/workbook.xml: read it whole.
    try {
      return await readSheets(loadedSheets(path), path, options);
    } catch (retry) {
      if (retry instanceof DataError) throw retry;
      const reason = retry instanceof Error ? retry.message.split('\n')[0] : String(retry);
      throw new DataError(`cannot read as .xlsx: ${reason}`, { file: path });
    }
  }
}

/** A worksheet as the readers give it: its name, its tab's state and its rows. */
type SheetRows = AsyncIterable<ExcelJS.Row> & { name: string; state?: string };

/** The worksheets, streamed (memory stays low on large workbooks). */
async function* streamedSheets(path: string): AsyncGenerator<SheetRows> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache', // dates are numbers with a date style
    entries: 'ignore',
  });
  for await (const worksheet of reader) yield worksheet as unknown as SheetRows;
}

/** The worksheets of the workbook read whole, in tab order. */
async function* loadedSheets(path: string): AsyncGenerator<SheetRows> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  for (const sheet of workbook.worksheets) {
    const rows: ExcelJS.Row[] = [];
    sheet.eachRow((row) => rows.push(row));
    yield Object.assign(
      (async function* () {
        yield* rows;
      })(),
      { name: sheet.name, state: sheet.state },
    );
  }
}

async function readSheets(
  worksheets: AsyncIterable<SheetRows>,
  path: string,
  options: XlsxOptions,
): Promise<WorkbookRead> {
  const sheets: SheetInfo[] = [];
  let chosen: string | null = null;
  let table: { names: string[]; raw: Cell[][] } | null = null;
  for await (const sheet of worksheets) {
    sheets.push({ name: sheet.name, visible: sheet.state !== 'hidden' && sheet.state !== 'veryHidden' });
    const wanted = chosen === null && isWanted(options.sheet, sheets);
    if (wanted) chosen = sheet.name;
    const rows = await readRows(sheet, wanted, path);
    if (wanted) table = rows;
  }
  if (chosen === null) throw new DataError(noSheet(options.sheet, sheets), { file: path });
  if (table === null) throw new DataError(`worksheet "${chosen}" has no header row`, { file: path });
  return { frame: framed(table.names, table.raw, options), sheet: chosen, sheets };
}

/** Whether the last sheet of `sheets` is the one to read. */
function isWanted(sheet: string | number | undefined, sheets: readonly SheetInfo[]): boolean {
  const last = sheets[sheets.length - 1] as SheetInfo;
  if (sheet === undefined) return last.visible;
  return typeof sheet === 'number' ? sheets.length === sheet : last.name === sheet;
}

function noSheet(sheet: string | number | undefined, sheets: readonly SheetInfo[]): string {
  const list = sheets.map((s) => `"${s.name}"${s.visible ? '' : ' (hidden)'}`).join(', ');
  if (sheets.length === 0) return 'the workbook has no worksheet';
  if (sheet === undefined) return `every worksheet is hidden (${list}); name the one to read with sheet`;
  return `no worksheet ${typeof sheet === 'number' ? `number ${sheet}` : `"${sheet}"`}; sheets are ${list}`;
}

/** The header and the cells of a worksheet (every row is consumed; only a wanted sheet's are kept). */
async function readRows(
  sheet: AsyncIterable<ExcelJS.Row>,
  wanted: boolean,
  path: string,
): Promise<{ names: string[]; raw: Cell[][] } | null> {
  let names: string[] | null = null;
  let raw: Cell[][] = [];
  let lastRow = 1;
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
  return names === null ? null : { names, raw };
}

/**
 * The note of a workbook with several sheets: which one was read, and the others (hidden ones marked).
 *
 * @example
 * sheetNote({ sheet: 'Accounts', sheets: [{ name: 'Old', visible: false }, { name: 'Accounts', visible: true }] });
 * // 'read worksheet "Accounts"; the workbook also has "Old" (hidden); set sheet to read another'
 */
export function sheetNote(read: Pick<WorkbookRead, 'sheet' | 'sheets'>): string | null {
  const others = read.sheets.filter((s) => s.name !== read.sheet);
  if (others.length === 0) return null;
  const list = others.map((s) => `"${s.name}"${s.visible ? '' : ' (hidden)'}`).join(', ');
  return `read worksheet "${read.sheet}"; the workbook also has ${list}; set sheet to read another`;
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
