/**
 * The study's scoring as one SQL query, so it runs where the accounts are (DuckDB over files, PostgreSQL, a
 * warehouse): lookalike probability, fit score (percentile), tier and monthly touches, size segment, industry
 * priority, persona, spend potential and whitespace, opportunity, the ROAD thresholds (quantiles of the scored
 * table, as the study takes them), quadrant and motion, and the routing queue. Same numbers as the study: the
 * fit score is the study's mid-rank percentile and the thresholds its type-7 quantile, both written out with
 * window functions instead of an engine's own percentile function (they differ between engines).
 *
 * Not in SQL: the rep inside a queue (`queue_rep`) and the territory owner, which come from a sequential
 * balancing of opportunity across reps; the engagement score is read from the table when tiers need it.
 */
import { UsageError } from '../core/errors.ts';
import { ACCOUNT_COLUMNS } from '../segment/account-columns.ts';
import type { KMeansModelJson } from '../models/kmeans.ts';
import type { LogisticModelJson } from '../models/logistic.ts';
import { EMPLOYEE_BANDS, employeeBand, type SpendModelJson } from '../models/spend-potential.ts';
import type { RoadThresholds, ThresholdRule } from '../segment/road.ts';
import type { FitScoreStep } from '../models/metrics.ts';
import type { RoutingConfig } from '../segment/routing.ts';
import { industryPriorityOf, type SizeSegmentRules, type TierRule } from '../segment/tiers.ts';
import { CUSTOMER_MOTIONS, ROAD_MOTIONS, ROAD_QUADRANTS } from '../segment/vocabulary.ts';
import {
  kmeansDistancesSql,
  logisticPredictorSql,
  nearestCentreSql,
  probabilitySql,
} from './model-expressions.ts';
import { sqlComment, sqlDialect, sqlNumber, type SqlDialect, type SqlDialectName } from './sql-dialect.ts';

/** Everything the scoring needs from a study: its models and the rules of its config. */
export interface ScoringSpec {
  lookalike: LogisticModelJson;
  /** The persona model, or null when the study has none. */
  clusters: KMeansModelJson | null;
  spend: SpendModelJson;
  tiers: readonly TierRule[];
  sizeSegments: SizeSegmentRules;
  industryPriority: { high: number; medium: number };
  /** Lift of each industry among customers (from the ICP lift table). */
  industryLift: Readonly<Record<string, number>>;
  road: { spend: ThresholdRule; opportunity: ThresholdRule };
  routing: RoutingConfig;
  /** Columns of the input table carried to the output, in order (`account_id` first). */
  columns: readonly string[];
  /**
   * A finished study's frozen scale and thresholds (`segment sql --assign`): the fit score read off the study's
   * scale and the quadrants cut at its thresholds, instead of both computed over the table.
   */
  frozen?: { fitScores: readonly FitScoreStep[]; thresholds: RoadThresholds };
}

/** Options of {@link studyToSql}. */
export interface StudySqlOptions {
  /** Default `duckdb`. */
  dialect?: SqlDialectName;
  /** The table (or view) of accounts, dotted names allowed. Default `accounts`. */
  table?: string;
  /** Rows ordered by `account_id`. Default `true`; the engine, which joins on its own row numbers, skips the sort. */
  ordered?: boolean;
}

/** The columns the query adds, in order. */
export const SCORING_COLUMNS: readonly string[] = ACCOUNT_COLUMNS.filter((c) => c.sql === true).map(
  (c) => c.name,
);

/** Columns derived in the query from the table's own (the study derives them the same way). */
const DERIVED: Readonly<Record<string, string>> = {
  log10_employees: 'employees',
  log10_revenue: 'annual_revenue',
};

/** A number literal typed as the dialect's double (PostgreSQL reads `1.5` as numeric). */
function doubleLiteral(value: number, d: SqlDialect): string {
  return `CAST(${sqlNumber(value)} AS ${d.double})`;
}

/** A CASE over `value` mapping keys to SQL expressions (NULL otherwise). */
function caseOf(value: string, pairs: readonly (readonly [string, string])[], otherwise = 'NULL'): string {
  if (pairs.length === 0) return otherwise;
  return `CASE ${value} ${pairs.map(([k, v]) => `WHEN ${k} THEN ${v}`).join(' ')} ELSE ${otherwise} END`;
}

function bandSql(employees: string): string {
  const whens = [...EMPLOYEE_BANDS]
    .reverse()
    .map((lo) => `WHEN ${employees} >= ${lo} THEN '${employeeBand(lo) as string}'`);
  return `CASE ${whens.join(' ')} ELSE NULL END`;
}

/** Spend potential before the floor at current spend (peer cell, band, overall — or the log-log regression). */
/** The potential of an account without a usable size: its industry's customers', else all customers'. */
function unsizedPotentialSql(model: SpendModelJson, industry: string | null, d: SqlDialect): string {
  if (!model.unsized) return 'NULL';
  const overall = doubleLiteral(model.unsized.overall, d);
  const levels = Object.entries(model.unsized.industries).map(
    ([k, v]) => [d.string(k), doubleLiteral(v, d)] as const,
  );
  return industry === null || levels.length === 0 ? overall : caseOf(industry, levels, overall);
}

function rawPotentialSql(model: SpendModelJson, d: SqlDialect): string {
  const employees = `CAST(${d.identifier(model.columns.employees)} AS ${d.double})`;
  const industry =
    model.columns.industry === null ? null : `CAST(${d.identifier(model.columns.industry)} AS ${d.text})`;
  const unsized = unsizedPotentialSql(model, industry, d);
  if (model.peers) {
    const { cells, bands, overall } = model.peers;
    const inBand = (band: string) =>
      Object.entries(cells)
        .filter(([key]) => key.slice(key.lastIndexOf('|') + 1) === band)
        .map(([key, v]) => [d.string(key.slice(0, key.lastIndexOf('|'))), doubleLiteral(v, d)] as const);
    const byBand = [
      ...new Set([...Object.keys(bands), ...Object.keys(cells).map((k) => k.slice(k.lastIndexOf('|') + 1))]),
    ]
      .sort()
      .map((band) => {
        const fallback = doubleLiteral(bands[band] ?? overall, d);
        const cell = industry === null ? 'NULL' : caseOf(industry, inBand(band));
        return [d.string(band), `COALESCE(${cell}, ${fallback})`] as const;
      });
    return `CASE WHEN NOT (${employees} >= 1) OR ${employees} IS NULL THEN ${unsized} ELSE ${caseOf(bandSql(employees), byBand, doubleLiteral(overall, d))} END`;
  }
  const r = model.regression;
  if (!r) throw new UsageError('studyToSql: the spend model has neither peers nor a regression');
  const terms = [
    sqlNumber(r.intercept),
    `${sqlNumber(r.coefficients.ln_employees as number)} * LN(${employees})`,
  ];
  const revenue =
    model.columns.revenue === null ? null : `CAST(${d.identifier(model.columns.revenue)} AS ${d.double})`;
  if (revenue !== null) terms.push(`${sqlNumber(r.coefficients.ln_revenue as number)} * LN(${revenue})`);
  if (r.referenceIndustry !== null && industry !== null) {
    const levels = Object.entries(r.coefficients)
      .filter(([name]) => name.startsWith('industry='))
      .map(([name, v]) => [d.string(name.slice('industry='.length)), sqlNumber(v)] as const);
    terms.push(
      caseOf(industry, [[d.string(r.referenceIndustry), '0.0'], ...levels], sqlNumber(r.industryMean)),
    );
  }
  const usable = `${employees} >= 1${revenue === null ? '' : ` AND ${revenue} > 0`}`;
  return `CASE WHEN ${usable} THEN EXP((${terms.join(' + ')}) + ${sqlNumber(r.residualQuantile)}) ELSE ${unsized} END`;
}

/**
 * The size segment of a row (Enterprise / Mid-Market / SMB, NULL without employees and revenue), as `sizeSegmentOf`.
 *
 * @example
 * sizeSegmentSql(DEFAULT_SIZE_SEGMENTS, sqlDialect('duckdb')); // 'CASE WHEN CAST("employees" AS DOUBLE) IS NULL AND … END'
 */
export function sizeSegmentSql(rules: SizeSegmentRules, d: SqlDialect): string {
  const e = `CAST(${d.identifier('employees')} AS ${d.double})`;
  const r = `CAST(${d.identifier('annual_revenue')} AS ${d.double})`;
  const reaches = (t: { employees: number; revenue: number }) =>
    `COALESCE(${e} >= ${sqlNumber(t.employees)}, FALSE) OR COALESCE(${r} >= ${sqlNumber(t.revenue)}, FALSE)`;
  return `CASE WHEN ${e} IS NULL AND ${r} IS NULL THEN NULL WHEN ${reaches(rules.enterprise)} THEN 'Enterprise' WHEN ${reaches(rules.midMarket)} THEN 'Mid-Market' ELSE 'SMB' END`;
}

function industryPrioritySql(spec: ScoringSpec, d: SqlDialect): string {
  const pairs = Object.entries(spec.industryLift)
    .map(([industry, lift]) => [industry, industryPriorityOf(lift, spec.industryPriority)] as const)
    .filter((p): p is readonly [string, 'High' | 'Medium' | 'Low'] => p[1] !== null)
    .map(([industry, priority]) => [d.string(industry), d.string(priority)] as const);
  return caseOf(`CAST(${d.identifier('industry')} AS ${d.text})`, pairs);
}

function tierSql(rules: readonly TierRule[], d: SqlDialect): string {
  const engagement = `CAST(${d.identifier('engagement_score')} AS ${d.double})`;
  const whens = rules.slice(0, -1).map((rule) => {
    const needs =
      rule.minEngagement === undefined ? '' : ` AND ${engagement} >= ${sqlNumber(rule.minEngagement)}`;
    return `WHEN fit_score >= ${sqlNumber(rule.minScore)}${needs} THEN '${rule.tier}'`;
  });
  return `CASE WHEN fit_score IS NULL THEN NULL ${whens.join(' ')} ELSE '${(rules[rules.length - 1] as TierRule).tier}' END`;
}

/**
 * A frozen fit-score scale as a table `fit_scale(lo, hi, score)` (see `scoresOnScale`): each score from its start
 * up to the next one's (the last open-ended), joined on the probability of the fenced scored rows (a CASE of a
 * thousand branches, or a join on the model's expression, copies that expression and PostgreSQL's JIT then
 * compiles it for a minute).
 */
/**
 * The scored rows behind a window function, which planners compute before the rows above read them: the
 * probability is then a column, not its model expression copied into every reference.
 */
const FENCED_SCORED = '(SELECT s.*, COUNT(*) OVER () AS segment_rows FROM scored AS s)';

function fitScaleCte(scale: readonly FitScoreStep[], d: SqlDialect): string {
  const rows = scale.map((step, k) => {
    const next = scale[k + 1];
    const hi = next === undefined ? `CAST(NULL AS ${d.double})` : doubleLiteral(next.from, d);
    return [doubleLiteral(step.from, d), hi, doubleLiteral(step.score, d)] as const;
  });
  // An inline table: VALUES where the dialect has it (a UNION of a thousand SELECTs overflows some parsers).
  if (d.name === 'spark')
    return `fit_scale AS (SELECT inline(array(${rows.map(([lo, hi, score]) => `named_struct('lo', ${lo}, 'hi', ${hi}, 'score', ${score})`).join(', ')})))`;
  if (d.name === 'bigquery')
    return `fit_scale AS (SELECT * FROM UNNEST([${rows.map(([lo, hi, score]) => `STRUCT(${lo} AS lo, ${hi} AS hi, ${score} AS score)`).join(', ')}]))`;
  return `fit_scale AS (SELECT * FROM (VALUES ${rows.map((r) => `(${r.join(', ')})`).join(', ')}) AS v(lo, hi, score))`;
}

/** The study's mid-rank percentile of the probability, rounded to 0.1 (see `fitScores`). */
function fitScoreSql(d: SqlDialect): string {
  const start = `CAST(RANK() OVER (ORDER BY probability) - 1 AS ${d.double})`;
  const ties = `CAST(COUNT(*) OVER (PARTITION BY probability) AS ${d.double})`;
  const n = `CAST(COUNT(probability) OVER () AS ${d.double})`;
  const percentile = `((${start} + (${start} + ${ties} - 1)) / 2 / (${n} - 1)) * 100`;
  return `CASE WHEN probability IS NULL THEN NULL WHEN ${n} = 1 THEN 100.0 ELSE FLOOR(${percentile} * 10 + 0.5) / 10 END`;
}

/** CTEs giving one row `(v)` with the type-7 quantile of `column` over the rows of `from` where `where` holds. */
function quantileCtes(
  name: string,
  column: string,
  from: string,
  where: string,
  rule: ThresholdRule,
  d: SqlDialect,
): string[] {
  if ('value' in rule) return [`${name} AS (SELECT CAST(${sqlNumber(rule.value)} AS ${d.double}) AS v)`];
  const q = sqlNumber(rule.percentile);
  return [
    `${name}_ranked AS (SELECT ${column} AS v, CAST(ROW_NUMBER() OVER (ORDER BY ${column}) - 1 AS ${d.double}) AS i, CAST(COUNT(*) OVER () AS ${d.double}) AS n FROM ${from} WHERE ${where})`,
    `${name}_ends AS (SELECT MAX(CASE WHEN i = FLOOR((n - 1) * ${q}) THEN v END) AS lo, MAX(CASE WHEN i = CEIL((n - 1) * ${q}) THEN v END) AS hi, MAX((n - 1) * ${q} - FLOOR((n - 1) * ${q})) AS h FROM ${name}_ranked)`,
    `${name} AS (SELECT lo + h * (hi - lo) AS v FROM ${name}_ends)`,
  ];
}

function queueSql(routing: RoutingConfig, d: SqlDialect): string {
  const whens = routing.rules.map((rule) => {
    const conditions = Object.entries(rule.when).map(([field, value]) => {
      const allowed = (Array.isArray(value) ? value : [value]).map((v) => d.string(String(v)));
      return `CAST(${d.identifier(field)} AS ${d.text}) IN (${allowed.join(', ')})`;
    });
    return `WHEN ${conditions.join(' AND ')} THEN ${d.string(rule.queue)}`;
  });
  const otherwise = d.string(routing.default.queue);
  return whens.length === 0 ? otherwise : `CASE ${whens.join(' ')} ELSE ${otherwise} END`;
}

/**
 * The ROAD thresholds of an already scored table (columns `current_spend`, `opportunity`), computed exactly as
 * {@link studyToSql} computes them: one row `(spend_threshold, opportunity_threshold)`.
 *
 * @example
 * roadThresholdsSql(spec, 'scored'); // 'WITH scored_spend AS (…) … SELECT st.v AS spend_threshold, ot.v AS opportunity_threshold …'
 */
export function roadThresholdsSql(
  spec: ScoringSpec,
  table: string,
  dialect: SqlDialectName = 'duckdb',
): string {
  const d = sqlDialect(dialect);
  const spend = `COALESCE(CAST(${d.identifier('current_spend')} AS ${d.double}), 0.0)`;
  const ctes = [
    `amounts AS (SELECT ${spend} AS segment_spend, ${d.identifier('opportunity')} AS opportunity FROM ${table.split('.').map(d.identifier).join('.')})`,
    ...quantileCtes('spend_threshold', 'segment_spend', 'amounts', 'segment_spend > 0', spec.road.spend, d),
    ...quantileCtes(
      'opportunity_threshold',
      'opportunity',
      'amounts',
      'opportunity IS NOT NULL',
      spec.road.opportunity,
      d,
    ),
  ];
  return `WITH ${ctes.join(',\n')}\nSELECT st.v AS spend_threshold, ot.v AS opportunity_threshold FROM spend_threshold AS st CROSS JOIN opportunity_threshold AS ot`;
}

/** The columns of the input table the query reads (beyond those it carries). */
export function scoringInputColumns(spec: ScoringSpec): string[] {
  const needed = new Set<string>([
    'account_id',
    'employees',
    'annual_revenue',
    'industry',
    'current_spend',
    'is_customer',
  ]);
  const add = (c: string) => needed.add(DERIVED[c] ?? c);
  spec.lookalike.features.forEach(add);
  Object.keys(spec.lookalike.categorical).forEach(add);
  spec.clusters?.features.forEach(add);
  if (spec.tiers.some((t) => t.minEngagement !== undefined)) needed.add('engagement_score');
  for (const rule of spec.routing.rules)
    for (const field of Object.keys(rule.when))
      if (!(SCORING_COLUMNS as readonly string[]).includes(field)) add(field);
  return [...needed];
}

/**
 * A column the study derives from the table's own (`log10_employees`, `log10_revenue`) as a SQL expression, or
 * null for any other column.
 *
 * @example
 * derivedColumnSql('log10_employees', sqlDialect('duckdb')); // 'CASE WHEN CAST("employees" AS DOUBLE) > 0 THEN log10(…) ELSE NULL END'
 */
export function derivedColumnSql(name: string, d: SqlDialect): string | null {
  const source = DERIVED[name];
  if (source === undefined) return null;
  const value = `CAST(${d.identifier(source)} AS ${d.double})`;
  return `CASE WHEN ${value} > 0 THEN ${d.log10(value)} ELSE NULL END`;
}

function preparedCte(spec: ScoringSpec, table: string, d: SqlDialect): string {
  const derived = Object.keys(DERIVED).map(
    (name) => `${derivedColumnSql(name, d) as string} AS ${d.identifier(name)}`,
  );
  const carried = [...new Set([...spec.columns, ...scoringInputColumns(spec)])].map(
    (c) => `t.${d.identifier(c)}`,
  );
  return `prepared AS (SELECT ${[...carried, ...derived].join(', ')} FROM ${table} AS t)`;
}

function modelsCte(spec: ScoringSpec, d: SqlDialect): string {
  const distances = spec.clusters ? kmeansDistancesSql(spec.clusters, d) : [];
  const columns = [
    `${logisticPredictorSql(spec.lookalike, d)} AS segment_eta`,
    ...distances.map((x, c) => `${x} AS segment_d${c}`),
    `${sizeSegmentSql(spec.sizeSegments, d)} AS size_segment`,
    `${industryPrioritySql(spec, d)} AS industry_priority`,
    `${rawPotentialSql(spec.spend, d)} AS segment_potential`,
    `COALESCE(CAST(${d.identifier('current_spend')} AS ${d.double}), 0.0) AS segment_spend`,
  ];
  return `models AS (SELECT p.*,\n    ${columns.join(',\n    ')}\n  FROM prepared AS p)`;
}

/**
 * The study's scoring as one SELECT over the accounts table (columns named as in `segments.csv`), returning
 * `spec.columns` and {@link SCORING_COLUMNS}, one row per account, ordered by `account_id`.
 *
 * @example
 * studyToSql(await scoringSpecOfRun('out/2026-11'), { dialect: 'postgres', table: 'crm.accounts' });
 * // '-- segment study scoring …\nWITH prepared AS (…), … SELECT "account_id", …, "queue" FROM routed ORDER BY "account_id"'
 */
export function studyToSql(spec: ScoringSpec, options: StudySqlOptions = {}): string {
  const d = sqlDialect(options.dialect ?? 'duckdb');
  const table = (options.table ?? 'accounts').split('.').map(d.identifier).join('.');
  const distances = spec.clusters ? spec.clusters.centersFitted.map((_, c) => `segment_d${c}`) : [];
  const road = spec.frozen
    ? {
        spend: { value: spec.frozen.thresholds.spend_threshold },
        opportunity: { value: spec.frozen.thresholds.opportunity_threshold },
      }
    : spec.road;
  const ctes = [
    preparedCte(spec, table, d),
    modelsCte(spec, d),
    `scored AS (SELECT m.*, ${probabilitySql('m.segment_eta')} AS probability, ${distances.length > 0 ? nearestCentreSql(distances.map((c) => `m.${c}`)) : 'NULL'} AS cluster,
    CASE WHEN m.segment_potential IS NULL THEN NULL WHEN m.segment_potential >= m.segment_spend THEN m.segment_potential ELSE m.segment_spend END AS spend_potential
  FROM models AS m)`,
    ...(spec.frozen ? [fitScaleCte(spec.frozen.fitScores, d)] : []),
    `ranked AS (SELECT s.*, ${spec.frozen ? 'fs.score' : fitScoreSql(d)} AS fit_score, CASE WHEN s.spend_potential IS NULL THEN NULL ELSE s.spend_potential - s.segment_spend END AS whitespace FROM ${spec.frozen ? `${FENCED_SCORED} AS s LEFT JOIN fit_scale AS fs ON s.probability >= fs.lo AND (fs.hi IS NULL OR s.probability < fs.hi)` : 'scored AS s'})`,
    `tiered AS (SELECT r.*, ${tierSql(spec.tiers, d)} AS tier, r.probability * r.whitespace AS opportunity FROM ranked AS r)`,
    ...quantileCtes('spend_threshold', 'segment_spend', 'tiered', 'segment_spend > 0', road.spend, d),
    ...quantileCtes(
      'opportunity_threshold',
      'opportunity',
      'tiered',
      'opportunity IS NOT NULL',
      road.opportunity,
      d,
    ),
    `placed AS (SELECT t.*, ${caseOf(
      't.tier',
      spec.tiers.map((r) => [`'${r.tier}'`, doubleLiteral(r.monthlyTouches, d)]),
    )} AS monthly_touches,
    CASE WHEN t.opportunity IS NULL THEN NULL WHEN t.segment_spend >= st.v THEN (CASE WHEN t.opportunity >= ot.v THEN 'Develop' ELSE 'Retain' END) ELSE (CASE WHEN t.opportunity >= ot.v THEN 'Acquire' ELSE 'Opportunistic' END) END AS road_quadrant
  FROM tiered AS t CROSS JOIN spend_threshold AS st CROSS JOIN opportunity_threshold AS ot)`,
    `routed AS (SELECT p.*, CASE WHEN CAST(p.is_customer AS ${d.double}) = 1 AND p.road_quadrant IN ('Acquire', 'Opportunistic') THEN ${caseOf(
      'p.road_quadrant',
      (['Acquire', 'Opportunistic'] as const).map((q) => [`'${q}'`, d.string(CUSTOMER_MOTIONS[q])]),
    )} ELSE ${caseOf(
      'p.road_quadrant',
      ROAD_QUADRANTS.map((q) => [`'${q}'`, d.string(ROAD_MOTIONS[q])]),
    )} END AS motion FROM placed AS p)`,
  ];
  const output = [
    ...spec.columns.map((c) => d.identifier(c)),
    ...SCORING_COLUMNS.filter((c) => c !== 'queue').map((c) => d.identifier(c)),
    `${queueSql(spec.routing, d)} AS ${d.identifier('queue')}`,
  ];
  return [
    `-- segment study ${spec.frozen ? 'assignment (frozen scale and thresholds)' : 'scoring'} (segment ${sqlComment(spec.lookalike.version)}, dialect ${d.name}): one row per account of ${sqlComment(table)}`,
    `WITH ${ctes.join(',\n')}`,
    `SELECT ${output.join(', ')}`,
    `FROM routed${options.ordered === false ? '' : ` ORDER BY ${d.identifier('account_id')}`}`,
  ].join('\n');
}
