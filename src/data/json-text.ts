/**
 * JSON for the files we write: indented, newline-terminated, with NaN and ±Infinity written as null
 * (JSON has no such numbers; a missing rate or an unbounded ratio reads as null).
 *
 * @example
 * jsonText({ winRate: NaN }); // '{\n  "winRate": null\n}\n'
 */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}
