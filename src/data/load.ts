/**
 * Loads CSV, Parquet and Excel (.xlsx) files into a typed {@link Frame}.
 *
 * CSV and Parquet go through embedded DuckDB and are streamed chunk by chunk straight into
 * `Float64Array` / string columns (no row objects: see docs/design.md §3 for the measurements).
 * Excel goes through exceljs. Problems are reported as {@link DataError}s naming the file and line.
 */
import { parseNumberText } from './number-text.ts';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { DuckDBConnection, DuckDBMaterializedResult } from '@duckdb/node-api';
import { DataError, warning, type Warning } from '../core/errors.ts';
import { recordBytes } from './csv-record.ts';
import { sniffHeader, type CsvHeader } from './csv-dialect.ts';
import { copyDoubles, StringColumnDecoder } from './duckdb-chunks.ts';
import { sqlIdentifier, sqlString, withDuckDB } from './duckdb.ts';
import { Frame, type Column } from './frame.ts';
import { prepareText, type PreparedText } from './text-encoding.ts';

/** Options of {@link loadTable}. */
export interface LoadOptions {
  /**
   * Read every column as text, with no type detection. Default `false`.
   * Cleansing uses `true`, so that values like "1,200" or "00123" reach the normalizers untouched.
   */
  allText?: boolean;
  /** Columns always read as text even if they look numeric (ids with leading zeros, codes). Default none. */
  textColumns?: readonly string[];
  /** Worksheet of an .xlsx file to read: its name or 1-based position. Default: the first visible one. */
  sheet?: string | number;
}

/**
 * The load option of a study input's `sheet` (a worksheet name, its 1-based position, or null for the first
 * visible one).
 *
 * @example
 * loadTable(file, { allText: true, ...sheetOption(mapping.sheet) });
 */
export function sheetOption(sheet: string | number | null | undefined): { sheet?: string | number } {
  return sheet === null || sheet === undefined ? {} : { sheet };
}

/** What {@link loadTable} returns. */
export interface LoadResult {
  /** The loaded data. */
  frame: Frame;
  /** The format the file was read as. */
  format: 'csv' | 'parquet' | 'xlsx';
  /** Non-fatal issues (e.g. the file was not UTF-8 and was read as Windows-1252). */
  warnings: Warning[];
}

/** Inputs up to this size (bytes on disk) are materialized by DuckDB before decoding; larger ones are streamed. */
const MATERIALIZE_LIMIT = 1 << 30;

const NUMERIC_TYPE =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;

/**
 * Loads a table file into a {@link Frame}: `.csv`/`.tsv`/`.txt` (optionally `.gz`), `.parquet`, `.xlsx`.
 * Numeric columns become `Float64Array` (missing = NaN); everything else becomes text (missing = null).
 *
 * @example
 * const { frame, warnings } = await loadTable('data/sample/2026-05/market.csv');
 * frame.numbers('employees'); // Float64Array [...]
 */
export async function loadTable(path: string, options: LoadOptions = {}): Promise<LoadResult> {
  await assertReadableFile(path);
  const format = formatOf(path);
  if (format === 'xlsx') {
    const { readWorkbook, sheetNote } = await import('./xlsx.ts'); // exceljs loads only for workbooks
    const read = await readWorkbook(path, options);
    const note = sheetNote(read);
    return {
      frame: read.frame,
      format,
      warnings: note === null ? [] : [warning('xlsx-sheet', `${path}: ${note}`)],
    };
  }
  return withDuckDB(async (connection) => {
    if (format === 'parquet') {
      const frame = await streamQuery(connection, `read_parquet(${sqlString(path)})`, options, path);
      return { frame, format, warnings: [] };
    }
    return loadCsv(connection, path, options);
  });
}

function formatOf(path: string): LoadResult['format'] {
  const lower = path.toLowerCase();
  const ext = extname(lower.endsWith('.gz') ? lower.slice(0, -3) : lower);
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.xls') {
    throw new DataError('legacy Excel .xls files are not supported; save the sheet as .xlsx or CSV', {
      file: path,
    });
  }
  return 'csv';
}

async function assertReadableFile(path: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new DataError('file not found', { file: path });
  }
  if (info.isDirectory())
    throw new DataError('is a folder, expected a CSV, Parquet or .xlsx file', { file: path });
  if (info.size === 0) throw new DataError('file is empty; expected a header row and data', { file: path });
}

/** Thrown inside {@link readCsv} when the bytes are not UTF-8: the file is then decoded as Windows-1252. */
class NotUtf8 extends Error {}

async function loadCsv(
  connection: DuckDBConnection,
  path: string,
  options: LoadOptions,
): Promise<LoadResult> {
  const { value: frame, warnings } = await readCsvWith(connection, path, options, (source, settings) =>
    streamQuery(connection, source, options, settings.readPath).then((read) =>
      !settings.autoDetect && !options.allText ? inferNumericColumns(read, settings.textColumns) : read,
    ),
  );
  return { frame, format: 'csv', warnings };
}

/** How {@link readCsvWith} asks for the CSV to be read this attempt. */
interface CsvAttempt {
  autoDetect: boolean;
  textColumns: ReadonlySet<string>;
  /** The file DuckDB reads (a UTF-8 copy of a UTF-16 or Windows-1252 file). */
  readPath: string;
}

/**
 * Reads a CSV file through `read` (given DuckDB's `read_csv(…)` source): decoded as UTF-8, else Windows-1252, its
 * header checked, and DuckDB's errors turned into one-line {@link DataError}s naming the file and line.
 */
async function readCsvWith<T>(
  connection: DuckDBConnection,
  path: string,
  options: LoadOptions,
  read: (source: string, attempt: CsvAttempt) => Promise<T>,
): Promise<{ value: T; warnings: Warning[] }> {
  let text = await prepareText(path);
  try {
    return await readCsv(path, text, options, read);
  } catch (error) {
    if (!(error instanceof NotUtf8)) throw error;
    await text.cleanup();
    text = await prepareText(path, { decodeLegacy: true });
    return await readCsv(path, text, options, read);
  } finally {
    await text.cleanup();
  }
}

async function readCsv<T>(
  path: string,
  text: PreparedText,
  options: LoadOptions,
  read: (source: string, attempt: CsvAttempt) => Promise<T>,
): Promise<{ value: T; warnings: Warning[] }> {
  const header = await sniffHeader(text.path);
  if (header.empty) throw new DataError('file is empty; expected a header row and data', { file: path });
  assertUniqueHeader(header, path);
  const warnings: Warning[] = [...text.warnings];
  const textColumns = new Set(options.textColumns ?? []);
  let autoDetect = !options.allText;
  for (let attempt = 0; attempt <= header.columns.length + 2; attempt++) {
    const source = csvSource(text.path, header, { autoDetect, textColumns });
    try {
      return { value: await read(source, { autoDetect, textColumns, readPath: text.path }), warnings };
    } catch (error) {
      if (error instanceof DataError) throw error;
      const message = (error instanceof Error ? error.message : String(error)).replaceAll(text.path, path);
      if (/Invalid unicode|not utf-8 encoded/i.test(message) && !text.legacy) throw new NotUtf8();
      const converting = /Error when converting column "((?:[^"]|"")+)"/.exec(message);
      if (converting?.[1] !== undefined && !textColumns.has(converting[1])) {
        textColumns.add(converting[1]); // a late non-numeric value: keep the column as text
        continue;
      }
      if (autoDetect && /automatically detect the CSV parsing dialect/.test(message)) {
        autoDetect = false; // read as text with our header; DuckDB then names the offending line
        continue;
      }
      throw await tooLargeOr(csvError(message, path), text.path);
    }
  }
  throw new DataError('could not read the file as CSV', { file: path });
}

/** What {@link loadTextTable} returns. */
export interface TextTable {
  /** The file's columns, in order (the table has them all as VARCHAR). */
  columns: string[];
  rows: number;
  format: 'csv' | 'parquet' | 'xlsx';
  warnings: Warning[];
}

/**
 * A worksheet into a DuckDB table of text columns, read by the in-memory reader (a worksheet holds at most
 * 1,048,576 rows, so it fits in memory) and appended row by row.
 */
async function loadWorkbookTable(
  connection: DuckDBConnection,
  path: string,
  table: string,
  options: { sheet?: string | number },
): Promise<TextTable> {
  const { readWorkbook, sheetNote } = await import('./xlsx.ts'); // exceljs loads only for workbooks
  const read = await readWorkbook(path, { ...options, allText: true });
  const columns = read.frame.columnNames;
  const list = columns.map((c) => `${sqlIdentifier(c)} VARCHAR`).join(', ');
  await connection.run(`CREATE TABLE ${sqlIdentifier(table)} (${list})`);
  const appender = await connection.createAppender(table);
  const values = columns.map((c) => read.frame.strings(c));
  for (let i = 0; i < read.frame.numRows; i++) {
    for (const column of values) {
      const v = column[i];
      if (v === null || v === undefined) appender.appendNull();
      else appender.appendVarchar(v);
    }
    appender.endRow();
  }
  appender.closeSync();
  const note = sheetNote(read);
  const warnings = note === null ? [] : [warning('xlsx-sheet', `${path}: ${note}`)];
  return { columns, rows: read.frame.numRows, format: 'xlsx', warnings };
}

/**
 * Loads a CSV or Parquet file into a DuckDB table with every column as text, exactly as `loadTable(path,
 * { allText: true })` reads it (the same decoding, dialect, header checks and errors), for inputs larger than
 * memory: row `rowid` of the table is data row `rowid + 1` of the file.
 *
 * @example
 * await loadTextTable(connection, 'accounts.csv', 'raw_accounts'); // { columns: ['Id', 'Account Name', …], rows: 20734, … }
 */
export async function loadTextTable(
  connection: DuckDBConnection,
  path: string,
  table: string,
  options: { sheet?: string | number } = {},
): Promise<TextTable> {
  await assertReadableFile(path);
  const format = formatOf(path);
  if (format === 'xlsx') return loadWorkbookTable(connection, path, table, options);
  const create = async (source: string): Promise<string[]> => {
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    const columns = described.getRows().map((r) => String(r[0]));
    const list = columns.map((c) => `CAST(${sqlIdentifier(c)} AS VARCHAR) AS ${sqlIdentifier(c)}`);
    await connection.run(`CREATE TABLE ${sqlIdentifier(table)} AS SELECT ${list.join(', ')} FROM ${source}`);
    return columns;
  };
  const { value: columns, warnings } =
    format === 'parquet'
      ? { value: await create(`read_parquet(${sqlString(path)})`), warnings: [] }
      : await readCsvWith(connection, path, { allText: true }, (source) => create(source));
  const [[rows]] = (
    await connection.runAndReadAll(`SELECT COUNT(*) FROM ${sqlIdentifier(table)}`)
  ).getRows() as [[bigint]];
  return { columns, rows: Number(rows), format, warnings };
}

function assertUniqueHeader(header: CsvHeader, path: string): void {
  const seen = new Map<string, number>();
  header.columns.forEach((name, index) => {
    if (name === '')
      throw new DataError(
        `column ${index + 1} of the header has no name; name it, or delete the column if it holds nothing`,
        { file: path, line: 1 },
      );
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      throw new DataError(
        `the header names "${name}" twice (columns ${first + 1} and ${index + 1}); rename one of them`,
        { file: path, line: 1, column: name },
      );
    }
    seen.set(key, index);
  });
}

function csvSource(
  path: string,
  header: CsvHeader,
  settings: { autoDetect: boolean; textColumns: ReadonlySet<string> },
): string {
  const args = [
    sqlString(path),
    `delim=${sqlString(header.delimiter)}`,
    'header=true',
    'strict_mode=true',
    `quote='"'`,
    `escape='"'`,
  ];
  if (settings.autoDetect) {
    if (settings.textColumns.size > 0) {
      const types = [...settings.textColumns].map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ');
      args.push(`types={${types}}`);
    }
  } else {
    const columns = header.columns.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ');
    args.push('auto_detect=false', `columns={${columns}}`);
  }
  return `read_csv(${args.join(', ')})`;
}

/** DuckDB reports a field longer than its buffer as an unterminated quote: when the quote does close, say so. */
async function tooLargeOr(error: DataError, readPath: string): Promise<DataError> {
  const line = error.location.line;
  if (!error.detail.startsWith('a quoted value is never closed') || line === undefined) return error;
  const bytes = await recordBytes(readPath, line);
  if (bytes === null) return error;
  return new DataError(
    `a field too large to read: the row is ${bytes.toLocaleString('en-US')} bytes long, over the limit of 2,000,000 bytes per row; shorten the long text field, or leave that column out of the export`,
    error.location,
  );
}

function csvError(message: string, path: string): DataError {
  const lineMatch = /CSV Error on Line: (\d+)/.exec(message);
  const line = lineMatch ? Number(lineMatch[1]) : undefined;
  const columns = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  if (columns) {
    return new DataError(
      `the row has ${columns[2]} field${columns[2] === '1' ? '' : 's'} but the header has ${columns[1]}; check the delimiter and quoting`,
      { file: path, line },
    );
  }
  const tooLong = /Maximum line size of (\d+) bytes exceeded\. Actual Size:\s*(\d+)/.exec(message);
  if (tooLong) {
    const bytes = (v: string | undefined) => Number(v).toLocaleString('en-US');
    return new DataError(
      `a row is ${bytes(tooLong[2])} bytes long, over the limit of ${bytes(tooLong[1])} bytes per row; look for a quote that is never closed, or shorten the long text field`,
      { file: path, line },
    );
  }
  if (/unterminated quote/i.test(message)) {
    return new DataError('a quoted value is never closed; check the quoting', { file: path, line });
  }
  const first = message
    .split('\n')
    .map((s) => s.trim())
    .find(
      (s) =>
        s !== '' &&
        !/^(Invalid Input|Conversion|IO) Error: CSV Error on Line/.test(s) &&
        !s.startsWith('Original Line:'),
    );
  const full = (first ?? message.split('\n')[0] ?? '').replace(/^[A-Za-z ]+ Error: /, '');
  const detail = full.length > 200 ? `${full.slice(0, 200)}…` : full;
  return new DataError(`cannot read as CSV: ${detail}`, { file: path, line });
}

/**
 * The rows of a DuckDB table, view or subquery (`source`, as it would follow FROM) as a frame, streamed chunk by
 * chunk into typed columns: numeric columns as doubles, the rest (and `textColumns`) as text.
 *
 * @example
 * await queryFrame(connection, '(SELECT * FROM accounts WHERE is_customer = 1) AS customers');
 */
export async function queryFrame(
  connection: DuckDBConnection,
  source: string,
  options: { textColumns?: string[] } = {},
): Promise<Frame> {
  return streamQuery(connection, source, options, 'DuckDB query', false);
}

async function streamQuery(
  connection: DuckDBConnection,
  source: string,
  options: LoadOptions,
  path: string,
  materialize?: boolean,
): Promise<Frame> {
  materialize ??= (await stat(path)).size <= MATERIALIZE_LIMIT;
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
  const schema = described.getRows().map((r) => ({ name: String(r[0]), type: String(r[1]) }));
  const textColumns = new Set(options.textColumns ?? []);
  const numeric = schema.map(
    (c) => !options.allText && !textColumns.has(c.name) && NUMERIC_TYPE.test(c.type),
  );
  // Text columns are selected twice: the value and its 64-bit hash (see StringColumnDecoder).
  const selectList = schema
    .map((c, j) => {
      const id = sqlIdentifier(c.name);
      return numeric[j] ? `CAST(${id} AS DOUBLE)` : `CAST(${id} AS VARCHAR), hash(CAST(${id} AS VARCHAR))`;
    })
    .join(', ');
  const position: number[] = [];
  let next = 0;
  for (const isNumeric of numeric) {
    position.push(next);
    next += isNumeric ? 1 : 2;
  }
  // Files up to MATERIALIZE_LIMIT are executed in one go (DuckDB parses on every core), larger ones are
  // streamed to bound memory. Either way the next chunk is requested before the current one is decoded,
  // so DuckDB and the decoding run at the same time.
  const sql = `SELECT ${selectList} FROM ${source}`;
  const result = materialize ? await connection.run(sql) : await connection.stream(sql);

  // A materialized result knows its size: allocate the columns once. A stream grows them by doubling.
  let capacity = materialize ? Math.max(1, (result as DuckDBMaterializedResult).rowCount) : 4096;
  let numbers: (Float64Array | null)[] = numeric.map((isNum) => (isNum ? new Float64Array(capacity) : null));
  const strings: ((string | null)[] | null)[] = numeric.map((isNum) => (isNum ? null : []));
  const decoders = numeric.map((isNum) => (isNum ? null : new StringColumnDecoder()));
  let n = 0;
  let pending = result.fetchChunk();
  for (;;) {
    const chunk = await pending;
    if (!chunk || chunk.rowCount === 0) break;
    pending = result.fetchChunk();
    const rows = chunk.rowCount;
    if (n + rows > capacity) {
      while (n + rows > capacity) capacity *= 2;
      numbers = numbers.map((old) => {
        if (!old) return null;
        const grown = new Float64Array(capacity);
        grown.set(old.subarray(0, n));
        return grown;
      });
    }
    for (let j = 0; j < schema.length; j++) {
      const at = position[j] as number;
      const target = numbers[j];
      if (target) copyDoubles(chunk, at, target, n);
      else (decoders[j] as StringColumnDecoder).append(chunk, at, at + 1, strings[j] as (string | null)[]);
    }
    n += rows;
  }
  const columns = new Map<string, Column>();
  schema.forEach((c, j) => {
    const nums = numbers[j];
    if (nums) columns.set(c.name, { kind: 'number', values: capacity === n ? nums : nums.slice(0, n) });
    else columns.set(c.name, { kind: 'string', values: Object.freeze(strings[j] as (string | null)[]) });
  });
  if (columns.size === 0) throw new DataError('no columns found', { file: path });
  return Frame.fromTypedColumns(columns, n);
}

/**
 * Turns text columns whose every present value is a plain number into numeric columns
 * (used when a file had to be read as text). Columns in `keepText` stay text.
 *
 * @example
 * inferNumericColumns(Frame.fromColumns({ a: ['1', null, '2.5'] })).numbers('a'); // Float64Array [1, NaN, 2.5]
 */
export function inferNumericColumns(frame: Frame, keepText: ReadonlySet<string> = new Set()): Frame {
  let out = frame;
  for (const name of frame.columnNames) {
    const column = frame.column(name);
    if (column.kind !== 'string' || keepText.has(name)) continue;
    const values = new Float64Array(column.values.length);
    let numeric = true;
    let present = 0;
    for (let i = 0; i < column.values.length && numeric; i++) {
      const s = column.values[i] ?? null;
      if (s === null || s.trim() === '') {
        values[i] = Number.NaN;
        continue;
      }
      const v = parseNumberText(s);
      if (Number.isNaN(v)) numeric = false;
      values[i] = v;
      present++;
    }
    if (numeric && present > 0) out = out.withColumn(name, values);
  }
  return out;
}
