/**
 * Capacity-constrained coverage and the headcount curve, on small books worked out by hand, and on the sample
 * through the study (60 reps: 40 hunters, 10 farmers, 10 account managers).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { capacityPlan, headcountCurve, validateRoleReps } from '../../src/segment/capacity.ts';
import type { CapacityTable } from '../../src/segment/coverage.ts';
import type { RoadQuadrant, SizeSegment } from '../../src/segment/vocabulary.ts';
import { loadStudyConfig } from '../../src/study/config.ts';
import { runSteps } from '../../src/study/runner.ts';
import type { StudyState } from '../../src/study/step.ts';
import { runCli } from '../cli/run-cli.ts';
import { bundledConfigWith, tempDir } from '../helpers.ts';
import { sampleRuns } from '../sample-runs.ts';

/** Hunters hold 1 Enterprise or 2 SMB new logos; farmers 1 account of any size; account managers 2. */
const CAPACITY: CapacityTable = {
  Acquire: { Enterprise: 1, 'Mid-Market': 2, SMB: 2 },
  Develop: { Enterprise: 1, 'Mid-Market': 1, SMB: 1 },
  Retain: { Enterprise: 2, 'Mid-Market': 2, SMB: 2 },
  Opportunistic: { Enterprise: 0, 'Mid-Market': 0, SMB: 0 },
};

// Five Acquire accounts: opportunity per unit of a hunter's time is 80, 60, 50, 40, 20 (SMB takes half a rep).
const Q: (RoadQuadrant | null)[] = [
  'Acquire',
  'Acquire',
  'Acquire',
  'Acquire',
  'Acquire',
  'Develop',
  'Develop',
  'Retain',
  'Retain',
  'Opportunistic',
];
const S: (SizeSegment | null)[] = [
  'SMB',
  'SMB',
  'SMB',
  'SMB',
  'Enterprise',
  'SMB',
  'SMB',
  'SMB',
  null,
  'SMB',
];
const OPPORTUNITY = Float64Array.from([10, 40, 30, 20, 50, 35, 5, 60, 1, 999]);
const SPEND = Float64Array.from([0, 0, 0, 0, 0, 900, 800, 100, 5000, 0]);
const VALUES = { opportunity: OPPORTUNITY, spend: SPEND };

describe('capacityPlan', () => {
  it('gives named reps to the accounts with the most opportunity per unit of rep time, as long as they fit', () => {
    const { named, roles } = capacityPlan(Q, S, VALUES, CAPACITY, {
      hunters: 2,
      farmers: 1,
      accountManagers: 1,
    });
    // Hunters: 40 (½), 30 (½), the Enterprise 50 (1 rep) = 2 reps; 20 and 10 do not fit.
    // Farmers: the 35. Account managers: by spend — 5,000 (unknown size = SMB, ½) then 100 (½).
    expect([...named]).toEqual([0, 1, 1, 0, 1, 1, 0, 1, 1, 0]);
    expect(roles).toEqual([
      {
        role: 'hunters',
        quadrant: 'Acquire',
        measure: 'opportunity',
        reps: 2,
        accounts: 5,
        accountsCovered: 3,
        value: 150,
        valueCovered: 120,
        repsToCoverAll: 3,
      },
      {
        role: 'farmers',
        quadrant: 'Develop',
        measure: 'opportunity',
        reps: 1,
        accounts: 2,
        accountsCovered: 1,
        value: 40,
        valueCovered: 35,
        repsToCoverAll: 2,
      },
      {
        role: 'accountManagers',
        quadrant: 'Retain',
        measure: 'spend',
        reps: 1,
        accounts: 2,
        accountsCovered: 2,
        value: 5100,
        valueCovered: 5100,
        repsToCoverAll: 1,
      },
    ]);
  });

  it('one hunter stops before the Enterprise account that would not fit in the rest of its time', () => {
    const { roles } = capacityPlan(Q, S, VALUES, CAPACITY, { hunters: 1, farmers: 0, accountManagers: 0 });
    expect(roles[0]).toMatchObject({ accountsCovered: 2, valueCovered: 70 });
    expect(roles[1]).toMatchObject({ accountsCovered: 0, valueCovered: 0 });
  });

  it('refuses a missing or unknown role and a fraction of a rep', () => {
    expect(() => validateRoleReps({ hunters: 40 } as never)).toThrow(
      'coverage.reps.farmers=undefined must be a whole number of reps from 0 to 100,000',
    );
    expect(() => validateRoleReps({ hunters: 1, farmers: 1, accountManagers: 1, sdrs: 4 } as never)).toThrow(
      'coverage.reps: unknown role "sdrs"',
    );
    expect(() => validateRoleReps({ hunters: 1.5, farmers: 1, accountManagers: 1 })).toThrow(
      'coverage.reps.hunters=1.5',
    );
  });
});

describe('headcountCurve', () => {
  it('adds each rep where it covers the most opportunity, until hunters and farmers cover everything', () => {
    const curve = headcountCurve(Q, S, VALUES, CAPACITY);
    // Hunter 1: 70 (40 + 30); then farmer: 35 vs hunter 2: 50 → hunter; then 35 (farmer) vs 30 (hunter 3: 20 + 10) …
    expect(curve.map((p) => [p.reps, p.role, p.opportunityCovered, p.marginal])).toEqual([
      [0, null, 0, 0],
      [1, 'hunters', 70, 70],
      [2, 'hunters', 120, 50],
      [3, 'farmers', 155, 35],
      [4, 'hunters', 185, 30],
      [5, 'farmers', 190, 5],
    ]);
    expect(curve[5]?.byRole).toEqual({ hunters: 3, farmers: 2, accountManagers: 0 });
  });

  it('stops at maxReps', () => {
    expect(headcountCurve(Q, S, VALUES, CAPACITY, 2)).toHaveLength(3);
  });
});

describe('the study with coverage.reps (60 reps on the sample)', () => {
  let state: StudyState;
  beforeAll(async () => {
    const config = await loadStudyConfig();
    state = await runSteps({
      ...config,
      coverage: { ...config.coverage, reps: { hunters: 40, farmers: 10, accountManagers: 10 } },
    });
  });

  it('names a rep for exactly the accounts the plan covers; the rest are pools', () => {
    const { plan, curve } = state.artifacts.coverage as NonNullable<typeof state.artifacts.coverage>;
    const owners = state.frame.strings('owner');
    const withRep = owners.filter((o) => o !== null && / rep \d+$/.test(o)).length;
    expect(withRep).toBe(plan?.reduce((s, r) => s + r.accountsCovered, 0));
    const hunters = new Set(owners.filter((o) => o?.startsWith('Acquire rep')));
    expect(hunters.size).toBe(40);
    expect(owners.some((o) => o === 'Acquire pool (Hunters (new logo))')).toBe(false);
    expect(owners.filter((o) => o === 'Acquire pool (Digital / self-serve)').length).toBe(
      (plan?.[0]?.accounts ?? 0) - (plan?.[0]?.accountsCovered ?? 0),
    );
    // The curve ends where every Acquire and Develop account is covered, at the reps the capacity rule needs.
    const last = curve[curve.length - 1];
    expect(last?.reps).toBe((plan?.[0]?.repsToCoverAll ?? 0) + (plan?.[1]?.repsToCoverAll ?? 0));
    // The plan's split (40 / 10) covers less than the curve's best split of 50 reps.
    const planned = (plan?.[0]?.valueCovered ?? 0) + (plan?.[1]?.valueCovered ?? 0);
    expect(curve[50]?.opportunityCovered).toBeGreaterThan(planned);
  });
});

describe('coverage.reps in a config file', () => {
  it('the report shows the plan and the curve; a partial reps object is one line naming the missing role', async () => {
    const dir = tempDir();
    const bad = await runCli([
      'study',
      '--config',
      bundledConfigWith('sample-60-reps.json', { coverage: { reps: { hunters: 40 } } }),
      '--out',
      join(dir, 'bad-run'),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/coverage\.reps\.farmers=undefined must be a whole number of reps/);
    const html = readFileSync(join(sampleRuns().sixtyReps, 'report.html'), 'utf8');
    expect(html).toMatch(
      /With <b>50<\/b> hunters and farmers, named reps cover <b>\$79\.9M<\/b> of \$138M opportunity \(58%\)/,
    );
    expect(html).toContain('data-chart="coverage-headcount-curve"');
    expect(html).toMatch(
      /<div class="v">60<\/div><div class="l">reps planned \(covering all would take 271\)/, // each quadrant rounded up once
    );
    expect(html).toContain('data-table="capacity"');
  });
});
