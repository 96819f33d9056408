/** The engagement score (ranks, weights, recency half-life, "no signal") and the fit × engagement grid. */
import { describe, expect, it } from 'vitest';
import { engagementScores, priorityCells } from '../../src/segment/engagement-score.ts';

describe('engagementScores', () => {
  const visits = [50, 10, 0, 30, 0];
  const intent = [10, 90, 0, 50, 0];
  const present = [1, 1, 1, 1, 0];

  it('ranks each signal among accounts with data, weighs them, and gives no score without data', () => {
    const equal = engagementScores({ visits, intent }, present, [NaN, NaN, NaN, NaN, NaN], {
      weights: { visits: 1, intent: 1 },
      halfLifeDays: 90,
    });
    // ranks: visits 1, 1/3, 0, 2/3; intent 1/3, 1, 0, 2/3 → means 2/3, 2/3, 0, 2/3 → percentiles 66.7 ×3 and 0
    expect(Array.from(equal)).toEqual([66.7, 66.7, 0, 66.7, NaN]);
    const intentFirst = engagementScores({ visits, intent }, present, [NaN, NaN, NaN, NaN, NaN], {
      weights: { visits: 1, intent: 3 },
      halfLifeDays: 90,
    });
    expect(intentFirst[1]).toBe(100);
    expect(Number.isNaN(intentFirst[4] as number)).toBe(true); // no signal is not zero
  });

  it('halves the activity of an account last active one half-life before the latest activity', () => {
    const scores = engagementScores({ visits: [10, 10, 1] }, [1, 1, 1], [0, 90, 0], {
      weights: { visits: 1 },
      halfLifeDays: 90,
    });
    // raw: 0.75, 0.375 (same visits, 90 days older), 0 → percentiles 100, 50, 0
    expect(Array.from(scores)).toEqual([100, 50, 0]);
  });
});

describe('priorityCells', () => {
  it('fit letter A–D by fit quartile, engagement digit 1–4, "–" for no signal', () => {
    expect(priorityCells([97, 74.9, 30, 10, NaN], [88, 50, 24.9, NaN, 90])).toEqual([
      'A1',
      'B2',
      'C4',
      'D–',
      null,
    ]);
  });
});

describe('tier rules that use fit and engagement', () => {
  it('P0 needs fit ≥ 95 and engagement ≥ 75 when the config asks; the default stays fit only', async () => {
    const { DEFAULT_TIERS, priorityTiers, validateTiers } = await import('../../src/segment/tiers.ts');
    const rules = DEFAULT_TIERS.map((r) => (r.tier === 'P0' ? { ...r, minEngagement: 75 } : { ...r }));
    validateTiers(rules);
    const fit = [97, 97, 97, 60];
    const engagement = [80, 40, Number.NaN, 99];
    expect(priorityTiers(fit, DEFAULT_TIERS, engagement)).toEqual(['P0', 'P0', 'P0', 'P3']);
    expect(priorityTiers(fit, rules, engagement)).toEqual(['P0', 'P1', 'P1', 'P3']); // no signal is not engaged
    expect(() =>
      validateTiers(rules.map((r) => (r.tier === 'P5' ? { ...r, minEngagement: 10 } : r))),
    ).toThrow('tiers: P5.minScore must be 0 and P5 needs no minEngagement, so every account gets a tier');
  });
});
