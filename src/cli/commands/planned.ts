/**
 * The subcommands of the CLI contract (DESIGN.md §4) that later work fills in. Their options and help
 * are already final, so scripts can be written against them; running one says plainly that it is not
 * available yet and exits with status 2.
 */
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';

function notYet(command: string, arrivesWith: string): () => never {
  return () => {
    throw new UsageError(
      `segment ${command} is not available in this version yet (it arrives with ${arrivesWith})`,
    );
  };
}

const MISSING_HELP =
  'rows with missing values: error (default; names the first bad row and column), drop, impute';

/** Registers `study`, `lookalike`, `cluster`, `score`, `sql`, `refresh` and `report`. */
export function registerPlanned(program: Command): void {
  program
    .command('study')
    .summary('[not available yet] run the full segmentation study (no arguments: the bundled sample)')
    .description(
      'Full pipeline: cleanse → ICP → lookalike → clusters → spend → tiers → ROAD → coverage → export → report.\nNot available yet: arrives with the segmentation & study work (issue #4).',
    )
    .option('--config <file>', 'study configuration (JSON); default: the bundled sample study')
    .option('--out <dir>', 'run folder to create (never overwritten; default out/<timestamp>-<seed>/)')
    .option('--seed <n>', 'random seed for every seeded step', '42')
    .action(notYet('study', 'the segmentation & study work, issue #4'));

  program
    .command('lookalike')
    .summary('[not available yet] fit the lookalike logistic regression')
    .description(
      'Fit a logistic regression of <target> on the features; write the model JSON (and scores).\nNot available yet: arrives with the models work (issue #3).',
    )
    .argument('<in>', 'training data (CSV, Parquet or .xlsx)')
    .requiredOption('--target <col>', 'the 0/1 (or won/lost, yes/no, true/false) column to predict')
    .requiredOption('--features <a,b>', 'numeric feature columns, comma-separated')
    .option('--categorical <c,d>', 'categorical feature columns (one-hot, first sorted level as reference)')
    .option('--id <col>', 'identifier column for --scores (default: row number)')
    .option('--l2 <lambda>', 'L2 penalty; 0 = plain maximum likelihood', '0')
    .option('--missing <mode>', MISSING_HELP, 'error')
    .requiredOption('--out <model.json>', 'where to write the model')
    .option('--scores <csv>', 'also write the fitted probabilities')
    .action(notYet('lookalike', 'the models work, issue #3'));

  program
    .command('cluster')
    .summary('[not available yet] fit k-means personas')
    .description(
      'Fit k-means with k-means++ and restarts; write the model JSON (and labels).\nNot available yet: arrives with the models work (issue #3).',
    )
    .argument('<in>', 'data (CSV, Parquet or .xlsx)')
    .requiredOption('--features <a,b>', 'numeric feature columns, comma-separated')
    .requiredOption('--k <n>', 'number of clusters')
    .option('--seed <n>', 'random seed', '42')
    .option('--n-init <n>', 'number of k-means++ restarts (the lowest inertia wins)', '10')
    .option('--standardize', 'z-score the features first (population std, like StandardScaler)')
    .option('--id <col>', 'identifier column for --labels (default: row number)')
    .option('--missing <mode>', MISSING_HELP, 'error')
    .requiredOption('--out <model.json>', 'where to write the model')
    .option('--labels <csv>', 'also write the cluster of every row')
    .action(notYet('cluster', 'the models work, issue #3'));

  program
    .command('score')
    .summary('[not available yet] score a file with a fitted model')
    .description(
      'Apply a lookalike or k-means model to a file.\nNot available yet: arrives with the models work (issue #3).',
    )
    .argument('<in>', 'data to score')
    .requiredOption('--model <model.json>', 'a model written by lookalike or cluster')
    .option('--id <col>', 'identifier column (default: row number)')
    .requiredOption('--out <csv>', 'where to write the scores')
    .action(notYet('score', 'the models work, issue #3'));

  program
    .command('sql')
    .summary('[not available yet] print a model as one SQL SELECT')
    .description(
      'Print one SELECT over <table> returning its columns plus probability or cluster.\nNot available yet: arrives with the models work (issue #3).',
    )
    .requiredOption('--model <model.json>', 'a model written by lookalike or cluster')
    .option('--dialect <name>', 'duckdb or postgres', 'duckdb')
    .option('--table <name>', 'the table to score', 'accounts')
    .action(notYet('sql', 'the models work, issue #3'));

  program
    .command('refresh')
    .summary('[not available yet] compare two runs: migration, drift, changed accounts')
    .description(
      'Compare a previous and a current run (or segments CSV).\nNot available yet: arrives with the segmentation & study work (issue #4).',
    )
    .requiredOption('--previous <dir|csv>', 'the earlier run folder or segments.csv')
    .requiredOption('--current <dir|csv>', 'the later run folder or segments.csv')
    .requiredOption('--out <dir>', 'folder to write the comparison into')
    .action(notYet('refresh', 'the segmentation & study work, issue #4'));

  program
    .command('report')
    .summary('[not available yet] rebuild report.html of a run folder')
    .description(
      'Rebuild the self-contained HTML report of a run folder.\nNot available yet: arrives with the charts & report work (issue #5).',
    )
    .argument('<run-dir>', 'a run folder written by segment study')
    .action(notYet('report', 'the charts & report work, issue #5'));
}
