/**
 * The account segmentation workbench, as a library. Everything exported here is public API.
 *
 * @example
 * import { loadTable, cleanseAccounts } from './src/index.ts';
 * const { frame } = await loadTable('data/sample/2026-05/accounts.csv', { allText: true });
 * const { frame: accounts, report } = cleanseAccounts(frame, { file: 'accounts.csv' });
 */
export { ConfigError, DataError, SegmentError, UsageError, warning, formatLocation } from './core/errors.ts';
export type { DataLocation, Warning } from './core/errors.ts';
export { Random } from './core/random.ts';
export { VERSION } from './core/version.ts';

export { Frame } from './data/frame.ts';
export type { Cell, Column, ColumnInput, NumberColumn, StringColumn } from './data/frame.ts';
export { loadTable, inferNumericColumns } from './data/load.ts';
export type { LoadOptions, LoadResult } from './data/load.ts';
export { readXlsx } from './data/xlsx.ts';
export { requireColumns, requireNumeric } from './data/schema.ts';
export { frameToCsv, neutralizeFormula } from './data/csv-format.ts';
export type { CsvOptions } from './data/csv-format.ts';
export { writeFilesAtomically } from './data/atomic-write.ts';
export { toDanfo, fromDanfo } from './data/danfo.ts';

export { cleanseAccounts } from './cleanse/cleanse.ts';
export type { CleanseOptions, CleanseResult } from './cleanse/cleanse.ts';
export type { QualityReport, ColumnQuality, MergedGroup } from './cleanse/quality.ts';
export { CANONICAL_COLUMNS, HEADER_ALIASES, mapHeaders } from './cleanse/headers.ts';
export { normalizeDomain, NON_COMPANY_DOMAINS } from './cleanse/domain.ts';
export { normalizeCountry, normalizeRegion, salesRegion } from './cleanse/country.ts';
export type { SalesRegion } from './cleanse/country.ts';
export { normalizeIndustry, CANONICAL_INDUSTRIES, INDUSTRY_NAMES } from './cleanse/industry.ts';
export { parseEmployees, parseRevenue } from './cleanse/numbers.ts';
export { displayName, nameKey } from './cleanse/name.ts';
export { findDuplicates } from './cleanse/dedupe.ts';
export { isPlaceholder } from './cleanse/result.ts';
export type { Normalized } from './cleanse/result.ts';
export { profileColumns } from './cleanse/profile.ts';
export type { ColumnProfile } from './cleanse/profile.ts';

export { ConvergenceWarning } from './core/errors.ts';
export { LogisticRegression } from './models/logistic.ts';
export type {
  Coefficient,
  LogisticFitOptions,
  LogisticModelJson,
  LogisticOptions,
} from './models/logistic.ts';
export { buildDesign, learnEncoding } from './models/design.ts';
export type { Design, Encoding, MissingPolicy } from './models/design.ts';
export { readBinaryTarget } from './models/labels.ts';
export {
  brierScore,
  calibrationTable,
  fitScores,
  gainsTable,
  logLoss,
  rocAuc,
  rocCurve,
} from './models/metrics.ts';
export type { CalibrationRow, GainsRow, RocPoint } from './models/metrics.ts';
export { KMeans, kmeansPlusPlus } from './models/kmeans.ts';
export type { KMeansFitOptions, KMeansModelJson, KMeansOptions } from './models/kmeans.ts';
export { elbowCurve, silhouetteScore } from './models/cluster-selection.ts';
export type { ElbowPoint } from './models/cluster-selection.ts';
export { clusterProfiles } from './models/cluster-profiles.ts';
export type { ClusterProfile } from './models/cluster-profiles.ts';
export { crossValidate, stratifiedFolds } from './models/cross-validation.ts';
export type { CrossValidation, FoldResult } from './models/cross-validation.ts';
export { EMPLOYEE_BANDS, employeeBand, quantileSorted, SpendPotential } from './models/spend-potential.ts';
export type { SpendColumns, SpendMethod, SpendModelJson, SpendOptions } from './models/spend-potential.ts';
export { modelToSql } from './models/sql.ts';
export type { SqlDialect, SqlOptions } from './models/sql.ts';

export { assembleUniverse } from './segment/assemble.ts';
export type { Universe } from './segment/assemble.ts';
export { assignTerritories, DEFAULT_CAPACITY, gini, headcount } from './segment/coverage.ts';
export type { CapacityTable, HeadcountRow, TerritoryBalance } from './segment/coverage.ts';
export { CRM_FIELDS, crmExport } from './segment/crm-export.ts';
export { icpSummary, liftTable } from './segment/icp-lift.ts';
export type { LiftRow } from './segment/icp-lift.ts';
export { adjustedRandIndex, compareRuns, populationStabilityIndex } from './segment/refresh.ts';
export type { ChangedAccount, RefreshResult } from './segment/refresh.ts';
export {
  opportunityOf,
  quadrantTotals,
  ROAD_MOTIONS,
  ROAD_QUADRANTS,
  roadQuadrantOf,
  roadThresholds,
} from './segment/road.ts';
export type {
  QuadrantTotals,
  RoadOptions,
  RoadQuadrant,
  RoadThresholds,
  ThresholdRule,
} from './segment/road.ts';
export { defaultStudyConfig, loadStudyConfig, validateStudyConfig } from './segment/study-config.ts';
export type { StudyConfig } from './segment/study-config.ts';
export { defaultRunDir, runStudy } from './segment/study.ts';
export type { Progress, StudyResult } from './segment/study.ts';
export {
  DEFAULT_SIZE_SEGMENTS,
  DEFAULT_TIERS,
  industryPriorityOf,
  sizeSegmentOf,
  tierOf,
  validateTiers,
} from './segment/tiers.ts';
export type { IndustryPriority, SizeSegment, SizeSegmentRules, TierRule } from './segment/tiers.ts';

export { renderPng, renderSvg, toVega } from './charts/render.ts';
export { calibrationChartSpec } from './charts/calibration-chart.ts';
export { coverageBarsSpec } from './charts/coverage-bars.ts';
export { elbowChartSpec } from './charts/elbow-chart.ts';
export { fitDecilePerformanceSpec } from './charts/fit-decile-performance.ts';
export { gainsChartSpec } from './charts/gains-chart.ts';
export { liftBarsSpec } from './charts/lift-bars.ts';
export { migrationFlowsSpec } from './charts/migration-flows.ts';
export { migrationHeatmapSpec } from './charts/migration-heatmap.ts';
export { personaProfileSpec } from './charts/persona-profile.ts';
export { psiBarsSpec } from './charts/psi-bars.ts';
export { qualityBarsSpec } from './charts/quality-bars.ts';
export { quadrantBarsSpec } from './charts/quadrant-bars.ts';
export { roadScatterSpec } from './charts/road-scatter.ts';
export type { RoadPoint } from './charts/road-scatter.ts';
export { rocCurveSpec } from './charts/roc-curve.ts';
export { routingQueuesSpec } from './charts/routing-queues.ts';
export { segmentPotentialSpec } from './charts/segment-potential.ts';
export type { SegmentWhitespace } from './charts/segment-potential.ts';
export { fitDeciles, segmentPerformance } from './segment/performance.ts';
export type { PerformanceRow } from './segment/performance.ts';
export { routeAccounts } from './segment/routing.ts';
