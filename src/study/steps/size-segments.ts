/**
 * Step "sizeSegments": Enterprise / Mid-Market / SMB from employees and revenue. Owns `sizeSegments`.
 */
import { DEFAULT_SIZE_SEGMENTS, sizeSegments, type SizeSegmentRules } from '../../segment/tiers.ts';
import { check, type ConfigSlice } from '../config-slice.ts';
import type { StudyStep } from '../step.ts';

/** The `sizeSegments` slice. */
export const sizeSegmentsConfig: ConfigSlice<SizeSegmentRules> = {
  key: 'sizeSegments',
  defaults: () => structuredClone(DEFAULT_SIZE_SEGMENTS),
  validate(s, file) {
    check(
      s.enterprise.employees > s.midMarket.employees && s.enterprise.revenue > s.midMarket.revenue,
      file,
      'sizeSegments: enterprise thresholds must be above mid-market ones',
    );
  },
};

/** The size-segment step: adds `size_segment`. */
export const sizeSegmentsStep: StudyStep<'sizeSegments'> = {
  name: 'sizeSegments',
  label: 'size segments',
  config: [sizeSegmentsConfig as ConfigSlice<unknown>],
  run({ frame, config }) {
    const segments = sizeSegments(
      frame.numbers('employees'),
      frame.numbers('annual_revenue'),
      config.sizeSegments,
    );
    return { columns: { size_segment: segments }, artifact: { rules: config.sizeSegments } };
  },
};
