/** `segment cluster`: fit k-means personas (docs/design.md §4). */
import type { Command } from 'commander';
import type { ClusterOptions } from '../actions/cluster.ts';

/** Registers `cluster`. */
export function registerCluster(program: Command): void {
  program
    .command('cluster')
    .summary('fit k-means personas')
    .description(
      [
        'Fit k-means (greedy k-means++, --n-init restarts, the lowest inertia wins) and write the model JSON',
        '(and the cluster of every row with --labels). Centroids are reported on the original scale; inertia in',
        'the space the model was fitted in (z-scores with --standardize, population std like StandardScaler).',
      ].join('\n'),
    )
    .argument('<in>', 'data (CSV, Parquet or .xlsx)')
    .requiredOption('--features <a,b>', 'numeric feature columns, comma-separated')
    .requiredOption('--k <n>', 'number of clusters')
    .option('--seed <n>', 'random seed', '42')
    .option('--n-init <n>', 'number of k-means++ restarts (the lowest inertia wins)', '10')
    .option('--standardize', 'z-score the features first (population std, like StandardScaler)')
    .option('--id <col>', 'identifier column for --labels (default: row = 1-based input row)')
    .option(
      '--missing <mode>',
      'rows with missing values: error (names the first), drop, impute (training medians)',
      'error',
    )
    .requiredOption('--out <model.json>', 'where to write the model')
    .option('--labels <csv>', 'also write the cluster of every row')
    .addHelpText(
      'after',
      '\nExample:\n  segment cluster customers.csv --features log_employees,tech_fit,intent --k 5 --standardize --out clusters.json',
    )
    .action(async (input: string, options: ClusterOptions) =>
      (await import('../actions/cluster.ts')).runCluster(input, options),
    );
}
