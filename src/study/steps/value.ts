/**
 * Step "value": customer value from the purchase history — the invoice lines when the spend input is dated, else
 * the won deals (the "buy till you die" models). BG/NBD gives each
 * customer's probability of still buying (`p_alive`) and its purchases expected over `value.horizonMonths`;
 * Gamma-Gamma the value of each purchase; `expected_value` discounts them month by month at
 * `value.discountRate` a year. Skipped with a stated reason when the history is too short. Owns `value`.
 */
import { warning, type Warning } from '../../core/errors.ts';
import { formatCount } from '../../core/format.ts';
import type { Frame } from '../../data/frame.ts';
import { BgNbd } from '../../models/bg-nbd.ts';
import type { ValueFile } from '../run-files.ts';
import { GammaGamma } from '../../models/gamma-gamma.ts';
import {
  DAY_MS,
  DAYS_PER_MONTH,
  purchaseSummaries,
  type PurchaseSummary,
} from '../../models/purchase-history.ts';
import { checkRange, type ConfigSlice } from '../config-slice.ts';
import type { StudyStep } from '../step.ts';
import type { StudyArtifacts } from '../types.ts';
import { renewalRisks, type RenewalRisks } from './value-renewals.ts';

/** The `value` slice. */
export interface ValueConfig {
  /** The horizon of the expected purchases and value, in months. Default 12. */
  horizonMonths: number;
  /** The yearly discount rate of future value (0.1 = 10 %). Default 0.1. */
  discountRate: number;
  /** The fewest customers with a repeat purchase the models need; fewer: the step is skipped. Default 30. */
  minRepeatBuyers: number;
  /** A customer whose p_alive is below this is probably gone (report, deck). Default 0.5. */
  atRiskBelow: number;
}

/** The `value` slice. */
export const valueConfig: ConfigSlice<ValueConfig> = {
  key: 'value',
  defaults: () => ({ horizonMonths: 12, discountRate: 0.1, minRepeatBuyers: 30, atRiskBelow: 0.5 }),
  validate(v, file) {
    checkRange(v.horizonMonths, file, 'value.horizonMonths', { min: 1, max: 120, integer: true });
    checkRange(v.discountRate, file, 'value.discountRate', { min: 0, max: 1 });
    checkRange(v.minRepeatBuyers, file, 'value.minRepeatBuyers', { min: 5, max: 1_000_000, integer: true });
    checkRange(v.atRiskBelow, file, 'value.atRiskBelow', { min: 0, max: 1 });
  },
};

/** The value step's artifact: the fitted models, or why the step was skipped. */
export type ValueArtifact = ({ fitted: true } & Required<ValueFile>) | { fitted: false; reason: string };

/** Months as the models' time unit. */

/** Where purchases come from: the invoice lines when the spend input is dated, else the won deals. */
type PurchaseSource = 'invoice lines' | 'won deals';

/** Every purchase up to the study date (account = its row), and where they came from. */
function purchasesOf(
  assemble: StudyArtifacts['assemble'] | undefined,
  asOf: number,
): { source: PurchaseSource; purchases: { account: number; date: number; amount: number }[] } {
  const lines = assemble?.purchaseLines ?? null;
  if (lines !== null && lines.length > 0)
    return {
      source: 'invoice lines',
      purchases: lines.filter((l) => l.date <= asOf && l.amount > 0),
    };
  const won = (assemble?.deals ?? []).filter(
    (d) => d.status === 'won' && Number.isFinite(d.closeDate) && d.closeDate <= asOf,
  );
  return {
    source: 'won deals',
    purchases: won.map((d) => ({ account: d.account, date: d.closeDate, amount: d.amount })),
  };
}

/** Each account's summary of its purchases up to the study date (index = the account's row). */
function accountHistories(
  purchases: readonly { account: number; date: number; amount: number }[],
  asOf: number,
): Map<number, PurchaseSummary> {
  const byDay = purchases.map((p) => ({
    customer: String(p.account),
    day: Math.floor(p.date / DAY_MS),
    amount: p.amount,
  }));
  const summaries = purchaseSummaries(byDay, { end: Math.floor(asOf / DAY_MS), unitDays: DAYS_PER_MONTH });
  return new Map(summaries.filter((s) => s.age > 0).map((s) => [Number(s.customer), s]));
}

/**
 * The value per purchase of each customer. Gamma-Gamma learns from repeat purchases, so a customer without one
 * would get the population's mean; its first deal still tells its size: it counts as one repeat purchase worth
 * the first deal × the median ratio of repeat to first value among the customers who have both.
 */
function valuesPerPurchase(spend: GammaGamma, summaries: readonly PurchaseSummary[]): Map<string, number> {
  const ratios = summaries
    .filter((s) => s.frequency > 0 && s.meanValue > 0 && (s.firstValue ?? 0) > 0)
    .map((s) => s.meanValue / (s.firstValue as number))
    .sort((a, b) => a - b);
  const ratio = ratios.length === 0 ? Number.NaN : (ratios[Math.floor((ratios.length - 1) / 2)] as number);
  return new Map(
    summaries.map((s) => {
      const first = (s.firstValue ?? 0) * ratio;
      const proxy = s.frequency === 0 && first > 0 ? { ...s, frequency: 1, meanValue: first } : s;
      return [s.customer, spend.expectedValue(proxy)];
    }),
  );
}

/** Expected value over the horizon: each month's expected purchases × the value per purchase, discounted. */
function discountedValue(model: BgNbd, perPurchase: number, s: PurchaseSummary, c: ValueConfig): number {
  let value = 0;
  let before = 0;
  for (let month = 1; month <= c.horizonMonths; month++) {
    const upTo = model.expectedPurchases(month, s);
    value += ((upTo - before) * perPurchase) / (1 + c.discountRate) ** (month / 12);
    before = upTo;
  }
  return value;
}

function skipped(frame: Frame, reason: string, renewals: RenewalRisks | null = null) {
  const empty = new Float64Array(frame.numRows).fill(Number.NaN);
  const artifact: ValueArtifact = { fitted: false, reason };
  const warnings: Warning[] = [
    warning('value-skipped', `${reason}; p_alive and expected value are left empty`),
    ...(renewals?.warnings ?? []),
  ];
  return {
    columns: {
      p_alive: empty,
      expected_purchases: empty,
      expected_value: empty,
      renewal_risk: renewals?.risk ?? empty,
    },
    artifact,
    warnings,
  };
}

/** The value step: adds `p_alive`, `expected_purchases`, `expected_value` (customers with a purchase history) and `renewal_risk` (active subscribers). */
export const valueStep: StudyStep<'value'> = {
  name: 'value',
  label: 'customer value (BG/NBD, Gamma-Gamma)',
  reads: ['is_customer'],
  config: [valueConfig as ConfigSlice<unknown>],
  run({ frame, config, artifacts }) {
    const c = config.value;
    const asOf = artifacts.assemble?.money.asOf ?? null;
    if (asOf === null)
      return skipped(frame, 'no dated won deals or invoice lines to learn purchase patterns from');
    const { source, purchases: history } = purchasesOf(artifacts.assemble, Date.parse(asOf));
    const histories = accountHistories(history, Date.parse(asOf));
    const summaries = [...histories.values()];
    const renewals =
      source === 'invoice lines'
        ? renewalRisks(history, frame.numRows, Date.parse(asOf), c.minRepeatBuyers)
        : null;
    const repeat = summaries.filter((s) => s.frequency > 0 && s.meanValue > 0).length;
    if (repeat < c.minRepeatBuyers)
      return skipped(
        frame,
        `only ${formatCount(repeat)} customers ${source === 'won deals' ? 'won a second deal' : 'were invoiced on a second day'} by ${asOf} (value.minRepeatBuyers: ${c.minRepeatBuyers})`,
        renewals,
      );
    const purchases = new BgNbd().fit(summaries);
    const spend = new GammaGamma().fit(summaries.filter((s) => s.frequency === 0 || s.meanValue > 0));
    const [alive, expected, value] = [0, 1, 2].map(() =>
      new Float64Array(frame.numRows).fill(Number.NaN),
    ) as [Float64Array, Float64Array, Float64Array];
    const perPurchase = valuesPerPurchase(spend, summaries);
    for (const [row, s] of histories) {
      alive[row] = purchases.probabilityAlive(s);
      expected[row] = purchases.expectedPurchases(c.horizonMonths, s);
      value[row] = discountedValue(purchases, perPurchase.get(s.customer) as number, s, c);
    }
    const notes = purchases.toJSON().converged
      ? []
      : [
          warning(
            'value-no-dropout',
            `the ${source === 'won deals' ? 'won-deal' : 'invoice'} history of ${formatCount(summaries.length)} customers shows no drop-out pattern (BG/NBD's a and b at their bound): p_alive says little; expected purchases follow the buying rate alone`,
          ),
        ];
    const artifact: ValueArtifact = {
      fitted: true,
      purchases: purchases.toJSON(),
      spend: spend.toJSON(),
      customers: summaries.length,
      repeatBuyers: repeat,
      source,
      renewals: renewals?.renewals ?? null,
      horizonMonths: c.horizonMonths,
      discountRate: c.discountRate,
      atRiskBelow: c.atRiskBelow,
    };
    const risk = renewals?.risk ?? new Float64Array(frame.numRows).fill(Number.NaN);
    return {
      columns: { p_alive: alive, expected_purchases: expected, expected_value: value, renewal_risk: risk },
      artifact,
      warnings: [...notes, ...(renewals?.warnings ?? [])],
    };
  },
};
