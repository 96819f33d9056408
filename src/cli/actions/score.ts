/** The work of `segment score` and `segment sql`: apply a fitted model to new rows, or print it as SQL. */
import { DataError, UsageError } from '../../core/errors.ts';
import { assignSpecOfRun, scoringSpecOfRun } from '../../engine/scoring-spec.ts';
import { studyToSql } from '../../engine/scoring-sql.ts';
import { sqlDialect, type SqlDialectName } from '../../engine/sql-dialect.ts';
import { writeFilesAtomically } from '../../data/atomic-write.ts';
import { frameToCsv } from '../../data/csv-format.ts';
import { loadTable } from '../../data/load.ts';
import { KMeans, type KMeansModelJson } from '../../models/kmeans.ts';
import { LogisticRegression, type LogisticModelJson } from '../../models/logistic.ts';
import { modelToSql } from '../../engine/model-sql.ts';
import { readModelFile } from '../args.ts';
import { count, printResult, printWarnings } from '../output.ts';
import { scoresFrame } from './score-output.ts';

/** Reads a model file and checks its kind and version by restoring it. */
async function loadModel(
  path: string,
): Promise<{ json: LogisticModelJson | KMeansModelJson; model: LogisticRegression | KMeans }> {
  const json = (await readModelFile(path)) as { kind?: unknown };
  if (json?.kind === 'logistic')
    return { json: json as LogisticModelJson, model: LogisticRegression.fromJSON(json, path) };
  if (json?.kind === 'kmeans') return { json: json as KMeansModelJson, model: KMeans.fromJSON(json, path) };
  throw new DataError(
    `model kind is ${JSON.stringify(json?.kind)}; score and sql take a model written by segment lookalike ("logistic") or cluster ("kmeans")`,
    { file: path },
  );
}

/** The options of `segment score`. */
export interface ScoreOptions {
  model: string;
  id?: string;
  out: string;
}

/** The options of `segment sql`. */
export interface SqlOptions {
  model?: string;
  study?: string;
  /** With `study`: the frozen assignment of new accounts (the study's scale and thresholds). */
  assign?: boolean;
  dialect: string;
  table: string;
}

/**
 * Runs `segment score`.
 *
 * @example
 * await runScore('universe.csv', { model: 'lookalike.json', id: 'account_id', out: 'scores.csv' });
 */
export async function runScore(input: string, options: ScoreOptions): Promise<void> {
  const { json, model } = await loadModel(options.model);
  const textColumns = [
    ...(json.kind === 'logistic' ? Object.keys(json.categorical) : []),
    ...(options.id ? [options.id] : []),
  ];
  const { frame, warnings: loadWarnings } = await loadTable(input, { textColumns });
  let values: Float64Array | Int32Array;
  let warnings;
  if (model instanceof LogisticRegression)
    ({ probability: values, warnings } = model.predictProba(frame, { file: input }));
  else ({ labels: values, warnings } = model.predict(frame, { file: input }));
  const name = json.kind === 'logistic' ? 'probability' : 'cluster';
  await writeFilesAtomically([
    { path: options.out, content: frameToCsv(scoresFrame(frame, options.id, name, values, input)) },
  ]);
  printWarnings([...loadWarnings, ...warnings], true);
  const scored = Array.from(values).filter((v) => !Number.isNaN(v) && v >= 0).length;
  printResult(`scored ${count(scored)} of ${count(frame.numRows)} rows (${name}); wrote ${options.out}`);
}

/**
 * Runs `segment sql`.
 *
 * @example
 * await runSql({ study: 'out/2026-11', dialect: 'snowflake', table: 'CRM.ACCOUNTS' });
 */
export async function runSql(options: SqlOptions): Promise<void> {
  if ((options.model === undefined) === (options.study === undefined))
    throw new UsageError('sql: give either --model <model.json> or --study <run-dir>');
  if (options.assign === true && options.study === undefined)
    throw new UsageError(
      'sql: --assign needs --study <run-dir> (the study whose scale and thresholds it keeps)',
    );
  if (options.study !== undefined) {
    sqlDialect(options.dialect);
    const spec =
      options.assign === true ? await assignSpecOfRun(options.study) : await scoringSpecOfRun(options.study);
    printResult(studyToSql(spec, { dialect: options.dialect as SqlDialectName, table: options.table }));
    return;
  }
  const { json } = await loadModel(options.model as string);
  printResult(modelToSql(json, { dialect: options.dialect as 'duckdb', table: options.table }));
}
