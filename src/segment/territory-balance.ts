/**
 * Territories under rules: a quadrant's units (accounts, or whole account families) dealt to its reps so that
 * each rep's value (opportunity, or current spend in Retain) — and, when asked, workload — lies within a tolerance of the mean, locked units stay
 * with their rep, no rep exceeds a maximum number of accounts, and (when units have a current owner) as few
 * accounts as possible move.
 *
 * The heuristic: start from the current owners (minimal disruption) or from a longest-processing-time deal
 * (largest unit first to the rep with the least value, a rep at its account cap skipped), then repair:
 * repeatedly make the single move, or failing that the swap, that most reduces the total distance outside the
 * bands, until every rep is inside or no move helps. An exact MILP ({@link solveTerritoriesExactly}) can
 * improve on it.
 */
import { ConfigError } from '../core/errors.ts';
import { gini } from '../stats/gini.ts';
import { maxOf, minOf } from '../core/extent.ts';

/** One unit to place: an account or a family of accounts that must stay together. */
export interface TerritoryUnit {
  /** What territories balance: the unit's opportunity, or its current spend in Retain (NaN counts as 0). */
  value: number;
  /** Accounts in the unit (a family counts all its accounts). */
  accounts: number;
  /** Workload: accounts, or monthly touches — balanced when the rules ask. */
  workload: number;
  /** The rep (0-based) that owns it now, or -1. */
  current: number;
  /** True: the unit stays with its current rep. */
  locked: boolean;
}

/** The rules a plan must meet. */
export interface TerritoryRules {
  /** Each rep's balanced value (opportunity, or current spend in Retain) within ±tolerance × the mean (0.1 = ±10 %). */
  tolerance: number;
  /** Also keep each rep's workload within ±tolerance × the mean workload. */
  balanceWorkload: boolean;
  /** Most accounts one rep may hold, or null. */
  maxAccountsPerRep: number | null;
}

/** Balance of a plan under its rules. */
export interface RuleBalance {
  reps: number;
  /** Each rep's balanced value: opportunity, or current spend in Retain. */
  valuePerRep: number[];
  accountsPerRep: number[];
  workloadPerRep: number[];
  /** Largest / smallest rep value (1 = perfect; Infinity when a rep has none). */
  maxMinRatio: number;
  gini: number;
  /** Largest distance of a rep's value from the mean, as a share of the mean. */
  maxDeviation: number;
  /** Largest distance of a rep's workload from the mean workload, as a share of it. */
  maxWorkloadDeviation: number;
  /** Every rep inside the value band (and the workload band and account cap when set). */
  withinTolerance: boolean;
}

/** A plan: the rep of each unit and what it costs. */
export interface UnitPlan {
  rep: Int32Array;
  /** Accounts whose rep differs from their current one (units without a current rep not counted). */
  accountsMoved: number;
  balance: RuleBalance;
}

/** Checks the rules: tolerance in (0, 1], cap a whole number >= 1. */
export function validateTerritoryRules(rules: TerritoryRules): void {
  if (!(rules.tolerance > 0 && rules.tolerance <= 1))
    throw new ConfigError(
      `territories.tolerance=${rules.tolerance} must be a share above 0 and at most 1 (0.1 = ±10 %)`,
    );
  const cap = rules.maxAccountsPerRep;
  if (cap !== null && !(Number.isInteger(cap) && cap >= 1))
    throw new ConfigError(`territories.maxAccountsPerRep=${cap} must be a whole number >= 1 or null`);
}

const valueOf = (u: TerritoryUnit) => (Number.isNaN(u.value) ? 0 : u.value);

/** Per-rep totals of a plan. */
function repTotals(units: readonly TerritoryUnit[], rep: Int32Array, reps: number) {
  const value = new Array<number>(reps).fill(0);
  const accounts = new Array<number>(reps).fill(0);
  const workload = new Array<number>(reps).fill(0);
  units.forEach((u, i) => {
    const r = rep[i] as number;
    value[r] = (value[r] as number) + valueOf(u);
    accounts[r] = (accounts[r] as number) + u.accounts;
    workload[r] = (workload[r] as number) + u.workload;
  });
  return { value, accounts, workload };
}

/** The band scorer: how far a rep's totals lie outside the bands, in shares of the means. */
function bandScorer(units: readonly TerritoryUnit[], reps: number, rules: TerritoryRules) {
  const meanValue = units.reduce((s, u) => s + valueOf(u), 0) / reps;
  const meanWorkload = units.reduce((s, u) => s + u.workload, 0) / reps;
  const outside = (total: number, mean: number) =>
    mean > 0 ? Math.max(0, Math.abs(total - mean) / mean - rules.tolerance) : 0;
  const cap = rules.maxAccountsPerRep;
  return (value: number, accounts: number, workload: number) =>
    outside(value, meanValue) +
    (rules.balanceWorkload ? outside(workload, meanWorkload) : 0) +
    (cap !== null && accounts > cap ? (accounts - cap) / cap : 0);
}

/**
 * The balance of a plan under rules.
 *
 * @example
 * ruleBalance([{ value: 5, accounts: 1, workload: 1, current: -1, locked: false }], new Int32Array([0]), 1,
 *   { tolerance: 0.1, balanceWorkload: false, maxAccountsPerRep: null }).withinTolerance; // true
 */
export function ruleBalance(
  units: readonly TerritoryUnit[],
  rep: Int32Array,
  reps: number,
  rules: TerritoryRules,
): RuleBalance {
  const totals = repTotals(units, rep, reps);
  const deviation = (values: number[]) => {
    const mean = values.reduce((s, v) => s + v, 0) / reps;
    return mean > 0 ? maxOf(values.map((v) => Math.abs(v - mean) / mean)) : 0;
  };
  const score = bandScorer(units, reps, rules);
  const min = minOf(totals.value);
  return {
    reps,
    valuePerRep: totals.value,
    accountsPerRep: totals.accounts,
    workloadPerRep: totals.workload,
    maxMinRatio: min > 0 ? maxOf(totals.value) / min : Infinity,
    gini: gini(totals.value),
    maxDeviation: deviation(totals.value),
    maxWorkloadDeviation: deviation(totals.workload),
    withinTolerance: totals.value.every(
      (v, r) => score(v, totals.accounts[r] as number, totals.workload[r] as number) <= 1e-12,
    ),
  };
}

/** Accounts placed with a rep other than their current one. */
export function accountsMoved(units: readonly TerritoryUnit[], rep: Int32Array): number {
  return units.reduce((s, u, i) => s + (u.current >= 0 && u.current !== rep[i] ? u.accounts : 0), 0);
}

/** A binary min-heap of reps ordered by `before`. */
class RepHeap {
  readonly #items: number[] = [];
  constructor(readonly before: (a: number, b: number) => boolean) {}
  get size(): number {
    return this.#items.length;
  }
  push(rep: number): void {
    const items = this.#items;
    items.push(rep);
    for (let at = items.length - 1; at > 0;) {
      const parent = (at - 1) >> 1;
      if (!this.before(items[at] as number, items[parent] as number)) break;
      [items[at], items[parent]] = [items[parent] as number, items[at] as number];
      at = parent;
    }
  }
  pop(): number {
    const items = this.#items;
    const top = items[0] as number;
    const last = items.pop() as number;
    if (items.length === 0) return top;
    items[0] = last;
    for (let at = 0; ;) {
      const left = 2 * at + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child =
        right < items.length && this.before(items[right] as number, items[left] as number) ? right : left;
      if (!this.before(items[child] as number, items[at] as number)) break;
      [items[at], items[child]] = [items[child] as number, items[at] as number];
      at = child;
    }
    return top;
  }
}

/**
 * Largest unit first to the rep with the least value (then fewest accounts, then lowest number) that has
 * room; locked units first to their rep. A heap of reps keeps each placement O(log reps).
 */
function dealFromScratch(units: readonly TerritoryUnit[], reps: number, rules: TerritoryRules): Int32Array {
  const rep = new Int32Array(units.length).fill(-1);
  const value = new Array<number>(reps).fill(0);
  const accounts = new Array<number>(reps).fill(0);
  const place = (i: number, r: number) => {
    rep[i] = r;
    value[r] = (value[r] as number) + valueOf(units[i] as TerritoryUnit);
    accounts[r] = (accounts[r] as number) + (units[i] as TerritoryUnit).accounts;
  };
  units.forEach((u, i) => u.locked && place(i, u.current));
  const order = units
    .map((_, i) => i)
    .filter((i) => rep[i] === -1)
    .sort((a, b) => valueOf(units[b] as TerritoryUnit) - valueOf(units[a] as TerritoryUnit) || a - b);
  const cap = rules.maxAccountsPerRep ?? Infinity;
  const before = (a: number, b: number) =>
    (value[a] as number) < (value[b] as number) ||
    ((value[a] as number) === (value[b] as number) &&
      ((accounts[a] as number) < (accounts[b] as number) ||
        ((accounts[a] as number) === (accounts[b] as number) && a < b)));
  const heap = new RepHeap(before);
  for (let r = 0; r < reps; r++) heap.push(r);
  for (const i of order) {
    const size = (units[i] as TerritoryUnit).accounts;
    const full: number[] = [];
    let best = -1;
    while (heap.size > 0) {
      const r = heap.pop();
      if ((accounts[r] as number) + size <= cap) {
        best = r;
        break;
      }
      full.push(r);
    }
    if (best === -1) best = accounts.indexOf(minOf(accounts)); // every rep full: the least loaded
    for (const r of full) if (r !== best) heap.push(r);
    place(i, best);
    heap.push(best);
  }
  return rep;
}

/** Units with a current rep stay with it; the rest are dealt as from scratch around them. */
function dealFromCurrent(units: readonly TerritoryUnit[], reps: number, rules: TerritoryRules): Int32Array {
  const pinned = units.map((u) => (u.current >= 0 ? { ...u, locked: true } : u));
  return dealFromScratch(pinned, reps, rules);
}

/** Reps to look at in a repair: those outside the bands, and the few with the least and the most value. */
const EXTREME_REPS = 16;

/** The state a repair works on: totals per rep and each rep's movable units. */
interface RepairState {
  totals: ReturnType<typeof repTotals>;
  members: Set<number>[];
}

/** The reps a repair considers (outside the bands, lowest and highest value), and their scores. */
function repairCandidates(state: RepairState, score: ReturnType<typeof bandScorer>) {
  const { totals } = state;
  const reps = totals.value.length;
  const repScore = Array.from({ length: reps }, (_, r) =>
    score(totals.value[r] as number, totals.accounts[r] as number, totals.workload[r] as number),
  );
  const bad = repScore.flatMap((v, r) => (v > 0 ? [r] : []));
  const byValue = Array.from({ length: reps }, (_, r) => r).sort(
    (a, b) => (totals.value[a] as number) - (totals.value[b] as number) || a - b,
  );
  const extremes = [...byValue.slice(0, EXTREME_REPS), ...byValue.slice(-EXTREME_REPS)];
  return { repScore, bad, candidates: [...new Set([...bad, ...extremes])].sort((a, b) => a - b) };
}

/**
 * The best single move (or, failing that, swap) among the candidate reps that lowers the total distance outside
 * the bands, or null.
 */
function bestRepair(
  units: readonly TerritoryUnit[],
  rep: Int32Array,
  state: RepairState,
  score: ReturnType<typeof bandScorer>,
): { moves: [number, number][]; gain: number } | null {
  const { totals } = state;
  const { repScore, bad, candidates } = repairCandidates(state, score);
  if (bad.length === 0) return null;
  const after = (r: number, u: TerritoryUnit, sign: number) =>
    score(
      (totals.value[r] as number) + sign * valueOf(u),
      (totals.accounts[r] as number) + sign * u.accounts,
      (totals.workload[r] as number) + sign * u.workload,
    );
  let best: { moves: [number, number][]; gain: number } | null = null;
  for (const from of candidates)
    for (const i of state.members[from] as Set<number>) {
      const u = units[i] as TerritoryUnit;
      const leave = (repScore[from] as number) - after(from, u, -1);
      for (const to of candidates) {
        if (to === from) continue;
        const tie = u.current === to ? 1e-9 : u.current === from ? -1e-9 : 0; // prefer moves home, then staying
        const gain = leave + (repScore[to] as number) - after(to, u, +1) + tie;
        if (gain > 1e-12 && (best === null || gain > best.gain + 1e-15)) best = { moves: [[i, to]], gain };
      }
    }
  return best ?? bestSwap(units, state, score, repScore, candidates);
}

/** The best swap between the worst rep and another candidate rep, or null. */
function bestSwap(
  units: readonly TerritoryUnit[],
  state: RepairState,
  score: ReturnType<typeof bandScorer>,
  repScore: number[],
  candidates: readonly number[],
): { moves: [number, number][]; gain: number } | null {
  const { totals } = state;
  const worst = repScore.indexOf(maxOf(repScore));
  const shifted = (r: number, out: TerritoryUnit, into: TerritoryUnit) =>
    score(
      (totals.value[r] as number) - valueOf(out) + valueOf(into),
      (totals.accounts[r] as number) - out.accounts + into.accounts,
      (totals.workload[r] as number) - out.workload + into.workload,
    );
  let best: { moves: [number, number][]; gain: number } | null = null;
  for (const other of candidates) {
    if (other === worst) continue;
    for (const j of state.members[other] as Set<number>)
      for (const i of state.members[worst] as Set<number>) {
        const a = units[i] as TerritoryUnit;
        const b = units[j] as TerritoryUnit;
        const gain =
          (repScore[worst] as number) +
          (repScore[other] as number) -
          shifted(worst, a, b) -
          shifted(other, b, a);
        if (gain > 1e-12 && (best === null || gain > best.gain + 1e-15))
          best = {
            moves: [
              [i, other],
              [j, worst],
            ],
            gain,
          };
      }
  }
  return best;
}

/** Applies one repair's moves to the plan and the state. */
function applyMoves(
  units: readonly TerritoryUnit[],
  rep: Int32Array,
  state: RepairState,
  moves: [number, number][],
): void {
  const { totals } = state;
  for (const [i, to] of moves) {
    const u = units[i] as TerritoryUnit;
    const from = rep[i] as number;
    totals.value[from] = (totals.value[from] as number) - valueOf(u);
    totals.accounts[from] = (totals.accounts[from] as number) - u.accounts;
    totals.workload[from] = (totals.workload[from] as number) - u.workload;
    totals.value[to] = (totals.value[to] as number) + valueOf(u);
    totals.accounts[to] = (totals.accounts[to] as number) + u.accounts;
    totals.workload[to] = (totals.workload[to] as number) + u.workload;
    state.members[from]?.delete(i);
    state.members[to]?.add(i);
    rep[i] = to;
  }
}

/**
 * Plans territories for one set of reps by the heuristic in the module note. With `fromCurrent`, units keep their
 * current rep unless the bands need the move (minimal disruption); otherwise they are dealt from scratch.
 *
 * @example
 * const units = [9, 1, 5, 5].map((value) => ({ value, accounts: 1, workload: 1, current: -1, locked: false }));
 * planUnits(units, 2, { tolerance: 0.1, balanceWorkload: false, maxAccountsPerRep: null }, false).rep;
 * // Int32Array [0, 0, 1, 1] — totals 10 and 10
 */
export function planUnits(
  units: readonly TerritoryUnit[],
  reps: number,
  rules: TerritoryRules,
  fromCurrent: boolean,
  maxRepairs = 10_000,
): UnitPlan {
  if (!Number.isInteger(reps) || reps < 1)
    throw new ConfigError(`territories: reps=${reps} must be an integer >= 1`);
  for (const u of units)
    if (u.locked && !(u.current >= 0 && u.current < reps))
      throw new ConfigError(`territories: a locked unit's rep ${u.current} is not one of the ${reps} reps`);
  const rep = fromCurrent ? dealFromCurrent(units, reps, rules) : dealFromScratch(units, reps, rules);
  const score = bandScorer(units, reps, rules);
  const members = Array.from({ length: reps }, () => new Set<number>());
  units.forEach((u, i) => u.locked || members[rep[i] as number]?.add(i));
  const state: RepairState = { totals: repTotals(units, rep, reps), members };
  for (let step = 0; step < maxRepairs; step++) {
    const repair = bestRepair(units, rep, state, score);
    if (repair === null) break;
    applyMoves(units, rep, state, repair.moves);
  }
  return { rep, accountsMoved: accountsMoved(units, rep), balance: ruleBalance(units, rep, reps, rules) };
}
