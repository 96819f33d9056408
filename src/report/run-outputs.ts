/**
 * Everything that is derived from a run folder's data files — charts (SVG, PNG) and `report.html` — is
 * built here from the folder itself, so `segment study` and `segment report <run-dir>` produce the same
 * bytes. Files are read through the run-folder module (`study/run-folder.ts`), so a missing file is one clear error.
 */
import { repsNeeded } from '../segment/coverage.ts';
import { backtestDecilesSpec } from '../charts/backtest-deciles.ts';
import { refreshCharts, renderCharts, studyCharts, type StudyChartData } from '../charts/run-charts.ts';
import { exists, readRun, readRunIfPresent, readRunTable } from '../study/run-folder.ts';
import type { StudyRecord } from '../study/run-files.ts';
import { DataError } from '../core/errors.ts';
import { join } from 'node:path';
import type { Frame } from '../data/frame.ts';
import type { PerformanceRow } from '../segment/performance.ts';
import type { ScenarioRow } from '../study/steps/scenarios.ts';
import type { ReportQuotas } from './html.ts';
import { ROAD_QUADRANTS } from '../segment/vocabulary.ts';
import { quantileSorted } from '../stats/quantile.ts';
import { customerValueSummary } from '../segment/customer-value.ts';
import type { RenewalsFile } from '../study/steps/value-renewals.ts';
import type { RolePlan } from '../segment/capacity.ts';
import { buildReportHtml, type ReportData, type ReportRenewals } from './html.ts';
import { readSegmentsDigest, type SegmentsDigest } from './segments-digest.ts';

/** performance.csv as rows (blank numbers read as NaN). */
async function readPerformance(dir: string): Promise<PerformanceRow[]> {
  const frame = await readRunTable(dir, 'performance.csv', ['dimension', 'segment']);
  return frame
    .toRows()
    .map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          v === null && k !== 'dimension' && k !== 'segment' ? Number.NaN : v,
        ]),
      ),
    ) as unknown as PerformanceRow[];
}

/** Hunters and farmers of a capacity plan (the roles of the headcount curve) and the opportunity they cover. */
function plannedGrowth(plan: readonly RolePlan[] | null): { reps: number; covered: number } | null {
  if (plan === null) return null;
  const growth = plan.filter((r) => r.measure === 'opportunity');
  return {
    reps: growth.reduce((s, r) => s + r.reps, 0),
    covered: growth.reduce((s, r) => s + r.valueCovered, 0),
  };
}

/** The scenarios of a run that compared them (`scenarios.csv`), else an empty list. */
async function readScenarios(dir: string): Promise<ScenarioRow[]> {
  if (!(await exists(join(dir, 'scenarios.csv')))) return [];
  const table = await readRunTable(dir, 'scenarios.csv', ['scenario', 'within_tolerance']);
  return table.toRows().map((row) => {
    const r = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v ?? Number.NaN]));
    return { ...r, within_tolerance: r.within_tolerance === 'yes' } as unknown as ScenarioRow;
  });
}

/** The quotas of a run that set them (`quotas.csv`, the rules and realization from `study.json`), else null. */
async function readQuotas(dir: string, study: StudyRecord): Promise<ReportQuotas | null> {
  const rules = study.quotas;
  if (rules === undefined || !(await exists(join(dir, 'quotas.csv')))) return null;
  const table = await readRunTable(dir, 'quotas.csv', ['rep', 'quadrant', 'within_band', 'basis']);
  const quadrants = table.strings('quadrant');
  const quota = table.numbers('quota');
  const opportunity = table.numbers('opportunity');
  // Format-1 runs: no current_spend or basis (every quota from opportunity).
  const spend = table.has('current_spend') ? table.numbers('current_spend') : null;
  const inBand = table.strings('within_band');
  const expected = table.numbers('expected_bookings');
  const basis = table.has('basis') ? table.strings('basis') : null;
  return {
    expectedBookings: expected.reduce((s, v, i) => s + (basis?.[i] === 'current_spend' ? 0 : v), 0),
    target: rules.target,
    band: rules.band,
    realization: study.quotaRealization ?? null,
    retainGrowth: rules.retainGrowth ?? null,
    ramp: rules.ramp ?? null,
    // new_rep: absent in runs before ramps; read as text ("yes"/"no") when present.
    newReps:
      table.has('new_rep') && table.column('new_rep').kind === 'string'
        ? table.strings('new_rep').filter((v) => v === 'yes').length
        : 0,
    byQuadrant: ROAD_QUADRANTS.flatMap((q) => {
      const rows = quadrants.flatMap((v, i) => (v === q ? [i] : []));
      if (rows.length === 0) return [];
      const quotas = rows.map((i) => quota[i] as number).sort((a, b) => a - b);
      const renewal = spend !== null && q === 'Retain';
      return [
        {
          quadrant: q,
          reps: rows.length,
          basis: renewal ? ('current_spend' as const) : ('opportunity' as const),
          quota: quotas.reduce((s, v) => s + v, 0),
          opportunity: rows.reduce((s, i) => s + (opportunity[i] as number), 0),
          currentSpend: spend === null ? Number.NaN : rows.reduce((s, i) => s + (spend[i] as number), 0),
          min: quotas[0] as number,
          median: quantileSorted(quotas, 0.5),
          max: quotas[quotas.length - 1] as number,
          outsideBand: rows.filter((i) => inBand[i] === 'no').length,
        },
      ];
    }),
  };
}

/** The run's JSON files the charts and report are drawn from (optional keys: absent in older runs). */
async function readRunJsons(dir: string) {
  const icp = await readRun(dir, 'icp');
  const { gains, roc, calibration } = icp;
  if (gains === undefined || roc === undefined || calibration === undefined)
    throw new DataError(
      'icp.json has no gains, ROC or calibration (a run of segment study --engine duckdb); the report needs a run made in memory',
      { file: dir },
    );
  return {
    road: await readRun(dir, 'road'),
    icp: { ...icp, gains, roc, calibration },
    coverage: await readRun(dir, 'coverage'),
    clusters: await readRun(dir, 'clusters'),
    lookalike: await readRun(dir, 'lookalike'),
    routing: await readRun(dir, 'routing'),
    value: await readRunIfPresent(dir, 'value'),
  };
}

/** The customer value of a run: its value at risk, or why the study could not value customers (null in older runs). */
function customerValue(frame: Frame, files: RunFiles): ReportData['value'] {
  const file = files.jsons.value;
  if (file === null) {
    const skipped = files.study.warnings.find((w) => w.code === 'value-skipped');
    return skipped === undefined ? null : { skipped: skipped.message };
  }
  const atRiskBelow = file.atRiskBelow ?? 0.5;
  const summary = customerValueSummary(frame, { atRiskBelow, top: 10 });
  return summary === null
    ? null
    : {
        summary,
        horizonMonths: file.horizonMonths ?? 12,
        renewals: renewalsOf(frame, file.renewals ?? null),
      };
}

/** The renewals line of the report: the sBG fit and the active subscribers' renewal risks. */
function renewalsOf(frame: Frame, renewals: RenewalsFile | null): ReportRenewals | null {
  if (renewals === null || !frame.has('renewal_risk')) return null;
  const risks = Array.from(frame.numbers('renewal_risk')).filter((r) => !Number.isNaN(r));
  return {
    periodMonths: renewals.periodMonths,
    firstPeriodRisk: renewals.alpha / (renewals.alpha + renewals.beta),
    active: risks.length,
    meanRisk: risks.length === 0 ? Number.NaN : risks.reduce((s, r) => s + r, 0) / risks.length,
    churned: renewals.churned,
    converged: renewals.converged,
  };
}

/** What a run folder holds besides segments.csv, as the charts and the report read it. */
interface RunFiles {
  jsons: Awaited<ReturnType<typeof readRunJsons>>;
  study: StudyRecord;
  performance: PerformanceRow[];
  quotas: Awaited<ReturnType<typeof readQuotas>>;
  scenarios: ScenarioRow[];
}

/**
 * Reads what the charts and the report need from a run folder (`seed`: the run's, for the scatter's sample;
 * `inSqlAbove`: the size of `segments.csv` above which it is digested by SQL, see `readSegmentsDigest`).
 *
 * @example
 * const { charts, report } = await readRunData('out/2026-05', 42);
 */
export async function readRunData(
  dir: string,
  seed: number,
  inSqlAbove?: number,
): Promise<{ charts: StudyChartData; report: Omit<ReportData, 'charts' | 'changes'> }> {
  const study = await readRun(dir, 'study');
  const files: RunFiles = {
    jsons: await readRunJsons(dir),
    study,
    performance: await readPerformance(dir),
    quotas: await readQuotas(dir, study),
    scenarios: await readScenarios(dir),
  };
  const digest = await readSegmentsDigest(dir, files.jsons.road.totals, seed, inSqlAbove);
  return { charts: chartData(digest, files), report: reportData(digest, files) };
}

// Columnar access: a run can hold millions of accounts, so no row objects beyond the chart points.
function chartData(
  digest: SegmentsDigest,
  { jsons, study, performance, scenarios }: RunFiles,
): StudyChartData {
  const { road, icp, coverage, clusters, lookalike, routing } = jsons;
  return {
    currency: study.money?.currency ?? 'USD',
    scatter: digest.scatter,
    thresholds: road.thresholds,
    totals: road.totals,
    lift: icp.lift,
    gains: icp.gains,
    cvAuc: icp.crossValidation.auc.mean,
    headcount: coverage.headcount,
    curve: coverage.curve ?? [],
    planned: plannedGrowth(coverage.plan ?? null),
    roc: icp.roc,
    auc: lookalike.metrics.auc,
    calibration: icp.calibration,
    elbow: clusters.elbow,
    k: clusters.k,
    profiles: clusters.profiles,
    personaColumns: [
      'employees',
      'annual_revenue',
      'current_spend',
      ...clusters.features.filter((f) => !f.startsWith('log10_')),
    ],
    priorityCounts: digest.priorityCounts,
    segmentWhitespace: digest.segmentWhitespace,
    performance,
    queues: routing.queues,
    scenarios,
    whitespaceByMotion: road.whitespaceByMotion ?? [],
  };
}

function reportData(digest: SegmentsDigest, files: RunFiles): Omit<ReportData, 'charts' | 'changes'> {
  const { road, icp, coverage, routing } = files.jsons;
  const { study, scenarios } = files;
  return {
    name: study.name,
    inputs: study.inputs.map((i) => ({ role: i.role, file: i.file, rows: i.rows, matched: i.matched })),
    money: study.money ?? null,
    warnings: study.warnings,
    accounts: digest.accounts,
    customers: digest.customers,
    thresholds: road.thresholds,
    totals: road.totals,
    icp: icp.summary,
    cvAuc: icp.crossValidation.auc,
    reps: repsNeeded(coverage.headcount).reduce((s, r) => s + r.reps, 0),
    coverage: {
      needed: repsNeeded(coverage.headcount),
      plan: coverage.plan ?? null,
      curve: coverage.curve ?? [],
      territories: coverage.territories ?? {},
      hierarchy: coverage.hierarchy ?? null,
      scenarios,
    },
    quotas: files.quotas,
    whitespaceByMotion: road.whitespaceByMotion ?? [],
    top: digest.top,
    value: customerValue(digest.valued, files),
    performance: files.performance,
    queues: routing.queues,
  };
}

/**
 * Charts (`charts/*.svg`, `charts/*.png`) and `report.html` of a run folder, as file path → content.
 *
 * @example
 * const files = await buildRunOutputs('out/20261124T100531Z-42', 42);
 */
export async function buildRunOutputs(
  dir: string,
  seed: number,
): Promise<Record<string, string | Uint8Array>> {
  const { charts, report } = await readRunData(dir, seed);
  const changes = await readRunIfPresent(dir, 'changes');
  const specs = [
    ...studyCharts(charts, seed),
    ...(changes ? refreshCharts(changes.summary) : []),
    ...(changes?.backtest ? [{ name: 'backtest-deciles', spec: backtestDecilesSpec(changes.backtest) }] : []),
  ];
  const files = await renderCharts(specs);
  files['report.html'] = buildReportHtml({
    ...report,
    charts: specs,
    changes: changes?.summary ?? null,
    backtest: changes?.backtest ?? null,
  });
  return files;
}
