import { describe, expect, it } from 'vitest';
import { Frame } from '../../src/data/frame.ts';
import { UsageError } from '../../src/core/errors.ts';

describe('Frame', () => {
  const frame = Frame.fromColumns({
    id: ['a', 'b', 'c'],
    employees: [120, null, 4500],
    score: new Float64Array([0.1, 0.2, 0.3]),
  });

  it('types columns: numbers as Float64Array with NaN for missing, text with null', () => {
    expect(frame.numRows).toBe(3);
    expect(frame.column('employees').kind).toBe('number');
    expect(Array.from(frame.numbers('employees'))).toEqual([120, NaN, 4500]);
    expect(frame.strings('id')).toEqual(['a', 'b', 'c']);
    expect(frame.row(1)).toEqual({ id: 'b', employees: null, score: 0.2 });
  });

  it('is immutable: operations return new frames and leave the original alone', () => {
    const taken = frame.take([2, 0]);
    const added = frame.withColumn('tier', ['P0', 'P1', 'P2']);
    const dropped = frame.drop(['score']);
    expect(taken.strings('id')).toEqual(['c', 'a']);
    expect(added.columnNames).toEqual(['id', 'employees', 'score', 'tier']);
    expect(dropped.columnNames).toEqual(['id', 'employees']);
    expect(frame.columnNames).toEqual(['id', 'employees', 'score']);
    expect(Object.isFrozen(frame)).toBe(true);
    expect(Object.isFrozen(frame.strings('id'))).toBe(true);
  });

  it('filters, selects and renames', () => {
    expect(frame.filter((i) => !Number.isNaN(frame.numbers('employees')[i] as number)).strings('id')).toEqual(
      ['a', 'c'],
    );
    expect(frame.select(['score', 'id']).columnNames).toEqual(['score', 'id']);
    expect(frame.rename({ id: 'account_id' }).columnNames[0]).toBe('account_id');
  });

  it('builds from rows with the union of keys', () => {
    expect(Frame.fromRows([{ a: 1 }, { a: 2, b: 'x' }]).toRows()).toEqual([
      { a: 1, b: null },
      { a: 2, b: 'x' },
    ]);
  });

  it('rejects unequal lengths, mixed types and unknown columns with clear messages', () => {
    expect(() => Frame.fromColumns({ a: [1, 2], b: [1] })).toThrow(/column "b" has 1 values, expected 2/);
    expect(() => Frame.fromColumns({ a: [1, 'x'] as never })).toThrow(/mixes numbers and strings/);
    expect(() => frame.column('nope')).toThrow(UsageError);
    expect(() => frame.column('nope')).toThrow(/no column "nope"; columns are "id", "employees", "score"/);
    expect(() => frame.numbers('id')).toThrow(/is text, not numeric/);
    expect(() => frame.rename({ id: 'score' })).toThrow(/two columns would be named "score"/);
  });
});

describe('extent helpers', () => {
  it('handle millions of values where Math.max(...values) overflows the stack', async () => {
    const { maxOf, minOf } = await import('../../src/core/extent.ts');
    const values = Float64Array.from({ length: 2_000_000 }, (_, i) => (i * 7919) % 1_000_003);
    expect(() => Math.max(...values)).toThrow(RangeError);
    expect(maxOf(values)).toBe(1_000_002);
    expect(minOf(values)).toBe(0);
    expect(maxOf([], 5)).toBe(5);
    expect(maxOf([NaN, 2])).toBe(2);
  });
});
