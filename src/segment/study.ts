/**
 * `segment study`: the whole segmentation, from raw inputs to a run folder.
 *
 * cleanse + join (assemble) → ICP lift tables → lookalike model (+ cross-validation) → k-means personas on
 * customers → spend potential → fit scores and tiers → ROAD quadrants → coverage and territories → CRM export.
 * Everything is written to a temporary folder beside the target and renamed into place only when complete;
 * an existing folder is never overwritten. Data files hold no timestamps, so two runs with the same seed and
 * inputs are byte-identical except `manifest.json` (which records when and how long).
 */
import { jsonText } from '../data/json-text.ts';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UsageError, type Warning } from '../core/errors.ts';
import { VERSION } from '../core/version.ts';
import { frameToCsv } from '../data/csv-format.ts';
import { Frame, type ColumnInput } from '../data/frame.ts';
import { clusterProfiles } from '../models/cluster-profiles.ts';
import { crossValidate } from '../models/cross-validation.ts';
import { categoricalValues } from '../models/design.ts';
import { KMeans } from '../models/kmeans.ts';
import { LogisticRegression } from '../models/logistic.ts';
import { calibrationTable, fitScores, gainsTable, rocCurve, type RocPoint } from '../models/metrics.ts';
import { elbowCurve } from '../models/cluster-selection.ts';
import { SpendPotential } from '../models/spend-potential.ts';
import { buildRunOutputs } from '../report/run-folder.ts';
import { compareRuns } from './refresh.ts';
import { fitDeciles, segmentPerformance } from './performance.ts';
import { routeAccounts } from './routing.ts';
import { assembleUniverse } from './assemble.ts';
import { assignTerritories, headcount, type TerritoryBalance } from './coverage.ts';
import { crmExport } from './crm-export.ts';
import { icpSummary, liftTable, type LiftRow } from './icp-lift.ts';
import {
  opportunityOf,
  quadrantTotals,
  ROAD_MOTIONS,
  roadQuadrantOf,
  roadThresholds,
  type RoadQuadrant,
} from './road.ts';
import type { StudyConfig } from './study-config.ts';
import { industryPriorityOf, sizeSegmentOf, tierOf } from './tiers.ts';

/** Progress callback: step number, total steps, what is happening. */
export type Progress = (step: number, total: number, label: string) => void;

/** What {@link runStudy} returns. */
export interface StudyResult {
  outDir: string;
  warnings: Warning[];
  summary: {
    accounts: number;
    customers: number;
    cvAuc: number;
    quadrants: Record<string, number>;
    repsNeeded: number;
  };
}

const STEPS = [
  'load and cleanse',
  'ICP lift tables',
  'lookalike model',
  'cross-validation',
  'personas (k-means)',
  'spend potential',
  'tiers, ROAD, coverage',
  'charts, report and the run folder',
];

/** Every k-th point of a curve, always keeping the last, so charts stay small. */
function downsample(points: RocPoint[], max: number): RocPoint[] {
  const step = Math.max(1, Math.ceil(points.length / max));
  return points
    .filter((_, i) => i % step === 0 || i === points.length - 1)
    .map((p) => ({ ...p, threshold: Number.isFinite(p.threshold) ? p.threshold : 1 }));
}

function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

function bands(values: Float64Array, edges: number[], labels: string[]): (string | null)[] {
  return Array.from(values, (v) => {
    if (Number.isNaN(v)) return null;
    let k = 0;
    while (k + 1 < edges.length && v >= (edges[k + 1] as number)) k++;
    return labels[k] as string;
  });
}

/** Default run folder name: `out/<UTC timestamp>-<seed>`. */
export function defaultRunDir(seed: number, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return join('out', `${stamp}-${seed}`);
}

/**
 * Runs the study and writes the run folder (DESIGN.md §4).
 *
 * @example
 * const { outDir, summary } = await runStudy(await loadStudyConfig(), { outDir: 'out/q4-refresh' });
 */
export async function runStudy(
  config: StudyConfig,
  options: { outDir: string; onProgress?: Progress },
): Promise<StudyResult> {
  const outDir = resolve(options.outDir);
  if (
    await stat(outDir).then(
      () => true,
      () => false,
    )
  ) {
    throw new UsageError(
      `${options.outDir} already exists; a run folder is never overwritten (choose another --out)`,
    );
  }
  const started = Date.now();
  const timings: Record<string, number> = {};
  let stepStart = Date.now();
  const progress = (i: number) => {
    if (i > 0) timings[STEPS[i - 1] as string] = (Date.now() - stepStart) / 1000;
    stepStart = Date.now();
    if (i < STEPS.length) options.onProgress?.(i + 1, STEPS.length, STEPS[i] as string);
  };
  const warnings: Warning[] = [];

  progress(0);
  const universe = await assembleUniverse(config.inputs);
  warnings.push(...universe.warnings);
  let frame = universe.frame;
  const n = frame.numRows;
  const isCustomer = frame.numbers('is_customer');
  const employees = frame.numbers('employees');
  const revenue = frame.numbers('annual_revenue');
  const sizeSegment = Array.from({ length: n }, (_, i) =>
    sizeSegmentOf(employees[i] as number, revenue[i] as number, config.sizeSegments),
  );
  frame = frame.withColumn('size_segment', sizeSegment);

  progress(1);
  const attributes: [string, (string | null)[]][] = [
    ['industry', frame.strings('industry').slice()],
    ['size_segment', sizeSegment],
    ['region', frame.strings('region').slice()],
  ];
  if (frame.has('cloud_adoption'))
    attributes.push(['cloud_adoption', categoricalValues(frame, 'cloud_adoption')]);
  if (frame.has('intent_score'))
    attributes.push([
      'intent_band',
      bands(frame.numbers('intent_score'), [0, 25, 50, 75], ['0-24', '25-49', '50-74', '75-100']),
    ]);
  const lift: LiftRow[][] = attributes.map(([name, values]) => liftTable(name, values, isCustomer));
  const icp = icpSummary(lift);
  const industryLift = new Map((lift[0] as LiftRow[]).map((r) => [r.value, r.lift]));

  progress(2);
  const fit = {
    target: 'is_customer',
    features: config.lookalike.features,
    categorical: config.lookalike.categorical,
    missing: config.lookalike.missing,
    file: config.inputs.accounts,
  };
  const lookalike = new LogisticRegression({ l2: config.lookalike.l2 }).fit(frame, fit);
  const tag = (step: string, list: readonly Warning[]) =>
    list.map((w) => ({ code: w.code, message: `${step}: ${w.message}` }));
  warnings.push(...tag('lookalike', lookalike.warnings));
  const { probability } = lookalike.predictProba(frame);
  const fitScore = fitScores(probability);

  progress(3);
  const cv = crossValidate(frame, fit, {
    k: config.lookalike.folds,
    seed: config.seed,
    model: { l2: config.lookalike.l2 },
  });

  progress(4);
  const customers = frame.filter((i) => isCustomer[i] === 1);
  const kmeans = new KMeans({
    k: config.clusters.k,
    seed: config.seed,
    nInit: config.clusters.nInit,
    standardize: config.clusters.standardize,
  }).fit(customers, {
    features: config.clusters.features,
    missing: 'impute',
  });
  warnings.push(...tag('personas', kmeans.warnings));
  const cluster = kmeans.predict(frame).labels;
  const ks = Array.from({ length: 7 }, (_, i) => i + 2);
  const elbow = elbowCurve(customers, { features: config.clusters.features, missing: 'impute' }, ks, {
    seed: config.seed,
    nInit: config.clusters.nInit,
    standardize: config.clusters.standardize,
    sampleSize: 1000,
  });
  const profiles = clusterProfiles(customers, kmeans.labels, {
    numeric: ['employees', 'annual_revenue', 'current_spend', ...config.clusters.features],
    categorical: ['industry', 'region'],
  });

  progress(5);
  const spendModel = new SpendPotential(config.spend).fit(frame, {
    spend: 'current_spend',
    employees: 'employees',
    industry: 'industry',
    ...(config.spend.method === 'log-log' ? { revenue: 'annual_revenue' } : {}),
  });
  warnings.push(...tag('spend potential', spendModel.warnings));
  const { potential, whitespace, warnings: spendWarnings } = spendModel.predict(frame);
  warnings.push(...tag('spend potential', spendWarnings));

  progress(6);
  const spend = frame.numbers('current_spend');
  const opportunity = opportunityOf(probability, whitespace);
  const thresholds = roadThresholds(spend, opportunity, config.road);
  const quadrant = Array.from({ length: n }, (_, i) =>
    roadQuadrantOf(spend[i] as number, opportunity[i] as number, thresholds),
  );
  const tiers = Array.from(fitScore, (s) => tierOf(s, config.tiers));
  const touches = tiers.map((t) => config.tiers.find((r) => r.tier === t)?.monthlyTouches ?? null);
  const industries = frame.strings('industry');
  const priority = industries.map((ind) =>
    ind === null ? null : industryPriorityOf(industryLift.get(ind), config.industryPriority),
  );
  const plan = headcount(quadrant, sizeSegment, config.coverage.capacity);
  const owner: (string | null)[] = new Array<string | null>(n).fill(null);
  const territories: Record<string, TerritoryBalance> = {};
  for (const q of ['Develop', 'Retain', 'Acquire', 'Opportunistic'] as const) {
    const rows = quadrant.flatMap((v, i) => (v === q ? [i] : []));
    const reps = plan.filter((r) => r.quadrant === q).reduce((s, r) => s + r.reps, 0);
    if (rows.length === 0) continue;
    if (reps === 0) {
      for (const i of rows) owner[i] = `${q} pool (${ROAD_MOTIONS[q]})`;
      continue;
    }
    const { rep, balance } = assignTerritories(
      rows.map((i) => opportunity[i] as number),
      reps,
    );
    rows.forEach((i, k) => (owner[i] = `${q} rep ${String((rep[k] as number) + 1).padStart(2, '0')}`));
    territories[q] = balance;
  }

  // The models' numeric inputs travel with the segments, so a refresh can measure their drift.
  const modelFeatures: Record<string, ColumnInput> = {};
  for (const f of [...config.lookalike.features, ...config.clusters.features]) {
    if (
      !(f in modelFeatures) &&
      !['employees', 'annual_revenue'].includes(f) &&
      frame.has(f) &&
      frame.column(f).kind === 'number'
    )
      modelFeatures[f] = frame.numbers(f);
  }
  const round = (values: Float64Array, digits = 2) =>
    values.map((v) => (Number.isNaN(v) ? v : Math.round(v * 10 ** digits) / 10 ** digits));
  const segmentsColumns: Record<string, ColumnInput> = {
    account_id: frame.strings('account_id'),
    name: frame.strings('name'),
    domain: frame.strings('domain'),
    industry: industries,
    country: frame.strings('country'),
    region: frame.strings('region'),
    employees,
    annual_revenue: revenue,
    ...modelFeatures,
    is_customer: isCustomer,
    probability: round(probability, 6),
    fit_score: fitScore,
    tier: tiers,
    monthly_touches: touches,
    size_segment: sizeSegment,
    industry_priority: priority,
    cluster: Float64Array.from(cluster, (c) => (c < 0 ? Number.NaN : c)),
    current_spend: spend,
    spend_potential: round(potential),
    whitespace: round(whitespace),
    opportunity: round(opportunity),
    road_quadrant: quadrant,
    motion: quadrant.map((q) => (q === null ? null : ROAD_MOTIONS[q as RoadQuadrant])),
    owner,
  };
  // Routing: the first matching rule's queue, reps balanced inside a queue.
  const text = (values: readonly (string | null)[] | Float64Array | Int32Array) =>
    Array.from(values as ArrayLike<string | number | null>, (v) =>
      v === null || (typeof v === 'number' && (Number.isNaN(v) || v < 0)) ? null : String(v),
    );
  const routing = routeAccounts(
    {
      size_segment: sizeSegment,
      industry_priority: priority,
      tier: tiers,
      road_quadrant: quadrant,
      region: frame.strings('region'),
      country: frame.strings('country'),
      industry: industries,
      cluster: text(cluster),
      motion: quadrant.map((q) => (q === null ? null : ROAD_MOTIONS[q as RoadQuadrant])),
    },
    opportunity,
    config.routing,
  );
  segmentsColumns.queue = routing.queue;
  segmentsColumns.queue_rep = routing.queueRep;
  const segments = Frame.fromColumns(segmentsColumns);

  // Is the segmentation working? Performance per segment from the opportunities.
  const perfInputs = {
    isCustomer,
    spend,
    ...(frame.has('intent_score') ? { engagement: frame.numbers('intent_score') } : {}),
    ...(frame.has('web_visits_90d') ? { activity: frame.numbers('web_visits_90d') } : {}),
  };
  const performance = [
    ...segmentPerformance(
      'tier',
      tiers,
      universe.deals,
      perfInputs,
      config.tiers.map((t) => t.tier),
    ),
    ...segmentPerformance('road_quadrant', quadrant, universe.deals, perfInputs, [
      'Develop',
      'Retain',
      'Acquire',
      'Opportunistic',
    ]),
    ...segmentPerformance('size_segment', sizeSegment, universe.deals, perfInputs, [
      'Enterprise',
      'Mid-Market',
      'SMB',
    ]),
    ...segmentPerformance('cluster', text(cluster), universe.deals, perfInputs),
    ...segmentPerformance(
      'fit_decile',
      fitDeciles(fitScore),
      universe.deals,
      perfInputs,
      Array.from({ length: 10 }, (_, i) => String(i + 1)),
    ),
    ...segmentPerformance(
      'queue',
      routing.queue,
      universe.deals,
      perfInputs,
      routing.queues.map((q) => q.queue),
    ),
  ];
  const totals = quadrantTotals(quadrant, spend, potential, whitespace, opportunity);

  progress(7);
  const gains = gainsTable(isCustomer, probability);
  const files: Record<string, string | Uint8Array> = {
    'segments.csv': frameToCsv(segments),
    'crm-export.csv': frameToCsv(crmExport(segments)),
    'models/lookalike.json': jsonText(lookalike.toJSON()),
    'models/clusters.json': jsonText({ ...kmeans.toJSON(), profiles, elbow }),
    'models/spend.json': jsonText(spendModel.toJSON()),
    'icp.json': jsonText({
      summary: icp,
      lift,
      crossValidation: { folds: cv.folds, auc: cv.auc, logLoss: cv.logLoss },
      gains,
      roc: downsample(rocCurve(isCustomer, probability), 200),
      calibration: calibrationTable(isCustomer, probability, 10),
      coefficients: lookalike.coefficientTable(),
    }),
    'road.json': jsonText({ thresholds, totals }),
    'coverage.json': jsonText({ headcount: plan, territories }),
    'data-quality.json': jsonText(universe.quality),
    'performance.csv': frameToCsv(
      Frame.fromRows(performance as unknown as Record<string, string | number>[]),
    ),
    'routing.json': jsonText({ rules: config.routing, queues: routing.queues }),
  };
  const inputs: Record<string, string> = {};
  for (const [key, path] of Object.entries(config.inputs))
    if (path !== null) inputs[key] = sha256(await readFile(path));
  const temp = join(dirname(outDir), `.${basename(outDir)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const write = async (entries: Record<string, string | Uint8Array>) => {
      for (const [file, content] of Object.entries(entries)) {
        await mkdir(dirname(join(temp, file)), { recursive: true });
        await writeFile(join(temp, file), content);
      }
    };
    await write(files);
    if (config.previousRun !== null) {
      // What changed since the previous run, for the report.
      const changes = await compareRuns(config.previousRun, temp);
      files['changes.json'] = jsonText({
        previous: config.previousRun,
        summary: { ...changes.summary, previous: config.previousRun, current: '(this run)' },
      });
      await write({ 'changes.json': files['changes.json'] as string });
    }
    // Charts and the report are built from the written data files, exactly as `segment report` rebuilds them.
    const derived = await buildRunOutputs(temp, config.seed);
    await write(derived);
    Object.assign(files, derived);
    timings[STEPS[7] as string] = (Date.now() - stepStart) / 1000;
    const manifest = {
      tool: 'segment',
      version: VERSION,
      createdAt: new Date(started).toISOString(),
      seconds: (Date.now() - started) / 1000,
      timings,
      seed: config.seed,
      config,
      road: thresholds,
      stats: universe.stats,
      inputs: Object.fromEntries(
        Object.entries(config.inputs)
          .filter(([, p]) => p !== null)
          .map(([k, p]) => [k, { path: p, sha256: inputs[k] }]),
      ),
      outputs: Object.fromEntries(
        Object.entries(files).map(([f, c]) => [f, { sha256: sha256(c), bytes: Buffer.byteLength(c) }]),
      ),
      warnings,
    };
    await writeFile(join(temp, 'manifest.json'), jsonText(manifest));
    await mkdir(dirname(outDir), { recursive: true });
    await rename(temp, outDir);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  options.onProgress?.(STEPS.length + 1, STEPS.length, 'done');
  const counts: Record<string, number> = {};
  for (const t of totals) counts[t.quadrant] = t.accounts;
  return {
    outDir,
    warnings,
    summary: {
      accounts: n,
      customers: universe.stats.customers,
      cvAuc: cv.auc.mean,
      quadrants: counts,
      repsNeeded: plan.reduce((s, r) => s + r.reps, 0),
    },
  };
}
