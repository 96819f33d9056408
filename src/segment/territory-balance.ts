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
import { RepMembers, UnitColumns, type TerritoryUnit } from './territory-units.ts';

export type { TerritoryUnit } from './territory-units.ts';

/** Units as objects (small plans, tests) or as columns (a pool of millions of accounts). */
export type TerritoryUnits = readonly TerritoryUnit[] | UnitColumns;

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

/** Per-rep totals of a plan. */
function repTotals(units: UnitColumns, rep: Int32Array, reps: number) {
  const value = new Array<number>(reps).fill(0);
  const accounts = new Array<number>(reps).fill(0);
  const workload = new Array<number>(reps).fill(0);
  for (let i = 0; i < units.length; i++) {
    const r = rep[i] as number;
    value[r] = (value[r] as number) + units.balanced(i);
    accounts[r] = (accounts[r] as number) + (units.accounts[i] as number);
    workload[r] = (workload[r] as number) + (units.workload[i] as number);
  }
  return { value, accounts, workload };
}

/** The band scorer: how far a rep's totals lie outside the bands, in shares of the means. */
function bandScorer(units: UnitColumns, reps: number, rules: TerritoryRules) {
  let [valueSum, workloadSum] = [0, 0];
  for (let i = 0; i < units.length; i++) {
    valueSum += units.balanced(i);
    workloadSum += units.workload[i] as number;
  }
  const [meanValue, meanWorkload] = [valueSum / reps, workloadSum / reps];
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
  units: TerritoryUnits,
  rep: Int32Array,
  reps: number,
  rules: TerritoryRules,
): RuleBalance {
  const columns = UnitColumns.of(units);
  const totals = repTotals(columns, rep, reps);
  const deviation = (values: number[]) => {
    const mean = values.reduce((s, v) => s + v, 0) / reps;
    return mean > 0 ? maxOf(values.map((v) => Math.abs(v - mean) / mean)) : 0;
  };
  const score = bandScorer(columns, reps, rules);
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
export function accountsMoved(units: TerritoryUnits, rep: Int32Array): number {
  const { current, accounts, length } = UnitColumns.of(units);
  let moved = 0;
  for (let i = 0; i < length; i++) {
    const c = current[i] as number;
    if (c >= 0 && c !== rep[i]) moved += accounts[i] as number;
  }
  return moved;
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
 * room; locked units first to their rep, and with `keepCurrent` every unit with a current rep. A heap of reps
 * keeps each placement O(log reps).
 */
function deal(units: UnitColumns, reps: number, rules: TerritoryRules, keepCurrent: boolean): Int32Array {
  const rep = new Int32Array(units.length).fill(-1);
  const value = new Array<number>(reps).fill(0);
  const accounts = new Array<number>(reps).fill(0);
  const place = (i: number, r: number) => {
    rep[i] = r;
    value[r] = (value[r] as number) + units.balanced(i);
    accounts[r] = (accounts[r] as number) + (units.accounts[i] as number);
  };
  for (let i = 0; i < units.length; i++)
    if (units.locked[i] === 1 || (keepCurrent && (units.current[i] as number) >= 0))
      place(i, units.current[i] as number);
  const order = Int32Array.from({ length: units.length }, (_, i) => i)
    .filter((i) => rep[i] === -1)
    .sort((a, b) => units.balanced(b) - units.balanced(a) || a - b);
  const cap = rules.maxAccountsPerRep ?? Infinity;
  const before = (a: number, b: number) =>
    (value[a] as number) < (value[b] as number) ||
    ((value[a] as number) === (value[b] as number) &&
      ((accounts[a] as number) < (accounts[b] as number) ||
        ((accounts[a] as number) === (accounts[b] as number) && a < b)));
  const heap = new RepHeap(before);
  for (let r = 0; r < reps; r++) heap.push(r);
  for (const i of order) {
    const size = units.accounts[i] as number;
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

/** Reps to look at in a repair: those outside the bands, and the few with the least and the most value. */
const EXTREME_REPS = 16;

/** The state a repair works on: totals per rep and each rep's movable units. */
interface RepairState {
  totals: ReturnType<typeof repTotals>;
  members: RepMembers;
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
  units: UnitColumns,
  state: RepairState,
  score: ReturnType<typeof bandScorer>,
): { moves: [number, number][]; gain: number } | null {
  const { totals } = state;
  const { repScore, bad, candidates } = repairCandidates(state, score);
  if (bad.length === 0) return null;
  const after = (r: number, i: number, sign: number) =>
    score(
      (totals.value[r] as number) + sign * units.balanced(i),
      (totals.accounts[r] as number) + sign * (units.accounts[i] as number),
      (totals.workload[r] as number) + sign * (units.workload[i] as number),
    );
  let best: { moves: [number, number][]; gain: number } | null = null;
  for (const from of candidates)
    for (const i of state.members.of(from)) {
      const current = units.current[i] as number;
      const leave = (repScore[from] as number) - after(from, i, -1);
      for (const to of candidates) {
        if (to === from) continue;
        const tie = current === to ? 1e-9 : current === from ? -1e-9 : 0; // prefer moves home, then staying
        const gain = leave + (repScore[to] as number) - after(to, i, +1) + tie;
        if (gain > 1e-12 && (best === null || gain > best.gain + 1e-15)) best = { moves: [[i, to]], gain };
      }
    }
  return best ?? bestSwap(units, state, score, repScore, candidates);
}

/** The best swap between the worst rep and another candidate rep, or null. */
function bestSwap(
  units: UnitColumns,
  state: RepairState,
  score: ReturnType<typeof bandScorer>,
  repScore: number[],
  candidates: readonly number[],
): { moves: [number, number][]; gain: number } | null {
  const { totals } = state;
  const worst = repScore.indexOf(maxOf(repScore));
  const { accounts, workload } = units;
  const shifted = (r: number, out: number, into: number) =>
    score(
      (totals.value[r] as number) - units.balanced(out) + units.balanced(into),
      (totals.accounts[r] as number) - (accounts[out] as number) + (accounts[into] as number),
      (totals.workload[r] as number) - (workload[out] as number) + (workload[into] as number),
    );
  let best: { moves: [number, number][]; gain: number } | null = null;
  for (const other of candidates) {
    if (other === worst) continue;
    for (const j of state.members.of(other))
      for (const i of state.members.of(worst)) {
        const gain =
          (repScore[worst] as number) +
          (repScore[other] as number) -
          shifted(worst, i, j) -
          shifted(other, j, i);
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
  units: UnitColumns,
  rep: Int32Array,
  state: RepairState,
  moves: [number, number][],
): void {
  const { totals } = state;
  for (const [i, to] of moves) {
    const [value, accounts, workload] = [
      units.balanced(i),
      units.accounts[i] as number,
      units.workload[i] as number,
    ];
    const from = rep[i] as number;
    totals.value[from] = (totals.value[from] as number) - value;
    totals.accounts[from] = (totals.accounts[from] as number) - accounts;
    totals.workload[from] = (totals.workload[from] as number) - workload;
    totals.value[to] = (totals.value[to] as number) + value;
    totals.accounts[to] = (totals.accounts[to] as number) + accounts;
    totals.workload[to] = (totals.workload[to] as number) + workload;
    state.members.delete(from, i);
    state.members.add(to, i);
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
  units: TerritoryUnits,
  reps: number,
  rules: TerritoryRules,
  fromCurrent: boolean,
  maxRepairs = 10_000,
): UnitPlan {
  if (!Number.isInteger(reps) || reps < 1)
    throw new ConfigError(`territories: reps=${reps} must be an integer >= 1`);
  const columns = UnitColumns.of(units);
  for (let i = 0; i < columns.length; i++) {
    const current = columns.current[i] as number;
    if (columns.locked[i] === 1 && !(current >= 0 && current < reps))
      throw new ConfigError(`territories: a locked unit's rep ${current} is not one of the ${reps} reps`);
  }
  const rep = deal(columns, reps, rules, fromCurrent);
  const score = bandScorer(columns, reps, rules);
  const members = new RepMembers(reps, columns.length);
  for (let i = 0; i < columns.length; i++) if (columns.locked[i] === 0) members.add(rep[i] as number, i);
  const state: RepairState = { totals: repTotals(columns, rep, reps), members };
  for (let step = 0; step < maxRepairs; step++) {
    const repair = bestRepair(columns, state, score);
    if (repair === null) break;
    applyMoves(columns, rep, state, repair.moves);
  }
  return { rep, accountsMoved: accountsMoved(columns, rep), balance: ruleBalance(columns, rep, reps, rules) };
}
