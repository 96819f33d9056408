/**
 * The run folder's one typed contract: every JSON file is read by name through `readRun`, the manifest records
 * the folder's format, and a folder of a format this version does not read is refused in one line — by the
 * library and by every command that reads a run folder — before anything is written.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/errors.ts';
import { RUN_FILES, RUN_FORMAT, RUN_JSON_PATHS, type RunJsonName } from '../../src/study/run-files.ts';
import { readRun, readRunIfPresent, verifyRun } from '../../src/study/run-folder.ts';
import { runCli } from '../cli/run-cli.ts';
import { sampleRunCopy, sampleRuns } from '../sample-runs.ts';

function withFormat(run: string, format: number | undefined): string {
  const path = join(run, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  if (format === undefined) delete manifest.format;
  else manifest.format = format;
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
  return run;
}

describe('the run folder contract', () => {
  it('declares every file the sample study writes, and reads each JSON file by name', async () => {
    const { november } = sampleRuns();
    const declared = new Set<string>(RUN_FILES.map((f) => f.path));
    const written = readdirSync(november, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(november.length + 1))
      .filter((path) => !path.startsWith('charts/'));
    expect(written.filter((path) => !declared.has(path))).toEqual([]);
    for (const name of Object.keys(RUN_JSON_PATHS) as RunJsonName[]) {
      const value = await readRun(november, name);
      expect(value).toEqual(JSON.parse(readFileSync(join(november, RUN_JSON_PATHS[name]), 'utf8')));
    }
    expect((await readRun(november, 'manifest')).format).toBe(RUN_FORMAT);
    const quadrants = (await readRun(november, 'road')).totals.map((t) => t.quadrant);
    expect(quadrants.sort()).toEqual(['Acquire', 'Develop', 'Opportunistic', 'Retain']);
    expect(await readRunIfPresent(sampleRuns().may, 'changes')).toBeNull();
    expect((await readRunIfPresent(november, 'changes'))?.previous).toBe(sampleRuns().may);
  });

  it('reads a folder written before the format was recorded as format 1', async () => {
    const run = withFormat(sampleRunCopy('may'), undefined);
    await expect(verifyRun(run)).resolves.toMatchObject({ seed: 42 });
  });

  it('refuses a folder of a newer or an older format in one line, from the library and the commands', async () => {
    const newer = withFormat(sampleRunCopy('may'), RUN_FORMAT + 1);
    const error = await verifyRun(newer).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `written in run-folder format ${RUN_FORMAT + 1} by segment \\S+; this segment \\S+ reads formats 1 to ${RUN_FORMAT}: upgrade segment to read it$`,
      ),
    );
    const before = readFileSync(join(newer, 'report.html'));
    const report = await runCli(['report', newer]);
    expect(report.code).toBe(2);
    expect(report.stderr).toMatch(
      /may: written in run-folder format \d+ by segment .*upgrade segment to read it\n$/,
    );
    expect(readFileSync(join(newer, 'report.html')).equals(before)).toBe(true);

    const older = withFormat(sampleRunCopy('may'), 0);
    const workbook = await runCli(['workbook', older, '--out', join(older, 'book.xlsx')]);
    expect(workbook.code).toBe(2);
    expect(workbook.stderr).toMatch(
      /written in run-folder format 0 .*run segment study again on the same inputs\n$/,
    );
    expect(existsSync(join(older, 'book.xlsx'))).toBe(false);
  }, 60_000);
});
