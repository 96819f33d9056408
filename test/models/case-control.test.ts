/**
 * The case-control fit: every customer and a seeded sample of non-customers, intercept corrected by ln(fraction).
 * On a 1,000,000-row population with a known logistic truth, the corrected model's probabilities match the model
 * fitted on all rows within the tolerance stated in the README: max |Δp| ≤ 0.01 and mean |Δp| / p ≤ 1 %, with
 * 200,000 of ~983,000 non-customers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/core/random.ts';
import { Frame } from '../../src/data/frame.ts';
import { caseControlRows, fitCaseControl } from '../../src/models/case-control.ts';
import { LogisticRegression, type LogisticFitOptions } from '../../src/models/logistic.ts';
import { loadStudyConfig } from '../../src/study/config.ts';
import { runSteps } from '../../src/study/runner.ts';

/** 1M accounts: two numeric features and an industry, customers drawn from a known logistic model (~1.7 %). */
function population(n: number, seed: number): Frame {
  const random = new Random(seed);
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const y = new Float64Array(n);
  const levels = ['Finance', 'Retail', 'Software', 'Utilities'];
  const effects = [0, -0.4, 0.9, 0.2];
  const industry: string[] = [];
  for (let i = 0; i < n; i++) {
    x1[i] = random.normal();
    x2[i] = random.normal(2, 1.5);
    const level = random.int(4);
    industry.push(levels[level] as string);
    const eta = -4.2 + 1.1 * (x1[i] as number) - 0.5 * (x2[i] as number) + (effects[level] as number);
    y[i] = random.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return Frame.fromColumns({ x1, x2, industry, y });
}

const FIT: LogisticFitOptions = {
  target: 'y',
  features: ['x1', 'x2'],
  categorical: ['industry'],
  missing: 'error',
};

describe('caseControlRows', () => {
  const y = Float64Array.from([1, 0, 0, 0, 1, 0, Number.NaN, 0]);

  it('keeps every positive and the asked number of negatives, none with a missing label', () => {
    const { rows, sampling } = caseControlRows(y, 2, 42);
    expect(rows).toHaveLength(4);
    expect([...rows].filter((i) => y[i] === 1)).toEqual([0, 4]);
    expect([...rows].every((i) => y[i] === 0 || y[i] === 1)).toBe(true);
    expect([...rows]).toEqual([...rows].sort((a, b) => a - b));
    expect(sampling).toEqual({
      positives: 2,
      negatives: 5,
      negativesSampled: 2,
      negativeFraction: 0.4,
      interceptCorrection: Math.log(0.4),
      seed: 42,
    });
  });

  it('is the same for a seed and differs between seeds; asking for more negatives than exist takes them all', () => {
    const big = Float64Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? 1 : 0));
    expect(caseControlRows(big, 50, 1).rows).toEqual(caseControlRows(big, 50, 1).rows);
    expect(caseControlRows(big, 50, 1).rows).not.toEqual(caseControlRows(big, 50, 2).rows);
    expect(caseControlRows(y, 99, 1).sampling.negativeFraction).toBe(1);
  });
});

describe('fitCaseControl on 1,000,000 accounts', () => {
  let frame: Frame;
  let full: Float64Array;
  beforeAll(() => {
    frame = population(1_000_000, 7);
    full = new LogisticRegression().fit(frame, FIT).predictProba(frame).probability;
  });

  function compare(probability: Float64Array) {
    let maxAbs = 0;
    let relative = 0;
    for (let i = 0; i < full.length; i++) {
      const d = Math.abs((full[i] as number) - (probability[i] as number));
      maxAbs = Math.max(maxAbs, d);
      relative += d / (full[i] as number);
    }
    return { maxAbs, meanRelative: relative / full.length };
  }

  it('the corrected probabilities match the full fit (max |Δp| ≤ 0.01, mean relative ≤ 1 %)', () => {
    const { model, sample, sampling } = fitCaseControl(new LogisticRegression(), frame, FIT, {
      negatives: 200_000,
      seed: 42,
    });
    expect(sample.numRows).toBe(sampling.positives + 200_000);
    expect(sampling.positives).toBeGreaterThan(15_000);
    const { maxAbs, meanRelative } = compare(model.predictProba(frame).probability);
    expect(maxAbs).toBeLessThanOrEqual(0.01);
    expect(meanRelative).toBeLessThanOrEqual(0.01);
  });

  it('without the correction the probabilities are several times too high', () => {
    const { model, sampling } = fitCaseControl(new LogisticRegression(), frame, FIT, {
      negatives: 200_000,
      seed: 42,
    });
    const json = model.toJSON();
    const uncorrected = LogisticRegression.fromJSON({
      ...json,
      intercept: json.intercept - sampling.interceptCorrection,
    });
    expect(compare(uncorrected.predictProba(frame).probability).meanRelative).toBeGreaterThan(2);
  });
});

describe('the lookalike step above lookalike.sample.above', () => {
  it('fits on all customers and a seeded sample of non-customers, says so, and records the sampling', async () => {
    const config = await loadStudyConfig();
    const state = await runSteps(
      { ...config, lookalike: { ...config.lookalike, sample: { above: 10_000, nonCustomers: 5_000 } } },
      { until: 'lookalike' },
    );
    const { sampling, model } = state.artifacts.lookalike as NonNullable<typeof state.artifacts.lookalike>;
    expect(sampling).toMatchObject({ positives: 1400, negatives: 18_600, negativesSampled: 5_000, seed: 42 });
    expect(model.toJSON().metrics.n).toBe(6_400);
    expect(
      state.warnings.some((w) => w.code === 'fit-on-sample' && w.message.includes('5,000 of 18,600')),
    ).toBe(true);
    // On the population's scale: the mean probability is the customer rate (7 %), not the sample's (22 %).
    const probability = state.frame.numbers('probability');
    const mean = probability.reduce((s, p) => s + p, 0) / probability.length;
    expect(mean).toBeGreaterThan(0.06);
    expect(mean).toBeLessThan(0.08);
  });
});
