/**
 * What the charts and the report read of `segments.csv`: counts, whitespace by segment, the priority grid's cells,
 * each quadrant's top accounts, the valued customers and the points of the ROAD scatter. Made from the table in
 * memory, or — for a run too large to hold (millions of accounts, an engine run) — by SQL over the file in DuckDB,
 * with the same top accounts, sums in the same order and a seeded sample of the scatter's points.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { whitespaceBySegment, type SegmentWhitespace } from '../charts/segment-potential.ts';
import { scatterSample, type RoadPoint, type ScatterSample } from '../charts/road-scatter.ts';
import { sqlIdentifier as id, sqlString, withSpillingDuckDB } from '../data/duckdb.ts';
import type { Frame } from '../data/frame.ts';
import { queryFrame } from '../data/load.ts';
import type { QuadrantTotals, RoadQuadrant } from '../segment/road.ts';
import { readRunTable } from '../study/run-folder.ts';
import type { TopAccount } from './html.ts';

/** The text columns of segments.csv the charts and the report read. */
export const SEGMENT_TEXT_COLUMNS = [
  'account_id',
  'name',
  'industry',
  'tier',
  'road_quadrant',
  'motion',
  'owner',
  'size_segment',
  'fit_reasons',
  'priority_cell',
];

/** The number columns they read. */
const NUMBER_COLUMNS = [
  'is_customer',
  'current_spend',
  'opportunity',
  'whitespace',
  'fit_score',
  'p_alive',
  'expected_value',
  'renewal_risk',
];

/** The scatter's budget: most points drawn, top accounts always drawn. */
const SCATTER = { maxPoints: 4000, labelTop: 8 };

/** `segments.csv` larger than this is digested by SQL (see the module note). */
export const DIGEST_IN_SQL_ABOVE_BYTES = 256 * 2 ** 20;

/** What the charts and the report read of `segments.csv`. */
export interface SegmentsDigest {
  accounts: number;
  customers: number;
  scatter: ScatterSample;
  /** Accounts per priority cell, or null when the run has no priority cells. */
  priorityCounts: ReadonlyMap<string, number> | null;
  segmentWhitespace: SegmentWhitespace[];
  /** Each quadrant's ten top accounts by its ranking. */
  top: Record<string, TopAccount[]>;
  /** The accounts with a customer value or renewal risk (every account when digested in memory). */
  valued: Frame;
}

/** One point per account with a quadrant, for the ROAD scatter. */
function roadPoints(frame: Frame): RoadPoint[] {
  const text = (column: string) => frame.strings(column);
  const [ids, names, quadrants, tiers, motions] = [
    text('account_id'),
    text('name'),
    text('road_quadrant'),
    text('tier'),
    text('motion'),
  ];
  const [spend, opportunity] = [frame.numbers('current_spend'), frame.numbers('opportunity')];
  const points: RoadPoint[] = [];
  for (let i = 0; i < frame.numRows; i++) {
    const quadrant = quadrants[i] ?? null;
    if (quadrant === null) continue;
    points.push({
      name: String(names[i] ?? ids[i]),
      spend: spend[i] as number,
      opportunity: opportunity[i] as number,
      quadrant: quadrant as RoadQuadrant,
      tier: tiers[i] ?? null,
      motion: String(motions[i]),
    });
  }
  return points;
}

const amountOf = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? 0 : v);

/** Whether some account has a customer value (then Retain ranks by the spend at risk). */
function isValued(frame: Frame): boolean {
  return frame.has('p_alive') && frame.numbers('p_alive').some((p) => !Number.isNaN(p));
}

/**
 * How each quadrant's top accounts are ranked: Retain by the spend at risk (spend × (1 − p_alive)) when the study
 * valued its customers, else by current spend — the quadrant is about keeping what is spent; Opportunistic by fit
 * score (its opportunity is low by definition); Acquire and Develop by opportunity.
 */
function rankings(frame: Frame, valued: boolean): Record<string, { by: string; key: ArrayLike<number> }> {
  const opportunity = { by: 'opportunity', key: frame.numbers('opportunity') };
  const spend = frame.numbers('current_spend');
  const alive = valued ? frame.numbers('p_alive') : null;
  const retain =
    alive !== null
      ? {
          by: 'spend at risk',
          key: spend.map((v, i) => (Number.isNaN(alive[i] as number) ? 0 : v * (1 - (alive[i] as number)))),
        }
      : { by: 'current spend', key: spend };
  // Opportunistic's opportunity is low by definition (accounts sit at its floor); fit says which to nurture.
  const fit = { by: 'fit score', key: frame.numbers('fit_score') };
  return { Retain: retain, Develop: opportunity, Acquire: opportunity, Opportunistic: fit };
}

/**
 * The first ten rows of `rows` that pass `keep`, in the order `before` gives (one pass, no sort of every row:
 * a run can hold millions of accounts).
 */
function firstTen(
  rows: number,
  keep: (i: number) => boolean,
  before: (a: number, b: number) => number,
): number[] {
  const best: number[] = [];
  for (let i = 0; i < rows; i++) {
    if (!keep(i)) continue;
    if (best.length === 10 && before(i, best[9] as number) >= 0) continue;
    let at = best.length;
    while (at > 0 && before(i, best[at - 1] as number) < 0) at--;
    best.splice(at, 0, i);
    if (best.length > 10) best.pop();
  }
  return best;
}

/** The ten top accounts of each quadrant by its ranking (ties: by account id). */
function topAccounts(
  frame: Frame,
  totals: readonly QuadrantTotals[],
  valued: boolean,
): Record<string, TopAccount[]> {
  const text = (column: string) => frame.strings(column);
  const number = (column: string) => frame.numbers(column);
  const [ids, names, quadrants, tiers] = [
    text('account_id'),
    text('name'),
    text('road_quadrant'),
    text('tier'),
  ];
  const [industries, owners] = [text('industry'), text('owner')];
  const reasons = frame.has('fit_reasons') ? text('fit_reasons') : null;
  const [spend, opportunity] = [number('current_spend'), number('opportunity')];
  const [whitespace, fitScores] = [number('whitespace'), number('fit_score')];
  const alive = frame.has('p_alive') ? number('p_alive') : null;
  const ranking = rankings(frame, valued);
  const top: Record<string, TopAccount[]> = {};
  for (const t of totals) {
    const { by, key } = ranking[t.quadrant] ?? { by: 'opportunity', key: opportunity };
    const before = (a: number, b: number) =>
      amountOf(key[b]) - amountOf(key[a]) || String(ids[a]).localeCompare(String(ids[b]));
    top[t.quadrant] = firstTen(frame.numRows, (i) => quadrants[i] === t.quadrant, before).map((i) => ({
      name: String(names[i] ?? ids[i]),
      industry: industries[i] ?? '',
      tier: tiers[i] ?? '',
      fitScore: fitScores[i] as number,
      spend: spend[i] as number,
      whitespace: whitespace[i] as number,
      opportunity: opportunity[i] as number,
      owner: owners[i] ?? '',
      reasons: reasons?.[i] ?? '',
      rankedBy: by,
      pAlive: alive?.[i] ?? Number.NaN,
    }));
  }
  return top;
}

/** Accounts per priority cell, or null without the column. */
function priorityCounts(frame: Frame): Map<string, number> | null {
  if (!frame.has('priority_cell')) return null;
  const counts = new Map<string, number>();
  for (const c of frame.strings('priority_cell')) if (c !== null) counts.set(c, (counts.get(c) ?? 0) + 1);
  return counts;
}

/**
 * The digest of `segments.csv` held in memory as a frame.
 *
 * @example
 * digestOfFrame(await readRunTable(dir, 'segments.csv', SEGMENT_TEXT_COLUMNS), road.totals, 42).customers; // 1400
 */
export function digestOfFrame(frame: Frame, totals: readonly QuadrantTotals[], seed: number): SegmentsDigest {
  const isCustomer = frame.numbers('is_customer');
  let customers = 0;
  for (let i = 0; i < frame.numRows; i++) if (isCustomer[i] === 1) customers++;
  return {
    accounts: frame.numRows,
    customers,
    scatter: scatterSample(roadPoints(frame), { ...SCATTER, seed }),
    priorityCounts: priorityCounts(frame),
    segmentWhitespace: whitespaceBySegment(
      frame.strings('size_segment'),
      frame.strings('road_quadrant'),
      frame.numbers('whitespace'),
    ),
    top: topAccounts(frame, totals, isValued(frame)),
    valued: frame,
  };
}

/** Loads the columns the digest reads of `segments.csv` into table `seg` (text as text, numbers as doubles). */
async function loadSegments(connection: DuckDBConnection, path: string): Promise<Set<string>> {
  const source = `read_csv(${sqlString(path)}, header = true, all_varchar = true)`;
  const header = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`))
    .getRows()
    .map((r) => String(r[0]));
  const text = SEGMENT_TEXT_COLUMNS.filter((c) => header.includes(c));
  const numbers = NUMBER_COLUMNS.filter((c) => header.includes(c));
  const select = [
    ...text.map((c) => `NULLIF(${id(c)}, '') AS ${id(c)}`),
    ...numbers.map((c) => `TRY_CAST(${id(c)} AS DOUBLE) AS ${id(c)}`),
  ];
  await connection.run(`CREATE TABLE seg AS SELECT ${select.join(', ')} FROM ${source}`);
  return new Set([...text, ...numbers]);
}

/** Rows of `seg` as a frame, in file order, with every digested column. */
function segRows(connection: DuckDBConnection, where: string): Promise<Frame> {
  return queryFrame(connection, `(SELECT * FROM seg WHERE ${where} ORDER BY rowid) AS r`, {
    textColumns: SEGMENT_TEXT_COLUMNS,
  });
}

/** One number of a query. */
async function scalar(connection: DuckDBConnection, sql: string): Promise<number> {
  const value = (await connection.runAndReadAll(sql)).getRows()[0]?.[0];
  return value === null || value === undefined ? Number.NaN : Number(value);
}

/**
 * The rows that can be a quadrant's top ten by any ranking — every row tied with a tenth — so the top accounts
 * picked among them in memory are those of the whole table.
 */
function topCandidates(connection: DuckDBConnection, has: ReadonlySet<string>): Promise<Frame> {
  const keys = [
    'COALESCE(opportunity, 0)',
    'COALESCE(current_spend, 0)',
    has.has('p_alive') ? 'COALESCE(current_spend * (1 - p_alive), 0)' : '0',
    'COALESCE(fit_score, 0)',
  ];
  const ranks = keys.map((k) => `rank() OVER (PARTITION BY road_quadrant ORDER BY ${k} DESC) <= 10`);
  return segRows(
    connection,
    `rowid IN (SELECT rowid FROM seg WHERE road_quadrant IS NOT NULL QUALIFY ${ranks.join(' OR ')})`,
  );
}

/** Seeded order of rows: a hash of the row and the seed. */
const seeded = (seed: number) => `hash(rowid, ${Math.trunc(seed)})`;

/** The scatter's points by SQL: the top accounts by opportunity, and seeded samples as `scatterSample` draws. */
async function sqlScatter(connection: DuckDBConnection, seed: number): Promise<ScatterSample> {
  const { maxPoints, labelTop } = SCATTER;
  const stats = (
    await connection.runAndReadAll(
      `SELECT COUNT(*), COUNT(*) FILTER (WHERE current_spend > 0), MAX(current_spend), MAX(opportunity),
        MIN(current_spend) FILTER (WHERE current_spend > 0) FROM seg WHERE road_quadrant IS NOT NULL`,
    )
  ).getRows()[0] as unknown[];
  const [accounts, withSpend] = [Number(stats[0]), Number(stats[1])];
  const spendMax = Math.max(1, Number(stats[2] ?? 1));
  const sampled = accounts > maxPoints;
  const points = 'SELECT rowid AS r FROM seg WHERE road_quadrant IS NOT NULL';
  const spends = 'COALESCE(current_spend > 0, FALSE)';
  const others = `AND rowid NOT IN (SELECT r FROM drawn) ORDER BY ${seeded(seed)}`;
  await connection.run(
    sampled
      ? `CREATE TEMP TABLE drawn AS ${points} ORDER BY opportunity DESC NULLS LAST, rowid LIMIT ${labelTop};
         INSERT INTO drawn ${points} AND ${spends} ${others} LIMIT ${Math.floor(maxPoints / 2)}`
      : `CREATE TEMP TABLE drawn AS ${points}`,
  );
  const room = maxPoints - (await scalar(connection, 'SELECT COUNT(*) FROM drawn'));
  if (sampled && room > 0)
    await connection.run(`INSERT INTO drawn ${points} AND NOT ${spends} ${others} LIMIT ${room}`);
  const rows = await segRows(connection, 'rowid IN (SELECT r FROM drawn)');
  await connection.run('DROP TABLE drawn');
  const sample = scatterSample(roadPoints(rows), { maxPoints: Number.MAX_SAFE_INTEGER, labelTop, seed });
  return {
    ...sample,
    accounts,
    withSpend,
    sampled,
    spendMax,
    opportunityMax: Math.max(1, Number(stats[3] ?? 1)),
    spendMinPositive: stats[4] === null ? spendMax : Number(stats[4]),
  };
}

/** Whitespace by size segment and quadrant by SQL, cells in first-seen order, sums in row order. */
async function sqlSegmentWhitespace(connection: DuckDBConnection): Promise<SegmentWhitespace[]> {
  const rows = (
    await connection.runAndReadAll(
      `SELECT COALESCE(size_segment, 'Unknown') AS segment, road_quadrant, COUNT(*), SUM(whitespace ORDER BY rowid), MIN(rowid) AS first
        FROM seg WHERE road_quadrant IS NOT NULL AND whitespace IS NOT NULL AND NOT isnan(whitespace)
        GROUP BY ALL ORDER BY first`,
    )
  ).getRows();
  return rows.map((r) => ({
    segment: String(r[0]),
    quadrant: String(r[1]),
    accounts: Number(r[2]),
    whitespace: Number(r[3]),
  }));
}

/**
 * The digest of a `segments.csv` too large to hold, by SQL in DuckDB (a spilling database in a temporary folder).
 *
 * @example
 * (await digestOfFile('out/market-10m/segments.csv', road.totals, 42)).accounts; // 10000000
 */
export async function digestOfFile(
  path: string,
  totals: readonly QuadrantTotals[],
  seed: number,
): Promise<SegmentsDigest> {
  return withSpillingDuckDB('384MB', async (connection) => {
    const has = await loadSegments(connection, path);
    const valuedWhere = ['p_alive', 'renewal_risk'].filter((c) => has.has(c)).map((c) => `${c} IS NOT NULL`);
    const valued = await segRows(connection, valuedWhere.length === 0 ? 'FALSE' : valuedWhere.join(' OR '));
    const cells = has.has('priority_cell')
      ? (
          await connection.runAndReadAll(
            'SELECT priority_cell, COUNT(*) FROM seg WHERE priority_cell IS NOT NULL GROUP BY ALL ORDER BY MIN(rowid)',
          )
        ).getRows()
      : null;
    return {
      accounts: await scalar(connection, 'SELECT COUNT(*) FROM seg'),
      customers: await scalar(connection, 'SELECT COUNT(*) FILTER (WHERE is_customer = 1) FROM seg'),
      scatter: await sqlScatter(connection, seed),
      priorityCounts: cells === null ? null : new Map(cells.map((r) => [String(r[0]), Number(r[1])])),
      segmentWhitespace: await sqlSegmentWhitespace(connection),
      top: topAccounts(await topCandidates(connection, has), totals, isValued(valued)),
      valued,
    };
  });
}

/** Number columns with no value in any row (read as text): as if absent (a run that valued no customer). */
function blankColumns(frame: Frame): string[] {
  return NUMBER_COLUMNS.filter(
    (c) => frame.has(c) && frame.column(c).kind === 'string' && frame.strings(c).every((v) => v === null),
  );
}

/**
 * The digest of a run folder's `segments.csv`: in memory, or by SQL above `inSqlAbove` bytes.
 *
 * @example
 * const digest = await readSegmentsDigest('out/2026-05', road.totals, 42);
 */
export async function readSegmentsDigest(
  dir: string,
  totals: readonly QuadrantTotals[],
  seed: number,
  inSqlAbove = DIGEST_IN_SQL_ABOVE_BYTES,
): Promise<SegmentsDigest> {
  const path = join(dir, 'segments.csv');
  const size = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  if (size > inSqlAbove) return digestOfFile(path, totals, seed);
  const frame = await readRunTable(dir, 'segments.csv', SEGMENT_TEXT_COLUMNS);
  return digestOfFrame(frame.drop(blankColumns(frame)), totals, seed);
}
