import { describe, expect, it } from 'vitest';
import { Frame } from '../../src/data/frame.ts';
import { buildDesign, learnEncoding } from '../../src/models/design.ts';
import { Random } from '../../src/core/random.ts';

describe('design matrix', () => {
  const frame = Frame.fromColumns({
    x: [3, 1, null, 4, 1, 5],
    industry: ['b', 'a', 'c', null, 'a', 'b'],
  });

  it('learns medians, modes and sorted levels', () => {
    const encoding = learnEncoding(frame, { features: ['x'], categorical: ['industry'], missing: 'impute' });
    expect(encoding.medians.x).toBe(3); // 1, 1, 3, 4, 5
    // A missing category is a level of its own, last (never the reference), not the mode.
    expect(encoding.categorical.industry).toEqual(['a', 'b', 'c', 'Unknown']);
    expect(encoding.modes.industry).toBe('Unknown');
    const complete = learnEncoding(
      frame.filter((i) => i !== 3),
      { features: ['x'], categorical: ['industry'], missing: 'impute' },
    );
    expect(complete.categorical.industry).toEqual(['a', 'b', 'c']);
    expect(complete.modes.industry).toBe('a'); // no missing in training: scoring falls back to the mode
    const even = learnEncoding(Frame.fromColumns({ x: [4, 1, 2, 2, 9, 7] }), { features: ['x'] });
    expect(even.medians.x).toBe(3); // (2 + 4) / 2
  });

  it('medians agree with a sort on random data with ties (odd and even sizes)', () => {
    const rng = new Random(11);
    for (const n of [1, 2, 3, 10, 11, 1000, 1001]) {
      const values = Array.from({ length: n }, () => Math.round(rng.normal() * 5));
      const sorted = [...values].sort((a, b) => a - b);
      const expected =
        n % 2 ? (sorted[n >> 1] as number) : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
      expect(learnEncoding(Frame.fromColumns({ x: values }), { features: ['x'] }).medians.x).toBeCloseTo(
        expected,
        12,
      );
    }
  });

  it('builds one-hot dummies after the numeric columns, imputing or dropping as asked', () => {
    const impute = learnEncoding(frame, { features: ['x'], categorical: ['industry'], missing: 'impute' });
    const { design, warnings } = buildDesign(frame, impute);
    expect(design.names).toEqual(['x', 'industry=b', 'industry=c', 'industry=Unknown']);
    expect(Array.from(design.x)).toEqual([
      3, 1, 0, 0, 1, 0, 0, 0, 3, 0, 1, 0, 4, 0, 0, 1, 1, 0, 0, 0, 5, 1, 0, 0,
    ]);
    expect(warnings.map((w) => w.message)).toEqual([
      'filled 2 missing feature values with training medians (numbers) and "Unknown" or the training mode (categories)',
    ]);
    // With indicators, a missing number also says that it was missing (its own coefficient).
    const flagged = learnEncoding(frame, {
      features: ['x'],
      categorical: ['industry'],
      missing: 'impute',
      indicators: true,
    });
    expect(flagged.indicators).toEqual(['x']);
    const withIndicator = buildDesign(frame, flagged).design;
    expect(withIndicator.names).toEqual(['x', 'missing(x)', 'industry=b', 'industry=c', 'industry=Unknown']);
    expect(Array.from(withIndicator.x.subarray(10, 15))).toEqual([3, 1, 0, 1, 0]); // row 3: x missing → median 3, flag 1
    // The library names its option (the CLI turns it into --missing drop).
    expect(() => buildDesign(frame, { ...impute, missing: 'error' })).toThrow(
      /row 3, column "x": value is missing; fill it, or set missing: 'drop' \(leave such rows out\) or missing: 'impute'/,
    );
    const drop = { ...impute, missing: 'drop' as const };
    const dropped = buildDesign(frame, drop);
    expect(Array.from(dropped.design.rows)).toEqual([0, 1, 4, 5]);
  });
});
