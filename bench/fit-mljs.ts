/**
 * Benchmark worker for the reference JavaScript packages (ml-logistic-regression, ml-kmeans) on the same files.
 *   tsx bench/fit-mljs.ts <file> logistic|kmeans
 * ml-logistic-regression has no intercept and fixed-step gradient ascent: a column of ones is added and
 * 20 steps are run (docs/design.md §3); ml-kmeans is given standardized rows as arrays of arrays.
 */
import { Matrix } from 'ml-matrix';
import MlLogisticRegression from 'ml-logistic-regression';
import { kmeans } from 'ml-kmeans';
import { loadTable } from '../src/data/load.ts';
import { rocAuc } from '../src/models/metrics.ts';
import { FEATURES } from './synthetic.ts';

const [path, kind] = process.argv.slice(2) as [string, string];
const { frame } = await loadTable(path, { textColumns: ['account_id'] });
const columns = FEATURES.map((f) => frame.numbers(f));
const n = frame.numRows;
const started = performance.now();
let result: Record<string, number>;
if (kind === 'logistic') {
  const rows = Array.from({ length: n }, (_, i) => [1, ...columns.map((c) => c[i] as number)]);
  const y = Matrix.columnVector(Array.from(frame.numbers('won')));
  const model = new MlLogisticRegression({ numSteps: 20, learningRate: 5e-3 });
  model.train(new Matrix(rows), y);
  const fitted = performance.now();
  const classifier = (model as unknown as { classifiers: { weights: Matrix }[] }).classifiers[0] as {
    weights: Matrix;
  };
  const w = classifier.weights.to1DArray();
  const score = rows.map((r) => r.reduce((s, v, j) => s + v * (w[j] as number), 0));
  result = { auc: rocAuc(frame.numbers('won'), score), seconds: (fitted - started) / 1000 };
} else {
  const stats = columns.map((c) => {
    const mean = c.reduce((s, v) => s + v, 0) / n;
    return { mean, std: Math.sqrt(c.reduce((s, v) => s + (v - mean) ** 2, 0) / n) || 1 };
  });
  const rows = Array.from({ length: n }, (_, i) =>
    columns.map(
      (c, j) => ((c[i] as number) - (stats[j] as { mean: number }).mean) / (stats[j] as { std: number }).std,
    ),
  );
  const out = kmeans(rows, 6, { seed: 0, initialization: 'kmeans++' });
  const fitted = performance.now();
  let inertia = 0;
  rows.forEach((r, i) => {
    const c = out.centroids[out.clusters[i] as number] as number[];
    r.forEach((v, j) => (inertia += (v - (c[j] as number)) ** 2));
  });
  result = { inertia, iterations: out.iterations, seconds: (fitted - started) / 1000 };
}
process.stdout.write(`${JSON.stringify({ ...result, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
