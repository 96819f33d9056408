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
import type { LogisticModelJson } from '../models/logistic.ts';
import { designMeansInBatches, explainScores } from '../models/reason-codes.ts';
import type { SpendPotential } from '../models/spend-potential.ts';
import { crmExport, type CrmSystem } from '../segment/crm-export.ts';
import { priorityCells } from '../segment/engagement-score.ts';
import { ChunkedText, writeRunFiles } from '../study/run-folder.ts';
import type { WrittenFiles } from '../study/run-files.ts';
import type { Warning } from '../core/errors.ts';
import { tagWarnings } from '../study/step.ts';
import { segmentsColumnNames, segmentsOf } from '../study/outputs.ts';

/** Rows read into one frame at a time. */
const BATCH_ROWS = 100_000;

/** The fitted models whose row-by-row columns the segments carry. */
export interface SegmentsModels {
  lookalike: LogisticModelJson;
  /** The causes of missing lookalike features, as the fit reasons name them (`missingCauses`). */
  missingCauses: Readonly<Record<string, string>>;
  spend: SpendPotential;
  /** The models' features (lookalike and personas), whose numeric ones `segments.csv` carries. */
  features: readonly string[];
}

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

/** The CSV of frames, by the in-memory writer: the header once, then every frame's rows. */
async function* csvOf(frames: AsyncIterable<Frame>): AsyncGenerator<string> {
  let header = true;
  for await (const frame of frames) {
    let first = true;
    for (const chunk of frameToCsvChunks(frame)) {
      if (!first || header) yield chunk;
      first = false;
    }
    header = false;
  }
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
  target: { dir: string; crm: CrmSystem },
): Promise<{ written: WrittenFiles; scoringWarnings: Warning[] }> {
  const [[rows]] = (await connection.runAndReadAll(`SELECT COUNT(*) FROM ${id(table)}`)).getRows() as [
    [bigint],
  ];
  const average = designMeansInBatches(models.lookalike, Number(rows));
  let otherBasis = false;
  for await (const batch of batches(connection, table)) {
    average.add(batch);
    otherBasis ||= models.spend.predict(batch).basis.some((b) => b !== null && b !== 'size');
  }
  const segments = async function* (): AsyncGenerator<Frame> {
    for await (const batch of batches(connection, table)) {
      const made: Record<string, ColumnInput> = {
        fit_reasons: explainScores(models.lookalike, batch, models.missingCauses, { means: average.means })
          .reasons,
        potential_basis: models.spend.predict(batch).basis,
        priority_cell: priorityCells(batch.numbers('fit_score'), batch.numbers('engagement_score')),
      };
      let frame = batch;
      for (const [name, values] of Object.entries(made)) frame = frame.withColumn(name, values);
      // The columns the engine does not compute yet (customer value, owners, reps: issue #31) are left out.
      const names = segmentsColumnNames(frame, models.features, null, otherBasis).filter((c) => frame.has(c));
      yield segmentsOf(frame, names);
    }
  };
  const written = await writeRunFiles(target.dir, {
    'segments.csv': new ChunkedText(() => csvOf(segments())),
    'crm-export.csv': new ChunkedText(async function* () {
      for await (const chunk of csvOf(mapFrames(segments(), (f) => crmExport(f, target.crm)))) yield chunk;
    }),
  });
  // What scoring every account did to missing feature values, as the in-memory lookalike step says it.
  return { written, scoringWarnings: tagWarnings('scoring all accounts', average.warnings) };
}

async function* mapFrames(frames: AsyncIterable<Frame>, map: (frame: Frame) => Frame): AsyncGenerator<Frame> {
  for await (const frame of frames) yield map(frame);
}
