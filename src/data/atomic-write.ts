/**
 * All-or-nothing file output: content is written to a temporary file beside the target and renamed
 * into place only when every file of the batch is complete, so an interrupted or failed command never
 * leaves a half-written output behind. Outputs go only to regular files or new paths: a device, pipe,
 * socket, directory or symbolic link at an output path is refused and left untouched, and two outputs of one
 * command that resolve to the same file are refused.
 */
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { link, lstat, mkdir, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.ts';

/** One file to write: its path and its complete content. */
export interface PendingFile {
  path: string;
  content: string | Uint8Array;
}

/** `lstat` that answers undefined for a path that does not exist. */
async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw pathUnderFile(path);
    throw error;
  }
}

function pathUnderFile(path: string): UsageError {
  return new UsageError(`${path}: a folder on this path is a file; give a path inside a folder`);
}

/** Why an existing path cannot take an output, or undefined when it is a regular file. */
function refusal(stats: Stats): string | undefined {
  if (stats.isSymbolicLink())
    return 'is a symbolic link; outputs are never written through links (give the real path)';
  if (stats.isDirectory()) return 'is a folder; give a file path';
  if (!stats.isFile()) return 'is not a regular file (a device, pipe or socket); give a file path';
  return undefined;
}

/** The path as the file system will resolve it: real parent folder (links followed) + name. */
async function canonicalTarget(path: string): Promise<string> {
  let folder = dirname(resolve(path));
  const missing: string[] = [];
  for (;;) {
    const stats = await lstatOrUndefined(folder);
    if (stats !== undefined) {
      if (!stats.isDirectory() && !stats.isSymbolicLink()) throw pathUnderFile(path);
      const real = await realpath(folder);
      return join(real, ...missing.reverse(), basename(path));
    }
    missing.push(basename(folder));
    folder = dirname(folder);
  }
}

/**
 * Checks output paths before anything is written: each is a regular file or a new path (never a link, device,
 * pipe, socket or folder; never under a file), and no two resolve to the same file.
 *
 * @example
 * await assertOutputTargets(['out/model.json', 'out/scores.csv']); // ok
 * await assertOutputTargets(['/dev/null']); // UsageError: /dev/null is not a regular file (…)
 */
export async function assertOutputTargets(paths: readonly string[]): Promise<void> {
  const seen = new Map<string, string>();
  for (const path of paths) {
    const stats = await lstatOrUndefined(path);
    const reason = stats === undefined ? undefined : refusal(stats);
    if (reason !== undefined) throw new UsageError(`${path} ${reason}; nothing was written`);
    const canonical = await canonicalTarget(path);
    const earlier = seen.get(canonical);
    if (earlier !== undefined)
      throw new UsageError(
        earlier === path
          ? `${path} is named twice as an output; give each output its own file`
          : `${earlier} and ${path} are the same file; give each output its own file`,
      );
    seen.set(canonical, path);
  }
}

/** A temporary sibling name for `path` (hidden, random, `.tmp`). */
export function temporarySibling(path: string, tag = 'tmp'): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.${tag}`);
}

interface Staged {
  temp: string;
  path: string;
  backup?: string;
}

/** Renames every staged file into place; if one rename fails, puts every earlier target back as it was. */
async function commit(staged: readonly Staged[]): Promise<void> {
  const done: Staged[] = [];
  try {
    for (const s of staged) {
      if ((await lstatOrUndefined(s.path)) !== undefined) {
        s.backup = temporarySibling(s.path, 'bak');
        await link(s.path, s.backup);
      }
      await rename(s.temp, s.path);
      done.push(s);
    }
  } catch (error) {
    for (const s of done.reverse()) {
      if (s.backup === undefined) await rm(s.path, { force: true });
      else await rename(s.backup, s.path);
    }
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    await Promise.all(staged.map((s) => (s.backup ? rm(s.backup, { force: true }) : undefined)));
    throw error;
  }
  await Promise.all(done.map((s) => (s.backup ? rm(s.backup, { force: true }) : undefined)));
}

/**
 * Writes every file to a temporary sibling, then renames them all into place. If anything fails, the
 * temporaries are removed and every target is left as it was (all or nothing). Targets are checked first with
 * `assertOutputTargets`.
 *
 * @example
 * await writeFilesAtomically([{ path: 'out/a.csv', content: 'x\n1\n' }, { path: 'out/dq.json', content: '{}' }]);
 */
export async function writeFilesAtomically(files: readonly PendingFile[]): Promise<void> {
  await assertOutputTargets(files.map((f) => f.path));
  const staged: Staged[] = [];
  try {
    for (const file of files) {
      await mkdir(dirname(file.path), { recursive: true });
      const temp = temporarySibling(file.path);
      staged.push({ temp, path: file.path });
      await writeFile(temp, file.content, { flag: 'wx' });
    }
  } catch (error) {
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    throw error;
  }
  await commit(staged);
}

/**
 * Writes one output through `write(temp)` (for writers that stream to a path, such as a workbook), then renames it
 * into place; on failure the temporary file is removed and the target is left as it was.
 *
 * @example
 * await writeFileAtomicallyWith('segments.xlsx', (temp) => writeWorkbook(run, temp));
 */
export async function writeFileAtomicallyWith(
  path: string,
  write: (temp: string) => Promise<unknown>,
): Promise<void> {
  await assertOutputTargets([path]);
  await mkdir(dirname(path), { recursive: true });
  const temp = temporarySibling(path);
  try {
    await write(temp);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
