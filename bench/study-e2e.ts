/**
 * Benchmark worker: the whole study, CSV files to run folder, in one process (the code `segment study` runs);
 * prints JSON {seconds, peakRssMb, accounts, timings (per step, from the manifest)}.
 *   tsx bench/study-e2e.ts <study-config.json> <out-dir>
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as ConfigModule from '../src/study/config.ts';
import type * as RunStudyModule from '../src/run/run-study.ts';
import { compiled } from './compiled.ts';

const { loadStudyConfig } = await compiled<typeof ConfigModule>('study/config.js');
const { runStudy } = await compiled<typeof RunStudyModule>('run/run-study.js');

const [configPath, outDir] = process.argv.slice(2) as [string, string];
const started = performance.now();
const { summary } = await runStudy(await loadStudyConfig(configPath), { outDir });
const seconds = (performance.now() - started) / 1000;
const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as {
  timings: Record<string, number>;
};
process.stdout.write(
  `${JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, accounts: summary.accounts, timings: manifest.timings })}\n`,
);
