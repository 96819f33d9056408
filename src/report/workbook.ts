/**
 * The sales-ops workbook of a run folder (`segments.xlsx`, exceljs streaming writer): a summary sheet that
 * reconciles every account (the quadrants, the accounts without one and why, the named reps with their quotas), one
 * sheet per ROAD quadrant, per named rep and per new-lead routing queue, each sorted by opportunity with a totals
 * row, a frozen header row, filters, money in the study's currency, score formats and column widths. Every cell is a value, never a formula: text such as `=HYPERLINK(…)` stays text.
 * A sheet holds at most Excel's 1,048,575 data rows; beyond that it keeps the largest opportunities and the summary
 * says so.
 */
import ExcelJS from 'exceljs';
import { currencySymbol, formatCount, xmlText } from '../core/format.ts';
import type { Frame } from '../data/frame.ts';
import { join } from 'node:path';
import { sniffHeader } from '../data/csv-dialect.ts';
import { repsNeeded } from '../segment/coverage.ts';
import { isPoolOwner } from '../segment/territories.ts';
import { ROAD_QUADRANTS, type RoadQuadrant } from '../segment/vocabulary.ts';
import { ACCOUNT_COLUMNS, FIRMOGRAPHIC_COLUMNS, type ColumnKind } from '../segment/account-columns.ts';
import { exists, readRun, readRunTable, verifyRun } from '../study/run-folder.ts';
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

/** A column of an account sheet: a registry column, or one the workbook derives ("changed"). */
interface SheetColumn {
  key: string;
  kind: ColumnKind;
  header: string;
  width: number;
  format?: string;
}

/** The columns of the account sheets (the registry's columns that have one), in the registry's order. */
const REGISTRY_COLUMNS: readonly SheetColumn[] = [...FIRMOGRAPHIC_COLUMNS, ...ACCOUNT_COLUMNS].flatMap((c) =>
  c.sheet === undefined ? [] : [{ key: c.name, kind: c.kind, ...c.sheet }],
);

/** "yes" where the plan gives the account another owner than before (after `previous_owner`). */
const CHANGED: SheetColumn = { key: 'changed', kind: 'text', header: 'Owner changed', width: 9 };

/** The sheet columns of a run: the registry's it has, and "Owner changed" after the previous owner. */
function sheetColumns(frame: Frame): SheetColumn[] {
  return REGISTRY_COLUMNS.filter((c) => frame.has(c.key)).flatMap((c) =>
    c.key === 'previous_owner' ? [c, CHANGED] : [c],
  );
}

/** The text columns of segments.csv the workbook reads (kept as text: ids with zeros, codes). */
const TEXT_COLUMNS = REGISTRY_COLUMNS.filter((c) => c.kind === 'text').map((c) => c.key);

/** A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ]. */
export function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, '-').slice(0, 31);
}

function cellOf(frame: Frame, key: string, row: number): string | number | null {
  if (key === CHANGED.key) {
    const [before, now] = [frame.strings('previous_owner')[row], frame.strings('owner')[row]];
    return before == null ? null : before === now ? 'no' : 'yes';
  }
  const column = frame.column(key);
  if (column.kind === 'number') {
    const v = column.values[row] as number;
    return Number.isFinite(v) ? v : null;
  }
  const text = column.values[row] ?? null;
  return text === null ? null : xmlText(text);
}

/** The totals row of an account sheet: the accounts counted, money and touches summed (values, not formulas). */
function totalsRow(frame: Frame, columns: readonly SheetColumn[], rows: readonly number[]) {
  return columns.map((c, k) => {
    if (k === 0) return `Total: ${formatCount(rows.length)} accounts`;
    if (c.kind !== 'number' || !(c.format === 'money' || c.key === 'monthly_touches')) return null;
    const values = frame.numbers(c.key);
    return rows.reduce(
      (sum, r) => sum + (Number.isFinite(values[r] as number) ? (values[r] as number) : 0),
      0,
    );
  });
}

/** What a sheet adds under its totals, e.g. a rep's quota. */
type SheetFooter = readonly (readonly [string, number])[];

function addAccountSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  frame: Frame,
  rows: readonly number[],
  currency: string,
  footer: SheetFooter = [],
): void {
  const columns = sheetColumns(frame);
  const sheet = workbook.addWorksheet(sheetName(name), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map(({ header, key, width, format: numFmt }) => ({
    header,
    key,
    width,
    ...(numFmt === undefined
      ? {}
      : { style: { numFmt: numFmt === 'money' ? moneyFormat(currency) : numFmt } }),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const shown = rows.slice(0, MAX_SHEET_ROWS - 2 - footer.length);
  // One style object per column shared by its data cells: exceljs serializes each new style object to find its
  // number in the workbook (most of the writing time), and recognizes one it has seen. Never changed afterwards.
  const styles = columns.map(({ format: numFmt }) =>
    Object.freeze(
      numFmt === undefined ? {} : { numFmt: numFmt === 'money' ? moneyFormat(currency) : numFmt },
    ),
  );
  for (const r of shown) {
    const row = sheet.addRow(columns.map(({ key }) => cellOf(frame, key, r)));
    row.eachCell((cell, column) => {
      cell.style = styles[column - 1] as Partial<ExcelJS.Style>;
    });
    row.commit();
  }
  const total = sheet.addRow(totalsRow(frame, columns, rows));
  total.font = { bold: true };
  total.commit();
  for (const [label, value] of footer) {
    const row = sheet.addRow([label, value]);
    row.font = { bold: true };
    row.getCell(2).numFmt = moneyFormat(currency);
    row.commit();
  }
  sheet.commit();
}

/**
 * The row indices of each value of `column`, largest opportunity first: one sort for all the sheets of a column
 * (a workbook has a sheet per rep, and a run hundreds of reps).
 */
function rowsByValue(frame: Frame, column: string): (value: string) => number[] {
  const values = frame.strings(column);
  const opportunity = frame.numbers('opportunity');
  const key = (i: number) =>
    Number.isFinite(opportunity[i] as number) ? (opportunity[i] as number) : -Infinity;
  const ranked = Array.from({ length: frame.numRows }, (_, i) => i).sort((a, b) => key(b) - key(a) || a - b);
  const groups = new Map<string, number[]>();
  for (const i of ranked) {
    const value = values[i];
    if (value === null || value === undefined) continue;
    const group = groups.get(value);
    if (group === undefined) groups.set(value, [i]);
    else group.push(i);
  }
  return (value) => groups.get(value) ?? [];
}

/** Why accounts have no quadrant: no probability (a feature the lookalike needs is missing), else no potential. */
function unplacedReasons(frame: Frame): { accounts: number; reason: string }[] {
  const quadrants = frame.strings('road_quadrant');
  const probability = frame.numbers('probability');
  const counts = { unscored: 0, other: 0 };
  quadrants.forEach((q, i) => {
    if (q !== null) return;
    if (Number.isNaN(probability[i] as number)) counts.unscored++;
    else counts.other++;
  });
  return [
    {
      accounts: counts.unscored,
      reason: 'not scored: a feature the lookalike needs is missing (see the warnings)',
    },
    { accounts: counts.other, reason: 'no opportunity: spend potential could not be estimated' },
  ].filter((r) => r.accounts > 0);
}

/** A rep's row on the summary: its quadrant, accounts, book and quota. */
interface RepSummary {
  rep: string;
  quadrant: string;
  accounts: number;
  spend: number;
  opportunity: number;
  quota: number | null;
}

function addSummary(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  study: StudyRecord,
  totals: QuadrantTotals[],
  unplaced: { accounts: number; reason: string }[],
  reps: readonly RepSummary[],
  notes: string[],
): void {
  const money = moneyFormat(study.money?.currency ?? 'USD');
  const sheet = workbook.addWorksheet('Summary');
  sheet.columns = [
    { key: 'a', width: 22 },
    { key: 'b', width: 40 },
    { key: 'c', width: 12 },
    { key: 'd', width: 16 },
    { key: 'e', width: 16 },
    { key: 'f', width: 16 },
    { key: 'g', width: 16 },
  ];
  const bold = (values: (string | number | null)[]) => (sheet.addRow(values).font = { bold: true });
  sheet.addRow([study.name]).font = { bold: true, size: 14 };
  sheet.addRow([]);
  bold(['Quadrant', 'Motion', 'Accounts', 'Current spend', 'Spend potential', 'Whitespace', 'Opportunity']);
  const amounts = (values: (string | number | null)[]) => {
    const row = sheet.addRow(values);
    for (const c of [4, 5, 6, 7]) row.getCell(c).numFmt = money;
    row.getCell(3).numFmt = '#,##0';
    return row;
  };
  for (const t of totals)
    amounts([t.quadrant, t.motion, t.accounts, t.spend, t.potential, t.whitespace, t.opportunity]);
  for (const u of unplaced) amounts(['No quadrant', u.reason, u.accounts]);
  const sum = (key: 'accounts' | 'spend' | 'potential' | 'whitespace' | 'opportunity') =>
    totals.reduce((s, t) => s + t[key], 0);
  const all = sum('accounts') + unplaced.reduce((s, u) => s + u.accounts, 0);
  amounts([
    'Total',
    'every account of segments.csv',
    all,
    sum('spend'),
    sum('potential'),
    sum('whitespace'),
    sum('opportunity'),
  ]).font = { bold: true };
  if (reps.length > 0) {
    sheet.addRow([]);
    bold(['Rep', 'Quadrant', 'Accounts', 'Current spend', 'Opportunity', 'Quota']);
    for (const r of reps) {
      const row = sheet.addRow([r.rep, r.quadrant, r.accounts, r.spend, r.opportunity, r.quota]);
      for (const c of [4, 5, 6]) row.getCell(c).numFmt = money;
    }
  }
  sheet.addRow([]);
  for (const note of notes) sheet.addRow([note]);
  sheet.commit();
}

/** The named reps (owners that are not a pool), with their book and quota (quotas.csv, when the run set them). */
async function repSummaries(dir: string, frame: Frame): Promise<RepSummary[]> {
  const quotaOf = new Map<string, number>();
  if (await exists(join(dir, 'quotas.csv'))) {
    const quotas = await readRunTable(dir, 'quotas.csv', ['rep', 'quadrant']);
    const values = quotas.numbers('quota');
    quotas.strings('rep').forEach((rep, i) => rep !== null && quotaOf.set(rep, values[i] as number));
  }
  const [owners, quadrants] = [frame.strings('owner'), frame.strings('road_quadrant')];
  const [spend, opportunity] = [frame.numbers('current_spend'), frame.numbers('opportunity')];
  const byRep = new Map<string, RepSummary>();
  owners.forEach((rep, i) => {
    if (rep === null || isPoolOwner(rep)) return;
    const entry = byRep.get(rep) ?? {
      rep,
      quadrant: quadrants[i] ?? '',
      accounts: 0,
      spend: 0,
      opportunity: 0,
      quota: quotaOf.get(rep) ?? null,
    };
    entry.accounts++;
    entry.spend += Number.isFinite(spend[i] as number) ? (spend[i] as number) : 0;
    entry.opportunity += Number.isFinite(opportunity[i] as number) ? (opportunity[i] as number) : 0;
    byRep.set(rep, entry);
  });
  return [...byRep.values()].sort(
    (a, b) =>
      ROAD_QUADRANTS.indexOf(a.quadrant as RoadQuadrant) -
        ROAD_QUADRANTS.indexOf(b.quadrant as RoadQuadrant) || a.rep.localeCompare(b.rep),
  );
}

/**
 * Writes the workbook of a verified run folder to `out`.
 *
 * @example
 * await writeWorkbook('out/2026-11', 'out/2026-11/segments.xlsx');
 */
export async function writeWorkbook(dir: string, out: string): Promise<{ sheets: string[] }> {
  await verifyRun(dir);
  const { columns } = await sniffHeader(join(dir, 'segments.csv'));
  const frame = await readRunTable(
    dir,
    'segments.csv',
    TEXT_COLUMNS.filter((c) => columns.includes(c)), // previous_owner only with current owners
  );
  const study = await readRun(dir, 'study');
  const road = await readRun(dir, 'road');
  const reps = await repSummaries(dir, frame);
  const coverage = await readRun(dir, 'coverage');
  const needed = repsNeeded(coverage.headcount).reduce((s, r) => s + r.reps, 0);
  const planned = coverage.plan?.reduce((s, r) => s + r.reps, 0) ?? null;
  const queues = [...new Set(frame.strings('queue').filter((q): q is string => q !== null))].sort();
  const byQuadrant = rowsByValue(frame, 'road_quadrant');
  const byOwner = rowsByValue(frame, 'owner');
  const byQueue = rowsByValue(frame, 'queue');
  const groups = [
    ...ROAD_QUADRANTS.map((q) => ({
      name: q,
      rows: byQuadrant(q),
      footer: [] as SheetFooter,
    })),
    ...reps.map((r) => ({
      name: `Rep ${r.rep}`,
      rows: byOwner(r.rep),
      footer: (r.quota === null ? [] : [['Quota', r.quota]]) as SheetFooter,
    })),
    ...queues.map((q) => ({
      name: `Queue ${q}`,
      rows: byQueue(q),
      footer: [] as SheetFooter,
    })),
  ];
  const notes = [
    // The reps figure of coverage.json, the report and the deck.
    planned === null
      ? `Reps needed to cover every account: ${formatCount(needed)}.`
      : `Reps: ${formatCount(planned)} planned of the ${formatCount(needed)} needed to cover every account.`,
    `Accounts: ${formatCount(frame.numRows)}. One sheet per quadrant, per named rep (the account's one owner, with the rep's quota when the run set quotas) and per new-lead routing queue; largest opportunity first, totals at the bottom.`,
    ...groups
      .filter((g) => g.rows.length > MAX_SHEET_ROWS - 2)
      .map(
        (g) =>
          `${g.name}: the ${formatCount(MAX_SHEET_ROWS - 2)} largest of ${formatCount(g.rows.length)} accounts (Excel's row limit; the totals row counts them all); segments.csv has them all.`,
      ),
  ];
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.created = workbook.modified = new Date(0);
  addSummary(workbook, study, road.totals, unplacedReasons(frame), reps, notes);
  const used = new Set<string>(['Summary']);
  for (const group of groups) {
    let name = sheetName(group.name);
    for (let k = 2; used.has(name); k++) name = sheetName(`${group.name.slice(0, 27)} ${k}`);
    used.add(name);
    addAccountSheet(workbook, name, frame, group.rows, study.money?.currency ?? 'USD', group.footer);
  }
  await workbook.commit();
  return { sheets: [...used] };
}
