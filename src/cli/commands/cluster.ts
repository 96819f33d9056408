/** `segment cluster`: fit k-means personas (DESIGN.md §4). */
import type { Command } from 'commander';
import { writeFilesAtomically, type PendingFile } from '../../data/atomic-write.ts';
import { frameToCsv } from '../../data/csv-format.ts';
import { loadTable } from '../../data/load.ts';
import { KMeans } from '../../models/kmeans.ts';
import { parseList, parseMissing, parseNumber } from '../args.ts';
import { count, printResult, printWarnings } from '../output.ts';
import { scoresFrame } from './score-output.ts';

interface Options {
  features: string;
  k: string;
  seed: string;
  nInit: string;
  standardize?: boolean;
  id?: string;
  missing: string;
  out: string;
  labels?: string;
}

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
    .action(async (input: string, options: Options) => {
      const features = parseList(options.features, '--features');
      const k = parseNumber(options.k, '--k', { integer: true, min: 1 });
      const seed = parseNumber(options.seed, '--seed', { integer: true });
      const nInit = parseNumber(options.nInit, '--n-init', { integer: true, min: 1 });
      const missing = parseMissing(options.missing);
      const { frame, warnings: loadWarnings } = await loadTable(input, {
        textColumns: options.id ? [options.id] : [],
      });
      const model = new KMeans({ k, seed, nInit, standardize: options.standardize ?? false }).fit(frame, {
        features,
        missing,
        file: input,
      });
      const json = model.toJSON();
      const files: PendingFile[] = [{ path: options.out, content: `${JSON.stringify(json, null, 2)}\n` }];
      if (options.labels !== undefined) {
        const { labels } = model.predict(frame, { file: input });
        files.push({
          path: options.labels,
          content: frameToCsv(scoresFrame(frame, options.id, 'cluster', labels, input)),
        });
      }
      await writeFilesAtomically(files);
      printWarnings([...loadWarnings, ...model.warnings], true);
      printResult(
        `fitted k-means with k=${k} on ${count(json.sizes.reduce((s, v) => s + v, 0))} rows: inertia ${json.inertia.toPrecision(6)}, cluster sizes ${json.sizes.map(count).join(' / ')}; ${json.converged ? `converged in ${json.iterations} iterations` : 'did NOT converge'}; wrote ${files.map((f) => f.path).join(', ')}`,
      );
    });
}
