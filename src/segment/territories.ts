/**
 * Territories inside each ROAD quadrant under rules: balanced value (and workload) within a tolerance — opportunity
 * in Acquire, Develop and Opportunistic, current spend in Retain (whose opportunity is low by definition) —, locked
 * accounts, a cap on accounts per rep, and minimal disruption against the current owners (a previous
 * run's or the CRM's). Each quadrant's reps are named after the current owners it claims (most accounts first),
 * the open seats "<quadrant> rep NN". The heuristic ({@link planUnits}) always runs; HiGHS proves or improves it
 * when asked (`solver: "highs"`), or bounds its moves from below (LP relaxation) when owners are kept.
 */
import type { Warning } from '../core/errors.ts';
import { formatCount } from '../core/format.ts';
import { ROAD_MOTIONS, ROAD_QUADRANTS, type RoadQuadrant } from './vocabulary.ts';
import { planUnits, type TerritoryRules, type UnitPlan } from './territory-balance.ts';
import { UnitColumns, type TerritoryUnit } from './territory-units.ts';
import { maxOf } from '../core/extent.ts';
import { movesLowerBound, solveTerritoriesExactly } from './territory-milp.ts';

/**
 * The owner of accounts no named rep works: the quadrant's pool, worked by its motion (or digitally when the
 * quadrant has reps but none has time for them).
 *
 * @example
 * poolOwner('Acquire', false); // 'Acquire pool (Digital / self-serve)'
 */
export function poolOwner(quadrant: RoadQuadrant, quadrantHasReps: boolean): string {
  return `${quadrant} pool (${ROAD_MOTIONS[quadrantHasReps ? 'Opportunistic' : quadrant]})`;
}

/**
 * True for a pool owner (see {@link poolOwner}), false for a named rep.
 *
 * @example
 * isPoolOwner('Retain pool (Account management / customer success)'); // true
 */
export function isPoolOwner(owner: string): boolean {
  return ROAD_QUADRANTS.some((q) => owner.startsWith(`${q} pool (`));
}

/** What a quadrant's territories balance. */
export type BalanceMeasure = 'opportunity' | 'current_spend';

/**
 * What a quadrant's territories balance: current spend in Retain (the book a rep renews; its opportunity is low by
 * definition), opportunity elsewhere.
 *
 * @example
 * balanceMeasure('Retain'); // 'current_spend'
 * balanceMeasure('Acquire'); // 'opportunity'
 */
export function balanceMeasure(quadrant: RoadQuadrant): BalanceMeasure {
  return quadrant === 'Retain' ? 'current_spend' : 'opportunity';
}

/** How territories are planned. */
export interface TerritorySettings extends TerritoryRules {
  /** "greedy": the heuristic (with an LP lower bound on moves); "highs": the exact MILP from the heuristic's start. */
  solver: 'greedy' | 'highs';
  /** Branch-and-bound nodes the MILP may explore (keeps runs reproducible). */
  maxNodes: number;
  /** Seconds the MILP may run (a safety net). */
  timeLimit: number;
  /** Largest program (units × reps) handed to HiGHS; larger quadrants keep the heuristic's plan. */
  maxVariables: number;
}

/** The accounts of a study, as territory planning reads them. */
export interface TerritoryAccounts {
  quadrants: readonly (RoadQuadrant | null)[];
  opportunity: ArrayLike<number>;
  /** Current spend: what Retain territories balance (see {@link balanceMeasure}). */
  currentSpend: ArrayLike<number>;
  /** Workload per account (1 each, or monthly touches); null when workload is not balanced. */
  workload: ArrayLike<number> | null;
  /** 1 = the account gets a named rep (capacity plan); undefined = every account of a quadrant with reps. */
  named?: Uint8Array;
  /** Each account's current owner (previous run or CRM), or null for none known. */
  currentOwner: readonly (string | null)[] | null;
  /** Only owners this accepts can be a quadrant's rep (e.g. a previous run's "Acquire rep 07" only for Acquire). */
  ownerFits?: (owner: string, quadrant: RoadQuadrant) => boolean;
  /** 1 = keep with its current owner. */
  locked: Uint8Array | null;
  /** Each account's family (ultimate parent): a family's named accounts go to one rep. Absent: accounts alone. */
  family?: readonly string[];
  /** Each account's geography group (region, country …): a rep's accounts stay in one group. Absent: no groups. */
  group?: readonly (string | null)[];
}

/** One quadrant's (or one quadrant's geography group's) territories. */
export interface QuadrantTerritory extends Omit<UnitPlan['balance'], never> {
  quadrant: RoadQuadrant;
  /** The geography group, or null without groups. */
  group: string | null;
  /** What the reps' totals (`valuePerRep`) measure. */
  balancedOn: BalanceMeasure;
  /** Whether workload was balanced too (else its gap is reported, not held to the band). */
  workloadBalanced: boolean;
  repNames: string[];
  /** Seats no current owner holds — new reps (empty without current owners: then nobody knows who is new). */
  openSeats: string[];
  tolerance: number;
  /** Named accounts with a current owner (a rep) that get another one. */
  accountsMoved: number;
  /** Accounts a rebalance from scratch would move (null without current owners). */
  accountsMovedFromScratch: number | null;
  lockedAccounts: number;
  method: 'heuristic' | 'highs';
  /** HiGHS's status, or null when it did not run. */
  solverStatus: string | null;
  /** HiGHS's relative MIP gap (0 = optimal), or null. */
  gap: number | null;
  /** Fewest accounts any plan inside the bands must move (LP bound, rounded up), or null. */
  movesLowerBound: number | null;
}

/** What {@link planTerritories} returns. */
export interface TerritoryPlan {
  owner: (string | null)[];
  /** By quadrant ("Acquire"), or by quadrant and group ("Acquire · EMEA") when accounts have groups. */
  territories: Partial<Record<string, QuadrantTerritory>>;
  warnings: Warning[];
}

/** A set of accounts worked by its own reps: a quadrant, or a quadrant's geography group. */
interface Pool {
  /** "Acquire", or "Acquire · EMEA" with groups. */
  key: string;
  quadrant: RoadQuadrant;
  group: string | null;
  rows: number[];
  reps: number;
}

/** Each current owner's pool: the one where it holds most named accounts (ties: pool order). */
function claimOwners(accounts: TerritoryAccounts, pools: readonly Pool[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const pool of pools)
    for (const i of pool.rows) {
      const owner = accounts.currentOwner?.[i];
      if (owner == null || owner === '' || (accounts.ownerFits && !accounts.ownerFits(owner, pool.quadrant)))
        continue;
      const byPool = counts.get(owner) ?? new Map<string, number>();
      byPool.set(pool.key, (byPool.get(pool.key) ?? 0) + 1);
      counts.set(owner, byPool);
    }
  const claims = new Map<string, string>();
  for (const [owner, byPool] of counts) {
    const best = pools
      .filter((p) => byPool.has(p.key))
      .sort((a, b) => (byPool.get(b.key) as number) - (byPool.get(a.key) as number))[0] as Pool;
    claims.set(owner, best.key);
  }
  return claims;
}

/**
 * The pool's rep names: the owners it claimed, most accounts first, then open seats "<q> rep NN" numbered across
 * the quadrant (`taken` holds the quadrant's names so far).
 */
function repNames(
  pool: Pool,
  accounts: TerritoryAccounts,
  claims: Map<string, string>,
  taken: Set<string>,
): string[] {
  const held = new Map<string, number>();
  for (const i of pool.rows) {
    const owner = accounts.currentOwner?.[i];
    if (owner != null && claims.get(owner) === pool.key) held.set(owner, (held.get(owner) ?? 0) + 1);
  }
  const names = [...held]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, pool.reps)
    .map(([name]) => name);
  for (const name of names) taken.add(name);
  for (let seat = 1; names.length < pool.reps; seat++) {
    const name = `${pool.quadrant} rep ${String(seat).padStart(2, '0')}`;
    if (taken.has(name) || [...claims.keys()].includes(name)) continue;
    names.push(name);
    taken.add(name);
  }
  return names;
}

/**
 * Reps per group by largest remainder on the groups' value, at least one per group; null when there are
 * fewer reps than groups.
 *
 * @example
 * apportion([60, 30, 10], 5); // [2, 2, 1]
 */
export function apportion(weights: readonly number[], reps: number): number[] | null {
  if (reps < weights.length) return null;
  const total = weights.reduce((s, w) => s + Math.max(0, w), 0);
  const free = reps - weights.length;
  const exact = weights.map((w) => (total > 0 ? (Math.max(0, w) / total) * free : free / weights.length));
  const given = exact.map((e) => 1 + Math.floor(e));
  const order = exact
    .map((e, k) => [e - Math.floor(e), k] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const left = reps - given.reduce((s, v) => s + v, 0);
  for (let k = 0; k < left; k++) {
    const at = (order[k] as readonly [number, number])[1];
    given[at] = (given[at] as number) + 1;
  }
  return given;
}

/** The account's balanced value (see {@link balanceMeasure}); NaN and accounts without a quadrant count 0. */
function balancedValue(accounts: TerritoryAccounts, i: number): number {
  const quadrant = accounts.quadrants[i];
  if (quadrant == null) return 0;
  const values = balanceMeasure(quadrant) === 'current_spend' ? accounts.currentSpend : accounts.opportunity;
  const v = values[i] as number;
  return Number.isNaN(v) ? 0 : v;
}

/** One account as a unit: its value, workload, current seat (-1: none) and whether a lock holds. */
function accountUnit(
  i: number,
  seat: ReadonlyMap<string, number>,
  accounts: TerritoryAccounts,
): TerritoryUnit {
  const current = seat.get(accounts.currentOwner?.[i] ?? '') ?? -1;
  return {
    value: balancedValue(accounts, i),
    accounts: 1,
    workload: accounts.workload ? (accounts.workload[i] as number) : 1,
    current,
    locked: accounts.locked?.[i] === 1 && current >= 0,
  };
}

/** A family's accounts as one unit: sums; the seat of a locked member, else the seat most members hold. */
function familyUnit(members: TerritoryUnit[]): TerritoryUnit {
  const locked = members.find((u) => u.locked);
  const votes = new Map<number, number>();
  for (const u of members) if (u.current >= 0) votes.set(u.current, (votes.get(u.current) ?? 0) + 1);
  const common = [...votes].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? -1;
  return {
    value: members.reduce((s, u) => s + u.value, 0),
    accounts: members.length,
    workload: members.reduce((s, u) => s + u.workload, 0),
    current: locked?.current ?? common,
    locked: locked !== undefined,
  };
}

/**
 * The quadrant's units: one per named account, or one per family when families stay together; `unitOf[k]` is
 * the unit of `rows[k]`.
 */
function quadrantUnits(
  rows: number[],
  names: string[],
  accounts: TerritoryAccounts,
): { units: UnitColumns; unitOf: Int32Array; unlockable: number } {
  const seat = new Map(names.map((name, r) => [name, r]));
  const single = new UnitColumns(rows.length);
  let unlockable = 0;
  rows.forEach((i, k) => {
    const unit = accountUnit(i, seat, accounts);
    single.set(k, unit);
    if (accounts.locked?.[i] === 1 && !unit.locked) unlockable++;
  });
  if (!accounts.family) return { units: single, unitOf: Int32Array.from(rows, (_, k) => k), unlockable };
  const index = new Map<string, number>();
  const groups: TerritoryUnit[][] = [];
  const unitOf = Int32Array.from(rows, (i, k) => {
    const key = accounts.family?.[i] ?? `row ${i}`;
    if (!index.has(key)) {
      index.set(key, groups.length);
      groups.push([]);
    }
    const u = index.get(key) as number;
    groups[u]?.push(single.at(k));
    return u;
  });
  return { units: UnitColumns.of(groups.map(familyUnit)), unitOf, unlockable };
}

/** Moves each family's named accounts into the quadrant holding most of its named opportunity (ties: ROAD order). */
function gatherFamilies(rowsOf: Map<RoadQuadrant, number[]>, accounts: TerritoryAccounts): void {
  const family = accounts.family;
  if (!family) return;
  const weight = new Map<string, Map<RoadQuadrant, number>>();
  for (const [q, rows] of rowsOf)
    for (const i of rows) {
      const byQuadrant = weight.get(family[i] as string) ?? new Map<RoadQuadrant, number>();
      const v = accounts.opportunity[i] as number;
      byQuadrant.set(q, (byQuadrant.get(q) ?? 0) + (Number.isNaN(v) ? 0 : v) + 1e-9); // + ε: a $0 member counts
      weight.set(family[i] as string, byQuadrant);
    }
  const homeOf = (i: number) => {
    const byQuadrant = weight.get(family[i] as string) as Map<RoadQuadrant, number>;
    return ROAD_QUADRANTS.filter((q) => byQuadrant.has(q)).sort(
      (a, b) => (byQuadrant.get(b) as number) - (byQuadrant.get(a) as number),
    )[0] as RoadQuadrant;
  };
  const gathered = new Map<RoadQuadrant, number[]>([...rowsOf.keys()].map((q) => [q, []]));
  for (const rows of rowsOf.values()) for (const i of rows) gathered.get(homeOf(i))?.push(i);
  for (const [q, rows] of gathered)
    rowsOf.set(
      q,
      rows.sort((a, b) => a - b),
    );
}

/** Named accounts whose current owner (a rep, not a pool) differs from the planned one. */
function ownerChanges(rows: number[], names: string[], rep: Int32Array, accounts: TerritoryAccounts): number {
  const isRep = (owner: string) =>
    accounts.ownerFits === undefined || ROAD_QUADRANTS.some((q) => accounts.ownerFits?.(owner, q));
  return rows.reduce((moved, i, k) => {
    const current = accounts.currentOwner?.[i];
    return moved + (current != null && isRep(current) && current !== names[rep[k] as number] ? 1 : 0);
  }, 0);
}

/** Plans one quadrant: heuristic, then HiGHS when asked (or its lower bound on moves). */
async function planQuadrant(
  units: UnitColumns,
  reps: number,
  settings: TerritorySettings,
  keepOwners: boolean,
) {
  const heuristic = planUnits(units, reps, settings, keepOwners);
  const fromScratch = keepOwners ? planUnits(units, reps, settings, false).rep : null;
  const small = units.length * reps <= settings.maxVariables;
  const result = {
    plan: heuristic,
    method: 'heuristic' as 'heuristic' | 'highs',
    solverStatus: null as string | null,
    gap: null as number | null,
    movesLowerBound: null as number | null,
    fromScratch,
  };
  if (!small) return result;
  if (settings.solver === 'highs' && (keepOwners || !heuristic.balance.withinTolerance)) {
    const exact = await solveTerritoriesExactly(units.toUnits(), reps, settings, heuristic, settings);
    Object.assign(result, { solverStatus: exact.status, gap: exact.gap });
    if (exact.plan !== null && exact.plan !== heuristic)
      Object.assign(result, { plan: exact.plan, method: 'highs' });
  } else if (keepOwners) {
    const bound = await movesLowerBound(units.toUnits(), reps, settings);
    result.movesLowerBound = bound === null ? null : Math.ceil(bound - 1e-6);
  }
  return result;
}

/** The warnings of one quadrant's plan. */
function quadrantWarnings(
  q: string,
  t: QuadrantTerritory,
  context: { unlockable: number; skipped: boolean; largestUnit: number; balanceWorkload: boolean },
): Warning[] {
  const { unlockable, skipped } = context;
  const warnings: Warning[] = [];
  const pct = (v: number) => `${Math.round(v * 100)} %`;
  const mean = t.valuePerRep.reduce((s, v) => s + v, 0) / t.reps;
  const measure = t.balancedOn === 'current_spend' ? 'current spend' : 'opportunity';
  const why =
    mean > 0 && context.largestUnit > (1 + t.tolerance) * mean
      ? `its largest account (or family) alone is ${pct(context.largestUnit / mean)} of a rep's mean`
      : 'large accounts, locks or the account cap prevent it';
  if (!t.withinTolerance)
    warnings.push({
      code: 'territory-tolerance',
      message: `${q}: the reps' ${measure} could not all be brought within ±${pct(t.tolerance)} of the mean (largest gap ${pct(t.maxDeviation)}${context.balanceWorkload ? `, workload ${pct(t.maxWorkloadDeviation)}` : ''}): ${why} — raise territories.tolerance or change the reps`,
    });
  if (unlockable > 0)
    warnings.push({
      code: 'territory-lock-without-owner',
      message: `${q}: ${formatCount(unlockable)} locked accounts have no current owner among the quadrant's reps, so they were placed like the others`,
    });
  if (skipped)
    warnings.push({
      code: 'territory-solver-skipped',
      message: `${q}: ${formatCount(t.accountsPerRep.reduce((s, v) => s + v, 0))} accounts × ${t.reps} reps is over territories.maxVariables; the heuristic's plan is used`,
    });
  return warnings;
}

/** Each row's group; a family's rows take the group of its member with most opportunity. */
function rowGroups(accounts: TerritoryAccounts, rows: readonly number[]): Map<number, string> {
  const group = (i: number) => accounts.group?.[i] ?? 'Unknown';
  const value = (i: number) =>
    Number.isNaN(accounts.opportunity[i] as number) ? 0 : (accounts.opportunity[i] as number);
  const lead = new Map<string, number>();
  if (accounts.family)
    for (const i of rows) {
      const f = accounts.family[i] as string;
      const at = lead.get(f);
      if (at === undefined || value(i) > value(at)) lead.set(f, i);
    }
  return new Map(
    rows.map((i) => [i, group(accounts.family ? (lead.get(accounts.family[i] as string) as number) : i)]),
  );
}

/** The pools: each quadrant with reps and named accounts, split by group when asked and there are reps enough. */
function buildPools(
  accounts: TerritoryAccounts,
  repsOf: (q: RoadQuadrant) => number,
  rowsOf: Map<RoadQuadrant, number[]>,
  warnings: Warning[],
): Pool[] {
  // Without groups no map of every row (10M entries at 10M accounts).
  const groupOf = accounts.group
    ? rowGroups(accounts, [...rowsOf.values()].flat())
    : new Map<number, string>();
  return [...rowsOf].flatMap(([q, rows]) => {
    const reps = repsOf(q);
    const whole: Pool = { key: q, quadrant: q, group: null, rows, reps };
    if (!accounts.group) return [whole];
    const byGroup = new Map<string, number[]>();
    for (const i of rows) {
      const g = groupOf.get(i) as string;
      const members = byGroup.get(g);
      if (members === undefined) byGroup.set(g, [i]);
      else members.push(i); // not a copy per row: that was quadratic in a group's accounts
    }
    const groups = [...byGroup.keys()].sort();
    const weight = (g: string) =>
      (byGroup.get(g) as number[]).reduce((s, i) => s + balancedValue(accounts, i), 0);
    const split = apportion(groups.map(weight), reps);
    if (split === null) {
      warnings.push({
        code: 'territory-groups-merged',
        message: `${q}: ${formatCount(reps)} reps for ${formatCount(groups.length)} geography groups (${groups.join(', ')}); at least one rep per group is needed, so the quadrant is one territory pool`,
      });
      return [whole];
    }
    return groups.map((g, k) => ({
      key: `${q} · ${g}`,
      quadrant: q,
      group: g,
      rows: byGroup.get(g) as number[],
      reps: split[k] as number,
    }));
  });
}

/** Plans one pool and describes it. */
async function planPool(
  pool: Pool,
  names: string[],
  accounts: TerritoryAccounts,
  settings: TerritorySettings,
  claims: Map<string, string>,
  owner: (string | null)[],
) {
  const keepOwners = accounts.currentOwner !== null;
  const { rows, reps } = pool;
  const { units, unitOf, unlockable } = quadrantUnits(rows, names, accounts);
  const planned = await planQuadrant(units, reps, settings, keepOwners);
  const repOfRow = (rep: Int32Array) => Int32Array.from(unitOf, (u) => rep[u] as number);
  const planRep = repOfRow(planned.plan.rep);
  rows.forEach((i, k) => (owner[i] = names[planRep[k] as number] as string));
  const territory: QuadrantTerritory = {
    ...planned.plan.balance,
    quadrant: pool.quadrant,
    group: pool.group,
    balancedOn: balanceMeasure(pool.quadrant),
    workloadBalanced: settings.balanceWorkload,
    repNames: names,
    openSeats: keepOwners ? names.filter((name) => claims.get(name) !== pool.key) : [],
    tolerance: settings.tolerance,
    accountsMoved: ownerChanges(rows, names, planRep, accounts),
    accountsMovedFromScratch:
      planned.fromScratch && ownerChanges(rows, names, repOfRow(planned.fromScratch), accounts),
    lockedAccounts: units.locked.reduce((n, v) => n + v, 0),
    method: planned.method,
    solverStatus: planned.solverStatus,
    gap: planned.gap,
    movesLowerBound: null,
  };
  const forced = territory.accountsMoved - planned.plan.accountsMoved; // owners who are no seat here
  if (planned.movesLowerBound !== null) territory.movesLowerBound = forced + planned.movesLowerBound;
  const skipped = units.length * reps > settings.maxVariables && (keepOwners || settings.solver === 'highs');
  const largestUnit = maxOf(units.value, 0); // NaN never wins
  const context = { unlockable, skipped, largestUnit, balanceWorkload: settings.balanceWorkload };
  return { territory, warnings: quadrantWarnings(pool.key, territory, context) };
}

/**
 * Territories inside each quadrant (see the module note), and inside each geography group when accounts have
 * groups. Accounts a quadrant's reps do not name, and a quadrant without reps, go to its pool as before.
 *
 * @example
 * const { owner, territories } = await planTerritories(accounts, [{ quadrant: 'Acquire', reps: 40 }], settings);
 * territories.Acquire?.withinTolerance; // true
 */
export async function planTerritories(
  accounts: TerritoryAccounts,
  plan: readonly { quadrant: RoadQuadrant; reps: number }[],
  settings: TerritorySettings,
  onPool: (done: number, total: number) => void = () => {},
): Promise<TerritoryPlan> {
  const owner = new Array<string | null>(accounts.quadrants.length).fill(null);
  const territories: TerritoryPlan['territories'] = {};
  const warnings: Warning[] = [];
  const repsOf = (q: RoadQuadrant) => plan.filter((r) => r.quadrant === q).reduce((s, r) => s + r.reps, 0);
  const rowsOf = new Map<RoadQuadrant, number[]>();
  for (const q of ROAD_QUADRANTS) {
    const rows: number[] = [];
    accounts.quadrants.forEach((v, i) => v === q && rows.push(i));
    // One string per pool, not one per account (10M copies fill the JavaScript heap).
    const pool = poolOwner(q, repsOf(q) > 0);
    for (const i of rows) owner[i] = pool;
    const named = accounts.named === undefined ? rows : rows.filter((i) => accounts.named?.[i] === 1);
    if (repsOf(q) > 0 && named.length > 0) rowsOf.set(q, named);
  }
  gatherFamilies(rowsOf, accounts);
  const pools = buildPools(accounts, repsOf, rowsOf, warnings);
  const claims = claimOwners(accounts, pools);
  const taken = new Map<RoadQuadrant, Set<string>>();
  for (const pool of pools) {
    if (!taken.has(pool.quadrant)) taken.set(pool.quadrant, new Set());
    const names = repNames(pool, accounts, claims, taken.get(pool.quadrant) as Set<string>);
    const planned = await planPool(pool, names, accounts, settings, claims, owner);
    territories[pool.key] = planned.territory;
    warnings.push(...planned.warnings);
    onPool(pools.indexOf(pool) + 1, pools.length);
  }
  return { owner, territories, warnings };
}
