/**
 * Numbers as people read them in messages and reports.
 */

/**
 * An integer with thousands separators.
 *
 * @example
 * formatCount(20812); // '20,812'
 */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
