import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { loadTable } from '../../src/data/load.ts';
import { loadStudyConfig } from '../../src/study/config.ts';
import { RUN_DATA_FILES } from '../../src/study/run-files.ts';
import { STUDY_CHARTS } from '../expected-run.ts';
import { tempDir } from '../helpers.ts';
import { runCli } from '../cli/run-cli.ts';
import { sampleRuns } from '../sample-runs.ts';

const { may: run1, mayAgain: run2, november: run3, mayResult: first } = sampleRuns();
const dir = tempDir();

beforeAll(() => {
  expect(first.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('warning: '))).toEqual([]);
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(
    /^segmented 20,000 accounts \(1,400 customers; lookalike CV AUC 0\.\d{3}\): Develop [\d,]+, Retain [\d,]+, Acquire [\d,]+, Opportunistic [\d,]+; [\d,]+ reps needed; wrote /,
  );
});

describe('segment study on the bundled sample', () => {
  it('writes the run folder of the contract, with a manifest that hashes every input and output', () => {
    expect(readdirSync(run1).sort()).toEqual([
      'charts',
      'coverage.json',
      'crm-export.csv',
      'data-quality.json',
      'icp.json',
      'manifest.json',
      'merges.csv',
      'models',
      'performance.csv',
      'report.html',
      'road.json',
      'routing.json',
      'segments.csv',
      'study.json',
    ]);
    const manifest = JSON.parse(readFileSync(join(run1, 'manifest.json'), 'utf8')) as {
      version: string;
      seed: number;
      road: { spend_threshold: number; opportunity_threshold: number };
      inputs: Record<string, { path: string; sha256: string }>;
      outputs: Record<string, { sha256: string }>;
    };
    expect(manifest.version).toBe('0.1.0');
    expect(manifest.seed).toBe(42);
    expect(
      Object.keys(manifest.outputs)
        .filter((f) => !f.startsWith('charts/'))
        .sort(),
    ).toEqual([...RUN_DATA_FILES, 'models/value.json', 'report.html'].sort()); // value: the sample's deals fit it
    expect(
      Object.keys(manifest.outputs)
        .filter((f) => f.startsWith('charts/'))
        .sort(),
    ).toEqual(STUDY_CHARTS.flatMap((c) => [`charts/${c}.png`, `charts/${c}.svg`]));
    for (const [file, { sha256 }] of Object.entries(manifest.outputs)) {
      expect(
        createHash('sha256')
          .update(readFileSync(join(run1, file)))
          .digest('hex'),
      ).toBe(sha256);
    }
    for (const { path, sha256 } of Object.values(manifest.inputs)) {
      expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(sha256);
    }
    expect(manifest.road.spend_threshold).toBeGreaterThan(0);
  });

  it('segments.csv: one row per account, the contract columns, quadrants that follow the recorded thresholds', async () => {
    const { frame } = await loadTable(join(run1, 'segments.csv'), { textColumns: ['account_id'] });
    expect(frame.numRows).toBe(20000);
    for (const column of [
      'account_id',
      'name',
      'fit_score',
      'fit_reasons',
      'engagement_score',
      'priority_cell',
      'tier',
      'size_segment',
      'cluster',
      'current_spend',
      'spend_potential',
      'whitespace',
      'opportunity',
      'road_quadrant',
      'motion',
    ]) {
      expect(frame.has(column)).toBe(true);
    }
    const { road } = JSON.parse(readFileSync(join(run1, 'manifest.json'), 'utf8')) as {
      road: { spend_threshold: number; opportunity_threshold: number };
    };
    const spend = frame.numbers('current_spend');
    const opportunity = frame.numbers('opportunity');
    const quadrant = frame.strings('road_quadrant');
    let checked = 0;
    for (let i = 0; i < frame.numRows; i++) {
      if (quadrant[i] === null) continue;
      const high = (spend[i] as number) >= road.spend_threshold;
      const opp = (opportunity[i] as number) >= road.opportunity_threshold - 0.005; // opportunity is rounded to cents
      expect(quadrant[i]).toBe(high ? (opp ? 'Develop' : 'Retain') : opp ? 'Acquire' : 'Opportunistic');
      checked++;
    }
    expect(checked).toBeGreaterThan(19000);
    // Every scored account says why: the strongest drivers of its fit, e.g. "Industry Information: +0.7; …".
    const reasons = frame.strings('fit_reasons');
    expect(reasons.filter((r) => r !== null && /^[A-Z][^:]+: [+−]\d\.\d/.test(r)).length).toBeGreaterThan(
      19000,
    );
    const crm = readFileSync(join(run1, 'crm-export.csv'), 'utf8').split('\n')[0];
    expect(crm).toBe(
      'Id,Name,Segment_Score__c,Fit_Reasons__c,Engagement_Score__c,Priority_Cell__c,Segment_Tier__c,Monthly_Touch_Target__c,Size_Segment__c,Industry_Priority__c,Persona_Cluster__c,Spend_Potential__c,Whitespace__c,Expected_Value__c,Renewal_Risk__c,ROAD_Quadrant__c,Recommended_Motion__c,Assigned_Owner__c,Routing_Queue__c',
    );
  });

  it('every warning of every fit and prediction reaches the manifest, study.json and the report', () => {
    const manifest = JSON.parse(readFileSync(join(run1, 'manifest.json'), 'utf8')) as {
      warnings: { message: string }[];
    };
    const study = JSON.parse(readFileSync(join(run1, 'study.json'), 'utf8')) as {
      name: string;
      inputs: { role: string; file: string; rows: number; matched: string | null }[];
      warnings: { message: string }[];
    };
    const imputed =
      'personas: placing all accounts: filled 4146 missing feature values with training medians (numbers) and "Unknown" or the training mode (categories)';
    expect(manifest.warnings.map((w) => w.message)).toContain(imputed);
    expect(study.warnings).toEqual(manifest.warnings);
    const report = readFileSync(join(run1, 'report.html'), 'utf8');
    expect(report).toContain(imputed.replaceAll('"', '&quot;')); // the report escapes every data string
    expect(study.name).toBe('Bundled sample, 2026-05');
    expect(study.inputs.map((i) => i.role)).toEqual([
      'accounts',
      'market',
      'opportunities',
      'spend',
      'engagement',
    ]);
    expect(study.inputs[1]?.matched).toMatch(/^[\d,]+ of 20,000 accounts matched by domain$/);
    expect(report).toContain('Bundled sample, 2026-05');
  });

  it("is byte-identical for the same seed and inputs (except the manifest's timestamps)", () => {
    for (const file of RUN_DATA_FILES) {
      expect({ file, same: readFileSync(join(run1, file)).equals(readFileSync(join(run2, file))) }).toEqual({
        file,
        same: true,
      });
    }
  });

  it('never writes over an existing run folder', async () => {
    const result = await runCli(['study', '--out', run1]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /already exists; a run folder is never overwritten \(choose another --out\)\n$/,
    );
  });

  it('rejects config errors with one clear line', async () => {
    const cases: [unknown, RegExp][] = [
      [
        { lookalik: {} },
        /unknown key "lookalik" \(known: "name", "seed", "previousRun", "crm", "outputs", "engine", "inputs"/,
      ],
      [{ clusters: { k: 'four' } }, /clusters\.k must be a number, got "four"/],
      [{ clusters: { k: 0 } }, /clusters: KMeans: k=0 must be an integer >= 1/],
      [{ lookalike: { l2: -1 } }, /lookalike: LogisticRegression: l2=-1 must be a number >= 0/],
      [{ name: 'no inputs' }, /inputs\.accounts must name the CRM account file/],
      [{ road: { spend: { percentile: 2 } } }, /road\.spend\.percentile=2 must be between 0 and 1/],
      [
        { road: { opportunity: { median: true } } },
        /road\.opportunity must be \{"percentile": p\} or \{"value": dollars\}/,
      ],
      [
        { spend: { method: 'magic' } },
        /spend: SpendPotential: method="magic" must be "peer-percentile" or "log-log"/,
      ],
      [{ inputs: { accounts: 42 } }, /inputs\.accounts must be a file path or null, got 42/],
      [
        { coverage: { capacity: { Acquire: { SMB: -5 } } } },
        /coverage\.capacity\.Acquire\.SMB=-5 must be a whole number/,
      ],
    ];
    // Each message as the config loader gives it; the command's own exit, one line and no run folder on two of them
    // (every config error takes the same way out of the CLI).
    for (const [k, [config, message]] of cases.entries()) {
      const file = join(tempDir(), 'study.json');
      writeFileSync(file, JSON.stringify(config));
      await expect(loadStudyConfig(file)).rejects.toThrow(ConfigError);
      await expect(loadStudyConfig(file)).rejects.toThrow(message);
      if (k !== 0 && k !== cases.length - 1) continue;
      const out = join(tempDir(), 'run');
      const result = await runCli(['study', '--config', file, '--out', out]);
      expect({ config, code: result.code }).toEqual({ config, code: 2 });
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('stops with one line naming the file when an input is broken, leaving no run folder', async () => {
    const broken = join(tempDir(), 'accounts.csv');
    writeFileSync(broken, 'Account Name,Website\nAcme,acme.com\nBeta,beta.io,extra\n');
    const file = join(tempDir(), 'study.json');
    writeFileSync(file, JSON.stringify({ inputs: { accounts: broken } }));
    const out = join(tempDir(), 'run');
    const result = await runCli(['study', '--config', file, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: .*accounts\.csv, line 3: the row has 3 fields but the header has 2/,
    );
    expect(existsSync(out)).toBe(false);
    mkdirSync(join(dir, 'unused'), { recursive: true });
  });
});

describe('segment refresh', () => {
  it('a run against itself: zero changes and ARI = 1', async () => {
    const out = join(tempDir(), 'refresh');
    const result = await runCli(['refresh', '--previous', run1, '--current', run2, '--out', out]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      accounts: Record<string, number>;
      adjusted_rand_index: { quadrants: number; clusters: number };
      psi: Record<string, number>;
    };
    expect(summary.accounts).toEqual({ matched: 20000, new: 0, vanished: 0, changed: 0 });
    expect(summary.adjusted_rand_index).toEqual({ quadrants: 1, clusters: 1 });
    for (const value of Object.values(summary.psi)) expect(value).toBe(0);
    expect(readFileSync(join(out, 'changed-accounts.csv'), 'utf8')).toBe('account_id\n');
  });

  it('the two bundled snapshots: real movement, the planted new and vanished accounts, drivers for each change', async () => {
    const out = join(tempDir(), 'refresh');
    const result = await runCli(['refresh', '--previous', run1, '--current', run3, '--out', out]);
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'changed-accounts.csv',
      'charts',
      'migration.csv',
      'new-accounts.csv',
      'summary.json',
      'tier-migration.csv',
      'vanished-accounts.csv',
    ]);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      accounts: Record<string, number>;
      adjusted_rand_index: { quadrants: number };
      psi: Record<string, number>;
      threshold_changes: unknown;
    };
    expect(summary.accounts.new).toBe(600);
    expect(summary.accounts.vanished).toBe(200);
    expect(summary.accounts.changed).toBeGreaterThan(500);
    expect(summary.adjusted_rand_index.quadrants).toBeGreaterThan(0.5);
    expect(summary.adjusted_rand_index.quadrants).toBeLessThan(1);
    expect(summary.psi.tech_fit_score).toBeGreaterThan(summary.psi.employees as number); // the generator's planted drift
    const { frame } = await loadTable(join(out, 'changed-accounts.csv'), { textColumns: ['account_id'] });
    expect(frame.numRows).toBe(summary.accounts.changed);
    expect(frame.strings('driver').every((d) => d !== null && d.length > 0)).toBe(true);
  });

  it('refuses a missing run and an existing output folder', async () => {
    const missing = await runCli([
      'refresh',
      '--previous',
      join(dir, 'nope'),
      '--current',
      run1,
      '--out',
      join(tempDir(), 'x'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope: run folder or segments file not found\n$/);
    const existing = await runCli(['refresh', '--previous', run1, '--current', run1, '--out', dir]);
    expect(existing.code).toBe(2);
    expect(existing.stderr).toMatch(/already exists; choose another --out/);
  });
});

describe('segment study with a previous run', () => {
  it('records what changed since, and the report shows it with the migration and drift charts', async () => {
    const changes = JSON.parse(readFileSync(join(run3, 'changes.json'), 'utf8')) as {
      summary: { accounts: Record<string, number> };
    };
    expect(changes.summary.accounts).toMatchObject({ new: 600, vanished: 200 });
    for (const chart of ['migration-quadrants', 'migration-flows', 'migration-tiers', 'drift-psi']) {
      expect(existsSync(join(run3, 'charts', `${chart}.png`))).toBe(true);
    }
    const html = readFileSync(join(run3, 'report.html'), 'utf8');
    expect(html).toContain('Since the previous run');
    expect(html).toMatch(/600 \/ 200<\/div><div class="l">new \/ vanished accounts/);
    expect(readFileSync(join(run1, 'report.html'), 'utf8')).not.toContain('Since the previous run');
  });
});

describe('segment performance and routing in the study', () => {
  it('win rate and deal size rise with the fit decile, as the generator planted; every account is routed', async () => {
    const { frame } = await loadTable(join(run1, 'performance.csv'), {
      textColumns: ['dimension', 'segment'],
    });
    const deciles = frame.toRows().filter((r) => r.dimension === 'fit_decile');
    expect(deciles.map((r) => r.segment)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    const mean = (rows: typeof deciles, column: string) =>
      rows.reduce((s, r) => s + (r[column] as number), 0) / rows.length;
    expect(mean(deciles.slice(-3), 'win_rate')).toBeGreaterThan(1.3 * mean(deciles.slice(0, 3), 'win_rate'));
    expect(mean(deciles.slice(-3), 'avg_deal_size')).toBeGreaterThan(
      2 * mean(deciles.slice(0, 3), 'avg_deal_size'),
    );
    const routing = JSON.parse(readFileSync(join(run1, 'routing.json'), 'utf8')) as {
      queues: { queue: string; accounts: number }[];
    };
    expect(routing.queues.map((q) => q.queue)).toEqual([
      'Enterprise_AE_Queue',
      'Enterprise_Named_Queue',
      'MidMarket_AE_RoundRobin',
      'SMB_Pool',
    ]);
    expect(routing.queues.reduce((s, q) => s + q.accounts, 0)).toBe(20000);
    const html = readFileSync(join(run1, 'report.html'), 'utf8');
    expect(html).toContain('Is the segmentation working?');
    expect(html).toContain('Enterprise_AE_Queue');
  });

  it('refresh compares win rate and deal size per segment', async () => {
    const out = join(tempDir(), 'refresh');
    expect((await runCli(['refresh', '--previous', run1, '--current', run3, '--out', out])).code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      performance_changes: { dimension: string; segment: string; win_rate: number[] }[];
    };
    const p0 = summary.performance_changes.find((c) => c.dimension === 'tier' && c.segment === 'P0');
    expect(p0?.win_rate).toHaveLength(2);
    expect(p0?.win_rate.every((v) => v > 0 && v < 1)).toBe(true);
  });

  it('rejects routing config errors with one clear line', async () => {
    const file = join(tempDir(), 'study.json');
    writeFileSync(
      file,
      JSON.stringify({
        routing: { rules: [{ when: { size: 'SMB' }, queue: 'X' }], default: { queue: 'Pool' } },
      }),
    );
    const result = await runCli(['study', '--config', file, '--out', join(tempDir(), 'run')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/study\.json: routing\.rules\[0\]\.when: unknown field "size"/);
  });
});

describe('segment backtest', () => {
  it("May's fit scores predict November's new customers nearly as well as the generator's true propensity", async () => {
    const out = join(tempDir(), 'backtest');
    const result = await runCli(['backtest', '--previous', run1, '--current', run3, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^[\d,]+ of [\d,]+ earlier non-customers became customers; AUC of the earlier score 0\.\d{3} \(95% 0\.\d{3}–0\.\d{3}\), top-decile lift \d+\.\d×; wrote /,
    );
    const backtest = JSON.parse(readFileSync(join(out, 'backtest.json'), 'utf8')) as {
      accounts: number;
      becameCustomers: number;
      auc: { value: number; low: number; high: number };
      topDecileLift: { value: number };
      byDecile: { accounts: number; becameCustomers: number; conversionRate: number }[];
      byTier: { group: string; accounts: number }[];
    };
    expect(existsSync(join(out, 'charts', 'backtest-deciles.png'))).toBe(true);
    expect(backtest.byDecile.reduce((s, g) => s + g.accounts, 0)).toBe(backtest.accounts);
    expect(backtest.byTier.reduce((s, g) => s + g.accounts, 0)).toBe(backtest.accounts);
    expect(backtest.topDecileLift.value).toBeGreaterThan(2);
    // The generator's truth: the AUC of the true May propensity on the same outcome, same accounts.
    const truth = new Map<string, number>();
    const ground = readFileSync('data/sample/ground-truth/accounts-2026-05.csv', 'utf8').split('\n');
    const header = (ground[0] as string).split(',');
    const [idAt, pAt] = [header.indexOf('account_id'), header.indexOf('true_propensity')];
    for (const line of ground.slice(1)) {
      const f = line.split(',');
      if (f.length > pAt) truth.set(f[idAt] as string, Number(f[pAt]));
    }
    const may = (await loadTable(join(run1, 'segments.csv'), { textColumns: ['account_id'] })).frame;
    const nov = (await loadTable(join(run3, 'segments.csv'), { textColumns: ['account_id'] })).frame;
    const later = new Map(nov.strings('account_id').map((id, j) => [id, nov.numbers('is_customer')[j]]));
    const y: number[] = [];
    const p: number[] = [];
    may.strings('account_id').forEach((id, i) => {
      const became = later.get(id);
      const t = truth.get(id as string);
      if (became === undefined || may.numbers('is_customer')[i] === 1 || t === undefined) return;
      y.push(became as number);
      p.push(t);
    });
    const { rocAuc } = await import('../../src/models/metrics.ts');
    const truthAuc = rocAuc(y, p);
    expect(y.length).toBeGreaterThan(0.95 * backtest.accounts);
    expect(backtest.auc.value).toBeGreaterThan(truthAuc - 0.08);
    expect(backtest.auc.value).toBeLessThan(truthAuc + 0.03);
    expect(backtest.auc.low).toBeGreaterThan(0.6);
    console.log(
      `backtest AUC ${backtest.auc.value.toFixed(3)}; the generator's true propensity: ${truthAuc.toFixed(3)}`,
    );
  }, 60_000);
});
