import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseEngine, inputBytes } from '../../src/engine/engine-choice.ts';
import { loadStudyConfig } from '../../src/study/config.ts';
import { runCli } from '../cli/run-cli.ts';
import { tempDir } from '../helpers.ts';

const GB = 2 ** 30;

describe('which engine runs a study', () => {
  it('auto: in memory while 13× the inputs fit in 60 % of the memory, DuckDB above, saying so', async () => {
    const config = await loadStudyConfig();
    // The bundled sample's five inputs.
    const bytes = await inputBytes(config);
    expect(bytes).toBeGreaterThan(1_000_000);
    expect(chooseEngine(config, 'auto', bytes, 24 * GB)).toEqual({ engine: 'memory', note: null });
    // A 10M-account market (3.5 GB of exports) on a 24 GB machine.
    const large = chooseEngine(config, 'auto', 3.5 * GB, 24 * GB);
    expect(large.engine).toBe('duckdb');
    expect(large.note).toBe(
      'the inputs take 3.5 GB, about 45.5 GB in memory of this machine\'s 24.0 GB: running in DuckDB (set "engine": "memory" in the config or pass --engine memory to run in memory)',
    );
    // The boundary: 13 × 1.1 GB = 14.3 GB ≤ 14.4 GB (60 % of 24 GB) stays in memory.
    expect(chooseEngine(config, 'auto', 1.1 * GB, 24 * GB).engine).toBe('memory');
    expect(chooseEngine(config, 'auto', 1.2 * GB, 24 * GB).engine).toBe('duckdb');
  });

  it('a pinned engine is used whatever the size; auto stays in memory for what the engine does not do yet', async () => {
    const config = await loadStudyConfig();
    expect(chooseEngine(config, 'memory', 50 * GB, 24 * GB)).toEqual({ engine: 'memory', note: null });
    expect(chooseEngine(config, 'duckdb', 1000, 24 * GB)).toEqual({ engine: 'duckdb', note: null });
    const spend = { ...config.mapping.spend, columns: { ...config.mapping.spend.columns, product: 'Item' } };
    const lines = { ...config, mapping: { ...config.mapping, spend } };
    const choice = chooseEngine(lines, 'auto', 3.5 * GB, 24 * GB);
    expect(choice.engine).toBe('memory');
    expect(choice.note).toMatch(
      /but --engine duckdb does not do mapping.spend.columns.product \(product lines\) yet: running in memory \(it may run out\)$/,
    );
  });

  it('a config pins the engine ("engine": "duckdb"); an unknown engine is refused in one line', async () => {
    const dir = tempDir();
    const sample = await loadStudyConfig();
    // Pinned to DuckDB with product lines, which only the engine refuses: the refusal shows which one ran.
    const spend = { columns: { product: 'Product Line' } };
    const config = { inputs: sample.inputs, engine: 'duckdb', mapping: { spend } };
    writeFileSync(join(dir, 'study.json'), JSON.stringify(config));
    const run = await runCli(['study', '--config', join(dir, 'study.json'), '--out', join(dir, 'run')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /--engine duckdb does not do mapping\.spend\.columns\.product \(product lines\) yet/,
    );
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...config, engine: 'spark' }));
    const bad = await runCli(['study', '--config', join(dir, 'bad.json'), '--out', join(dir, 'bad')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /engine="spark" must be "auto" \(DuckDB when the inputs would not fit in memory\), "memory" or "duckdb"/,
    );
    const flag = await runCli(['study', '--engine', 'spark', '--out', join(dir, 'flag')]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--engine spark: use memory, duckdb or auto/);
  }, 120_000);

  it("a config that chooses the engine runs it with the engine's JavaScript heap, as --engine duckdb does", async () => {
    const dir = tempDir();
    const accounts = resolve('test/fixtures/exports/warehouse/accounts.csv');
    writeFileSync(join(dir, 'study.json'), JSON.stringify({ inputs: { accounts }, engine: 'duckdb' }));
    const probe = join(dir, 'heaps.txt');
    const env = {
      NODE_OPTIONS: `--import ${resolve('test/fixtures/heap-probe.mjs')}`,
      HEAP_PROBE_FILE: probe,
      SEGMENT_ENGINE_HEAP_MB: '1100',
    };
    const run = await runCli(
      ['study', '--config', join(dir, 'study.json'), '--out', join(dir, 'run')],
      undefined,
      env,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/accounts in DuckDB/);
    // The command, its child with the in-memory heap (which chose the engine), then the engine's run.
    const heaps = readFileSync(probe, 'utf8').trim().split('\n');
    expect(heaps).toHaveLength(3);
    expect(heaps[1]).toMatch(/^0 /);
    // V8's limit is the old space asked for (SEGMENT_ENGINE_HEAP_MB) plus its young generation.
    const [flag, mb] = (heaps[2] as string).split(' ');
    expect(flag).toBe('1');
    expect(Number(mb)).toBeGreaterThanOrEqual(1100);
    expect(Number(mb)).toBeLessThan(1200);
    expect(JSON.parse(readFileSync(join(dir, 'run', 'manifest.json'), 'utf8')).engine).toBe('duckdb');
  }, 120_000);
});
