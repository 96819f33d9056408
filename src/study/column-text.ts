import type { Frame } from '../data/frame.ts';

/**
 * A column as text, for grouping and rule matching: text as it is, numbers as their digits, missing as null.
 *
 * @example
 * columnText(Frame.fromColumns({ cluster: [0, NaN, 2] }), 'cluster'); // ['0', null, '2']
 */
export function columnText(frame: Frame, column: string): (string | null)[] {
  const source = frame.column(column);
  if (source.kind === 'string') return source.values.slice();
  return Array.from(source.values, (v) => (Number.isNaN(v) ? null : String(v)));
}
