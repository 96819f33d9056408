/**
 * Cleansing of an account file: header mapping to the canonical schema, normalization of every
 * canonical column, duplicate merge, and the data-quality report. Missing stays missing: values that
 * cannot be read are reported and left empty, never guessed.
 */
import { warning, type Warning } from '../core/errors.ts';
import { DataError } from '../core/errors.ts';
import { Frame, type Cell, type Column, type ColumnInput } from '../data/frame.ts';
import { parseDates, type DateOrder } from '../data/dates.ts';
import { findHeader } from '../data/schema.ts';
import { normalizeCountry, normalizeRegion, salesRegion } from './country.ts';
import {
  findDuplicates,
  type DedupeRules,
  type DuplicateResult,
  type MatchKeys,
  type MatchRule,
} from './dedupe.ts';
import { visibleText } from './fold-text.ts';
import { normalizeDomain } from './domain.ts';
import {
  CANONICAL_COLUMNS,
  closestUnmapped,
  mapHeaders,
  type CanonicalColumn,
  type HeaderMapping,
} from './headers.ts';
import { normalizeIndustry } from './industry.ts';
import { displayName, nameKey } from './name.ts';
import { detectNumberConvention, parseEmployees, parseRevenue, type NumberConvention } from './numbers.ts';
import { splitCurrency, type FxRates } from './currency.ts';
import { headerUnit } from './units.ts';
import type { ColumnQuality, InvalidExample, QualityReport } from './quality.ts';
import { invalid, isPlaceholder, MISSING, ok, type Normalized } from './result.ts';

/** Options of {@link cleanseAccounts}. */
export interface CleanseOptions {
  /** The input's file name, used in messages and the report. Default: none. */
  file?: string;
  /** Explicit header per canonical column (e.g. `{ account_id: 'Record ID' }`); others are recognized. */
  columns?: Partial<Record<CanonicalColumn, string>>;
  /**
   * The column of the record's creation date: among duplicates the oldest record keeps its id. Default: a
   * header such as CreatedDate / Create Date / Created On when present, else the smallest id keeps.
   */
  createdDate?: string;
  /** The order of day and month in numeric creation dates. Default `auto`: settled by the values, or an error. */
  dateOrder?: DateOrder;
  /**
   * The study currency and rates: revenue written in another currency ("1.250.000,00 €") is converted; without
   * a rate it is invalid, and the report says which rate to add. Default US dollars, no rates.
   */
  fx?: FxRates;
  /** The column naming each record's parent account id. Default: a header such as ParentId / Parent Account ID. */
  parentColumn?: string;
  /** The column naming each record's family (ultimate parent). Default: a header such as Global Ultimate D-U-N-S. */
  familyColumn?: string;
  /** Which duplicate rules run beyond a shared id (default: all; see {@link DedupeRules}). */
  dedupe?: DedupeRules;
}

/** Header candidates of a record's parent account id (Salesforce, HubSpot, Dynamics, Pipedrive). */
export const PARENT_ID_HEADERS = [
  'ParentId',
  'Parent Account ID',
  'Parent Account Id',
  'Parent ID',
  'Parent Company ID',
  'Parent Company Record ID',
  'Parent Organization ID',
  'Parent Account (Id)',
];

/** Header candidates of a record's family: an ultimate parent's id (D&B, ZoomInfo, Salesforce). */
export const FAMILY_HEADERS = [
  'Global Ultimate D-U-N-S',
  'Global Ultimate DUNS',
  'Global Ultimate D-U-N-S Number',
  'Domestic Ultimate D-U-N-S',
  'Ultimate Parent ID',
  'Ultimate Parent Account ID',
  'Ultimate Parent Company ID',
];

/** Header candidates of a record's creation date. */
export const CREATED_DATE_HEADERS = [
  'CreatedDate',
  'Create Date',
  'Created On',
  'Created Date',
  'Date Created',
];

/** How many distinct invalid values each column's report keeps as examples. */
const INVALID_EXAMPLES = 10;

/** What {@link cleanseAccounts} returns. */
export interface CleanseResult {
  /** One row per account: the canonical columns, the passed-through columns, then `merged_ids`. */
  frame: Frame;
  report: QualityReport;
  warnings: Warning[];
  /** Every input account id → the id of the account it ended up in (itself when not merged). */
  idMap: ReadonlyMap<string, string>;
}

type Value = string | number | null;

/**
 * Revenue in the study currency: a value written in another currency is converted with `fx`; without a rate it
 * is invalid, naming the key to add.
 *
 * @example
 * revenueIn('1.250.000,00 €', 'european', { currency: 'EUR', rates: {} }); // { status: 'ok', value: 1250000 }
 * revenueIn('€3M', 'unknown', { currency: 'USD', rates: { EUR: 1.1 } });   // { status: 'ok', value: 3300000 }
 */
export function revenueIn(raw: Cell, convention: NumberConvention, fx: FxRates = USD): Normalized<number> {
  if (typeof raw !== 'string') return parseRevenue(raw, convention);
  const split = splitCurrency(raw);
  const code = split.currency === '$' ? 'USD' : split.currency;
  if (code === null && split.ambiguous === null) return parseRevenue(raw, convention);
  if (code === null) return invalid(`"${split.ambiguous}" may be several currencies`);
  const rate = code === fx.currency ? 1 : fx.rates[code];
  if (rate === undefined) return invalid(`in ${code}; add "fx": { "${code}": <rate> } to the study config`);
  const result = parseRevenue(split.amount, convention);
  return result.status === 'ok' ? ok(result.value * rate, result.approximate === true) : result;
}

const USD: FxRates = { currency: 'USD', rates: {} };

const NORMALIZERS: Record<
  NormalizedColumn,
  (raw: Cell, convention: NumberConvention, fx: FxRates) => Normalized<Value>
> = {
  domain: (raw) => normalizeDomain(raw === null ? null : String(raw)),
  industry: (raw) => normalizeIndustry(raw),
  country: (raw) => normalizeCountry(raw === null ? null : String(raw)),
  employees: (raw, convention) => parseEmployees(raw, convention),
  annual_revenue: (raw, convention, fx) => revenueIn(raw, convention, fx),
};

/** The file's number convention from its employee and revenue text, with a warning when it is not US. */
function fileNumberConvention(
  columns: readonly (Column | undefined)[],
  warnings: Warning[],
): NumberConvention {
  const texts = columns.flatMap((c) => (c?.kind === 'string' ? [c.values] : []));
  return numberConventionOf(detectNumberConvention(texts.flat()), warnings);
}

/**
 * The number convention settled by the count of values only European ("1.234,5") and only US ("1,234.5"), with
 * the warning {@link cleanseAccounts} gives when it is not US.
 *
 * @example
 * numberConventionOf({ european: 3, us: 0 }, warnings); // 'european' (and a "numbers-european" warning)
 */
export function numberConventionOf(
  { european, us }: { european: number; us: number },
  warnings: Warning[],
): NumberConvention {
  const convention = european > 0 && us === 0 ? 'european' : us > 0 && european === 0 ? 'us' : 'unknown';
  if (convention === 'european')
    warnings.push(
      warning(
        'numbers-european',
        `numbers are read in European notation (1.234,5 = one thousand two hundred thirty-four point five): ${european} values can only be read that way`,
      ),
    );
  else if (european > 0 && us > 0)
    warnings.push(
      warning(
        'numbers-mixed',
        `numbers are written both ways (${european} values only European like 1.234,5, ${us} only US like 1,234.5); values readable either way ("1.200") are left invalid`,
      ),
    );
  return convention;
}

/** A generated id for a row without one ("row-N"), never equal to an id the file has. */
export function generatedId(row: number, taken: ReadonlySet<string>): string {
  let id = `row-${row + 1}`;
  while (taken.has(id)) id = `${id}'`;
  return id;
}

export function emptyQuality(source: string | null): ColumnQuality {
  return {
    source,
    valid: 0,
    missing: 0,
    invalid: 0,
    approximated: 0,
    changed: 0,
    distinct: 0,
    invalid_examples: [],
  };
}

export function rawText(raw: Cell): string | null {
  if (raw === null) return null;
  return typeof raw === 'number' ? String(raw) : raw;
}

/** Canonical values per column and their quality, before merging. */
export interface Canonical {
  values: Record<CanonicalColumn, Value[]>;
  quality: Record<CanonicalColumn, ColumnQuality>;
  warnings: Warning[];
}

/** Records one normalized value in the values and the quality figures (invalid values: one example each). */
function recorder(canonical: Canonical) {
  const count = qualityRecorder(canonical.quality);
  return (column: CanonicalColumn, row: number, rawValue: Cell, result: Normalized<Value>): void => {
    count(column, row, rawValue, result);
    if (result.status === 'ok') canonical.values[column][row] = result.value;
  };
}

/**
 * Counts normalized values in the quality figures: `times` rows holding `rawValue`, the first of them data row
 * `row + 1` (invalid values: the first ten distinct ones in row order, each with its count). Counting every row
 * one by one, or each distinct value once in the order of its first row, gives the same figures.
 *
 * @example
 * const count = qualityRecorder(quality);
 * count('employees', 4, 'n/a', invalid('not a number'), 120); // 120 invalid, example row 5
 */
export function qualityRecorder(quality: Record<CanonicalColumn, ColumnQuality>) {
  const examples = new Map<CanonicalColumn, Map<string, InvalidExample>>();
  return (
    column: CanonicalColumn,
    row: number,
    rawValue: Cell,
    result: Normalized<Value>,
    times = 1,
  ): void => {
    const q = quality[column];
    if (result.status === 'missing') q.missing += times;
    else if (result.status === 'invalid') {
      q.invalid += times;
      const text = rawText(rawValue) ?? '';
      const seen = examples.get(column) ?? new Map<string, InvalidExample>();
      examples.set(column, seen);
      const example = seen.get(text);
      if (example) example.count += times;
      else if (seen.size < INVALID_EXAMPLES) {
        const added = { row: row + 1, value: text, reason: result.reason, count: times };
        seen.set(text, added);
        q.invalid_examples.push(added);
      }
    } else {
      q.valid += times;
      if (result.approximate) q.approximated += times;
      if (rawText(rawValue)?.trim() !== String(result.value)) q.changed += times;
    }
  };
}

/**
 * The normalized value of a cell of one of the columns normalized by value (domain, industry, country, employees,
 * revenue), in the file's number convention and study currency, times the unit its header states.
 *
 * @example
 * normalizeCell('employees', '1.2k', 'us', { currency: 'USD', rates: {} }, 1); // { status: 'ok', value: 1200 }
 */
export function normalizeCell(
  column: NormalizedColumn,
  raw: Cell,
  convention: NumberConvention,
  fx: FxRates,
  scale = 1,
): Normalized<Value> {
  return scaled(NORMALIZERS[column](raw, convention, fx), scale);
}

function scaled(result: Normalized<Value>, scale: number): Normalized<Value> {
  return result.status === 'ok' && scale !== 1
    ? ok((result.value as number) * scale, result.approximate)
    : result;
}

/** The canonical columns normalized value by value (ids, names and regions have their own rules). */
export type NormalizedColumn = Exclude<CanonicalColumn, 'account_id' | 'name' | 'region'>;

/** The columns of {@link NormalizedColumn}. */
export const NORMALIZED_COLUMNS: readonly NormalizedColumn[] = [
  'domain',
  'industry',
  'country',
  'employees',
  'annual_revenue',
];

/**
 * An account id as read: blank or a placeholder ("N/A", "-") is missing (the row gets a generated id), else the
 * visible text.
 *
 * @example
 * accountIdValue(' 001A '); // { status: 'ok', value: '001A' }
 */
export function accountIdValue(raw: Cell): Normalized<string> {
  const id = rawText(raw);
  return id === null || isPlaceholder(id) ? MISSING : ok(visibleText(id));
}

/**
 * An account name as displayed (a placeholder is missing).
 *
 * @example
 * accountNameValue('ACME CORP.'); // { status: 'ok', value: 'Acme Corp.' }
 */
export function accountNameValue(raw: Cell): Normalized<string> {
  const name = rawText(raw);
  const display = isPlaceholder(name) ? null : displayName(name);
  return display === null ? MISSING : ok(display);
}

/**
 * Counts the region of `times` rows and gives it: the sales region of a known country (counted valid, changed
 * when the file said otherwise), else the file's region read, else missing.
 *
 * @example
 * recordRegion(quality, count, { row: 0, country: 'FR', rawRegion: 'Europe', hasRegionColumn: true }); // 'EMEA'
 */
export function recordRegion(
  quality: Record<CanonicalColumn, ColumnQuality>,
  count: ReturnType<typeof qualityRecorder>,
  cell: { row: number; country: Value; rawRegion: Cell; hasRegionColumn: boolean },
  times = 1,
): Value {
  const { row, country, rawRegion, hasRegionColumn } = cell;
  if (typeof country === 'string') {
    const region = salesRegion(country);
    quality.region.valid += times;
    if (rawText(rawRegion) !== region) quality.region.changed += times;
    return region;
  }
  if (!hasRegionColumn) {
    quality.region.missing += times;
    return null;
  }
  const result = normalizeRegion(rawText(rawRegion));
  count('region', row, rawRegion, result, times);
  return result.status === 'ok' ? result.value : null;
}

/** Most distinct raw values remembered per column (bounds memory on columns of unique values). */
const DISTINCT_LIMIT = 200_000;
/** After this many values a column that repeats fewer than half of them is normalized without remembering. */
const DISTINCT_TRIAL = 20_000;

/**
 * The normalizers, each applied once per distinct raw value of its column: a column of a million rows holds far
 * fewer industries, countries or employee counts than rows. The normalizers are pure, so the values are the same.
 */
function distinctNormalizers(
  convention: NumberConvention,
  fx: FxRates,
): Record<keyof typeof NORMALIZERS, (raw: Cell) => Normalized<Value>> {
  const once = (column: keyof typeof NORMALIZERS) => {
    const normalize = NORMALIZERS[column];
    const seen = new Map<Cell, Normalized<Value>>();
    let [asked, repeated, remembering] = [0, 0, true];
    return (raw: Cell): Normalized<Value> => {
      if (!remembering) return normalize(raw, convention, fx);
      const known = seen.get(raw);
      if (++asked === DISTINCT_TRIAL && repeated < DISTINCT_TRIAL / 2) {
        remembering = false; // mostly unique values: remembering them costs more than it saves
        seen.clear();
      }
      if (known !== undefined) {
        repeated++;
        return known;
      }
      const result = normalize(raw, convention, fx);
      if (seen.size < DISTINCT_LIMIT) seen.set(raw, result);
      return result;
    };
  };
  return {
    domain: once('domain'),
    industry: once('industry'),
    country: once('country'),
    employees: once('employees'),
    annual_revenue: once('annual_revenue'),
  };
}

/** Reads and normalizes every canonical column of every row. */
function normalizeRows(raw: Frame, source: HeaderMapping['source'], fx: FxRates = USD): Canonical {
  const n = raw.numRows;
  const canonical: Canonical = {
    values: {} as Canonical['values'],
    quality: {} as Canonical['quality'],
    warnings: [],
  };
  for (const column of CANONICAL_COLUMNS) {
    canonical.quality[column] = emptyQuality(source[column] ?? null);
    canonical.values[column] = new Array<Value>(n).fill(null);
  }
  const { values, quality } = canonical;
  const record = recorder(canonical);
  // The input column feeding each canonical column, looked up once (not per cell).
  const inputColumn = new Map<CanonicalColumn, Column>();
  for (const column of CANONICAL_COLUMNS) {
    const header = source[column];
    if (header !== undefined) inputColumn.set(column, raw.column(header));
  }
  const cell = (column: CanonicalColumn, row: number): Cell => {
    const v = inputColumn.get(column)?.values[row] ?? null;
    return typeof v === 'number' && Number.isNaN(v) ? null : v;
  };
  const scales = unitScales(source, canonical.warnings);
  const convention = fileNumberConvention(
    [inputColumn.get('employees'), inputColumn.get('annual_revenue')],
    canonical.warnings,
  );
  const normalize = distinctNormalizers(convention, fx);
  const count = qualityRecorder(quality);
  const givenIds = new Set<string>();
  for (let i = 0; i < n; i++) givenIds.add(visibleText(rawText(cell('account_id', i)) ?? ''));
  let generatedIds = 0;
  for (let i = 0; i < n; i++) {
    const id = accountIdValue(cell('account_id', i));
    if (id.status === 'ok') record('account_id', i, cell('account_id', i), id);
    else {
      if (source.account_id !== undefined) record('account_id', i, rawText(cell('account_id', i)), MISSING);
      values.account_id[i] = generatedId(i, givenIds);
      generatedIds++;
    }
    record('name', i, rawText(cell('name', i)), accountNameValue(cell('name', i)));
    for (const column of NORMALIZED_COLUMNS) {
      const rawValue = cell(column, i);
      const result = source[column] === undefined ? MISSING : normalize[column](rawValue);
      record(column, i, rawValue, scaled(result, scales[column as 'employees'] ?? 1));
    }
    const where = { row: i, country: values.country[i] ?? null, rawRegion: cell('region', i) };
    values.region[i] = recordRegion(quality, count, {
      ...where,
      hasRegionColumn: source.region !== undefined,
    });
  }
  if (generatedIds > 0)
    canonical.warnings.push(generatedIdsWarning(generatedIds, source.account_id !== undefined));
  return canonical;
}

/**
 * The warning about rows identified by their row number ("row-N"): every row (no id column), or those without an id.
 *
 * @example
 * generatedIdsWarning(3, true).message; // '3 rows have no account id; they are identified as "row-N" (N = data row)'
 */
export function generatedIdsWarning(count: number, hasIdColumn: boolean): Warning {
  return warning(
    'generated-ids',
    hasIdColumn
      ? `${count} rows have no account id; they are identified as "row-N" (N = data row)`
      : `no account id column; accounts are identified by their row as "row-N"`,
  );
}

/**
 * The unit stated in the headers of the employee and revenue columns ("Revenue (in 000s USD)": × 1,000), with a
 * warning that says how the values were read.
 */
export function unitScales(
  source: HeaderMapping['source'],
  warnings: Warning[],
): Partial<Record<'employees' | 'annual_revenue', number>> {
  const scales: Partial<Record<'employees' | 'annual_revenue', number>> = {};
  for (const column of ['employees', 'annual_revenue'] as const) {
    const header = source[column];
    const { scale } = header === undefined ? { scale: 1 } : headerUnit(header);
    if (scale === 1) continue;
    scales[column] = scale;
    warnings.push(
      warning(
        'header-unit',
        `column "${header}" states its unit: ${column} values are multiplied by ${scale.toLocaleString('en-US')}`,
      ),
    );
  }
  return scales;
}

/** The trimmed text of a named (or recognized) column per row, or null without the column. */
function keyColumn(
  raw: Frame,
  named: string | undefined,
  candidates: readonly string[],
  option: string,
  file?: string,
) {
  const column = named ?? findHeader(raw, candidates);
  if (column === null) return null;
  if (!raw.has(column))
    throw new DataError(
      `${option} names column "${column}", which the file does not have`,
      file === undefined ? {} : { file },
    );
  return Array.from({ length: raw.numRows }, (_, i) => {
    const text = rawText(raw.get(i, column))?.trim() ?? '';
    return text === '' ? null : text;
  });
}

/** Duplicate groups by account id, domain, or name + country (families respected); warns about ambiguous names. */
function duplicateGroups(canonical: Canonical, hasIds: boolean, raw: Frame, options: CleanseOptions) {
  const { values } = canonical;
  const parents = keyColumn(raw, options.parentColumn, PARENT_ID_HEADERS, 'parentColumn', options.file);
  const families = keyColumn(raw, options.familyColumn, FAMILY_HEADERS, 'familyColumn', options.file);
  const keys: MatchKeys[] = values.account_id.map((_, i) => ({
    accountId: hasIds ? (values.account_id[i] as string) : null,
    domain: values.domain[i] as string | null,
    nameKey: nameKey(values.name[i] as string | null),
    country: values.country[i] as string | null,
    parentId: parents?.[i] ?? null,
    familyKey: families?.[i] ?? null,
  }));
  return findDuplicates(keys, options.dedupe);
}

/**
 * The warning about domain-less records left unmerged because their name and country match several accounts
 * (`rows`: their 0-based data rows).
 *
 * @example
 * ambiguousDuplicatesWarning([4, 9]).message; // '2 records without a domain match several accounts … (rows 5, 10)'
 */
export function ambiguousDuplicatesWarning(rows: readonly number[]): Warning {
  return warning(
    'ambiguous-duplicates',
    `${rows.length} records without a domain match several accounts by name and country; left unmerged (rows ${rows
      .slice(0, 5)
      .map((r) => r + 1)
      .join(', ')}${rows.length > 5 ? ', …' : ''})`,
  );
}

/** One output account: its input rows (most complete first, values are taken in that order) and the row whose id it keeps. */
export interface OutputRow {
  rows: number[];
  kept: number;
}

/** The creation time of each row (NaN when unknown), from the named or recognized column. */
function creationTimes(raw: Frame, options: CleanseOptions): Float64Array | null {
  const column = options.createdDate ?? findHeader(raw, CREATED_DATE_HEADERS);
  if (column === null) return null;
  if (!raw.has(column))
    throw new DataError(
      `createdDate names column "${column}", which the file does not have`,
      options.file === undefined ? {} : { file: options.file },
    );
  const texts = Array.from({ length: raw.numRows }, (_, i) => rawText(raw.get(i, column)));
  return parseDates(texts, options.dateOrder ?? 'auto', {
    file: options.file ?? 'accounts',
    column,
    option: 'mapping.accounts.dateOrder',
  });
}

/**
 * Collapses each group onto its most complete record, at the position of its first record. The account keeps
 * the id of its oldest record (by creation date when known, else the smallest id), so ids stay stable from
 * one export — and one refresh — to the next.
 */
function outputRowsOf(
  n: number,
  groups: readonly { members: number[] }[],
  completeness: (row: number) => number,
  ids: readonly Value[],
  created: Float64Array | null,
): OutputRow[] {
  const groupOf = new Int32Array(n).fill(-1);
  groups.forEach((g, index) => g.members.forEach((m) => (groupOf[m] = index)));
  const older = (a: number, b: number): boolean => {
    const ta = created?.[a] ?? Number.NaN;
    const tb = created?.[b] ?? Number.NaN;
    if (ta !== tb && !(Number.isNaN(ta) && Number.isNaN(tb)))
      return Number.isNaN(tb) || (!Number.isNaN(ta) && ta < tb);
    return (ids[a] as string) < (ids[b] as string);
  };
  const out: OutputRow[] = [];
  for (let i = 0; i < n; i++) {
    const g = groupOf[i] as number;
    if (g === -1) {
      out.push({ rows: [i], kept: i });
      continue;
    }
    const members = (groups[g] as { members: number[] }).members;
    if (members[0] !== i) continue;
    let complete = members[0] as number;
    for (const m of members) if (completeness(m) > completeness(complete)) complete = m;
    let kept = members[0] as number;
    for (const m of members) if (older(m, kept)) kept = m;
    out.push({ rows: [complete, ...members.filter((m) => m !== complete)], kept });
  }
  return out;
}

/** How alike the names of an output account's records are (see `MergedGroup.score`), to two decimals. */
function nameScore(o: OutputRow, names: readonly Value[]): number {
  const words = (row: number) =>
    new Set((nameKey(names[row] as string | null) ?? '').split(' ').filter(Boolean));
  const kept = words(o.kept);
  let score = 1;
  for (const row of o.rows.filter((r) => r !== o.kept)) {
    const other = words(row);
    if (kept.size === 0 || other.size === 0) continue;
    const shared = [...other].filter((w) => kept.has(w)).length;
    score = Math.min(score, shared / Math.max(kept.size, other.size));
  }
  return Math.round(score * 100) / 100;
}

/** The output's own column names, compared without case. */
const RESERVED = new Set<string>([...CANONICAL_COLUMNS, 'merged_ids']);

/**
 * The output name of a passed-through column: its own, or with `_raw` when it is — in any letter case — the name
 * of a canonical column ("Name" beside the canonical "name" read from "Account Name"), so no two columns differ only
 * in case (spreadsheets, SQL engines and readers take them for one).
 *
 * @example
 * passthroughName('Type'); // 'Type'
 * passthroughName('Name'); // 'Name_raw'
 */
export function passthroughName(header: string): string {
  return RESERVED.has(header.toLowerCase()) ? `${header}_raw` : header;
}

/** The ids an already-cleansed input (a `segment clean` output) had merged, per input row. */
function carriedMergedIds(raw: Frame): ((row: number) => string[]) | null {
  if (!raw.has('merged_ids')) return null;
  return (row) =>
    (rawText(raw.get(row, 'merged_ids')) ?? '')
      .split(';')
      .map((id) => id.trim())
      .filter((id) => id !== '');
}

/** The merged columns of the output: canonical values, passed-through columns, and `merged_ids`. */
function mergedColumns(
  raw: Frame,
  canonical: Canonical,
  passthrough: readonly string[],
  outputRows: OutputRow[],
) {
  const { values } = canonical;
  const conflicts: Partial<Record<CanonicalColumn, number>> = {};
  const mergedValue = (column: CanonicalColumn, rows: number[]): Value => {
    if (rows.length === 1) return values[column][rows[0] as number] ?? null; // not merged: the common case
    const present = rows.map((r) => values[column][r] ?? null).filter((v) => v !== null);
    if (new Set(present).size > 1 && column !== 'account_id')
      conflicts[column] = (conflicts[column] ?? 0) + 1;
    return present[0] ?? null;
  };
  const columns: Record<string, Value[]> = {};
  for (const column of CANONICAL_COLUMNS)
    columns[column] = outputRows.map(({ rows, kept }) =>
      column === 'account_id' ? (values.account_id[kept] as string) : mergedValue(column, rows),
    );
  for (const p of passthrough.filter((h) => h !== 'merged_ids')) {
    columns[passthroughName(p)] = outputRows.map(({ rows }) => {
      for (const r of rows) {
        const v = raw.get(r, p);
        if (v !== null && !(typeof v === 'string' && v.trim() === '')) return v;
      }
      return null;
    });
  }
  const carried = carriedMergedIds(raw);
  columns.merged_ids = outputRows.map((o) => {
    if (o.rows.length === 1 && carried === null) return null; // not merged: the common case
    const ids = mergedIdsOf(o, values.account_id, carried);
    return ids.length > 0 ? ids.join(';') : null;
  });
  return { columns, conflicts };
}

/** The other records' ids of an output account, then the ids its records had merged before (a cleansed input). */
function mergedIdsOf(
  o: OutputRow,
  ids: readonly Value[],
  carried: ((row: number) => string[]) | null,
): string[] {
  const others = o.rows
    .filter((r) => r !== o.kept)
    .sort((a, b) => a - b)
    .map((r) => ids[r] as string);
  const earlier = carried === null ? [] : [...o.rows].sort((a, b) => a - b).flatMap(carried);
  return [...new Set([...others, ...earlier])];
}

/** Input id → the id of the account it ended up in, including ids merged by an earlier cleanse. */
export function idMapOf(
  raw: Frame,
  ids: readonly Value[],
  outputRows: readonly OutputRow[],
): Map<string, string> {
  const carried = carriedMergedIds(raw);
  const idMap = new Map<string, string>();
  for (const { rows, kept } of outputRows) {
    const keptId = ids[kept] as string;
    for (const r of rows) {
      idMap.set(ids[r] as string, keptId);
      for (const earlier of carried?.(r) ?? []) if (!idMap.has(earlier)) idMap.set(earlier, keptId);
    }
  }
  return idMap;
}

/** Typed frame columns: employees and revenue as numbers, all-number columns as numbers, the rest as text. */
export function toFrame(columns: Record<string, Value[]>): Frame {
  const frameColumns: Record<string, ColumnInput> = {};
  for (const [name, list] of Object.entries(columns)) {
    if (name === 'employees' || name === 'annual_revenue') {
      frameColumns[name] = Float64Array.from(list, (v) => (typeof v === 'number' ? v : Number.NaN));
    } else if (
      list.some((v) => typeof v === 'number') &&
      list.every((v) => v === null || typeof v === 'number')
    ) {
      frameColumns[name] = list as (number | null)[];
    } else frameColumns[name] = list.map((v) => (v === null ? null : String(v)));
  }
  return Frame.fromColumns(frameColumns);
}

/**
 * Cleanses an account table (as loaded, ideally with `allText: true`).
 *
 * @example
 * const raw = Frame.fromColumns({
 *   Id: ['001A', '001B'], 'Account Name': ['Acme, Inc.', 'ACME Inc'],
 *   Website: ['https://www.acme.com/', 'acme.com'], BillingCountry: ['USA', 'United States'],
 * });
 * const { frame, report } = cleanseAccounts(raw, { file: 'accounts.csv' });
 * frame.numRows;                          // 1
 * frame.row(0).country;                   // 'US'
 * report.duplicates.merged[0]?.merged;    // ['001B']
 */
export function cleanseAccounts(raw: Frame, options: CleanseOptions = {}): CleanseResult {
  const { mapping, source, passthrough } = mapHeaders(raw.columnNames, options.file, options.columns);
  const n = raw.numRows;
  const canonical = normalizeRows(raw, source, options.fx);
  canonical.warnings.push(...unmappedWarnings(passthrough, source));
  const hasIds = source.account_id !== undefined;
  const merge = mergeDuplicates(raw, canonical, { hasIds, passthrough, options });
  if (merge.ambiguous.length > 0) canonical.warnings.push(ambiguousDuplicatesWarning(merge.ambiguous));
  const { values, quality } = canonical;
  for (const column of CANONICAL_COLUMNS)
    quality[column].distinct = new Set((merge.columns[column] as Value[]).filter((v) => v !== null)).size;
  const frame = toFrame(merge.columns);
  const report: QualityReport = {
    file: options.file ?? null,
    rows_in: n,
    rows_out: frame.numRows,
    header_mapping: mapping,
    passthrough_columns: passthrough,
    columns: quality,
    duplicates: duplicatesReport(merge, { rowsIn: n, rowsOut: frame.numRows, canonical }),
  };
  return {
    frame,
    report,
    warnings: canonical.warnings,
    idMap: idMapOf(raw, values.account_id, merge.outputRows),
  };
}

/**
 * The warnings about columns that look like a canonical column but were not read as one.
 *
 * @example
 * unmappedWarnings(['Staff Count'], { name: 'Company' })[0]?.message; // 'no column was read as employees; …'
 */
export function unmappedWarnings(passthrough: readonly string[], source: HeaderMapping['source']): Warning[] {
  return closestUnmapped(passthrough, source).map(({ column, header }) =>
    warning(
      'header-not-recognized',
      `no column was read as ${column}; "${header}" looks like it — if it is, name it in columns.${column}`,
    ),
  );
}

/** What {@link mergeDuplicates} gives: the duplicate groups and the output accounts' columns. */
export interface DuplicateMerge {
  groups: DuplicateResult['groups'];
  /** Rows (0-based) of domain-less records left unmerged. */
  ambiguous: number[];
  outputRows: OutputRow[];
  /** The output columns: canonical, passed-through and `merged_ids`, one value per output account. */
  columns: Record<string, Value[]>;
  conflicts: Partial<Record<CanonicalColumn, number>>;
}

/**
 * Finds the duplicate records among the normalized rows and merges each group onto its most complete record
 * (see {@link cleanseAccounts}).
 *
 * @example
 * mergeDuplicates(raw, canonical, { hasIds: true, passthrough: ['Type'], options: {} }).columns.account_id;
 */
export function mergeDuplicates(
  raw: Frame,
  canonical: Canonical,
  context: { hasIds: boolean; passthrough: readonly string[]; options: CleanseOptions },
): DuplicateMerge {
  const { hasIds, passthrough, options } = context;
  const { values } = canonical;
  const { groups, ambiguous } = duplicateGroups(canonical, hasIds, raw, options);
  const completeness = (row: number): number =>
    CANONICAL_COLUMNS.reduce((sum, c) => sum + (values[c][row] === null ? 0 : 1), 0) +
    passthrough.reduce((sum, p) => sum + (isPlaceholder(rawText(raw.get(row, p))) ? 0 : 1), 0);
  const created = creationTimes(raw, options);
  const outputRows = outputRowsOf(raw.numRows, groups, completeness, values.account_id, created);
  const { columns, conflicts } = mergedColumns(raw, canonical, passthrough, outputRows);
  return { groups, ambiguous, outputRows, columns, conflicts };
}

/**
 * The report's `duplicates` section of a merge (`canonical`: the values the merge was made from).
 *
 * @example
 * duplicatesReport(merge, { rowsIn: 12, rowsOut: 10, canonical }).records_merged; // 2
 */
export function duplicatesReport(
  merge: DuplicateMerge,
  counts: { rowsIn: number; rowsOut: number; canonical: Canonical; ambiguousRows?: readonly number[] },
): QualityReport['duplicates'] {
  const { groups, outputRows, conflicts } = merge;
  const { values } = counts.canonical;
  const groupOfKept = new Map<number, (typeof groups)[number]>();
  for (const g of groups) for (const m of g.members) groupOfKept.set(m, g);
  const byRule = { account_id: 0, domain: 0, 'name+country': 0 };
  for (const g of groups) byRule[g.rule]++;
  return {
    groups: groups.length,
    records_merged: counts.rowsIn - counts.rowsOut,
    by_rule: byRule,
    conflicting_values: conflicts,
    ambiguous_rows: (counts.ambiguousRows ?? merge.ambiguous).map((r) => r + 1),
    merged: outputRows
      .filter(({ rows }) => rows.length > 1)
      .map((o) => {
        const g = groupOfKept.get(o.kept) as { rule: MatchRule; key: string };
        return {
          kept: values.account_id[o.kept] as string,
          merged: mergedIdsOf(o, values.account_id, null),
          rule: g.rule,
          key: g.key,
          score: nameScore(o, values.name),
        };
      }),
  };
}
