/** Value at risk from the value step's columns, on a table built by hand (every number checked by hand). */
import { describe, expect, it } from 'vitest';
import { Frame } from '../../src/data/frame.ts';
import { customerValueSummary } from '../../src/segment/customer-value.ts';

const segments = Frame.fromColumns({
  account_id: ['A', 'B', 'C', 'D', 'E'],
  name: ['Acme', 'Birch', 'Cedar', 'Dune', 'Elm'],
  road_quadrant: ['Retain', 'Develop', 'Acquire', 'Retain', 'Opportunistic'],
  owner: ['Retain rep 01', 'Develop rep 02', 'Acquire rep 03', 'Retain rep 01', 'Opportunistic pool'],
  current_spend: [100_000, 50_000, 0, 20_000, 8_000],
  // C is a prospect: no value, never counted.
  p_alive: [0.25, 0.9, null, 1, 0.4],
  expected_value: [12_000, 30_000, null, 9_000, 1_000],
});

describe('customer value at risk', () => {
  it('sums spend × (1 − p_alive), counts the customers probably gone and lists Retain and Develop to save', () => {
    const summary = customerValueSummary(segments, { atRiskBelow: 0.5, top: 10 });
    expect(summary).toEqual({
      customers: 4,
      expectedValue: 52_000,
      // 100,000 × 0.75 + 50,000 × 0.1 + 20,000 × 0 + 8,000 × 0.6
      spendAtRisk: expect.closeTo(75_000 + 5_000 + 0 + 4_800, 6),
      atRiskBelow: 0.5,
      probablyGone: { customers: 2, spend: 108_000 },
      toSave: [
        {
          accountId: 'A',
          name: 'Acme',
          quadrant: 'Retain',
          owner: 'Retain rep 01',
          pAlive: 0.25,
          spend: 100_000,
          spendAtRisk: 75_000,
          expectedValue: 12_000,
        },
        {
          accountId: 'B',
          name: 'Birch',
          quadrant: 'Develop',
          owner: 'Develop rep 02',
          pAlive: 0.9,
          spend: 50_000,
          spendAtRisk: expect.closeTo(5_000, 6),
          expectedValue: 30_000,
        },
      ],
    });
  });

  it('is null for a run without customer value', () => {
    expect(
      customerValueSummary(segments.select(['account_id', 'current_spend']), { atRiskBelow: 0.5, top: 3 }),
    ).toBe(null);
  });
});
