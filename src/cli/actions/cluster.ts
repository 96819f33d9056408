/** The work of `segment cluster`: fit k-means personas. */
import { writeFilesAtomically, type PendingFile } from '../../data/atomic-write.ts';
import { frameToCsv } from '../../data/csv-format.ts';
import { loadTable } from '../../data/load.ts';
import { KMeans } from '../../models/kmeans.ts';
import { parseList, parseMissing, parseNumber } from '../args.ts';
import { count, printResult, printWarnings } from '../output.ts';
import { scoresFrame } from './score-output.ts';

/** The options of `segment cluster`. */
export interface ClusterOptions {
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

/**
 * Runs `segment cluster`.
 *
 * @example
 * await runCluster('customers.csv', { features: 'a,b', k: '5', seed: '42', nInit: '10', missing: 'error', out: 'clusters.json' });
 */
export async function runCluster(input: string, options: ClusterOptions): Promise<void> {
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
}
