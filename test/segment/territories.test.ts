/**
 * Territories under rules: hand-worked heuristic cases, HiGHS against brute force on a small instance, CRM
 * owner names as reps, and the sample's November plan keeping the May run's owners.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTable } from '../../src/data/load.ts';
import {
  apportion,
  isPoolOwner,
  planTerritories,
  type TerritorySettings,
} from '../../src/segment/territories.ts';
import { planUnits, type TerritoryUnit } from '../../src/segment/territory-balance.ts';
import { RepMembers, UnitColumns } from '../../src/segment/territory-units.ts';
import { Random } from '../../src/core/random.ts';
import { movesLowerBound, solveTerritoriesExactly } from '../../src/segment/territory-milp.ts';
import { runCli } from '../cli/run-cli.ts';
import { bundledConfigWith, tempDir } from '../helpers.ts';
import { sampleRuns } from '../sample-runs.ts';

const RULES = { tolerance: 0.1, balanceWorkload: false, maxAccountsPerRep: null };
const SETTINGS: TerritorySettings = {
  ...RULES,
  solver: 'greedy',
  maxNodes: 200,
  timeLimit: 300,
  maxVariables: 200_000,
};
const unit = (value: number, current = -1, locked = false): TerritoryUnit => ({
  value,
  accounts: 1,
  workload: 1,
  current,
  locked,
});

describe('planUnits', () => {
  it('from scratch: largest first to the rep with the least opportunity', () => {
    const plan = planUnits(
      [9, 1, 5, 5].map((v) => unit(v)),
      2,
      RULES,
      false,
    );
    expect([...plan.rep]).toEqual([0, 0, 1, 1]); // 9, then 5 and 5 to the other rep, then 1 to the first
    expect(plan.balance.valuePerRep).toEqual([10, 10]);
  });

  it('plans a team of 300,000 reps (10M accounts, a rep per 33): no argument list the size of the team', () => {
    // 10M accounts overflowed the call stack here: Math.max(...repScore) over every rep of a pool.
    const reps = 300_000;
    const units = [...Array.from({ length: reps }, () => unit(1)), unit(2)];
    const plan = planUnits(units, reps, RULES, false, 1);
    expect(plan.rep).toHaveLength(reps + 1);
    // Two reps hold 2 (the 2; two 1s): no move or swap evens them, and looking for one must not overflow.
    expect(plan.balance.maxMinRatio).toBe(2);
  });

  it('balances workload too when asked: LPT gives one rep all the small accounts, the repair evens the count', () => {
    // Opportunity 100, 100, then ten accounts of 1: LPT puts 100 with each rep and alternates the 1s (5/5), so
    // use 100 + 10 small vs 110: rep 0 gets 110 alone, rep 1 gets 100 + ten 1s → 1 vs 11 accounts.
    const units = [110, 100, ...Array<number>(10).fill(1)].map((v) => unit(v));
    const opportunityOnly = planUnits(units, 2, RULES, false);
    expect(opportunityOnly.balance.accountsPerRep).toEqual([1, 11]);
    const both = planUnits(units, 2, { ...RULES, balanceWorkload: true, tolerance: 0.5 }, false);
    expect(both.balance.withinTolerance).toBe(true);
    expect(both.balance.accountsPerRep.every((c) => c >= 3 && c <= 9)).toBe(true);
  });

  it('respects the account cap and locked units', () => {
    const units = [unit(10, 1, true), unit(10), unit(10), unit(10)];
    const plan = planUnits(units, 2, { ...RULES, maxAccountsPerRep: 2 }, false);
    expect(plan.rep[0]).toBe(1);
    expect(plan.balance.accountsPerRep).toEqual([2, 2]);
  });

  it('keeps current owners and moves only what the band needs', () => {
    // Rep 0 holds 50+40+30 = 120, rep 1 holds 20+10 = 30, one unowned 10: moving the 40 gives 80 / 80.
    const units = [unit(50, 0), unit(40, 0), unit(30, 0), unit(20, 1), unit(10), unit(10, 1)];
    const plan = planUnits(units, 2, RULES, true);
    expect([...plan.rep]).toEqual([0, 1, 0, 1, 1, 1]);
    expect(plan.accountsMoved).toBe(1);
    expect(planUnits(units, 2, RULES, false).accountsMoved).toBe(3); // from scratch: 50/40/30/20/10/10 dealt anew
  });
});

describe('territory units as columns', () => {
  it("a rep's members iterate as a Set of the same adds and deletes would", () => {
    const rng = new Random(7);
    const [reps, units] = [5, 200];
    const members = new RepMembers(reps, units);
    const sets = Array.from({ length: reps }, () => new Set<number>());
    const repOf = Int32Array.from({ length: units }, (_, i) => i % reps);
    repOf.forEach((r, i) => (members.add(r, i), sets[r]?.add(i)));
    for (let step = 0; step < 2_000; step++) {
      const i = Math.floor(rng.uniform() * units);
      const to = Math.floor(rng.uniform() * reps);
      const from = repOf[i] as number;
      if (to === from) continue;
      members.delete(from, i);
      sets[from]?.delete(i);
      members.add(to, i);
      sets[to]?.add(i);
      repOf[i] = to;
    }
    for (let r = 0; r < reps; r++) expect([...members.of(r)]).toEqual([...(sets[r] as Set<number>)]);
  });

  it('plans the same from unit objects and from their columns', () => {
    const rng = new Random(11);
    const units = Array.from({ length: 300 }, (_, i) =>
      unit(Math.round(rng.uniform() * 1000), i % 7 === 0 ? i % 4 : -1, i % 14 === 0),
    );
    const rules = { ...RULES, balanceWorkload: true, maxAccountsPerRep: 90 };
    for (const fromCurrent of [false, true]) {
      const objects = planUnits(units, 4, rules, fromCurrent);
      const columns = planUnits(UnitColumns.of(units), 4, rules, fromCurrent);
      expect([...columns.rep]).toEqual([...objects.rep]);
      expect(columns.balance).toEqual(objects.balance);
    }
    expect(UnitColumns.of(units).toUnits()).toEqual(units);
  });
});

describe('the exact plan (HiGHS)', () => {
  // Seven accounts, three reps, hand-picked so that keeping owners needs moves; brute force over 3^7 plans.
  const values = [42, 35, 31, 27, 18, 12, 9];
  const current = [0, 0, 0, 1, 1, 0, 2];
  const units = values.map((v, i) => unit(v, current[i]));
  const rules = { ...RULES, tolerance: 0.15 };

  function bruteForceMinimum(): number {
    const mean = values.reduce((s, v) => s + v, 0) / 3;
    let best = Infinity;
    for (let code = 0; code < 3 ** 7; code++) {
      const rep = values.map((_, i) => Math.floor(code / 3 ** i) % 3);
      const totals = [0, 1, 2].map((r) => values.reduce((s, v, i) => s + (rep[i] === r ? v : 0), 0));
      if (totals.every((t) => Math.abs(t - mean) / mean <= 0.15 + 1e-12))
        best = Math.min(best, rep.filter((r, i) => r !== current[i]).length);
    }
    return best;
  }

  it('finds the fewest moves brute force finds; the LP bound is below it, the heuristic not below', async () => {
    const minimum = bruteForceMinimum();
    expect(minimum).toBe(2);
    const heuristic = planUnits(units, 3, rules, true);
    expect(heuristic.balance.withinTolerance).toBe(true);
    expect(heuristic.accountsMoved).toBeGreaterThanOrEqual(minimum);
    const exact = await solveTerritoriesExactly(units, 3, rules, heuristic, {
      maxNodes: 10_000,
      timeLimit: 60,
    });
    expect(exact.status).toBe('optimal');
    expect(exact.gap).toBe(0);
    expect(exact.plan?.accountsMoved).toBe(minimum);
    expect(exact.plan?.balance.withinTolerance).toBe(true);
    const bound = (await movesLowerBound(units, 3, rules)) as number;
    expect(bound).toBeLessThanOrEqual(minimum);
    expect(bound).toBeGreaterThan(0);
  });

  it('says "infeasible" when no plan meets the band (one account is larger than a rep\'s share allows)', async () => {
    const lopsided = [unit(100, 0), unit(1, 1), unit(1, 1)];
    const heuristic = planUnits(lopsided, 2, RULES, true);
    expect(heuristic.balance.withinTolerance).toBe(false);
    const exact = await solveTerritoriesExactly(lopsided, 2, RULES, heuristic, {
      maxNodes: 100,
      timeLimit: 60,
    });
    expect(exact.status).toBe('infeasible');
    expect(exact.plan).toBeNull();
  });
});

describe('planTerritories with CRM owners (Salesforce "Account Owner")', () => {
  const accounts = {
    quadrants: ['Acquire', 'Acquire', 'Acquire', 'Acquire', 'Acquire', 'Acquire', 'Opportunistic'] as const,
    opportunity: Float64Array.from([50, 40, 30, 20, 10, 10, 5]),
    currentSpend: new Float64Array(7),
    workload: null,
    currentOwner: ['Jane Smith', 'Jane Smith', 'Jane Smith', 'Raj Patel', null, 'Raj Patel', 'Jane Smith'],
    locked: null,
  };

  it('names the reps after the owners, moves one account, leaves the pool alone', async () => {
    const plan = await planTerritories(accounts, [{ quadrant: 'Acquire', reps: 2 }], SETTINGS);
    expect(plan.owner).toEqual([
      'Jane Smith',
      'Raj Patel',
      'Jane Smith',
      'Raj Patel',
      'Raj Patel',
      'Raj Patel',
      'Opportunistic pool (Digital / self-serve)',
    ]);
    const acquire = plan.territories.Acquire;
    expect(acquire?.repNames).toEqual(['Jane Smith', 'Raj Patel']);
    expect(acquire?.accountsMoved).toBe(1);
    expect(acquire?.valuePerRep).toEqual([80, 80]);
    expect(acquire?.balancedOn).toBe('opportunity');
    expect(plan.warnings).toEqual([]);
  });

  it('a lock keeps the account with its owner and something else moves instead', async () => {
    const locked = Uint8Array.from([0, 1, 0, 0, 0, 0, 0]);
    const plan = await planTerritories({ ...accounts, locked }, [{ quadrant: 'Acquire', reps: 2 }], SETTINGS);
    expect(plan.owner.slice(0, 6)).toEqual([
      'Raj Patel',
      'Jane Smith',
      'Jane Smith',
      'Raj Patel',
      'Jane Smith',
      'Raj Patel',
    ]);
    expect(plan.territories.Acquire?.lockedAccounts).toBe(1);
    expect(plan.territories.Acquire?.accountsMoved).toBe(1);
  });

  it("with one seat the largest owner keeps it; the other owner's accounts move; with three, an open seat", async () => {
    const one = await planTerritories(accounts, [{ quadrant: 'Acquire', reps: 1 }], SETTINGS);
    expect(one.territories.Acquire?.repNames).toEqual(['Jane Smith']);
    expect(one.territories.Acquire?.accountsMoved).toBe(2);
    const three = await planTerritories(accounts, [{ quadrant: 'Acquire', reps: 3 }], SETTINGS);
    expect(three.territories.Acquire?.repNames).toEqual(['Jane Smith', 'Raj Patel', 'Acquire rep 01']);
    expect(three.territories.Acquire?.openSeats).toEqual(['Acquire rep 01']); // the new rep (quotas ramp it)
  });
});

describe('Retain territories balance current spend', () => {
  it("deals Retain's book of renewals evenly (its opportunity is near zero), Acquire's opportunity as before", async () => {
    // Retain spend 900, 500, 400, 100, 60, 40 (opportunity 1 each): largest first to the rep with the least
    // spend → 900+100 / 500+400+60+40 = 1000 / 1000. On opportunity both reps would hold 3 each, spend 1400 / 600.
    const accounts = {
      quadrants: ['Retain', 'Retain', 'Retain', 'Retain', 'Retain', 'Retain', 'Acquire', 'Acquire'] as const,
      opportunity: Float64Array.from([1, 1, 1, 1, 1, 1, 70, 30]),
      currentSpend: Float64Array.from([900, 500, 400, 100, 60, 40, 0, 0]),
      workload: null,
      currentOwner: null,
      locked: null,
    };
    const plan = await planTerritories(
      accounts,
      [
        { quadrant: 'Retain', reps: 2 },
        { quadrant: 'Acquire', reps: 1 },
      ],
      SETTINGS,
    );
    expect(plan.owner.slice(0, 6)).toEqual([
      'Retain rep 01',
      'Retain rep 02',
      'Retain rep 02',
      'Retain rep 01',
      'Retain rep 02',
      'Retain rep 02',
    ]);
    expect(plan.territories.Retain?.balancedOn).toBe('current_spend');
    expect(plan.territories.Retain?.valuePerRep).toEqual([1000, 1000]);
    expect(plan.territories.Retain?.withinTolerance).toBe(true);
    expect(plan.territories.Acquire?.balancedOn).toBe('opportunity');
    expect(plan.territories.Acquire?.valuePerRep).toEqual([100]);
  });
});

describe('geography groups', () => {
  it("reps per group by opportunity, at least one each; a rep's accounts stay in its group", async () => {
    expect(apportion([60, 30, 10], 5)).toEqual([2, 2, 1]);
    expect(apportion([1, 1, 1], 2)).toBeNull();
    const accounts = {
      quadrants: ['Acquire', 'Acquire', 'Acquire', 'Acquire', 'Acquire'] as const,
      opportunity: Float64Array.from([60, 40, 100, 60, 40]),
      currentSpend: new Float64Array(5),
      workload: null,
      currentOwner: null,
      locked: null,
      group: ['EMEA', 'EMEA', 'North America', 'North America', 'North America'],
    };
    const plan = await planTerritories(accounts, [{ quadrant: 'Acquire', reps: 3 }], SETTINGS);
    expect(plan.owner).toEqual([
      'Acquire rep 01',
      'Acquire rep 01',
      'Acquire rep 02',
      'Acquire rep 03',
      'Acquire rep 03',
    ]);
    expect(Object.keys(plan.territories)).toEqual(['Acquire · EMEA', 'Acquire · North America']);
    expect(plan.territories['Acquire · North America']?.valuePerRep).toEqual([100, 100]);
    const few = await planTerritories(
      { ...accounts, group: ['EMEA', 'APAC', 'LATAM', 'North America', 'North America'] },
      [{ quadrant: 'Acquire', reps: 3 }],
      SETTINGS,
    );
    expect(Object.keys(few.territories)).toEqual(['Acquire']);
    expect(few.warnings.map((w) => w.code)).toEqual(['territory-groups-merged']);
  });
});

/** The May run's scenarios: 60 as configured, 40, 80 and "cover every account", compared side by side. */
async function expectScenarios(run: string): Promise<void> {
  const rows = (
    await loadTable(join(run, 'scenarios.csv'), { textColumns: ['scenario', 'within_tolerance'] })
  ).frame.toRows();
  expect(rows.map((r) => [r.scenario, r.reps])).toEqual([
    ['As configured', 60],
    ['40 reps', 40],
    ['80 reps', 80],
    ['Cover every account', 271], // the reps-needed figure: each quadrant's full-time reps rounded up once
  ]);
  const covered = rows.map((r) => r.opportunity_covered as number);
  expect(covered[1]).toBeLessThan(covered[0] as number);
  expect(covered[0]).toBeLessThan(covered[2] as number);
  expect(covered[2]).toBeLessThan(covered[3] as number);
  // With a $20M new-business target the hunters' and farmers' quotas add up to it (account managers renew
  // their Retain book outside it), so the mean new-business quota is the target over them.
  for (const r of rows)
    expect(r.quota_per_rep as number).toBeCloseTo(
      20_000_000 / ((r.hunters as number) + (r.farmers as number)),
      4,
    );
  // "As configured" is the run's own plan: the opportunity of the accounts it gave a named rep.
  const segments = (await loadTable(join(run, 'segments.csv'), { textColumns: ['account_id', 'owner'] }))
    .frame;
  const owner = segments.strings('owner');
  const opportunity = segments.numbers('opportunity');
  const named = owner.reduce(
    (s, o, i) => s + (o !== null && !isPoolOwner(o) ? (opportunity[i] as number) : 0),
    0,
  );
  expect(covered[0]).toBeCloseTo(named, -1);
  expect(readFileSync(join(run, 'report.html'), 'utf8')).toContain('data-table="scenarios"');
  expect(readFileSync(join(run, 'charts', 'coverage-scenarios.png')).length).toBeGreaterThan(10_000);
}

describe("the sample: November with 60 reps, keeping the May run's owners", () => {
  it('moves far fewer accounts than a rebalance from scratch, every rep within ±10 %', async () => {
    const dir = tempDir();
    const may = sampleRuns().sixtyReps; // read only: the November run below names it as its previous run
    await expectScenarios(may);
    const bad = await runCli([
      'study',
      '--config',
      bundledConfigWith('sample-2026-11-60-reps.json', { previousRun: null }),
      '--out',
      join(dir, 'bad'),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /territories\.currentOwner is "previousRun" but the study names no previousRun/,
    );
    const config = bundledConfigWith('sample-2026-11-60-reps.json', { previousRun: may });
    const nov = await runCli(['study', '--config', config, '--out', join(dir, 'nov')]);
    expect(nov.code).toBe(0);
    const coverage = JSON.parse(readFileSync(join(dir, 'nov', 'coverage.json'), 'utf8')) as {
      territories: Record<
        string,
        {
          accountsMoved: number;
          accountsMovedFromScratch: number;
          withinTolerance: boolean;
          movesLowerBound: number;
          maxDeviation: number;
        }
      >;
    };
    const moved = Object.values(coverage.territories);
    expect(moved).toHaveLength(3);
    for (const t of moved) {
      expect(t.withinTolerance).toBe(true);
      expect(t.maxDeviation).toBeLessThanOrEqual(0.1 + 1e-9);
      expect(t.accountsMoved).toBeLessThan(t.accountsMovedFromScratch);
      expect(t.movesLowerBound).toBeLessThanOrEqual(t.accountsMoved);
    }
    // Retain reps split the book they renew: each rep's current spend (from segments.csv) within ±10 %.
    const retain = coverage.territories.Retain as (typeof moved)[number] & {
      balancedOn: string;
      valuePerRep: number[];
      repNames: string[];
    };
    expect(retain.balancedOn).toBe('current_spend');
    const book = await loadTable(join(dir, 'nov', 'segments.csv'), { textColumns: ['account_id', 'owner'] });
    const spendOf = new Map<string, number>();
    const [owners, spend] = [book.frame.strings('owner'), book.frame.numbers('current_spend')];
    owners.forEach((o, i) => o !== null && spendOf.set(o, (spendOf.get(o) ?? 0) + (spend[i] as number)));
    const repSpend = retain.repNames.map((r) => spendOf.get(r) as number);
    retain.valuePerRep.forEach((v, k) => expect(v).toBeCloseTo(repSpend[k] as number, -1));
    const meanSpend = repSpend.reduce((s, v) => s + v, 0) / repSpend.length;
    for (const v of repSpend) expect(Math.abs(v - meanSpend) / meanSpend).toBeLessThanOrEqual(0.1 + 1e-6);
    const acquire = coverage.territories.Acquire as (typeof moved)[number];
    expect(acquire.accountsMoved).toBeLessThan(acquire.accountsMovedFromScratch / 10);
    const html = readFileSync(join(dir, 'nov', 'report.html'), 'utf8');
    expect(html).toContain('data-table="territories"');
    // Each account's previous owner is written next to its new one; the changes are the moves counted.
    const seg = (
      await loadTable(join(dir, 'nov', 'segments.csv'), {
        textColumns: ['account_id', 'owner', 'previous_owner'],
      })
    ).frame;
    const [now, before] = [seg.strings('owner'), seg.strings('previous_owner')];
    const changed = now.filter(
      (o, i) =>
        o !== null &&
        !isPoolOwner(o) &&
        before[i] != null &&
        / rep \d+$/.test(before[i] as string) &&
        before[i] !== o,
    ).length;
    expect(changed).toBe(moved.reduce((s, t) => s + t.accountsMoved, 0));
    expect(readFileSync(join(dir, 'nov', 'crm-export.csv'), 'utf8').split('\n')[0]).toContain(
      'Previous_Owner__c',
    );
  }, 180_000);
});

describe('scenario and territory config errors', () => {
  it('one clear line each, before any work', async () => {
    const twice = bundledConfigWith('sample-60-reps.json', {
      scenarios: [
        { name: 'A', reps: { hunters: 1, farmers: 1, accountManagers: 1 } },
        { name: 'A', reps: null },
      ],
    });
    const dup = await runCli(['study', '--config', twice, '--out', join(tempDir(), 'x')]);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/scenarios must have different names/);
    const tolerance = bundledConfigWith('sample-60-reps.json', { territories: { tolerance: 0 } });
    const bad = await runCli(['study', '--config', tolerance, '--out', join(tempDir(), 'y')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/territories\.tolerance=0 must be a share above 0 and at most 1/);
  });
});
