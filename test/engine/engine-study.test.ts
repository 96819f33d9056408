/**
 * `segment study --engine duckdb` gives the in-memory study's answers: the sample's assembled accounts table in, the
 * same fit scores, tiers, personas, potentials, quadrants and queues out — every account below the sampling size
 * and with a case-control sample above it — and the same lift tables; the sample's five raw inputs give the
 * in-memory run folder. Warehouse tables and refusals: engine-tables.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { frameToCsv } from '../../src/data/csv-format.ts';
import type { Frame } from '../../src/data/frame.ts';
import { loadTable } from '../../src/data/load.ts';
import { runEngineStudy } from '../../src/engine/engine-study.ts';
import { assignAccounts } from '../../src/study/assign/assign.ts';
import { loadFrozenStudy } from '../../src/study/assign/frozen-study.ts';
import { roundedLikeSegments } from '../../src/study/outputs.ts';
import { loadStudyConfig } from '../../src/study/config.ts';
import { runSteps } from '../../src/study/runner.ts';
import type { StudyState } from '../../src/study/step.ts';
import type { StudyConfig } from '../../src/study/types.ts';
import { runCli } from '../cli/run-cli.ts';
import { tempDir, tempFile } from '../helpers.ts';
import { NO_DIFFERENCES, rowsOf, scoringDifferences } from './engines.ts';
import { sampleRuns } from '../sample-runs.ts';

const LEADS = 'test/fixtures/exports/salesforce-new-leads/accounts.csv';
const NO_OTHER_INPUTS = { market: null, opportunities: null, spend: null, engagement: null };

let sampleTable: Promise<string> | null = null;

/**
 * The assembled table the engine reads: the sample's in-memory universe, written once for the file (the configs
 * here differ in their models only, not in how the universe is assembled).
 */
function assembledTable(config: StudyConfig): Promise<string> {
  sampleTable ??= runSteps(config, { until: 'assemble' }).then(({ frame }) =>
    tempFile('assembled.csv', frameToCsv(frame.drop(['log10_employees', 'log10_revenue']))),
  );
  return sampleTable;
}

async function engineSegments(
  config: StudyConfig,
  accounts: string,
): Promise<{ dir: string; segments: Frame }> {
  const dir = join(tempDir(), 'run');
  await runEngineStudy({ ...config, inputs: { accounts, ...NO_OTHER_INPUTS } }, { outDir: dir });
  const { frame } = await loadTable(join(dir, 'segments.csv'), { textColumns: ['account_id', 'name'] });
  return { dir, segments: frame };
}

let sampleEngineRun: Promise<{ dir: string; segments: Frame }> | null = null;

/** The engine on the sample's assembled table with the sample's config: run once, read by every test here. */
function engineOnSample(): Promise<{ dir: string; segments: Frame }> {
  sampleEngineRun ??= loadStudyConfig().then(async (config) =>
    engineSegments(config, await assembledTable(config)),
  );
  return sampleEngineRun;
}

describe.each([
  ['every account (below lookalike.sample.above)', null],
  [
    'a case-control sample (above it)',
    (c: StudyConfig) => ({
      ...c,
      lookalike: { ...c.lookalike, sample: { above: 10_000, nonCustomers: 6_000 } },
    }),
  ],
])('the duckdb engine on the sample, fitting on %s', (_label, configure) => {
  let memory: StudyState;
  let engine: { dir: string; segments: Frame };
  beforeAll(async () => {
    const config = (configure ?? ((c: StudyConfig) => c))(await loadStudyConfig());
    memory = await runSteps(config);
    engine =
      configure === null
        ? await engineOnSample()
        : await engineSegments(config, await assembledTable(config));
  });

  it('scores every account as the in-memory study does', () => {
    expect(engine.segments.numRows).toBe(memory.frame.numRows);
    // segments.csv is written as the in-memory study writes it: probabilities to 6 digits, money to cents.
    expect(scoringDifferences(roundedLikeSegments(memory.frame), rowsOf(engine.segments))).toEqual(
      NO_DIFFERENCES,
    );
  });

  it('writes the same lift tables, ROAD thresholds and lookalike model', () => {
    const icp = JSON.parse(readFileSync(join(engine.dir, 'icp.json'), 'utf8'));
    expect(icp.lift).toEqual(JSON.parse(JSON.stringify(memory.artifacts.lift?.tables)));
    const road = JSON.parse(readFileSync(join(engine.dir, 'road.json'), 'utf8'));
    expect(road.thresholds.spend_threshold).toBe(memory.artifacts.road?.thresholds.spend_threshold);
    expect(road.thresholds.opportunity_threshold).toBeCloseTo(
      memory.artifacts.road?.thresholds.opportunity_threshold as number,
      9,
    );
    const model = JSON.parse(readFileSync(join(engine.dir, 'models/lookalike.json'), 'utf8'));
    expect(model.intercept).toBe(memory.artifacts.lookalike?.model.toJSON().intercept);
    expect(model.sampling ?? null).toEqual(memory.artifacts.lookalike?.sampling ?? null);
    const manifest = JSON.parse(readFileSync(join(engine.dir, 'manifest.json'), 'utf8'));
    expect(manifest.engine).toBe('duckdb');
    const outputs = Object.keys(manifest.outputs);
    for (const file of ['segments.csv', 'crm-export.csv', 'models/lookalike.json', 'coverage.json'])
      expect(outputs).toContain(file);
    for (const file of ['performance.csv', 'study.json', 'report.html', 'charts/road-quadrants.svg'])
      expect(outputs).toContain(file);
    // An assembled table is not cleansed: no data quality or merges to report.
    expect(outputs.filter((f) => f === 'data-quality.json' || f === 'merges.csv')).toEqual([]);
  });
});

/** The shape of a JSON value: its keys and the types of its leaves (the first element standing for a list). */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
  return value === null ? 'null' : typeof value;
}

const headerOf = (path: string): string[] => (readFileSync(path, 'utf8').split('\n')[0] as string).split(',');

describe('the two writers of a run folder (in memory, --engine duckdb) on the same input', () => {
  it("write road.json in one shape, and segments.csv's columns in one order (the engine's gaps listed)", async () => {
    const { may } = sampleRuns();
    const { dir } = await engineOnSample();
    const json = (run: string, file: string) => JSON.parse(readFileSync(join(run, file), 'utf8')) as unknown;
    expect(shapeOf(json(dir, 'road.json'))).toEqual(shapeOf(json(may, 'road.json')));
    for (const file of ['models/lookalike.json', 'models/spend.json'])
      expect(Object.keys(json(dir, file) as object).sort()).toEqual(
        Object.keys(json(may, file) as object).sort(),
      );
    const memory = headerOf(join(may, 'segments.csv'));
    const engine = headerOf(join(dir, 'segments.csv'));
    expect(engine).toEqual(memory.filter((c) => engine.includes(c)));
    expect(memory.filter((c) => !engine.includes(c))).toEqual([]);
    expect(engine.filter((c) => !memory.includes(c))).toEqual([]);
  }, 120_000);
});

/** Per column both tables have, the accounts whose values differ (numbers beyond 1e-9 relative). */
function columnDifferences(memory: Frame, engine: Frame): Record<string, number> {
  const row = new Map(engine.strings('account_id').map((id, i) => [id, i]));
  const ids = memory.strings('account_id');
  const counts: Record<string, number> = {};
  for (const column of memory.columnNames.filter((c) => engine.has(c))) {
    const [m, e] = [memory.column(column), engine.column(column)];
    let differing = 0;
    ids.forEach((id, i) => {
      const j = row.get(id);
      const [a, b] = [m.values[i] ?? null, j === undefined ? undefined : (e.values[j] ?? null)];
      const missing = (v: unknown) => v === null || (typeof v === 'number' && Number.isNaN(v));
      if (b === undefined) differing++;
      else if (missing(a) || missing(b)) differing += missing(a) === missing(b) ? 0 : 1;
      else if (typeof a === 'number' && typeof b === 'number')
        differing += Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)) ? 0 : 1;
      else differing += String(a) === String(b) ? 0 : 1;
    });
    counts[column] = differing;
  }
  return counts;
}

describe("the sample's own config (five raw inputs) through --engine duckdb", () => {
  it('gives the in-memory run folder: the same files, segments.csv byte for byte, coverage, performance, warnings', async () => {
    const { may } = sampleRuns();
    const dir = join(tempDir(), 'run');
    const run = await runCli(['study', '--engine', 'duckdb', '--out', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/segmented 20,000 accounts in DuckDB \(1,400 customers;/);
    const read = async (folder: string) =>
      (await loadTable(join(folder, 'segments.csv'), { textColumns: ['account_id', 'name', 'domain'] }))
        .frame;
    const [memory, engine] = [await read(may), await read(dir)];
    expect(engine.numRows).toBe(memory.numRows);
    expect(engine.columnNames).toEqual(memory.columnNames);
    const differences = columnDifferences(memory, engine);
    expect(Object.keys(differences).length).toBe(engine.columnNames.length);
    expect(Object.entries(differences).filter(([, n]) => n > 0)).toEqual([]);
    // routing.json: the same queues, reps and opportunity (balanced on the in-memory opportunity, not SQL's).
    const routing = (folder: string) => readFileSync(join(folder, 'routing.json'), 'utf8');
    expect(routing(dir)).toBe(routing(may));
    // The same run-folder files (charts and report included); the same bytes but for the ROC, gains and
    // calibration in icp.json and road.json's opportunity sums, whose SQL probabilities may differ in the last digit.
    const files = (folder: string) => readdirSync(folder, { recursive: true }).map(String).sort();
    expect(files(dir)).toEqual(files(may));
    const bytes = (folder: string, file: string) => readFileSync(join(folder, file), 'utf8');
    for (const file of ['segments.csv', 'crm-export.csv', 'coverage.json', 'performance.csv', 'study.json'])
      expect(bytes(dir, file), file).toBe(bytes(may, file));
    expect(bytes(dir, 'report.html')).toContain('Acquire holds 83% of the whitespace');
    // segment assign reads the engine's run as the in-memory one: new leads get the same rows.
    const assigned = async (folder: string) =>
      frameToCsv(roundedLikeSegments((await assignAccounts(await loadFrozenStudy(folder), LEADS)).frame));
    expect(await assigned(dir)).toBe(await assigned(may));
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.inputs)).toEqual([
      'accounts',
      'market',
      'opportunities',
      'spend',
      'engagement',
    ]);
  }, 120_000);
});

describe('an engine run folder', () => {
  it('gives its scoring as SQL, and segment report rebuilds its report byte for byte', async () => {
    const { dir } = await engineOnSample();
    const sql = await runCli(['sql', '--study', dir, '--dialect', 'postgres']);
    expect(sql.code).toBe(0);
    expect(sql.stdout).toMatch(/^-- segment study scoring/);
    const written = readFileSync(join(dir, 'report.html'), 'utf8');
    const report = await runCli(['report', dir]);
    expect(report.code).toBe(0);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe(written);
  });
});
