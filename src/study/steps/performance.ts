/**
 * Step "performance": is the segmentation working? Win rate, deal size, cycle and conversion per tier,
 * quadrant, size segment, persona, fit decile and routing queue, from the opportunities. Owns `performance`:
 * which columns measure engagement and activity (skipped when the data has no such column).
 */
import type { Frame } from '../../data/frame.ts';
import {
  fitDeciles,
  segmentPerformance,
  type PerformanceInputs,
  type PerformanceRow,
} from '../../segment/performance.ts';
import { ROAD_QUADRANTS, SIZE_SEGMENTS } from '../../segment/vocabulary.ts';
import { check, type ConfigSlice } from '../config-slice.ts';
import { columnText } from '../column-text.ts';
import { artifactOf, type StudyStep } from '../step.ts';

/** The `performance` slice: numeric account columns of engagement (mean per segment) and activity (share). */
export interface PerformanceConfig {
  engagement: string | null;
  activity: string | null;
}

/** The `performance` slice with its defaults (none: a config names its engagement columns). */
export const performanceConfig: ConfigSlice<PerformanceConfig> = {
  key: 'performance',
  defaults: () => ({ engagement: null, activity: null }),
  validate(c, file) {
    for (const key of ['engagement', 'activity'] as const)
      check(
        c[key] === null || (typeof c[key] === 'string' && c[key] !== ''),
        file,
        `performance.${key} must be a column name or null`,
      );
  },
};

function numericColumn(frame: Frame, column: string | null): Float64Array | null {
  return column !== null && frame.has(column) && frame.column(column).kind === 'number'
    ? frame.numbers(column)
    : null;
}

/** The performance step. */
export const performanceStep: StudyStep<'performance'> = {
  name: 'performance',
  label: 'segment performance',
  reads: ['is_customer', 'current_spend', 'fit_score', 'tier', 'road_quadrant'],
  config: [performanceConfig as ConfigSlice<unknown>],
  run(state) {
    const { frame, config } = state;
    const { deals } = artifactOf(state, 'assemble', 'performance');
    const { queues } = artifactOf(state, 'routing', 'performance');
    const engagement = numericColumn(frame, config.performance.engagement);
    const activity = numericColumn(frame, config.performance.activity);
    const inputs: PerformanceInputs = {
      isCustomer: frame.numbers('is_customer'),
      spend: frame.numbers('current_spend'),
      ...(engagement ? { engagement } : {}),
      ...(activity ? { activity } : {}),
    };
    const by = (dimension: string, values: readonly (string | null)[], order?: readonly string[]) =>
      segmentPerformance(dimension, values, deals, inputs, order);
    const rows: PerformanceRow[] = [
      ...by(
        'tier',
        columnText(frame, 'tier'),
        config.tiers.map((t) => t.tier),
      ),
      ...by('road_quadrant', columnText(frame, 'road_quadrant'), ROAD_QUADRANTS),
      ...by('size_segment', columnText(frame, 'size_segment'), SIZE_SEGMENTS),
      ...by('cluster', columnText(frame, 'cluster')),
      ...by(
        'fit_decile',
        fitDeciles(frame.numbers('fit_score')),
        Array.from({ length: 10 }, (_, i) => String(i + 1)),
      ),
      ...by(
        'queue',
        columnText(frame, 'queue'),
        queues.map((q) => q.queue),
      ),
    ];
    return { artifact: { rows } };
  },
};
