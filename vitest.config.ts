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
  },
});
