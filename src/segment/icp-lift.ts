/**
 * ICP discovery by attribute lift: for each value of an attribute (industry, size band, region, a
 * technographic or engagement band), how much more common it is among won customers than in the market.
 *
 * lift = (share of customers with the value) / (share of the market with the value). Significance is the
 * two-proportion z-test of the customer rate among accounts with the value against the rate among the others.
 */
import { errorFunction } from 'simple-statistics';
import { UsageError } from '../core/errors.ts';

/** One row of a lift table. */
export interface LiftRow {
  attribute: string;
  value: string;
  /** Accounts in the market with this value. */
  accounts: number;
  /** Customers with this value. */
  customers: number;
  /** Share of all customers that have this value. */
  customerShare: number;
  /** Share of the market that has this value. */
  marketShare: number;
  /** customerShare / marketShare: above 1 means over-represented among customers. */
  lift: number;
  /** Customer rate (customers / accounts) for this value. */
  customerRate: number;
  /** z of the two-proportion test (this value vs. the rest). */
  z: number;
  /** Two-sided p-value of that test. */
  pValue: number;
}

/**
 * The lift table of one attribute, sorted by lift (highest first). Accounts with a missing value are left out
 * of that attribute's table. Values with fewer than `minAccounts` accounts are dropped (default 1).
 *
 * @example
 * liftTable('industry', industries, isCustomer)[0];
 * // { attribute: 'industry', value: 'Information', accounts: 3400, customers: 420, lift: 1.9, pValue: 1e-40, … }
 */
export function liftTable(
  attribute: string,
  values: readonly (string | null)[],
  isCustomer: ArrayLike<number>,
  options: { minAccounts?: number } = {},
): LiftRow[] {
  if (values.length !== isCustomer.length) {
    throw new UsageError(`liftTable: ${values.length} values but ${isCustomer.length} customer flags`);
  }
  const counts = new Map<string, { accounts: number; customers: number }>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const count =
      counts.get(v) ??
      (counts.set(v, { accounts: 0, customers: 0 }).get(v) as { accounts: number; customers: number });
    count.accounts++;
    if (isCustomer[i] === 1) count.customers++;
  }
  return liftTableOfCounts(attribute, counts, options);
}

/**
 * The lift table of one attribute from its counts per value (accounts, and customers among them) — what
 * {@link liftTable} computes after counting, for counts taken elsewhere (an SQL GROUP BY).
 *
 * @example
 * liftTableOfCounts('region', new Map([['EMEA', { accounts: 60, customers: 12 }], ['APAC', { accounts: 40, customers: 2 }]]))[0].lift;
 * // 1.4285714285714286
 */
export function liftTableOfCounts(
  attribute: string,
  counts: ReadonlyMap<string, { accounts: number; customers: number }>,
  options: { minAccounts?: number } = {},
): LiftRow[] {
  let total = 0;
  let totalCustomers = 0;
  for (const count of counts.values()) {
    total += count.accounts;
    totalCustomers += count.customers;
  }
  const rows: LiftRow[] = [];
  for (const [value, { accounts: n, customers: c }] of counts) {
    if (n < (options.minAccounts ?? 1)) continue;
    const customerShare = totalCustomers ? c / totalCustomers : Number.NaN;
    const marketShare = n / total;
    const restN = total - n;
    const restC = totalCustomers - c;
    const pooled = totalCustomers / total;
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / n + (restN > 0 ? 1 / restN : Infinity)));
    const z = se > 0 && restN > 0 ? (c / n - restC / restN) / se : 0;
    rows.push({
      attribute,
      value,
      accounts: n,
      customers: c,
      customerShare,
      marketShare,
      lift: customerShare / marketShare,
      customerRate: c / n,
      z,
      pValue: 1 - errorFunction(Math.abs(z) / Math.SQRT2),
    });
  }
  return rows.sort((a, b) => b.lift - a.lift || b.accounts - a.accounts || a.value.localeCompare(b.value));
}

/**
 * The ideal customer profile in a sentence's worth of data: the attribute values significantly
 * over-represented among customers (lift ≥ `minLift`, p < `alpha`, at least `minCustomers` customers).
 *
 * @example
 * icpSummary(tables); // [{ attribute: 'industry', value: 'Information', lift: 1.9, … }, …]
 */
export function icpSummary(
  tables: readonly LiftRow[][],
  options: { minLift?: number; alpha?: number; minCustomers?: number } = {},
): LiftRow[] {
  const minLift = options.minLift ?? 1.2;
  const alpha = options.alpha ?? 0.05;
  const minCustomers = options.minCustomers ?? 10;
  return tables
    .flat()
    .filter((r) => r.lift >= minLift && r.pValue < alpha && r.customers >= minCustomers)
    .sort((a, b) => b.lift - a.lift);
}
