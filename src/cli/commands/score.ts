/** `segment score` and `segment sql`: apply a fitted model to new rows, or print it as SQL. */
import type { Command } from 'commander';
import { DataError, UsageError } from '../../core/errors.ts';
import { scoringSpecOfRun } from '../../engine/scoring-spec.ts';
import { studyToSql } from '../../engine/scoring-sql.ts';
import { SQL_DIALECTS, sqlDialect, type SqlDialectName } from '../../engine/sql-dialect.ts';
import { writeFilesAtomically } from '../../data/atomic-write.ts';
import { frameToCsv } from '../../data/csv-format.ts';
import { loadTable } from '../../data/load.ts';
import { KMeans, type KMeansModelJson } from '../../models/kmeans.ts';
import { LogisticRegression, type LogisticModelJson } from '../../models/logistic.ts';
import { modelToSql } from '../../models/sql.ts';
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

/** Registers `score` and `sql`. */
export function registerScore(program: Command): void {
  program
    .command('score')
    .summary('score a file with a fitted model (probability or cluster per row)')
    .description(
      'Apply a lookalike (probability) or k-means (cluster) model to every row of a file, using the\ntraining encoding and missing-value policy stored in the model.',
    )
    .argument('<in>', 'data to score')
    .requiredOption('--model <model.json>', 'a model written by lookalike or cluster')
    .option('--id <col>', 'identifier column (default: row = 1-based input row)')
    .requiredOption('--out <csv>', 'where to write the scores')
    .addHelpText(
      'after',
      '\nExample:\n  segment score universe.csv --model lookalike.json --id account_id --out scores.csv',
    )
    .action(async (input: string, options: { model: string; id?: string; out: string }) => {
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
    });

  program
    .command('sql')
    .summary("print a model, or a study's whole scoring, as SQL (score inside the warehouse)")
    .description(
      [
        'With --model: one SELECT over <table> returning all its columns plus probability (lookalike) or cluster',
        '(k-means), with the same numbers as segment score. Rows score would not score get NULL.',
        "With --study: the study's whole scoring as one SELECT (CTEs) over <table> holding the accounts with the",
        "study's column names: probability, fit_score, tier, size_segment, industry_priority, cluster, spend",
        'potential, whitespace, opportunity, ROAD thresholds (quantiles of the table) and quadrant, motion, queue.',
        'DuckDB and PostgreSQL are executed in tests; spark, trino, bigquery and snowflake are parsed only.',
      ].join('\n'),
    )
    .option('--model <model.json>', 'a model written by lookalike or cluster')
    .option('--study <run-dir>', 'a run folder written by segment study')
    .option('--dialect <name>', `${SQL_DIALECTS.join(', ')} (--model: duckdb or postgres)`, 'duckdb')
    .option('--table <name>', 'the table to score (schema.table allowed)', 'accounts')
    .addHelpText(
      'after',
      [
        '\nExamples:',
        '  segment sql --model lookalike.json --dialect postgres --table crm.accounts > score.sql',
        '  segment sql --study out/2026-11 --dialect snowflake --table CRM.ACCOUNTS > segment.sql',
      ].join('\n'),
    )
    .action(async (options: { model?: string; study?: string; dialect: string; table: string }) => {
      if ((options.model === undefined) === (options.study === undefined))
        throw new UsageError('sql: give either --model <model.json> or --study <run-dir>');
      if (options.study !== undefined) {
        sqlDialect(options.dialect);
        const spec = await scoringSpecOfRun(options.study);
        printResult(studyToSql(spec, { dialect: options.dialect as SqlDialectName, table: options.table }));
        return;
      }
      const { json } = await loadModel(options.model as string);
      printResult(modelToSql(json, { dialect: options.dialect as 'duckdb', table: options.table }));
    });
}
