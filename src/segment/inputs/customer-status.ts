/**
 * Customers from an account status column: HubSpot's `Lifecycle Stage` = customer, Pipedrive's `Label`, Salesforce's `Type` =
 * "Customer - Direct" / "Customer - Channel", Dynamics 365's `Relationship Type` = Customer. Used when the
 * study has no spend file (a CRM-only study); with a spend file, spend and won deals decide and disagreements
 * with the status column are reported. Configurable: another column, other values, always or never.
 */
import { warning, type Warning } from '../../core/errors.ts';
import type { Frame } from '../../data/frame.ts';
import { findHeader, headerKey } from '../../data/schema.ts';
import { formatCount } from '../../core/format.ts';

/** Header candidates of a status column. */
export const STATUS_HEADERS = [
  'Lifecycle Stage',
  'lifecyclestage',
  'Type',
  'Account Type',
  'Relationship Type',
  'Customer Status',
  'Label',
  'Organization - Label',
];

/** When a status column makes customers. */
export type StatusUse = 'without-spend' | 'always' | 'never';

/** How customers are read from a status column. */
export interface CustomerStatusMapping {
  /** The column; null = the first of {@link STATUS_HEADERS} present. */
  column: string | null;
  /** Values that mean customer, compared without case or punctuation; a value that starts with one counts too. */
  values: string[];
  /** Default `without-spend`: only when the study has no spend file. */
  use: StatusUse;
}

/** The default: HubSpot / Salesforce / Dynamics spellings of "customer". */
export const DEFAULT_CUSTOMER_STATUS: CustomerStatusMapping = {
  column: null,
  values: ['customer'],
  use: 'without-spend',
};

/**
 * 1 where the account's status says customer, 0 elsewhere; null when there is no status column.
 *
 * @example
 * statusCustomers(accounts, DEFAULT_CUSTOMER_STATUS)?.column; // 'Lifecycle Stage'
 */
export function statusCustomers(
  accounts: Frame,
  mapping: CustomerStatusMapping,
): { column: string; flags: Float64Array } | null {
  const column = mapping.column ?? findHeader(accounts, STATUS_HEADERS);
  if (column === null || !accounts.has(column)) return null;
  const values = mapping.values.map(headerKey);
  const source = accounts.column(column);
  const text = source.kind === 'string' ? source.values : Array.from(source.values, String);
  const flags = Float64Array.from(text, (v) => (saysCustomer(v, values) ? 1 : 0));
  return { column, flags };
}

/**
 * Whether a status value says customer: it is, or starts with, one of the customer values (as `headerKey`s).
 *
 * @example
 * saysCustomer('Customer - Direct', ['customer']); // true
 */
export function saysCustomer(value: string | null, customerKeys: readonly string[]): boolean {
  const k = headerKey(value ?? '');
  return k !== '' && customerKeys.some((c) => k.startsWith(c));
}

/**
 * Combines customers from spend and won deals (`fromActivity`) with a status column, as `mapping.use` says,
 * and words what was done.
 *
 * @example
 * customersOf(fromActivity, status, { ...DEFAULT_CUSTOMER_STATUS }, false).isCustomer;
 */
export function customersOf(
  fromActivity: Float64Array,
  status: { column: string; flags: Float64Array } | null,
  mapping: CustomerStatusMapping,
  hasSpendFile: boolean,
): { isCustomer: Float64Array; warnings: Warning[] } {
  if (status === null || mapping.use === 'never') return { isCustomer: fromActivity, warnings: [] };
  const used = statusUsed(mapping, hasSpendFile);
  let onlyStatus = 0;
  let onlyActivity = 0;
  fromActivity.forEach((a, i) => {
    const s = status.flags[i] as number;
    if (s === 1 && a === 0) onlyStatus++;
    if (s === 0 && a === 1) onlyActivity++;
  });
  const warnings = statusWarnings(status.column, { onlyStatus, onlyActivity, used, hasSpendFile });
  if (!used) return { isCustomer: fromActivity, warnings };
  const isCustomer = fromActivity.map((a, i) => (a === 1 || status.flags[i] === 1 ? 1 : 0));
  return { isCustomer, warnings };
}

/**
 * Whether a status column makes customers (`always`, or `without-spend` in a study without a spend file).
 *
 * @example
 * statusUsed(DEFAULT_CUSTOMER_STATUS, false); // true
 */
export function statusUsed(mapping: CustomerStatusMapping, hasSpendFile: boolean): boolean {
  return mapping.use !== 'never' && (mapping.use === 'always' || !hasSpendFile);
}

/**
 * What the status column did: the customers it added, or how it disagrees with spend and won deals.
 *
 * @example
 * statusWarnings('Type', { onlyStatus: 3, onlyActivity: 0, used: true, hasSpendFile: false })[0]?.message;
 * // 'customers: accounts with a won deal, plus 3 more whose "Type" says customer'
 */
export function statusWarnings(
  column: string,
  counts: { onlyStatus: number; onlyActivity: number; used: boolean; hasSpendFile: boolean },
): Warning[] {
  const { onlyStatus, onlyActivity } = counts;
  if (!counts.used)
    return onlyStatus + onlyActivity === 0
      ? []
      : [
          warning(
            'customer-status-differs',
            `column "${column}" marks ${formatCount(onlyStatus)} accounts as customers that have no spend or won deal, and ${formatCount(onlyActivity)} accounts with spend or a won deal as not; customers are those with spend or a won deal`,
          ),
        ];
  return [
    warning(
      'customers-from-status',
      `customers: accounts with a won deal${counts.hasSpendFile ? ' or spend' : ''}, plus ${formatCount(onlyStatus)} more whose "${column}" says customer`,
    ),
  ];
}
