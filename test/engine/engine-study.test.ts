/**
 * `segment study --engine duckdb` gives the in-memory study's answers: the sample's assembled accounts table in, the
 * same fit scores, tiers, personas, potentials, quadrants and queues out — every account below the sampling size
 * and with a case-control sample above it — and the same lift tables. Bad tables are one line and no folder.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { frameToCsv, neutralizeFormula } from '../../src/data/csv-format.ts';
import type { Frame } from '../../src/data/frame.ts';
import { loadTable } from '../../src/data/load.ts';
import { runEngineStudy } from '../../src/engine/engine-study.ts';
import { roundedLikeSegments } from '../../src/study/outputs.ts';
import { loadStudyConfig } from '../../src/study/config.ts';
import { runSteps } from '../../src/study/runner.ts';
import type { StudyState } from '../../src/study/step.ts';
import type { StudyConfig } from '../../src/study/types.ts';
import { runCli } from '../cli/run-cli.ts';
import { tempDir, tempFile } from '../helpers.ts';
import { NO_DIFFERENCES, scoringDifferences } from './engines.ts';
import { sampleRuns } from '../sample-runs.ts';

const NO_OTHER_INPUTS = { market: null, opportunities: null, spend: null, engagement: null };

/** The engine's config: the study's, reading the assembled table written from the in-memory universe. */
async function assembledTable(config: StudyConfig): Promise<string> {
  const universe = (await runSteps(config, { until: 'assemble' })).frame;
  return tempFile('assembled.csv', frameToCsv(universe.drop(['log10_employees', 'log10_revenue'])));
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

function rowsOf(frame: Frame): Record<string, unknown>[] {
  return frame
    .toRows()
    .map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, typeof v === 'number' && Number.isNaN(v) ? null : v]),
      ),
    );
}

describe.each([
  ['every account (below lookalike.sample.above)', (c: StudyConfig) => c],
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
    const config = configure(await loadStudyConfig());
    memory = await runSteps(config);
    engine = await engineSegments(config, await assembledTable(config));
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
    const config = await loadStudyConfig();
    const { dir } = await engineSegments(config, await assembledTable(config));
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
    const config = await loadStudyConfig();
    const { dir } = await engineSegments(config, await assembledTable(config));
    const sql = await runCli(['sql', '--study', dir, '--dialect', 'postgres']);
    expect(sql.code).toBe(0);
    expect(sql.stdout).toMatch(/^-- segment study scoring/);
    const written = readFileSync(join(dir, 'report.html'), 'utf8');
    const report = await runCli(['report', dir]);
    expect(report.code).toBe(0);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe(written);
  });
});

/** `segment study --engine duckdb` on an assembled table (two personas), writing `<dir>/run`. */
function engineStudyOfTable(accounts: string, dir: string): ReturnType<typeof runCli> {
  const config = { inputs: { accounts }, clusters: { k: 2, candidateK: [2, 3] } };
  writeFileSync(join(dir, 'study.json'), JSON.stringify(config));
  return runCli([
    'study',
    '--config',
    join(dir, 'study.json'),
    '--engine',
    'duckdb',
    '--out',
    join(dir, 'run'),
  ]);
}

describe('a hand-written warehouse extract (BigQuery export style)', () => {
  // Quoted names, Salesforce ids, true/false flags, a blank size, one LATAM account (a level one CV fold only has).
  it('is segmented: flags read as 1/0, the rare region does not stop the cross-validation', async () => {
    const dir = tempDir();
    const run = await engineStudyOfTable(
      join(process.cwd(), 'test/fixtures/exports/warehouse/accounts.csv'),
      dir,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/segmented 32 accounts in DuckDB \(12 customers;/);
    const { frame } = await loadTable(join(dir, 'run', 'segments.csv'), { textColumns: ['account_id'] });
    expect(frame.numRows).toBe(32);
    expect(frame.strings('account_id')).toContain('0015g00000A1xRUAAZ');
    const manifest = JSON.parse(readFileSync(join(dir, 'run', 'manifest.json'), 'utf8'));
    expect(manifest.stats).toEqual({ accounts: 32, customers: 12 });
    expect(manifest.warnings.some((w: { code: string }) => w.code === 'level-unseen-in-fold')).toBe(true);
  });
});

describe('a hand-written Snowflake unload of the same table', () => {
  // COPY INTO @stage … HEADER = TRUE: column names in capitals (unquoted identifiers), NULL written as \N,
  // NUMBER(12,2) as 84000.00, strings enclosed in double quotes (FIELD_OPTIONALLY_ENCLOSED_BY = '"').
  it('is the same table: ACCOUNT_ID is account_id, \\N is missing, and the run folder has the same rows', async () => {
    const [bigQuery, snowflake] = [tempDir(), tempDir()];
    const fixture = (path: string) => join(process.cwd(), 'test/fixtures/exports', path);
    expect((await engineStudyOfTable(fixture('warehouse/accounts.csv'), bigQuery)).code).toBe(0);
    const run = await engineStudyOfTable(fixture('snowflake/accounts_0_0_0.csv'), snowflake);
    expect(run.code).toBe(0);
    // The same values (DuckDB writes a column as the table typed it: 84000.00 comes back as 84000.0, not 84000).
    const table = async (dir: string) =>
      (await loadTable(join(dir, 'run', 'segments.csv'), { textColumns: ['account_id'] })).frame;
    const frame = await table(snowflake);
    expect(frame.columnNames).toEqual((await table(bigQuery)).columnNames);
    expect(rowsOf(frame)).toEqual(rowsOf(await table(bigQuery)));
    expect(readFileSync(join(snowflake, 'run', 'road.json'), 'utf8')).toBe(
      readFileSync(join(bigQuery, 'run', 'road.json'), 'utf8'),
    );
    const pickles = frame.strings('account_id').indexOf('0015g00000A1xRRAAZ');
    expect(Number.isNaN(frame.numbers('employees')[pickles] as number)).toBe(true); // \N: missing, not text
  });

  it('a header that mixes capitals and lower case is read as written: no column is guessed', async () => {
    const dir = tempDir();
    const lines = readFileSync('test/fixtures/exports/snowflake/accounts_0_0_0.csv', 'utf8').split('\n');
    // One column added by hand in lower case: no longer an unload, so ACCOUNT_ID is not taken for account_id.
    const table = tempFile(
      'accounts.csv',
      [`${lines[0]},segment_note`, ...lines.slice(1, -1).map((l) => `${l},x`)].join('\n'),
    );
    const run = await engineStudyOfTable(table, dir);
    // Not an assembled table, so an export cleansed as the in-memory study cleanses one — whose CURRENT_SPEND would
    // be a second column beside the study's current_spend, which DuckDB cannot tell apart: refused, naming both.
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /accounts\.csv, column "CURRENT_SPEND": columns "CURRENT_SPEND" and "current_spend" differ only in letter case/,
    );
    expect(existsSync(join(dir, 'run'))).toBe(false);
  });
});

describe('the engine writes CSVs a spreadsheet opens safely', () => {
  it('text cells a spreadsheet would run are neutralized as the in-memory writer does', async () => {
    const hostile = [
      '=HYPERLINK("http://x","click")',
      '+cmd|calc',
      '@SUM(A1:A9)',
      '\tTabbed Co',
      '\rReturn Co',
    ];
    const lines = readFileSync('test/fixtures/exports/warehouse/accounts.csv', 'utf8').split('\n');
    hostile.forEach((name, i) => {
      const fields = (lines[i + 1] as string).split('","');
      fields[1] = name.replaceAll('"', '""');
      lines[i + 1] = fields.join('","');
    });
    const dir = tempDir();
    writeFileSync(join(dir, 'accounts.csv'), lines.join('\n'));
    const out = join(dir, 'run');
    const run = await engineStudyOfTable(join(dir, 'accounts.csv'), dir);
    expect(run.code).toBe(0);
    for (const [file, column] of [
      ['segments.csv', 'name'],
      ['crm-export.csv', 'Name'],
    ] as const) {
      const { frame } = await loadTable(join(out, file), { allText: true });
      const names = frame.strings(column);
      for (const name of hostile) expect(names).toContain(neutralizeFormula(name));
      expect(names).toContain('Litware Inc'); // plain names untouched
      expect(names.filter((n) => n?.startsWith("'")).length).toBe(hostile.length);
    }
  });
});

describe('the duckdb engine refuses what it cannot read right, in one line, writing nothing', () => {
  // A warehouse extract as analysts export it: ids as text, flags as 0/1.
  const header = 'account_id,name,industry,region,employees,annual_revenue,current_spend,is_customer';
  const rows = (n: number) =>
    Array.from(
      { length: n },
      (_, i) =>
        `A${i},Co ${i},Retail,EMEA,${10 + i},${1e6 + i},${i % 5 === 0 ? 1000 + i : 0},${i % 5 === 0 ? 1 : 0}`,
    );

  async function refused(csv: string, extra: Record<string, unknown> = {}) {
    const dir = tempDir();
    const table = join(dir, 'accounts.csv');
    writeFileSync(table, csv);
    const config = join(dir, 'study.json');
    writeFileSync(config, JSON.stringify({ inputs: { accounts: 'accounts.csv' }, ...extra }));
    const out = join(dir, 'run');
    const result = await runCli(['study', '--config', config, '--engine', 'duckdb', '--out', out]);
    return { ...result, written: existsSync(out) };
  }

  it('a table without is_customer is an export like any other: without spend or deals it has no customer', async () => {
    const r = await refused(
      `account_id,name,industry,employees,annual_revenue,current_spend\nA1,X,Retail,10,1,0\n`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/accounts\.csv: no customers: no account has spend > 0 or a won opportunity/);
    expect(r.written).toBe(false);
  });

  it('a repeated account id', async () => {
    const r = await refused([header, ...rows(3), rows(1)[0]].join('\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/account_id "A0" appears 2 times; the table needs one row per account/);
  });

  it('an is_customer that is not 0 or 1 names its line', async () => {
    const lines = [header, ...rows(3)];
    lines[3] = lines[3]?.replace(/,0$/, ',2') as string;
    const r = await refused(lines.join('\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 4.*is_customer is "2"; it must be 1 \(customer\) or 0/);
  });

  it("a spend file named beside a table is read as in memory: the table is an export, its spend the file's", async () => {
    const spend = [
      'account_id,annual_spend',
      ...Array.from({ length: 12 }, (_, i) => `A${i * 3},${5000 + i}`),
    ].join('\n');
    const dir = tempDir();
    writeFileSync(join(dir, 'spend.csv'), spend);
    const r = await refused([header, ...rows(40)].join('\n'), {
      inputs: { accounts: 'accounts.csv', spend: join(dir, 'spend.csv') },
    });
    expect(r.stderr).not.toMatch(/would not read/);
    expect(r.code).toBe(0);
  });
});
