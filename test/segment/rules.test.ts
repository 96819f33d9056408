import { describe, expect, it } from 'vitest';
import { assignTerritories, headcount, repsNeeded, DEFAULT_CAPACITY } from '../../src/segment/coverage.ts';
import { icpSummary, liftTable } from '../../src/segment/icp-lift.ts';
import { opportunityOf, quadrantTotals, roadQuadrantOf, roadThresholds } from '../../src/segment/road.ts';
import {
  DEFAULT_TIERS,
  industryPriorityOf,
  sizeSegmentOf,
  tierOf,
  validateTiers,
} from '../../src/segment/tiers.ts';
import { adjustedRandIndex, gini, populationStabilityIndex } from '../../src/stats/index.ts';

const T = { spend_threshold: 50_000, opportunity_threshold: 2_000 };

describe('ROAD', () => {
  it.each([
    [120_000, 500, 'Retain'],
    [120_000, 2_000, 'Develop'],
    [50_000, 2_000, 'Develop'], // both thresholds are inclusive (>=)
    [49_999.99, 2_000, 'Acquire'],
    [0, 1_999.99, 'Opportunistic'],
    [Number.NaN, 5_000, 'Acquire'], // missing spend = a prospect
  ])('spend %d, opportunity %d → %s', (spend, opportunity, quadrant) => {
    expect(roadQuadrantOf(spend, opportunity, T)).toBe(quadrant);
  });

  it('has no quadrant without an opportunity', () => expect(roadQuadrantOf(10, Number.NaN, T)).toBeNull());

  it('opportunity = probability × whitespace', () => {
    expect(
      Array.from(opportunityOf(new Float64Array([0.5, 0.1, NaN]), new Float64Array([80_000, 0, 10]))),
    ).toEqual([40_000, 0, NaN]);
  });

  it('default thresholds: median spend of customers, median opportunity of all accounts', () => {
    const spend = new Float64Array([0, 0, 0, 10, 20, 30, 40]);
    const opportunity = new Float64Array([1, 2, 3, 4, NaN, 6, 7]);
    expect(roadThresholds(spend, opportunity)).toEqual({ spend_threshold: 25, opportunity_threshold: 3.5 });
    expect(
      roadThresholds(spend, opportunity, { spend: { value: 15 }, opportunity: { percentile: 0.75 } }),
    ).toEqual({ spend_threshold: 15, opportunity_threshold: 5.5 });
    expect(() => roadThresholds(spend, opportunity, { spend: { percentile: 1.5 } })).toThrow(
      /road.spend.percentile=1.5 must be between 0 and 1/,
    );
  });

  it('totals per quadrant skip missing values', () => {
    const totals = quadrantTotals(
      ['Develop', 'Develop', 'Acquire', null],
      [10, 20, 0, 5],
      [30, NaN, 10, 5],
      [20, NaN, 10, 0],
      [2, 1, 5, NaN],
    );
    expect(totals.find((t) => t.quadrant === 'Develop')).toMatchObject({
      accounts: 2,
      spend: 30,
      potential: 30,
      whitespace: 20,
      opportunity: 3,
    });
    expect(totals.find((t) => t.quadrant === 'Acquire')).toMatchObject({
      accounts: 1,
      motion: 'Hunters (new logo)',
    });
    expect(totals.find((t) => t.quadrant === 'Retain')?.accounts).toBe(0);
  });
});

describe('tiers, size segments, industry priority', () => {
  it.each([
    [100, 'P0'],
    [95, 'P0'],
    [94.9, 'P1'],
    [85, 'P1'],
    [84.9, 'P2'],
    [70, 'P2'],
    [69.9, 'P3'],
    [50, 'P3'],
    [49.9, 'P4'],
    [25, 'P4'],
    [24.9, 'P5'],
    [0, 'P5'],
  ])('fit score %d → %s', (score, tier) => expect(tierOf(score)).toBe(tier));

  it('no tier without a score; touch targets by tier', () => {
    expect(tierOf(Number.NaN)).toBeNull();
    expect(DEFAULT_TIERS.map((t) => t.monthlyTouches)).toEqual([8, 6, 4, 2, 1, 0]);
  });

  it('rejects malformed tier rules', () => {
    expect(() => validateTiers(DEFAULT_TIERS.slice(0, 5))).toThrow(/exactly six rules/);
    const unordered = DEFAULT_TIERS.map((t) => ({ ...t }));
    (unordered[2] as { minScore: number }).minScore = 90;
    expect(() => validateTiers(unordered)).toThrow(/P2.minScore=90 must be below P1.minScore=85/);
  });

  it.each([
    [1000, NaN, 'Enterprise'],
    [999, NaN, 'Mid-Market'],
    [50, 100e6, 'Enterprise'],
    [50, 99.9e6, 'Mid-Market'],
    [100, NaN, 'Mid-Market'],
    [99, 9.99e6, 'SMB'],
    [NaN, 10e6, 'Mid-Market'],
    [NaN, NaN, null],
  ])('employees %d, revenue %d → %s', (employees, revenue, segment) =>
    expect(sizeSegmentOf(employees, revenue)).toBe(segment),
  );

  it('industry priority from lift', () => {
    expect([1.5, 1.49, 1.0, 0.99, undefined].map((l) => industryPriorityOf(l))).toEqual([
      'High',
      'Medium',
      'Medium',
      'Low',
      null,
    ]);
  });
});

describe('coverage and territories', () => {
  it('headcount = accounts / capacity per quadrant × size (full-time reps), each quadrant rounded up once; digital pools need no reps; unknown size uses SMB capacity', () => {
    const quadrants = [...Array(41).fill('Acquire'), ...Array(3).fill('Opportunistic'), 'Develop', 'Develop'];
    const segments = [
      ...Array(21).fill('Enterprise'),
      ...Array(20).fill('SMB'),
      'SMB',
      'SMB',
      'SMB',
      null,
      'Mid-Market',
    ];
    const rows = headcount(quadrants, segments, DEFAULT_CAPACITY);
    expect(rows).toEqual([
      { quadrant: 'Develop', segment: 'Mid-Market', accounts: 1, accountsPerRep: 40, reps: 1 / 40 },
      { quadrant: 'Develop', segment: 'Unknown', accounts: 1, accountsPerRep: 100, reps: 1 / 100 },
      { quadrant: 'Acquire', segment: 'Enterprise', accounts: 21, accountsPerRep: 20, reps: 21 / 20 },
      { quadrant: 'Acquire', segment: 'SMB', accounts: 20, accountsPerRep: 150, reps: 20 / 150 },
      { quadrant: 'Opportunistic', segment: 'SMB', accounts: 3, accountsPerRep: 0, reps: 0 },
    ]);
    // A rep works several segments: Acquire needs ⌈1.05 + 0.133⌉ = 2 (not 2 + 1), Develop ⌈0.035⌉ = 1 (not 2).
    expect(repsNeeded(rows)).toEqual([
      { quadrant: 'Develop', reps: 1 },
      { quadrant: 'Acquire', reps: 2 },
    ]);
  });

  it('deals the largest opportunities first to the lightest rep', () => {
    const { rep, balance } = assignTerritories([5, 4, 3, 3], 2);
    expect(Array.from(rep)).toEqual([0, 1, 1, 0]);
    expect(balance).toMatchObject({
      reps: 2,
      accountsPerRep: [2, 2],
      opportunityPerRep: [8, 7],
      maxMinRatio: 8 / 7,
    });
    expect(balance.gini).toBeCloseTo(gini([8, 7]), 15);
    expect(() => assignTerritories([1], 0)).toThrow(/reps=0 must be an integer >= 1/);
  });

  it('gini', () => {
    expect(gini([1, 1, 1])).toBe(0);
    expect(gini([0, 0, 3])).toBeCloseTo(2 / 3, 15);
    expect(gini([])).toBe(0);
  });
});

describe('ICP lift', () => {
  it('lift = customer share / market share, with a two-proportion test', () => {
    // 10 accounts: 4 Information (3 customers), 6 Retail (1 customer).
    const industry = ['I', 'I', 'I', 'I', 'R', 'R', 'R', 'R', 'R', 'R'];
    const customer = [1, 1, 1, 0, 1, 0, 0, 0, 0, 0];
    const table = liftTable('industry', industry, customer);
    expect(table[0]).toMatchObject({
      value: 'I',
      accounts: 4,
      customers: 3,
      customerShare: 0.75,
      marketShare: 0.4,
      lift: 1.875,
      customerRate: 0.75,
    });
    expect(table[1]).toMatchObject({ value: 'R', lift: 1 / 4 / 0.6 });
    const pooled = 0.4;
    const z = (0.75 - 1 / 6) / Math.sqrt(pooled * 0.6 * (1 / 4 + 1 / 6));
    expect(table[0]?.z).toBeCloseTo(z, 12);
    expect(table[0]?.pValue).toBeGreaterThan(0.05); // ten accounts prove nothing
    expect(icpSummary([table], { minCustomers: 1 })).toEqual([]);
    expect(icpSummary([table], { minCustomers: 1, alpha: 0.1 }).map((r) => r.value)).toEqual(['I']);
  });
});

describe('refresh statistics', () => {
  it('adjusted Rand index', () => {
    expect(adjustedRandIndex(['a', 'a', 'b', 'b'], ['x', 'x', 'y', 'y'])).toBe(1);
    expect(adjustedRandIndex(['a', 'a', 'b', 'b'], ['x', 'y', 'x', 'y'])).toBeCloseTo(-0.5, 12);
    expect(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(0.24242424242424246, 12); // scikit-learn's doc example
  });

  it('PSI is 0 for the same distribution and grows with a shift', () => {
    const base = Array.from({ length: 1000 }, (_, i) => i);
    expect(populationStabilityIndex(base, base)).toBe(0);
    const shifted = base.map((v) => v + 200);
    expect(populationStabilityIndex(base, shifted)).toBeGreaterThan(0.25);
  });
});
