/** Reason codes of the lookalike model: additive to the log-odds, grouped per feature, in words a rep reads. */
import { describe, expect, it } from 'vitest';
import { Frame } from '../../src/data/frame.ts';
import { LogisticRegression } from '../../src/models/logistic.ts';
import { explainScores } from '../../src/models/reason-codes.ts';

const frame = Frame.fromColumns({
  is_customer: [1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0],
  log10_employees: [3.6, 2.0, 3.1, 1.7, 2.9, 2.2, null, 1.9, 2.4, 3.3, 2.1, 1.5],
  tech_fit_score: [0.9, 0.4, 0.7, 0.3, 0.8, 0.6, 0.75, 0.2, 0.5, 0.65, 0.45, 0.35],
  industry: [
    'Information',
    'Retail',
    'Information',
    'Retail',
    'Finance',
    'Finance',
    'Information',
    null,
    'Retail',
    'Finance',
    'Information',
    'Retail',
  ],
});
const model = new LogisticRegression({ l2: 1 }).fit(frame, {
  target: 'is_customer',
  features: ['log10_employees', 'tech_fit_score'],
  categorical: ['industry'],
  missing: 'impute',
});

describe('explainScores', () => {
  const e = explainScores(model.toJSON(), frame);
  const probability = model.predictProba(frame).probability;

  it("the average account plus an account's contributions is its log-odds, to 1e-9", () => {
    expect(e.features).toEqual(['log10_employees', 'tech_fit_score', 'industry']);
    for (let i = 0; i < frame.numRows; i++) {
      const p = probability[i] as number;
      const sum = Array.from(e.contributions.subarray(i * 3, i * 3 + 3)).reduce((s, v) => s + v, e.baseline);
      expect(Math.abs(sum - Math.log(p / (1 - p)))).toBeLessThan(1e-9);
      expect(Math.abs((e.logOdds[i] as number) - sum)).toBeLessThan(1e-12);
    }
  });

  it('a categorical feature counts its level against the average level mix', () => {
    const c = model.coefficients;
    const levels = model.toJSON().categorical.industry as string[];
    const share = (level: string) =>
      frame.strings('industry').filter((v) => (v ?? 'Unknown') === level).length / 12;
    const average = levels.slice(1).reduce((s, l) => s + (c[`industry=${l}`] as number) * share(l), 0);
    const mine = (c['industry=Information'] as number) - average; // row 0 is Information
    expect(e.contributions[2]).toBeCloseTo(mine, 12);
    expect(Array.from(e.contributions.slice(0, 3)).reduce((s, v) => s + v, 0)).not.toBe(0);
  });

  it('says the top positive and negative drivers in words', () => {
    expect(e.reasons[0]).toMatch(/^Employees 3,981 \(vs \d[\d,]* typical\): \+\d\.\d/);
    expect(e.reasons[0]).toMatch(/Industry Information: [+−]\d\.\d/);
    expect(e.reasons[6]).toMatch(/Employees unknown: [+−]\d\.\d/); // a missing value is said as such
    for (const r of e.reasons) {
      const parts = r.split('; ').map((p) => Number(p.slice(p.lastIndexOf(': ') + 2).replace('−', '-')));
      const positives = parts.filter((v) => v > 0).length;
      expect(positives).toBeLessThanOrEqual(3);
      expect(parts.length - positives).toBeLessThanOrEqual(2);
    }
  });
});

describe('missing values named after their cause', () => {
  it('the vendor columns an account lacks are one reason, "No match in vendor.csv", with their summed contribution', () => {
    const n = 120;
    const matched = (i: number) => i % 3 !== 0;
    const frame = Frame.fromColumns({
      won: Float64Array.from({ length: n }, (_, i) =>
        matched(i) ? ((i * 7) % 5 < 1 ? 1 : 0) : (i * 7) % 5 < 3 ? 1 : 0,
      ),
      size: Float64Array.from({ length: n }, (_, i) => 1 + ((i * 13) % 17) / 4),
      founded: Float64Array.from({ length: n }, (_, i) => (matched(i) ? 1960 + ((i * 11) % 50) : Number.NaN)),
      tech: Float64Array.from({ length: n }, (_, i) => (matched(i) ? (i * 5) % 2 : Number.NaN)),
    });
    const model = new LogisticRegression({ l2: 1 })
      .fit(frame, { target: 'won', features: ['size', 'founded', 'tech'], missing: 'impute' })
      .toJSON();
    const causes = { founded: 'No match in vendor.csv', tech: 'No match in vendor.csv' };
    const { reasons, contributions, features } = explainScores(model, frame, causes);
    const row = 3; // unmatched
    const summed =
      (contributions[row * features.length + features.indexOf('founded')] as number) +
      (contributions[row * features.length + features.indexOf('tech')] as number);
    const reason = (reasons[row] as string).split('; ').filter((r) => r.startsWith('No match'));
    expect(summed).toBeGreaterThan(0.05); // unmatched accounts are customers more often here
    expect(reason).toEqual([`No match in vendor.csv: +${summed.toFixed(1)}`]);
    expect(reasons[row]).not.toMatch(/Founded unknown|Tech unknown/);
    expect(reasons[1]).not.toMatch(/No match/); // a matched account
  });
});
