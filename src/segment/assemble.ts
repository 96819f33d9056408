/**
 * Assembles the account universe of a study from its inputs, one joiner per input (`inputs/`):
 *
 * 1. the CRM accounts, cleansed (canonical columns, duplicates merged; `idMap` re-keys everything else);
 * 2. the market file, joined on the normalized domain (`inputs/market.ts`);
 * 3. opportunities: `won_deals`, `won_amount`, `open_pipeline` per account (`inputs/deals.ts`);
 * 4. current spend from the spend file, or without one from won deals of the trailing months (`inputs/spend.ts`);
 * 5. engagement: numeric columns per account, absence = no activity = 0 (`inputs/engagement.ts`);
 * 6. `is_customer` = spend > 0 or a won deal (or a status column, `inputs/customer-status.ts`);
 *    `log10_employees`, `log10_revenue` derived.
 */
import { basename } from 'node:path';
import { DataError, warning, type Warning } from '../core/errors.ts';
import { formatCount } from '../core/format.ts';
import { cleanseAccounts } from '../cleanse/cleanse.ts';
import { CANONICAL_COLUMNS, type CanonicalColumn } from '../cleanse/headers.ts';
import type { QualityReport } from '../cleanse/quality.ts';
import type { Frame } from '../data/frame.ts';
import type { DateOrder } from '../data/dates.ts';
import { loadTable } from '../data/load.ts';
import { accountKeys, type AccountKeys } from './inputs/account-keys.ts';
import {
  customersOf,
  DEFAULT_CUSTOMER_STATUS,
  statusCustomers,
  type CustomerStatusMapping,
} from './inputs/customer-status.ts';
import { DEAL_HEADERS, readDeals, type Deal, type DealField, type DealsInput } from './inputs/deals.ts';
import { readEngagement } from './inputs/engagement.ts';
import { joinMarket } from './inputs/market.ts';
import { readSpend, spendFromDeals, type ProductSpend } from './inputs/spend.ts';
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
  };
  opportunities: {
    columns: Record<DealField, string | null>;
    wonStages: string[];
    lostStages: string[];
    accountSeparator: string;
    dateOrder: DateOrder;
  };
  spend: {
    /** Explicit columns; `product` names a product-line column (spend per line: upsell / cross-sell by line). */
    columns: { accountId: string | null; spend: string | null; product: string | null };
    /** Without a spend file: won-deal amount of these trailing months is current spend. */
    fromDealsMonths: number;
  };
  engagement: { columns: { accountId: string | null } };
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
    },
    opportunities: {
      columns: nulls(Object.keys(DEAL_HEADERS) as DealField[]),
      wonStages: [],
      lostStages: [],
      accountSeparator: ';',
      dateOrder: 'auto',
    },
    spend: { columns: { accountId: null, spend: null, product: null }, fromDealsMonths: 12 },
    engagement: { columns: { accountId: null } },
    technologies: { ...DEFAULT_TECHNOLOGIES },
  };
}

/** The assembled universe. */
export interface Universe {
  frame: Frame;
  /** Every opportunity of a known account (empty without an opportunities file). */
  deals: Deal[];
  /** The engagement file's signal columns (empty without one). */
  engagementSignals: string[];
  /** Spend per product line, when the spend mapping names a product column. */
  productSpend: ProductSpend | null;
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

/** Drops null entries: an explicit-column record as the library functions take it. */
function named<K extends string>(columns: Record<K, string | null>): Partial<Record<K, string>> {
  return Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== null)) as Partial<
    Record<K, string>
  >;
}

async function readAccounts(file: string, mapping: InputMapping['accounts']) {
  const raw = await loadTable(file, { allText: true });
  const cleansed = cleanseAccounts(raw.frame, {
    file,
    columns: named(mapping.columns),
    ...(mapping.createdDate === null ? {} : { createdDate: mapping.createdDate }),
    dateOrder: mapping.dateOrder,
  });
  const keys: AccountKeys = accountKeys(cleansed.frame.strings('account_id'), cleansed.idMap);
  return { raw, cleansed, keys, warnings: [...raw.warnings, ...cleansed.warnings] };
}

function noDeals(n: number): DealsInput {
  const zeros = () => new Float64Array(n);
  return {
    deals: [],
    wonDeals: zeros(),
    wonAmount: zeros(),
    openPipeline: zeros(),
    rows: 0,
    matched: 0,
    warnings: [],
  };
}

async function currentSpend(
  inputs: StudyInputs,
  keys: AccountKeys,
  n: number,
  deals: DealsInput,
  mapping: InputMapping,
) {
  if (inputs.spend !== null)
    return readSpend(inputs.spend, keys, n, { columns: named(mapping.spend.columns) });
  if (inputs.opportunities === null) return { spend: new Float64Array(n), rows: 0, matched: 0, warnings: [] };
  return { ...spendFromDeals(deals.deals, n, mapping.spend.fromDealsMonths), rows: 0, matched: 0 };
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

/**
 * Reads, cleanses and joins the inputs into one frame, one row per account.
 *
 * @example
 * const { frame, stats } = await assembleUniverse(config.inputs);
 */
export async function assembleUniverse(
  inputs: StudyInputs,
  mapping: InputMapping = defaultInputMapping(),
): Promise<Universe> {
  const accounts = await readAccounts(inputs.accounts, mapping.accounts);
  const { keys, cleansed } = accounts;
  const n = cleansed.frame.numRows;
  const market = inputs.market === null ? null : await joinMarket(cleansed.frame, inputs.market);
  let frame = market?.frame ?? cleansed.frame;
  const technologies = technologyColumns(frame, mapping.technologies);
  const deals =
    inputs.opportunities === null
      ? noDeals(n)
      : await readDeals(inputs.opportunities, keys, n, {
          ...mapping.opportunities,
          columns: named(mapping.opportunities.columns),
        });
  const spend = await currentSpend(inputs, keys, n, deals, mapping);
  const engagement =
    inputs.engagement === null
      ? null
      : await readEngagement(inputs.engagement, keys, frame, { columns: named(mapping.engagement.columns) });
  const fromActivity = Float64Array.from({ length: n }, (_, i) =>
    (spend.spend[i] as number) > 0 || (deals.wonDeals[i] as number) > 0 ? 1 : 0,
  );
  const customers = customersOf(
    fromActivity,
    statusCustomers(cleansed.frame, mapping.accounts.customerStatus),
    mapping.accounts.customerStatus,
    inputs.spend !== null,
  );
  const columns = {
    current_spend: spend.spend,
    won_deals: deals.wonDeals,
    won_amount: deals.wonAmount,
    open_pipeline: deals.openPipeline,
    ...engagement?.columns,
    has_engagement: engagement?.present ?? new Float64Array(n),
    engagement_recency_days: engagement?.recencyDays ?? new Float64Array(n).fill(Number.NaN),
    ...technologies.columns,
    is_customer: customers.isCustomer,
    log10_employees: log10Column(frame.numbers('employees')),
    log10_revenue: log10Column(frame.numbers('annual_revenue')),
  };
  for (const [name, values] of Object.entries(columns)) frame = frame.withColumn(name, values);
  const customerCount = customers.isCustomer.reduce((s, v) => s + v, 0);
  if (customerCount === 0)
    throw new DataError(
      'no customers: no account has spend > 0 or a won opportunity, so there is nothing to learn an ICP from',
      { file: inputs.accounts },
    );
  const stats = {
    accountRows: accounts.raw.frame.numRows,
    accounts: n,
    customers: customerCount,
    marketRows: market?.rows ?? 0,
    matchedToMarket: market?.matched ?? 0,
    spendRows: spend.rows,
    spendMatched: spend.matched,
    opportunities: deals.rows,
    opportunitiesMatched: deals.matched,
    engagementRows: engagement?.rows ?? 0,
    engagementMatched: engagement?.matched ?? 0,
  };
  return {
    frame,
    deals: deals.deals,
    engagementSignals: engagement?.signals ?? [],
    productSpend: 'byLine' in spend ? spend.byLine : null,
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
    ],
    stats,
  };
}
