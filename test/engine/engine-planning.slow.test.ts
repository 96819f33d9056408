/**
 * The engine's planning on configs the sample study does not use, each run both ways and compared byte for byte:
 * reps per role, quotas and coverage scenarios (the 60-reps sample), account families (Salesforce + D&B + NetSuite
 * with their parents), and a refresh (the November sample with the May run as its previous run). Slow lane.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';
import { tempDir } from '../helpers.ts';
import { sampleRuns } from '../sample-runs.ts';

/** A config (written to a file) run in memory and through the engine, side by side; each run's file as text. */
async function studyBothWays(config: object) {
  const dir = tempDir();
  writeFileSync(join(dir, 'study.json'), JSON.stringify(config));
  const study = (engine: string) =>
    runCli(['study', '--config', join(dir, 'study.json'), '--engine', engine, '--out', join(dir, engine)]);
  const [memory, engine] = await Promise.all([study('memory'), study('duckdb')]);
  expect([memory.code, engine.code]).toEqual([0, 0]);
  return { dir, bytes: (run: string, file: string) => readFileSync(join(dir, run, file), 'utf8') };
}

describe('planning through --engine duckdb (the 60-reps sample: reps per role, quotas, scenarios, territory rules)', () => {
  it('gives the in-memory owners, territories, quotas.csv and scenarios.csv', async () => {
    // The 60-reps config without its product lines (which the engine does not read yet), run both ways.
    const config = JSON.parse(readFileSync('data/studies/sample-60-reps.json', 'utf8'));
    const studies = resolve('data/studies');
    config.inputs = Object.fromEntries(
      Object.entries(config.inputs as Record<string, string>).map(([k, v]) => [k, resolve(studies, v)]),
    );
    delete config.mapping.spend.columns.product;
    const { bytes } = await studyBothWays(config);
    for (const file of ['segments.csv', 'coverage.json', 'quotas.csv', 'scenarios.csv', 'study.json'])
      expect(bytes('duckdb', file), file).toBe(bytes('memory', file));
    expect(bytes('duckdb', 'segments.csv')).toMatch(/,Acquire rep 01,/);
  }, 120_000);
});

describe('account families through --engine duckdb (Salesforce + D&B + NetSuite, hierarchy.parentColumn)', () => {
  it('gives the in-memory families: ultimate parents, roll-ups, families kept with one rep, coverage.json', async () => {
    const fixtures = resolve('test/fixtures/exports/planted-salesforce');
    const config = {
      inputs: {
        accounts: join(fixtures, 'accounts.csv'),
        market: join(fixtures, 'dnb.csv'),
        opportunities: join(fixtures, 'opportunities.csv'),
        spend: join(fixtures, 'invoice-lines.csv'),
      },
      fx: { EUR: 1.08, GBP: 1.27, SEK: 0.095, CAD: 0.73 },
      hierarchy: { parentColumn: 'Parent Account ID' },
    };
    const { bytes } = await studyBothWays(config);
    for (const file of ['segments.csv', 'coverage.json', 'study.json', 'performance.csv'])
      expect(bytes('duckdb', file), file).toBe(bytes('memory', file));
    expect(bytes('duckdb', 'segments.csv').split('\n')[0]).toContain('family_whitespace');
    expect(JSON.parse(bytes('duckdb', 'coverage.json')).hierarchy.multiAccountFamilies).toBeGreaterThan(10);
  }, 120_000);
});

describe('a refresh through --engine duckdb (the November sample, previousRun: the May run made in memory)', () => {
  it('writes the in-memory November run folder: the same files, changes.json and the lapsed-customer warning', async () => {
    const { may, november } = sampleRuns();
    const dir = join(tempDir(), 'run');
    const config = join(dirname(may), 'study-2026-11.json');
    const run = await runCli(['study', '--config', config, '--engine', 'duckdb', '--out', dir]);
    expect(run.code).toBe(0);
    const files = (folder: string) => readdirSync(folder, { recursive: true }).map(String).sort();
    expect(files(dir)).toEqual(files(november));
    expect(files(dir)).toContain('changes.json');
    const bytes = (folder: string, file: string) => readFileSync(join(folder, file), 'utf8');
    for (const file of ['changes.json', 'segments.csv', 'coverage.json', 'performance.csv', 'study.json'])
      expect(bytes(dir, file), file).toBe(bytes(november, file));
    expect(bytes(dir, 'study.json')).toMatch(/road: 73 of 1,731 customers have no current spend/);
  }, 120_000);
});
