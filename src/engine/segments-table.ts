/**
 * `segments.csv` and `crm-export.csv` of a table scored in DuckDB, written by the in-memory study's code in batches
 * of rows: each batch read as a frame, given the columns made row by row by the in-memory models (fit reasons,
 * potential basis, priority cell), rounded and written as `segments.csv` is. What needs every row — the average
 * row the reasons are measured against, whether any potential has another basis than size — is a first pass.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { frameToCsvChunks } from '../data/csv-format.ts';
import { sqlIdentifier as id } from '../data/duckdb.ts';
import type { ColumnInput, Frame } from '../data/frame.ts';
import { queryFrame } from '../data/load.ts';
import type { LogisticRegression } from '../models/logistic.ts';
import { opportunityOf } from '../segment/road.ts';
import { balancedQueues, type Routing, type RoutingConfig } from '../segment/routing.ts';
import { designMeansInBatches, explainScores } from '../models/reason-codes.ts';
import type { SpendPotential } from '../models/spend-potential.ts';
import { crmExport, type CrmSystem } from '../segment/crm-export.ts';
import { priorityCells } from '../segment/engagement-score.ts';
import { join } from 'node:path';
import { HashedFile } from '../study/run-folder.ts';
import type { WrittenFiles } from '../study/run-files.ts';
import type { Warning } from '../core/errors.ts';
import { tagWarnings } from '../study/step.ts';
import { segmentsColumnNames, segmentsOf } from '../study/outputs.ts';
import { AccountGather, sharedString, type GatherPlan } from './account-gather.ts';
import { collectGarbage } from '../core/garbage.ts';

/** Rows read into one frame at a time. */
const BATCH_ROWS = 50_000;

/** The fitted models whose row-by-row columns the segments carry. */
export interface SegmentsModels {
  lookalike: LogisticRegression;
  /** The causes of missing lookalike features, as the fit reasons name them (`missingCauses`). */
  missingCauses: Readonly<Record<string, string>>;
  spend: SpendPotential;
  /** The models' features (lookalike and personas), whose numeric ones `segments.csv` carries. */
  features: readonly string[];
}

/**
 * Columns made from every account at once (coverage's owner): what to gather in the first pass, and the
 * columns made from it (with each account's opportunity and the routing's queues), added in the second.
 */
export interface WholeTableColumns {
  gather: GatherPlan;
  columns: (
    gather: AccountGather,
    opportunity: Float64Array,
    queues: Routing['queues'],
  ) => Promise<Readonly<Record<string, readonly (string | null)[] | Float64Array>>>;
}

/** No columns from the whole table. */
const NO_WHOLE_TABLE_COLUMNS: WholeTableColumns = {
  gather: { text: [], codes: [], numbers: [] },
  columns: () => Promise.resolve({}),
};

async function* batches(connection: DuckDBConnection, table: string): AsyncGenerator<Frame> {
  const described = (await connection.runAndReadAll(`DESCRIBE ${id(table)}`)).getRows();
  const text = described.filter((r) => r[1] === 'VARCHAR').map((r) => String(r[0]));
  const [[rows]] = (await connection.runAndReadAll(`SELECT COUNT(*) FROM ${id(table)}`)).getRows() as [
    [bigint],
  ];
  for (let start = 0; start === 0 || start < Number(rows); start += BATCH_ROWS) {
    const where = `rowid >= ${start} AND rowid < ${start + BATCH_ROWS}`;
    yield queryFrame(connection, `(SELECT * FROM ${id(table)} WHERE ${where} ORDER BY rowid) AS b`, {
      textColumns: text,
    });
  }
}

/** A frame's CSV by the in-memory writer (`frameToCsvChunks`), its header only when asked. */
async function writeCsvChunks(file: HashedFile, frame: Frame, header: boolean): Promise<void> {
  let first = true;
  for (const chunk of frameToCsvChunks(frame)) {
    if (!first || header) await file.write(chunk);
    first = false;
  }
}

/**
 * The pass over every row before writing: the average row of the fit reasons, whether any potential has another
 * basis than size, the routing's queues balanced on each account's opportunity, and the whole-table columns. Its
 * own function so that the queue names, opportunities and gathered columns are let go before the writing pass.
 */
async function firstPass(
  connection: DuckDBConnection,
  table: string,
  models: SegmentsModels,
  target: { routing: RoutingConfig },
  accounts: WholeTableColumns,
) {
  const [[rows]] = (await connection.runAndReadAll(`SELECT COUNT(*) FROM ${id(table)}`)).getRows() as [
    [bigint],
  ];
  const average = designMeansInBatches(models.lookalike.toJSON(), Number(rows));
  let otherBasis = false;
  // The routing balances reps on each account's opportunity as the in-memory study computes it (JavaScript's exp,
  // not SQL's: a last-digit difference reorders a greedy balancing).
  const queue: string[] = [];
  const queueNames = new Map<string, string>();
  const opportunity = new Float64Array(Number(rows));
  const gather = new AccountGather(Number(rows), accounts.gather);
  for await (const batch of batches(connection, table)) {
    gather.add(batch, queue.length);
    average.add(batch);
    const spend = models.spend.predict(batch);
    otherBasis ||= spend.basis.some((b) => b !== null && b !== 'size');
    const { probability } = models.lookalike.predictProba(batch);
    opportunity.set(opportunityOf(probability, spend.whitespace), queue.length);
    // One string per queue name, not one per account: 10M accounts' copies filled the JavaScript heap.
    for (const q of batch.strings('queue')) queue.push(sharedString(queueNames, q ?? ''));
  }
  const routing = balancedQueues(queue, opportunity, target.routing);
  queue.length = 0; // 10M pointers the suspended function would hold through the whole-table planning
  collectGarbage(); // and the batches read: ~0.4 GB of heap at 10M before planning starts
  const whole = await accounts.columns(gather, opportunity, routing.queues);
  return { average, otherBasis, routing, whole };
}

/**
 * Writes `segments.csv` and `crm-export.csv` of table `table` (every universe and scoring column and
 * `engagement_score`, one row per account in the universe's order) into `dir`.
 *
 * @example
 * const { written } = await writeSegmentsFiles(connection, 'segments_all', models, { dir: temp, crm: 'salesforce' });
 */
export async function writeSegmentsFiles(
  connection: DuckDBConnection,
  table: string,
  models: SegmentsModels,
  target: { dir: string; crm: CrmSystem; routing: RoutingConfig },
  accounts: WholeTableColumns = NO_WHOLE_TABLE_COLUMNS,
): Promise<{ written: WrittenFiles; scoringWarnings: Warning[]; queues: Routing['queues'] }> {
  const lookalike = models.lookalike.toJSON();
  const { average, otherBasis, routing, whole } = await firstPass(
    connection,
    table,
    models,
    target,
    accounts,
  );
  // One pass writes both files: the columns made row by row are made once.
  const files = {
    segments: new HashedFile(join(target.dir, 'segments.csv')),
    crm: new HashedFile(join(target.dir, 'crm-export.csv')),
  };
  let [header, start] = [true, 0];
  for await (const batch of batches(connection, table)) {
    const made: Record<string, ColumnInput> = {
      fit_reasons: explainScores(lookalike, batch, models.missingCauses, { means: average.means }).reasons,
      queue_rep: routing.queueRep.slice(start, start + batch.numRows),
      potential_basis: models.spend.predict(batch).basis,
      priority_cell: priorityCells(batch.numbers('fit_score'), batch.numbers('engagement_score')),
      ...Object.fromEntries(
        Object.entries(whole).map(([name, values]) => [name, values.slice(start, start + batch.numRows)]),
      ),
    };
    let frame = batch;
    for (const [name, values] of Object.entries(made)) frame = frame.withColumn(name, values);
    // An assembled table may lack the study's own columns (lapsed, won deals …): those are left out.
    const names = segmentsColumnNames(frame, models.features, null, otherBasis).filter((c) => frame.has(c));
    const segments = segmentsOf(frame, names);
    await writeCsvChunks(files.segments, segments, header);
    await writeCsvChunks(files.crm, crmExport(segments, target.crm), header);
    header = false;
    start += batch.numRows;
  }
  const written: WrittenFiles = {
    'segments.csv': await files.segments.close(),
    'crm-export.csv': await files.crm.close(),
  };
  // What scoring every account did to missing feature values, as the in-memory lookalike step says it.
  return {
    written,
    scoringWarnings: tagWarnings('scoring all accounts', average.warnings),
    queues: routing.queues,
  };
}
