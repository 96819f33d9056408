/**
 * The account segmentation workbench, as a library. Everything exported here is public API, grouped by what
 * an analyst does: load and cleanse → fit models → run the study (or some of its steps) → segment rules →
 * refresh → charts. Notebook display helpers are in `src/notebook/index.ts`. Internals (design matrices,
 * k-means++ seeding, solvers) are not exported here.
 *
 * @example
 * import { loadStudyConfig, runSteps } from './src/index.ts';
 * const state = await runSteps(await loadStudyConfig('study.json'), { until: 'road' });
 * state.frame.strings('road_quadrant'); // ['Acquire', 'Retain', …]
 */

// ── Errors and basics ───────────────────────────────────────────────────────────────────────────────────
export {
  ConfigError,
  ConvergenceWarning,
  DataError,
  SegmentError,
  UsageError,
  warning,
  formatLocation,
} from './core/errors.ts';
export type { DataLocation, Warning } from './core/errors.ts';
export { DEFAULT_SEED, Random } from './core/random.ts';
export { VERSION } from './core/version.ts';

// ── Load and cleanse ────────────────────────────────────────────────────────────────────────────────────
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

// ── Models ──────────────────────────────────────────────────────────────────────────────────────────────
export { LogisticRegression } from './models/logistic.ts';
export type {
  Coefficient,
  LogisticFitOptions,
  LogisticModelJson,
  LogisticOptions,
} from './models/logistic.ts';
export type { MissingPolicy } from './models/design.ts';
export {
  brierScore,
  calibrationTable,
  fitScores,
  fitScoreScale,
  scoresOnScale,
  gainsTable,
  logLoss,
  miscalibratedBins,
  rocAuc,
  rocCurve,
} from './models/metrics.ts';
export type { CalibrationRow, GainsRow, RocPoint } from './models/metrics.ts';
export { explainScores, type ScoreExplanation } from './models/reason-codes.ts';
export { backtest, type BacktestResult } from './segment/backtest.ts';
export { KMeans } from './models/kmeans.ts';
export { BgNbd, hyp2f1, type BgNbdJson, type BgNbdParameters } from './models/bg-nbd.ts';
export { GammaGamma, type GammaGammaJson, type GammaGammaParameters } from './models/gamma-gamma.ts';
export {
  ShiftedBetaGeometric,
  subscriptionsFromSurvivors,
  type SbgJson,
  type Subscription,
} from './models/shifted-beta-geometric.ts';
export { purchaseSummaries, type Purchase, type PurchaseSummary } from './models/purchase-history.ts';
// The hot passes run on all cores; results are identical on any number of threads.
export { getThreads, setThreads } from './parallel/pool.ts';
export type { KMeansFitOptions, KMeansModelJson, KMeansOptions } from './models/kmeans.ts';
export { elbowCurve, silhouetteScore } from './models/cluster-selection.ts';
export type { ElbowCurve, ElbowPoint } from './models/cluster-selection.ts';
export { clusterProfiles } from './models/cluster-profiles.ts';
export type { ClusterProfile } from './models/cluster-profiles.ts';
export { crossValidate, stratifiedFolds } from './models/cross-validation.ts';
export type { CrossValidation, FoldResult, ProbabilisticEstimator } from './models/cross-validation.ts';
export { EMPLOYEE_BANDS, employeeBand, SpendPotential } from './models/spend-potential.ts';
export type { SpendColumns, SpendMethod, SpendModelJson, SpendOptions } from './models/spend-potential.ts';
export { modelToSql } from './engine/model-sql.ts';
export type { SqlDialect, SqlOptions } from './engine/model-sql.ts';

// ── The study: config, steps, runner, run folder ─────────────────────────────────────────────────────
export { defaultStudyConfig, loadStudyConfig, validateStudyConfig } from './study/config.ts';
export type { StudyArtifacts, StudyConfig } from './study/types.ts';
export { checkStepOrder, runSteps } from './study/runner.ts';
export type { Progress, RunStepsOptions } from './study/runner.ts';
export { artifactOf } from './study/step.ts';
export type { StepResult, StudyState, StudyStep } from './study/step.ts';
export {
  assembleStep,
  coverageStep,
  engagementStep,
  liftStep,
  lookalikeStep,
  performanceStep,
  personasStep,
  roadStep,
  routingStep,
  sizeSegmentsStep,
  spendStep,
  STUDY_STEPS,
  tiersStep,
} from './study/steps/index.ts';
export { bandLabels } from './study/steps/lift.ts';
export { defaultRunDir, runStudy } from './run/run-study.ts';
export type { StudyResult } from './run/run-study.ts';
export { roundedLikeSegments, segmentsFrame, studyDataFiles } from './study/outputs.ts';
export { checkRunFormat, readRun, readRunTable, verifyRun } from './study/run-folder.ts';
export { assignAccounts, type Assignment } from './study/assign/assign.ts';
export { loadFrozenStudy, type FrozenStudy } from './study/assign/frozen-study.ts';
export { RUN_DATA_FILES, RUN_FILES, RUN_FORMAT, RUN_JSON_PATHS } from './study/run-files.ts';
export type {
  RunFile,
  RunFileRole,
  RunJson,
  RunJsonName,
  RunManifest,
  StudyRecord,
} from './study/run-files.ts';
export { assembleUniverse } from './segment/assemble.ts';
export type { StudyInputs, Universe } from './segment/assemble.ts';

// ── Segmentation rules ──────────────────────────────────────────────────────────────────────────────────
export { ROAD_MOTIONS, ROAD_QUADRANTS, SIZE_SEGMENTS, TIER_NAMES } from './segment/vocabulary.ts';
export type { RoadQuadrant, SizeSegment, Tier } from './segment/vocabulary.ts';
export { assignTerritories, DEFAULT_CAPACITY, headcount } from './segment/coverage.ts';
export { isPoolOwner, planTerritories, poolOwner } from './segment/territories.ts';
export type {
  QuadrantTerritory,
  TerritoryAccounts,
  TerritoryPlan,
  TerritorySettings,
} from './segment/territories.ts';
export { planUnits, ruleBalance } from './segment/territory-balance.ts';
export type { TerritoryRules, TerritoryUnit, UnitPlan } from './segment/territory-balance.ts';
export { movesLowerBound, solveTerritoriesExactly } from './segment/territory-milp.ts';
export type { CapacityTable, HeadcountRow, TerritoryBalance } from './segment/coverage.ts';
export { CRM_FIELDS, CRM_SYSTEMS, crmExport, type CrmSystem } from './segment/crm-export.ts';
export {
  ACCOUNT_COLUMNS,
  accountColumn,
  FIRMOGRAPHIC_COLUMNS,
  segmentsOrder,
  type AccountColumn,
} from './segment/account-columns.ts';
export { icpSummary, liftTable } from './segment/icp-lift.ts';
export type { LiftRow } from './segment/icp-lift.ts';
export { compareRuns } from './study/refresh.ts';
export type { ChangedAccount, RefreshResult } from './study/refresh.ts';
export {
  opportunityOf,
  quadrantTotals,
  roadMotions,
  roadQuadrantOf,
  roadQuadrants,
  roadThresholds,
} from './segment/road.ts';
export type { QuadrantTotals, RoadOptions, RoadThresholds, ThresholdRule } from './segment/road.ts';
export {
  DEFAULT_SIZE_SEGMENTS,
  DEFAULT_TIERS,
  industryPriorities,
  industryPriorityOf,
  monthlyTouches,
  priorityTiers,
  sizeSegmentOf,
  sizeSegments,
  tierOf,
  validateTiers,
} from './segment/tiers.ts';
export type { IndustryPriority, SizeSegmentRules, TierRule } from './segment/tiers.ts';

// ── Statistics ──────────────────────────────────────────────────────────────────────────────────────────
export {
  adjustedRandIndex,
  gini,
  populationStabilityIndex,
  quantile,
  quantileSorted,
} from './stats/index.ts';

// ── Charts ──────────────────────────────────────────────────────────────────────────────────────────────
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
export { segmentPotentialSpec, whitespaceBySegment } from './charts/segment-potential.ts';
export type { SegmentWhitespace } from './charts/segment-potential.ts';
