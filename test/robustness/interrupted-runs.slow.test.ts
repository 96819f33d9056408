/**
 * Interrupted and concurrent studies through the real CLI: SIGTERM while the run folder is being written leaves
 * nothing behind; two studies writing one folder at once: one succeeds, the other exits 2 with one line.
 * Slow lane: each case runs whole sample studies.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writingFolder } from '../../src/data/folder-write.ts';
import { runCli } from '../cli/run-cli.ts';
import { tempDir } from '../helpers.ts';

describe('a study interrupted or raced', () => {
  it('SIGTERM while the run folder is written: no run folder, no temporary folder, ended by the signal', async () => {
    const dir = tempDir();
    const out = join(dir, 'run');
    const child = spawn(process.execPath, ['bin/segment.js', 'study', '--out', out], { stdio: 'ignore' });
    const closed = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    // Wait until the writing has begun (the temporary folder exists), then stop the study.
    while (!existsSync(writingFolder(out))) await new Promise((resolve) => setTimeout(resolve, 10));
    child.kill('SIGTERM');
    const { signal } = await closed;
    expect(signal).toBe('SIGTERM');
    expect(readdirSync(dir)).toEqual([]);
  }, 120_000);

  it('two studies to one --out at once: one writes it, the other exits 2 with one line', async () => {
    const out = join(tempDir(), 'run');
    const results = await Promise.all([runCli(['study', '--out', out]), runCli(['study', '--out', out])]);
    const codes = results.map((r) => r.code).sort();
    expect(codes).toEqual([0, 2]);
    const loser = results.find((r) => r.code === 2);
    expect(loser?.stderr).toMatch(
      /^error: (another study is writing .*run( \(process \d+\))?; wait for it to finish, or choose another output folder|.*run already exists; a run folder is never overwritten \(choose another output folder\))\n$/,
    );
    expect(readdirSync(join(out, '..'))).toEqual(['run']);
  }, 180_000);
});
