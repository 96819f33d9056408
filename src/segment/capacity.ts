/**
 * Capacity-constrained coverage: with a given number of reps per role, which accounts get a named rep, and the
 * headcount curve — the opportunity covered as reps are added, with the marginal opportunity of each next rep.
 *
 * Roles work quadrants: hunters Acquire, farmers Develop, account managers Retain; Opportunistic accounts and every
 * account no rep has room for are served by the digital pool. Hunters and farmers are measured by the opportunity
 * they cover (new dollars to win); account managers by the current spend they look after (dollars to keep, which
 * the opportunity of Retain accounts — low by definition — would not show), so the headcount curve allocates the
 * growth roles and the account managers are planned on their own curve. An account takes 1 ÷ (accounts per rep of its
 * quadrant and size segment) of a rep's time (`coverage.capacity`), so a rep holds 20 Enterprise or 150 SMB new
 * logos. A role's reps take accounts in order of opportunity per unit of rep time (the greedy order of the
 * knapsack: most expected dollars for the time), as long as the next account still fits in the reps' time. Each
 * role's coverage curve is then concave in its reps, and adding every next rep where it covers most (the
 * combined curve) is the best allocation of a headcount across roles.
 */
import { ConfigError } from '../core/errors.ts';
import type { CapacityTable } from './coverage.ts';
import type { RoadQuadrant, SizeSegment } from './vocabulary.ts';

/** The roles with named reps, and the quadrant each works. */
export const COVERAGE_ROLES = [
  { role: 'hunters', quadrant: 'Acquire', measure: 'opportunity' },
  { role: 'farmers', quadrant: 'Develop', measure: 'opportunity' },
  { role: 'accountManagers', quadrant: 'Retain', measure: 'spend' },
] as const satisfies readonly { role: string; quadrant: RoadQuadrant; measure: 'opportunity' | 'spend' }[];

/** How people call one rep of a role, and the role as a heading. */
export const ROLE_NAMES: Readonly<Record<CoverageRole, { one: string; many: string }>> = {
  hunters: { one: 'hunter', many: 'Hunters' },
  farmers: { one: 'farmer', many: 'Farmers' },
  accountManagers: { one: 'account manager', many: 'Account managers' },
};

/** The roles the headcount curve allocates reps between (measured in opportunity). */
const GROWTH_ROLES = COVERAGE_ROLES.filter((r) => r.measure === 'opportunity');

/** What each account is worth to the roles: opportunity (hunters, farmers) and current spend (account managers). */
export interface CoverageValues {
  opportunity: ArrayLike<number>;
  spend: ArrayLike<number>;
}

/** A role with named reps. */
export type CoverageRole = (typeof COVERAGE_ROLES)[number]['role'];

/** Reps per role. */
export type RoleReps = Record<CoverageRole, number>;

/** One role's plan. */
export interface RolePlan {
  role: CoverageRole;
  quadrant: RoadQuadrant;
  reps: number;
  /** What the role is measured by: opportunity (hunters, farmers) or current spend (account managers). */
  measure: 'opportunity' | 'spend';
  /** Accounts of the quadrant, and those with a named rep. */
  accounts: number;
  accountsCovered: number;
  /** The measure summed over the quadrant, and over the accounts with a named rep. */
  value: number;
  valueCovered: number;
  /** Reps it would take to cover every account of the quadrant (the "reps needed" rule). */
  repsToCoverAll: number;
}

/** One point of the headcount curve. */
export interface HeadcountPoint {
  /** Reps in the roles of the curve. */
  reps: number;
  /** The role that got the last rep (null at 0 reps). */
  role: CoverageRole | null;
  /** Opportunity with a named rep at this headcount. */
  opportunityCovered: number;
  /** What the last rep added. */
  marginal: number;
  /** Reps per role at this point. */
  byRole: RoleReps;
}

/** A role's accounts in the order reps take them, with the running workload and value. */
interface RoleQueue {
  rows: Int32Array;
  /** cumulativeWork[k] = rep time of the first k accounts (k = 0 … n). */
  cumulativeWork: Float64Array;
  cumulativeValue: Float64Array;
}

const known = (v: number) => (Number.isNaN(v) ? 0 : v);

function roleQueue(
  quadrant: RoadQuadrant,
  quadrants: readonly (RoadQuadrant | null)[],
  segments: readonly (SizeSegment | null)[],
  values: ArrayLike<number>,
  capacity: CapacityTable,
): RoleQueue {
  const rows: number[] = [];
  // Each account's work (a share of a rep) from its segment, not a map entry per account (4.8M at 10M accounts).
  const perRep = (i: number) => capacity[quadrant][segments[i] ?? 'SMB'];
  const work = (i: number) => 1 / perRep(i);
  quadrants.forEach((q, i) => {
    if (q === quadrant && perRep(i) > 0) rows.push(i);
  });
  const worth = (i: number) => known(values[i] as number);
  const density = (i: number) => worth(i) / work(i);
  rows.sort((a, b) => density(b) - density(a) || worth(b) - worth(a) || a - b);
  const cumulativeWork = new Float64Array(rows.length + 1);
  const cumulativeValue = new Float64Array(rows.length + 1);
  rows.forEach((i, k) => {
    cumulativeWork[k + 1] = (cumulativeWork[k] as number) + work(i);
    cumulativeValue[k + 1] = (cumulativeValue[k] as number) + worth(i);
  });
  return { rows: Int32Array.from(rows), cumulativeWork, cumulativeValue };
}

/** Slack for summing fractions of a rep (1/3 + 1/3 + 1/3 must fit in one rep). */
const EPSILON = 1e-9;

/** How many accounts of the queue `reps` reps take: the longest prefix whose work fits. */
function accountsTaken(queue: RoleQueue, reps: number): number {
  let lo = 0;
  let hi = queue.rows.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((queue.cumulativeWork[mid] as number) <= reps + EPSILON) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function queues(
  quadrants: readonly (RoadQuadrant | null)[],
  segments: readonly (SizeSegment | null)[],
  values: CoverageValues,
  capacity: CapacityTable,
): Map<CoverageRole, RoleQueue> {
  return new Map(
    COVERAGE_ROLES.map(({ role, quadrant, measure }) => [
      role,
      roleQueue(quadrant, quadrants, segments, values[measure], capacity),
    ]),
  );
}

/** Checks reps per role: exactly the three roles, whole numbers from 0 to 100,000. */
export function validateRoleReps(reps: RoleReps, where = 'coverage.reps'): void {
  const unknown = Object.keys(reps).filter((k) => !COVERAGE_ROLES.some((r) => r.role === k));
  if (unknown.length > 0)
    throw new ConfigError(
      `${where}: unknown role "${unknown[0]}" (roles: ${COVERAGE_ROLES.map((r) => `"${r.role}"`).join(', ')})`,
    );
  for (const { role } of COVERAGE_ROLES) {
    const n = reps[role];
    if (!Number.isInteger(n) || n < 0 || n > 100_000)
      throw new ConfigError(`${where}.${role}=${String(n)} must be a whole number of reps from 0 to 100,000`);
  }
}

/**
 * Which accounts get a named rep with `reps` per role, and each role's totals.
 *
 * @example
 * const { named, roles } = capacityPlan(quadrants, segments, { opportunity, spend }, DEFAULT_CAPACITY, { hunters: 40, farmers: 10, accountManagers: 10 });
 * roles[0]; // { role: 'hunters', quadrant: 'Acquire', measure: 'opportunity', reps: 40, accountsCovered: 1141, valueCovered: 7.2e7, … }
 */
export function capacityPlan(
  quadrants: readonly (RoadQuadrant | null)[],
  segments: readonly (SizeSegment | null)[],
  values: CoverageValues,
  capacity: CapacityTable,
  reps: RoleReps,
): { named: Uint8Array; roles: RolePlan[] } {
  validateRoleReps(reps);
  const named = new Uint8Array(quadrants.length);
  const byRole = queues(quadrants, segments, values, capacity);
  const roles = COVERAGE_ROLES.map(({ role, quadrant, measure }) => {
    const queue = byRole.get(role) as RoleQueue;
    const taken = accountsTaken(queue, reps[role]);
    for (let k = 0; k < taken; k++) named[queue.rows[k] as number] = 1;
    let accounts = 0;
    let total = 0;
    quadrants.forEach((q, i) => {
      if (q !== quadrant) return;
      accounts++;
      total += known(values[measure][i] as number);
    });
    return {
      role,
      quadrant,
      measure,
      reps: reps[role],
      accounts,
      accountsCovered: taken,
      value: total,
      valueCovered: queue.cumulativeValue[taken] as number,
      repsToCoverAll: Math.ceil((queue.cumulativeWork[queue.rows.length] as number) - EPSILON),
    };
  });
  return { named, roles };
}

/**
 * The headcount curve of the growth roles (hunters, farmers): from 0 reps, each next rep goes to the role where it
 * adds the most covered opportunity, until both cover all of their accounts (or `maxReps`).
 *
 * @example
 * const curve = headcountCurve(quadrants, segments, { opportunity, spend }, DEFAULT_CAPACITY);
 * curve[60]; // { reps: 60, role: 'hunters', opportunityCovered: 8.9e7, marginal: 606441, byRole: { hunters: 56, farmers: 4, accountManagers: 0 } }
 */
export function headcountCurve(
  quadrants: readonly (RoadQuadrant | null)[],
  segments: readonly (SizeSegment | null)[],
  values: CoverageValues,
  capacity: CapacityTable,
  maxReps = Number.POSITIVE_INFINITY,
): HeadcountPoint[] {
  const byRole = queues(quadrants, segments, values, capacity);
  const current: RoleReps = { hunters: 0, farmers: 0, accountManagers: 0 };
  const covered = (role: CoverageRole, reps: number) => {
    const queue = byRole.get(role) as RoleQueue;
    return queue.cumulativeValue[accountsTaken(queue, reps)] as number;
  };
  const full = (role: CoverageRole) => {
    const queue = byRole.get(role) as RoleQueue;
    return accountsTaken(queue, current[role]) === queue.rows.length;
  };
  const points: HeadcountPoint[] = [
    { reps: 0, role: null, opportunityCovered: 0, marginal: 0, byRole: { ...current } },
  ];
  let total = 0;
  while (points.length - 1 < maxReps) {
    let best: CoverageRole | null = null;
    let gain = -1;
    for (const { role } of GROWTH_ROLES) {
      if (full(role)) continue;
      const g = covered(role, current[role] + 1) - covered(role, current[role]);
      if (g > gain) {
        gain = g;
        best = role;
      }
    }
    if (best === null) break;
    current[best]++;
    total += gain;
    points.push({
      reps: points.length,
      role: best,
      opportunityCovered: total,
      marginal: gain,
      byRole: { ...current },
    });
  }
  return points;
}
