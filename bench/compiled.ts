/**
 * The compiled modules (dist/, what `segment` and the library run after `npm ci`) for the benchmark workers:
 * the same TypeScript compiled on the fly by tsx runs measurably slower (the 1M study ~25 %, the logistic fit ~20 %),
 * so the workers would not measure what users run. `npm run bench` builds first.
 */

/**
 * The compiled module `path` (relative to dist/), typed as its source.
 *
 * @example
 * const { loadTable } = await compiled<typeof LoadModule>('data/load.js'); // import type * as LoadModule from '../src/data/load.ts'
 */
export async function compiled<T>(path: string): Promise<T> {
  return (await import(new URL(`../dist/${path}`, import.meta.url).href)) as T;
}
