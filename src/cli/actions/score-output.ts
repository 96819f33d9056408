/** The per-row output files of lookalike/cluster/score: the id (or 1-based row) and one value per row. */
import { DataError } from '../../core/errors.ts';
import { Frame } from '../../data/frame.ts';

/**
 * A frame with the id column (or `row` = 1-based input row) and `name` = `values` (NaN/−1 → empty).
 * Throws when the id column is missing.
 */
export function scoresFrame(
  input: Frame,
  id: string | undefined,
  name: string,
  values: Float64Array | Int32Array,
  file: string,
): Frame {
  const out: Record<string, (string | null)[] | (number | null)[]> = {};
  if (id !== undefined) {
    if (!input.has(id))
      throw new DataError(
        `no id column "${id}" (columns are ${input.columnNames.map((c) => `"${c}"`).join(', ')})`,
        { file },
      );
    const column = input.column(id);
    out[id] =
      column.kind === 'string'
        ? column.values.slice()
        : Array.from(column.values, (v) => (Number.isNaN(v) ? null : String(v)));
  } else {
    out.row = Array.from({ length: input.numRows }, (_, i) => i + 1);
  }
  out[name] = Array.from(values, (v) =>
    Number.isNaN(v) || (values instanceof Int32Array && v < 0) ? null : v,
  );
  return Frame.fromColumns(out);
}
