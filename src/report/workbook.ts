/**
 * The sales-ops workbook of a run folder (`segments.xlsx`, exceljs streaming writer): a summary sheet, one sheet
 * per ROAD quadrant and one per routing queue, each sorted by opportunity, with a frozen header row, filters, money in
 * the study's currency, score formats and column widths. Every cell is a value, never a formula: text such as `=HYPERLINK(…)` stays text.
 * A sheet holds at most Excel's 1,048,575 data rows; beyond that it keeps the largest opportunities and the summary
 * says so.
 */
import ExcelJS from 'exceljs';
import { currencySymbol, formatCount, xmlText } from '../core/format.ts';
import type { Frame } from '../data/frame.ts';
import { ROAD_QUADRANTS } from '../segment/vocabulary.ts';
import { ACCOUNT_COLUMNS, FIRMOGRAPHIC_COLUMNS } from '../segment/account-columns.ts';
import { readRun, readRunTable, verifyRun } from '../study/run-folder.ts';
import type { StudyRecord } from '../study/run-files.ts';
import type { QuadrantTotals } from '../segment/road.ts';

/** Excel's row limit, less the header. */
export const MAX_SHEET_ROWS = 1_048_575;

/**
 * The Excel number format of an amount in the reporting currency: `"€"#,##0`, `"SEK "#,##0`.
 *
 * @example
 * moneyFormat('GBP'); // '"£"#,##0'
 */
export function moneyFormat(currency: string): string {
  return `"${currencySymbol(currency)}"#,##0`;
}

/** The columns of the account sheets (the registry's columns that have one), in the registry's order. */
const SHEET_COLUMNS = [...FIRMOGRAPHIC_COLUMNS, ...ACCOUNT_COLUMNS].flatMap((c) =>
  c.sheet === undefined ? [] : [{ key: c.name, kind: c.kind, ...c.sheet }],
);

/** The text columns of segments.csv the workbook reads (kept as text: ids with zeros, codes). */
const TEXT_COLUMNS = SHEET_COLUMNS.filter((c) => c.kind === 'text').map((c) => c.key);

/** A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ]. */
export function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, '-').slice(0, 31);
}

function cellOf(frame: Frame, key: string, row: number): string | number | null {
  if (!frame.has(key)) return null;
  const column = frame.column(key);
  if (column.kind === 'number') {
    const v = column.values[row] as number;
    return Number.isFinite(v) ? v : null;
  }
  const text = column.values[row] ?? null;
  return text === null ? null : xmlText(text);
}

function addAccountSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  frame: Frame,
  rows: readonly number[],
  currency: string,
): void {
  const sheet = workbook.addWorksheet(sheetName(name), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = SHEET_COLUMNS.map(({ header, key, width, format: numFmt }) => ({
    header,
    key,
    width,
    ...(numFmt === undefined
      ? {}
      : { style: { numFmt: numFmt === 'money' ? moneyFormat(currency) : numFmt } }),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: SHEET_COLUMNS.length } };
  for (const r of rows.slice(0, MAX_SHEET_ROWS))
    sheet.addRow(SHEET_COLUMNS.map(({ key }) => cellOf(frame, key, r))).commit();
  sheet.commit();
}

/** Row indices where `column` equals `value`, largest opportunity first. */
function rowsWhere(frame: Frame, column: string, value: string): number[] {
  const values = frame.strings(column);
  const opportunity = frame.numbers('opportunity');
  const key = (i: number) =>
    Number.isFinite(opportunity[i] as number) ? (opportunity[i] as number) : -Infinity;
  const rows: number[] = [];
  values.forEach((v, i) => v === value && rows.push(i));
  return rows.sort((a, b) => key(b) - key(a) || a - b);
}

function addSummary(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  study: StudyRecord,
  totals: QuadrantTotals[],
  notes: string[],
): void {
  const sheet = workbook.addWorksheet('Summary');
  sheet.columns = [
    { key: 'a', width: 18 },
    { key: 'b', width: 34 },
    { key: 'c', width: 12 },
    { key: 'd', width: 16 },
    { key: 'e', width: 16 },
    { key: 'f', width: 16 },
    { key: 'g', width: 16 },
  ];
  sheet.addRow([study.name]).font = { bold: true, size: 14 };
  sheet.addRow([]);
  const header = sheet.addRow([
    'Quadrant',
    'Motion',
    'Accounts',
    'Current spend',
    'Spend potential',
    'Whitespace',
    'Opportunity',
  ]);
  header.font = { bold: true };
  for (const t of totals) {
    const row = sheet.addRow([
      t.quadrant,
      t.motion,
      t.accounts,
      t.spend,
      t.potential,
      t.whitespace,
      t.opportunity,
    ]);
    for (const c of [4, 5, 6, 7]) row.getCell(c).numFmt = moneyFormat(study.money?.currency ?? 'USD');
    row.getCell(3).numFmt = '#,##0';
  }
  sheet.addRow([]);
  for (const note of notes) sheet.addRow([note]);
  sheet.commit();
}

/**
 * Writes the workbook of a verified run folder to `out`.
 *
 * @example
 * await writeWorkbook('out/2026-11', 'out/2026-11/segments.xlsx');
 */
export async function writeWorkbook(dir: string, out: string): Promise<{ sheets: string[] }> {
  await verifyRun(dir);
  const frame = await readRunTable(dir, 'segments.csv', TEXT_COLUMNS);
  const study = await readRun(dir, 'study');
  const road = await readRun(dir, 'road');
  const queues = [...new Set(frame.strings('queue').filter((q): q is string => q !== null))].sort();
  const groups = [
    ...ROAD_QUADRANTS.map((q) => ({ name: q, rows: rowsWhere(frame, 'road_quadrant', q) })),
    ...queues.map((q) => ({ name: `Queue ${q}`, rows: rowsWhere(frame, 'queue', q) })),
  ];
  const notes = [
    `Accounts: ${formatCount(frame.numRows)}. One sheet per quadrant and per routing queue, largest opportunity first.`,
    ...groups
      .filter((g) => g.rows.length > MAX_SHEET_ROWS)
      .map(
        (g) =>
          `${g.name}: the ${formatCount(MAX_SHEET_ROWS)} largest of ${formatCount(g.rows.length)} accounts (Excel's row limit); segments.csv has them all.`,
      ),
  ];
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.created = workbook.modified = new Date(0);
  addSummary(workbook, study, road.totals, notes);
  const used = new Set<string>(['Summary']);
  for (const group of groups) {
    let name = sheetName(group.name);
    for (let k = 2; used.has(name); k++) name = sheetName(`${group.name.slice(0, 27)} ${k}`);
    used.add(name);
    addAccountSheet(workbook, name, frame, group.rows, study.money?.currency ?? 'USD');
  }
  await workbook.commit();
  return { sheets: [...used] };
}
