import { describe, expect, it } from 'vitest';
import { frameToCsv } from '../../src/data/csv-format.ts';
import { Frame } from '../../src/data/frame.ts';
import { loadTable } from '../../src/data/load.ts';
import { Random } from '../../src/core/random.ts';
import { tempFile } from '../helpers.ts';

describe('raw chunk decoding (via loadTable)', () => {
  it('decodes every kind of text value exactly, across many chunks', async () => {
    const rng = new Random(7);
    const pool = [
      'US',
      'Finance & Insurance',
      'Finance & Insurance ',
      'Finance & Insurers',
      'Professional Services',
      'Zürich Versicherungs-Gesellschaft',
      '日本電信電話株式会社',
      'exactly12chr',
      'thirteen chrs',
      'é',
      '"quoted", with comma',
      'Ünïcödé lóng vâlue that is well over twelve bytes',
      'a'.repeat(500),
    ];
    const n = 9000; // > 4 DuckDB chunks of 2048 rows
    const values: (string | null)[] = [];
    for (let i = 0; i < n; i++) {
      const r = rng.uniform();
      values.push(
        r < 0.05 ? null : r < 0.5 ? (rng.pick(pool) as string) : `unique-${i}-${'x'.repeat(rng.int(20))}`,
      );
    }
    const numbers = values.map((_, i) => (i % 7 === 0 ? null : i * 0.5));
    const csv = frameToCsv(Frame.fromColumns({ text: values, v: numbers }));
    const { frame } = await loadTable(tempFile('chunks.csv', csv));
    expect(frame.strings('text')).toEqual(values);
    expect(Array.from(frame.numbers('v'))).toEqual(numbers.map((v) => (v === null ? NaN : v)));
  });
});
