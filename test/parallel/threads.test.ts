/**
 * The parallel kernels give the same answers on any number of threads: models fitted with 1, 2 and 3 threads are
 * equal bit for bit (the chunks and the order their partial sums are added do not depend on the threads), and
 * the worker threads really run chunks. The same script runs in the Deno kernel's runtime.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { accounts, FEATURES as features } from './accounts.ts';
import { KMeans } from '../../src/models/kmeans.ts';
import { LogisticRegression } from '../../src/models/logistic.ts';
import {
  CHUNK_ROWS,
  chunksRunByWorkers,
  getThreads,
  runKernel,
  setThreads,
} from '../../src/parallel/pool.ts';

const frame = accounts();
const initial = getThreads();
afterAll(() => setThreads(initial));

function fitsWith(threads: number) {
  setThreads(threads);
  const kmeans = new KMeans({ k: 5, nInit: 2, seed: 4, standardize: true }).fit(frame, { features });
  const logistic = new LogisticRegression().fit(frame, { target: 'won', features });
  return { kmeans: kmeans.toJSON(), labels: Array.from(kmeans.labels), logistic: logistic.toJSON() };
}

describe('parallel kernels', () => {
  it('k-means and the logistic fit are identical on 1, 2 and 3 threads, and workers run chunks', () => {
    const one = fitsWith(1);
    const before = chunksRunByWorkers();
    const two = fitsWith(2);
    const three = fitsWith(3);
    expect(chunksRunByWorkers()).toBeGreaterThan(before);
    expect(two).toEqual(one);
    expect(three).toEqual(one);
    const { size, fit, intent } = one.logistic.coefficients;
    expect([Math.sign(size as number), Math.sign(fit as number), Math.sign(intent as number)]).toEqual([
      1, 1, -1,
    ]);
  });

  it('refuses a row-sized array that is not shared (its writes would be lost)', () => {
    setThreads(2);
    const n = CHUNK_ROWS * 2;
    const args = { x: new Float64Array(n), d: 1, closest: new Float64Array(n), candidate: 0 };
    expect(() =>
      runKernel('kmeansCandidate', { ...args, candidateDistance: new Float64Array(n) }, n, 1),
    ).toThrow(/"x" must be on a SharedArrayBuffer/);
  });

  it('a SEGMENT_THREADS that is not a count is refused with a one-line error, nothing written', () => {
    const run = spawnSync(
      process.execPath,
      [
        'bin/segment.js',
        'cluster',
        'test/fixtures/datasets/iris.csv',
        '--k',
        '3',
        '--features',
        'sepal_length_(cm),sepal_width_(cm)',
        '--out',
        'out/never-written.json',
      ],
      { encoding: 'utf8', env: { ...process.env, SEGMENT_THREADS: 'two' } },
    );
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(
      'error: SEGMENT_THREADS=two: must be an integer from 1 to 256 (or unset: all cores)',
    );
    expect(existsSync('out/never-written.json')).toBe(false);
  });

  it('gives the same answers in Deno (the notebook kernel) as in Node', () => {
    const script = 'test/parallel/deno-threads.ts';
    const deno = execFileSync('npx', ['--no-install', 'deno', 'run', '-A', script], { encoding: 'utf8' });
    setThreads(2);
    const large = accounts(CHUNK_ROWS * 20);
    const node = new KMeans({ k: 5, nInit: 2, seed: 4, standardize: true }).fit(large, { features });
    const logistic = new LogisticRegression().fit(large, { target: 'won', features });
    // Deno's V8 may round Math.log/Math.cos (the test data's normal draws) in the last bit: equal to 1e-12.
    const answers = JSON.parse(deno) as { inertia: number; intercept: number; workerChunks: number };
    expect(Math.abs(answers.inertia / node.inertia - 1)).toBeLessThan(1e-12);
    expect(Math.abs(answers.intercept / logistic.intercept - 1)).toBeLessThan(1e-12);
    expect(answers.workerChunks).toBeGreaterThan(0);
  });
});
