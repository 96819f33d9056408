/**
 * Current spend per account, from a spend export or from won deals.
 *
 * A spend export is either a snapshot (one or more rows per account, no date: summed) or line-level ERP invoice
 * lines (NetSuite, SAP, QuickBooks: a date per line). Lines count inside a window (the trailing 12 months as of
 * the study date by default); credit memos (negative lines) are netted; tax, shipping, discount and subtotal lines
 * and lines without a product are left out by a rule the config can change. Amounts are converted into the
 * reporting currency (`currency.ts`). Each row finds its account by id, then website domain, then a unique name.
 * Without a spend file, current spend is the won-deal amount closed in the trailing months before the study date.
 */
import { DataError, warning, type Warning } from '../../core/errors.ts';
import { formatCount } from '../../core/format.ts';
import type { Frame } from '../../data/frame.ts';
import { parseDates, type DateOrder } from '../../data/dates.ts';
import { loadTable, sheetOption } from '../../data/load.ts';
import { findHeader, headerKey, requireHeader } from '../../data/schema.ts';
import { readMoneyColumn, type CurrencyUse, type FxRates } from '../../cleanse/currency.ts';
import {
  describeMatches,
  type AccountMatcher,
  type AccountMatches,
  type MatchSummary,
} from './account-match.ts';
import type { Deal } from './deals.ts';

/** Header candidates of a spend file's account id (a CRM id written on ERP lines included). */
export const ID_HEADERS = [
  'account_id',
  'accountid',
  'account id',
  'id',
  'customer id',
  'customer_id',
  'crm account id',
  'salesforce account id',
  'sfdc account id',
  'crm id',
];

/** Header candidates of the other columns of a spend file. */
export const SPEND_FILE_HEADERS = {
  domain: ['Website', 'Domain', 'Customer Website', 'Web Address', 'URL', 'Company Domain'],
  name: ['Customer', 'Customer Name', 'Company', 'Company Name', 'Account Name', 'Name', 'Entity', 'Bill To'],
  date: [
    'Invoice Date',
    'Date',
    'Transaction Date',
    'Posting Date',
    'Document Date',
    'trandate',
    'Billing Date',
  ],
  currency: ['Currency', 'Currency Code', 'CurrencyIsoCode', 'Transaction Currency', 'Invoice Currency'],
  rate: ['Exchange Rate', 'exchangerate', 'FX Rate'],
  lineType: ['Item Type', 'Line Type', 'itemtype', 'Type of Item'],
} as const;

/** Line amount headers of ERP exports (after the exact spend names); the foreign-currency amount first. */
export const LINE_AMOUNT_HEADERS = [
  'Amount (Foreign Currency)',
  'Foreign Amount',
  'fxamount',
  'Amount',
  'Net Amount',
  'Line Amount',
  'Amount (Net)',
];

/** Line types left out of spend by default (compared with `headerKey`, a type that contains one counts). */
export const DEFAULT_EXCLUDED_LINE_TYPES = [
  'tax',
  'shipping',
  'shipitem',
  'freight',
  'discount',
  'subtotal',
  'description',
  'payment',
  'markup',
];

/** How to read a spend file. */
export interface SpendMapping {
  /** The worksheet of an .xlsx file (name or 1-based position); null = the first visible one. */
  sheet?: string | number | null;
  /** Explicit columns. */
  columns?: {
    accountId?: string;
    spend?: string;
    product?: string;
    date?: string;
    currency?: string;
    rate?: string;
    lineType?: string;
    domain?: string;
    name?: string;
  };
  /** The currency of amounts that name none (default: the study currency). */
  currency?: string | null;
  /** Months of lines that make current spend, back from the study date. Default 12. */
  windowMonths?: number;
  /** Line types left out (a line whose type contains one of these). Default {@link DEFAULT_EXCLUDED_LINE_TYPES}. */
  excludeLineTypes?: readonly string[];
  /** Order of day and month in numeric dates. Default `auto`. */
  dateOrder?: DateOrder;
}

/** Spend per product line: the lines (largest first) and each line's spend per account. */
export interface ProductSpend {
  lines: string[];
  spend: Float64Array[];
}

/** One usable row of a spend file: its account (−1 unmatched), amount in the reporting currency, date, line. */
interface SpendLine {
  account: number;
  amount: number;
  /** Epoch ms; NaN in a snapshot file. */
  date: number;
  product: string | null;
}

/** A spend file read and matched, before the window is applied. */
export interface SpendLines {
  file: string;
  lines: SpendLine[];
  /** True when the file has a date per row (invoice lines). */
  dated: boolean;
  rows: number;
  matches: AccountMatches;
  currencies: CurrencyUse[];
  /** Rows left out by the line-type rule or for lacking a product, and their amount. */
  excluded: { rows: number; amount: number; rule: string };
  hasProduct: boolean;
  warnings: Warning[];
}

/** What {@link spendInWindow} returns. */
export interface SpendInput {
  spend: Float64Array;
  /** Each account's average spend per year over the file's history up to the study date (NaN: none). */
  lifetimeAverage: Float64Array;
  rows: number;
  matched: number;
  warnings: Warning[];
  /** Spend per product line, when the mapping names a product column; else null. */
  byLine: ProductSpend | null;
  /** The window of dated lines (ISO dates), or null for a snapshot. */
  window: { from: string; to: string } | null;
  currencies: CurrencyUse[];
}

/**
 * Header names (compared with `headerKey`) that mean "current spend": exact names only, so that
 * `company_revenue_usd` or `carrier_code` is never taken for spend.
 */
export const SPEND_HEADERS = [
  'spend',
  'current spend',
  'annual spend',
  'annual spend usd',
  'spend usd',
  'total spend',
  'arr',
  'arr usd',
  'annual recurring revenue',
  'acv',
  'annual contract value',
];

const listed = (names: readonly string[]) => names.map((c) => `"${c}"`).join(', ');

/** The spend column: the named one, else the one column with a known spend name, else a line amount. */
function spendColumnOf(s: Frame, file: string, explicit: string | undefined): string {
  if (explicit !== undefined)
    return requireHeader(s, { candidates: [], what: 'spend', file, explicit, option: 'spend.columns.spend' });
  const keys = new Set(SPEND_HEADERS.map(headerKey));
  const known = s.columnNames.filter((c) => keys.has(headerKey(c)));
  if (known.length === 1) return known[0] as string;
  if (known.length > 1)
    throw new DataError(
      `several columns could be the spend (${listed(known)}); name one in mapping.spend.columns.spend`,
      { file },
    );
  const line = findHeader(s, LINE_AMOUNT_HEADERS);
  if (line !== null) return line;
  throw new DataError(
    `no spend column (known names: ${listed([...SPEND_HEADERS, ...LINE_AMOUNT_HEADERS])}; columns are ${listed(s.columnNames)}); name it in mapping.spend.columns.spend`,
    { file },
  );
}

type SpendColumnName = keyof NonNullable<SpendMapping['columns']>;

function optionalColumn(
  frame: Frame,
  file: string,
  mapping: SpendMapping,
  field: SpendColumnName,
  candidates: readonly string[],
) {
  const explicit = mapping.columns?.[field];
  if (explicit !== undefined)
    return requireHeader(frame, {
      candidates: [],
      what: field,
      file,
      explicit,
      option: `mapping.spend.columns.${field}`,
    });
  return findHeader(frame, candidates);
}

/** The spend file's columns: amount, account references, and the optional date, currency, rate, type, product. */
/**
 * The columns of a spend file: the account's id, domain or name, the spend, date, currency, rate, line type and
 * product (named in the mapping, else recognized); an error when none names the account.
 *
 * @example
 * spendColumns(lines, 'invoice-lines.csv', {}).spend; // 'Amount (Foreign Currency)'
 */
export function spendColumns(frame: Frame, file: string, mapping: SpendMapping) {
  const column = (field: SpendColumnName, candidates: readonly string[]) =>
    optionalColumn(frame, file, mapping, field, candidates);
  const refs = {
    accountId: column('accountId', ID_HEADERS),
    domain: column('domain', SPEND_FILE_HEADERS.domain),
    name: column('name', SPEND_FILE_HEADERS.name),
  };
  if (refs.accountId === null && refs.domain === null && refs.name === null)
    throw new DataError(
      `no column names the account (expected an account id such as ${listed(ID_HEADERS.slice(0, 4))}, a website or a customer name; columns are ${listed(frame.columnNames)}); name one in mapping.spend.columns.accountId, domain or name`,
      { file },
    );
  const spend = spendColumnOf(frame, file, mapping.columns?.spend);
  return {
    ...refs,
    spend,
    date: column('date', SPEND_FILE_HEADERS.date),
    currency: column('currency', SPEND_FILE_HEADERS.currency),
    rate: column('rate', SPEND_FILE_HEADERS.rate),
    lineType: column('lineType', SPEND_FILE_HEADERS.lineType),
    product: mapping.columns?.product === undefined ? null : column('product', []),
  };
}

/**
 * Reads a spend file and matches each row to its account; amounts in the reporting currency (`fx`).
 *
 * @example
 * const lines = await readSpendLines('invoice-lines.csv', matcher, { currency: 'USD', rates: { EUR: 1.08 } });
 */
export async function readSpendLines(
  file: string,
  matcher: AccountMatcher,
  fx: FxRates,
  mapping: SpendMapping = {},
): Promise<SpendLines> {
  const { frame, warnings } = await loadTable(file, { allText: true, ...sheetOption(mapping.sheet) });
  const c = spendColumns(frame, file, mapping);
  const text = (column: string | null) => (column === null ? undefined : frame.strings(column));
  const money = readMoneyColumn(frame.strings(c.spend), {
    file,
    column: c.spend,
    fx,
    ...(c.currency === null ? {} : { currencies: { column: c.currency, values: frame.strings(c.currency) } }),
    ...(c.rate === null ? {} : { rates: { column: c.rate, values: frame.strings(c.rate) } }),
    currency: mapping.currency ?? null,
    option: 'mapping.spend.currency',
  });
  const matches = matcher.match({ ids: text(c.accountId), domains: text(c.domain), names: text(c.name) });
  const dates =
    c.date === null
      ? null
      : parseDates(frame.strings(c.date), mapping.dateOrder ?? 'auto', {
          file,
          column: c.date,
          option: 'mapping.spend.dateOrder',
        });
  const excludedTypes = (mapping.excludeLineTypes ?? DEFAULT_EXCLUDED_LINE_TYPES).map(headerKey);
  const types = text(c.lineType);
  const products = text(c.product);
  const excluded = { rows: 0, amount: 0, rule: '' };
  const lines: SpendLine[] = [];
  for (let i = 0; i < frame.numRows; i++) {
    const amount = money.values[i] as number;
    if (Number.isNaN(amount)) continue;
    const type = headerKey(types?.[i] ?? '');
    const product = products?.[i]?.trim() || null;
    if (products !== undefined && product === null && dates === null)
      throw new DataError(
        'the product line is blank; every spend row needs its line (or drop the product column from the mapping)',
        { file, row: i + 1, column: c.product as string },
      );
    if (
      (type !== '' && excludedTypes.some((t) => t !== '' && type.includes(t))) ||
      (products !== undefined && product === null)
    ) {
      excluded.rows++;
      excluded.amount += amount;
      continue;
    }
    if (dates !== null && Number.isNaN(dates[i] as number))
      throw new DataError('the line has no date; every invoice line needs its date', {
        file,
        row: i + 1,
        column: c.date as string,
      });
    lines.push({ account: matches.rows[i] as number, amount, date: dates?.[i] ?? Number.NaN, product });
  }
  const rules = [
    c.lineType === null
      ? ''
      : `lines whose "${c.lineType}" contains ${excludedTypes.map((t) => `"${t}"`).join(', ')} (mapping.spend.excludeLineTypes)`,
    c.product === null || dates === null ? '' : `lines without a "${c.product}"`,
  ].filter((r) => r !== '');
  excluded.rule = rules.join('; ');
  return {
    file,
    lines,
    dated: dates !== null,
    rows: frame.numRows,
    matches,
    currencies: money.currencies,
    excluded,
    hasProduct: c.product !== null,
    warnings,
  };
}

/**
 * The latest line date not after `today` (NaN for a snapshot or no line).
 *
 * @example
 * latestLineDate(lines, Date.now());
 */
export function latestLineDate(lines: SpendLines, today: number): number {
  let latest = Number.NaN;
  for (const l of lines.lines) if (l.date <= today && !(l.date <= latest)) latest = l.date;
  return latest;
}

/** `months` before `end` (UTC calendar months), as epoch ms. */
export function monthsBefore(end: number, months: number): number {
  const d = new Date(end);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, d.getUTCDate());
}

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Each product line's spend per account, largest line first. */
function spendByLine(lines: readonly SpendLine[], n: number): ProductSpend {
  const index = new Map<string, Float64Array>();
  for (const l of lines) {
    if (l.account < 0 || l.product === null) continue;
    const target = index.get(l.product) ?? new Float64Array(n);
    index.set(l.product, target);
    target[l.account] = (target[l.account] as number) + l.amount;
  }
  const total = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
  const order = [...index.keys()].sort(
    (a, b) => total(index.get(b) as Float64Array) - total(index.get(a) as Float64Array) || (a < b ? -1 : 1),
  );
  return { lines: order, spend: order.map((line) => index.get(line) as Float64Array) };
}

/**
 * Current spend per account from read lines: snapshot rows summed; dated lines summed inside the window of
 * `months` ending at the study date `asOf` (credit memos netted). An account whose net is negative is flagged
 * and counts as 0. Also each account's average spend per year over the file's history.
 *
 * @example
 * const { spend, window } = spendInWindow(lines, 20000, Date.UTC(2026, 10, 30), 12);
 */
export function spendInWindow(read: SpendLines, n: number, asOf: number, months = 12): SpendInput {
  const from = monthsBefore(asOf, months);
  const inWindow = (l: SpendLine) => !read.dated || (l.date > from && l.date <= asOf);
  const used = read.lines.filter(inWindow);
  const spend = new Float64Array(n);
  for (const l of used) if (l.account >= 0) spend[l.account] = (spend[l.account] as number) + l.amount;
  const warnings = [...read.warnings, ...spendWarnings(read, used, spend)];
  for (let i = 0; i < n; i++) if ((spend[i] as number) < 0) spend[i] = 0;
  const byLine = read.hasProduct ? spendByLine(used, n) : null;
  if (byLine !== null) for (const line of byLine.spend) line.forEach((v, i) => v < 0 && (line[i] = 0));
  const matched = read.matches.byMethod.id + read.matches.byMethod.domain + read.matches.byMethod.name;
  return {
    spend,
    lifetimeAverage: lifetimeAverage(read, n, asOf),
    rows: read.rows,
    matched,
    warnings,
    byLine,
    window: read.dated ? { from: isoDay(from + 86_400_000), to: isoDay(asOf) } : null,
    currencies: read.currencies,
  };
}

/** Average spend per year from the first line of the file to `asOf` (one year at least); NaN without lines. */
function lifetimeAverage(read: SpendLines, n: number, asOf: number): Float64Array {
  const out = new Float64Array(n).fill(Number.NaN);
  if (!read.dated) return out;
  let first = Infinity;
  for (const l of read.lines) if (l.date <= asOf && l.date < first) first = l.date;
  const years = Math.max(1, (asOf - first) / (365.25 * 86_400_000));
  for (const l of read.lines) {
    if (l.account < 0 || l.date > asOf) continue;
    out[l.account] =
      (Number.isNaN(out[l.account] as number) ? 0 : (out[l.account] as number)) + l.amount / years;
  }
  return out;
}

function spendWarnings(read: SpendLines, used: readonly SpendLine[], spend: Float64Array): Warning[] {
  return spendWarningsOf({
    matches: read.matches,
    unmatchedAmount: used.reduce((s, l) => s + (l.account < 0 ? l.amount : 0), 0),
    excluded: read.excluded,
    dated: read.dated,
    lines: read.lines.length,
    used: used.length,
    negative: [...spend].filter((v) => v < 0).length,
  });
}

/**
 * The warnings of a spend join from its counts: rows matched other than by id, lines left out (not product spend,
 * outside the window), the spend of no account, accounts with a negative net.
 *
 * @example
 * spendWarningsOf({ matches, unmatchedAmount: 0, excluded, dated: true, lines: 120, used: 100, negative: 0 });
 */
export function spendWarningsOf(counts: {
  matches: MatchSummary;
  unmatchedAmount: number;
  excluded: SpendLines['excluded'];
  dated: boolean;
  lines: number;
  used: number;
  negative: number;
}): Warning[] {
  const warnings: Warning[] = [];
  const { matches: m, unmatchedAmount, excluded, negative } = counts;
  if (m.byMethod.domain + m.byMethod.name + m.blank + m.unknownId + m.ambiguous > 0)
    warnings.push(
      warning(
        'spend-matches',
        `${describeMatches(m, 'spend rows')}${unmatchedAmount !== 0 ? `; ${formatCount(Math.round(unmatchedAmount))} of the counted spend belongs to no account and was left out` : ''}`,
      ),
    );
  if (excluded.rows > 0)
    warnings.push(
      warning(
        'spend-excluded-lines',
        `${formatCount(excluded.rows)} spend rows (${formatCount(Math.round(excluded.amount))}) are not product spend and were left out: ${excluded.rule}`,
      ),
    );
  if (counts.dated && counts.used < counts.lines)
    warnings.push(
      warning(
        'spend-window',
        `${formatCount(counts.lines - counts.used)} of ${formatCount(counts.lines)} dated spend lines fall outside the spend window and were left out`,
      ),
    );
  if (negative > 0)
    warnings.push(
      warning(
        'spend-negative-net',
        `${formatCount(negative)} accounts have more credit memos than invoices in the window (a negative net); their current spend counts as 0 — check their credit memos`,
      ),
    );
  return warnings;
}

/**
 * Current spend from won deals, for a study without a spend file: each account's won amount closed in the
 * `months` before the study date `asOf` (never after it: open deals' expected close dates play no part).
 *
 * @example
 * spendFromDeals(deals, 4, 12, Date.UTC(2025, 10, 30)).warnings[0]?.message;
 * // 'no spend file: current spend = won-deal amount closed from 2024-12-01 to 2025-11-30 (12 months)'
 */
export function spendFromDeals(
  deals: readonly Deal[],
  n: number,
  months: number,
  asOf: number,
): { spend: Float64Array; warnings: Warning[] } {
  const spend = new Float64Array(n);
  if (Number.isNaN(asOf)) return { spend, warnings: spendFromDealsWarnings(asOf, months, 0) };
  const start = monthsBefore(asOf, months);
  let undated = 0;
  for (const d of deals) {
    if (d.status !== 'won') continue;
    if (Number.isNaN(d.closeDate)) undated++;
    else if (d.closeDate > start && d.closeDate <= asOf)
      spend[d.account] = (spend[d.account] as number) + d.amount;
  }
  return { spend, warnings: spendFromDealsWarnings(asOf, months, undated) };
}

/**
 * What current spend from won deals says: the window it is measured over, won deals without a close date, or
 * no date at all (no spend).
 *
 * @example
 * spendFromDealsWarnings(Date.UTC(2026, 4, 31), 12, 0)[0]?.message; // 'no spend file: current spend = won-deal amount closed from 2025-06-01 to 2026-05-31 (12 months)'
 */
export function spendFromDealsWarnings(asOf: number, months: number, undated: number): Warning[] {
  if (Number.isNaN(asOf))
    return [
      warning(
        'spend-none',
        'no spend file and no closed deal with a close date: current spend is 0 for every account',
      ),
    ];
  const start = monthsBefore(asOf, months);
  const warnings = [
    warning(
      'spend-from-deals',
      `no spend file: current spend = won-deal amount closed from ${isoDay(start + 86_400_000)} to ${isoDay(asOf)} (${months} months)`,
    ),
  ];
  if (undated > 0)
    warnings.push(
      warning(
        'spend-undated-deals',
        `${undated} won deals have no close date and do not count as current spend`,
      ),
    );
  return warnings;
}
