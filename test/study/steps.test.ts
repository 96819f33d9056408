/**
 * The study's steps, run without the CLI: a prefix of the study, each step on the state of the steps before
 * it, the order they need, and the config slices they own.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repsNeeded } from '../../src/segment/coverage.ts';
import {
  coverageStep,
  liftStep,
  lookalikeStep,
  performanceStep,
  personasStep,
  roadStep,
  routingStep,
  sizeSegmentsStep,
  spendStep,
  STUDY_STEPS,
  tiersStep,
} from '../../src/study/steps/index.ts';
import { defaultStudyConfig, loadStudyConfig } from '../../src/study/config.ts';
import { runSteps } from '../../src/study/runner.ts';
import { type StudyArtifacts } from '../../src/study/types.ts';
import { type StudyState, type StudyStep } from '../../src/study/step.ts';
import { condenseWarnings } from '../../src/core/condense-warnings.ts';
import { tempDir } from '../helpers.ts';

let state: StudyState;

beforeAll(async () => {
  state = await runSteps(await loadStudyConfig());
}, 60_000);

/** States after each step, computed once: a later prefix continues from the longest one already run. */
const prefixes: StudyState[] = [];

/** The state as the steps before `name` left it (states are never mutated, so tests can share them). */
async function stateBefore(name: string): Promise<StudyState> {
  const index = STUDY_STEPS.findIndex((s) => s.name === name);
  if (index === 0) throw new Error('no step before the first');
  const cached = prefixes[index - 1];
  if (cached !== undefined) return cached;
  const longest = prefixes.findLastIndex((p, i) => p !== undefined && i < index - 1);
  const from = longest >= 0 ? { from: prefixes[longest] as StudyState } : {};
  const state = await runSteps(await loadStudyConfig(), { ...from, until: STUDY_STEPS[index - 1]?.name });
  prefixes[index - 1] = state;
  return state;
}

/** Runs one step on a frozen state and checks it added exactly its columns without touching the state. */
async function runAlone<K extends keyof StudyArtifacts>(
  step: StudyStep<K>,
  before: StudyState,
  columns: string[],
) {
  const frozen = Object.freeze({ ...before, artifacts: Object.freeze({ ...before.artifacts }) });
  const namesBefore = before.frame.columnNames;
  const result = await step.run(frozen);
  expect(Object.keys(result.columns ?? {}).sort()).toEqual([...columns].sort());
  for (const values of Object.values(result.columns ?? {})) expect(values.length).toBe(before.frame.numRows);
  expect(before.frame.columnNames).toEqual(namesBefore);
  return result;
}

describe('runSteps', () => {
  it('runs a prefix of the study: probability, whitespace and road_quadrant are columns of the frame', async () => {
    const progress: string[] = [];
    const prefix = await runSteps(await loadStudyConfig(), {
      until: 'road',
      onProgress: (i, total, label) => progress.push(`${i}/${total} ${label}`),
    });
    expect(Object.keys(prefix.artifacts)).toEqual([
      'assemble',
      'sizeSegments',
      'lift',
      'lookalike',
      'engagement',
      'personas',
      'spend',
      'value',
      'tiers',
      'road',
    ]);
    expect(progress[0]).toBe('1/10 load and cleanse');
    expect(progress).toHaveLength(10);
    for (const c of ['probability', 'fit_score', 'whitespace', 'road_quadrant', 'motion', 'tier'])
      expect(prefix.frame.has(c)).toBe(true);
    expect(prefix.frame.has('owner')).toBe(false);
    expect(Object.keys(prefix.timings)).toHaveLength(10);
    // The same answers as the whole study up to that step.
    expect(prefix.frame.strings('road_quadrant')).toEqual(state.frame.strings('road_quadrant'));
  }, 60_000);

  it('refuses an unknown step name', async () => {
    await expect(runSteps(await loadStudyConfig(), { until: 'roads' as never })).rejects.toThrow(
      /until="roads" is not a step \(steps: assemble, sizeSegments, lift/,
    );
  });

  it('a step run out of order names the step it needs', async () => {
    const early = await runSteps(await loadStudyConfig(), { until: 'assemble' });
    expect(() => tiersStep.run(early)).toThrow(
      /study step "tiers" needs the result of step "lift"; run the steps in order/,
    );
    expect(() => roadStep.run(early)).toThrow(/needs the result of step "spend"/);
  }, 60_000);

  it('every fit and prediction warning reaches the state, tagged with its step', () => {
    const messages = state.warnings.map((w) => w.message);
    // Predicting personas for all 20,000 accounts fills more values than fitting on the 1,400 customers.
    expect(messages).toContain(
      'personas: fitting on customers: filled 280 missing feature values with training medians (numbers) and "Unknown" or the training mode (categories)',
    );
    expect(messages).toContain(
      'personas: placing all accounts: filled 4146 missing feature values with training medians (numbers) and "Unknown" or the training mode (categories)',
    );
    expect(messages).toContain(
      'lookalike: scoring all accounts: filled 3930 missing feature values with training medians (numbers) and "Unknown" or the training mode (categories)',
    );
    expect(
      messages.some((m) =>
        /^lookalike: cross-validation: fold 1–5, held-out rows: filled \d+–\d+ missing/.test(m),
      ),
    ).toBe(true);
    expect(
      messages.some((m) => /^personas: k selection: k=2–8: filled 280 missing .* \(7 times\)$/.test(m)),
    ).toBe(true);
  });
});

describe('each step on the state before it', () => {
  it('sizeSegments adds size_segment from employees and revenue', async () => {
    const before = await stateBefore('sizeSegments');
    const { columns } = await runAlone(sizeSegmentsStep, before, ['size_segment']);
    const employees = before.frame.numbers('employees');
    const segments = columns?.size_segment as (string | null)[];
    const i = employees.findIndex((e) => e >= 1000);
    expect(segments[i]).toBe('Enterprise');
  }, 60_000);

  it('lift: a table per attribute present in the data, the ICP summary and the industry lifts', async () => {
    const result = await runAlone(liftStep, await stateBefore('lift'), []);
    expect(result.artifact.tables.map((t) => t[0]?.attribute)).toEqual([
      'industry',
      'size_segment',
      'region',
      'cloud_adoption',
      'intent_band',
    ]);
    expect(result.artifact.industryLift.size).toBeGreaterThan(5);
    expect(result.warnings).toEqual([]);
  }, 60_000);

  it('lift: a configured column the data lacks is left out with a warning that names it', async () => {
    const before = await stateBefore('lift');
    const config = {
      ...before.config,
      lift: { ...before.config.lift, attributes: ['industry', 'tech_stack'] },
    };
    const result = await liftStep.run({ ...before, config });
    expect(result.artifact.tables).toHaveLength(2);
    expect(result.warnings?.[0]?.message).toMatch(/no column "tech_stack" in the data/);
  }, 60_000);

  it('lookalike: probability in (0, 1), fit score 0–100, reasons, cross-validated AUC', async () => {
    const result = await runAlone(lookalikeStep, await stateBefore('lookalike'), [
      'probability',
      'fit_score',
      'fit_reasons',
    ]);
    const p = result.columns?.probability as Float64Array;
    expect(p.every((v) => v > 0 && v < 1)).toBe(true);
    expect(result.artifact.crossValidation.auc.mean).toBeGreaterThan(0.6);
  }, 60_000);

  it('personas: a cluster for every account, profiles of the configured k', async () => {
    const result = await runAlone(personasStep, await stateBefore('personas'), ['cluster']);
    expect(result.artifact.profiles).toHaveLength(4);
    expect(result.artifact.elbow.map((e) => e.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  }, 60_000);

  it('spend: potential and whitespace >= 0', async () => {
    const result = await runAlone(spendStep, await stateBefore('spend'), [
      'potential_basis',
      'spend_potential',
      'whitespace',
    ]);
    expect((result.columns?.whitespace as Float64Array).every((v) => Number.isNaN(v) || v >= 0)).toBe(true);
  }, 60_000);

  it('tiers: tier, monthly touches and industry priority', async () => {
    const { columns } = await runAlone(tiersStep, await stateBefore('tiers'), [
      'tier',
      'monthly_touches',
      'industry_priority',
    ]);
    expect(new Set(columns?.tier as string[])).toEqual(new Set(['P0', 'P1', 'P2', 'P3', 'P4', 'P5']));
  }, 60_000);

  it('road: quadrants that follow the thresholds it returns', async () => {
    const before = await stateBefore('road');
    const result = await runAlone(roadStep, before, ['opportunity', 'road_quadrant', 'motion']);
    const { spend_threshold, opportunity_threshold } = result.artifact.thresholds;
    const spend = before.frame.numbers('current_spend');
    const opportunity = result.columns?.opportunity as Float64Array;
    (result.columns?.road_quadrant as (string | null)[]).forEach((q, i) => {
      if (q === null) return;
      const high = (spend[i] as number) >= spend_threshold;
      const opp = (opportunity[i] as number) >= opportunity_threshold;
      expect(q).toBe(high ? (opp ? 'Develop' : 'Retain') : opp ? 'Acquire' : 'Opportunistic');
    });
  }, 60_000);

  it('coverage, routing and performance', async () => {
    const coverage = await runAlone(coverageStep, await stateBefore('coverage'), ['owner']);
    // Full-time reps per quadrant × size, each quadrant rounded up once (a rep mixes segments): 271, where
    // rounding every segment up gave 276 (272 before accounts without a size got potential).
    expect(coverage.artifact.headcount.reduce((s, r) => s + r.reps, 0)).toBeCloseTo(270.046, 3);
    expect(repsNeeded(coverage.artifact.headcount).reduce((s, r) => s + r.reps, 0)).toBe(271);
    const routing = await runAlone(routingStep, await stateBefore('routing'), ['queue', 'queue_rep']);
    expect(routing.artifact.queues.reduce((s, q) => s + q.accounts, 0)).toBe(20000);
    const performance = await runAlone(performanceStep, await stateBefore('performance'), []);
    expect(new Set(performance.artifact.rows.map((r) => r.dimension))).toEqual(
      new Set(['tier', 'road_quadrant', 'size_segment', 'cluster', 'fit_decile', 'queue']),
    );
  }, 120_000);
});

describe('the study config', () => {
  it("a config's inputs replace the sample's entirely: an input it does not name is absent", async () => {
    const dir = tempDir();
    const file = join(dir, 'study.json');
    writeFileSync(file, JSON.stringify({ name: 'Mine', inputs: { accounts: 'crm/accounts.csv' } }));
    const config = await loadStudyConfig(file);
    expect(config.inputs).toEqual({
      accounts: resolve(dir, 'crm/accounts.csv'),
      market: null,
      opportunities: null,
      spend: null,
      engagement: null,
    });
  });

  it('has one default seed and a slice per step', () => {
    const config = defaultStudyConfig();
    expect(config.seed).toBe(42);
    expect(Object.keys(config)).toEqual([
      'name',
      'seed',
      'previousRun',
      'crm',
      'outputs',
      'engine',
      'inputs',
      'mapping',
      'currency',
      'fx',
      'asOf',
      'roles',
      'sizeSegments',
      'lift',
      'lookalike',
      'engagementScore',
      'clusters',
      'spend',
      'value',
      'tiers',
      'industryPriority',
      'road',
      'hierarchy',
      'coverage',
      'territories',
      'routing',
      'performance',
      'quotas',
      'scenarios',
    ]);
  });
});

describe('condenseWarnings', () => {
  it('never rewrites the numbers of a message: ids and dates keep their zeros, repeated ones too', () => {
    expect(
      condenseWarnings([
        { code: 'one', message: 'D-U-N-S 001368083 merged into 0015g00000AcmeUSAAA on 2025-11-01' },
        { code: 'two', message: 'fold 1 of 0042: window 2025-11-01' },
        { code: 'two', message: 'fold 2 of 0042: window 2025-11-01' },
      ]),
    ).toEqual([
      { code: 'one', message: 'D-U-N-S 001368083 merged into 0015g00000AcmeUSAAA on 2025-11-01' },
      { code: 'two', message: 'fold 1–2 of 0042: window 2025-11-01 (2 times)' },
    ]);
  });

  it('condenses 300,000 repeats (a warning per territory pool of a 10M-account study) without overflowing', () => {
    const many = Array.from({ length: 300_000 }, (_, i) => ({
      code: 'pool',
      message: `pool ${i + 1}: 2 reps`,
    }));
    expect(condenseWarnings(many)).toEqual([
      { code: 'pool', message: 'pool 1–300000: 2 reps (300000 times)' },
    ]);
  });

  it('condenses repeats that differ only in numbers, keeping the ranges and the count', () => {
    expect(
      condenseWarnings([
        { code: 'imputed', message: 'fold 1: filled 30 values' },
        { code: 'other', message: 'no numbers here' },
        { code: 'imputed', message: 'fold 2: filled 28 values' },
        { code: 'other', message: 'no numbers here' },
        { code: 'single', message: 'k=3: once' },
      ]),
    ).toEqual([
      { code: 'imputed', message: 'fold 1–2: filled 28–30 values (2 times)' },
      { code: 'other', message: 'no numbers here (2 times)' },
      { code: 'single', message: 'k=3: once' },
    ]);
  });

  it('keeps numbers written with thousands separators whole (20,000 stayed "20,0" before)', () => {
    expect(
      condenseWarnings([
        {
          code: 'sampled',
          message: 'fitted on 5,000 of 18,600 non-customers; 20,000 accounts, 1,050.5 each',
        },
      ]),
    ).toEqual([
      { code: 'sampled', message: 'fitted on 5,000 of 18,600 non-customers; 20,000 accounts, 1,050.5 each' },
    ]);
    expect(
      condenseWarnings([
        { code: 'fold', message: 'fold 1: 1,050 rows' },
        { code: 'fold', message: 'fold 2: 12,000 rows' },
      ]),
    ).toEqual([{ code: 'fold', message: 'fold 1–2: 1,050–12,000 rows (2 times)' }]);
  });
});
