/** What a study run folder must contain: shared by the study, report and browser tests. */

/** The charts a study writes (SVG + PNG each), in the order of their file names. */
export const STUDY_CHARTS = [
  'coverage-headcount-curve',
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
