/**
 * Step "scenarios": the configured plan, each coverage scenario of the config (e.g. 40 / 60 / 80 reps), and the
 * "cover every account" rule, planned the same way (capacity, territories under the same rules, quotas when
 * set) and compared side by side: headcount, opportunity with a named rep, balance, accounts moved, quota per
 * rep. Owns `scenarios`; off (null artifact) without scenarios.
 */
import type { ScenarioRow } from '../../segment/coverage.ts';
import { headcount, repsNeeded } from '../../segment/coverage.ts';
import { capacityPlan, COVERAGE_ROLES, validateRoleReps, type RoleReps } from '../../segment/capacity.ts';
import { repQuotas, type QuotaPlan } from '../../segment/quotas.ts';
import { isPoolOwner, planTerritories } from '../../segment/territories.ts';
import type { RoadQuadrant, SizeSegment } from '../../segment/vocabulary.ts';
import { asConfigError, check, checkRange, isJsonObject, type ConfigSlice } from '../config-slice.ts';
import { artifactOf, type StudyState, type StudyStep } from '../step.ts';
import { territoryAccounts } from './territory-inputs.ts';

/** One scenario of the config: a name, reps per role (null = cover every account), an optional tolerance. */
export interface ScenarioConfig {
  name: string;
  reps: RoleReps | null;
  /** Overrides `territories.tolerance` for this scenario. */
  tolerance?: number;
}

/** The `scenarios` slice: a list (empty by default). */
export const scenariosConfig: ConfigSlice<ScenarioConfig[]> = {
  key: 'scenarios',
  defaults: () => [],
  validate(list, file) {
    check(Array.isArray(list), file, 'scenarios must be a list of {"name": …, "reps": {…}}');
    list.forEach((s, k) => {
      const at = `scenarios[${k}]`;
      check(isJsonObject(s) && typeof s.name === 'string' && s.name !== '', file, `${at} needs a "name"`);
      for (const key of Object.keys(s))
        check(
          ['name', 'reps', 'tolerance'].includes(key),
          file,
          `unknown key "${at}.${key}" (known: "name", "reps", "tolerance")`,
        );
      if (s.reps !== null) {
        check(
          isJsonObject(s.reps),
          file,
          `${at}.reps must be {"hunters": n, "farmers": n, "accountManagers": n} or null`,
        );
        asConfigError(file, null, () => validateRoleReps(s.reps as RoleReps, `${at}.reps`));
      }
      if (s.tolerance !== undefined) checkRange(s.tolerance, file, `${at}.tolerance`, { min: 0.001, max: 1 });
    });
    const names = list.map((s) => s.name);
    check(new Set(names).size === names.length, file, 'scenarios must have different names');
  },
};

/** Plans one scenario and sums it up. */
async function planScenario(state: StudyState, scenario: ScenarioConfig): Promise<ScenarioRow> {
  const { frame, config } = state;
  const quadrants = frame.strings('road_quadrant') as readonly (RoadQuadrant | null)[];
  const segments = frame.strings('size_segment') as readonly (SizeSegment | null)[];
  const opportunity = frame.numbers('opportunity');
  const values = { opportunity, spend: frame.numbers('current_spend') };
  const table = config.coverage.capacity;
  const capacity =
    scenario.reps === null ? null : capacityPlan(quadrants, segments, values, table, scenario.reps);
  const plan = capacity?.roles ?? repsNeeded(headcount(quadrants, segments, table));
  const settings = {
    ...config.territories,
    tolerance: scenario.tolerance ?? config.territories.tolerance,
    balanceWorkload: config.territories.workload !== null,
  };
  const accounts = await territoryAccounts(frame, config, capacity?.named);
  const { owner, territories } = await planTerritories(accounts, plan, settings);
  const named = owner.map((o) => (o !== null && !isPoolOwner(o) ? 1 : 0));
  const covered = named.reduce<number>(
    (s, v, i) => s + (v === 1 && !Number.isNaN(opportunity[i] as number) ? (opportunity[i] as number) : 0),
    0,
  );
  const total = opportunity.reduce((s, v) => s + (Number.isNaN(v) ? 0 : v), 0);
  const quadrantPlans = Object.values(territories);
  const quotas =
    config.quotas === null
      ? null
      : scenarioQuotas(state, owner, quadrants, { opportunity, currentSpend: values.spend });
  const growth = quotas?.reps.filter((r) => r.basis === 'opportunity') ?? [];
  const count = (role: keyof RoleReps) => {
    const quadrant = COVERAGE_ROLES.find((r) => r.role === role)?.quadrant;
    return (
      scenario.reps?.[role] ?? plan.filter((r) => r.quadrant === quadrant).reduce((s, r) => s + r.reps, 0)
    );
  };
  return {
    scenario: scenario.name,
    hunters: count('hunters'),
    farmers: count('farmers'),
    account_managers: count('accountManagers'),
    reps: plan.reduce((s, r) => s + r.reps, 0),
    accounts_named: named.reduce<number>((s, v) => s + v, 0),
    opportunity_covered: covered,
    opportunity_share: total > 0 ? covered / total : 0,
    max_deviation: Math.max(0, ...quadrantPlans.map((t) => t?.maxDeviation ?? 0)),
    within_tolerance: quadrantPlans.every((t) => t?.withinTolerance),
    accounts_moved:
      accounts.currentOwner === null
        ? Number.NaN
        : quadrantPlans.reduce((s, t) => s + (t?.accountsMoved ?? 0), 0),
    quota_per_rep: growth.length === 0 ? Number.NaN : growth.reduce((s, r) => s + r.quota, 0) / growth.length,
    reps_outside_band: quotas === null ? Number.NaN : quotas.outsideBand,
  };
}

/** The scenario's quotas by the study's quota rules and the realization rate the study's quotas used. */
function scenarioQuotas(
  state: StudyState,
  owner: (string | null)[],
  quadrants: readonly (string | null)[],
  values: { opportunity: Float64Array; currentSpend: Float64Array },
) {
  const rules = state.config.quotas;
  if (rules === null) return null;
  const study = artifactOf(state, 'quotas', 'scenarios') as QuotaPlan;
  return repQuotas(owner, quadrants, values, study.realization, rules);
}

/** The scenarios step: no columns; the comparison, or null without scenarios. */
export const scenariosStep: StudyStep<'scenarios'> = {
  name: 'scenarios',
  label: 'coverage scenarios',
  reads: ['road_quadrant', 'size_segment', 'opportunity', 'current_spend', 'monthly_touches'],
  config: [scenariosConfig as ConfigSlice<unknown>],
  async run(state) {
    const { config } = state;
    artifactOf(state, 'coverage', 'scenarios');
    if (config.scenarios.length === 0) return { artifact: null };
    const all: ScenarioConfig[] = [
      ...(config.coverage.reps === null ? [] : [{ name: 'As configured', reps: config.coverage.reps }]),
      ...config.scenarios,
      { name: 'Cover every account', reps: null },
    ];
    const rows: ScenarioRow[] = [];
    for (const scenario of all) rows.push(await planScenario(state, scenario));
    return { artifact: { rows } };
  },
};

export type { ScenarioRow };
