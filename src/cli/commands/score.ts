/** `segment score` and `segment sql`: apply a fitted model to new rows, or print it as SQL. */
import type { Command } from 'commander';
import type { ScoreOptions, SqlOptions } from '../actions/score.ts';
import { SQL_DIALECTS } from '../../engine/sql-dialect.ts';

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
    .action(async (input: string, options: ScoreOptions) =>
      (await import('../actions/score.ts')).runScore(input, options),
    );

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
        "With --study and --assign: the same for new accounts under the finished study's rules, as segment assign gives",
        "them: the fit score read off the study's own scale, the quadrants cut at its thresholds (owners and queue reps",
        "are placed one by one against the reps' loads: segment assign).",
        'DuckDB and PostgreSQL are executed in tests; spark, trino, bigquery and snowflake are parsed only.',
      ].join('\n'),
    )
    .option('--model <model.json>', 'a model written by lookalike or cluster')
    .option('--study <run-dir>', 'a run folder written by segment study')
    .option('--assign', "with --study: keep the study's fit-score scale and ROAD thresholds (new accounts)")
    .option('--dialect <name>', `${SQL_DIALECTS.join(', ')} (--model: duckdb or postgres)`, 'duckdb')
    .option('--table <name>', 'the table to score (schema.table allowed)', 'accounts')
    .addHelpText(
      'after',
      [
        '\nExamples:',
        '  segment sql --model lookalike.json --dialect postgres --table crm.accounts > score.sql',
        '  segment sql --study out/2026-11 --dialect snowflake --table CRM.ACCOUNTS > segment.sql',
        '  segment sql --study out/2026-11 --assign --dialect postgres --table crm.new_leads > assign.sql',
      ].join('\n'),
    )
    .action(async (options: SqlOptions) => (await import('../actions/score.ts')).runSql(options));
}
