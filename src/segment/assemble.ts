/**
 * Assembles the account universe of a study from its inputs:
 *
 * 1. the CRM accounts, cleansed (canonical columns, duplicates merged; `idMap` re-keys everything else);
 * 2. the market file, cleansed the same way and joined on the normalized domain: its firmographics win over
 *    the CRM's (vendor data), the CRM fills gaps; its other columns (tech fit, cloud adoption …) are added;
 * 3. current spend, summed per account after re-keying duplicate ids (missing = 0: not a customer);
 * 4. opportunities: `won_deals`, `won_amount`, `open_pipeline` per account (open deals count as neither won
 *    nor lost);
 * 5. engagement: numeric columns per account (absence = no activity = 0);
 * 6. `is_customer` = spend > 0 or a won deal; `log10_employees`, `log10_revenue` derived.
 */
import { parseNumberText } from '../data/number-text.ts';
import { DataError, warning, type Warning } from '../core/errors.ts';
import { cleanseAccounts } from '../cleanse/cleanse.ts';
import { CANONICAL_COLUMNS } from '../cleanse/headers.ts';
import type { QualityReport } from '../cleanse/quality.ts';
import type { Frame } from '../data/frame.ts';
import { type ColumnInput } from '../data/frame.ts';
import { loadTable } from '../data/load.ts';
import { DEAL_HEADERS, dealAccountIds, findHeader, parseFlag, stageStatus } from './deals.ts';
import { categoricalValues, numericValues } from '../models/design.ts';

/** The input files of a study (absolute paths; null = no such input). */
export interface StudyInputs {
  /** CRM account export (required). */
  accounts: string;
  /** Firmographic market file, joined on the normalized domain. */
  market: string | null;
  /** Opportunities (AccountId, IsWon or StageName, Amount). */
  opportunities: string | null;
  /** Current spend per account (account id + one spend column). */
  spend: string | null;
  /** Engagement signals per account (account id + numeric columns). */
  engagement: string | null;
}

/** One opportunity, re-keyed to its account's row in the universe. */
export interface Deal {
  /** 0-based row of the account in `Universe.frame`. */
  account: number;
  status: 'won' | 'lost' | 'open';
  /** Deal value (0 when missing). */
  amount: number;
  /** Days from creation to close, for closed deals with both dates (NaN otherwise). */
  cycleDays: number;
}

/** The assembled universe. */
export interface Universe {
  frame: Frame;
  /** Every opportunity of a known account (empty without an opportunities file). */
  deals: Deal[];
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

const ID_HEADERS = ['account_id', 'accountid', 'account id', 'id', 'customer id', 'customer_id'];

function findColumn(frame: Frame, candidates: readonly string[], file: string, what: string): string {
  const byKey = new Map(frame.columnNames.map((c) => [c.toLowerCase().replace(/[^a-z0-9]/g, ''), c]));
  for (const candidate of candidates) {
    const found = byKey.get(candidate.toLowerCase().replace(/[^a-z0-9]/g, ''));
    if (found !== undefined) return found;
  }
  throw new DataError(
    `no ${what} column (expected one of ${candidates.map((c) => `"${c}"`).join(', ')}; columns are ${frame.columnNames.map((c) => `"${c}"`).join(', ')})`,
    { file },
  );
}

/** Maps each input row's account id to a row of the universe (−1 when unknown), re-keying merged duplicates. */
function rowsOf(
  ids: readonly (string | null)[],
  idMap: ReadonlyMap<string, string>,
  rowById: ReadonlyMap<string, number>,
): Int32Array {
  return Int32Array.from(ids, (id) => {
    if (id === null) return -1;
    const kept = idMap.get(id.trim()) ?? id.trim();
    return rowById.get(kept) ?? -1;
  });
}

/**
 * Reads, cleanses and joins the inputs into one frame, one row per account.
 *
 * @example
 * const { frame, stats } = await assembleUniverse(config.inputs);
 */
export async function assembleUniverse(inputs: StudyInputs): Promise<Universe> {
  const warnings: Warning[] = [];
  const raw = await loadTable(inputs.accounts, { allText: true });
  warnings.push(...raw.warnings);
  const cleansed = cleanseAccounts(raw.frame, { file: inputs.accounts });
  warnings.push(...cleansed.warnings);
  let frame = cleansed.frame;
  const n = frame.numRows;
  const ids = frame.strings('account_id') as string[];
  const rowById = new Map(ids.map((id, i) => [id, i]));
  const stats = {
    accountRows: raw.frame.numRows,
    accounts: n,
    customers: 0,
    marketRows: 0,
    matchedToMarket: 0,
    spendRows: 0,
    spendMatched: 0,
    opportunities: 0,
    opportunitiesMatched: 0,
    engagementRows: 0,
    engagementMatched: 0,
  };

  if (inputs.market !== null) {
    // A vendor file is clean and typed: numbers load as numbers (faster than as text, and read the same).
    const market = await loadTable(inputs.market);
    warnings.push(...market.warnings);
    const m = cleanseAccounts(market.frame, { file: inputs.market }).frame;
    const marketRowByDomain = new Map<string, number>();
    m.strings('domain').forEach(
      (d, i) => d !== null && !marketRowByDomain.has(d) && marketRowByDomain.set(d, i),
    );
    const match = Int32Array.from(frame.strings('domain'), (d) =>
      d === null ? -1 : (marketRowByDomain.get(d) ?? -1),
    );
    stats.matchedToMarket = match.filter((r) => r >= 0).length;
    stats.marketRows = market.frame.numRows;
    for (const column of ['industry', 'country', 'region'] as const) {
      const crm = frame.strings(column);
      const vendor = m.strings(column);
      frame = frame.withColumn(
        column,
        crm.map((v, i) => ((match[i] as number) >= 0 ? (vendor[match[i] as number] ?? v) : v)),
      );
    }
    for (const column of ['employees', 'annual_revenue'] as const) {
      const crm = frame.numbers(column);
      const vendor = m.numbers(column);
      frame = frame.withColumn(
        column,
        crm.map((v, i) =>
          (match[i] as number) >= 0 && !Number.isNaN(vendor[match[i] as number] as number)
            ? (vendor[match[i] as number] as number)
            : v,
        ),
      );
    }
    const skip = new Set<string>([...CANONICAL_COLUMNS, 'merged_ids']);
    for (const column of m.columnNames.filter((c) => !skip.has(c) && !frame.has(c))) {
      const source = m.column(column);
      if (source.kind === 'number') {
        const values = source.values;
        frame = frame.withColumn(
          column,
          Float64Array.from(match, (r) => (r >= 0 ? (values[r] as number) : Number.NaN)),
        );
        continue;
      }
      const values = source.values;
      const joined = Array.from(match, (r) => (r >= 0 ? (values[r] ?? null) : null));
      const numeric = joined.every((v) => v === null || !Number.isNaN(parseNumberText(v)));
      frame = frame.withColumn(
        column,
        numeric ? Float64Array.from(joined, (v) => (v === null ? Number.NaN : Number(v))) : joined,
      );
    }
  }

  const spend = new Float64Array(n);
  if (inputs.spend !== null) {
    const { frame: s, warnings: w } = await loadTable(inputs.spend);
    warnings.push(...w);
    const idColumn = findColumn(s, ID_HEADERS, inputs.spend, 'account id');
    const spendColumn = s.columnNames.find(
      (c) => /spend|revenue|arr|amount/i.test(c) && s.column(c).kind === 'number',
    );
    if (spendColumn === undefined)
      throw new DataError('no numeric spend column (a column named like "spend", "arr" or "amount")', {
        file: inputs.spend,
      });
    const values = numericValues(s, spendColumn, inputs.spend);
    const rows = rowsOf(categoricalValues(s, idColumn), cleansed.idMap, rowById);
    let unknown = 0;
    rows.forEach((r, i) => {
      const v = values[i] as number;
      if (v < 0)
        throw new DataError(`spend ${v} is negative; spend must be >= 0`, {
          file: inputs.spend as string,
          row: i + 1,
          column: spendColumn,
        });
      if (r < 0) unknown++;
      else if (!Number.isNaN(v)) spend[r] = (spend[r] as number) + v;
    });
    stats.spendRows = s.numRows;
    stats.spendMatched = s.numRows - unknown;
    if (unknown > 0)
      warnings.push(
        warning(
          'spend-unmatched',
          `${unknown} spend rows name an account id that is not in the accounts file; they were left out`,
        ),
      );
  }
  frame = frame.withColumn('current_spend', spend);

  const deals: Deal[] = [];
  const wonDeals = new Float64Array(n);
  const wonAmount = new Float64Array(n);
  const openPipeline = new Float64Array(n);
  if (inputs.opportunities !== null) {
    const file = inputs.opportunities;
    const { frame: o, warnings: w } = await loadTable(file, { allText: true });
    warnings.push(...w);
    const column = (candidates: readonly string[]) => findHeader(o, candidates);
    const idColumn =
      column(DEAL_HEADERS.accountId) ?? findColumn(o, DEAL_HEADERS.accountId, file, 'account id');
    const isWonColumn = column(DEAL_HEADERS.isWon);
    const isClosedColumn = column(DEAL_HEADERS.isClosed);
    const stageColumn = column(DEAL_HEADERS.stage);
    if (!isWonColumn && !stageColumn)
      throw new DataError(
        `no column tells won deals (expected one of ${[...DEAL_HEADERS.isWon, ...DEAL_HEADERS.stage].map((c) => `"${c}"`).join(', ')})`,
        { file },
      );
    const amountColumn = column(DEAL_HEADERS.amount);
    const amount = amountColumn ? numericValues(o, amountColumn, file) : new Float64Array(o.numRows);
    const created = column(DEAL_HEADERS.created);
    const closeDate = column(DEAL_HEADERS.closed);
    const createdValues = created ? o.strings(created) : null;
    const closeValues = closeDate ? o.strings(closeDate) : null;
    const days = (i: number): number => {
      const a = Date.parse(createdValues?.[i] ?? '');
      const b = Date.parse(closeValues?.[i] ?? '');
      return Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.round((b - a) / 86_400_000);
    };
    const ids = o.strings(idColumn);
    const stage = stageColumn ? o.strings(stageColumn) : null;
    const flag = (col: string | null, i: number) =>
      col === null ? null : parseFlag(o.strings(col)[i] ?? null, { file, row: i + 1, column: col });
    let matched = 0;
    let shared = 0;
    for (let i = 0; i < o.numRows; i++) {
      const accounts = [...new Set(rowsOf(dealAccountIds(ids[i] ?? null), cleansed.idMap, rowById))].filter(
        (r) => r >= 0,
      );
      if (accounts.length === 0) continue;
      matched++;
      if (accounts.length > 1) shared++;
      const fromStage = stageStatus(stage?.[i] ?? null);
      const won = flag(isWonColumn, i) ?? fromStage === 'won';
      const closed = flag(isClosedColumn, i) ?? (won || fromStage !== 'open');
      const value = (Number.isNaN(amount[i] as number) ? 0 : (amount[i] as number)) / accounts.length;
      for (const r of accounts) {
        deals.push({
          account: r,
          status: won ? 'won' : closed ? 'lost' : 'open',
          amount: value,
          cycleDays: closed ? days(i) : Number.NaN,
        });
        if (won) {
          wonDeals[r] = (wonDeals[r] as number) + 1;
          wonAmount[r] = (wonAmount[r] as number) + value;
        } else if (!closed) openPipeline[r] = (openPipeline[r] as number) + value;
      }
    }
    stats.opportunities = o.numRows;
    stats.opportunitiesMatched = matched;
    const unmatched = o.numRows - matched;
    if (unmatched > 0)
      warnings.push(
        warning(
          'opportunities-unmatched',
          `${unmatched} of ${o.numRows} opportunities name no account id of the accounts file; they were left out`,
        ),
      );
    if (shared > 0)
      warnings.push(
        warning(
          'opportunities-shared',
          `${shared} opportunities name several accounts; each of them gets the deal and an equal share of its amount`,
        ),
      );
    if (created === null || closeDate === null)
      warnings.push(
        warning(
          'opportunities-no-dates',
          `${file} has no ${created === null ? 'create' : 'close'} date column; sales cycle days are blank`,
        ),
      );
  }
  frame = frame
    .withColumn('won_deals', wonDeals)
    .withColumn('won_amount', wonAmount)
    .withColumn('open_pipeline', openPipeline);

  if (inputs.engagement !== null) {
    const { frame: e, warnings: w } = await loadTable(inputs.engagement);
    warnings.push(...w);
    const idColumn = findColumn(e, ID_HEADERS, inputs.engagement, 'account id');
    const rows = rowsOf(categoricalValues(e, idColumn), cleansed.idMap, rowById);
    for (const column of e.columnNames.filter(
      (c) => c !== idColumn && e.column(c).kind === 'number' && !frame.has(c),
    )) {
      const values = e.numbers(column);
      const joined = new Float64Array(n); // no row = no activity = 0
      rows.forEach((r, i) => {
        if (r >= 0 && !Number.isNaN(values[i] as number))
          joined[r] = Math.max(joined[r] as number, values[i] as number);
      });
      frame = frame.withColumn(column, joined);
    }
    stats.engagementRows = e.numRows;
    stats.engagementMatched = rows.filter((r) => r >= 0).length;
  }

  const isCustomer = Float64Array.from({ length: n }, (_, i) =>
    (spend[i] as number) > 0 || (wonDeals[i] as number) > 0 ? 1 : 0,
  );
  stats.customers = isCustomer.reduce((s, v) => s + v, 0);
  const log10 = (values: Float64Array) => values.map((v) => (v > 0 ? Math.log10(v) : Number.NaN));
  const columns: Record<string, ColumnInput> = {
    is_customer: isCustomer,
    log10_employees: log10(frame.numbers('employees')),
    log10_revenue: log10(frame.numbers('annual_revenue')),
  };
  for (const [name, values] of Object.entries(columns)) frame = frame.withColumn(name, values);
  if (stats.customers === 0)
    throw new DataError(
      'no customers: no account has spend > 0 or a won opportunity, so there is nothing to learn an ICP from',
      { file: inputs.accounts },
    );
  return { frame, deals, quality: cleansed.report, warnings, stats };
}
