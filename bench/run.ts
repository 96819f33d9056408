/**
 * `npm run bench`: benchmarks against pandas/scikit-learn measured in the same run, on the same files.
 * Each measurement runs in a fresh process (so peak RSS is its own); the median of `--repeat` runs is kept.
 * Results go to stdout and bench/results/latest.md. Needs Debian's python3-pandas and python3-sklearn (run
 * with /usr/bin/python3). Sections: CSV load vs pandas.read_csv; logistic and k-means fits vs scikit-learn
 * and the mljs reference packages (the mljs fits run once: ml-logistic-regression takes minutes at 1M rows).
 *
 *   npm run bench [-- --sizes 100000,1000000 --repeat 3]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeSyntheticAccounts } from './synthetic.ts';

const PYTHON = '/usr/bin/python3';
const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '100000,1000000' }, repeat: { type: 'string', default: '3' } },
});
const sizes = values.sizes.split(',').map(Number);
const repeat = Number(values.repeat);

interface Measurement {
  seconds: number;
  peakRssMb: number;
  rows: number;
  checksum: number;
}

function measure(command: string, args: string[]): Measurement {
  const runs: Measurement[] = [];
  for (let r = 0; r < repeat; r++) {
    const out = execFileSync(command, args, {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      env: { ...process.env, NO_COLOR: '1' },
    });
    runs.push(JSON.parse(out.trim().split('\n').pop() as string) as Measurement);
  }
  runs.sort((a, b) => a.seconds - b.seconds);
  return runs[Math.floor(runs.length / 2)] as Measurement;
}

try {
  execFileSync(PYTHON, ['-c', 'import pandas, sklearn'], { stdio: 'ignore' });
} catch {
  process.stderr.write(
    'error: bench needs pandas and scikit-learn for /usr/bin/python3 (apt-get install python3-pandas python3-sklearn)\n',
  );
  process.exit(2);
}

const dataDir = join('bench', 'data');
mkdirSync(dataDir, { recursive: true });
const lines = [
  `# Benchmarks (${new Date().toISOString().slice(0, 10)}, ${process.platform} ${process.arch}, Node ${process.version}, median of ${repeat})`,
  '',
  '## Load a CSV of synthetic accounts into memory (3 text + 15 numeric columns)',
  '',
  '| rows | ours: DuckDB → typed frame | pandas.read_csv | ratio (ours / pandas) | peak RSS ours | peak RSS pandas | same sums |',
  '|---:|---:|---:|---:|---:|---:|:---:|',
];
for (const rows of sizes) {
  const file = join(dataDir, `accounts-${rows}.csv`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${file}…\n`);
    await writeSyntheticAccounts(file, rows, 42);
  }
  const ours = measure(process.execPath, ['--import', 'tsx', 'bench/load-frame.ts', file]);
  const pandas = measure(PYTHON, ['bench/py/load_pandas.py', file]);
  const same =
    ours.rows === pandas.rows &&
    Math.abs(ours.checksum - pandas.checksum) <= 1e-6 * Math.abs(pandas.checksum);
  lines.push(
    `| ${rows.toLocaleString('en-US')} | ${ours.seconds.toFixed(2)} s | ${pandas.seconds.toFixed(2)} s | ${(ours.seconds / pandas.seconds).toFixed(2)}× | ${ours.peakRssMb.toFixed(0)} MB | ${pandas.peakRssMb.toFixed(0)} MB | ${same ? 'yes' : 'NO'} |`,
  );
  process.stderr.write(`${lines[lines.length - 1]}\n`);
}
interface FitMeasurement {
  seconds: number;
  peakRssMb: number;
  auc?: number;
  inertia?: number;
  iterations?: number;
}

function fitOnce(command: string, args: string[]): FitMeasurement {
  const out = execFileSync(command, args, {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as FitMeasurement;
}

function fitMedian(command: string, args: string[], times: number): FitMeasurement {
  const runs = Array.from({ length: times }, () => fitOnce(command, args)).sort(
    (a, b) => a.seconds - b.seconds,
  );
  return runs[Math.floor(runs.length / 2)] as FitMeasurement;
}

for (const kind of ['logistic', 'kmeans'] as const) {
  lines.push(
    '',
    kind === 'logistic'
      ? '## Fit the lookalike logistic regression (12 features, unpenalized; fit time only, data already in memory)'
      : '## Fit k-means (k = 6, one k-means++ init, 12 standardized features; fit time only)',
    '',
    `| rows | ours | scikit-learn | ratio (ours / sklearn) | ${kind === 'logistic' ? 'ml-logistic-regression (20 steps)' : 'ml-kmeans'} | peak RSS ours / sklearn / mljs | ${kind === 'logistic' ? 'AUC ours / sklearn / mljs' : 'inertia ours / sklearn / mljs'} |`,
    '|---:|---:|---:|---:|---:|---:|---|',
  );
  for (const rows of sizes) {
    const file = join(dataDir, `accounts-${rows}.csv`);
    const ours = fitMedian(process.execPath, ['--import', 'tsx', 'bench/fit-ours.ts', file, kind], repeat);
    const sklearn = fitMedian(PYTHON, ['bench/py/fit_sklearn.py', file, kind], repeat);
    const mljs = fitOnce(process.execPath, ['--import', 'tsx', 'bench/fit-mljs.ts', file, kind]);
    const answer = (m: FitMeasurement) =>
      kind === 'logistic' ? (m.auc as number).toFixed(6) : (m.inertia as number).toFixed(0);
    lines.push(
      `| ${rows.toLocaleString('en-US')} | ${ours.seconds.toFixed(2)} s | ${sklearn.seconds.toFixed(2)} s | ${(ours.seconds / sklearn.seconds).toFixed(1)}× | ${mljs.seconds.toFixed(2)} s | ${ours.peakRssMb.toFixed(0)} / ${sklearn.peakRssMb.toFixed(0)} / ${mljs.peakRssMb.toFixed(0)} MB | ${answer(ours)} / ${answer(sklearn)} / ${answer(mljs)} |`,
    );
    process.stderr.write(`${lines[lines.length - 1]}\n`);
  }
}

const report = `${lines.join('\n')}\n`;
mkdirSync(join('bench', 'results'), { recursive: true });
writeFileSync(join('bench', 'results', 'latest.md'), report);
process.stdout.write(report);
