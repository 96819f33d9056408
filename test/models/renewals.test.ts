/**
 * The shifted-beta-geometric model against its published fits, and subscriptions read from invoice dates.
 * Golden data: Fader & Hardie (2007), "How to project customer retention", Journal of Interactive Marketing
 * 21(1), Table 1 — survivors of a 1,000-customer cohort over seven years; the paper's maximum-likelihood fits are
 * α = 0.704, β = 1.182 ("regular") and α = 0.668, β = 3.806 ("high end").
 */
import { describe, expect, it } from 'vitest';
import { ShiftedBetaGeometric, subscriptionsFromSurvivors } from '../../src/models/shifted-beta-geometric.ts';
import { billings, commonBillingPeriod, subscriptionsOf } from '../../src/models/subscription-history.ts';

const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];

describe('shifted-beta-geometric', () => {
  it('reproduces the published fits to 0.001 (log-likelihood to 0.1)', () => {
    const regular = new ShiftedBetaGeometric().fit(subscriptionsFromSurvivors(REGULAR)).toJSON();
    expect(regular.alpha).toBeCloseTo(0.704, 3);
    expect(regular.beta).toBeCloseTo(1.182, 3);
    expect(regular.logLikelihood).toBeCloseTo(-1680.3, 1);
    const highEnd = new ShiftedBetaGeometric().fit(subscriptionsFromSurvivors(HIGH_END)).toJSON();
    expect(highEnd.alpha).toBeCloseTo(0.668, 3);
    expect(highEnd.beta).toBeCloseTo(3.806, 3);
    expect(highEnd.converged).toBe(true);
  });

  it('projects survival and renewal risk from the fit; survives its model file', () => {
    const model = new ShiftedBetaGeometric().fit(subscriptionsFromSurvivors(REGULAR));
    const survival = model.survival(7).map((s) => Math.round(1000 * s));
    // Fitted curve against the observed survivors (within 10 of 1,000 each year).
    survival.forEach((s, t) => expect(Math.abs(s - (REGULAR[t + 1] as number))).toBeLessThan(10));
    const { alpha, beta } = model.parameters();
    expect(model.renewalRisk(0)).toBeCloseTo(alpha / (alpha + beta), 12);
    // A subscriber who has renewed longer is less likely to leave (its θ's posterior moves down).
    expect(model.renewalRisk(6)).toBeLessThan(model.renewalRisk(1));
    const restored = ShiftedBetaGeometric.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(restored.renewalRisk(3)).toBe(model.renewalRisk(3));
  });

  it('refuses a subscription of no whole period, naming the subscriber', () => {
    expect(() =>
      new ShiftedBetaGeometric().fit([{ subscriber: 'ACME-7', periods: 0, churned: true }]),
    ).toThrow(/subscriber "ACME-7" has 0 periods/);
  });
});

describe('subscriptions from invoice dates', () => {
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  // NetSuite-style billing runs: quarterly on the 23rd, a late payment, a customer who stopped, a monthly one, an
  // irregular buyer and a one-off.
  const invoices = [
    ...['2025-02-23', '2025-05-23', '2025-08-25', '2025-11-23', '2026-02-23', '2026-05-23'].map((d) => ({
      customer: 'A',
      day: day(d),
    })),
    ...['2025-02-10', '2025-05-10', '2025-08-10'].map((d) => ({ customer: 'B', day: day(d) })),
    ...['2025-11-01', '2025-12-01', '2026-01-01', '2026-02-01'].map((d) => ({ customer: 'C', day: day(d) })),
    ...['2025-01-15', '2025-02-01', '2025-09-30'].map((d) => ({ customer: 'D', day: day(d) })),
    { customer: 'E', day: day('2026-04-02') },
    ...['2025-03-01', '2025-06-01', '2025-09-01', '2025-12-01', '2026-03-01'].map((d) => ({
      customer: 'F',
      day: day(d),
    })),
  ];

  it('reads each customer billing period, and the period most customers share', () => {
    const billing = billings(invoices);
    expect(billing.map((b) => [b.customer, b.periodMonths])).toEqual([
      ['A', 3],
      ['B', 3],
      ['C', 1],
      ['D', null],
      ['E', null],
      ['F', 3],
    ]);
    // 3 of the 5 customers invoiced on two days or more are billed quarterly.
    expect(commonBillingPeriod(billing)).toBe(3);
    expect(commonBillingPeriod(billing, 0.7)).toBe(null);
  });

  it('counts renewals and churn as of the study date', () => {
    const subscriptions = subscriptionsOf(billings(invoices), 3, day('2026-05-31'));
    expect(subscriptions).toEqual([
      // 6 quarterly invoices, still billed: renewed 5 times.
      { subscriber: 'A', periods: 5, churned: false },
      // 3 invoices, the last a year before the study date: churned after its 3rd quarter.
      { subscriber: 'B', periods: 3, churned: true },
      // Last invoice 3 months before: still billed (within 1.5 periods).
      { subscriber: 'F', periods: 4, churned: false },
    ]);
  });
});
