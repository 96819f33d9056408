/**
 * The plan on one page: the headcount the coverage model needs and the one the study planned, by role, the
 * opportunity the planned reps cover, quotas and expected bookings, growth over current spend, and the ask (what
 * the next reps would add). The report's plan section and the deck's plan slide quote these same numbers, and the
 * reps figure is the one `coverage.json` gives (`repsNeeded` of its headcount).
 */
import { formatCount, formatMoney } from '../core/format.ts';
import { COVERAGE_ROLES, ROLE_NAMES, type CoverageRole, type RoleReps } from '../segment/capacity.ts';
import type { ReportData } from './html.ts';

/** Reps by role and in all. */
export interface RoleCount extends RoleReps {
  total: number;
}

/** What {@link coveragePlan} returns. */
export interface CoveragePlan {
  /** Reps the coverage model needs to cover every account. */
  needed: RoleCount;
  /** Reps the study planned (`coverage.reps`), or null under the "reps needed" rule. */
  planned: RoleCount | null;
  /** Acquire and Develop opportunity the named hunters and farmers cover, of all of it. */
  covered: { opportunity: number; of: number };
  /** Quotas, when the study set them: new business (to the target) and Retain renewals. */
  quotas: { newBusiness: number; renewals: number; reps: number; expectedBookings: number } | null;
  /** Current spend of every account (what growth is measured against). */
  currentSpend: number;
  /** The next ten growth reps on the headcount curve and the opportunity they would add (null: nothing left). */
  ask: { reps: number; byRole: RoleReps; adds: number } | null;
}

const roleCount = (byRole: RoleReps): RoleCount => ({
  ...byRole,
  total: byRole.hunters + byRole.farmers + byRole.accountManagers,
});

/** Reps per role from per-quadrant counts (Acquire: hunters, Develop: farmers, Retain: account managers). */
function byQuadrant(rows: readonly { quadrant: string; reps: number }[]): RoleCount {
  const of = (role: CoverageRole) => {
    const quadrant = COVERAGE_ROLES.find((r) => r.role === role)?.quadrant;
    return rows.filter((r) => r.quadrant === quadrant).reduce((s, r) => s + r.reps, 0);
  };
  return roleCount({
    hunters: of('hunters'),
    farmers: of('farmers'),
    accountManagers: of('accountManagers'),
  });
}

/** What the plan is computed from: the report data's coverage, quotas, quadrant totals and reps figure. */
export type PlanInputs = Pick<ReportData, 'coverage' | 'quotas' | 'totals' | 'reps'>;

/** The next `step` reps after the planned growth reps on the headcount curve, and what they add. */
function nextReps(d: PlanInputs, planned: RoleCount | null, step = 10): CoveragePlan['ask'] {
  const curve = d.coverage?.curve ?? [];
  if (planned === null || curve.length === 0) return null;
  const from = Math.min(planned.hunters + planned.farmers, curve.length - 1);
  const to = Math.min(from + step, curve.length - 1);
  const [start, end] = [curve[from], curve[to]];
  if (start === undefined || end === undefined || to === from) return null;
  return {
    reps: to - from,
    byRole: {
      hunters: end.byRole.hunters - start.byRole.hunters,
      farmers: end.byRole.farmers - start.byRole.farmers,
      accountManagers: 0,
    },
    adds: end.opportunityCovered - start.opportunityCovered,
  };
}

/**
 * The plan of a run's report data.
 *
 * @example
 * const plan = coveragePlan(await readRunData('out/2026-11'));
 * plan.needed.total; // 282 — the reps figure of the report, the deck and coverage.json
 */
export function coveragePlan(d: PlanInputs): CoveragePlan {
  const needed = byQuadrant(d.coverage?.needed ?? []);
  const roles = d.coverage?.plan ?? null;
  const planned = roles === null ? null : byQuadrant(roles);
  const curve = d.coverage?.curve ?? [];
  const all = curve[curve.length - 1]?.opportunityCovered ?? 0;
  const covered =
    roles === null
      ? all
      : roles.filter((r) => r.measure === 'opportunity').reduce((s, r) => s + r.valueCovered, 0);
  const q = d.quotas ?? null;
  const quotaOf = (basis: 'opportunity' | 'current_spend') =>
    (q?.byQuadrant ?? []).filter((r) => r.basis === basis).reduce((s, r) => s + r.quota, 0);
  return {
    needed: needed.total === 0 ? roleCount({ hunters: 0, farmers: 0, accountManagers: d.reps }) : needed,
    planned,
    covered: { opportunity: covered, of: all },
    quotas:
      q === null
        ? null
        : {
            newBusiness: quotaOf('opportunity'),
            renewals: quotaOf('current_spend'),
            reps: q.byQuadrant.reduce((s, r) => s + r.reps, 0),
            expectedBookings: q.expectedBookings ?? Number.NaN,
          },
    currentSpend: d.totals.reduce((s, t) => s + t.spend, 0),
    ask: nextReps(d, planned),
  };
}

/** "252 hunters, 21 farmers and 9 account managers". */
function roles(count: RoleReps): string {
  const parts = COVERAGE_ROLES.filter(({ role }) => count[role] > 0).map(
    ({ role }) =>
      `${formatCount(count[role])} ${count[role] === 1 ? ROLE_NAMES[role].one : ROLE_NAMES[role].many.toLowerCase()}`,
  );
  return parts.length <= 1 ? (parts[0] ?? 'no reps') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/**
 * The plan in sentences a VP reads in thirty seconds: headcount, coverage, quotas and bookings, the ask.
 *
 * @example
 * planSentences(plan, 'USD')[0]; // 'Plan: 60 reps — 40 hunters, 10 farmers and 10 account managers — of the 282 …'
 */
export function planSentences(plan: CoveragePlan, currency: string): string[] {
  const money = (v: number) => formatMoney(v, currency);
  const share = (a: number, b: number) => `${Math.round((100 * a) / Math.max(b, 1))}%`;
  const { needed, planned, covered, quotas, ask } = plan;
  const headcount =
    planned === null
      ? `Reps needed to cover every account: ${formatCount(needed.total)} — ${roles(needed)} (no headcount set; coverage.reps plans an affordable one).`
      : `Plan: ${formatCount(planned.total)} reps — ${roles(planned)} — of the ${formatCount(needed.total)} it would take to cover every account (${roles(needed)}).`;
  const coverage = `Named hunters and farmers cover ${money(covered.opportunity)} of ${money(covered.of)} Acquire and Develop opportunity (${share(covered.opportunity, covered.of)}).`;
  const bookings =
    quotas === null
      ? 'No quotas set (add a quotas section with a target).'
      : `Quotas: ${money(quotas.newBusiness)} of new business and ${money(quotas.renewals)} of renewals over ${formatCount(quotas.reps)} reps; expected new bookings ${money(quotas.expectedBookings)}, ${share(quotas.expectedBookings, plan.currentSpend)} growth over ${money(plan.currentSpend)} current spend.`;
  const next =
    ask === null
      ? []
      : [
          `The ask: +${formatCount(ask.reps)} reps (${roles(ask.byRole)}) would cover ${money(ask.adds)} more opportunity.`,
        ];
  return [headcount, coverage, bookings, ...next];
}
