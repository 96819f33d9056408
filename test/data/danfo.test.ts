import { describe, expect, it } from 'vitest';
import { Frame } from '../../src/data/frame.ts';
import { fromDanfo, toDanfo } from '../../src/data/danfo.ts';

describe('danfojs adapters', () => {
  it('round-trips a frame through a danfo DataFrame', async () => {
    const frame = Frame.fromColumns({ name: ['Acme', null, 'Gamma'], employees: [120, null, 4500] });
    const df = await toDanfo(frame);
    expect(df.shape).toEqual([3, 2]);
    expect(df.columns).toEqual(['name', 'employees']);
    const back = fromDanfo(df);
    expect(back.strings('name')).toEqual(['Acme', null, 'Gamma']);
    expect(Array.from(back.numbers('employees'))).toEqual([120, NaN, 4500]);
  });

  it('accepts a frame transformed in danfo', async () => {
    const df = await toDanfo(Frame.fromColumns({ name: ['a', 'b', 'c'], employees: [10, 2000, 300] }));
    const big = df.query(df.column('employees').gt(100));
    expect(fromDanfo(big).strings('name')).toEqual(['b', 'c']);
  });
});
