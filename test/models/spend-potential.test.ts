import { describe, expect, it } from 'vitest';
import { employeeBand, SpendPotential } from '../../src/models/spend-potential.ts';
import { Frame } from '../../src/data/frame.ts';
import { loadTable } from '../../src/data/load.ts';
import { quantileSorted } from '../../src/stats/index.ts';

function logCorrelation(a: Float64Array, b: Float64Array): number {
  const x: number[] = [];
  const y: number[] = [];
  a.forEach((v, i) => {
    if (v > 0 && (b[i] as number) > 0) {
      x.push(Math.log(v));
      y.push(Math.log(b[i] as number));
    }
  });
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((v, i) => {
    sxy += (v - mx) * ((y[i] as number) - my);
    sxx += (v - mx) ** 2;
    syy += ((y[i] as number) - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

describe("SpendPotential on the bundled sample, against the generator's true wallet", () => {
  it.each([
    ['peer-percentile', 0.88],
    ['log-log', 0.94],
  ] as const)('%s: log correlation with the true wallet > %s', async (method, floor) => {
    const { frame } = await loadTable('data/sample/ground-truth/accounts-2026-05.csv');
    const model = new SpendPotential({ method }).fit(frame, {
      spend: 'current_spend',
      employees: 'employees',
      industry: 'industry',
      ...(method === 'log-log' ? { revenue: 'annual_revenue' } : {}),
    });
    const { potential, whitespace } = model.predict(frame);
    expect(logCorrelation(potential, frame.numbers('true_wallet'))).toBeGreaterThan(floor);
    const spend = frame.numbers('current_spend');
    for (let i = 0; i < frame.numRows; i++) {
      expect(whitespace[i]).toBeCloseTo(Math.max(0, (potential[i] as number) - (spend[i] as number)), 6);
      expect(potential[i]).toBeGreaterThanOrEqual(spend[i] as number);
    }
    const restored = SpendPotential.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(restored.predict(frame).potential)).toEqual(Array.from(potential));
  });
});

describe('SpendPotential: hand-computed cases', () => {
  // 10 customers in Information 50-199 and 10 in Retail 50-199, plus prospects.
  const spendInfo = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
  const spendRetail = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const frame = Frame.fromColumns({
    industry: [
      ...Array(10).fill('Information'),
      ...Array(10).fill('Retail Trade'),
      'Information',
      'Retail Trade',
      'Health Care',
      'Information',
    ],
    employees: [...Array(20).fill(100), 120, 80, 150, null],
    spend: [...spendInfo, ...spendRetail, null, 2, null, null],
  });

  it('peer percentile: P75 of the industry × band cell, falling back to the band', () => {
    const model = new SpendPotential({ percentile: 0.75, minPeers: 5 }).fit(frame, {
      spend: 'spend',
      employees: 'employees',
      industry: 'industry',
    });
    const { potential, whitespace, basis, warnings } = model.predict(frame);
    expect(potential[20]).toBeCloseTo(quantileSorted(spendInfo, 0.75), 12); // 77.5
    const retailCell = [...spendRetail, 2].sort((a, b) => a - b); // row 21 is a customer (spend 2) in that cell
    expect(potential[21]).toBeCloseTo(quantileSorted(retailCell, 0.75), 12); // 7.5
    expect(whitespace[21]).toBeCloseTo(7.5 - 2, 12);
    const band = [...spendInfo, ...spendRetail, 2].sort((a, b) => a - b);
    expect(potential[22]).toBeCloseTo(quantileSorted(band, 0.75), 12); // Health Care: no cell → the band
    // No size: the P75 of its industry's customers, whatever their size, and the basis says so.
    expect(potential[23]).toBeCloseTo(quantileSorted(spendInfo, 0.75), 12);
    expect([basis[20], basis[23]]).toEqual(['size', 'industry peers (no size)']);
    expect(warnings.map((w) => w.message)).toEqual([
      "1 of 24 accounts have no usable size: their potential is the P75 spend of their industry's customers (1) or of all customers (0); column potential_basis says which",
    ]);
    expect(potential[9]).toBe(100); // a customer above the percentile: potential = its spend, whitespace 0
    expect(whitespace[9]).toBe(0);
  });

  it('bands and quantiles', () => {
    expect([1, 9, 10, 49, 50, 199, 200, 999, 1000, 4999, 5000, 1e6].map(employeeBand)).toEqual([
      '1-9',
      '1-9',
      '10-49',
      '10-49',
      '50-199',
      '50-199',
      '200-499',
      '500-999',
      '1000-4999',
      '1000-4999',
      '5000+',
      '5000+',
    ]);
    expect(employeeBand(Number.NaN)).toBeNull();
    expect(quantileSorted([1, 2, 3, 4], 0.75)).toBe(3.25);
  });

  it('rejects negative spend, too few customers and bad options', () => {
    const negative = frame.withColumn('spend', [-5, ...Array(23).fill(1)]);
    expect(() =>
      new SpendPotential().fit(negative, { spend: 'spend', employees: 'employees', file: 's.csv' }),
    ).toThrow(/^s\.csv, row 1, column "spend": spend -5 is negative/);
    const few = frame.withColumn('spend', [1, 2, ...Array(22).fill(null)]);
    expect(() => new SpendPotential().fit(few, { spend: 'spend', employees: 'employees' })).toThrow(
      /only 2 customers with spend > 0/,
    );
    expect(() => new SpendPotential({ percentile: 1.5 })).toThrow(/percentile=1.5 must be between 0 and 1/);
    expect(() => new SpendPotential({ method: 'magic' as never })).toThrow(/method="magic"/);
  });
});
