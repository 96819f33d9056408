/**
 * `npm run bench`: benchmarks against pandas/scikit-learn measured in the same run, on the same files.
 * Each measurement runs in a fresh process (so peak RSS is its own); the median of `--repeat` runs is kept.
 * Results go to stdout and bench/results/latest.md. Needs Debian's python3-pandas and python3-sklearn (run
 * with /usr/bin/python3). Sections: CSV load vs pandas.read_csv; logistic and k-means fits vs scikit-learn
 * (ours on 1 and 2 threads, SEGMENT_THREADS) and the mljs reference packages (the mljs fits run once:
 * ml-logistic-regression takes minutes at 1M rows).
 *
 * The last section runs the whole study (CSV → run folder) on a generated 1,000,000-company sample
 * (bench/data/study-1000000/, generated on first use: about two minutes); `--no-study` skips it. Then
 * `segment study --engine duckdb` on a generated assembled table of `--engine-rows` accounts (default 10,000,000,
 * about 760 MB of CSV, generated on first use); `--no-engine` skips it.
 *
 * It starts with the everyday loop (bench/loop.ts): `segment --help`, the sample study, and the two test lanes
 * (`--no-tests` skips them).
 *
 *   npm run bench [-- --sizes 100000,1000000 --repeat 3 --no-tests --no-study --no-engine --engine-rows 10000000]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeAssembledAccounts } from './assembled.ts';
import { benchLoop, loopLines } from './loop.ts';
import { withSpeedTable, type HeadlineRow } from './readme-table.ts';
import { writeSyntheticAccounts } from './synthetic.ts';

const PYTHON = '/usr/bin/python3';
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    repeat: { type: 'string', default: '3' },
    'no-study': { type: 'boolean', default: false },
    'no-engine': { type: 'boolean', default: false },
    'engine-rows': { type: 'string', default: '10000000' },
    'no-tests': { type: 'boolean', default: false },
  },
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
const today = new Date().toISOString().slice(0, 10);
/** The README's speed table: the loop, the fit ratios at the largest size, the whole study. */
const headline: HeadlineRow[] = benchLoop({ repeat: 5, tests: !values['no-tests'] });
const lines = [
  `# Benchmarks (${today}, ${process.platform} ${process.arch}, Node ${process.version}, median of ${repeat})`,
  '',
  ...loopLines(headline),
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
  loadSeconds: number;
  peakRssMb: number;
  auc?: number;
  inertia?: number;
  iterations?: number;
}

function fitOnce(command: string, args: string[], threads?: number): FitMeasurement {
  const out = execFileSync(command, args, {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    env: { ...process.env, NO_COLOR: '1', ...(threads ? { SEGMENT_THREADS: String(threads) } : {}) },
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as FitMeasurement;
}

function fitMedian(command: string, args: string[], times: number, threads?: number): FitMeasurement {
  const runs = Array.from({ length: times }, () => fitOnce(command, args, threads)).sort(
    (a, b) => a.seconds + a.loadSeconds - (b.seconds + b.loadSeconds),
  );
  return runs[Math.floor(runs.length / 2)] as FitMeasurement;
}

const THREADS = [1, 2];
for (const kind of ['logistic', 'kmeans'] as const) {
  lines.push(
    '',
    kind === 'logistic'
      ? '## Fit the lookalike logistic regression (12 features, unpenalized)'
      : '## Fit k-means (k = 6, one k-means++ init, 12 standardized features)',
    '',
    '"CSV + fit" is the time from the file to the fitted model: our DuckDB load + fit, pandas.read_csv + scikit-learn fit (its default threads). "Fit only" is ours from the loaded table (design matrix, standardization, solver, training AUC for the logistic) and scikit-learn\'s `fit` on the NumPy matrix. Ours on 1 and 2 threads (`SEGMENT_THREADS`); the ratios are ours on 2 threads ÷ scikit-learn.',
    '',
    `| rows | CSV + fit: ours 1 / 2 threads | CSV + fit: pandas + sklearn | ratio | fit only: ours 1 / 2 threads | fit only: sklearn | ratio | ${kind === 'logistic' ? 'ml-logistic-regression (20 steps)' : 'ml-kmeans'} | peak RSS ours (2 threads) / sklearn / mljs | ${kind === 'logistic' ? 'AUC ours 1 / 2 threads / sklearn / mljs' : 'inertia ours 1 / 2 threads / sklearn / mljs (iterations ours / sklearn)'} |`,
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  );
  for (const rows of sizes) {
    const file = join(dataDir, `accounts-${rows}.csv`);
    const script = ['--import', 'tsx', 'bench/fit-ours.ts', file, kind];
    const [one, two] = THREADS.map((t) => fitMedian(process.execPath, script, repeat, t)) as [
      FitMeasurement,
      FitMeasurement,
    ];
    const sklearn = fitMedian(PYTHON, ['bench/py/fit_sklearn.py', file, kind], repeat);
    const mljs = fitOnce(process.execPath, ['--import', 'tsx', 'bench/fit-mljs.ts', file, kind]);
    const answer = (m: FitMeasurement) =>
      kind === 'logistic' ? (m.auc as number).toFixed(6) : (m.inertia as number).toFixed(0);
    const total = (m: FitMeasurement) => m.loadSeconds + m.seconds;
    const iterations =
      kind === 'kmeans' ? ` (${String(two.iterations)} / ${String(sklearn.iterations)})` : '';
    lines.push(
      `| ${rows.toLocaleString('en-US')} | ${total(one).toFixed(2)} / ${total(two).toFixed(2)} s | ${total(sklearn).toFixed(2)} s | **${(total(two) / total(sklearn)).toFixed(2)}×** | ${one.seconds.toFixed(2)} / ${two.seconds.toFixed(2)} s | ${sklearn.seconds.toFixed(2)} s | **${(two.seconds / sklearn.seconds).toFixed(2)}×** | ${mljs.seconds.toFixed(2)} s | ${two.peakRssMb.toFixed(0)} / ${sklearn.peakRssMb.toFixed(0)} / ${mljs.peakRssMb.toFixed(0)} MB | ${answer(one)} / ${answer(two)} / ${answer(sklearn)} / ${answer(mljs)}${iterations} |`,
    );
    process.stderr.write(`${lines[lines.length - 1]}\n`);
    if (rows === Math.max(...sizes)) {
      const name = kind === 'logistic' ? 'logistic regression' : 'k-means';
      const size = `${(rows / 1e6).toLocaleString('en-US')}M × 12`;
      headline.push(
        {
          what: `${name} at ${size}, CSV + fit ÷ pandas + scikit-learn`,
          measured: `${(total(two) / total(sklearn)).toFixed(2)}×`,
          target: '≤ 0.8×',
        },
        {
          what: `${name} at ${size}, fit only ÷ scikit-learn`,
          measured: `${(two.seconds / sklearn.seconds).toFixed(2)}×`,
          target: '≤ 1.0×',
        },
      );
    }
  }
}

/** Runs a whole-study worker in its own process (its peak RSS is its own) and removes the run folder it wrote. */
function runWorker(script: string, input: string, out: string, nodeOptions: string[] = []) {
  const output = execFileSync(process.execPath, [...nodeOptions, '--import', 'tsx', script, input, out], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  rmSync(out, { recursive: true, force: true });
  return JSON.parse(output.trim().split('\n').pop() as string) as {
    seconds: number;
    peakRssMb: number;
    accounts: number;
    timings: Record<string, number>;
  };
}

if (!values['no-study']) {
  const config = join(dataDir, 'study-1000000.json');
  const sample = join(dataDir, 'study-1000000');
  if (!existsSync(join(sample, '2026-05', 'accounts.csv'))) {
    process.stderr.write(`generating ${sample} (1,000,000 companies, about two minutes)…\n`);
    execFileSync(
      process.execPath,
      ['--import', 'tsx', 'data/generator/generate.ts', '--out', sample, '--companies', '1000000'],
      { stdio: 'inherit' },
    );
  }
  writeFileSync(
    config,
    `${JSON.stringify({
      name: 'Benchmark: 1,000,000 companies',
      inputs: Object.fromEntries(
        ['accounts', 'market', 'opportunities', 'spend', 'engagement'].map((f) => [
          f,
          `study-1000000/2026-05/${f}.csv`,
        ]),
      ),
    })}\n`,
  );
  // The heap `segment study` runs with (bin/segment.js: 3/4 of the machine's memory).
  const run = runWorker('bench/study-e2e.ts', config, join(dataDir, `study-run-${process.pid}`), [
    `--max-old-space-size=${Math.floor((totalmem() * 0.75) / 2 ** 20)}`,
  ]);
  lines.push(
    '',
    '## Whole study, CSV files → run folder (the generated 1,000,000-company sample, 2026-05 snapshot)',
    '',
    `Accounts after cleansing: ${run.accounts.toLocaleString('en-US')}. Wall time **${run.seconds.toFixed(1)} s**, peak RSS **${(run.peakRssMb / 1024).toFixed(2)} GB** (target: < 30 s, < 2 GB; default threads).`,
    '',
    '| step | seconds |',
    '|---|---:|',
    ...Object.entries(run.timings).map(([step, sec]) => `| ${step} | ${sec.toFixed(1)} |`),
  );
  process.stderr.write(`study: ${run.seconds.toFixed(1)} s, ${run.peakRssMb.toFixed(0)} MB\n`);
  headline.push({
    what: 'the whole study, CSV → run folder, 1,000,000 companies',
    measured: `${run.seconds.toFixed(0)} s, ${(run.peakRssMb / 1024).toFixed(2)} GB`,
    target: '< 30 s, < 2 GB',
  });
}

if (!values['no-engine']) {
  const rows = Number(values['engine-rows']);
  const table = join(dataDir, `assembled-${rows}.csv`);
  if (!existsSync(table)) {
    process.stderr.write(`generating ${table} (${rows.toLocaleString('en-US')} accounts)…\n`);
    await writeAssembledAccounts(table, rows, 42);
  }
  // The heap `segment study --engine duckdb` runs with (bin/segment.js).
  const run = runWorker('bench/engine-e2e.ts', table, join(dataDir, `engine-run-${process.pid}`), [
    '--max-old-space-size=1280',
  ]);
  lines.push(
    '',
    `## segment study --engine duckdb on a generated assembled table of ${run.accounts.toLocaleString('en-US')} accounts`,
    '',
    `Wall time **${run.seconds.toFixed(1)} s**, peak RSS of our process (DuckDB included) **${(run.peakRssMb / 1024).toFixed(2)} GB** (target: < 2 GB).`,
    '',
    '| step | seconds |',
    '|---|---:|',
    ...Object.entries(run.timings).map(([step, sec]) => `| ${step} | ${sec.toFixed(1)} |`),
  );
  process.stderr.write(`engine: ${run.seconds.toFixed(1)} s, ${run.peakRssMb.toFixed(0)} MB\n`);
}

const report = `${lines.join('\n')}\n`;
mkdirSync(join('bench', 'results'), { recursive: true });
writeFileSync(join('bench', 'results', 'latest.md'), report);
writeFileSync('README.md', withSpeedTable(readFileSync('README.md', 'utf8'), today, headline));
execFileSync('npx', ['prettier', '--write', 'README.md'], { stdio: 'ignore' }); // as npm run lint checks it
process.stdout.write(report);
