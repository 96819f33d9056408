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

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString().replace('T00:00:00.000Z', '');
  if (typeof value === 'object') {
    if ('result' in value) return cellValue((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('richText' in value) return (value as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
    if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text);
    if ('error' in value) return null;
  }
  return String(value);
}

/**
 * Reads one worksheet: row 1 is the header, the following rows are data. A column is numeric when
 * every non-empty cell holds a number; otherwise numbers are kept as their text.
 *
 * @example
 * const frame = await readXlsx('accounts.xlsx', { sheet: 'Accounts' });
 */
export async function readXlsx(path: string, options: XlsxOptions = {}): Promise<Frame> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new DataError(`cannot read as .xlsx: ${reason}`, { file: path });
  }
  const sheet = options.sheet === undefined ? workbook.worksheets[0] : workbook.getWorksheet(options.sheet);
  if (!sheet) {
    const names = workbook.worksheets.map((w) => `"${w.name}"`).join(', ');
    throw new DataError(
      options.sheet === undefined
        ? 'the workbook has no worksheet'
        : `no worksheet "${options.sheet}"; sheets are ${names}`,
      { file: path },
    );
  }
  const headerRow = sheet.getRow(1);
  const names: string[] = [];
  for (let c = 1; c <= headerRow.cellCount; c++) {
    const name = cellValue(headerRow.getCell(c).value);
    names.push(name === null ? `column${c}` : String(name).trim());
  }
  if (names.length === 0)
    throw new DataError('the first worksheet row (the header) is empty', { file: path });
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name.toLowerCase())) {
      throw new DataError(`the header names "${name}" twice; rename one of them`, {
        file: path,
        line: 1,
        column: name,
      });
    }
    seen.add(name.toLowerCase());
  }
  const raw: Cell[][] = names.map(() => []);
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    for (let c = 0; c < names.length; c++) (raw[c] as Cell[]).push(cellValue(row.getCell(c + 1).value));
  }
  // Drop trailing rows that are entirely empty (Excel often reports formatted blank rows).
  let numRows = sheet.rowCount - 1;
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
