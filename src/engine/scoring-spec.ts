/**
 * The {@link ScoringSpec} of a study — from a finished run folder (verified against its manifest first) or from a
 * study's in-memory state — so its scoring can be written as SQL.
 */
import { join } from 'node:path';
import { sniffHeader } from '../data/csv-dialect.ts';
import { loadFrozenStudy } from '../study/assign/frozen-study.ts';
import { readRun, verifyRun } from '../study/run-folder.ts';
import { artifactOf, type StudyState } from '../study/step.ts';
import type { StudyConfig } from '../study/types.ts';
import { scoringInputColumns, type ScoringSpec } from './scoring-sql.ts';

/** `account_id`, `name`, then the columns the scoring reads, in that order, keeping those the data has. */
function carriedColumns(spec: Omit<ScoringSpec, 'columns'>, has: (column: string) => boolean): string[] {
  return [...new Set(['account_id', 'name', ...scoringInputColumns({ ...spec, columns: [] })])].filter(has);
}

function rulesOf(config: StudyConfig) {
  return {
    tiers: config.tiers,
    sizeSegments: config.sizeSegments,
    industryPriority: config.industryPriority,
    road: config.road,
    routing: config.routing,
  };
}

/**
 * The scoring of a run folder: its models, its config's rules and its industry lift.
 *
 * @example
 * const spec = await scoringSpecOfRun('out/2026-11');
 * spec.columns; // ['account_id', 'name', 'employees', 'annual_revenue', 'industry', 'current_spend', …]
 */
export async function scoringSpecOfRun(dir: string): Promise<ScoringSpec> {
  const manifest = await verifyRun(dir);
  const icp = await readRun(dir, 'icp');
  const industry = icp.lift.find((table) => table[0]?.attribute === 'industry') ?? [];
  const spec = {
    lookalike: await readRun(dir, 'lookalike'),
    clusters: await readRun(dir, 'clusters'),
    spend: await readRun(dir, 'spend'),
    industryLift: Object.fromEntries(industry.map((row) => [row.value, row.lift])),
    ...rulesOf(manifest.config),
  };
  const header = new Set((await sniffHeader(join(dir, 'segments.csv'))).columns);
  return { ...spec, columns: carriedColumns(spec, (c) => header.has(c)) };
}

/**
 * The assignment of a finished run folder as SQL: its scoring with the fit score read off the study's own scale
 * and the quadrants cut at its thresholds, so new accounts get what `segment assign` gives them (owners and queue
 * reps aside: they are placed one by one against the reps' loads).
 *
 * @example
 * const spec = await assignSpecOfRun('out/2026-11');
 * spec.frozen?.thresholds; // { spend_threshold: 36454.5, opportunity_threshold: 1481.15 }
 */
export async function assignSpecOfRun(dir: string): Promise<ScoringSpec> {
  const study = await loadFrozenStudy(dir);
  return {
    ...(await scoringSpecOfRun(dir)),
    frozen: { fitScores: study.scale, thresholds: study.thresholds },
  };
}

/**
 * The scoring of a study that has run its steps in memory.
 *
 * @example
 * const spec = scoringSpecOfState(await runSteps(config));
 */
export function scoringSpecOfState(state: StudyState): ScoringSpec {
  const spec = {
    lookalike: artifactOf(state, 'lookalike', 'sql').model.toJSON(),
    clusters: artifactOf(state, 'personas', 'sql').model.toJSON(),
    spend: artifactOf(state, 'spend', 'sql').model.toJSON(),
    industryLift: Object.fromEntries(artifactOf(state, 'lift', 'sql').industryLift),
    ...rulesOf(state.config),
  };
  return { ...spec, columns: carriedColumns(spec, (c) => state.frame.has(c)) };
}
