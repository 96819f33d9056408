/** Folders written all or nothing, one writer at a time (src/data/folder-write.ts), and the CLI's lines for disk errors. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLine } from '../../src/cli/output.ts';
import { writeFolderAtomically, writingFolder } from '../../src/data/folder-write.ts';
import { tempDir } from '../helpers.ts';

describe('writeFolderAtomically', () => {
  it('renames the complete folder into place, without the writer file', async () => {
    const target = join(tempDir(), 'run');
    await writeFolderAtomically(target, (temp) => writeFile(join(temp, 'a.csv'), 'x\n'));
    expect(readdirSync(target)).toEqual(['a.csv']);
    expect(existsSync(writingFolder(target))).toBe(false);
  });

  it('refuses while another live process writes the same folder, and writes nothing', async () => {
    const target = join(tempDir(), 'run');
    mkdirSync(writingFolder(target));
    writeFileSync(join(writingFolder(target), '.writer'), String(process.ppid)); // the test runner: alive
    await expect(writeFolderAtomically(target, async () => {}, 'out/run')).rejects.toThrow(
      `another study is writing out/run (process ${process.ppid}); wait for it to finish, or choose another output folder`,
    );
    expect(existsSync(target)).toBe(false);
    expect(readFileSync(join(writingFolder(target), '.writer'), 'utf8')).toBe(String(process.ppid));
  });

  it('takes over the temporary folder of a writer that was killed', async () => {
    const target = join(tempDir(), 'run');
    mkdirSync(writingFolder(target));
    writeFileSync(join(writingFolder(target), '.writer'), '2147483646'); // no such process
    writeFileSync(join(writingFolder(target), 'half-written.csv'), 'x');
    await writeFolderAtomically(target, (temp) => writeFile(join(temp, 'b.csv'), 'y\n'));
    expect(readdirSync(target)).toEqual(['b.csv']);
  });

  it("removes the temporary folder when the content fails, and throws the content's error", async () => {
    const target = join(tempDir(), 'run');
    await expect(
      writeFolderAtomically(target, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(writingFolder(target))).toBe(false);
    expect(existsSync(target)).toBe(false);
  });
});

describe('disk errors are one line naming the path', () => {
  const failure = (code: string, path: string) => Object.assign(new Error(`${code}: x`), { code, path });
  it.each([
    ['EROFS', 'read-only file system: /mnt/ro/run; choose an output folder on a writable disk'],
    ['ENOSPC', 'no space left on the device: /mnt/ro/run; free some space or write elsewhere'],
    ['EACCES', 'permission denied: /mnt/ro/run; choose a folder you can write, or change its permissions'],
  ])('%s', (code, line) => {
    expect(errorLine(failure(code, '/mnt/ro/run'))).toBe(line);
  });
});
