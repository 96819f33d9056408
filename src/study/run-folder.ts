/**
 * The run folder, owned in one place: a typed description of every file (`RUN_FILES`), and the only code
 * that writes (`writeRunFolder`), reads (`readRunJson`, `readRunTable`) and checks (`verifyRun`) one. A missing
 * or unreadable file is always a `DataError` naming the folder and the file.
 */
import { createHash } from 'node:crypto';
import { writeFolderAtomically } from '../data/folder-write.ts';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { DataError, UsageError } from '../core/errors.ts';
import type { Frame } from '../data/frame.ts';
import { loadTable } from '../data/load.ts';

/** What a file of a run folder is. */
export type RunFileRole =
  /** Written by the study from the data; checked against the manifest. */
  | 'data'
  /** A data file only some runs have (e.g. `changes.json` when the config names a previous run). */
  | 'optional-data'
  /** Rebuilt from the data files (charts, report): `segment report` may rewrite it. */
  | 'derived'
  /** The manifest: hashes of every other file. */
  | 'manifest';

/** One file of a run folder. */
export interface RunFile {
  path: string;
  role: RunFileRole;
  description: string;
}

/** Every file of a run folder (charts are the `charts/` folder, one SVG and one PNG per chart). */
export const RUN_FILES: readonly RunFile[] = [
  {
    path: 'segments.csv',
    role: 'data',
    description: 'one row per account: firmographics, scores, tier, quadrant, owner',
  },
  {
    path: 'crm-export.csv',
    role: 'data',
    description: "the segmentation as the CRM's import fields (Salesforce, HubSpot or Dynamics 365)",
  },
  { path: 'models/lookalike.json', role: 'data', description: 'the lookalike logistic model' },
  {
    path: 'models/clusters.json',
    role: 'data',
    description: 'the k-means personas, profiles and elbow curve',
  },
  { path: 'models/spend.json', role: 'data', description: 'the spend-potential model' },
  { path: 'icp.json', role: 'data', description: 'lift tables, ICP summary, cross-validation, gains, ROC' },
  { path: 'road.json', role: 'data', description: 'ROAD thresholds and totals per quadrant' },
  { path: 'coverage.json', role: 'data', description: 'reps needed and territory balance' },
  { path: 'data-quality.json', role: 'data', description: 'the cleansing report of the accounts file' },
  {
    path: 'merges.csv',
    role: 'data',
    description: 'every merge of duplicate account records: kept id, merged ids, rule, key, name score',
  },
  { path: 'performance.csv', role: 'data', description: 'win rate, deal size, cycle per segment' },
  { path: 'routing.json', role: 'data', description: 'routing rules and accounts per queue' },
  {
    path: 'study.json',
    role: 'data',
    description: 'the study name, its inputs and every warning of the run',
  },
  { path: 'changes.json', role: 'optional-data', description: 'what changed since the previous run' },
  { path: 'quotas.csv', role: 'optional-data', description: "each named rep's quota (when the config asks)" },
  {
    path: 'scenarios.csv',
    role: 'optional-data',
    description: 'the coverage scenarios side by side (when the config has scenarios)',
  },
  { path: 'report.html', role: 'derived', description: 'the self-contained executive report' },
  {
    path: 'deck.pptx',
    role: 'derived',
    description: 'the executive deck, when the config sets outputs.deck (else: segment deck)',
  },
  {
    path: 'segments.xlsx',
    role: 'derived',
    description: 'the sales-ops workbook, when the config sets outputs.workbook (else: segment workbook)',
  },
  {
    path: 'manifest.json',
    role: 'manifest',
    description: 'version, seed, config, timings, SHA-256 of every file',
  },
];

/** The data files every run folder holds. */
export const RUN_DATA_FILES: readonly string[] = RUN_FILES.filter((f) => f.role === 'data').map(
  (f) => f.path,
);

/** The run folder's manifest, as far as readers need it. */
export interface RunManifest {
  seed: number;
  /** "duckdb" for a run of `segment study --engine duckdb` (absent: in memory). */
  engine?: string;
  road?: { spend_threshold: number; opportunity_threshold: number };
  outputs: Record<string, { sha256: string; bytes: number }>;
  [key: string]: unknown;
}

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

/**
 * A JSON file of a run folder.
 *
 * @example
 * const road = await readRunJson<{ thresholds: RoadThresholds }>('out/2026-05', 'road.json');
 */
export async function readRunJson<T>(dir: string, file: string): Promise<T> {
  const text = (await readRunFile(dir, file)).toString('utf8');
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new DataError(`${file} of the run folder is not valid JSON; run segment study again`, {
      file: dir,
    });
  }
}

/**
 * A CSV file of a run folder as a frame (the named columns kept as text).
 *
 * @example
 * const segments = await readRunTable('out/2026-05', 'segments.csv', ['account_id', 'tier']);
 */
export async function readRunTable(
  dir: string,
  file: string,
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
export async function verifyRun(dir: string, options: { engineRuns?: boolean } = {}): Promise<RunManifest> {
  const manifest = await readRunJson<RunManifest>(dir, 'manifest.json');
  if (manifest.engine === 'duckdb') return verifyEngineRun(dir, manifest, options.engineRuns === true);
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

/** A run of `segment study --engine duckdb`: every file its manifest lists; refused where a full run is needed. */
async function verifyEngineRun(dir: string, manifest: RunManifest, allowed: boolean): Promise<RunManifest> {
  if (!allowed)
    throw new DataError(
      'this run folder was written by segment study --engine duckdb (segments, CRM export, models, ICP and ROAD); the report, deck, workbook, refresh and backtest need a run made in memory',
      { file: dir },
    );
  for (const [path, { sha256 }] of Object.entries(manifest.outputs ?? {}))
    await verifyFile(dir, path, sha256);
  return manifest;
}

/**
 * Text produced in chunks (a CSV of millions of rows): written chunk by chunk, never held as one string.
 *
 * @example
 * new ChunkedText(() => frameToCsvChunks(segments));
 */
export class ChunkedText {
  constructor(readonly chunks: () => Iterable<string>) {}
}

/** The content of a run file: text, bytes, or text in chunks. */
export type RunFileContent = string | Uint8Array | ChunkedText;

/** What was written: SHA-256 and size of each file. */
export type WrittenFiles = Record<string, { sha256: string; bytes: number }>;

async function writeChunks(path: string, text: ChunkedText): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = createWriteStream(path);
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  for (const chunk of text.chunks()) {
    hash.update(chunk);
    bytes += Buffer.byteLength(chunk);
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  }
  stream.end();
  await done;
  return { sha256: hash.digest('hex'), bytes };
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
    await mkdir(dirname(path), { recursive: true });
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
