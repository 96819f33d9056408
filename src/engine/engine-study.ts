/**
 * `segment study --engine duckdb`: the study for account tables larger than memory. The accounts live in an on-disk
 * DuckDB database (memory limit, spilling to a temporary folder, every core); only what the models learn from comes
 * into JavaScript:
 *
 * 1. the table is read and checked (canonical columns, unique ids, `is_customer` as 1/0, true/false or yes/no);
 * 2. lift tables are SQL counts (the in-memory study's `liftTableOfCounts`);
 * 3. the models are fitted by the in-memory study's own steps on a frame of every customer plus — above
 *    `lookalike.sample.above` accounts — a seeded sample of non-customers (`caseControlRows`), the lookalike's
 *    intercept corrected by ln(fraction) (every account below that size, so the models are the in-memory ones);
 * 4. every account is scored in SQL (`studyToSql`) and the run folder's tables are written by DuckDB's COPY.
 *
 * The input is an **assembled** accounts table — one row per account with the columns of `segments.csv` up to
 * `is_customer` (what a warehouse holds after its own cleansing): exports from a CRM are cleansed, de-duplicated and
 * joined by the in-memory study, whose cleansing is not written in SQL.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DataError, UsageError, warning, type Warning } from '../core/errors.ts';
import { condenseWarnings } from '../core/condense-warnings.ts';
import { collectGarbage } from '../core/garbage.ts';
import { stopWorkers } from '../parallel/pool.ts';
import {
  JAVASCRIPT_WORK_MEMORY_LIMIT,
  sqlIdentifier,
  sqlString,
  withMemoryLimit,
  withSettings,
} from '../data/duckdb.ts';
import type { Frame } from '../data/frame.ts';
import { queryFrame } from '../data/load.ts';
import { sniffHeader } from '../data/csv-dialect.ts';
import {
  caseControlRows,
  correctIntercept,
  samplingNote,
  type CaseControlSampling,
} from '../models/case-control.ts';
import type { ColumnRoleRecord } from '../segment/column-roles.ts';
import { FIRMOGRAPHIC_COLUMNS } from '../segment/account-columns.ts';
import { FALSE_FLAGS, TRUE_FLAGS } from '../segment/inputs/deals.ts';
import { icpSummary, liftTableOfCounts, type LiftRow } from '../segment/icp-lift.ts';
import { ROAD_MOTIONS, ROAD_QUADRANTS } from '../segment/vocabulary.ts';
import { log10Column } from '../segment/assemble.ts';
import type { Progress } from '../study/runner.ts';
import { runSteps } from '../study/runner.ts';
import {
  assertNewRunFolder,
  buildManifest,
  runJson,
  writeRunFiles,
  writeRunFolder,
} from '../study/run-folder.ts';
import { artifactOf, tagWarnings, type StudyState } from '../study/step.ts';
import { personasStep, spendStep } from '../study/steps/index.ts';
import { lookalikeModel, missingCauses } from '../study/steps/lookalike.ts';
import { engagementWeights } from '../study/steps/engagement.ts';
import { engagementScores } from '../segment/engagement-score.ts';
import { writeSegmentsFiles, type WholeTableColumns } from './segments-table.ts';
import {
  icpCurves,
  mergesCsv,
  performanceCsv,
  quotasFile,
  scenariosFile,
  studyInputs,
  valueFile,
} from '../study/outputs.ts';
import { quotasStep } from '../study/steps/quotas.ts';
import { DUNS_HEADERS, hierarchyStep } from '../study/steps/hierarchy.ts';
import { scenariosStep } from '../study/steps/scenarios.ts';
import type { QuotaPlan } from '../segment/quotas.ts';
import { planCoverage } from '../study/steps/coverage.ts';
import { customersAsNewLogos } from '../study/steps/road.ts';
import type { RoadQuadrant } from '../segment/road.ts';
import { buildRunOutputs } from '../report/run-outputs.ts';
import { writeChanges } from '../study/changes.ts';
import { writeExtraOutputs } from '../report/extra-outputs.ts';
import type { PerformanceRow } from '../segment/performance.ts';
import { enginePerformance, performanceGather, readDeals } from './performance-table.ts';
import { valueColumnsTable } from './value-table.ts';
import type { StudyArtifacts, StudyConfig } from '../study/types.ts';
import { columnRoles } from '../segment/column-roles.ts';
import { assembleUniverseTable } from './assemble-table.ts';
import {
  derivedColumnSql,
  roadThresholdsSql,
  scoringInputColumns,
  sizeSegmentSql,
  studyToSql,
  type ScoringSpec,
} from './scoring-sql.ts';
import { sqlDialect, sqlNumber } from './sql-dialect.ts';
import type { LiftBand } from '../study/steps/lift.ts';

/** Options of {@link runEngineStudy}. */
export interface EngineStudyOptions {
  outDir: string;
  onProgress?: Progress;
  /** DuckDB's memory limit (DuckDB syntax). Default `1GB`: with the fitted sample the process stays under 2 GB. */
  memoryLimit?: string;
}

/** What {@link runEngineStudy} returns (the CLI prints it). */
export interface EngineStudyResult {
  outDir: string;
  warnings: Warning[];
  summary: { accounts: number; customers: number; cvAuc: number; quadrants: Record<string, number> };
}

/** Columns the table must have. */
const REQUIRED = [
  'account_id',
  'is_customer',
  'employees',
  'annual_revenue',
  'industry',
  'current_spend',
] as const;
/** Columns read as text whatever their values look like. */
const TEXT_COLUMNS = ['account_id', 'name', 'domain', 'industry', 'country', 'region'];
/** Text columns no model reads. */
const UNUSED_IN_FITS = ['account_id', 'name', 'domain'];
/** The study's own columns of an assembled universe that `segments.csv` carries as they are. */
const STUDY_COLUMNS = ['lapsed', 'won_deals', 'won_amount', 'open_pipeline'];
/** Derived by the study from employees and revenue; an input's own copy is ignored. */
const DERIVED = ['log10_employees', 'log10_revenue'];

const STEPS = 4;

/** `is_customer` as 1.0 / 0.0 from the ways tables write a flag (1/0, true/false, yes/no, any case); else NULL. */
const CUSTOMER_FLAG = (() => {
  const text = 'lower(trim(CAST(is_customer AS VARCHAR)))';
  const list = (flags: readonly string[]) => flags.map((f) => sqlString(f)).join(', ');
  return `CASE WHEN ${text} IN (${list([...TRUE_FLAGS, '1.0'])}) THEN 1.0 WHEN ${text} IN (${list([...FALSE_FLAGS, '0.0'])}) THEN 0.0 ELSE NULL END`;
})();
/** DuckDB's memory limit while JavaScript fits the models on the sample. */
const FITTING_MEMORY_LIMIT = '256MB';
/** DuckDB's memory limit while JavaScript writes the run folder. */
const WRITING_MEMORY_LIMIT = '384MB';

/** DuckDB's memory while every account is scored (its sorts spill): the universe's columns ride along. */
const SCORING_MEMORY_LIMIT = '448MB';

/** DuckDB's memory while the charts and the report are made (their own DuckDB digests segments.csv). */
const REPORT_MEMORY_LIMIT = '128MB';

async function openDatabase(folder: string, memoryLimit: string) {
  const instance = await DuckDBInstance.create(join(folder, 'study.duckdb'), {
    memory_limit: memoryLimit,
    temp_directory: join(folder, 'spill'),
    preserve_insertion_order: 'true',
  });
  return { instance, connection: await instance.connect() };
}

/**
 * The table's column names as the study reads them: a header written all in capitals is a warehouse unload (Snowflake
 * folds unquoted identifiers to upper case: ACCOUNT_ID, IS_CUSTOMER), whose columns are the same columns in lower
 * case. A header that mixes cases is read as written (an "ARR" beside "account_id" stays "ARR").
 *
 * @example
 * studyColumnNames(['ACCOUNT_ID', 'IS_CUSTOMER']); // ['account_id', 'is_customer']
 * studyColumnNames(['account_id', 'ARR']);         // ['account_id', 'ARR']
 */
export function studyColumnNames(columns: readonly string[]): string[] {
  const unload = columns.every((c) => c === c.toUpperCase()) && columns.some((c) => c !== c.toLowerCase());
  return unload ? columns.map((c) => c.toLowerCase()) : [...columns];
}

async function tableSource(path: string): Promise<string> {
  if (/\.parquet$/i.test(path)) return `read_parquet(${sqlString(path)})`;
  if (!/\.(csv|tsv|txt)(\.gz)?$/i.test(path))
    throw new DataError('the duckdb engine reads a CSV or Parquet accounts table', { file: path });
  const { columns } = await sniffHeader(path);
  const names = studyColumnNames(columns);
  const types = columns
    .filter((_, j) => TEXT_COLUMNS.includes(names[j] as string))
    .map((c) => `${sqlString(c)}: 'VARCHAR'`);
  // \N is how Snowflake and MySQL unloads write NULL by default (an empty field stays NULL too).
  return `read_csv(${sqlString(path)}, header = true, nullstr = ['', '\\N']${types.length > 0 ? `, types = {${types.join(', ')}}` : ''})`;
}

/** The table's columns under their study names (`SELECT "ACCOUNT_ID" AS account_id, …` for an unload). */
async function renamedSource(connection: DuckDBConnection, path: string): Promise<string> {
  const source = await tableSource(path);
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
  const columns = described.getRows().map((r) => String(r[0]));
  const names = studyColumnNames(columns);
  const list = columns.map((column, j) =>
    column === names[j]
      ? sqlIdentifier(column)
      : `${sqlIdentifier(column)} AS ${sqlIdentifier(names[j] as string)}`,
  );
  return `(SELECT ${list.join(', ')} FROM ${source})`;
}

/** Loads the accounts table into the database and checks what the study relies on. */
async function loadAccounts(
  connection: DuckDBConnection,
  path: string,
): Promise<{ accounts: number; customers: number }> {
  try {
    await connection.run(`CREATE TABLE source AS SELECT * FROM ${await renamedSource(connection, path)}`);
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(
      `cannot read the accounts table: ${String((error as Error).message).split('\n')[0]}`,
      { file: path },
    );
  }
  const columns = (await connection.runAndReadAll('DESCRIBE source')).getRows().map((r) => String(r[0]));
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0)
    throw new DataError(
      `the duckdb engine reads an assembled accounts table and this one lacks ${missing.join(', ')} (it has ${columns.slice(0, 12).join(', ')}${columns.length > 12 ? ', …' : ''}); give it the columns of segments.csv up to is_customer, or run the study in memory to cleanse CRM exports`,
      { file: path },
    );
  const bad = (
    await connection.runAndReadAll(
      `SELECT rowid + 2, is_customer FROM source WHERE (${CUSTOMER_FLAG}) IS NULL LIMIT 1`,
    )
  ).getRows()[0];
  if (bad !== undefined)
    throw new DataError(
      `is_customer is "${String(bad[1])}"; it must be 1 (customer) or 0 (true/false and yes/no are read too)`,
      { file: path, line: Number(bad[0]), column: 'is_customer' },
    );
  const kept = columns
    .filter((c) => !DERIVED.includes(c))
    .map((c) => (c === 'is_customer' ? `${CUSTOMER_FLAG} AS is_customer` : sqlIdentifier(c)));
  await connection.run(`CREATE TABLE accounts AS SELECT ${kept.join(', ')} FROM source; DROP TABLE source`);
  const duplicate = (
    await connection.runAndReadAll(
      'SELECT account_id, COUNT(*) FROM accounts GROUP BY account_id HAVING COUNT(*) > 1 LIMIT 1',
    )
  ).getRows()[0];
  if (duplicate !== undefined)
    throw new DataError(
      `account_id "${String(duplicate[0])}" appears ${String(duplicate[1])} times; the table needs one row per account`,
      {
        file: path,
        column: 'account_id',
      },
    );
  const [n, customers] = (
    await connection.runAndReadAll('SELECT COUNT(*), SUM(CAST(is_customer AS DOUBLE)) FROM accounts')
  ).getRows()[0] as [bigint, number];
  return { accounts: Number(n), customers: Number(customers) };
}

/** Accounts and customers per value of an SQL expression over the accounts (NULL left out). */
async function valueCounts(connection: DuckDBConnection, value: string) {
  const rows = (
    await connection.runAndReadAll(
      `SELECT v, COUNT(*), SUM(c) FROM (SELECT ${value} AS v, CASE WHEN CAST(is_customer AS DOUBLE) = 1 THEN 1 ELSE 0 END AS c FROM accounts) WHERE v IS NOT NULL GROUP BY v ORDER BY v`,
    )
  ).getRows();
  return new Map(rows.map((r) => [String(r[0]), { accounts: Number(r[1]), customers: Number(r[2]) }]));
}

/** A lift band's label of a row, as the in-memory `bandLabels` gives it (below the first edge: the first label). */
function bandSql(band: LiftBand): string {
  const value = `CAST(${sqlIdentifier(band.column)} AS DOUBLE)`;
  const whens = band.edges
    .map((edge, k) => [edge, band.labels[k] as string] as const)
    .slice(1)
    .reverse()
    .map(([edge, label]) => `WHEN ${value} >= ${sqlNumber(edge)} THEN ${sqlString(label)}`);
  return `CASE WHEN ${value} IS NULL OR isnan(${value}) THEN NULL ${whens.join(' ')} ELSE ${sqlString(band.labels[0] as string)} END`;
}

/** The lift tables from SQL counts (size segment by the study's rules, other attributes as text). */
async function liftTables(connection: DuckDBConnection, config: StudyConfig, columns: ReadonlySet<string>) {
  const tables: LiftRow[][] = [];
  const skipped: string[] = [];
  for (const attribute of config.lift.attributes) {
    if (attribute !== 'size_segment' && !columns.has(attribute)) {
      skipped.push(attribute);
      continue;
    }
    const value =
      attribute === 'size_segment'
        ? sizeSegmentSql(config.sizeSegments, sqlDialect('duckdb'))
        : `CAST(${sqlIdentifier(attribute)} AS VARCHAR)`;
    const rows = (
      await connection.runAndReadAll(
        `SELECT v, COUNT(*), SUM(c) FROM (SELECT ${value} AS v, CASE WHEN CAST(is_customer AS DOUBLE) = 1 THEN 1 ELSE 0 END AS c FROM accounts) WHERE v IS NOT NULL GROUP BY v ORDER BY v`,
      )
    ).getRows();
    const counts = new Map(
      rows.map((r) => [String(r[0]), { accounts: Number(r[1]), customers: Number(r[2]) }]),
    );
    tables.push(liftTableOfCounts(attribute, counts));
  }
  for (const band of config.lift.bands) {
    if (!columns.has(band.column)) {
      skipped.push(band.column);
      continue;
    }
    tables.push(liftTableOfCounts(band.name, await valueCounts(connection, bandSql(band))));
  }
  const industry = tables.find((t) => t[0]?.attribute === 'industry') ?? [];
  return {
    tables,
    icp: icpSummary(tables),
    industryLift: new Map(industry.map((r) => [r.value, r.lift])),
    warnings:
      skipped.length === 0
        ? []
        : [
            warning(
              'lift-column-absent',
              `no lift table for ${skipped.join(', ')} (absent, or a band, which the duckdb engine does not compute)`,
            ),
          ],
  };
}

/** Every account below the sampling size; above it every customer and a seeded sample of non-customers. */
async function fitFrame(
  connection: DuckDBConnection,
  stats: { accounts: number },
  config: StudyConfig,
  columns: ReadonlySet<string>,
): Promise<{ frame: Frame; sampling: CaseControlSampling | null }> {
  const text = { textColumns: TEXT_COLUMNS };
  // Names and ids are never features (see features.ts): they stay in DuckDB, and so does every text column the
  // models cannot read — the fits read numbers, industry and region, and the columns the config names.
  const described = (await connection.runAndReadAll('DESCRIBE accounts')).getRows();
  const textColumns = new Set(described.filter((r) => r[1] === 'VARCHAR').map((r) => String(r[0])));
  const named = new Set([
    'industry',
    'region',
    ...(config.lookalike.features ?? []),
    ...(config.lookalike.categorical ?? []),
    ...(config.clusters.features ?? []),
  ]);
  const select = [...columns]
    .filter((c) => !UNUSED_IN_FITS.includes(c) && (!textColumns.has(c) || named.has(c)))
    .map((c) => `a.${sqlIdentifier(c)}`);
  if (stats.accounts <= config.lookalike.sample.above)
    return {
      frame: await queryFrame(
        connection,
        `(SELECT ${select.join(', ')} FROM accounts AS a ORDER BY a.rowid) AS a`,
        text,
      ),
      sampling: null,
    };
  const y = (
    await queryFrame(
      connection,
      '(SELECT CAST(is_customer AS DOUBLE) AS y FROM accounts ORDER BY rowid) AS a',
    )
  ).numbers('y');
  const { rows, sampling } = caseControlRows(y, config.lookalike.sample.nonCustomers, config.seed);
  await connection.run('CREATE TABLE fit_rows (r BIGINT)');
  const appender = await connection.createAppender('fit_rows');
  for (const row of rows) {
    appender.appendBigInt(BigInt(row));
    appender.endRow();
  }
  appender.closeSync();
  const source = `(SELECT ${select.join(', ')} FROM accounts AS a WHERE a.rowid IN (SELECT r FROM fit_rows) ORDER BY a.rowid) AS a`;
  return { frame: await queryFrame(connection, source, text), sampling };
}

/** The models, fitted by the in-memory study's steps on the fit frame (lift from SQL counts). */
async function fitModels(
  connection: DuckDBConnection,
  config: StudyConfig,
  stats: { accounts: number },
  columns: ReadonlySet<string>,
  assemble: StudyArtifacts['assemble'] | null,
) {
  const { frame: raw, sampling } = await fitFrame(connection, stats, config, columns);
  const frame = raw
    .withColumn('log10_employees', log10Column(raw.numbers('employees')))
    .withColumn('log10_revenue', log10Column(raw.numbers('annual_revenue')));
  const { warnings: liftWarnings, ...lift } = await liftTables(connection, config, columns);
  // The fit frame is already the sample: the lookalike step must not sample it again.
  const stepConfig: StudyConfig =
    sampling === null
      ? config
      : {
          ...config,
          lookalike: {
            ...config.lookalike,
            sample: { ...config.lookalike.sample, above: Number.MAX_SAFE_INTEGER },
          },
        };
  // The fits are JavaScript's alone (the sample's copies and design matrices): DuckDB's cache gives way meanwhile.
  const { lookalike, state } = await withMemoryLimit(connection, JAVASCRIPT_WORK_MEMORY_LIMIT, async () => {
    const lookalike = lookalikeModel(frame, stepConfig, assemble ?? {});
    const artifacts = assemble === null ? { lift } : { lift, assemble };
    const start: StudyState = { config: stepConfig, frame, artifacts, warnings: [], timings: {} };
    const state = await runSteps(stepConfig, { steps: [personasStep, spendStep], from: start });
    return { lookalike, state };
  });
  const model =
    sampling === null ? lookalike.artifact.model : correctIntercept(lookalike.artifact.model, sampling);
  const notes = sampling === null ? [] : [warning('fit-on-sample', samplingNote(stats.accounts, sampling))];
  // Only the artifacts leave: the fit frame (a million rows at scale) is released before the scoring.
  return {
    personas: artifactOf(state, 'personas', 'engine'),
    spend: artifactOf(state, 'spend', 'engine'),
    lift,
    lookalike: { ...lookalike.artifact, model, sampling },
    // Below the sampling size the fit frame is every account; above it, what the steps say is about the sample.
    warnings: [
      ...tagWarnings('lift', liftWarnings),
      ...tagWarnings('lookalike', condenseWarnings([...notes, ...lookalike.warnings])),
      ...(sampling === null ? state.warnings : tagWarnings('on the fit sample', state.warnings)),
    ],
  };
}

type Fitted = Awaited<ReturnType<typeof fitModels>>;

function scoringSpec(fitted: Fitted, config: StudyConfig, columns: ReadonlySet<string>): ScoringSpec {
  const spec = {
    lookalike: fitted.lookalike.model.toJSON(),
    clusters: fitted.personas.model.toJSON(),
    spend: fitted.spend.model.toJSON(),
    industryLift: Object.fromEntries(fitted.lift.industryLift),
    tiers: config.tiers,
    sizeSegments: config.sizeSegments,
    industryPriority: config.industryPriority,
    road: config.road,
    routing: config.routing,
  };
  const firmographics = FIRMOGRAPHIC_COLUMNS.map((c) => c.name);
  const carried = [
    ...firmographics,
    ...scoringInputColumns({ ...spec, columns: [] }),
    ...STUDY_COLUMNS,
  ].filter((c) => columns.has(c));
  return { ...spec, columns: [...new Set(carried)] };
}

/** Thresholds and totals per quadrant of the scored table (as `road.json`). */
async function roadSummary(connection: DuckDBConnection, spec: ScoringSpec) {
  const [spend, opportunity] = (
    await connection.runAndReadAll(roadThresholdsSql(spec, 'scored'))
  ).getRows()[0] as [number, number];
  const rows = (
    await connection.runAndReadAll(
      // Summed in the accounts' order, as the in-memory study sums them (and the same on every run).
      `SELECT road_quadrant, COUNT(*), ${['current_spend', 'spend_potential', 'whitespace', 'opportunity'].map((c) => `COALESCE(SUM(${c} ORDER BY __row), 0)`).join(', ')} FROM scored WHERE road_quadrant IS NOT NULL GROUP BY road_quadrant`,
    )
  ).getRows();
  const byQuadrant = new Map(rows.map((r) => [String(r[0]), r]));
  const totals = ROAD_QUADRANTS.map((quadrant) => {
    const r = byQuadrant.get(quadrant);
    return {
      quadrant,
      motion: ROAD_MOTIONS[quadrant],
      accounts: Number(r?.[1] ?? 0),
      spend: Number(r?.[2] ?? 0),
      potential: Number(r?.[3] ?? 0),
      whitespace: Number(r?.[4] ?? 0),
      opportunity: Number(r?.[5] ?? 0),
    };
  });
  return {
    thresholds: { spend_threshold: Number(spend), opportunity_threshold: Number(opportunity) },
    totals,
    whitespaceByMotion: null, // the engine reads no product lines
  };
}

/**
 * Table `segments_all`: every universe column, the scoring's columns, log sizes the table lacks (computed as the
 * scoring does) and `engagement_score`, one row per account in the universe's order. The scored table carries
 * the universe's columns and row (`__row`), so only the small engagement and value tables are joined.
 */
async function segmentsTable(connection: DuckDBConnection, memoryLimit: string): Promise<void> {
  const d = sqlDialect('duckdb');
  const scored = (await connection.runAndReadAll('DESCRIBE scored')).getRows().map((r) => String(r[0]));
  const derived = ['log10_employees', 'log10_revenue'].filter((c) => !scored.includes(c));
  const value = ['p_alive', 'expected_purchases', 'expected_value', 'renewal_risk'].map((c) => `, v.${c}`);
  // Every account's wide row sorted back into the universe's order: more than the writing share of memory needs
  // (10M accounts failed to pin a block at 384 MB), so DuckDB gets the study's limit and one thread (each thread
  // sorts with blocks of its own) — JavaScript holds little until the first pass.
  const settings = { memory_limit: memoryLimit, threads: '1' };
  await withSettings(connection, settings, () =>
    connection.run(
      `CREATE TABLE segments_all AS SELECT s.* EXCLUDE (__row)${derived.map((c) => `, ${derivedColumnSql(c, d) as string} AS ${sqlIdentifier(c)}`).join('')}, e.engagement_score${value.join('')}
      FROM scored AS s LEFT JOIN engagement_scores AS e ON e.row = s.__row LEFT JOIN value_columns AS v ON v.row = s.__row
      ORDER BY s.__row`,
    ),
  );
}

/**
 * The scoring of every account into table `scored`, carrying all of the universe's columns and its row.
 *
 * @example
 * await scoreAccounts(connection, spec); // table scored: account_id, …, probability, …, queue, __row
 */
async function scoreAccounts(connection: DuckDBConnection, spec: ScoringSpec): Promise<void> {
  const accounts = (await connection.runAndReadAll('DESCRIBE accounts')).getRows().map((r) => String(r[0]));
  const columns = [...new Set([...spec.columns, ...accounts, '__row'])];
  await connection.run('CREATE VIEW accounts_rows AS SELECT *, rowid AS __row FROM accounts');
  await connection.run(
    `CREATE TABLE scored AS ${studyToSql({ ...spec, columns }, { table: 'accounts_rows', ordered: false })}`,
  );
}

/** The gains table, ROC curve and calibration of the lookalike over every account (`icp.json`). */
async function curves(connection: DuckDBConnection) {
  const scored = await queryFrame(
    connection,
    '(SELECT CAST(is_customer AS DOUBLE) AS y, probability FROM segments_all ORDER BY rowid) AS c',
  );
  return icpCurves(scored.numbers('y'), scored.numbers('probability'));
}

/**
 * Table `engagement_scores` (row, engagement_score) of the accounts with engagement, by the in-memory
 * `engagementScores` on them alone (its ranks and percentiles are over those accounts).
 */
async function engagementScoresTable(
  connection: DuckDBConnection,
  config: StudyConfig,
  signals: readonly string[],
): Promise<void> {
  await connection.run('CREATE TABLE engagement_scores (row BIGINT, engagement_score DOUBLE)');
  const weights = engagementWeights(config, signals, (c) => signals.includes(c));
  const columns = (await connection.runAndReadAll('DESCRIBE accounts')).getRows().map((r) => String(r[0]));
  if (Object.keys(weights).length === 0 || !columns.includes('has_engagement')) return;
  const list = Object.keys(weights).map((c) => sqlIdentifier(c));
  const engaged = await queryFrame(
    connection,
    `(SELECT rowid AS row, ${list.join(', ')}, engagement_recency_days FROM accounts WHERE has_engagement = 1 ORDER BY rowid) AS e`,
  );
  const scores = engagementScores(
    Object.fromEntries(Object.keys(weights).map((c) => [c, engaged.numbers(c)])),
    new Float64Array(engaged.numRows).fill(1),
    engaged.numbers('engagement_recency_days'),
    { weights, halfLifeDays: config.engagementScore.halfLifeDays },
  );
  const table = await connection.createAppender('engagement_scores');
  const rows = engaged.numbers('row');
  scores.forEach((score, i) => {
    table.appendBigInt(BigInt(rows[i] as number));
    if (Number.isNaN(score)) table.appendNull();
    else table.appendDouble(score);
    table.endRow();
  });
  table.closeSync();
}

/** The columns the hierarchy step reads beyond the gathered ones: ids, names, domains, the parent and D-U-N-S. */
function hierarchyColumns(config: StudyConfig): string[] {
  const { parentColumn } = config.hierarchy;
  return parentColumn === null ? [] : ['account_id', 'name', 'domain', parentColumn, ...DUNS_HEADERS];
}

/**
 * The account families of `hierarchy.parentColumn` (`ultimate_parent_id`, the `family_*` roll-ups, the artifact and
 * warnings) by the in-memory step on the gathered columns, or null without a parent column.
 */
function familiesOf(frame: Frame, config: StudyConfig) {
  if (config.hierarchy.parentColumn === null) return null;
  const state: StudyState = { config, frame, artifacts: { road: ROAD_DONE }, warnings: [], timings: {} };
  const result = hierarchyStep.run(state) as Awaited<ReturnType<typeof hierarchyStep.run>>;
  const columns = result.columns as { ultimate_parent_id: string[] } & Record<
    string,
    Float64Array | string[]
  >;
  return { columns, artifact: result.artifact, warnings: result.warnings ?? [] };
}

/** What the hierarchy step checks the road step left (the engine's quadrants are the scoring's). */
const ROAD_DONE = { thresholds: { spend_threshold: 0, opportunity_threshold: 0 }, totals: [] };

/**
 * The quotas (`quotas.csv`) and the coverage scenarios (`scenarios.csv`) the config asks, by the in-memory steps on
 * the gathered columns, each account's owner and the coverage plan; nulls without them.
 */
async function quotasAndScenarios(
  gathered: Frame,
  config: StudyConfig,
  coverage: Awaited<ReturnType<typeof planCoverage>>,
) {
  if (config.quotas === null && config.scenarios.length === 0)
    return { quotas: null, scenarios: null, planningWarnings: [] };
  const frame = gathered.withColumn('owner', coverage.columns.owner);
  const state: StudyState = {
    config,
    frame,
    artifacts: { coverage: coverage.artifact },
    warnings: [],
    timings: {},
  };
  const quotas = await quotasStep.run(state);
  const withQuotas = { ...state, artifacts: { ...state.artifacts, quotas: quotas.artifact } };
  const scenarios = await scenariosStep.run(withQuotas);
  return {
    quotas: quotas.artifact,
    scenarios: scenarios.artifact,
    planningWarnings: [
      ...tagWarnings('quotas', condenseWarnings(quotas.warnings ?? [])),
      ...tagWarnings('scenarios', condenseWarnings(scenarios.warnings ?? [])),
    ],
  };
}

/**
 * The columns made from every account at once — coverage's owner and the performance rows — from what the run
 * folder's first pass gathers: the in-memory steps' code on the few columns they read.
 */
async function wholeTableColumns(connection: DuckDBConnection, config: StudyConfig) {
  const described = (await connection.runAndReadAll('DESCRIBE segments_all')).getRows();
  const types = new Map(described.map((r) => [String(r[0]), String(r[1])]));
  const { currentOwner, locked, groupBy, workload } = config.territories;
  // Quotas measure their realization on the previous run's accounts unless the config sets it.
  const quotasNeedHistory = config.quotas?.realization === null && config.previousRun !== null;
  const named = [
    typeof currentOwner === 'object' && currentOwner !== null ? currentOwner.column : null,
    locked.column,
    groupBy,
    locked.accounts.length > 0 || locked.column !== null || currentOwner === 'previousRun'
      ? 'account_id'
      : null,
    config.hierarchy.keepFamiliesTogether ? 'ultimate_parent_id' : null,
    quotasNeedHistory ? 'account_id' : null,
    ...hierarchyColumns(config),
  ].filter((c, i, all): c is string => c !== null && types.has(c) && all.indexOf(c) === i);
  const performanceColumns = performanceGather(config, types);
  let made:
    | ({
        road: Warning[];
        families: ReturnType<typeof familiesOf>;
        coverage: Awaited<ReturnType<typeof planCoverage>>;
        performance: PerformanceRow[];
      } & Awaited<ReturnType<typeof quotasAndScenarios>>)
    | null = null;
  const columns: WholeTableColumns = {
    gather: {
      text: ['road_quadrant', 'size_segment', ...named],
      codes: performanceColumns.codes,
      flags: [...(performanceColumns.flags ?? []), ...(types.has('lapsed') ? ['lapsed'] : [])],
      numbers: [
        ...performanceColumns.numbers,
        ...(workload === 'touches' ? ['monthly_touches'] : []),
        ...(quotasNeedHistory ? ['won_amount'] : []),
        ...(config.hierarchy.parentColumn === null ? [] : ['spend_potential', 'whitespace']),
      ],
    },
    columns: (gather, opportunity, queues) =>
      // JavaScript plans on every account's columns: DuckDB's cache gives way meanwhile.
      withMemoryLimit(connection, JAVASCRIPT_WORK_MEMORY_LIMIT, async () => {
        // One step after the other, each column let go once its last reader is done: 10M accounts never hold
        // the performance inputs and the territory plan at once.
        const road = customersAsNewLogos(
          {
            isCustomer: gather.flags('is_customer'),
            spend: gather.numbers('current_spend'),
            lapsed: gather.has('lapsed') ? gather.flags('lapsed') : null,
          },
          gather.frame().strings('road_quadrant') as (RoadQuadrant | null)[],
        );
        const queueNames = queues.map((q) => q.queue);
        const performance = enginePerformance(gather, await readDeals(connection), config, queueNames);
        gather.release({
          codes: performanceColumns.codes,
          flags: ['is_customer', 'lapsed'],
          numbers: ['fit_score'],
        });
        // Now, not when the heap next fills: the released columns and the deals are ~0.5 GB of array buffers at
        // 10M, which planning would otherwise hold beside its own (measured: a 2.16 GB peak there without it).
        collectGarbage();
        const families = familiesOf(gather.frame({ opportunity }), config);
        const withFamilies = (frame: Frame) =>
          families === null
            ? frame
            : frame.withColumn('ultimate_parent_id', families.columns.ultimate_parent_id);
        const coverage = await planCoverage(withFamilies(gather.frame({ opportunity })), config);
        const planning = await quotasAndScenarios(gather.frame({ opportunity }), config, coverage);
        made = { road, families, coverage, performance, ...planning };
        return { ...families?.columns, ...coverage.columns };
      }),
  };
  return {
    columns,
    made: () => {
      if (made === null) throw new UsageError('the run folder was written without coverage and performance');
      return made;
    },
  };
}

/**
 * `study.json`, and for raw inputs `data-quality.json` and `merges.csv`: an assembled table has its one input and
 * the warnings (no cleanse, so no data quality; its money as given).
 */
function universeFiles(
  config: StudyConfig,
  universe: StudyArtifacts['assemble'] | null,
  accounts: number,
  warnings: Warning[],
  quotas: QuotaPlan | null,
): Record<string, string> {
  const planned =
    config.quotas === null || quotas === null
      ? {}
      : { quotas: config.quotas, quotaRealization: quotas.realization };
  if (universe === null) {
    const input = {
      role: 'accounts' as const,
      file: basename(config.inputs.accounts),
      rows: accounts,
      matched: null,
    };
    return runJson('study', { name: config.name, inputs: [input], warnings, ...planned });
  }
  return {
    ...runJson('quality', universe.quality),
    'merges.csv': mergesCsv(universe.quality),
    ...runJson('study', {
      name: config.name,
      inputs: studyInputs(config.inputs, universe.stats),
      warnings,
      ...planned,
      money: universe.money,
    }),
  };
}

/**
 * Table `segments_all` (with the engagement score and the customer-value columns); returns the value step's
 * artifact and warnings.
 */
async function accountsTable(
  connection: DuckDBConnection,
  config: StudyConfig,
  universe: StudyArtifacts['assemble'] | null,
  memoryLimit: string,
) {
  // The engagement ranks and the customer-value fits are JavaScript's: DuckDB's cache gives way meanwhile.
  const value = await withMemoryLimit(connection, JAVASCRIPT_WORK_MEMORY_LIMIT, async () => {
    await engagementScoresTable(connection, config, universe?.engagementSignals ?? []);
    return valueColumnsTable(connection, config, universe);
  });
  await segmentsTable(connection, memoryLimit);
  return value;
}

/** `segments.csv` and `crm-export.csv` of table `segments_all`, and the whole-table columns made on the way. */
async function writeSegments(
  connection: DuckDBConnection,
  fitted: Fitted,
  dir: string,
  context: {
    config: StudyConfig;
    roles: Readonly<Record<string, ColumnRoleRecord>>;
    whole: WholeTableColumns;
  },
) {
  const { config, roles } = context;
  const features = [...fitted.lookalike.fit.features, ...fitted.personas.model.toJSON().features];
  // The passes over every row read 50,000 rows at a time: DuckDB's cache gives way to the gathered columns.
  return withMemoryLimit(connection, JAVASCRIPT_WORK_MEMORY_LIMIT, () =>
    writeSegmentsFiles(
      connection,
      'segments_all',
      {
        lookalike: fitted.lookalike.model,
        missingCauses: missingCauses(fitted.lookalike.fit.features, roles, config),
        spend: fitted.spend.model,
        features,
      },
      { dir, crm: config.crm, routing: config.routing },
      context.whole,
    ),
  );
}

async function writeFolder(
  temp: string,
  connection: DuckDBConnection,
  fitted: Fitted,
  spec: ScoringSpec,
  context: {
    config: StudyConfig;
    universe: StudyArtifacts['assemble'] | null;
    warnings: readonly Warning[];
    accounts: number;
    /** DuckDB's limit for the one statement that needs the study's (`--memory-limit`). */
    memoryLimit: string;
  },
) {
  const { config, universe } = context;
  const roles = universe?.roles ?? {};
  const value = await accountsTable(connection, config, universe, context.memoryLimit);
  const whole = await wholeTableColumns(connection, config);
  const { written, scoringWarnings, queues } = await writeSegments(connection, fitted, temp, {
    config,
    roles,
    whole: whole.columns,
  });
  const made = whole.made();
  const { road: roadWarnings, families, coverage, performance, quotas, scenarios, planningWarnings } = made;
  // The scoring's warning after the lookalike's others, and the value step's last, as the in-memory steps give them.
  const studyWarnings = [...context.warnings];
  const lastLookalike = studyWarnings.findLastIndex((w) => w.message.startsWith('lookalike: '));
  studyWarnings.splice(lastLookalike + 1, 0, ...tagWarnings('lookalike', scoringWarnings));
  studyWarnings.push(
    ...value.warnings,
    ...tagWarnings('road', roadWarnings),
    ...tagWarnings('hierarchy', condenseWarnings(families?.warnings ?? [])),
    ...tagWarnings('coverage', condenseWarnings(coverage.warnings)),
    ...planningWarnings,
  );
  const road = await roadSummary(connection, spec);
  const personas = fitted.personas;
  const cv = fitted.lookalike.crossValidation;
  Object.assign(
    written,
    await writeRunFiles(temp, {
      ...runJson('lookalike', {
        ...spec.lookalike,
        ...(fitted.lookalike.sampling ? { sampling: fitted.lookalike.sampling } : {}),
      }),
      ...runJson('clusters', {
        ...personas.model.toJSON(),
        profiles: personas.profiles,
        elbow: personas.elbow,
      }),
      ...runJson('spend', spec.spend),
      ...runJson('icp', {
        summary: fitted.lift.icp,
        lift: fitted.lift.tables,
        crossValidation: { folds: cv.folds, auc: cv.auc, logLoss: cv.logLoss },
        ...(await curves(connection)),
        coefficients: fitted.lookalike.model.coefficientTable(),
      }),
      ...runJson('road', road),
      ...runJson('routing', { rules: config.routing, queues }),
      ...runJson('coverage', { ...coverage.artifact, hierarchy: families?.artifact ?? null }),
      'performance.csv': performanceCsv(performance),
      ...quotasFile(quotas),
      ...scenariosFile(scenarios),
      ...universeFiles(config, universe, context.accounts, studyWarnings, quotas),
      ...valueFile(value.artifact),
    }),
  );
  return { written, road, warnings: studyWarnings };
}

/** A step's work, timed and announced (see `runEngineStudy`). */
type Timed = <T>(step: number, label: string, work: () => Promise<T>) => Promise<T>;

/** A {@link Timed} that announces each step and records its seconds in `timings`. */
function timerOf(onProgress: Progress | undefined, timings: Record<string, number>): Timed {
  return async (step, label, work) => {
    onProgress?.(step, STEPS, label);
    const t = performance.now();
    const result = await work();
    timings[label] = (performance.now() - t) / 1000;
    return result;
  };
}

/** The universe in table `accounts`: the raw inputs assembled, or an assembled table loaded and checked. */
async function universeOf(connection: DuckDBConnection, config: StudyConfig, timed: Timed) {
  const assembled = await isAssembledTable(connection, config);
  const universe = assembled
    ? null
    : await timed(1, 'read, cleanse and join the inputs', () => assembleInputs(connection, config));
  const stats =
    universe?.stats ??
    (await timed(1, 'load and check the accounts table', () =>
      loadAccounts(connection, config.inputs.accounts),
    ));
  return { universe, stats };
}

/**
 * The models, fitted with DuckDB at a small share of memory (JavaScript holds the fit sample), then the sample and
 * the worker threads' shared arrays let go before the scoring.
 */
async function fittingPhase(...args: Parameters<typeof fitModels>) {
  await args[0].run(`SET memory_limit = ${sqlString(FITTING_MEMORY_LIMIT)}`);
  const fitted = await fitModels(...args);
  stopWorkers(); // the fits' shared arrays, which the worker threads hold until they stop
  collectGarbage(); // the fit sample
  return fitted;
}

/**
 * Runs the study in DuckDB over an assembled accounts table and writes its run folder: `segments.csv`,
 * `crm-export.csv`, `models/*.json`, `icp.json`, `road.json` and `manifest.json` (with `"engine": "duckdb"`).
 *
 * @example
 * await runEngineStudy(config, { outDir: 'out/market-10m' }); // config.inputs.accounts = 'market.parquet'
 */
export async function runEngineStudy(
  config: StudyConfig,
  options: EngineStudyOptions,
): Promise<EngineStudyResult> {
  const started = Date.now();
  await assertNewRunFolder(options.outDir);
  checkEngineConfig(config);
  const folder = await mkdtemp(join(tmpdir(), 'segment-engine-'));
  const timings: Record<string, number> = {};
  const timed = timerOf(options.onProgress, timings);
  const memoryLimit = options.memoryLimit ?? '640MB';
  const { instance, connection } = await openDatabase(folder, memoryLimit);
  try {
    const { universe, stats } = await universeOf(connection, config, timed);
    collectGarbage(); // the cleanse's distinct values
    const columns = new Set(
      (await connection.runAndReadAll('DESCRIBE accounts')).getRows().map((r) => String(r[0])),
    );
    const fitted = await timed(2, 'lift (SQL) and models (fit sample)', () =>
      fittingPhase(connection, config, stats, columns, universe?.artifact ?? null),
    );
    const warnings = [...(universe?.warnings ?? []), ...fitted.warnings];
    await connection.run(`SET memory_limit = ${sqlString(SCORING_MEMORY_LIMIT)}`);
    const spec = scoringSpec(fitted, config, columns);
    await timed(3, 'scoring (SQL)', () => scoreAccounts(connection, spec));
    // The run folder is written batch by batch from JavaScript, which holds each account's queue and opportunity
    // for the reps' balancing: DuckDB gets a small share of memory again (its joins spill).
    await connection.run(`SET memory_limit = ${sqlString(WRITING_MEMORY_LIMIT)}`);
    let road!: Awaited<ReturnType<typeof roadSummary>>;
    const outDir = await timed(4, 'run folder', () =>
      writeRunFolder(options.outDir, async (temp) => {
        const written = await writeFolder(temp, connection, fitted, spec, {
          config,
          universe: universe?.artifact ?? null,
          warnings,
          accounts: stats.accounts,
          memoryLimit,
        });
        road = written.road;
        warnings.splice(0, warnings.length, ...written.warnings);
        Object.assign(written.written, await writeChanges(temp, config));
        collectGarbage(); // the whole-table columns
        // Charts and the report from the written files, as the in-memory study and `segment report` make them
        // (a large segments.csv digested by SQL in a DuckDB of its own: this one lets go of its cache first).
        await connection.run(`SET memory_limit = ${sqlString(REPORT_MEMORY_LIMIT)}`);
        Object.assign(written.written, await writeRunFiles(temp, await buildRunOutputs(temp, config.seed)));
        const manifest = await buildManifest({
          engine: 'duckdb',
          started,
          timings,
          config,
          road: road.thresholds,
          stats,
          inputs: universe?.inputs ?? [
            { role: 'accounts', path: config.inputs.accounts, rows: stats.accounts },
          ],
          outputs: written.written,
          warnings,
        });
        await writeRunFiles(temp, runJson('manifest', manifest));
        await writeExtraOutputs(temp, config);
      }),
    );
    const quadrants = Object.fromEntries(road.totals.map((t) => [t.quadrant, t.accounts]));
    const cvAuc = fitted.lookalike.crossValidation.auc.mean;
    return {
      outDir,
      warnings,
      summary: { accounts: stats.accounts, customers: stats.customers, cvAuc, quadrants },
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(folder, { recursive: true, force: true });
  }
}

/** What the engine refuses before any work: what it does not do yet (see {@link engineGaps}). */
function checkEngineConfig(config: StudyConfig): void {
  const gaps = engineGaps(config);
  if (gaps.length > 0)
    throw new UsageError(
      `--engine duckdb does not do ${gaps.join(', ')} yet; remove ${gaps.length === 1 ? 'it' : 'them'} from the config or run the study in memory (--engine memory)`,
    );
}

/**
 * What a config asks that the engine does not do yet: product lines.
 * Empty when the engine can run it.
 *
 * @example
 * engineGaps({ ...config, quotas: { target: 1e7 } }); // ['quotas']
 */
export function engineGaps(config: StudyConfig): string[] {
  return [
    config.mapping.spend.columns.product !== null ? 'mapping.spend.columns.product (product lines)' : '',
  ].filter(Boolean);
}

/**
 * An assembled accounts table — the only input, with `is_customer` and `current_spend` columns (a warehouse's own
 * universe) — is scored as it is; anything else is a set of exports the engine reads, cleanses and joins.
 */
async function isAssembledTable(connection: DuckDBConnection, config: StudyConfig): Promise<boolean> {
  const { market, opportunities, spend, engagement } = config.inputs;
  if ([market, opportunities, spend, engagement].some((input) => input !== null)) return false;
  const path = config.inputs.accounts;
  const columns = /\.parquet$/i.test(path)
    ? (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`))
        .getRows()
        .map((r) => String(r[0]))
    : (await sniffHeader(path)).columns;
  const names = new Set(studyColumnNames(columns));
  return names.has('is_customer') && names.has('current_spend');
}

/** Assembles the inputs into table `accounts` (the universe), as the in-memory study's "assemble" step. */
async function assembleInputs(connection: DuckDBConnection, config: StudyConfig) {
  const money = { currency: config.currency, rates: config.fx, asOf: config.asOf };
  const universe = await assembleUniverseTable(connection, config.inputs, config.mapping, money, Date.now());
  const keep = new Set(['universe', 'deals', 'spend_lines']);
  const tables = (await connection.runAndReadAll('SHOW TABLES')).getRows().map((r) => String(r[0]));
  for (const table of tables.filter((t) => !keep.has(t)))
    await connection.run(`DROP TABLE ${sqlIdentifier(table)}`);
  await connection.run('ALTER TABLE universe RENAME TO accounts');
  const { warnings: assembleWarnings, ...artifact } = universe;
  const warnings = tagWarnings('assemble', assembleWarnings);
  const s = universe.stats;
  const inputs = (
    [
      ['accounts', s.accountRows],
      ['market', s.marketRows],
      ['opportunities', s.opportunities],
      ['spend', s.spendRows],
      ['engagement', s.engagementRows],
    ] as const
  ).flatMap(([role, rows]) => {
    const path = config.inputs[role];
    return path === null ? [] : [{ role, path, rows }];
  });
  return {
    stats: { accounts: s.accounts, customers: s.customers },
    warnings,
    inputs,
    artifact: {
      ...artifact,
      deals: [],
      purchaseLines: null,
      productSpend: null,
      roles: columnRoles(artifact.sources, config.roles),
    },
  };
}
