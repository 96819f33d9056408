/**
 * Adapters between our {@link Frame} and a danfojs-node `DataFrame`, the pandas-like table analysts use
 * in notebooks to inspect and reshape data. danfo is loaded only when these functions are called (it
 * brings TensorFlow.js), and is never on the hot path: docs/design.md §3 measured it 13× slower than pandas
 * at reading 1M rows.
 */
import type { DataFrame } from 'danfojs-node';
import { UsageError } from '../core/errors.ts';
import { Frame, type ColumnInput } from './frame.ts';

/**
 * Converts a frame to a danfojs `DataFrame` (missing numbers stay NaN, missing text becomes null).
 *
 * @example
 * const df = await toDanfo(Frame.fromColumns({ name: ['Acme', null], employees: [120, 4500] }));
 * df.shape; // [2, 2]
 */
export async function toDanfo(frame: Frame): Promise<DataFrame> {
  const dfd = await import('danfojs-node');
  const data: Record<string, (number | string | null)[]> = {};
  for (const name of frame.columnNames) {
    const column = frame.column(name);
    data[name] = column.kind === 'number' ? Array.from(column.values) : column.values.slice();
  }
  return new dfd.DataFrame(data, { columns: frame.columnNames });
}

/**
 * Converts a danfojs `DataFrame` back to a frame. Numeric and boolean columns become numeric
 * (booleans as 0/1); everything else becomes text. `undefined`, `null` and `NaN` become missing.
 *
 * @example
 * const frame = fromDanfo(df.query(df['employees'].gt(1000)));
 */
export function fromDanfo(df: DataFrame): Frame {
  const columns: Record<string, ColumnInput> = {};
  const dtypes = df.dtypes as string[];
  (df.columns as string[]).forEach((name, j) => {
    const values = df.column(name).values as unknown[];
    const dtype = dtypes[j] ?? 'string';
    if (dtype.startsWith('float') || dtype.startsWith('int') || dtype === 'boolean') {
      const out = new Float64Array(values.length);
      values.forEach((v, i) => {
        if (typeof v === 'number') out[i] = v;
        else if (typeof v === 'boolean') out[i] = v ? 1 : 0;
        else if (v === null || v === undefined) out[i] = Number.NaN;
        else
          throw new UsageError(
            `fromDanfo: column "${name}" is ${dtype} but row ${i + 1} holds ${JSON.stringify(v)}`,
          );
      });
      columns[name] = out;
    } else {
      columns[name] = values.map((v) =>
        v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? null : String(v),
      );
    }
  });
  return Frame.fromColumns(columns);
}
