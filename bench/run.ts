/**
 * `npm run bench`: benchmarks against pandas/scikit-learn measured in the same run, on the same files.
 * Each measurement runs in a fresh process (so peak RSS is its own); the median of `--repeat` runs is kept.
 * Results go to stdout and bench/results/latest.md. Needs Debian's python3-pandas (run with /usr/bin/python3).
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
  execFileSync(PYTHON, ['-c', 'import pandas'], { stdio: 'ignore' });
} catch {
  process.stderr.write(
    'error: bench needs pandas for /usr/bin/python3 (apt-get install python3-pandas python3-sklearn)\n',
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
const report = `${lines.join('\n')}\n`;
mkdirSync(join('bench', 'results'), { recursive: true });
writeFileSync(join('bench', 'results', 'latest.md'), report);
process.stdout.write(report);
