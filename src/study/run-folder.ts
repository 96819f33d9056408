/**
 * The run folder's reading and writing, owned in one place: the files and their shapes are declared in
 * `run-files.ts`; this is the only code that writes (`writeRunFolder`, `runJson`, `buildManifest`), reads
 * (`readRun`, `readRunTable`) and checks (`verifyRun`) one. A missing or unreadable file, or a folder of another
 * format, is always a `DataError` naming the folder and the file.
 */
import { createHash } from 'node:crypto';
import { writeFolderAtomically } from '../data/folder-write.ts';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { DataError, UsageError } from '../core/errors.ts';
import type { Frame } from '../data/frame.ts';
import { loadTable } from '../data/load.ts';
import { jsonText } from '../data/json-text.ts';
import { VERSION } from '../core/version.ts';
import type { Warning } from '../core/errors.ts';
import type { RoadThresholds } from '../segment/road.ts';
import {
  OLDEST_RUN_FORMAT,
  RUN_FILES,
  RUN_FORMAT,
  RUN_JSON_PATHS,
  type ManifestInput,
  type RunJson,
  type RunJsonName,
  type RunManifest,
  type RunTablePath,
  type WrittenFiles,
} from './run-files.ts';
import type { StudyConfig } from './types.ts';

/**
 * SHA-256 of a file's content, hex.
 *
 * @example
 * sha256('x'); // '2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881'
 */
export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

async function readRunFile(dir: string, file: string): Promise<Buffer> {
  try {
    return await readFile(join(dir, file));
  } catch {
    throw unreadable(dir, file);
  }
}

function unreadable(dir: string, file: string): DataError {
  return new DataError(`the run folder lacks a readable ${file}; run segment study again`, { file: dir });
}

/**
 * SHA-256 of a file, hex, read as a stream (a run's files may be larger than a string can hold).
 *
 * @example
 * await fileSha256('out/2026-05/segments.csv'); // '9f2c…'
 */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** {@link fileSha256} of a run folder's file; a missing or unreadable file is a DataError. */
async function runFileSha256(dir: string, file: string): Promise<string> {
  try {
    return await fileSha256(join(dir, file));
  } catch {
    throw unreadable(dir, file);
  }
}

async function readRunJson(dir: string, file: string): Promise<unknown> {
  const text = (await readRunFile(dir, file)).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DataError(`${file} of the run folder is not valid JSON; run segment study again`, {
      file: dir,
    });
  }
}

/**
 * A JSON file of a run folder, by name, typed as its writers wrote it (see `RunJson`). Reading the manifest
 * checks the folder's format first.
 *
 * @example
 * const { thresholds } = await readRun('out/2026-05', 'road'); // { spend_threshold: 98500, opportunity_threshold: … }
 */
export async function readRun<K extends RunJsonName>(dir: string, name: K): Promise<RunJson[K]> {
  const value = await readRunJson(dir, RUN_JSON_PATHS[name]);
  if (name === 'manifest') checkRunFormat(dir, value as RunManifest);
  return value as RunJson[K];
}

/**
 * A JSON file only some run folders have (`changes.json` when the study named a previous run), or null.
 *
 * @example
 * const changes = await readRunIfPresent('out/2026-11', 'changes'); // null for a first run
 */
export async function readRunIfPresent<K extends RunJsonName>(
  dir: string,
  name: K,
): Promise<RunJson[K] | null> {
  return (await exists(join(dir, RUN_JSON_PATHS[name]))) ? readRun(dir, name) : null;
}

/**
 * Refuses a run folder of a format this version does not read, in one line naming the versions.
 *
 * @example
 * checkRunFormat('out/old', { format: 0, version: '0.1.0' }); // DataError: out/old: written in run-folder format 0 …
 */
export function checkRunFormat(dir: string, manifest: Pick<RunManifest, 'format' | 'version'>): void {
  const format = manifest.format ?? 1;
  const writer = typeof manifest.version === 'string' ? `segment ${manifest.version}` : 'another segment';
  if (!Number.isInteger(format) || format > RUN_FORMAT)
    throw new DataError(
      `written in run-folder format ${String(format)} by ${writer}; this segment ${VERSION} reads formats ${OLDEST_RUN_FORMAT} to ${RUN_FORMAT}: upgrade segment to read it`,
      { file: dir },
    );
  if (format < OLDEST_RUN_FORMAT)
    throw new DataError(
      `written in run-folder format ${format} by ${writer}; this segment ${VERSION} reads formats ${OLDEST_RUN_FORMAT} to ${RUN_FORMAT}: run segment study again on the same inputs`,
      { file: dir },
    );
}

/**
 * A JSON file of a run folder as path → text, typed by its name (for `writeRunFiles`).
 *
 * @example
 * await writeRunFiles(temp, runJson('road', { thresholds, totals })); // writes road.json
 */
export function runJson<K extends RunJsonName>(name: K, value: RunJson[K]): Record<string, string> {
  return { [RUN_JSON_PATHS[name]]: jsonText(value) };
}

/**
 * A CSV file of a run folder as a frame (the named columns kept as text).
 *
 * @example
 * const segments = await readRunTable('out/2026-05', 'segments.csv', ['account_id', 'tier']);
 */
export async function readRunTable(
  dir: string,
  file: RunTablePath,
  textColumns: readonly string[],
): Promise<Frame> {
  if (!(await exists(join(dir, file)))) throw unreadable(dir, file);
  return (await loadTable(join(dir, file), { textColumns: [...textColumns] })).frame;
}

/** Whether a path exists. */
export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Checks that `dir` is a complete run folder whose data files match the SHA-256 hashes in its manifest; an
 * optional data file (`changes.json`) must be listed there too when present.
 *
 * @example
 * await verifyRun('out/20261124T100531Z-42'); // DataError: …: segments.csv was modified after the run …
 */
export async function verifyRun(dir: string): Promise<RunManifest> {
  const manifest = await readRun(dir, 'manifest');
  if (manifest.engine === 'duckdb') return verifyEngineRun(dir, manifest);
  for (const { path, role } of RUN_FILES) {
    if (role !== 'data' && role !== 'optional-data') continue;
    const expected = manifest.outputs?.[path]?.sha256;
    const present = await exists(join(dir, path));
    if (role === 'optional-data' && expected === undefined && !present) continue;
    if (expected === undefined)
      throw new DataError(`the manifest does not list ${path}; the run folder is incomplete or was altered`, {
        file: dir,
      });
    await verifyFile(dir, path, expected);
  }
  return manifest;
}

async function verifyFile(dir: string, path: string, expected: string): Promise<void> {
  if (!(await exists(join(dir, path))))
    throw new DataError(`${path} is missing; the run folder is incomplete`, { file: dir });
  if ((await runFileSha256(dir, path)) !== expected)
    throw new DataError(
      `${path} was modified after the run (its SHA-256 differs from the manifest); rerun segment study`,
      { file: dir },
    );
}

/**
 * A run of `segment study --engine duckdb`: every file its manifest lists (one from an assembled table has no data
 * quality or merges to list).
 */
async function verifyEngineRun(dir: string, manifest: RunManifest): Promise<RunManifest> {
  for (const [path, { sha256 }] of Object.entries(manifest.outputs ?? {}))
    await verifyFile(dir, path, sha256);
  return manifest;
}

/**
 * Text produced in chunks (a CSV of millions of rows), synchronously or as they come (rows read from a database):
 * written chunk by chunk, never held as one string.
 *
 * @example
 * new ChunkedText(() => frameToCsvChunks(segments));
 */
export class ChunkedText {
  constructor(readonly chunks: () => Iterable<string> | AsyncIterable<string>) {}
}

/** The content of a run file: text, bytes, or text in chunks. */
export type RunFileContent = string | Uint8Array | ChunkedText;

async function writeChunks(path: string, text: ChunkedText): Promise<{ sha256: string; bytes: number }> {
  const file = new HashedFile(path);
  for await (const chunk of text.chunks()) await file.write(chunk);
  return file.close();
}

/**
 * A file written chunk by chunk (waiting when the disk is behind) and hashed as it is written: for several files
 * made in one pass over the rows.
 *
 * @example
 * const file = new HashedFile(join(temp, 'segments.csv'));
 * await file.write('account_id,name\n');
 * const { sha256, bytes } = await file.close();
 */
export class HashedFile {
  readonly #hash = createHash('sha256');
  readonly #stream;
  readonly #done: Promise<void>;
  #bytes = 0;

  constructor(path: string) {
    this.#stream = createWriteStream(path);
    this.#done = new Promise<void>((resolve, reject) => {
      this.#stream.on('finish', resolve);
      this.#stream.on('error', reject);
    });
  }

  /** Appends a chunk. */
  async write(chunk: string): Promise<void> {
    this.#hash.update(chunk);
    this.#bytes += Buffer.byteLength(chunk);
    if (!this.#stream.write(chunk)) await new Promise<void>((resolve) => this.#stream.once('drain', resolve));
  }

  /** Ends the file; its SHA-256 and size. */
  async close(): Promise<{ sha256: string; bytes: number }> {
    this.#stream.end();
    await this.#done;
    return { sha256: this.#hash.digest('hex'), bytes: this.#bytes };
  }
}

/**
 * Creates the subfolders of `file` inside `dir`, one level at a time and never `dir` itself: when a signal has
 * removed the temporary run folder, a write still in flight fails (ENOENT) instead of creating it again.
 */
async function makeSubfolders(dir: string, file: string): Promise<void> {
  const parts = file.split('/').slice(0, -1);
  for (let depth = 1; depth <= parts.length; depth++)
    await mkdir(join(dir, ...parts.slice(0, depth))).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
}

/**
 * Writes files (path relative to the folder → content) into a folder, chunked text as a stream, and returns the
 * SHA-256 and size of each.
 *
 * @example
 * const written = await writeRunFiles(temp, { 'segments.csv': new ChunkedText(() => frameToCsvChunks(f)) });
 */
export async function writeRunFiles(
  dir: string,
  files: Readonly<Record<string, RunFileContent>>,
): Promise<WrittenFiles> {
  const written: WrittenFiles = {};
  for (const [file, content] of Object.entries(files)) {
    const path = join(dir, file);
    await makeSubfolders(dir, file);
    if (content instanceof ChunkedText) written[file] = await writeChunks(path, content);
    else {
      await writeFile(path, content);
      written[file] = {
        sha256: sha256(content),
        bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength,
      };
    }
  }
  return written;
}

/** What a run's manifest records: how it was run, what it read and what it wrote. */
export interface ManifestRecord {
  /** "duckdb" for the engine; absent for a study in memory. */
  engine?: 'duckdb';
  /** When the run started (milliseconds since the epoch). */
  started: number;
  timings: Record<string, number>;
  config: StudyConfig;
  road: RoadThresholds;
  stats: RunManifest['stats'];
  /** The inputs read, by role (hashed here). */
  inputs: readonly { role: string; path: string; rows: number; matched?: string | null }[];
  outputs: WrittenFiles;
  warnings: readonly Warning[];
}

/**
 * The manifest of a run (one builder for the study in memory and the engine): tool, version, format, timings,
 * seed, config, thresholds, counts, the SHA-256 of every input and output, and every warning.
 *
 * @example
 * await writeRunFiles(temp, runJson('manifest', await buildManifest({ started, timings, config, … })));
 */
export async function buildManifest(run: ManifestRecord): Promise<RunManifest> {
  const inputs: Record<string, ManifestInput> = {};
  for (const { role, path, rows, matched } of run.inputs)
    inputs[role] = {
      path,
      sha256: await fileSha256(path),
      rows,
      ...(matched === undefined ? {} : { matched }),
    };
  return {
    tool: 'segment',
    version: VERSION,
    format: RUN_FORMAT,
    ...(run.engine === undefined ? {} : { engine: run.engine }),
    createdAt: new Date(run.started).toISOString(),
    seconds: (Date.now() - run.started) / 1000,
    timings: run.timings,
    seed: run.config.seed,
    config: run.config,
    road: run.road,
    stats: run.stats,
    inputs,
    outputs: run.outputs,
    warnings: [...run.warnings],
  };
}

/**
 * The manifest with the SHA-256 and size of files rewritten since (charts and report by `segment report`).
 *
 * @example
 * const updated = withOutputs(manifest, { 'report.html': html }); // manifest.outputs['report.html'] updated
 */
export function withOutputs(
  manifest: RunManifest,
  files: Readonly<Record<string, string | Uint8Array>>,
): RunManifest {
  const outputs = { ...manifest.outputs };
  for (const [file, content] of Object.entries(files))
    outputs[file] = {
      sha256: sha256(content),
      bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength,
    };
  return { ...manifest, outputs };
}

/**
 * Refuses a run folder that exists: a run folder is never overwritten.
 *
 * @example
 * await assertNewRunFolder('out/2026-05'); // UsageError: out/2026-05 already exists; …
 */
export async function assertNewRunFolder(outDir: string): Promise<void> {
  const present = await lstat(resolve(outDir)).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOTDIR')
        throw new UsageError(`${outDir}: a folder on this path is a file; give a path inside a folder`);
      return false;
    },
  );
  if (present)
    throw new UsageError(
      `${outDir} already exists; a run folder is never overwritten (choose another output folder)`,
    );
}

/**
 * Creates a run folder all or nothing: `fill` writes into a temporary sibling folder, which is renamed into
 * place only when `fill` succeeds; an existing folder is never overwritten.
 *
 * @example
 * await writeRunFolder('out/q4', async (temp) => writeRunFiles(temp, { 'segments.csv': csv }));
 */
export async function writeRunFolder(outDir: string, fill: (temp: string) => Promise<void>): Promise<string> {
  await assertNewRunFolder(outDir);
  await mkdir(dirname(resolve(outDir)), { recursive: true });
  return writeFolderAtomically(
    outDir,
    async (temp) => {
      await assertNewRunFolder(outDir); // another study may have finished it meanwhile
      await fill(temp);
    },
    outDir,
  );
}
