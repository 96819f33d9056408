/**
 * Writes a folder all or nothing, one writer at a time: the content goes into a temporary sibling
 * (`.<name>.writing.tmp`, holding the writer's process id in `.writer`) that is renamed into place when complete.
 * A second writer of the same folder is refused while the first is alive; a temporary folder left by a killed
 * writer is taken over. SIGINT, SIGTERM and SIGHUP during the write remove the temporary folder before the
 * process ends as the signal asks.
 */
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.ts';

const WRITER_FILE = '.writer';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** How long a temporary folder without a writer file counts as being claimed by another writer. */
const CLAIM_GRACE_MS = 10_000;

/** The temporary folder a write of `target` goes through. */
export function writingFolder(target: string): string {
  return join(dirname(target), `.${basename(target)}.writing.tmp`);
}

/** True when a process with this id runs (and is not this one). */
function isOtherProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates the temporary folder, or names the live writer that holds it; a dead writer's folder is taken over. */
async function claim(temp: string, label: string, created: () => void): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      created(); // from here a signal may find our folder before we name ourselves in it
      await mkdir(temp);
      await writeFile(join(temp, WRITER_FILE), String(process.pid));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readTextOr(join(temp, WRITER_FILE), ''));
      // A folder without a writer yet was created a moment ago by a writer about to name itself.
      const beingClaimed = pid === 0 && Date.now() - statSync(temp).mtimeMs < CLAIM_GRACE_MS;
      if (isOtherProcessAlive(pid) || beingClaimed)
        throw new UsageError(
          `another study is writing ${label}${pid > 0 ? ` (process ${pid})` : ''}; wait for it to finish, or choose another output folder`,
        );
      await rm(temp, { recursive: true, force: true }); // left by a writer that was killed
    }
  }
  throw new UsageError(`${label}: could not claim ${temp}; remove it and run again`);
}

function readTextOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/**
 * While `work` runs, a signal removes `temp` (once `owns()` says this process created it) and then ends the
 * process as the signal would have.
 */
async function cleanedOnSignal<T>(temp: string, owns: () => boolean, work: () => Promise<T>): Promise<T> {
  const handlers = SIGNALS.map((signal) => {
    const handler = (): void => {
      // Writes still in flight may add a file while the folder goes: retry (ENOTEMPTY), and look again after a
      // moment (a file system call already running can finish after the removal); never throw from here.
      if (owns())
        for (let attempt = 0; attempt < 5 && existsSync(temp); attempt++) {
          try {
            rmSync(temp, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
          } catch {
            // the next writer of this folder takes it over
          }
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20); // a synchronous 20 ms pause
        }
      for (const [s, h] of handlers) process.removeListener(s, h);
      process.kill(process.pid, signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  try {
    return await work();
  } finally {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  }
}

/**
 * Creates `target` with what `fill` writes into the temporary folder; refuses when another live process is
 * writing the same folder. `fill`'s error removes the temporary folder and is thrown again.
 *
 * @example
 * await writeFolderAtomically('out/q4', async (temp) => writeFile(join(temp, 'a.csv'), csv));
 */
export async function writeFolderAtomically(
  target: string,
  fill: (temp: string) => Promise<void>,
  label = target,
): Promise<string> {
  const path = resolve(target);
  const temp = writingFolder(path);
  let claiming = false;
  // Ours once we try to create it, unless another writer's id is in it (a folder we found, not made).
  const owns = (): boolean => {
    const writer = Number(readTextOr(join(temp, WRITER_FILE), '0'));
    return claiming && (writer === 0 || writer === process.pid);
  };
  return cleanedOnSignal(temp, owns, async () => {
    await claim(temp, label, () => (claiming = true));
    try {
      await fill(temp);
      await rm(join(temp, WRITER_FILE), { force: true });
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { recursive: true, force: true });
      throw error;
    }
    return path;
  });
}
