/** What a study run folder must contain: shared by the study, report and browser tests. */

/** The charts a study writes (SVG + PNG each), sorted. */
export const STUDY_CHARTS = [
  'coverage-headcount',
  'icp-lift-industry',
  'icp-lift-size',
  'lookalike-calibration',
  'lookalike-gains',
  'lookalike-roc',
  'performance-by-fit-decile',
  'personas-k-selection',
  'personas-profile',
  'priority-grid',
  'road-quadrants',
  'routing-queues',
  'whitespace-by-quadrant',
  'whitespace-by-size',
];
