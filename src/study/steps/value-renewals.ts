/**
 * The value step's contractual side: when the invoice lines show customers billed at a regular interval, the
 * shifted-beta-geometric model of their renewals gives each active subscriber its renewal risk — the chance it
 * does not renew at the end of its current billing period.
 */
import { warning, type Warning } from '../../core/errors.ts';
import { formatCount } from '../../core/format.ts';
import { DAY_MS } from '../../models/purchase-history.ts';
import { ShiftedBetaGeometric, type SbgJson } from '../../models/shifted-beta-geometric.ts';
import { billings, commonBillingPeriod, subscriptionsOf } from '../../models/subscription-history.ts';

/** `models/value.json`'s renewals: the sBG fit, the billing period and how many subscriptions churned. */
export type RenewalsFile = SbgJson & { periodMonths: number; churned: number };

/** What {@link renewalRisks} returns. */
export interface RenewalRisks {
  /** Each account's renewal risk (NaN: not an active subscriber). */
  risk: Float64Array;
  renewals: RenewalsFile | null;
  warnings: Warning[];
}

/**
 * Renewal risk of each active subscriber from dated purchases (invoice lines), or nothing when the customers are
 * not billed at a common regular interval or too few subscriptions are known.
 *
 * @example
 * renewalRisks(lines, 20_000, Date.parse('2026-11-30'), 30).renewals?.periodMonths; // 3 (quarterly billing)
 */
export function renewalRisks(
  purchases: readonly { account: number; date: number }[],
  rows: number,
  asOf: number,
  minSubscribers: number,
): RenewalRisks {
  const risk = new Float64Array(rows).fill(Number.NaN);
  const billing = billings(
    purchases.map((p) => ({ customer: String(p.account), day: Math.floor(p.date / DAY_MS) })),
  );
  const period = commonBillingPeriod(billing);
  if (period === null) return { risk, renewals: null, warnings: [] };
  const subscriptions = subscriptionsOf(billing, period, Math.floor(asOf / DAY_MS));
  if (subscriptions.length < minSubscribers)
    return {
      risk,
      renewals: null,
      warnings: [
        warning(
          'renewals-skipped',
          `only ${formatCount(subscriptions.length)} subscriptions billed every ${period} months have renewed or ended (value.minRepeatBuyers: ${minSubscribers}); renewal_risk is left empty`,
        ),
      ],
    };
  const model = new ShiftedBetaGeometric().fit(subscriptions);
  for (const s of subscriptions) if (!s.churned) risk[Number(s.subscriber)] = model.renewalRisk(s.periods);
  const churned = subscriptions.filter((s) => s.churned).length;
  const warnings =
    churned === 0
      ? [
          warning(
            'renewals-no-churn',
            `none of ${formatCount(subscriptions.length)} subscriptions billed every ${period} months stopped being billed: renewal_risk is near 0 and says little until some do`,
          ),
        ]
      : [];
  return { risk, renewals: { ...model.toJSON(), periodMonths: period, churned }, warnings };
}
