/**
 * Embedded DuckDB: one database per call (in memory, or on disk in a temporary folder), closed when the work is done.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { collectGarbage } from '../core/garbage.ts';

/**
 * Runs `work` with a fresh in-memory DuckDB connection and closes it afterwards.
 *
 * @example
 * const n = await withDuckDB(async (c) => (await c.runAndReadAll('select 42')).getRows()[0]?.[0]); // 42
 */
export async function withDuckDB<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  return withInstance(await DuckDBInstance.create(':memory:'), work);
}

/** Runs `work` on a connection to `instance`, then closes both. */
async function withInstance<T>(
  instance: DuckDBInstance,
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const connection = await instance.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * Runs `work` with DuckDB on disk in a temporary folder, spilling there beyond `memoryLimit`, and removes the
 * folder afterwards: for tables larger than memory.
 *
 * @example
 * await withSpillingDuckDB('384MB', (c) => c.run("CREATE TABLE seg AS SELECT * FROM read_csv('segments.csv')"));
 */
export async function withSpillingDuckDB<T>(
  memoryLimit: string,
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), 'segment-duckdb-'));
  try {
    const options = { memory_limit: memoryLimit, temp_directory: join(folder, 'spill') };
    return await withInstance(await DuckDBInstance.create(join(folder, 'work.duckdb'), options), work);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * DuckDB's memory limit while only JavaScript works on a large set (the engine merging duplicate candidates,
 * fitting the models, ranking engagement, planning coverage): its cache evicted, so the two never peak together.
 */
export const JAVASCRIPT_WORK_MEMORY_LIMIT = '128MB';

/**
 * Runs `work` with DuckDB's memory limit lowered to `limit` — its buffer cache evicted down to it, the memory given
 * back — then collects JavaScript's garbage (`collectGarbage`) and restores the limit in force before: for the
 * moments JavaScript holds a large working set and DuckDB needs little, so the two do not peak together. `work`
 * should return only what is kept: what it let go of is collected before DuckDB grows again. A limit already
 * lower is kept.
 *
 * @example
 * const merged = await withMemoryLimit(connection, '128MB', async () => mergeDuplicates(raw, canonical, options));
 */
export async function withMemoryLimit<T>(
  connection: DuckDBConnection,
  limit: string,
  work: () => Promise<T>,
): Promise<T> {
  const before = await currentSetting(connection, 'memory_limit');
  return withSettings(connection, { memory_limit: limit }, async () => {
    const lowered = await currentSetting(connection, 'memory_limit');
    if (bytesOf(before) < bytesOf(lowered)) await connection.run(`SET memory_limit = ${sqlString(before)}`);
    try {
      return await work();
    } finally {
      collectGarbage(); // what the work let go of, before DuckDB takes its share back
    }
  });
}

/** A DuckDB setting's value as `current_setting` prints it. */
async function currentSetting(connection: DuckDBConnection, name: string): Promise<string> {
  const read = await connection.runAndReadAll(`SELECT current_setting(${sqlString(name)})`);
  return String(read.getRows()[0]?.[0]);
}

/**
 * Runs `work` with DuckDB settings changed (`SET name = value`), then restores the values in force before.
 *
 * @example
 * await withSettings(connection, { memory_limit: '640MB', threads: '1' }, () => connection.run('CREATE TABLE t AS … ORDER BY k'));
 */
export async function withSettings<T>(
  connection: DuckDBConnection,
  settings: Readonly<Record<string, string>>,
  work: () => Promise<T>,
): Promise<T> {
  const before: [string, string][] = [];
  for (const name of Object.keys(settings)) before.push([name, await currentSetting(connection, name)]);
  try {
    for (const [name, value] of Object.entries(settings))
      await connection.run(`SET ${sqlIdentifier(name)} = ${sqlString(value)}`);
    return await work();
  } finally {
    for (const [name, value] of before)
      await connection.run(`SET ${sqlIdentifier(name)} = ${sqlString(value)}`);
  }
}

const UNITS: Record<string, number> = { bytes: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 };

/** Bytes of a DuckDB memory setting as it prints it ("610.3 MiB"). */
function bytesOf(setting: string): number {
  const [number, unit] = setting.trim().split(/\s+/);
  return Number(number) * (UNITS[unit ?? 'bytes'] ?? Number.NaN);
}

/**
 * Quotes a string as an SQL literal (`'it''s'`).
 *
 * @example
 * sqlString("it's"); // "'it''s'"
 */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Quotes an SQL identifier (`"my ""col"""`), valid in DuckDB and PostgreSQL.
 *
 * @example
 * sqlIdentifier('Account Name'); // '"Account Name"'
 */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
