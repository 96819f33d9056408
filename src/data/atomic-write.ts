/**
 * All-or-nothing file output: content is written to a temporary file beside the target and renamed
 * into place only when every file of the batch is complete, so an interrupted or failed command never
 * leaves a half-written output behind.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** One file to write: its path and its complete content. */
export interface PendingFile {
  path: string;
  content: string | Uint8Array;
}

/**
 * Writes every file to a temporary sibling, then renames them all into place. If anything fails before
 * the renames, the temporaries are removed and no target is touched.
 *
 * @example
 * await writeFilesAtomically([{ path: 'out/a.csv', content: 'x\n1\n' }, { path: 'out/dq.json', content: '{}' }]);
 */
export async function writeFilesAtomically(files: readonly PendingFile[]): Promise<void> {
  const staged: { temp: string; path: string }[] = [];
  try {
    for (const file of files) {
      await mkdir(dirname(file.path), { recursive: true });
      const temp = join(dirname(file.path), `.${basename(file.path)}.${randomBytes(6).toString('hex')}.tmp`);
      staged.push({ temp, path: file.path });
      await writeFile(temp, file.content);
    }
  } catch (error) {
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    throw error;
  }
  for (const s of staged) await rename(s.temp, s.path);
}
