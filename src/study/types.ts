/**
 * The types a study is made of: its configuration (common keys + one slice per step) and the artifacts
 * its steps produce.
 */
import type { ValueArtifact, ValueConfig } from './steps/value.ts';
import type { ColumnRoleRecord } from '../segment/column-roles.ts';
import type { EngagementScoreConfig } from './steps/engagement.ts';
import type { CrmSystem } from '../segment/crm-export.ts';
import type { QualityReport } from '../cleanse/quality.ts';
import type { Deal, InputMapping, StudyInputs, Universe } from '../segment/assemble.ts';
import type { LiftRow } from '../segment/icp-lift.ts';
import type { PerformanceRow } from '../segment/performance.ts';
import type { QuotaPlan, QuotaRules } from '../segment/quotas.ts';
import type { Routing, RoutingConfig } from '../segment/routing.ts';
import type { SizeSegmentRules, TierRule } from '../segment/tiers.ts';
import type { CoverageArtifact, CoverageConfig } from './steps/coverage.ts';
import type { TerritoriesConfig } from './steps/territory-inputs.ts';
import type { HierarchyArtifact, HierarchyConfig } from './steps/hierarchy.ts';
import type { ScenarioConfig, ScenarioRow } from './steps/scenarios.ts';
import type { LiftConfig } from './steps/lift.ts';
import type { LookalikeArtifact, LookalikeConfig } from './steps/lookalike.ts';
import type { PerformanceConfig } from './steps/performance.ts';
import type { ClustersConfig, PersonasArtifact } from './steps/personas.ts';
import type { RoadArtifact, RoadConfig } from './steps/road.ts';
import type { SpendArtifact, SpendConfig } from './steps/spend.ts';

/** A complete, validated study configuration. Paths are absolute after `loadStudyConfig`. */
export interface StudyConfig {
  /** The study's name, shown in the report and manifest. */
  name: string;
  /** The seed of every seeded step (folds, k-means, samples). */
  seed: number;
  /** A previous run folder to compare with: the report then shows what changed since. Default none. */
  previousRun: string | null;
  /** Whose import conventions the CRM export follows. Default `salesforce`. */
  crm: CrmSystem;
  /** Extra outputs the study writes into the run folder: the PowerPoint deck, the sales-ops workbook. */
  outputs: { deck: boolean; workbook: boolean };
  /** Where the study runs: in memory, in DuckDB (out of core), or "auto" (DuckDB when the inputs would not fit). */
  engine: 'auto' | 'memory' | 'duckdb';
  inputs: StudyInputs;
  /** The reporting currency (ISO 4217) every amount is converted into. Default `USD`. */
  currency: string;
  /** Exchange rates: units of `currency` per unit of each other currency. Default none. */
  fx: Record<string, number>;
  /** The study date (`YYYY-MM-DD`) every window ends at; null = the latest closed deal or invoice line. */
  asOf: string | null;
  /**
   * Column roles that override the automatic ones, column → role: `firmographic`, `technographic` (fit features),
   * `engagement` (the engagement axis only), `outcome` or `identifier` (never features).
   */
  roles: Record<string, string>;
  /** How to read inputs whose headers or values are not recognized. */
  mapping: InputMapping;
  sizeSegments: SizeSegmentRules;
  lift: LiftConfig;
  lookalike: LookalikeConfig;
  engagementScore: EngagementScoreConfig;
  clusters: ClustersConfig;
  spend: SpendConfig;
  /** Customer value from the won-deal history: horizon, discount rate, the fewest repeat buyers. */
  value: ValueConfig;
  tiers: TierRule[];
  industryPriority: { high: number; medium: number };
  road: RoadConfig;
  /** Account families from a parent column (off by default). */
  hierarchy: HierarchyConfig;
  coverage: CoverageConfig;
  /** How territories are balanced, locked and kept with their current owners. */
  territories: TerritoriesConfig;
  /** Ordered routing rules and the default queue. */
  routing: RoutingConfig;
  performance: PerformanceConfig;
  quotas: QuotaRules | null;
  /** Coverage scenarios compared side by side (none by default). */
  scenarios: ScenarioConfig[];
}

/** The artifact of each study step, by step name. */
export interface StudyArtifacts {
  assemble: {
    deals: Deal[];
    purchaseLines: Universe['purchaseLines'];
    quality: QualityReport;
    stats: Universe['stats'];
    engagementSignals: string[];
    productSpend: Universe['productSpend'];
    money: Universe['money'];
    sources: Universe['sources'];
    /** The role of every universe column for the models (see `segment/column-roles.ts`). */
    roles: Record<string, ColumnRoleRecord>;
  };
  sizeSegments: { rules: SizeSegmentRules };
  lift: { tables: LiftRow[][]; icp: LiftRow[]; industryLift: ReadonlyMap<string, number> };
  lookalike: LookalikeArtifact;
  engagement: { weights: Record<string, number> };
  personas: PersonasArtifact;
  spend: SpendArtifact;
  value: ValueArtifact;
  tiers: { rules: TierRule[] };
  road: RoadArtifact;
  hierarchy: HierarchyArtifact | null;
  coverage: CoverageArtifact;
  routing: { queues: Routing['queues'] };
  performance: { rows: PerformanceRow[] };
  quotas: QuotaPlan | null;
  scenarios: { rows: ScenarioRow[] } | null;
}
