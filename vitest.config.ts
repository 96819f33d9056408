import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Two lanes. `npm test` runs every `*.test.ts` except the slow lane's; `npm run test:slow` runs the
 * `*.slow.test.ts` files (LibreOffice, the real PostgreSQL server, large data, planted fixture studies).
 * Both share one sample study, run once by the global setup.
 */
const slow = process.env.SEGMENT_TEST_LANE === 'slow';

export default defineConfig({
  test: {
    include: [slow ? 'test/**/*.slow.test.ts' : 'test/**/*.test.ts'],
    exclude: slow ? [] : ['test/**/*.slow.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default (cores − 1) is one worker on a 2-core machine, and most tests wait on a child process
    // (the CLI, DuckDB, Chromium): two workers cut the lane by about a fifth there (measured: 166 s → 132 s on
    // six CLI-heavy files). The slow lane keeps one: the Deno kernel and LibreOffice want the machine to themselves.
    maxWorkers: slow ? 1 : Math.max(2, availableParallelism() - 1),
  },
});
