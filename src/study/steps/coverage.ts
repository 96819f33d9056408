/**
 * Step "coverage": reps needed per quadrant × size segment and balanced territories inside each quadrant.
 * Owns `coverage`.
 */
import {
  DEFAULT_CAPACITY,
  headcount,
  quadrantTerritories,
  validateCapacity,
  type CapacityTable,
  type HeadcountRow,
  type QuadrantTerritories,
} from '../../segment/coverage.ts';
import type { RoadQuadrant, SizeSegment } from '../../segment/vocabulary.ts';
import { asConfigError, type ConfigSlice } from '../config-slice.ts';
import { artifactOf, type StudyStep } from '../step.ts';

/** The `coverage` slice: accounts one rep works, per quadrant and size segment. */
export const coverageConfig: ConfigSlice<{ capacity: CapacityTable }> = {
  key: 'coverage',
  defaults: () => ({ capacity: structuredClone(DEFAULT_CAPACITY) }),
  validate(c, file) {
    asConfigError(file, null, () => validateCapacity(c.capacity));
  },
};

/** The coverage step's artifact. */
export interface CoverageArtifact {
  headcount: HeadcountRow[];
  territories: QuadrantTerritories['territories'];
}

/** The coverage step: adds `owner`. */
export const coverageStep: StudyStep<'coverage'> = {
  name: 'coverage',
  label: 'coverage and territories',
  config: [coverageConfig as ConfigSlice<unknown>],
  run(state) {
    const { frame, config } = state;
    artifactOf(state, 'road', 'coverage');
    const quadrants = frame.strings('road_quadrant') as readonly (RoadQuadrant | null)[];
    const plan = headcount(
      quadrants,
      frame.strings('size_segment') as readonly (SizeSegment | null)[],
      config.coverage.capacity,
    );
    const { owner, territories } = quadrantTerritories(quadrants, frame.numbers('opportunity'), plan);
    return { columns: { owner }, artifact: { headcount: plan, territories } };
  },
};
