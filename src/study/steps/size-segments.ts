/**
 * Step "sizeSegments": Enterprise / Mid-Market / SMB from employees and revenue. Owns `sizeSegments`.
 */
import { DEFAULT_SIZE_SEGMENTS, sizeSegments, type SizeSegmentRules } from '../../segment/tiers.ts';
import { check, checkRange, type ConfigSlice } from '../config-slice.ts';
import type { StudyStep } from '../step.ts';

/** The `sizeSegments` slice. */
export const sizeSegmentsConfig: ConfigSlice<SizeSegmentRules> = {
  key: 'sizeSegments',
  defaults: () => structuredClone(DEFAULT_SIZE_SEGMENTS),
  validate(s, file) {
    for (const segment of ['enterprise', 'midMarket'] as const) {
      checkRange(s[segment].employees, file, `sizeSegments.${segment}.employees`, {
        min: 1,
        max: 10_000_000,
      });
      checkRange(s[segment].revenue, file, `sizeSegments.${segment}.revenue`, { min: 1, max: 1e13 });
    }
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
  reads: ['employees', 'annual_revenue'],
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
