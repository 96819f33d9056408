/**
 * The exact territory plan: a mixed-integer program solved by HiGHS (compiled to WebAssembly, npm `highs`),
 * started from the heuristic plan so it can only improve on it.
 *
 * Variables x[u][r] = 1 when unit u goes to rep r (locked units are constants). Constraints: each unit to one
 * rep; each rep's value (opportunity, or current spend in Retain) within (1 ± tolerance) × mean; the same for
 * workload when asked; at most the account cap. Objective: the accounts moved away from their current rep (0 when no unit has one — then any
 * plan inside the bands is optimal).
 */
import highsImport, { type Highs } from 'highs';
import {
  accountsMoved,
  ruleBalance,
  type TerritoryRules,
  type TerritoryUnit,
  type UnitPlan,
} from './territory-balance.ts';

/** How the exact solve went. */
export interface ExactSolve {
  /** "optimal", "time limit", "infeasible" (the bands cannot all be met), or another HiGHS status. */
  status: string;
  /** Relative MIP gap of the returned plan (0 = proved optimal), or null without a plan. */
  gap: number | null;
  seconds: number;
  /** The better of the solver's and the heuristic's plan, or null when the solver found none. */
  plan: UnitPlan | null;
}

const STATUS_NAMES: Record<number, string> = {
  7: 'optimal',
  8: 'infeasible',
  13: 'time limit',
  15: 'solution limit',
  17: 'interrupted',
};

// The package's types describe its CommonJS build; Node's ESM import gives the loader itself as the default.
const highsLoader = ((highsImport as unknown as { default?: unknown }).default ??
  highsImport) as () => Promise<Highs>;
let highsLoaded: Promise<Highs> | null = null;

/** The HiGHS module, loaded once. */
async function loadHighs(): Promise<Highs> {
  highsLoaded ??= highsLoader();
  return highsLoaded;
}

/** Row bounds and column entries of the program, free units only (locked ones shift the bounds). */
function buildProgram(units: readonly TerritoryUnit[], reps: number, rules: TerritoryRules) {
  const free = units.flatMap((u, i) => (u.locked ? [] : [i]));
  const mean = (f: (u: TerritoryUnit) => number) => units.reduce((s, u) => s + f(u), 0) / reps;
  const value = (u: TerritoryUnit) => (Number.isNaN(u.value) ? 0 : u.value);
  const meanValue = mean(value) || 1;
  const meanWorkload = mean((u) => u.workload) || 1;
  const families = [{ of: value, scale: meanValue, band: true }];
  if (rules.balanceWorkload) families.push({ of: (u) => u.workload, scale: meanWorkload, band: true });
  if (rules.maxAccountsPerRep !== null) families.push({ of: (u) => u.accounts, scale: 1, band: false });
  const numRows = free.length + families.length * reps;
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  rowLower.fill(1, 0, free.length);
  rowUpper.fill(1, 0, free.length);
  families.forEach((family, f) => {
    for (let r = 0; r < reps; r++) {
      const fixed =
        units.reduce((s, u) => s + (u.locked && u.current === r ? family.of(u) : 0), 0) / family.scale;
      const row = free.length + f * reps + r;
      rowLower[row] = family.band ? 1 - rules.tolerance - fixed : -Infinity;
      rowUpper[row] = family.band ? 1 + rules.tolerance - fixed : (rules.maxAccountsPerRep as number) - fixed;
    }
  });
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const colCost: number[] = [];
  free.forEach((i, k) => {
    const u = units[i] as TerritoryUnit;
    for (let r = 0; r < reps; r++) {
      indices.push(k);
      values.push(1);
      families.forEach((family, f) => {
        const coefficient = family.of(u) / family.scale;
        if (coefficient === 0) return;
        indices.push(free.length + f * reps + r);
        values.push(coefficient);
      });
      starts.push(indices.length);
      colCost.push(u.current === r ? -u.accounts : 0);
    }
  });
  const offset = free.reduce(
    (s, i) => s + ((units[i] as TerritoryUnit).current >= 0 ? (units[i] as TerritoryUnit).accounts : 0),
    0,
  );
  return { free, numRows, rowLower, rowUpper, starts, indices, values, colCost, offset };
}

/** The program as a HiGHS model; `integer` false gives its LP relaxation. */
function createModel(highs: Highs, program: ReturnType<typeof buildProgram>, integer: boolean) {
  const numCols = program.colCost.length;
  return highs.createModel({
    numCols,
    numRows: program.numRows,
    sense: highs.constants.objectiveSense.minimize,
    offset: program.offset,
    colCost: new Float64Array(program.colCost),
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(1),
    rowLower: program.rowLower,
    rowUpper: program.rowUpper,
    matrix: {
      format: 'csc',
      numRows: program.numRows,
      numCols,
      starts: new Int32Array(program.starts),
      indices: new Int32Array(program.indices),
      values: new Float64Array(program.values),
    },
    ...(integer ? { integrality: new Int32Array(numCols).fill(highs.constants.variableType.integer) } : {}),
  });
}

/**
 * The fewest accounts any plan inside the bands must move, by the LP relaxation (a lower bound: the true
 * minimum is at least its ceiling), or null when even a fractional plan cannot meet the bands.
 *
 * @example
 * await movesLowerBound(units, 40, rules); // 21.4 — no plan moves fewer than 22 accounts
 */
export async function movesLowerBound(
  units: readonly TerritoryUnit[],
  reps: number,
  rules: TerritoryRules,
): Promise<number | null> {
  const highs = await loadHighs();
  const model = createModel(highs, buildProgram(units, reps, rules), false);
  try {
    model.options.set({ output_flag: false, random_seed: 0 });
    model.run();
    return (model.getModelStatus() as number) === 7 ? Math.max(0, model.getObjectiveValue()) : null;
  } finally {
    model.dispose();
  }
}

/**
 * Solves the territory MILP, started from `start` (a plan of the same units), within a node limit (so that a
 * run is reproducible) and a time limit (a safety net; a run stopped by it may differ next time). Returns the
 * solver's status and gap and the better plan (fewer accounts moved among plans inside the bands).
 *
 * @example
 * const exact = await solveTerritoriesExactly(units, 40, rules, heuristic, { maxNodes: 100, timeLimit: 120 });
 * exact.status; // 'optimal'
 */
export async function solveTerritoriesExactly(
  units: readonly TerritoryUnit[],
  reps: number,
  rules: TerritoryRules,
  start: UnitPlan,
  options: { maxNodes: number; timeLimit: number },
): Promise<ExactSolve> {
  const began = performance.now();
  const highs = await loadHighs();
  const program = buildProgram(units, reps, rules);
  const model = createModel(highs, program, true);
  try {
    model.options.set({
      output_flag: false,
      time_limit: options.timeLimit,
      mip_max_nodes: options.maxNodes,
      mip_rel_gap: 0,
      random_seed: 0,
    });
    if (start.balance.withinTolerance) {
      const warm = new Float64Array(program.colCost.length);
      program.free.forEach((i, k) => (warm[k * reps + (start.rep[i] as number)] = 1));
      model.setSolution({ colValue: warm });
    }
    model.run();
    const code = model.getModelStatus() as number;
    const status = STATUS_NAMES[code] ?? `HiGHS status ${code}`;
    const seconds = (performance.now() - began) / 1000;
    if (model.info.get('primal_solution_status') !== 2) return { status, gap: null, seconds, plan: null };
    const x = model.getSolution().colValue;
    const rep = Int32Array.from(start.rep);
    program.free.forEach((i, k) => {
      for (let r = 0; r < reps; r++) if ((x[k * reps + r] as number) > 0.5) rep[i] = r;
    });
    const plan = {
      rep,
      accountsMoved: accountsMoved(units, rep),
      balance: ruleBalance(units, rep, reps, rules),
    };
    const better =
      plan.balance.withinTolerance &&
      (!start.balance.withinTolerance || plan.accountsMoved <= start.accountsMoved);
    return { status, gap: Number(model.info.get('mip_gap')), seconds, plan: better ? plan : start };
  } finally {
    model.dispose();
  }
}
