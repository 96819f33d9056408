/**
 * What a run folder holds, declared once: every file's path, role and description (`RUN_FILES`), the typed shape
 * of each JSON file (`RunJson`, read with `readRun(dir, "road")` and written with `runJson("road", value)` in
 * `run-folder.ts`), the manifest, and the folder's format version. The in-memory study, the DuckDB engine,
 * refresh, backtest, report, deck and workbook all read and write run files through these declarations, so a
 * change of a file's shape is a compiler error everywhere it is used.
 */
import type { QualityReport } from '../cleanse/quality.ts';
import type { Warning } from '../core/errors.ts';
import type { ClusterProfile } from '../models/cluster-profiles.ts';
import type { ElbowPoint } from '../models/cluster-selection.ts';
import type { CaseControlSampling } from '../models/case-control.ts';
import type { FoldResult } from '../models/cross-validation.ts';
import type { KMeansModelJson } from '../models/kmeans.ts';
import type { Coefficient, LogisticModelJson } from '../models/logistic.ts';
import type { CalibrationRow, GainsRow, RocPoint } from '../models/metrics.ts';
import type { SpendModelJson } from '../models/spend-potential.ts';
import type { BgNbdJson } from '../models/bg-nbd.ts';
import type { GammaGammaJson } from '../models/gamma-gamma.ts';
import type { MoneyRecord, StudyInputs, Universe } from '../segment/assemble.ts';
import type { BacktestResult } from '../segment/backtest.ts';
import type { HeadcountPoint, RolePlan } from '../segment/capacity.ts';
import type { HeadcountRow } from '../segment/coverage.ts';
import type { LiftRow } from '../segment/icp-lift.ts';
import type { QuotaPlan, QuotaRules } from '../segment/quotas.ts';
import type { QuadrantTotals, RoadThresholds } from '../segment/road.ts';
import type { Routing, RoutingConfig } from '../segment/routing.ts';
import type { TerritoryPlan } from '../segment/territories.ts';
import type { WhitespaceSplit } from '../segment/whitespace-split.ts';
import type { RefreshResult } from './refresh.ts';
import type { HierarchyArtifact } from './steps/hierarchy.ts';
import type { RenewalsFile } from './steps/value-renewals.ts';
import type { StudyConfig } from './types.ts';

/**
 * The format of the run folders this version writes. A reader refuses a folder of a newer format (written by a
 * newer segment) or of a format older than {@link OLDEST_RUN_FORMAT}, in one line saying what to do.
 * Bump it when a file's shape changes in a way older readers would misread. Format 2: territories balance a
 * value per rep (`valuePerRep`, `balancedOn`: current spend in Retain) and quotas.csv has `basis`, `rate` and
 * `current_spend` (Retain quotas are renewals); format 1 (opportunity everywhere) is still read.
 */
export const RUN_FORMAT = 2;
/** The oldest run-folder format this version reads (a manifest without `format` is format 1). */
export const OLDEST_RUN_FORMAT = 1;

/** What a file of a run folder is. */
export type RunFileRole =
  /** Written by the study from the data; checked against the manifest. */
  | 'data'
  /** A data file only some runs have (e.g. `changes.json` when the config names a previous run). */
  | 'optional-data'
  /** Rebuilt from the data files (charts, report): `segment report` may rewrite it. */
  | 'derived'
  /** The manifest: hashes of every other file. */
  | 'manifest';

/** One file of a run folder. */
export interface RunFile {
  path: string;
  role: RunFileRole;
  description: string;
}

/** Every file of a run folder (charts are the `charts/` folder, one SVG and one PNG per chart). */
export const RUN_FILES = [
  {
    path: 'segments.csv',
    role: 'data',
    description: 'one row per account: firmographics, scores, tier, quadrant, owner',
  },
  {
    path: 'crm-export.csv',
    role: 'data',
    description: "the segmentation as the CRM's import fields (Salesforce, HubSpot or Dynamics 365)",
  },
  { path: 'models/lookalike.json', role: 'data', description: 'the lookalike logistic model' },
  {
    path: 'models/clusters.json',
    role: 'data',
    description: 'the k-means personas, profiles and elbow curve',
  },
  { path: 'models/spend.json', role: 'data', description: 'the spend-potential model' },
  { path: 'icp.json', role: 'data', description: 'lift tables, ICP summary, cross-validation, gains, ROC' },
  { path: 'road.json', role: 'data', description: 'ROAD thresholds and totals per quadrant' },
  { path: 'coverage.json', role: 'data', description: 'reps needed and territory balance' },
  { path: 'data-quality.json', role: 'data', description: 'the cleansing report of the accounts file' },
  {
    path: 'merges.csv',
    role: 'data',
    description: 'every merge of duplicate account records: kept id, merged ids, rule, key, name score',
  },
  { path: 'performance.csv', role: 'data', description: 'win rate, deal size, cycle per segment' },
  { path: 'routing.json', role: 'data', description: 'routing rules and accounts per queue' },
  {
    path: 'study.json',
    role: 'data',
    description: 'the study name, its inputs and every warning of the run',
  },
  { path: 'changes.json', role: 'optional-data', description: 'what changed since the previous run' },
  {
    path: 'models/value.json',
    role: 'optional-data',
    description: 'the customer-value models (BG/NBD, Gamma-Gamma), when the won-deal history was long enough',
  },
  { path: 'quotas.csv', role: 'optional-data', description: "each named rep's quota (when the config asks)" },
  {
    path: 'scenarios.csv',
    role: 'optional-data',
    description: 'the coverage scenarios side by side (when the config has scenarios)',
  },
  { path: 'report.html', role: 'derived', description: 'the self-contained executive report' },
  {
    path: 'deck.pptx',
    role: 'derived',
    description: 'the executive deck, when the config sets outputs.deck (else: segment deck)',
  },
  {
    path: 'segments.xlsx',
    role: 'derived',
    description: 'the sales-ops workbook, when the config sets outputs.workbook (else: segment workbook)',
  },
  {
    path: 'manifest.json',
    role: 'manifest',
    description: 'version, format, seed, config, timings, SHA-256 of every file',
  },
] as const satisfies readonly RunFile[];

/** The path of a file of a run folder. */
export type RunFilePath = (typeof RUN_FILES)[number]['path'];

/** The CSV files of a run folder (read with `readRunTable`). */
export type RunTablePath = Extract<RunFilePath, `${string}.csv`>;

/** The data files every run folder holds. */
export const RUN_DATA_FILES: readonly RunFilePath[] = RUN_FILES.filter((f) => f.role === 'data').map(
  (f) => f.path,
);

/** `study.json`: what the study was, what it read, and everything it warned about. */
export interface StudyRecord {
  name: string;
  inputs: { role: keyof StudyInputs; file: string; rows: number; matched: string | null }[];
  warnings: Warning[];
  /** The quota rules, when the study set quotas (absent otherwise, and in older runs). */
  quotas?: QuotaRules;
  /** The realization rate the quotas used and where it came from (absent in format-1 runs). */
  quotaRealization?: QuotaPlan['realization'];
  /** The study currency, the exchange rates used, the study date and the spend window (absent in older runs). */
  money?: MoneyRecord;
}

/** `road.json`: the thresholds the quadrants were cut at and the totals per quadrant. */
export interface RoadFile {
  thresholds: RoadThresholds;
  totals: QuadrantTotals[];
  /** Whitespace by motion (new logo, upsell, cross-sell), when spend has product lines (absent in engine runs). */
  whitespaceByMotion?: WhitespaceSplit['totals'] | null;
}

/** `icp.json`: the lift tables, the ICP summary, cross-validation and the lookalike's ranking quality. */
export interface IcpFile {
  summary: LiftRow[];
  lift: LiftRow[][];
  crossValidation: {
    folds: FoldResult[];
    auc: { mean: number; sd: number };
    logLoss: { mean: number; sd: number };
  };
  /** Gains, ROC and calibration of the fitted probabilities (absent in runs of `--engine duckdb`). */
  gains?: GainsRow[];
  roc?: RocPoint[];
  calibration?: CalibrationRow[];
  coefficients: Coefficient[];
}

/** `coverage.json`: reps needed, territories, the capacity plan and its curve, account families. */
export interface CoverageFile {
  headcount: HeadcountRow[];
  territories: TerritoryPlan['territories'];
  /** Each role's plan with the configured reps, or null under the "reps needed" rule (absent in older runs). */
  plan?: RolePlan[] | null;
  /** Opportunity covered as reps are added (absent in older runs). */
  curve?: HeadcountPoint[];
  /** Account families, when the study has a hierarchy (absent in older runs). */
  hierarchy?: HierarchyArtifact | null;
}

/** `routing.json`: the rules applied and the accounts per queue. */
export interface RoutingFile {
  rules: RoutingConfig;
  queues: Routing['queues'];
}

/** `models/lookalike.json`: the logistic model and, when it was fitted on a sample, how it was drawn. */
export type LookalikeFile = LogisticModelJson & { sampling?: CaseControlSampling };

/** `models/clusters.json`: the k-means model with its persona profiles and elbow curve. */
export type ClustersFile = KMeansModelJson & { profiles: ClusterProfile[]; elbow: ElbowPoint[] };

/** `changes.json`: what changed since the previous run and how its scores predicted this period's wins. */
export interface ChangesFile {
  previous: string;
  summary: RefreshResult['summary'];
  backtest?: BacktestResult | null;
}

/** `models/value.json`: the purchase and spend models of customer value, and how many customers they learnt from. */
export interface ValueFile {
  purchases: BgNbdJson;
  spend: GammaGammaJson;
  customers: number;
  repeatBuyers: number;
  /** What the purchases were: the invoice lines of a dated spend file, or the won deals (absent in older runs). */
  source?: 'invoice lines' | 'won deals';
  /** The sBG fit of the renewals, when invoice lines show regular billing (null: none; absent in older runs). */
  renewals?: RenewalsFile | null;
  /** The horizon of expected purchases and value, its yearly discount rate, and the p_alive below which a customer is probably gone (absent in older runs). */
  horizonMonths?: number;
  discountRate?: number;
  atRiskBelow?: number;
}

/** What the SHA-256 and size of each written file are. */
export type WrittenFiles = Record<string, { sha256: string; bytes: number }>;

/** One input of the study as the manifest records it. */
export interface ManifestInput {
  path: string;
  sha256: string;
  rows: number;
  matched?: string | null;
}

/** `manifest.json`: the run's version and format, config, timings, and the SHA-256 of every file. */
export interface RunManifest {
  tool: 'segment';
  version: string;
  /** The folder's format ({@link RUN_FORMAT}); absent in folders written before it was recorded (format 1). */
  format?: number;
  /** "duckdb" for a run of `segment study --engine duckdb` (absent: in memory). */
  engine?: 'duckdb';
  createdAt: string;
  seconds: number;
  timings: Record<string, number>;
  seed: number;
  config: StudyConfig;
  road: RoadThresholds;
  stats: Universe['stats'] | { accounts: number; customers: number };
  inputs: Record<string, ManifestInput>;
  outputs: WrittenFiles;
  warnings: Warning[];
}

/** The JSON files of a run folder by name, with the shape each holds. */
export interface RunJson {
  study: StudyRecord;
  road: RoadFile;
  icp: IcpFile;
  coverage: CoverageFile;
  routing: RoutingFile;
  quality: QualityReport;
  lookalike: LookalikeFile;
  clusters: ClustersFile;
  spend: SpendModelJson;
  changes: ChangesFile;
  value: ValueFile;
  manifest: RunManifest;
}

/** A JSON file of a run folder, by name. */
export type RunJsonName = keyof RunJson;

/** The path of each JSON file in the run folder. */
export const RUN_JSON_PATHS = {
  study: 'study.json',
  road: 'road.json',
  icp: 'icp.json',
  coverage: 'coverage.json',
  routing: 'routing.json',
  quality: 'data-quality.json',
  lookalike: 'models/lookalike.json',
  clusters: 'models/clusters.json',
  spend: 'models/spend.json',
  changes: 'changes.json',
  value: 'models/value.json',
  manifest: 'manifest.json',
} as const satisfies { readonly [K in RunJsonName]: RunFilePath };
