/**
 * Column names from input files never touch object prototypes: every input of the sample gets four extra columns
 * named `constructor`, `__proto__`, `toString` and `hasOwnProperty` (numbers, so they also reach feature choice,
 * engagement signals and the market overlay), and the study runs through the real CLI as without them.
 * Slow lane: a whole sample study with automatic features.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTable } from '../../src/data/load.ts';
import { runCli } from '../cli/run-cli.ts';
import { tempDir } from '../helpers.ts';

const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
const INPUTS = ['accounts', 'market', 'opportunities', 'spend', 'engagement'];

/** The sample's file with the four columns added (row i holds i % 7, i % 5, i % 3, i % 2). */
function withPrototypeColumns(file: string, dir: string): string {
  const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const extra = (i: number) => [i % 7, i % 5, i % 3, i % 2].join(',');
  const text = [`${header},${PROTOTYPE_NAMES.join(',')}`, ...rows.map((row, i) => `${row},${extra(i)}`)];
  const out = join(dir, file.split('/').pop() as string);
  writeFileSync(out, `${text.join('\n')}\n`);
  return out;
}

describe('headers named like object prototype members', () => {
  it('constructor, __proto__, toString, hasOwnProperty in every input: the study runs and keeps its answers', async () => {
    const dir = tempDir();
    const inputs = Object.fromEntries(
      INPUTS.map((k) => [k, withPrototypeColumns(resolve(`data/sample/2026-05/${k}.csv`), dir)]),
    );
    writeFileSync(join(dir, 'study.json'), JSON.stringify({ inputs }));
    const result = await runCli(['study', '--config', join(dir, 'study.json'), '--out', join(dir, 'run')]);
    expect(result.stderr).not.toMatch(/^error|internal error/m);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^segmented 20,000 accounts \(1,400 customers;/);
    const { frame } = await loadTable(join(dir, 'run', 'segments.csv'), { textColumns: ['account_id'] });
    expect(frame.numRows).toBe(20_000);
    expect(new Set(frame.strings('road_quadrant'))).toEqual(
      new Set(['Develop', 'Retain', 'Acquire', 'Opportunistic']),
    );
    const init = await runCli(['init', ...Object.values(inputs), '--out', join(dir, 'init.json')]);
    expect(init.stderr).not.toMatch(/^error|internal error/m);
    expect(init.code).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'init.json'), 'utf8')).inputs).sort()).toEqual(
      [...INPUTS].sort(),
    );
  }, 180_000);
});
