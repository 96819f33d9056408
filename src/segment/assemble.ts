/**
 * Assembles the account universe of a study from its inputs, one joiner per input (`inputs/`):
 *
 * 1. the CRM accounts, cleansed (canonical columns, duplicates merged; `idMap` re-keys everything else);
 * 2. the market file, joined on the normalized domain (`inputs/market.ts`);
 * 3. opportunities: `won_deals`, `won_amount`, `open_pipeline` per account (`inputs/deals.ts`);
 * 4. current spend from the spend file (a snapshot, or invoice lines in a window), or without one from won deals of
 *    the trailing months (`inputs/spend.ts`) — every window back from one study date (`asOf`), every amount in the
 *    study currency (`cleanse/currency.ts`);
 * 5. engagement: numeric columns per account, absence = no activity = 0 (`inputs/engagement.ts`);
 * 6. `is_customer` = spend in the window, a won deal in the customer window (or a status column,
 *    `inputs/customer-status.ts`); `lapsed` = a customer without spend in the window;
 *    `log10_employees`, `log10_revenue` derived.
 */
import { basename } from 'node:path';
import { DataError, warning, type Warning } from '../core/errors.ts';
import { formatCount } from '../core/format.ts';
import { cleanseAccounts } from '../cleanse/cleanse.ts';
import { CANONICAL_COLUMNS, type CanonicalColumn } from '../cleanse/headers.ts';
import type { QualityReport } from '../cleanse/quality.ts';
import type { ColumnInput, Frame } from '../data/frame.ts';
import type { DateOrder } from '../data/dates.ts';
import { loadTable, sheetOption } from '../data/load.ts';
import { accountKeys, type AccountKeys } from './inputs/account-keys.ts';
import {
  customersOf,
  DEFAULT_CUSTOMER_STATUS,
  statusCustomers,
  type CustomerStatusMapping,
} from './inputs/customer-status.ts';
import { DEAL_HEADERS, readDeals, type Deal, type DealField, type DealsInput } from './inputs/deals.ts';
import type { ColumnSource } from './column-roles.ts';
import { DEFAULT_DEDUPE, type DedupeRules } from '../cleanse/dedupe.ts';
import { readEngagement } from './inputs/engagement.ts';
import { joinMarket, type MarketMapping } from './inputs/market.ts';
import {
  DEFAULT_EXCLUDED_LINE_TYPES,
  latestLineDate,
  monthsBefore,
  readSpendLines,
  spendFromDeals,
  spendInWindow,
  type ProductSpend,
  type SpendLines,
  type SpendMapping,
} from './inputs/spend.ts';
import { accountMatcher, type AccountMatcher } from './inputs/account-match.ts';
import type { CurrencyUse, FxRates } from '../cleanse/currency.ts';
import { DEFAULT_TECHNOLOGIES, technologyColumns, type TechnologiesMapping } from './inputs/technologies.ts';

export type { Deal } from './inputs/deals.ts';

/** The input files of a study (absolute paths; null = no such input). */
export interface StudyInputs {
  /** CRM account export (required). */
  accounts: string;
  /** Firmographic market file, joined on the normalized domain. */
  market: string | null;
  /** Opportunities (deals) export. */
  opportunities: string | null;
  /** Current spend per account (account id + one spend column). */
  spend: string | null;
  /** Engagement signals per account (account id + numeric columns). */
  engagement: string | null;
}

/** How to read each input when the headers or values are not the ones recognized; null = recognize. */
export interface InputMapping {
  accounts: {
    /** Explicit header per canonical column, e.g. `{ "account_id": "Record ID" }`. */
    columns: Record<CanonicalColumn, string | null>;
    /** Customers from a status column (lifecycle stage, type). */
    customerStatus: CustomerStatusMapping;
    /** The record's creation date (the oldest duplicate keeps its id); null = recognize. */
    createdDate: string | null;
    /** Day and month order of numeric dates ("auto": settled by the values, or an error). */
    dateOrder: DateOrder;
    /** The parent account id column (never merged with its children); null = recognize (ParentId …). */
    parentColumn: string | null;
    /** The family column (ultimate parent, D&B global ultimate); null = recognize. */
    familyColumn: string | null;
    /** Duplicate rules beyond a shared id: `{ "domain": false }` stops merging records that share a website. */
    dedupe: DedupeRules;
    /** The worksheet of an .xlsx file (name or 1-based position); null = the first visible one. */
    sheet: string | number | null;
  };
  opportunities: {
    columns: Record<DealField, string | null>;
    wonStages: string[];
    lostStages: string[];
    accountSeparator: string;
    dateOrder: DateOrder;
    /** A deal of several companies: `first` — the primary (or first listed) buys; `split` — equal shares. */
    multiCompany: 'first' | 'split';
    /** The currency of amounts that name none; null = the study currency. */
    currency: string | null;
    /** A won deal closed in these months before the study date makes a customer. */
    customerWindowMonths: number;
    /** The worksheet of an .xlsx file (name or 1-based position); null = the first visible one. */
    sheet: string | number | null;
  };
  spend: {
    /**
     * Explicit columns; `product` names a product-line column (spend per line: upsell / cross-sell by line);
     * `date` makes the file invoice lines counted in a window; `domain` and `name` join lines without an id.
     */
    columns: {
      accountId: string | null;
      spend: string | null;
      product: string | null;
      date: string | null;
      currency: string | null;
      rate: string | null;
      lineType: string | null;
      domain: string | null;
      name: string | null;
    };
    /** Without a spend file: won-deal amount of these trailing months is current spend. */
    fromDealsMonths: number;
    /** Months of invoice lines (a spend file with dates) that make current spend. */
    windowMonths: number;
    /** Line types left out of spend (a line whose type contains one). */
    excludeLineTypes: string[];
    /** The currency of amounts that name none; null = the study currency. */
    currency: string | null;
    /** Day and month order of numeric dates. */
    dateOrder: DateOrder;
    /**
     * Current spend of a lapsed customer (no spend in the window) when spend comes from dated lines or deals:
     * `average` — its average spend per year over the history; `window` — the window's (0).
     */
    lapsedSpend: 'average' | 'window';
    /** The worksheet of an .xlsx file (name or 1-based position); null = the first visible one. */
    sheet: string | number | null;
  };
  /** The engagement file's account columns (an id, else a website and/or a company name) and its sheet. */
  engagement: {
    columns: { accountId: string | null; domain: string | null; name: string | null };
    /** The worksheet of an .xlsx file (name or 1-based position); null = the first visible one. */
    sheet: string | number | null;
  };
  /** The market (enrichment) file: its headers and whose firmographics win. */
  market: MarketMapping;
  /** Technographics: a list column of technologies becomes count and indicator features. */
  technologies: TechnologiesMapping;
}

/**
 * The default mapping: recognize everything.
 *
 * @example
 * defaultInputMapping().opportunities.accountSeparator; // ';'
 */
export function defaultInputMapping(): InputMapping {
  const nulls = <K extends string>(keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, null])) as Record<K, null>;
  return {
    accounts: {
      columns: nulls(CANONICAL_COLUMNS),
      customerStatus: structuredClone(DEFAULT_CUSTOMER_STATUS),
      createdDate: null,
      dateOrder: 'auto',
      parentColumn: null,
      familyColumn: null,
      dedupe: { ...DEFAULT_DEDUPE },
      sheet: null,
    },
    opportunities: {
      columns: nulls(Object.keys(DEAL_HEADERS) as DealField[]),
      wonStages: [],
      lostStages: [],
      accountSeparator: ';',
      dateOrder: 'auto',
      multiCompany: 'first',
      currency: null,
      customerWindowMonths: 36,
      sheet: null,
    },
    spend: {
      columns: nulls([
        'accountId',
        'spend',
        'product',
        'date',
        'currency',
        'rate',
        'lineType',
        'domain',
        'name',
      ] as const),
      fromDealsMonths: 12,
      windowMonths: 12,
      excludeLineTypes: [...DEFAULT_EXCLUDED_LINE_TYPES],
      currency: null,
      dateOrder: 'auto',
      lapsedSpend: 'average',
      sheet: null,
    },
    engagement: { columns: { accountId: null, domain: null, name: null }, sheet: null },
    market: { columns: nulls(CANONICAL_COLUMNS), precedence: 'crm', sheet: null },
    technologies: { ...DEFAULT_TECHNOLOGIES },
  };
}

/** The money side of a study: its reporting currency, exchange rates and study date. */
export interface StudyMoney extends FxRates {
  /** The study date (ISO `YYYY-MM-DD`); null = the latest closed deal or invoice line not after today. */
  asOf: string | null;
}

/** What the study used for money and dates, for the manifest and report. */
export interface MoneyRecord {
  currency: string;
  /** The study date every window is measured back from (ISO), or null when no input has a date. */
  asOf: string | null;
  /** Where the study date came from. */
  asOfSource: 'config' | 'latest closed deal' | 'latest invoice line' | 'none';
  /** The spend window (ISO dates, both included), or null for a snapshot spend file. */
  spendWindow: { from: string; to: string } | null;
  /** How current spend was measured. */
  spendSource: 'spend file (snapshot)' | 'invoice lines' | 'won deals' | 'none';
  /** Customers without spend in the window, and how they were placed. */
  lapsed: { customers: number; placedBy: 'average' | 'window' };
  /** The conversions of each input's amounts. */
  conversions: { input: 'opportunities' | 'spend'; uses: CurrencyUse[] }[];
}

/** The default money: US dollars, no rates, the study date from the data. */
export const DEFAULT_MONEY: StudyMoney = { currency: 'USD', rates: {}, asOf: null };

/** The assembled universe. */
export interface Universe {
  frame: Frame;
  /** Every opportunity of a known account (empty without an opportunities file). */
  deals: Deal[];
  /** The dated spend lines (invoice lines) of known accounts, in the reporting currency; null without dated spend. */
  purchaseLines: PurchaseLine[] | null;
  /** The engagement file's signal columns (empty without one). */
  engagementSignals: string[];
  /** Spend per product line, when the spend mapping names a product column. */
  productSpend: ProductSpend | null;
  /** The study's money and dates: currency, rates used, the study date and the spend window. */
  money: MoneyRecord;
  /** Where each column came from (the accounts, market or engagement file, technologies, the study itself). */
  sources: Record<ColumnSource, string[]>;
  quality: QualityReport;
  warnings: Warning[];
  /** Counts for the manifest and report. */
  stats: {
    /** Rows of the accounts file, before duplicates merge. */
    accountRows: number;
    /** Accounts after duplicates merged. */
    accounts: number;
    customers: number;
    marketRows: number;
    matchedToMarket: number;
    spendRows: number;
    /** Spend rows whose account id is a known account. */
    spendMatched: number;
    opportunities: number;
    /** Opportunities whose account id is a known account. */
    opportunitiesMatched: number;
    engagementRows: number;
    /** Engagement rows whose account id is a known account. */
    engagementMatched: number;
  };
}

/** One dated spend line of a known account: its row, the date (epoch ms) and the amount in the reporting currency. */
export interface PurchaseLine {
  account: number;
  date: number;
  amount: number;
}

/** The dated lines of a spend file, as purchases (null for a snapshot file or none). */
function purchaseLinesOf(lines: SpendLines | null): PurchaseLine[] | null {
  if (lines === null || !lines.dated) return null;
  return lines.lines
    .filter((l) => l.account >= 0 && Number.isFinite(l.date))
    .map(({ account, date, amount }) => ({ account, date, amount }));
}

/** Drops null entries: an explicit-column record as the library functions take it. */
function named<K extends string>(columns: Record<K, string | null>): Partial<Record<K, string>> {
  return Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== null)) as Partial<
    Record<K, string>
  >;
}

async function readAccounts(file: string, mapping: InputMapping['accounts'], fx: FxRates) {
  const raw = await loadTable(file, { allText: true, ...sheetOption(mapping.sheet) });
  const cleansed = cleanseAccounts(raw.frame, {
    file,
    fx,
    columns: named(mapping.columns),
    ...(mapping.createdDate === null ? {} : { createdDate: mapping.createdDate }),
    ...(mapping.parentColumn === null ? {} : { parentColumn: mapping.parentColumn }),
    ...(mapping.familyColumn === null ? {} : { familyColumn: mapping.familyColumn }),
    dateOrder: mapping.dateOrder,
    dedupe: mapping.dedupe,
  });
  const keys: AccountKeys = accountKeys(cleansed.frame.strings('account_id'), cleansed.idMap);
  return { raw, cleansed, keys, warnings: [...raw.warnings, ...cleansed.warnings] };
}

function noDeals(n: number): DealsInput {
  const zeros = () => new Float64Array(n);
  return {
    deals: [],
    currencies: [],
    related: 0,
    wonDeals: zeros(),
    wonAmount: zeros(),
    openPipeline: zeros(),
    rows: 0,
    matched: 0,
    warnings: [],
  };
}

function spendMapping(mapping: InputMapping): SpendMapping {
  const m = mapping.spend;
  return {
    columns: named(m.columns),
    currency: m.currency,
    windowMonths: m.windowMonths,
    excludeLineTypes: m.excludeLineTypes,
    dateOrder: m.dateOrder,
    sheet: m.sheet,
  };
}

/** The latest close date of a closed deal not after `today` (NaN when none). */
function latestClosedDeal(deals: readonly Deal[], today: number): number {
  let latest = Number.NaN;
  for (const d of deals)
    if (d.status !== 'open' && d.closeDate <= today && !(d.closeDate <= latest)) latest = d.closeDate;
  return latest;
}

/** The study date: the configured one, else the latest closed deal or invoice line not after today. */
function studyDate(
  money: StudyMoney,
  deals: readonly Deal[],
  lines: SpendLines | null,
  today: number,
): { asOf: number; source: MoneyRecord['asOfSource'] } {
  const deal = latestClosedDeal(deals, today);
  const line = lines === null ? Number.NaN : latestLineDate(lines, today);
  return studyDateOf(money, deal, line);
}

/**
 * The study date: the configured one, else the later of the latest closed deal and the latest invoice line
 * (epoch ms, NaN when none), and where it came from.
 *
 * @example
 * studyDateOf(DEFAULT_MONEY, Date.UTC(2026, 4, 2), Number.NaN); // { asOf: Date.UTC(2026, 4, 2), source: 'latest closed deal' }
 */
export function studyDateOf(
  money: StudyMoney,
  deal: number,
  line: number,
): { asOf: number; source: MoneyRecord['asOfSource'] } {
  if (money.asOf !== null) return { asOf: Date.parse(`${money.asOf}T00:00:00Z`), source: 'config' };
  if (Number.isNaN(deal) && Number.isNaN(line)) return { asOf: Number.NaN, source: 'none' };
  return line >= deal || Number.isNaN(deal)
    ? { asOf: line, source: 'latest invoice line' }
    : { asOf: deal, source: 'latest closed deal' };
}

function currentSpend(
  inputs: StudyInputs,
  lines: SpendLines | null,
  n: number,
  deals: DealsInput,
  context: { mapping: InputMapping; asOf: number },
) {
  const { mapping, asOf } = context;
  if (lines !== null) return spendInWindow(lines, n, asOf, mapping.spend.windowMonths);
  const none = {
    lifetimeAverage: new Float64Array(n).fill(Number.NaN),
    byLine: null,
    window: null,
    currencies: [],
  };
  if (inputs.opportunities === null)
    return { ...none, spend: new Float64Array(n), rows: 0, matched: 0, warnings: [] };
  const months = mapping.spend.fromDealsMonths;
  const fromDeals = spendFromDeals(deals.deals, n, months, asOf);
  const window = Number.isNaN(asOf)
    ? null
    : { from: isoDay(monthsBefore(asOf, months) + DAY), to: isoDay(asOf) };
  return { ...none, ...fromDeals, window, rows: 0, matched: 0 };
}

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Won deals closed in the customer window before the study date (undated won deals count), per account. */
function recentWins(deals: readonly Deal[], n: number, asOf: number, months: number) {
  const from = Number.isNaN(asOf) ? -Infinity : monthsBefore(asOf, months);
  const to = Number.isNaN(asOf) ? Infinity : asOf;
  const wins = new Float64Array(n);
  const amount = new Float64Array(n);
  for (const d of deals) {
    if (d.status !== 'won') continue;
    if (!Number.isNaN(d.closeDate) && (d.closeDate <= from || d.closeDate > to)) continue;
    wins[d.account] = (wins[d.account] as number) + 1;
    amount[d.account] = (amount[d.account] as number) + d.amount;
  }
  return { wins, yearlyAmount: amount.map((v) => v / (months / 12)) };
}

/** Share matched below which a join warns loudly: of the accounts for the market, of the rows otherwise. */
export const LOW_MATCH_SHARE = { market: 0.5, opportunities: 0.8, spend: 0.8, engagement: 0.8 } as const;

/**
 * A loud warning for every join that matched less than its {@link LOW_MATCH_SHARE}.
 *
 * @example
 * joinWarnings(inputs, { ...stats, opportunities: 1000, opportunitiesMatched: 120 })[0]?.message;
 * // 'only 12% of deals.csv rows (120 of 1,000) matched an account id of accounts.csv; …'
 */
export function joinWarnings(inputs: StudyInputs, stats: Universe['stats']): Warning[] {
  const joins = [
    ['market', stats.matchedToMarket, stats.accounts],
    ['opportunities', stats.opportunitiesMatched, stats.opportunities],
    ['spend', stats.spendMatched, stats.spendRows],
    ['engagement', stats.engagementMatched, stats.engagementRows],
  ] as const;
  const accounts = basename(inputs.accounts);
  return joins.flatMap(([role, matched, rows]) => {
    const file = inputs[role];
    if (file === null || rows === 0 || matched / rows >= LOW_MATCH_SHARE[role]) return [];
    const share = `${Math.floor((100 * matched) / rows)}%`;
    const counts = `(${formatCount(matched)} of ${formatCount(rows)})`;
    return [
      warning(
        'join-low-match',
        role === 'market'
          ? `only ${share} of the accounts ${counts} matched a domain of ${basename(file)}; check the accounts' website column and the market file's domain column`
          : `only ${share} of ${basename(file)} rows ${counts} matched an account id of ${accounts}; check that both files use the same ids (the same CRM object, 15- or 18-character Salesforce ids, ids not reformatted by a spreadsheet)`,
      ),
    ];
  });
}

/**
 * log10 of a positive column, NaN elsewhere — how `log10_employees` and `log10_revenue` are derived.
 *
 * @example
 * log10Column(Float64Array.from([1000, 0, Number.NaN])); // Float64Array [3, NaN, NaN]
 */
export const log10Column = (values: Float64Array): Float64Array =>
  values.map((v) => (v > 0 ? Math.log10(v) : Number.NaN));

/** Customers, lapsed customers and their current spend (see {@link InputMapping} `spend.lapsedSpend`). */
function customerColumns(
  spend: ReturnType<typeof currentSpend>,
  deals: DealsInput,
  context: { mapping: InputMapping; asOf: number; accounts: Frame; hasSpendFile: boolean; dated: boolean },
) {
  const { mapping, asOf } = context;
  const n = spend.spend.length;
  const months = mapping.opportunities.customerWindowMonths;
  const recent = recentWins(deals.deals, n, asOf, months);
  const fromActivity = Float64Array.from({ length: n }, (_, i) =>
    (spend.spend[i] as number) > 0 || (recent.wins[i] as number) > 0 ? 1 : 0,
  );
  const customers = customersOf(
    fromActivity,
    statusCustomers(context.accounts, mapping.accounts.customerStatus),
    mapping.accounts.customerStatus,
    context.hasSpendFile,
  );
  const lapsed = customers.isCustomer.map((c, i) => (c === 1 && !((spend.spend[i] as number) > 0) ? 1 : 0));
  const byAverage = mapping.spend.lapsedSpend === 'average' && (!context.hasSpendFile || context.dated);
  const average = (i: number) => {
    const fromLines = spend.lifetimeAverage[i] as number;
    return fromLines > 0 ? fromLines : (recent.yearlyAmount[i] as number);
  };
  const current = spend.spend.map((v, i) => (lapsed[i] === 1 && byAverage ? average(i) : v));
  const count = lapsed.reduce((s, v) => s + v, 0);
  const warnings = [...customers.warnings];
  if (count > 0)
    warnings.push(lapsedWarning(count, { byAverage, months, hasSpendFile: context.hasSpendFile }));
  return { isCustomer: customers.isCustomer, lapsed, current, count, byAverage, warnings };
}

/**
 * The warning about customers without spend in the window (column "lapsed") and how they were placed.
 *
 * @example
 * lapsedWarning(12, { byAverage: true, months: 12, hasSpendFile: true }).message; // '12 customers have no spend …'
 */
export function lapsedWarning(
  count: number,
  how: { byAverage: boolean; months: number; hasSpendFile: boolean },
): Warning {
  return warning(
    'customers-lapsed',
    how.byAverage
      ? `${formatCount(count)} customers have no spend in the spend window (column "lapsed"): their current spend is their average per year over their history (won deals of the last ${how.months} months or all invoice lines), so they are placed as customers, not new logos; set mapping.spend.lapsedSpend to "window" to place them by the window's spend`
      : `${formatCount(count)} customers have no spend in the ${how.hasSpendFile ? 'spend file' : 'spend window'} (column "lapsed"): their current spend is 0, so they are placed by opportunity alone and may land in Acquire or Opportunistic`,
  );
}

/**
 * What the study used for money and dates (see {@link MoneyRecord}).
 *
 * @example
 * moneyRecord(DEFAULT_MONEY, date, spend, { deals, lines, inputs, customers }).spendSource; // 'invoice lines'
 */
export function moneyRecord(
  money: StudyMoney,
  date: { asOf: number; source: MoneyRecord['asOfSource'] },
  spend: Pick<ReturnType<typeof currentSpend>, 'window' | 'currencies'>,
  used: {
    deals: Pick<DealsInput, 'currencies'>;
    lines: Pick<SpendLines, 'dated'> | null;
    inputs: StudyInputs;
    customers: { count: number; byAverage: boolean };
  },
): MoneyRecord {
  const { deals, lines, inputs, customers } = used;
  return {
    currency: money.currency,
    asOf: Number.isNaN(date.asOf) ? null : isoDay(date.asOf),
    asOfSource: date.source,
    spendWindow: spend.window,
    spendSource:
      lines !== null
        ? lines.dated
          ? 'invoice lines'
          : 'spend file (snapshot)'
        : inputs.opportunities === null
          ? 'none'
          : 'won deals',
    lapsed: { customers: customers.count, placedBy: customers.byAverage ? 'average' : 'window' },
    conversions: [
      ...(deals.currencies.length > 0 ? [{ input: 'opportunities' as const, uses: deals.currencies }] : []),
      ...(spend.currencies.length > 0 ? [{ input: 'spend' as const, uses: spend.currencies }] : []),
    ],
  };
}

/** The parts of a universe the derived columns and the column sources are made from. */
interface UniverseParts {
  deals: Awaited<ReturnType<typeof readDeals>>;
  engagement: Awaited<ReturnType<typeof readEngagement>> | null;
  technologies: ReturnType<typeof technologyColumns>;
}

/** The study's own columns of every account: spend, deals, engagement, technologies, customer flags, log sizes. */
function derivedColumns(
  frame: Frame,
  {
    deals,
    engagement,
    technologies,
    customers,
  }: UniverseParts & { customers: ReturnType<typeof customerColumns> },
): Record<string, ColumnInput> {
  const n = frame.numRows;
  return {
    current_spend: customers.current,
    won_deals: deals.wonDeals,
    won_amount: deals.wonAmount,
    open_pipeline: deals.openPipeline,
    ...engagement?.columns,
    has_engagement: engagement?.present ?? new Float64Array(n),
    engagement_recency_days: engagement?.recencyDays ?? new Float64Array(n).fill(Number.NaN),
    ...technologies.columns,
    is_customer: customers.isCustomer,
    lapsed: customers.lapsed,
    log10_employees: log10Column(frame.numbers('employees')),
    log10_revenue: log10Column(frame.numbers('annual_revenue')),
  };
}

/** Where each universe column came from (see {@link Universe.sources}). */
function columnSources(
  frame: Frame,
  accounts: Frame,
  { market, engagement, technologies }: Omit<UniverseParts, 'deals'> & { market: { frame: Frame } | null },
): Universe['sources'] {
  return {
    accounts: [...frame.columnNames.filter((c) => accounts.has(c)), 'log10_employees', 'log10_revenue'],
    market: market === null ? [] : market.frame.columnNames.filter((c) => !accounts.has(c)),
    engagement:
      engagement === null ? [] : [...engagement.signals, 'has_engagement', 'engagement_recency_days'],
    technologies: Object.keys(technologies.columns),
    study: ['current_spend', 'won_deals', 'won_amount', 'open_pipeline', 'is_customer', 'lapsed'],
  };
}

/**
 * How many rows each input had and how many matched an account.
 *
 * @example
 * universeStats(120, 100, 12, { market: null, spend, deals, engagement: null }).accounts; // 100
 */
export function universeStats(
  accountRows: number,
  accounts: number,
  customers: number,
  joined: {
    market: { rows: number; matched: number } | null;
    spend: { rows: number; matched: number };
    deals: { rows: number; matched: number };
    engagement: { rows: number; matched: number } | null;
  },
): Universe['stats'] {
  const { market, spend, deals, engagement } = joined;
  return {
    accountRows,
    accounts,
    customers,
    marketRows: market?.rows ?? 0,
    matchedToMarket: market?.matched ?? 0,
    spendRows: spend.rows,
    spendMatched: spend.matched,
    opportunities: deals.rows,
    opportunitiesMatched: deals.matched,
    engagementRows: engagement?.rows ?? 0,
    engagementMatched: engagement?.matched ?? 0,
  };
}

/** The deals and the spend lines of the study, each matched to the accounts (none when the input is absent). */
async function readDealsAndSpend(
  inputs: StudyInputs,
  context: {
    mapping: InputMapping;
    money: StudyMoney;
    matcher: AccountMatcher;
    n: number;
    read: <T>(value: T) => T;
  },
) {
  const { mapping, money, matcher, n, read } = context;
  const deals =
    inputs.opportunities === null
      ? noDeals(n)
      : read(
          await readDeals(
            inputs.opportunities,
            matcher,
            n,
            { ...mapping.opportunities, columns: named(mapping.opportunities.columns) },
            money,
          ),
        );
  const lines =
    inputs.spend === null
      ? null
      : read(await readSpendLines(inputs.spend, matcher, money, spendMapping(mapping)));
  return { deals, lines };
}

/**
 * Reads, cleanses and joins the inputs into one frame, one row per account. Amounts are converted into
 * `money.currency`; windows end at the study date (`money.asOf`, else the latest closed deal or invoice line not
 * after `today`).
 *
 * @example
 * const { frame, stats } = await assembleUniverse(config.inputs);
 * // new accounts to assign with a frozen study: none need be a customer
 * await assembleUniverse({ ...noInputs, accounts: 'new.csv' }, mapping, money, Date.now(), () => {}, { requireCustomers: false });
 */
export async function assembleUniverse(
  inputs: StudyInputs,
  mapping: InputMapping = defaultInputMapping(),
  money: StudyMoney = DEFAULT_MONEY,
  today: number = Date.now(),
  onInput: (done: number, total: number) => void = () => {},
  options: { requireCustomers?: boolean } = {},
): Promise<Universe> {
  const total = Object.values(inputs).filter((path) => path !== null).length;
  let done = 0;
  const read = <T>(value: T): T => {
    onInput(++done, total);
    return value;
  };
  const accounts = read(await readAccounts(inputs.accounts, mapping.accounts, money));
  const { keys, cleansed } = accounts;
  const n = cleansed.frame.numRows;
  const matcher: AccountMatcher = accountMatcher(cleansed.frame, keys);
  const market =
    inputs.market === null ? null : read(await joinMarket(cleansed.frame, inputs.market, mapping.market));
  let frame = market?.frame ?? cleansed.frame;
  const technologies = technologyColumns(frame, mapping.technologies);
  const { deals, lines } = await readDealsAndSpend(inputs, { mapping, money, matcher, n, read });
  const date = studyDate(money, deals.deals, lines, today);
  const spend = currentSpend(inputs, lines, n, deals, { mapping, asOf: date.asOf });
  const engagement =
    inputs.engagement === null
      ? null
      : read(
          await readEngagement(inputs.engagement, matcher, frame, {
            columns: named(mapping.engagement.columns),
            sheet: mapping.engagement.sheet,
          }),
        );
  const customers = customerColumns(spend, deals, {
    mapping,
    asOf: date.asOf,
    accounts: cleansed.frame,
    hasSpendFile: inputs.spend !== null,
    dated: lines?.dated === true,
  });
  const columns = derivedColumns(frame, { deals, engagement, technologies, customers });
  for (const [name, values] of Object.entries(columns)) frame = frame.withColumn(name, values);
  const customerCount = customers.isCustomer.reduce((s, v) => s + v, 0);
  if (customerCount === 0 && options.requireCustomers !== false)
    throw new DataError(
      'no customers: no account has spend > 0 or a won opportunity, so there is nothing to learn an ICP from',
      { file: inputs.accounts },
    );
  const stats = universeStats(accounts.raw.frame.numRows, n, customerCount, {
    market,
    spend,
    deals,
    engagement,
  });
  const record = moneyRecord(money, date, spend, { deals, lines, inputs, customers });
  return {
    frame,
    deals: deals.deals,
    purchaseLines: purchaseLinesOf(lines),
    engagementSignals: engagement?.signals ?? [],
    productSpend: spend.byLine,
    money: record,
    sources: columnSources(frame, cleansed.frame, { market, engagement, technologies }),
    quality: cleansed.report,
    warnings: [
      ...joinWarnings(inputs, stats),
      ...accounts.warnings,
      ...(market?.warnings ?? []),
      ...technologies.warnings,
      ...(inputs.spend === null ? [] : spend.warnings),
      ...deals.warnings,
      ...(inputs.spend === null ? spend.warnings : []),
      ...(engagement?.warnings ?? []),
      ...customers.warnings,
      ...conversionWarnings(record),
    ],
    stats,
  };
}

/**
 * One warning per converted input: which currencies were converted at which rates.
 *
 * @example
 * conversionWarnings(record)[0]?.message; // 'deals amounts converted into USD: EUR ×1.08 (config fx, 12 rows) …'
 */
export function conversionWarnings(record: MoneyRecord): Warning[] {
  return record.conversions.flatMap(({ input, uses }) => {
    const converted = uses.filter((u) => u.source !== 'reporting');
    if (converted.length === 0) return [];
    const each = converted.map((u) => {
      const rate = u.rate === null ? "at the file's rates" : `×${u.rate} (fx)`;
      return `${u.currency} ${rate}, ${formatCount(u.rows)} rows`;
    });
    return [
      warning('currency-converted', `${input} amounts converted into ${record.currency}: ${each.join('; ')}`),
    ];
  });
}
