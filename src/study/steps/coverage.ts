/**
 * Step "coverage": reps needed per quadrant × size segment and balanced territories inside each quadrant.
 * Owns `coverage`.
 */
import {
  DEFAULT_CAPACITY,
  headcount,
  repsNeeded,
  validateCapacity,
  type CapacityTable,
  type HeadcountRow,
} from '../../segment/coverage.ts';
import { planTerritories, type TerritoryPlan } from '../../segment/territories.ts';
import { territoriesConfig, territoryAccounts } from './territory-inputs.ts';
import type { RoadQuadrant, SizeSegment } from '../../segment/vocabulary.ts';
import { asConfigError, check, isJsonObject, type ConfigSlice } from '../config-slice.ts';
import {
  capacityPlan,
  headcountCurve,
  validateRoleReps,
  type HeadcountPoint,
  type RolePlan,
  type RoleReps,
} from '../../segment/capacity.ts';
import { artifactOf, type StudyStep } from '../step.ts';
import { SILENT_PROGRESS, type StepProgress } from '../progress.ts';
import type { Frame } from '../../data/frame.ts';
import type { StudyConfig } from '../types.ts';

/** The `coverage` slice. */
export interface CoverageConfig {
  /** Accounts one rep works, per quadrant and size segment. */
  capacity: CapacityTable;
  /**
   * Reps per role (hunters, farmers, account managers): only the accounts they have time for get a named rep,
   * the rest go to the digital pool. Null: as many reps as it takes to cover every account (the "reps needed" rule).
   */
  reps: RoleReps | null;
}

/** The `coverage` slice with its defaults. */
export const coverageConfig: ConfigSlice<CoverageConfig> = {
  key: 'coverage',
  defaults: () => ({ capacity: structuredClone(DEFAULT_CAPACITY), reps: null }),
  validate(c, file) {
    asConfigError(file, null, () => validateCapacity(c.capacity));
    if (c.reps !== null) {
      check(
        isJsonObject(c.reps),
        file,
        'coverage.reps must be {"hunters": n, "farmers": n, "accountManagers": n} or null',
      );
      asConfigError(file, null, () => validateRoleReps(c.reps as RoleReps));
    }
  },
};

/** The coverage step's artifact. */
export interface CoverageArtifact {
  headcount: HeadcountRow[];
  territories: TerritoryPlan['territories'];
  /** Each role's plan with the configured reps, or null under the "reps needed" rule. */
  plan: RolePlan[] | null;
  /** Opportunity covered as reps are added, to the headcount that covers every account. */
  curve: HeadcountPoint[];
}

/**
 * Coverage of a scored accounts frame (road_quadrant, size_segment, opportunity, current_spend, monthly_touches
 * and the territory inputs the config names): headcount, the reps' plan and curve, and each account's `owner`.
 * The step's work, shared with the engine, which hands it only those columns.
 *
 * @example
 * const { columns, artifact } = await planCoverage(frame, config);
 * columns.owner[0]; // 'Acquire rep 001'
 */
export async function planCoverage(
  frame: Frame,
  config: StudyConfig,
  progress: StepProgress = SILENT_PROGRESS,
) {
  const quadrants = frame.strings('road_quadrant') as readonly (RoadQuadrant | null)[];
  const segments = frame.strings('size_segment') as readonly (SizeSegment | null)[];
  const plan = headcount(quadrants, segments, config.coverage.capacity);
  const values = { opportunity: frame.numbers('opportunity'), spend: frame.numbers('current_spend') };
  const curve = headcountCurve(quadrants, segments, values, config.coverage.capacity);
  const { reps, capacity: table } = config.coverage;
  const capacity = reps === null ? null : capacityPlan(quadrants, segments, values, table, reps);
  const accounts = await territoryAccounts(frame, config, capacity?.named);
  const settings = { ...config.territories, balanceWorkload: config.territories.workload !== null };
  const { owner, territories, warnings } = await planTerritories(
    accounts,
    capacity?.roles ?? repsNeeded(plan),
    settings,
    (done, total) => progress.work(done, total, 'territory pools planned'),
  );
  // With current owners, the one each account had: a rep sees the hand-over, sales ops the moves.
  const previous: Record<string, (string | null)[]> =
    accounts.currentOwner === null ? {} : { previous_owner: [...accounts.currentOwner] };
  const artifact: CoverageArtifact = { headcount: plan, territories, plan: capacity?.roles ?? null, curve };
  return { columns: { owner, ...previous }, artifact, warnings };
}

/** The coverage step: adds `owner`. */
export const coverageStep: StudyStep<'coverage'> = {
  name: 'coverage',
  label: 'coverage and territories',
  reads: ['road_quadrant', 'size_segment', 'opportunity', 'current_spend', 'monthly_touches'],
  config: [coverageConfig as ConfigSlice<unknown>, territoriesConfig as ConfigSlice<unknown>],
  async run(state, progress = SILENT_PROGRESS) {
    artifactOf(state, 'road', 'coverage');
    return planCoverage(state.frame, state.config, progress);
  },
};
