/**
 * Collecting JavaScript's garbage at a known moment, for the engine's processes started with `--expose-gc`
 * (`bin/segment.js` starts them so): a step's working set then gives its pages back before DuckDB takes its share.
 */

/**
 * Collects JavaScript's garbage now when the process exposes `gc` (`--expose-gc`); does nothing otherwise.
 *
 * @example
 * collectGarbage(); // after a step whose arrays are no longer referenced
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
