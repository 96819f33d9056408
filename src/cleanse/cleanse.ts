/**
 * Cleansing of an account file: header mapping to the canonical schema, normalization of every
 * canonical column, duplicate merge, and the data-quality report. Missing stays missing: values that
 * cannot be read are reported and left empty, never guessed.
 */
import { warning, type Warning } from '../core/errors.ts';
import { Frame, type Cell, type Column, type ColumnInput } from '../data/frame.ts';
import { normalizeCountry, normalizeRegion, salesRegion } from './country.ts';
import { findDuplicates, type MatchKeys } from './dedupe.ts';
import { normalizeDomain } from './domain.ts';
import { CANONICAL_COLUMNS, mapHeaders, type CanonicalColumn } from './headers.ts';
import { normalizeIndustry } from './industry.ts';
import { displayName, nameKey } from './name.ts';
import { parseEmployees, parseRevenue } from './numbers.ts';
import type { ColumnQuality, QualityReport } from './quality.ts';
import { isPlaceholder, MISSING, ok, type Normalized } from './result.ts';

/** Options of {@link cleanseAccounts}. */
export interface CleanseOptions {
  /** The input's file name, used in messages and the report. Default: none. */
  file?: string;
}

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

const NORMALIZERS: Record<
  Exclude<CanonicalColumn, 'account_id' | 'name' | 'region'>,
  (raw: Cell) => Normalized<Value>
> = {
  domain: (raw) => normalizeDomain(raw === null ? null : String(raw)),
  industry: (raw) => normalizeIndustry(raw),
  country: (raw) => normalizeCountry(raw === null ? null : String(raw)),
  employees: (raw) => parseEmployees(raw),
  annual_revenue: (raw) => parseRevenue(raw),
};

function emptyQuality(source: string | null): ColumnQuality {
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

function rawText(raw: Cell): string | null {
  if (raw === null) return null;
  return typeof raw === 'number' ? String(raw) : raw;
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
  const file = options.file ?? null;
  const { mapping, source, passthrough } = mapHeaders(raw.columnNames, options.file);
  const n = raw.numRows;
  const warnings: Warning[] = [];
  const quality = {} as Record<CanonicalColumn, ColumnQuality>;
  for (const column of CANONICAL_COLUMNS) quality[column] = emptyQuality(source[column] ?? null);
  const values = {} as Record<CanonicalColumn, Value[]>;
  for (const column of CANONICAL_COLUMNS) values[column] = new Array<Value>(n).fill(null);

  const record = (column: CanonicalColumn, row: number, rawValue: Cell, result: Normalized<Value>): void => {
    const q = quality[column];
    if (result.status === 'missing') q.missing++;
    else if (result.status === 'invalid') {
      q.invalid++;
      if (q.invalid_examples.length < 5) {
        q.invalid_examples.push({ row: row + 1, value: rawText(rawValue) ?? '', reason: result.reason });
      }
    } else {
      q.valid++;
      if (result.approximate) q.approximated++;
      if (rawText(rawValue)?.trim() !== String(result.value)) q.changed++;
      values[column][row] = result.value;
    }
  };

  // The input column feeding each canonical column, looked up once (not per cell).
  const inputColumn = new Map<CanonicalColumn, Column>();
  for (const column of CANONICAL_COLUMNS) {
    const header = source[column];
    if (header !== undefined) inputColumn.set(column, raw.column(header));
  }
  const cell = (column: CanonicalColumn, row: number): Cell => {
    const input = inputColumn.get(column);
    if (input === undefined) return null;
    const v = input.values[row] ?? null;
    return typeof v === 'number' && Number.isNaN(v) ? null : v;
  };

  let generatedIds = 0;
  for (let i = 0; i < n; i++) {
    const id = rawText(cell('account_id', i));
    if (id === null || isPlaceholder(id)) {
      if (source.account_id !== undefined) record('account_id', i, id, MISSING);
      values.account_id[i] = `row-${i + 1}`;
      generatedIds++;
    } else record('account_id', i, id, ok(id.trim()));
    const name = rawText(cell('name', i));
    const display = isPlaceholder(name) ? null : displayName(name);
    record('name', i, name, display === null ? MISSING : ok(display));
    for (const column of ['domain', 'industry', 'country', 'employees', 'annual_revenue'] as const) {
      const rawValue = cell(column, i);
      record(column, i, rawValue, source[column] === undefined ? MISSING : NORMALIZERS[column](rawValue));
    }
    const country = values.country[i];
    const rawRegion = cell('region', i);
    if (typeof country === 'string') {
      const region = salesRegion(country);
      values.region[i] = region;
      quality.region.valid++;
      if (rawText(rawRegion) !== region) quality.region.changed++;
    } else if (source.region !== undefined) {
      record('region', i, rawRegion, normalizeRegion(rawText(rawRegion)));
    } else quality.region.missing++;
  }
  if (generatedIds > 0) {
    warnings.push(
      warning(
        'generated-ids',
        source.account_id === undefined
          ? `no account id column; accounts are identified by their row as "row-N"`
          : `${generatedIds} rows have no account id; they are identified as "row-N" (N = data row)`,
      ),
    );
  }

  const keys: MatchKeys[] = [];
  for (let i = 0; i < n; i++) {
    keys.push({
      accountId: source.account_id === undefined ? null : (values.account_id[i] as string),
      domain: values.domain[i] as string | null,
      nameKey: nameKey(values.name[i] as string | null),
      country: values.country[i] as string | null,
    });
  }
  const { groups, ambiguous } = findDuplicates(keys);
  if (ambiguous.length > 0) {
    warnings.push(
      warning(
        'ambiguous-duplicates',
        `${ambiguous.length} records without a domain match several accounts by name and country; left unmerged (rows ${ambiguous
          .slice(0, 5)
          .map((r) => r + 1)
          .join(', ')}${ambiguous.length > 5 ? ', …' : ''})`,
      ),
    );
  }

  // Output rows: each group collapses onto its most complete record, at the position of its first record.
  const groupOf = new Int32Array(n).fill(-1);
  groups.forEach((g, index) => g.members.forEach((m) => (groupOf[m] = index)));
  const completeness = (row: number): number =>
    CANONICAL_COLUMNS.reduce((sum, c) => sum + (values[c][row] === null ? 0 : 1), 0) +
    passthrough.reduce((sum, p) => sum + (isPlaceholder(rawText(raw.get(row, p))) ? 0 : 1), 0);
  // rows: the group's records, most complete first (values are taken in that order); kept: the record whose id
  // the account keeps — the smallest id, i.e. the oldest Salesforce record, so ids stay stable from one export
  // (and one refresh) to the next.
  const outputRows: { rows: number[]; kept: number }[] = [];
  for (let i = 0; i < n; i++) {
    const g = groupOf[i] as number;
    if (g === -1) outputRows.push({ rows: [i], kept: i });
    else {
      const members = (groups[g] as { members: number[] }).members;
      if (members[0] !== i) continue;
      let complete = members[0] as number;
      for (const m of members) if (completeness(m) > completeness(complete)) complete = m;
      let kept = members[0] as number;
      for (const m of members)
        if ((values.account_id[m] as string) < (values.account_id[kept] as string)) kept = m;
      outputRows.push({ rows: [complete, ...members.filter((m) => m !== complete)], kept });
    }
  }

  const conflicts: Partial<Record<CanonicalColumn, number>> = {};
  const mergedValue = (column: CanonicalColumn, rows: number[]): Value => {
    if (rows.length === 1) return values[column][rows[0] as number] ?? null; // not merged: the common case
    const present = rows.map((r) => values[column][r] ?? null).filter((v) => v !== null);
    if (new Set(present).size > 1 && column !== 'account_id')
      conflicts[column] = (conflicts[column] ?? 0) + 1;
    return present[0] ?? null;
  };
  const outColumns: Record<string, Value[]> = {};
  for (const column of CANONICAL_COLUMNS) {
    outColumns[column] = outputRows.map(({ rows, kept }) =>
      column === 'account_id' ? (values.account_id[kept] as string) : mergedValue(column, rows),
    );
  }
  const reserved = new Set<string>([...CANONICAL_COLUMNS, 'merged_ids']);
  for (const p of passthrough) {
    const outName = reserved.has(p) ? `${p}_raw` : p;
    outColumns[outName] = outputRows.map(({ rows }) => {
      for (const r of rows) {
        const v = raw.get(r, p);
        if (v !== null && !(typeof v === 'string' && v.trim() === '')) return v;
      }
      return null;
    });
  }
  const others = ({ rows, kept }: { rows: number[]; kept: number }): number[] =>
    rows.filter((r) => r !== kept).sort((a, b) => a - b);
  outColumns.merged_ids = outputRows.map((o) =>
    o.rows.length > 1
      ? others(o)
          .map((r) => values.account_id[r] as string)
          .join(';')
      : null,
  );

  const idMap = new Map<string, string>();
  for (const { rows, kept } of outputRows) {
    for (const r of rows) idMap.set(values.account_id[r] as string, values.account_id[kept] as string);
  }
  for (const column of CANONICAL_COLUMNS) {
    quality[column].distinct = new Set((outColumns[column] as Value[]).filter((v) => v !== null)).size;
  }

  const frameColumns: Record<string, ColumnInput> = {};
  for (const [name, list] of Object.entries(outColumns)) {
    if (name === 'employees' || name === 'annual_revenue') {
      frameColumns[name] = Float64Array.from(list, (v) => (typeof v === 'number' ? v : Number.NaN));
    } else if (
      list.some((v) => typeof v === 'number') &&
      list.every((v) => v === null || typeof v === 'number')
    ) {
      frameColumns[name] = list as (number | null)[];
    } else frameColumns[name] = list.map((v) => (v === null ? null : String(v)));
  }
  const frame = Frame.fromColumns(frameColumns);

  const byRule = { account_id: 0, domain: 0, 'name+country': 0 };
  for (const g of groups) byRule[g.rule]++;
  const report: QualityReport = {
    file,
    rows_in: n,
    rows_out: frame.numRows,
    header_mapping: mapping,
    passthrough_columns: passthrough,
    columns: quality,
    duplicates: {
      groups: groups.length,
      records_merged: n - frame.numRows,
      by_rule: byRule,
      conflicting_values: conflicts,
      ambiguous_rows: ambiguous.map((r) => r + 1),
      merged: outputRows
        .filter(({ rows }) => rows.length > 1)
        .map(({ rows, kept }) => {
          const g = groups[groupOf[kept] as number] as {
            rule: 'account_id' | 'domain' | 'name+country';
            key: string;
          };
          return {
            kept: values.account_id[kept] as string,
            merged: others({ rows, kept }).map((r) => values.account_id[r] as string),
            rule: g.rule,
            key: g.key,
          };
        }),
    },
  };
  return { frame, report, warnings, idMap };
}
