/**
 * `cleanseAccounts` for account files larger than memory: the same header mapping, values, duplicate merge and
 * data-quality report, with the rows in DuckDB. Only what repeats little comes into JavaScript:
 *
 * 1. each column's **distinct** raw values, streamed through the in-memory normalizers (`normalizeCell`, the id,
 *    name and region rules) and joined back as mapping tables — the same code, so the same values by construction;
 *    the quality figures count each distinct value once with its number of rows, in the order of its first row;
 * 2. the **duplicate candidates** — rows sharing an id, a domain, or a name and country with another row, found by
 *    SQL counts — whose raw and normalized rows are merged by the in-memory `mergeDuplicates`. A row sharing no key
 *    is its own account in the in-memory rules too, so the merge of the candidates is the merge of the file.
 *
 * The result is table `output` (one row per account, columns as `cleanseAccounts`'s frame, in its order) and table
 * `ids` (every input id → the id of the account it ended in).
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { DataError, type Warning } from '../core/errors.ts';
import {
  accountIdValue,
  accountNameValue,
  ambiguousDuplicatesWarning,
  CREATED_DATE_HEADERS,
  duplicatesReport,
  emptyQuality,
  generatedId,
  generatedIdsWarning,
  idMapOf,
  mergeDuplicates,
  NORMALIZED_COLUMNS,
  normalizeCell,
  numberConventionOf,
  passthroughName,
  qualityRecorder,
  recordRegion,
  unitScales,
  unmappedWarnings,
  type Canonical,
  type CleanseOptions,
} from '../cleanse/cleanse.ts';
import { CANONICAL_COLUMNS, mapHeaders, type CanonicalColumn } from '../cleanse/headers.ts';
import { nameKey } from '../cleanse/name.ts';
import { detectNumberConvention, type NumberConvention } from '../cleanse/numbers.ts';
import type { ColumnQuality, QualityReport } from '../cleanse/quality.ts';
import type { FxRates } from '../cleanse/currency.ts';
import { visibleText } from '../cleanse/fold-text.ts';
import { detectDateOrder, parseDates } from '../data/dates.ts';
import { JAVASCRIPT_WORK_MEMORY_LIMIT, sqlIdentifier, sqlString, withMemoryLimit } from '../data/duckdb.ts';
import { Frame } from '../data/frame.ts';
import { queryFrame } from '../data/load.ts';
import { findHeader } from '../data/schema.ts';
import { createRowsTable, forEachRow, type RowsValue } from './table-rows.ts';
import { minOf } from '../core/extent.ts';

/** The raw accounts: a table of text columns whose `rowid` is the data row − 1 (see `loadTextTable`). */
export interface RawTable {
  table: string;
  columns: readonly string[];
  rows: number;
}

/** The raw table and the schema holding the cleanse's working tables (dropped at the end). */
type Work = RawTable & { schema: string };

/** What {@link cleanseAccountsTable} returns besides its tables. */
export interface TableCleanse {
  report: QualityReport;
  warnings: Warning[];
}

type Value = string | number | null;
const USD: FxRates = { currency: 'USD', rates: {} };
/** Whitespace as JavaScript's `trim` strips it (RE2 syntax): a passed-through value of only these is blank. */
const BLANK = String.raw`^[\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]*$`;

const id = sqlIdentifier;
const asText = (v: DuckDBValue | undefined): string | null =>
  v === null || v === undefined ? null : String(v);

/** The file's number convention from the distinct employee and revenue texts, each counted once per row. */
async function numberConvention(
  connection: DuckDBConnection,
  raw: Work,
  headers: readonly string[],
  warnings: Warning[],
): Promise<NumberConvention> {
  const evidence = { european: 0, us: 0 };
  if (headers.length === 0) return numberConventionOf(evidence, warnings);
  const union = headers.map((h) => `SELECT ${id(h)} AS v FROM ${id(raw.table)}`).join(' UNION ALL ');
  await forEachRow(
    connection,
    `SELECT v, COUNT(*) FROM (${union}) WHERE v IS NOT NULL GROUP BY v`,
    ([v, n]) => {
      const one = detectNumberConvention([String(v)]);
      evidence.european += one.european * Number(n);
      evidence.us += one.us * Number(n);
    },
  );
  return numberConventionOf(evidence, warnings);
}

/**
 * Table `map_<column>` (raw, value) of every distinct raw value of `header`, normalized by `normalize`, each counted
 * in the quality figures with its rows in the order of its first row.
 */
async function mapDistinct(
  connection: DuckDBConnection,
  raw: Work,
  header: string,
  map: { table: string; valueType: 'VARCHAR' | 'DOUBLE'; extra?: string },
  normalize: (text: string | null) => {
    value: Value;
    extra?: Value;
    record: (row: number, times: number) => void;
  },
): Promise<void> {
  const rows = await createRowsTable(connection, { schema: raw.schema, table: map.table }, [
    { name: 'raw', type: 'VARCHAR' },
    { name: 'value', type: map.valueType },
    ...(map.extra === undefined ? [] : [{ name: map.extra, type: 'VARCHAR' as const }]),
  ]);
  try {
    await forEachRow(
      connection,
      `SELECT ${id(header)}, COUNT(*), MIN(rowid) AS first FROM ${id(raw.table)} GROUP BY 1 ORDER BY first`,
      ([v, n, first]) => {
        const text = asText(v);
        const result = normalize(text);
        result.record(Number(first), Number(n));
        if (text !== null)
          rows.append([text, result.value as RowsValue, (result.extra ?? null) as RowsValue]);
      },
    );
  } finally {
    rows.close();
  }
}

/** The mapping tables of the columns normalized value by value, and of ids and names. */
async function mapColumns(
  connection: DuckDBConnection,
  raw: Work,
  source: Partial<Record<CanonicalColumn, string>>,
  context: {
    convention: NumberConvention;
    fx: FxRates;
    scales: Partial<Record<'employees' | 'annual_revenue', number>>;
    quality: Record<CanonicalColumn, ColumnQuality>;
    count: ReturnType<typeof qualityRecorder>;
  },
): Promise<void> {
  const { convention, fx, scales, quality, count } = context;
  for (const column of NORMALIZED_COLUMNS) {
    const header = source[column];
    if (header === undefined) {
      quality[column].missing += raw.rows;
      continue;
    }
    const numeric = column === 'employees' || column === 'annual_revenue';
    await mapDistinct(
      connection,
      raw,
      header,
      { table: `map_${column}`, valueType: numeric ? 'DOUBLE' : 'VARCHAR' },
      (text) => {
        const result = normalizeCell(column, text, convention, fx, scales[column as 'employees'] ?? 1);
        return {
          value: result.status === 'ok' ? result.value : null,
          record: (row, times) => count(column, row, text, result, times),
        };
      },
    );
  }
  if (source.account_id !== undefined)
    await mapDistinct(
      connection,
      raw,
      source.account_id,
      { table: 'map_account_id', valueType: 'VARCHAR', extra: 'given' },
      (text) => {
        const result = accountIdValue(text);
        return {
          value: result.status === 'ok' ? result.value : null,
          extra: visibleText(text ?? ''),
          record: (row, times) => count('account_id', row, text, result, times),
        };
      },
    );
  if (source.name !== undefined)
    await mapDistinct(
      connection,
      raw,
      source.name,
      { table: 'map_name', valueType: 'VARCHAR', extra: 'name_key' },
      (text) => {
        const result = accountNameValue(text);
        const value = result.status === 'ok' ? result.value : null;
        return {
          value,
          extra: nameKey(value),
          record: (row, times) => count('name', row, text, result, times),
        };
      },
    );
  else quality.name.missing += raw.rows;
}

/**
 * The ids of rows without one ("row-N"), as `generatedId` gives them: in SQL unless the file's own ids include a
 * "row-…" (then those rows are named one by one, around the taken ids).
 */
async function generatedIds(
  connection: DuckDBConnection,
  raw: Work,
  idHeader: string | undefined,
): Promise<number> {
  const missing =
    idHeader !== undefined
      ? `SELECT r.rowid AS row FROM ${id(raw.table)} AS r LEFT JOIN ${id(raw.schema)}.map_account_id AS m ON r.${id(idHeader)} = m.raw WHERE m.value IS NULL`
      : `SELECT rowid AS row FROM ${id(raw.table)}`;
  const taken = new Set<string>();
  if (idHeader !== undefined)
    await forEachRow(
      connection,
      `SELECT given FROM ${id(raw.schema)}.map_account_id WHERE given LIKE 'row-%'`,
      ([g]) => taken.add(String(g)),
    );
  if (taken.size === 0) {
    await connection.run(
      `CREATE TABLE ${id(raw.schema)}.generated_ids AS SELECT row, 'row-' || CAST(row + 1 AS VARCHAR) AS account_id FROM (${missing})`,
    );
  } else {
    const rows = await createRowsTable(connection, { schema: raw.schema, table: 'generated_ids' }, [
      { name: 'row', type: 'BIGINT' },
      { name: 'account_id', type: 'VARCHAR' },
    ]);
    try {
      await forEachRow(connection, `${missing} ORDER BY row`, ([row]) =>
        rows.append([Number(row), generatedId(Number(row), taken)]),
      );
    } finally {
      rows.close();
    }
  }
  const [[n]] = (
    await connection.runAndReadAll(`SELECT COUNT(*) FROM ${id(raw.schema)}.generated_ids`)
  ).getRows() as [[bigint]];
  return Number(n);
}

/**
 * Table `canon`: every row's canonical values (and name key) from the mapping tables, in row order — joined one
 * mapping table at a time, so each join is one hash table DuckDB can spill (seven at once ran out of memory at 1M
 * rows under a 100 MB limit).
 */
async function canonicalTable(
  connection: DuckDBConnection,
  raw: Work,
  source: Partial<Record<CanonicalColumn, string>>,
): Promise<void> {
  const table = (k: number) => `${id(raw.schema)}.${id(`canon_${k}`)}`;
  const joined: [string, string, string | undefined][] = []; // column, its raw header, an extra mapped column
  if (source.account_id !== undefined) joined.push(['account_id', source.account_id, undefined]);
  if (source.name !== undefined) joined.push(['name', source.name, 'name_key']);
  for (const column of NORMALIZED_COLUMNS) {
    const header = source[column];
    if (header !== undefined) joined.push([column, header, undefined]);
  }
  const rawColumns = joined.map(([column, header]) => `${id(header)} AS ${id(`raw_${column}`)}`);
  const region = source.region === undefined ? 'NULL::VARCHAR' : id(source.region);
  await connection.run(
    `CREATE TABLE ${table(0)} AS SELECT rowid AS __row, ${[...rawColumns, `${region} AS region_raw`].join(', ')} FROM ${id(raw.table)}`,
  );
  let k = 0;
  for (const [column, , extra] of joined) {
    const map = `${id(raw.schema)}.${id(`map_${column}`)}`;
    const values = `m.value AS ${id(column)}${extra === undefined ? '' : `, m.${id(extra)} AS ${id(extra)}`}`;
    await connection.run(
      `CREATE TABLE ${table(k + 1)} AS SELECT c.* EXCLUDE (${id(`raw_${column}`)}), ${values} FROM ${table(k)} AS c LEFT JOIN ${map} AS m ON c.${id(`raw_${column}`)} = m.raw; DROP TABLE ${table(k)}`,
    );
    k++;
  }
  const has = new Set(joined.map(([column]) => column));
  const nothing = (column: string) =>
    `NULL::${column === 'employees' || column === 'annual_revenue' ? 'DOUBLE' : 'VARCHAR'} AS ${id(column)}`;
  const value = (column: string) => (has.has(column) ? `c.${id(column)}` : nothing(column));
  const select = [
    'c.__row',
    `COALESCE(${has.has('account_id') ? 'c.account_id' : 'NULL'}, g.account_id) AS account_id`,
    value('name'),
    has.has('name') ? 'c.name_key' : 'NULL::VARCHAR AS name_key',
    ...NORMALIZED_COLUMNS.map(value),
    'c.region_raw',
  ];
  await connection.run(
    `CREATE TABLE ${id(raw.schema)}.canon AS SELECT ${select.join(', ')} FROM ${table(k)} AS c LEFT JOIN ${id(raw.schema)}.generated_ids AS g ON g.row = c.__row ORDER BY c.__row; DROP TABLE ${table(k)}`,
  );
}

/** Adds the region of every row to `canon` (`recordRegion` per distinct country and raw region). */
async function addRegions(
  connection: DuckDBConnection,
  raw: Work,
  context: {
    quality: Record<CanonicalColumn, ColumnQuality>;
    count: ReturnType<typeof qualityRecorder>;
    hasRegionColumn: boolean;
  },
): Promise<void> {
  const rows = await createRowsTable(connection, { schema: raw.schema, table: 'map_region' }, [
    { name: 'country', type: 'VARCHAR' },
    { name: 'raw', type: 'VARCHAR' },
    { name: 'value', type: 'VARCHAR' },
  ]);
  try {
    await forEachRow(
      connection,
      `SELECT country, region_raw, COUNT(*), MIN(__row) AS first FROM ${id(raw.schema)}.canon GROUP BY 1, 2 ORDER BY first`,
      ([country, rawRegion, n, first]) => {
        const cell = { row: Number(first), country: asText(country), rawRegion: asText(rawRegion) };
        const region = recordRegion(
          context.quality,
          context.count,
          { ...cell, hasRegionColumn: context.hasRegionColumn },
          Number(n),
        );
        rows.append([cell.country, cell.rawRegion, region]);
      },
    );
  } finally {
    rows.close();
  }
  await connection.run(
    `CREATE TABLE ${id(raw.schema)}.canon_region AS SELECT c.* EXCLUDE (region_raw), m.value AS region FROM ${id(raw.schema)}.canon AS c LEFT JOIN ${id(raw.schema)}.map_region AS m ON c.country IS NOT DISTINCT FROM m.country AND c.region_raw IS NOT DISTINCT FROM m.raw ORDER BY c.__row; DROP TABLE ${id(raw.schema)}.canon; ALTER TABLE ${id(raw.schema)}.canon_region RENAME TO canon`,
  );
}

/** Table `candidates`: the rows sharing a key with another row under the rules in force (and cleansed inputs). */
async function duplicateCandidates(
  connection: DuckDBConnection,
  raw: Work,
  context: { hasIds: boolean; options: CleanseOptions },
): Promise<number[]> {
  const { hasIds, options } = context;
  const rules = { domain: true, nameCountry: true, ...options.dedupe };
  const shared = (keys: string, where: string) =>
    `(${keys}) IN (SELECT ${keys} FROM ${id(raw.schema)}.canon WHERE ${where} GROUP BY ${keys} HAVING COUNT(*) > 1)`;
  const tests = [
    hasIds ? shared('account_id', 'account_id IS NOT NULL') : '',
    rules.domain ? shared('domain', 'domain IS NOT NULL') : '',
    rules.nameCountry ? shared('name_key, country', 'name_key IS NOT NULL AND country IS NOT NULL') : '',
    raw.columns.includes('merged_ids')
      ? `__row IN (SELECT rowid FROM ${id(raw.table)} WHERE NOT regexp_matches(COALESCE(merged_ids, ''), ${sqlString(BLANK)}))`
      : '',
  ].filter(Boolean);
  await connection.run(
    `CREATE TABLE ${id(raw.schema)}.candidates AS SELECT __row FROM ${id(raw.schema)}.canon WHERE ${tests.length === 0 ? 'false' : tests.join(' OR ')} ORDER BY __row`,
  );
  const rows: number[] = [];
  await forEachRow(connection, `SELECT __row FROM ${id(raw.schema)}.candidates ORDER BY __row`, ([r]) =>
    rows.push(Number(r)),
  );
  return rows;
}

/** The created-date order settled by the whole column (its distinct values), or the errors `parseDates` gives. */
async function creationOrder(
  connection: DuckDBConnection,
  raw: Work,
  options: CleanseOptions,
): Promise<CleanseOptions['dateOrder']> {
  const columns = Frame.fromColumns(Object.fromEntries(raw.columns.map((c) => [c, [] as string[]])));
  const column = options.createdDate ?? findHeader(columns, CREATED_DATE_HEADERS);
  const order = options.dateOrder ?? 'auto';
  if (column === null || order !== 'auto') return order;
  if (!raw.columns.includes(column))
    throw new DataError(`createdDate names column "${column}", which the file does not have`, {
      ...(options.file === undefined ? {} : { file: options.file }),
    });
  const values: (string | null)[] = [];
  const rows: number[] = [];
  await forEachRow(
    connection,
    `SELECT ${id(column)}, MIN(rowid) AS first FROM ${id(raw.table)} GROUP BY 1 ORDER BY first`,
    ([v, first]) => {
      values.push(asText(v));
      rows.push(Number(first) + 1);
    },
  );
  const where = { file: options.file ?? 'accounts', column, option: 'mapping.accounts.dateOrder' };
  const settled = detectDateOrder(values, where, rows);
  if (settled === null) parseDates(values, 'auto', where); // numeric dates nothing settles: the same error
  return settled ?? 'auto';
}

/** The raw and canonical rows of the candidates, as `mergeDuplicates` reads them. */
async function candidateRows(
  connection: DuckDBConnection,
  raw: Work,
): Promise<{ raw: Frame; canonical: Canonical }> {
  const inCandidates = `rowid IN (SELECT __row FROM ${id(raw.schema)}.candidates)`;
  const rawRows = await queryFrame(
    connection,
    `(SELECT ${raw.columns.map(id).join(', ')} FROM ${id(raw.table)} WHERE ${inCandidates} ORDER BY rowid) AS r`,
    { textColumns: [...raw.columns] },
  );
  const canon = await queryFrame(
    connection,
    `(SELECT ${CANONICAL_COLUMNS.map(id).join(', ')} FROM ${id(raw.schema)}.canon WHERE __row IN (SELECT __row FROM ${id(raw.schema)}.candidates) ORDER BY __row) AS c`,
    { textColumns: CANONICAL_COLUMNS.filter((c) => c !== 'employees' && c !== 'annual_revenue') },
  );
  const values = Object.fromEntries(
    CANONICAL_COLUMNS.map((c) => {
      const column = canon.column(c);
      const list: Value[] =
        column.kind === 'number'
          ? Array.from(column.values as Float64Array, (v) => (Number.isNaN(v) ? null : v))
          : [...(column.values as (string | null)[])];
      return [c, list];
    }),
  ) as Canonical['values'];
  return { raw: rawRows, canonical: { values, quality: {} as Canonical['quality'], warnings: [] } };
}

/** The output column of each passed-through header (a header named like a canonical column gets `_raw`). */
function passthroughNames(passthrough: readonly string[]): [string, string][] {
  return passthrough.filter((h) => h !== 'merged_ids').map((h) => [h, passthroughName(h)]);
}

/** Writes the merged accounts of the candidates to table `merged_rows` (with `__pos`, the row of their first record). */
async function writeMergedRows(
  connection: DuckDBConnection,
  raw: Work,
  merge: ReturnType<typeof mergeDuplicates>,
  rowsOf: readonly number[],
): Promise<void> {
  const names = Object.keys(merge.columns);
  const numeric = new Set(['employees', 'annual_revenue']);
  const rows = await createRowsTable(connection, { schema: raw.schema, table: 'merged_rows' }, [
    { name: '__pos', type: 'BIGINT' },
    ...names.map((name) => ({ name, type: numeric.has(name) ? ('DOUBLE' as const) : ('VARCHAR' as const) })),
  ]);
  try {
    merge.outputRows.forEach((o, k) =>
      rows.append([rowsOf[minOf(o.rows)] as number, ...names.map((n) => merge.columns[n]?.[k] ?? null)]),
    );
  } finally {
    rows.close();
  }
}

/**
 * Merges the duplicate candidates in JavaScript by the in-memory rules (`mergeDuplicates`) and writes them to
 * `merged_rows`; returns only what is kept — the input id → account id map, the duplicates report and the
 * ambiguous rows — so the candidates' rows (about 1 KB each: 0.75 GB for 10M accounts' 730,000) are collected
 * before DuckDB's cache grows back (it gives way meanwhile).
 */
async function mergeCandidates(
  connection: DuckDBConnection,
  raw: Work,
  context: { rowsOf: readonly number[]; options: Parameters<typeof mergeDuplicates>[2] },
) {
  const { rowsOf } = context;
  return withMemoryLimit(connection, JAVASCRIPT_WORK_MEMORY_LIMIT, async () => {
    const candidates = await candidateRows(connection, raw);
    const merge = mergeDuplicates(candidates.raw, candidates.canonical, context.options);
    const ambiguousRows = merge.ambiguous.map((r) => rowsOf[r] as number);
    await writeMergedRows(connection, raw, merge, rowsOf);
    // The singles stay as they are: the output has every other row once and each merged account once.
    const rowsOut = raw.rows - rowsOf.length + merge.outputRows.length;
    return {
      ids: idMapOf(candidates.raw, candidates.canonical.values.account_id, merge.outputRows),
      ambiguousRows,
      duplicates: duplicatesReport(merge, {
        rowsIn: raw.rows,
        rowsOut,
        canonical: candidates.canonical,
        ambiguousRows,
      }),
    };
  });
}

/** Tables `output` (the accounts) and `ids` (input id → account id) from the singletons and the merged rows. */
async function outputTables(
  connection: DuckDBConnection,
  raw: Work,
  passthrough: readonly string[],
  tables: { output: string; ids: string },
  mergedIds: Map<string, string>,
): Promise<void> {
  const carried = passthroughNames(passthrough).map(
    ([h, name]) =>
      `CASE WHEN regexp_matches(COALESCE(r.${id(h)}, ''), ${sqlString(BLANK)}) THEN NULL ELSE r.${id(h)} END AS ${id(name)}`,
  );
  // canon has one row per raw row, in the same order: paired by position, without a hash table of the raw rows.
  const singles = `SELECT c.__row AS __pos, ${CANONICAL_COLUMNS.map((c) => `c.${id(c)}`).join(', ')}${carried.length > 0 ? `, ${carried.join(', ')}` : ''}, NULL::VARCHAR AS merged_ids FROM ${id(raw.schema)}.canon AS c POSITIONAL JOIN ${id(raw.table)} AS r WHERE c.__row NOT IN (SELECT __row FROM ${id(raw.schema)}.candidates)`;
  await connection.run(
    `CREATE TABLE ${id(tables.output)} AS SELECT * EXCLUDE (__pos) FROM (${singles} UNION ALL BY NAME SELECT * FROM ${id(raw.schema)}.merged_rows) ORDER BY __pos`,
  );
  const ids = await createRowsTable(connection, { schema: raw.schema, table: 'merged_id_map' }, [
    { name: 'id', type: 'VARCHAR' },
    { name: 'account_id', type: 'VARCHAR' },
  ]);
  try {
    for (const [from, to] of mergedIds) ids.append([from, to]);
  } finally {
    ids.close();
  }
  await connection.run(
    `CREATE TABLE ${id(tables.ids)} AS SELECT account_id AS id, account_id FROM ${id(raw.schema)}.canon WHERE __row NOT IN (SELECT __row FROM ${id(raw.schema)}.candidates) UNION ALL SELECT id, account_id FROM ${id(raw.schema)}.merged_id_map`,
  );
}

/** Each canonical column's number of distinct values in the output. */
async function distinctCounts(
  connection: DuckDBConnection,
  output: string,
  quality: Record<CanonicalColumn, ColumnQuality>,
): Promise<void> {
  const list = CANONICAL_COLUMNS.map((c) => `COUNT(DISTINCT ${id(c)})`).join(', ');
  const [counts] = (await connection.runAndReadAll(`SELECT ${list} FROM ${id(output)}`)).getRows() as [
    bigint[],
  ];
  CANONICAL_COLUMNS.forEach((c, j) => (quality[c].distinct = Number(counts[j])));
}

/**
 * Cleanses the raw accounts of table `raw.table` as `cleanseAccounts` does, into tables `tables.output` (the
 * accounts, in `cleanseAccounts`'s row and column order) and `tables.ids` (input id → account id), and returns the
 * data-quality report and the warnings (the same as `cleanseAccounts`'s).
 *
 * @example
 * const raw = { table: 'raw_accounts', ...(await loadTextTable(connection, 'accounts.csv', 'raw_accounts')) };
 * const { report } = await cleanseAccountsTable(connection, raw, { file: 'accounts.csv' }, { output: 'accounts', ids: 'account_ids' });
 */
export async function cleanseAccountsTable(
  connection: DuckDBConnection,
  input: RawTable,
  options: CleanseOptions,
  tables: { output: string; ids: string },
): Promise<TableCleanse> {
  const { mapping, source, passthrough } = mapHeaders(input.columns, options.file, options.columns);
  const raw: Work = { ...input, schema: `${tables.output}__cleanse` };
  await connection.run(`CREATE SCHEMA ${id(raw.schema)}`);
  try {
    return await cleanseInto(connection, raw, { options, tables, mapping, source, passthrough });
  } finally {
    await connection.run(`DROP SCHEMA ${id(raw.schema)} CASCADE`);
  }
}

async function cleanseInto(
  connection: DuckDBConnection,
  raw: Work,
  context: {
    options: CleanseOptions;
    tables: { output: string; ids: string };
  } & ReturnType<typeof mapHeaders>,
): Promise<TableCleanse> {
  const { options, tables, mapping, source, passthrough } = context;
  const warnings: Warning[] = [];
  const quality = Object.fromEntries(
    CANONICAL_COLUMNS.map((c) => [c, emptyQuality(source[c] ?? null)]),
  ) as Record<CanonicalColumn, ColumnQuality>;
  const count = qualityRecorder(quality);
  const scales = unitScales(source, warnings);
  const numberHeaders = [source.employees, source.annual_revenue].filter((h) => h !== undefined);
  const convention = await numberConvention(connection, raw, numberHeaders, warnings);
  await mapColumns(connection, raw, source, { convention, fx: options.fx ?? USD, scales, quality, count });
  const generated = await generatedIds(connection, raw, source.account_id);
  if (generated > 0) warnings.push(generatedIdsWarning(generated, source.account_id !== undefined));
  await canonicalTable(connection, raw, source);
  await addRegions(connection, raw, { quality, count, hasRegionColumn: source.region !== undefined });
  warnings.push(...unmappedWarnings(passthrough, source));
  const dateOrder = await creationOrder(connection, raw, options);
  const hasIds = source.account_id !== undefined;
  const rowsOf = await duplicateCandidates(connection, raw, { hasIds, options });
  const merged = await mergeCandidates(connection, raw, {
    rowsOf,
    options: { hasIds, passthrough, options: { ...options, dateOrder: dateOrder ?? 'auto' } },
  });
  if (merged.ambiguousRows.length > 0) warnings.push(ambiguousDuplicatesWarning(merged.ambiguousRows));
  await outputTables(connection, raw, passthrough, tables, merged.ids);
  await distinctCounts(connection, tables.output, quality);
  const [[rowsOut]] = (
    await connection.runAndReadAll(`SELECT COUNT(*) FROM ${id(tables.output)}`)
  ).getRows() as [[bigint]];
  const report: QualityReport = {
    file: options.file ?? null,
    rows_in: raw.rows,
    rows_out: Number(rowsOut),
    header_mapping: mapping,
    passthrough_columns: passthrough,
    columns: quality,
    duplicates: merged.duplicates,
  };
  return { report, warnings };
}
