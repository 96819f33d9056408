/** Shared test helpers: temporary folders and files. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The folder the test run's temporary folders go in: the global setup makes one per run (SEGMENT_TEST_TMP) and
 * removes it at the end, so a run leaves nothing behind; outside vitest, the system's.
 */
function tempRoot(): string {
  return process.env.SEGMENT_TEST_TMP ?? tmpdir();
}

/** A new empty temporary folder (removed with the test run's folder at the end of the run). */
export function tempDir(prefix = 'segment-test-'): string {
  return mkdtempSync(join(tempRoot(), prefix));
}

/** Writes `content` to `name` inside a new temporary folder and returns the path. */
export function tempFile(name: string, content: string | Uint8Array): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

/**
 * A copy of a bundled study config (`data/studies/<name>`) with `changes` merged over it, written to a new
 * temporary folder with its inputs as absolute paths; returns the config's path.
 */
export function bundledConfigWith(name: string, changes: Record<string, unknown>): string {
  const config = JSON.parse(readFileSync(join('data/studies', name), 'utf8')) as {
    inputs: Record<string, string>;
  };
  const inputs = Object.fromEntries(
    Object.entries(config.inputs).map(([k, v]) => [k, join(process.cwd(), 'data/studies', v)]),
  );
  return tempFile('study.json', JSON.stringify({ ...config, inputs, ...changes }));
}

/** Spearman's rank correlation (average ranks for ties). */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const ranks = (v: readonly number[]) => {
    const order = v.map((_, i) => i).sort((x, y) => (v[x] as number) - (v[y] as number));
    const r = new Array<number>(v.length);
    for (let i = 0; i < order.length;) {
      let j = i;
      while (j + 1 < order.length && v[order[j + 1] as number] === v[order[i] as number]) j++;
      for (let k = i; k <= j; k++) r[order[k] as number] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const [ra, rb] = [ranks(a), ranks(b)];
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(ra), mean(rb)];
  let cov = 0;
  let va = 0;
  let vb = 0;
  ra.forEach((x, i) => {
    const y = rb[i] as number;
    cov += (x - ma) * (y - mb);
    va += (x - ma) ** 2;
    vb += (y - mb) ** 2;
  });
  return cov / Math.sqrt(va * vb);
}
