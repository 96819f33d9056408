/**
 * Customer value at risk, from the value step's columns: how much current spend sits with customers who may
 * already have stopped buying (spend × (1 − p_alive)), how many customers are probably gone (p_alive below a
 * threshold) and which Retain and Develop customers to save first (largest spend at risk).
 */
import type { Frame } from '../data/frame.ts';

/** A customer worth saving: a Retain or Develop account with spend at risk. */
export interface CustomerToSave {
  accountId: string;
  name: string;
  quadrant: string;
  owner: string;
  pAlive: number;
  /** Current spend a year, in the study currency. */
  spend: number;
  /** spend × (1 − p_alive). */
  spendAtRisk: number;
  /** Expected value over the horizon. */
  expectedValue: number;
}

/** What {@link customerValueSummary} returns. */
export interface CustomerValueSummary {
  /** Customers with a value (a won-deal history). */
  customers: number;
  /** Their expected value over the horizon, discounted. */
  expectedValue: number;
  /** Σ current spend × (1 − p_alive): the spend of customers who may have stopped buying. */
  spendAtRisk: number;
  /** The p_alive below which a customer counts as probably gone. */
  atRiskBelow: number;
  /** Customers below it and their current spend. */
  probablyGone: { customers: number; spend: number };
  /** The Retain and Develop customers with the most spend at risk, largest first. */
  toSave: CustomerToSave[];
}

const SAVED_QUADRANTS = new Set(['Retain', 'Develop']);
const amount = (v: number) => (Number.isNaN(v) ? 0 : v);

/**
 * The value-at-risk summary of a segments table with `p_alive` and `expected_value`, or null without them.
 *
 * @example
 * customerValueSummary(segments, { atRiskBelow: 0.5, top: 10 })?.spendAtRisk; // 9_412_000
 */
export function customerValueSummary(
  segments: Frame,
  options: { atRiskBelow: number; top: number },
): CustomerValueSummary | null {
  if (!segments.has('p_alive') || !segments.has('expected_value')) return null;
  const [alive, value, spend] = ['p_alive', 'expected_value', 'current_spend'].map((c) =>
    segments.numbers(c),
  ) as [Float64Array, Float64Array, Float64Array];
  const [ids, names, quadrants, owners] = ['account_id', 'name', 'road_quadrant', 'owner'].map((c) =>
    segments.has(c) ? segments.strings(c) : new Array<null>(segments.numRows).fill(null),
  ) as [(string | null)[], (string | null)[], (string | null)[], (string | null)[]];
  const summary: CustomerValueSummary = {
    customers: 0,
    expectedValue: 0,
    spendAtRisk: 0,
    atRiskBelow: options.atRiskBelow,
    probablyGone: { customers: 0, spend: 0 },
    toSave: [],
  };
  const candidates: CustomerToSave[] = [];
  alive.forEach((p, i) => {
    if (Number.isNaN(p)) return;
    const atRisk = amount(spend[i] as number) * (1 - p);
    summary.customers++;
    summary.expectedValue += amount(value[i] as number);
    summary.spendAtRisk += atRisk;
    if (p < options.atRiskBelow) {
      summary.probablyGone.customers++;
      summary.probablyGone.spend += amount(spend[i] as number);
    }
    if (atRisk > 0 && SAVED_QUADRANTS.has(quadrants[i] ?? ''))
      candidates.push({
        accountId: ids[i] ?? '',
        name: names[i] ?? ids[i] ?? '',
        quadrant: quadrants[i] as string,
        owner: owners[i] ?? '',
        pAlive: p,
        spend: amount(spend[i] as number),
        spendAtRisk: atRisk,
        expectedValue: amount(value[i] as number),
      });
  });
  summary.toSave = candidates
    .sort((a, b) => b.spendAtRisk - a.spendAtRisk || a.accountId.localeCompare(b.accountId))
    .slice(0, options.top);
  return summary;
}
