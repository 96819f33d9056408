/**
 * Runs the bundled sample study once for the whole test run (vitest global setup) and shares the run folders
 * read-only: the report, deck, workbook, browser, refresh and CLI tests read them instead of running their own.
 * A test that writes into a run folder takes a copy first (`sampleRunCopy` in test/sample-runs.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { runCli, type CliResult } from './cli/run-cli.ts';

/** The shared sample runs: May (the bundled sample), again with the same seed, and November after May. */
export interface SampleRuns {
  /** `segment study --out <may>`: the bundled sample, May 2026. */
  may: string;
  /** The CLI's exit code and output of the May study. */
  mayResult: CliResult;
  /** The same study again (same seed and inputs), to compare bytes. */
  mayAgain: string;
  /** The November sample, with the May run as its previous run (so it has changes.json). */
  november: string;
  /** `segment study --config data/studies/sample-60-reps.json` (what `npm start` runs): quotas, territories, product lines. */
  sixtyReps: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    sampleRuns: SampleRuns;
  }
}

function novemberConfig(dir: string, previousRun: string): string {
  const sample = resolve('data/sample/2026-11');
  const november = JSON.parse(readFileSync('data/studies/sample-2026-11.json', 'utf8')) as object;
  const config = join(dir, 'study-2026-11.json');
  const inputs = ['accounts', 'market', 'opportunities', 'spend', 'engagement'].map((k) => [
    k,
    join(sample, `${k}.csv`),
  ]);
  writeFileSync(
    config,
    JSON.stringify({ ...november, name: 'November', previousRun, inputs: Object.fromEntries(inputs) }),
  );
  return config;
}

function succeeded(label: string, result: CliResult): CliResult {
  if (result.code !== 0) throw new Error(`global setup: ${label} failed (${result.code}): ${result.stderr}`);
  return result;
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'segment-sample-runs-'));
  // Every test's temporary folder goes under one folder of this run (test/helpers.ts), removed at the end.
  const scratch = mkdtempSync(join(tmpdir(), 'segment-tests-'));
  process.env.SEGMENT_TEST_TMP = scratch;
  const runs = {
    may: join(dir, 'may'),
    mayAgain: join(dir, 'may-again'),
    november: join(dir, 'november'),
    sixtyReps: join(dir, 'sixty-reps'),
  };
  const [mayResult] = await Promise.all([
    runCli(['study', '--out', runs.may]).then((r) => succeeded('the May study', r)),
    runCli(['study', '--out', runs.mayAgain]).then((r) => succeeded('the May study again', r)),
  ]);
  await Promise.all([
    runCli(['study', '--config', novemberConfig(dir, runs.may), '--out', runs.november]).then((r) =>
      succeeded('the November study', r),
    ),
    runCli(['study', '--config', 'data/studies/sample-60-reps.json', '--out', runs.sixtyReps]).then((r) =>
      succeeded('the 60-reps study', r),
    ),
  ]);
  project.provide('sampleRuns', { ...runs, mayResult: mayResult as CliResult });
  return () => {
    for (const folder of [dir, scratch]) rmSync(folder, { recursive: true, force: true });
  };
}
