/**
 * The study's steps, in the order they run. Each later step reads the columns and artifacts of earlier ones.
 *
 * @example
 * STUDY_STEPS.map((s) => s.name); // ['assemble', 'sizeSegments', 'lift', 'lookalike', …, 'performance', 'quotas']
 */
import type { StudyStep } from '../step.ts';
import { assembleStep } from './assemble.ts';
import { coverageStep } from './coverage.ts';
import { engagementStep } from './engagement.ts';
import { liftStep } from './lift.ts';
import { lookalikeStep } from './lookalike.ts';
import { performanceStep } from './performance.ts';
import { quotasStep } from './quotas.ts';
import { personasStep } from './personas.ts';
import { roadStep } from './road.ts';
import { routingStep } from './routing.ts';
import { sizeSegmentsStep } from './size-segments.ts';
import { spendStep } from './spend.ts';
import { tiersStep } from './tiers.ts';
import { hierarchyStep } from './hierarchy.ts';
import { scenariosStep } from './scenarios.ts';
import { valueStep } from './value.ts';

/** Every step of `segment study`, in order. */
export const STUDY_STEPS: readonly StudyStep[] = [
  assembleStep,
  sizeSegmentsStep,
  liftStep,
  lookalikeStep,
  engagementStep,
  personasStep,
  spendStep,
  valueStep,
  tiersStep,
  roadStep,
  hierarchyStep,
  coverageStep,
  routingStep,
  performanceStep,
  quotasStep,
  scenariosStep,
] as readonly StudyStep[];

export {
  assembleStep,
  coverageStep,
  engagementStep,
  hierarchyStep,
  liftStep,
  lookalikeStep,
  performanceStep,
  personasStep,
  quotasStep,
  roadStep,
  routingStep,
  scenariosStep,
  sizeSegmentsStep,
  spendStep,
  tiersStep,
  valueStep,
};
