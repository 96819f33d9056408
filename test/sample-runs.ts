/** The sample run folders the global setup wrote once (test/global-setup.ts), for tests to read or copy. */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { SampleRuns } from './global-setup.ts';
import { tempDir } from './helpers.ts';

/**
 * The shared sample runs: read them, never write into them (take `sampleRunCopy` for that).
 *
 * @example
 * const { may } = sampleRuns(); readFileSync(join(may, 'road.json'), 'utf8');
 */
export function sampleRuns(): SampleRuns {
  return inject('sampleRuns');
}

/**
 * A private copy of a shared run folder, for a test that writes into it (`segment report`, `segment deck`).
 *
 * @example
 * const run = sampleRunCopy('may'); await runCli(['report', run]);
 */
export function sampleRunCopy(which: 'may' | 'november' | 'sixtyReps'): string {
  const copy = join(tempDir(), which);
  cpSync(sampleRuns()[which], copy, { recursive: true });
  return copy;
}
