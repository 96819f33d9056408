/**
 * The charts of a study run and of a refresh, rendered to SVG and PNG (files for `charts/`).
 */
import { priorityGridOfCounts } from './priority-grid.ts';
import type { TopLevelSpec } from 'vega-lite';
import type { ElbowPoint } from '../models/cluster-selection.ts';
import type { ClusterProfile } from '../models/cluster-profiles.ts';
import type { CalibrationRow, GainsRow, RocPoint } from '../models/metrics.ts';
import type { HeadcountRow } from '../segment/coverage.ts';
import type { LiftRow } from '../segment/icp-lift.ts';
import type { QuadrantTotals, RoadThresholds } from '../segment/road.ts';
import type { PerformanceRow } from '../segment/performance.ts';
import type { Routing } from '../segment/routing.ts';
import { calibrationChartSpec } from './calibration-chart.ts';
import { fitDecilePerformanceSpec } from './fit-decile-performance.ts';
import { routingQueuesSpec } from './routing-queues.ts';
import { coverageBarsSpec } from './coverage-bars.ts';
import { headcountCurveSpec } from './headcount-curve.ts';
import { scenarioComparisonSpec } from './scenario-comparison.ts';
import { whitespaceMotionsSpec } from './whitespace-motions.ts';
import type { WhitespaceSplit } from '../segment/whitespace-split.ts';
import type { ScenarioRow } from '../segment/coverage.ts';
import type { HeadcountPoint } from '../segment/capacity.ts';
import { elbowChartSpec } from './elbow-chart.ts';
import { personaProfileSpec } from './persona-profile.ts';
import { rocCurveSpec } from './roc-curve.ts';
import { segmentPotentialSpec, type SegmentWhitespace } from './segment-potential.ts';
import { gainsChartSpec } from './gains-chart.ts';
import { liftBarsSpec } from './lift-bars.ts';
import { migrationFlowsSpec } from './migration-flows.ts';
import { migrationHeatmapSpec } from './migration-heatmap.ts';
import { psiBarsSpec } from './psi-bars.ts';
import { quadrantBarsSpec } from './quadrant-bars.ts';
import { roadScatterOfSample, type ScatterSample } from './road-scatter.ts';

/** A named chart spec. */
export interface NamedChart {
  name: string;
  spec: TopLevelSpec;
}

/** What a study's charts are drawn from. */
export interface StudyChartData {
  /** The ROAD scatter's points (a sample of a large run) and what it says of all of them. */
  scatter: ScatterSample;
  thresholds: RoadThresholds;
  totals: QuadrantTotals[];
  lift: LiftRow[][];
  gains: GainsRow[];
  cvAuc: number;
  headcount: HeadcountRow[];
  /** The headcount curve (empty for runs before it). */
  curve: HeadcountPoint[];
  /** Hunters + farmers of the capacity plan and the opportunity they cover, or null under the "reps needed" rule. */
  planned: { reps: number; covered: number } | null;
  roc: RocPoint[];
  auc: number;
  calibration: CalibrationRow[];
  elbow: ElbowPoint[];
  k: number;
  profiles: ClusterProfile[];
  personaColumns: string[];
  segmentWhitespace: SegmentWhitespace[];
  performance: PerformanceRow[];
  queues: Routing['queues'];
  /** Whitespace by motion and product line (empty without product lines). */
  whitespaceByMotion: WhitespaceSplit['totals'];
  /** The coverage scenarios compared (empty without). */
  scenarios: ScenarioRow[];
  /** The reporting currency money is written in (ISO code). */
  currency: string;
  /** Accounts per fit × engagement cell (null for runs before the grid). */
  priorityCounts: ReadonlyMap<string, number> | null;
}

/** The study's charts. */
export function studyCharts(d: StudyChartData, seed: number): NamedChart[] {
  const lift = (attribute: string) => d.lift.find((t) => t[0]?.attribute === attribute) ?? [];
  return [
    {
      name: 'road-quadrants',
      spec: roadScatterOfSample(d.scatter, d.thresholds, d.totals, { seed, currency: d.currency }),
    },
    { name: 'whitespace-by-quadrant', spec: quadrantBarsSpec(d.totals, d.currency) },
    { name: 'icp-lift-industry', spec: liftBarsSpec(lift('industry'), 'industry') },
    { name: 'icp-lift-size', spec: liftBarsSpec(lift('size_segment'), 'size segment') },
    { name: 'whitespace-by-size', spec: segmentPotentialSpec(d.segmentWhitespace, d.currency) },
    ...(d.whitespaceByMotion.length > 0
      ? [{ name: 'whitespace-by-motion', spec: whitespaceMotionsSpec(d.whitespaceByMotion, d.currency) }]
      : []),
    { name: 'lookalike-gains', spec: gainsChartSpec(d.gains, d.cvAuc) },
    ...(d.priorityCounts !== null
      ? [{ name: 'priority-grid', spec: priorityGridOfCounts(d.priorityCounts) }]
      : []),
    { name: 'lookalike-roc', spec: rocCurveSpec(d.roc, d.auc, d.cvAuc) },
    { name: 'lookalike-calibration', spec: calibrationChartSpec(d.calibration) },
    { name: 'personas-k-selection', spec: elbowChartSpec(d.elbow, d.k) },
    { name: 'personas-profile', spec: personaProfileSpec(d.profiles, d.personaColumns, d.currency) },
    { name: 'coverage-headcount', spec: coverageBarsSpec(d.headcount) },
    ...(d.curve.length > 1
      ? [{ name: 'coverage-headcount-curve', spec: headcountCurveSpec(d.curve, d.planned, d.currency) }]
      : []),
    ...(d.scenarios.length > 0
      ? [{ name: 'coverage-scenarios', spec: scenarioComparisonSpec(d.scenarios, d.currency) }]
      : []),
    {
      name: 'performance-by-fit-decile',
      spec: fitDecilePerformanceSpec(
        d.performance.filter((r) => r.dimension === 'fit_decile'),
        d.currency,
      ),
    },
    { name: 'routing-queues', spec: routingQueuesSpec(d.queues, d.currency) },
  ];
}

/** The refresh's charts. */
export function refreshCharts(summary: {
  quadrant_migration: Record<string, Record<string, number>>;
  tier_migration: Record<string, Record<string, number>>;
  psi: Record<string, number>;
}): NamedChart[] {
  return [
    { name: 'migration-quadrants', spec: migrationHeatmapSpec(summary.quadrant_migration, 'quadrant') },
    { name: 'migration-flows', spec: migrationFlowsSpec(summary.quadrant_migration, 'quadrant') },
    { name: 'migration-tiers', spec: migrationHeatmapSpec(summary.tier_migration, 'tier') },
    { name: 'drift-psi', spec: psiBarsSpec(summary.psi) },
  ];
}

/**
 * Renders each chart to `charts/<name>.svg` and `charts/<name>.png` (file path → content).
 *
 * @example
 * Object.keys(await renderCharts(studyCharts(data, 42))); // ['charts/road-quadrants.svg', 'charts/road-quadrants.png', …]
 */
export async function renderCharts(
  charts: readonly NamedChart[],
): Promise<Record<string, string | Uint8Array>> {
  // Vega and resvg load when charts are drawn, not with every command (a config error answers in a blink).
  const { renderPngAsync, renderSvg } = await import('./render.ts');
  const svgs: string[] = [];
  for (const { spec } of charts) svgs.push(await renderSvg(spec));
  const pngs = await Promise.all(svgs.map((svg) => renderPngAsync(svg))); // on libuv's threads, together
  return Object.fromEntries(
    charts.flatMap(({ name }, i) => [
      [`charts/${name}.svg`, svgs[i] as string],
      [`charts/${name}.png`, pngs[i] as Buffer],
    ]),
  );
}
