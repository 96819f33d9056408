/**
 * Benchmark worker: loads a synthetic account file, fits our model, prints JSON
 * {seconds (fit only), loadSeconds, peakRssMb, auc | inertia, iterations}.
 *   tsx bench/fit-ours.ts <file> logistic|kmeans
 */
import type * as LoadModule from '../src/data/load.ts';
import type * as KMeansModule from '../src/models/kmeans.ts';
import type * as LogisticModule from '../src/models/logistic.ts';
import { compiled } from './compiled.ts';
import { FEATURES } from './synthetic.ts';

const { loadTable } = await compiled<typeof LoadModule>('data/load.js');
const { KMeans } = await compiled<typeof KMeansModule>('models/kmeans.js');
const { LogisticRegression } = await compiled<typeof LogisticModule>('models/logistic.js');

const [path, kind] = process.argv.slice(2) as [string, string];
let started = performance.now();
const { frame } = await loadTable(path, { textColumns: ['account_id'] });
const loadSeconds = (performance.now() - started) / 1000;
started = performance.now();
let result: Record<string, number>;
if (kind === 'logistic') {
  const model = new LogisticRegression().fit(frame, { target: 'won', features: FEATURES });
  const json = model.toJSON();
  result = { auc: json.metrics.auc, iterations: json.iterations, intercept: json.intercept };
} else {
  const model = new KMeans({ k: 6, nInit: 1, seed: 0, standardize: true }).fit(frame, { features: FEATURES });
  result = { inertia: model.inertia, iterations: model.iterations };
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ seconds, loadSeconds, peakRssMb: process.resourceUsage().maxRSS / 1024, ...result })}\n`,
);
