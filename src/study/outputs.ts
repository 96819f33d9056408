/**
 * The data files of a run folder, made from a finished study state: `segments.csv` and the CRM export from
 * the accounts frame, the models, and one JSON file per step result.
 */
import type { QualityReport } from '../cleanse/quality.ts';
import type { QuotaPlan } from '../segment/quotas.ts';
import type { PerformanceRow } from '../segment/performance.ts';
import type { ScenarioRow } from './steps/scenarios.ts';
import { basename } from 'node:path';
import { formatCount } from '../core/format.ts';
import { frameToCsv, frameToCsvChunks } from '../data/csv-format.ts';
import { ChunkedText, runJson, type RunFileContent } from './run-folder.ts';
import type { StudyRecord } from './run-files.ts';
import type { ValueArtifact } from './steps/value.ts';
import { Frame, type ColumnInput } from '../data/frame.ts';
import { calibrationTable, gainsTable, rocCurve, type RocPoint } from '../models/metrics.ts';
import {
  ACCOUNT_COLUMNS,
  accountColumn,
  FIRMOGRAPHIC_COLUMNS,
  type AccountColumn,
} from '../segment/account-columns.ts';
import { crmExport } from '../segment/crm-export.ts';
import type { StudyInputs, Universe } from '../segment/assemble.ts';
import { artifactOf, type StudyState } from './step.ts';

/** Whether a registry column is written for this study's frame (`basis`: the potential basis's rule, when known). */
function written(column: AccountColumn, frame: Frame, productLines: boolean, basis?: boolean): boolean {
  switch (column.when) {
    case 'always':
      return true;
    case 'product lines':
      return productLines;
    // Written when some account has no usable size (else every basis is "size").
    case 'potential basis':
      return (
        basis ??
        (frame.has(column.name) && frame.strings(column.name).some((b) => b !== null && b !== 'size'))
      );
    default:
      return frame.has(column.name);
  }
}

/** The registry's columns of `segments.csv` for this frame, one column per product line after the motions. */
function decisionColumns(frame: Frame, lines: readonly string[] | null, basis?: boolean): string[] {
  const names: string[] = [];
  const last = ACCOUNT_COLUMNS.findLast((c) => c.when === 'product lines');
  for (const column of ACCOUNT_COLUMNS) {
    if (written(column, frame, lines !== null, basis)) names.push(column.name);
    if (column === last && lines !== null) names.push(...lines);
  }
  return names;
}

function rounded(values: Float64Array, digits: number): Float64Array {
  const scale = 10 ** digits;
  return values.map((v) => (Number.isNaN(v) ? v : Math.round(v * scale) / scale));
}

/** Digits of a column in segments.csv: the registry's, and 2 for a product line's whitespace. */
function digitsOf(name: string): number | undefined {
  return accountColumn(name)?.digits ?? (name.startsWith('whitespace_') ? 2 : undefined);
}

/**
 * A column as `segments.csv` writes it: numbers rounded to the registry's digits, anything else as it is.
 *
 * @example
 * segmentsValues('probability', new Float64Array([0.1234567])); // Float64Array [0.123457]
 */
export function segmentsValues(name: string, values: ColumnInput): ColumnInput {
  const digits = digitsOf(name);
  return values instanceof Float64Array && digits !== undefined ? rounded(values, digits) : values;
}

/**
 * A table's columns as `segments.csv` writes them (see {@link segmentsValues}).
 *
 * @example
 * frameToCsv(roundedLikeSegments(assignment.frame)); // probability to 6 digits, money to cents, …
 */
export function roundedLikeSegments(frame: Frame): Frame {
  return Frame.fromColumns(
    Object.fromEntries(
      frame.columnNames.map((c) => [c, segmentsValues(c, frame.column(c).values as ColumnInput)]),
    ),
  );
}

/**
 * `performance.csv`: one row per segment of each dimension.
 *
 * @example
 * performanceCsv(rows); // 'dimension,segment,accounts,…\ntier,P1,120,…'
 */
export function performanceCsv(rows: readonly PerformanceRow[]): string {
  return frameToCsv(Frame.fromRows(rows as unknown as Record<string, string | number>[]));
}

/**
 * The segments table: firmographics, the models' numeric inputs (so a refresh can measure their drift), and
 * every column of the account-column registry the study wrote, in its order.
 *
 * @example
 * const segments = segmentsFrame(state); // account_id, name, …, road_quadrant, motion, owner, queue, queue_rep
 */
export function segmentsFrame(state: StudyState): Frame {
  const { frame } = state;
  const used = [
    ...artifactOf(state, 'lookalike', 'segments').fit.features,
    ...artifactOf(state, 'personas', 'segments').model.toJSON().features,
  ];
  const lines = artifactOf(state, 'spend', 'segments').productLines?.columns ?? null;
  return segmentsOf(frame, segmentsColumnNames(frame, used, lines));
}

/**
 * The columns of `segments.csv` for a frame: firmographics, the models' numeric inputs (`features`), and every
 * registry column written for it (`basis`: whether some account's potential has a basis other than its size, for a
 * frame that is one batch of the table).
 *
 * @example
 * segmentsColumnNames(frame, ['log10_employees', 'tech_fit_score'], null); // ['account_id', 'name', …, 'queue']
 */
export function segmentsColumnNames(
  frame: Frame,
  features: readonly string[],
  lines: readonly string[] | null,
  basis?: boolean,
): string[] {
  const firmographics = FIRMOGRAPHIC_COLUMNS.map((c) => c.name);
  const modelInputs = [...new Set(features)].filter(
    (f) => !firmographics.includes(f) && frame.has(f) && frame.column(f).kind === 'number',
  );
  return [...firmographics, ...modelInputs, ...decisionColumns(frame, lines, basis)];
}

/**
 * The named columns of a frame as `segments.csv` writes them (rounded to the registry's digits).
 *
 * @example
 * segmentsOf(batch, names); // probability to 6 digits, money to cents
 */
export function segmentsOf(frame: Frame, names: readonly string[]): Frame {
  const columns: Record<string, ColumnInput> = {};
  for (const name of names) columns[name] = segmentsValues(name, frame.column(name).values as ColumnInput);
  return Frame.fromColumns(columns);
}

/** Every k-th point of a curve, always keeping the last, so charts stay small. */
/**
 * The gains table, ROC curve (at most 200 points) and calibration of the lookalike over every account, as
 * `icp.json` has them.
 *
 * @example
 * icpCurves(isCustomer, probability).gains[0]; // the top decile's customers, share and lift
 */
export function icpCurves(isCustomer: Float64Array, probability: Float64Array) {
  return {
    gains: gainsTable(isCustomer, probability),
    roc: downsample(rocCurve(isCustomer, probability), 200),
    calibration: calibrationTable(isCustomer, probability, 10),
  };
}

function downsample(points: RocPoint[], max: number): RocPoint[] {
  const step = Math.max(1, Math.ceil(points.length / max));
  return points
    .filter((_, i) => i % step === 0 || i === points.length - 1)
    .map((p) => ({ ...p, threshold: Number.isFinite(p.threshold) ? p.threshold : 1 }));
}

/**
 * Each input of the study with its rows and how much of it matched the accounts.
 *
 * @example
 * studyInputs(config.inputs, stats)[1]; // { role: 'market', file: 'market.csv', rows: 5000, matched: '4,250 of 5,000 accounts matched by domain' }
 */
export function studyInputs(inputs: StudyInputs, stats: Universe['stats']): StudyRecord['inputs'] {
  const matched: Record<keyof StudyInputs, [number, number] | null> = {
    accounts: null,
    market: [stats.matchedToMarket, stats.accounts],
    opportunities: [stats.opportunitiesMatched, stats.opportunities],
    spend: [stats.spendMatched, stats.spendRows],
    engagement: [stats.engagementMatched, stats.engagementRows],
  };
  const rows: Record<keyof StudyInputs, number> = {
    accounts: stats.accountRows,
    market: stats.marketRows,
    opportunities: stats.opportunities,
    spend: stats.spendRows,
    engagement: stats.engagementRows,
  };
  const what: Record<keyof StudyInputs, string> = {
    accounts: '',
    market: 'accounts matched by domain',
    opportunities: 'opportunities matched to an account',
    spend: 'spend rows matched to an account',
    engagement: 'engagement rows matched to an account',
  };
  return (Object.keys(inputs) as (keyof StudyInputs)[])
    .filter((role) => inputs[role] !== null)
    .map((role) => {
      const m = matched[role];
      return {
        role,
        file: basename(inputs[role] as string),
        rows: rows[role],
        matched: m === null ? null : `${formatCount(m[0])} of ${formatCount(m[1])} ${what[role]}`,
      };
    });
}

/** `scenarios.csv` (one row per scenario) when the config has scenarios. */
/**
 * `scenarios.csv` when the config compares coverage scenarios (nothing otherwise).
 *
 * @example
 * scenariosFile({ rows }); // { 'scenarios.csv': 'scenario,reps,…' }
 */
export function scenariosFile(scenarios: { rows: ScenarioRow[] } | null): Record<string, RunFileContent> {
  if (scenarios === null) return {};
  const rows = scenarios.rows.map((r) => ({ ...r, within_tolerance: r.within_tolerance ? 'yes' : 'no' }));
  return {
    'scenarios.csv': frameToCsv(Frame.fromRows(rows as unknown as Record<string, string | number>[])),
  };
}

/** `models/value.json` when the value step fitted its models. */
/**
 * `value.json` when the customer-value models were fitted (nothing when the step was skipped).
 *
 * @example
 * valueFile(artifact); // { 'value.json': '{ "purchases": …' }
 */
export function valueFile(value: ValueArtifact): Record<string, RunFileContent> {
  if (!value.fitted) return {};
  const { fitted: _, ...file } = value;
  return runJson('value', file);
}

/** `quotas.csv` (one row per named rep) when the config asked for quotas. */
/**
 * `quotas.csv` when the config sets quotas (nothing otherwise).
 *
 * @example
 * quotasFile(plan); // { 'quotas.csv': 'rep,quadrant,…' }
 */
export function quotasFile(plan: QuotaPlan | null): Record<string, RunFileContent> {
  if (plan === null) return {};
  const rows = plan.reps.map((r) => ({
    ...r,
    within_band: r.within_band === null ? '' : r.within_band ? 'yes' : 'no',
    new_rep: r.new_rep ? 'yes' : 'no',
  }));
  return { 'quotas.csv': frameToCsv(Frame.fromRows(rows as unknown as Record<string, string | number>[])) };
}

/**
 * The data files of the run folder (path → content), from a state that ran every step.
 *
 * @example
 * const files = studyDataFiles(await runSteps(config)); // { 'segments.csv': …, 'icp.json': …, … }
 */
export function studyDataFiles(state: StudyState): Record<string, RunFileContent> {
  const { frame, config } = state;
  const universe = artifactOf(state, 'assemble', 'write');
  const lift = artifactOf(state, 'lift', 'write');
  const lookalike = artifactOf(state, 'lookalike', 'write');
  const personas = artifactOf(state, 'personas', 'write');
  const road = artifactOf(state, 'road', 'write');
  const coverage = artifactOf(state, 'coverage', 'write');
  const routing = artifactOf(state, 'routing', 'write');
  const performance = artifactOf(state, 'performance', 'write');
  const isCustomer = frame.numbers('is_customer');
  const probability = frame.numbers('probability');
  const segments = segmentsFrame(state);
  const cv = lookalike.crossValidation;
  const study: StudyRecord = {
    name: config.name,
    inputs: studyInputs(config.inputs, universe.stats),
    warnings: [...state.warnings],
    ...(config.quotas === null
      ? {}
      : {
          quotas: config.quotas,
          quotaRealization: (artifactOf(state, 'quotas', 'write') as QuotaPlan).realization,
        }),
    money: universe.money,
  };
  return {
    'segments.csv': new ChunkedText(() => frameToCsvChunks(segments)),
    'crm-export.csv': new ChunkedText(() => frameToCsvChunks(crmExport(segments, config.crm))),
    ...runJson('lookalike', {
      ...lookalike.model.toJSON(),
      ...(lookalike.sampling === null ? {} : { sampling: lookalike.sampling }),
    }),
    ...runJson('clusters', {
      ...personas.model.toJSON(),
      profiles: personas.profiles,
      elbow: personas.elbow,
    }),
    ...runJson('spend', artifactOf(state, 'spend', 'write').model.toJSON()),
    ...runJson('icp', {
      summary: lift.icp,
      lift: lift.tables,
      crossValidation: { folds: cv.folds, auc: cv.auc, logLoss: cv.logLoss },
      ...icpCurves(isCustomer, probability),
      coefficients: lookalike.model.coefficientTable(),
    }),
    ...runJson('road', {
      thresholds: road.thresholds,
      totals: road.totals,
      whitespaceByMotion: artifactOf(state, 'spend', 'write').productLines?.totals ?? null,
    }),
    ...runJson('coverage', {
      headcount: coverage.headcount,
      territories: coverage.territories,
      plan: coverage.plan,
      curve: coverage.curve,
      hierarchy: artifactOf(state, 'hierarchy', 'write'),
    }),
    ...runJson('quality', universe.quality),
    'merges.csv': mergesCsv(universe.quality),
    'performance.csv': performanceCsv(performance.rows),
    ...runJson('routing', { rules: config.routing, queues: routing.queues }),
    ...runJson('study', study),
    ...valueFile(artifactOf(state, 'value', 'write')),
    ...quotasFile(artifactOf(state, 'quotas', 'write')),
    ...scenariosFile(artifactOf(state, 'scenarios', 'write')),
  };
}

/**
 * `merges.csv`: every merge of duplicate records, for review — the kept id, the merged ids (`;`-separated),
 * the rule, the shared key and how alike the names are.
 *
 * @example
 * mergesCsv(universe.quality); // "kept_id,merged_ids,rule,key,score\n0015g…"
 */
export function mergesCsv(quality: QualityReport): string {
  const rows = quality.duplicates.merged.map((m) => ({
    kept_id: m.kept,
    merged_ids: m.merged.join(';'),
    rule: m.rule,
    key: m.key,
    score: m.score,
  }));
  return frameToCsv(
    rows.length > 0
      ? Frame.fromRows(rows)
      : Frame.fromColumns({ kept_id: [], merged_ids: [], rule: [], key: [], score: [] }),
  );
}
