/**
 * Benchmark worker: `segment study --engine duckdb` on an assembled accounts table, in one process (the code the
 * command runs); prints JSON {seconds, peakRssMb, accounts, timings (per step, from the manifest)}.
 *   tsx bench/engine-e2e.ts <accounts.csv> <out-dir>
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as ConfigModule from '../src/study/config.ts';
import type * as EngineModule from '../src/engine/engine-study.ts';
import { compiled } from './compiled.ts';

const { runEngineStudy } = await compiled<typeof EngineModule>('engine/engine-study.js');
const { defaultStudyConfig } = await compiled<typeof ConfigModule>('study/config.js');

const [accounts, outDir] = process.argv.slice(2) as [string, string];
const config = defaultStudyConfig();
const started = performance.now();
const { summary } = await runEngineStudy(
  {
    ...config,
    name: 'Benchmark: --engine duckdb',
    inputs: { accounts, market: null, opportunities: null, spend: null, engagement: null },
  },
  { outDir },
);
const seconds = (performance.now() - started) / 1000;
const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as {
  timings: Record<string, number>;
};
process.stdout.write(
  `${JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, accounts: summary.accounts, timings: manifest.timings })}\n`,
);
