/**
 * Reading an opportunities (deals) export as the CRMs write it: Salesforce (`AccountId`, `StageName`,
 * `IsWon`/`IsClosed`, `Amount`, `CloseDate`, `CreatedDate`), HubSpot deals (`Associated Company IDs` with
 * several ids separated by ";", `Deal Stage` = `closedwon` / `closedlost` or their labels, `Close Date`,
 * `Create Date`), Dynamics 365 (`Status` = Won / Lost / Open, `Actual Revenue`, `Actual Close Date`,
 * `Created On`) and Pipedrive (`Organization ID`, `Status` = won / lost / open, `Value`, `Won time`,
 * `Deal created`; its export's `Deal - ` prefixes too, and deals that name their organization only by name).
 * Stage names are compared without case, spaces or punctuation. Amounts are converted into the study currency
 * (a currency column such as `Deal - Currency` or `CurrencyIsoCode`, or a symbol in the value). A deal of several
 * companies (HubSpot's "id;id") belongs to its primary company — the `(Primary)` association column, else the
 * first listed — and the others are related accounts that do not become customers (or, with
 * `multiCompany: "split"`, each gets an equal share).
 */
import { DataError, warning, type Warning } from '../../core/errors.ts';
import { parseDates, settleDateOrder } from '../../data/dates.ts';
import type { DateOrder } from '../../data/dates.ts';
import { loadTable, sheetOption } from '../../data/load.ts';
import { findHeader, headerKey, requireHeader } from '../../data/schema.ts';
import type { Frame } from '../../data/frame.ts';
import { readMoneyColumn, type CurrencyUse, type FxRates } from '../../cleanse/currency.ts';
import { describeMatches, idMatcher, type AccountMatcher, type MatchSummary } from './account-match.ts';
import type { AccountKeys } from './account-keys.ts';

/** One opportunity, re-keyed to its account's row in the universe. */
export interface Deal {
  /** 0-based row of the account in the universe frame. */
  account: number;
  status: 'won' | 'lost' | 'open';
  /** The account's share of the deal value (0 when missing). */
  amount: number;
  /** Days from creation to close, for closed deals with both dates (NaN otherwise). */
  cycleDays: number;
  /** Close date as epoch milliseconds (NaN when missing). */
  closeDate: number;
}

/** The fields of a deal a mapping can name. */
export type DealField = keyof typeof DEAL_HEADERS;

/** Header candidates of each deal field, in order of preference. */
export const DEAL_HEADERS = {
  accountId: [
    'Associated Company IDs (Primary)',
    'AccountId',
    'account_id',
    'Account ID',
    'Associated Company IDs',
    'Associated Company ID',
    'Company ID',
    'Organization ID',
    'Organization - ID',
    'org_id',
  ],
  accountName: [
    'Account Name',
    'Organization',
    'Organization - Name',
    'Organization Name',
    'Associated Company (Primary)',
    'Associated Company',
    'Company',
    'Company Name',
  ],
  currency: ['CurrencyIsoCode', 'Currency', 'Deal Currency', 'Deal currency code', 'Currency Code'],
  isWon: ['IsWon', 'is_won', 'Won'],
  isClosed: ['IsClosed', 'is_closed', 'Closed'],
  stage: ['StageName', 'Stage', 'Deal Stage', 'dealstage', 'Status', 'Deal Status'],
  amount: ['Amount', 'Deal Value', 'Value', 'Actual Revenue', 'Amount in company currency'],
  created: ['CreatedDate', 'Create Date', 'Created On', 'Deal created', 'add_time', 'Created Date'],
  closed: [
    'CloseDate',
    'Close Date',
    'Actual Close Date',
    'Won time',
    'Deal closed on',
    'close_time',
    'Closed Date',
    'Close time',
  ],
} as const;

/** How to read a deals file; every key is optional (auto-detection). */
export interface DealsMapping {
  /** The worksheet of an .xlsx file (name or 1-based position); null = the first visible one. */
  sheet?: string | number | null;
  /** Explicit column per field (e.g. `{ "stage": "Pipeline Stage" }`). */
  columns?: Partial<Record<DealField, string>>;
  /** Stage values that mean won, besides the CRMs' own (closedwon, Closed Won, won …). */
  wonStages?: string[];
  /** Stage values that mean lost, besides the CRMs' own (closedlost, Closed Lost, lost, other "closed …"). */
  lostStages?: string[];
  /** The separator of several account ids in one cell. Default ";". */
  accountSeparator?: string;
  /** The order of day and month in numeric dates. Default `auto`: settled by the values, or an error. */
  dateOrder?: DateOrder;
  /** A deal of several companies: `first` (default) — the primary or first listed buys; `split` — equal shares. */
  multiCompany?: 'first' | 'split';
  /** The currency of amounts that name none (default: the study currency). */
  currency?: string | null;
}

/** Prefixes exports put before a deal's own fields (Pipedrive: "Deal - Value"). */
const DEAL_PREFIXES = ['Deal - '];

/** The candidates with and without the exports' prefixes. */
const prefixed = (candidates: readonly string[]) => [
  ...candidates,
  ...DEAL_PREFIXES.flatMap((p) => candidates.map((c) => p + c)),
];

/** Stage values (compared with `headerKey`) that mean won, and lost. */
export const WON_STAGES: readonly string[] = ['closedwon', 'won', 'dealwon'];
export const LOST_STAGES: readonly string[] = ['closedlost', 'lost', 'deallost'];

/**
 * A deal's status from its stage name: won, lost (a lost stage, or any other "closed …" stage) or open.
 *
 * @example
 * stageStatus('closedwon'); // 'won'
 * stageStatus('Closed Lost'); // 'lost'
 * stageStatus('Signed', { wonStages: ['Signed'] }); // 'won'
 */
export function stageStatus(
  stage: string | null,
  mapping: Pick<DealsMapping, 'wonStages' | 'lostStages'> = {},
): 'won' | 'lost' | 'open' {
  const k = headerKey(stage ?? '');
  if (WON_STAGES.includes(k) || (mapping.wonStages ?? []).some((s) => headerKey(s) === k)) return 'won';
  if (LOST_STAGES.includes(k) || (mapping.lostStages ?? []).some((s) => headerKey(s) === k)) return 'lost';
  return k.startsWith('closed') ? 'lost' : 'open';
}

/**
 * The deals file's stage column: of the stage and status headers present, the first whose values read as won
 * for some deal (Pipedrive's "Deal - Status" = won/lost/open, not its pipeline "Deal - Stage"), else the first.
 *
 * @example
 * stageColumn(pipedriveDeals); // 'Deal - Status'
 */
export function stageColumn(
  deals: Frame,
  readsWon: (column: string) => boolean = (c) =>
    deals.strings(c).some((v) => v !== null && stageStatus(v) === 'won'),
): string | null {
  const present = stageCandidates(deals);
  return present.find(readsWon) ?? present[0] ?? null;
}

/**
 * The stage and status columns a deals file has, in order of preference.
 *
 * @example
 * stageCandidates(pipedriveDeals); // ['Deal - Stage', 'Deal - Status']
 */
export function stageCandidates(deals: Frame): string[] {
  return prefixed(DEAL_HEADERS.stage)
    .map((c) => findHeader(deals, [c]))
    .filter((c, i, all): c is string => c !== null && all.indexOf(c) === i);
}

/** How CRMs and databases write yes and no (compared lower-cased). */
export const TRUE_FLAGS = ['true', 't', '1', 'yes', 'y'];
export const FALSE_FLAGS = ['false', 'f', '0', 'no', 'n'];

/**
 * A yes/no cell as the CRMs and databases write it (true/false, t/f, 1/0, yes/no, any case); null when blank;
 * a DataError otherwise.
 *
 * @example
 * parseFlag('1', { file: 'deals.csv', row: 3, column: 'IsWon' }); // true
 */
export function parseFlag(
  value: string | null,
  where: { file: string; row: number; column: string },
): boolean | null {
  if (value === null || value.trim() === '') return null;
  const k = headerKey(value);
  if (TRUE_FLAGS.includes(k)) return true;
  if (FALSE_FLAGS.includes(k)) return false;
  throw new DataError(`"${value}" is not a yes/no value (expected true/false, t/f, 1/0 or yes/no)`, where);
}

/**
 * The account ids of a deal: one id, or several separated by `separator` (HubSpot's multi-company associations).
 *
 * @example
 * dealAccountIds('101;205'); // ['101', '205']
 */
export function dealAccountIds(cell: string | null, separator = ';'): string[] {
  if (cell === null) return [];
  return cell
    .split(separator)
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

/** Deals per account, as read by {@link readDeals}. */
export interface DealsInput {
  deals: Deal[];
  /** How the amounts' currencies were converted. */
  currencies: CurrencyUse[];
  /** Related (non-buying) companies named on deals, which were not given the deal. */
  related: number;
  wonDeals: Float64Array;
  wonAmount: Float64Array;
  openPipeline: Float64Array;
  rows: number;
  matched: number;
  warnings: Warning[];
}

/** Whole days from `from` to `to` (epoch ms; NaN when either is). */
export const days = (from: number, to: number) =>
  Number.isNaN(from) || Number.isNaN(to) ? Number.NaN : Math.round((to - from) / 86_400_000);

/** The column of each deal field in a deals file (null = the file has none). */
export type DealColumns = Record<DealField, string | null>;

/**
 * The column of each deal field: named in the mapping, else recognized (the stage: the first candidate whose values
 * read as won, as `readsWon` says); an error when no column names the account or tells won deals.
 *
 * @example
 * dealColumns(deals, 'deals.csv', {}).amount; // 'Amount'
 */
export function dealColumns(
  o: Frame,
  file: string,
  mapping: DealsMapping,
  readsWon?: (column: string) => boolean,
): DealColumns {
  const explicit = mapping.columns ?? {};
  const column = (field: DealField) =>
    explicit[field] !== undefined
      ? requireHeader(o, {
          candidates: [],
          what: field,
          file,
          explicit: explicit[field],
          option: `opportunities.columns.${field}`,
        })
      : field === 'stage'
        ? stageColumn(o, readsWon)
        : findHeader(o, prefixed(DEAL_HEADERS[field]));
  const columns = {
    accountId: column('accountId'),
    accountName: column('accountName'),
    currency: column('currency'),
    isWon: column('isWon'),
    isClosed: column('isClosed'),
    stage: column('stage'),
    amount: column('amount'),
    created: column('created'),
    closed: column('closed'),
  };
  if (columns.accountId === null && columns.accountName === null)
    throw new DataError(
      `no column names the deal's account (expected an id such as ${DEAL_HEADERS.accountId.map((c) => `"${c}"`).join(', ')} or a name such as ${DEAL_HEADERS.accountName.map((c) => `"${c}"`).join(', ')}; columns are ${o.columnNames.map((c) => `"${c}"`).join(', ')}); name one in mapping.opportunities.columns.accountId or accountName`,
      { file },
    );
  if (!columns.isWon && !columns.stage)
    throw new DataError(
      `no column tells won deals (expected one of ${[...DEAL_HEADERS.isWon, ...DEAL_HEADERS.stage].map((c) => `"${c}"`).join(', ')})`,
      { file },
    );
  return columns;
}

/** One row of a deals file, read: its status, value, dates. */
interface DealRow {
  status: Deal['status'];
  amount: number;
  closeDate: number;
  cycleDays: number;
}

/** Reads every row's status (flags first, then the stage), amount and dates. */
function dealRows(
  o: Frame,
  c: DealColumns,
  file: string,
  mapping: DealsMapping,
  amount: Float64Array,
): DealRow[] {
  // One export, one locale: the order of day and month is settled over both date columns together.
  const dateColumns = [c.created, c.closed].filter((col): col is string => col !== null);
  const order = settleDateOrder(
    dateColumns.map((column) => ({ column, values: o.strings(column) })),
    mapping.dateOrder ?? 'auto',
    file,
  );
  const dates = (col: string | null) =>
    col === null
      ? null
      : parseDates(o.strings(col), order, { file, column: col, option: 'mapping.opportunities.dateOrder' });
  const [created, closed] = [dates(c.created), dates(c.closed)];
  const text = (col: string | null) => (col === null ? null : o.strings(col));
  const [stage, isWon, isClosed] = [text(c.stage), text(c.isWon), text(c.isClosed)];
  const flag = (values: readonly (string | null)[] | null, col: string | null, i: number) =>
    values === null ? null : parseFlag(values[i] ?? null, { file, row: i + 1, column: col as string });
  return Array.from({ length: o.numRows }, (_, i) => {
    const fromStage = stageStatus(stage?.[i] ?? null, mapping);
    const won = flag(isWon, c.isWon, i) ?? fromStage === 'won';
    const isClosedDeal = flag(isClosed, c.isClosed, i) ?? (won || fromStage !== 'open');
    const closeDate = closed?.[i] ?? Number.NaN;
    return {
      status: won ? 'won' : isClosedDeal ? 'lost' : 'open',
      amount: Number.isNaN(amount[i] as number) ? 0 : (amount[i] as number),
      closeDate,
      cycleDays: isClosedDeal ? days(created?.[i] ?? Number.NaN, closeDate) : Number.NaN,
    };
  });
}

/** The accounts of one deal: its buyer first, then the related companies (a partner on the deal). */
function dealAccounts(
  i: number,
  ids: readonly (string | null)[] | undefined,
  matches: { rows: Int32Array },
  matcher: AccountMatcher,
  separator: string | undefined,
): number[] {
  const listed = dealAccountIds(ids?.[i] ?? null, separator);
  if (listed.length <= 1) return (matches.rows[i] as number) >= 0 ? [matches.rows[i] as number] : [];
  const rows = listed.map((id) => matcher.match({ ids: [id] }).rows[0] as number).filter((r) => r >= 0);
  return [...new Set(rows)];
}

/**
 * Reads a deals file and attributes each deal to its account (`n` accounts, found by id, else by a unique name
 * through `matcher`); amounts in the study currency (`fx`, default USD without rates).
 *
 * @example
 * const { wonDeals, warnings } = await readDeals('deals.csv', matcher, 4, { wonStages: ['Signed'] });
 */
export async function readDeals(
  file: string,
  keys: AccountKeys | AccountMatcher,
  n: number,
  mapping: DealsMapping = {},
  fx: FxRates = { currency: 'USD', rates: {} },
): Promise<DealsInput> {
  const matcher = 'match' in keys ? keys : idMatcher(keys);
  const { frame: o, warnings } = await loadTable(file, { allText: true, ...sheetOption(mapping.sheet) });
  const columns = dealColumns(o, file, mapping);
  const money = columns.amount
    ? readMoneyColumn(o.strings(columns.amount), {
        file,
        column: columns.amount,
        fx,
        ...(columns.currency === null
          ? {}
          : { currencies: { column: columns.currency, values: o.strings(columns.currency) } }),
        currency: mapping.currency ?? null,
        option: 'mapping.opportunities.currency',
      })
    : { values: new Float64Array(o.numRows), currencies: [] };
  const rows = dealRows(o, columns, file, mapping, money.values);
  const text = (column: string | null) => (column === null ? undefined : o.strings(column));
  const ids = text(columns.accountId);
  const firstIds = ids?.map((cell) => dealAccountIds(cell, mapping.accountSeparator)[0] ?? null);
  const matches = matcher.match({
    ...(firstIds === undefined ? {} : { ids: firstIds }),
    ...(columns.accountName === null ? {} : { names: text(columns.accountName) }),
  });
  const out: DealsInput = {
    deals: [],
    currencies: money.currencies,
    related: 0,
    wonDeals: new Float64Array(n),
    wonAmount: new Float64Array(n),
    openPipeline: new Float64Array(n),
    rows: o.numRows,
    matched: 0,
    warnings,
  };
  const split = mapping.multiCompany === 'split';
  let shared = 0;
  rows.forEach((deal, i) => {
    const accounts = dealAccounts(i, ids, matches, matcher, mapping.accountSeparator);
    if (accounts.length === 0) return;
    out.matched++;
    if (accounts.length > 1) shared++;
    const buyers = split ? accounts : accounts.slice(0, 1);
    const amount = deal.amount / buyers.length;
    for (const r of buyers) {
      out.deals.push({ ...deal, account: r, amount });
      if (deal.status === 'won') {
        out.wonDeals[r] = (out.wonDeals[r] as number) + 1;
        out.wonAmount[r] = (out.wonAmount[r] as number) + amount;
      } else if (deal.status === 'open') out.openPipeline[r] = (out.openPipeline[r] as number) + amount;
    }
    out.related += accounts.length - buyers.length;
  });
  out.warnings.push(...dealWarnings(file, out, { shared, split, matches }, columns.created, columns.closed));
  return out;
}

/**
 * The warnings of a deals join: deals left out, deals found by name, deals of several companies, no dates.
 *
 * @example
 * dealWarnings('deals.csv', { rows: 10, matched: 9 }, { shared: 0, split: false, matches }, 'CreatedDate', 'CloseDate');
 */
export function dealWarnings(
  file: string,
  input: Pick<DealsInput, 'rows' | 'matched'>,
  join: { shared: number; split: boolean; matches: MatchSummary },
  createdColumn: string | null,
  closedColumn: string | null,
): Warning[] {
  const warnings: Warning[] = [];
  const { shared, matches } = join;
  const unmatched = input.rows - input.matched;
  if (unmatched > 0)
    warnings.push(
      warning(
        'opportunities-unmatched',
        matches.byMethod.name + matches.ambiguous > 0
          ? `${unmatched} of ${input.rows} opportunities were left out: ${describeMatches(matches, 'opportunities')}`
          : `${unmatched} of ${input.rows} opportunities name no account id of the accounts file; they were left out`,
      ),
    );
  else if (matches.byMethod.name > 0)
    warnings.push(warning('opportunities-by-name', describeMatches(matches, 'opportunities')));
  if (shared > 0)
    warnings.push(
      warning(
        'opportunities-shared',
        join.split
          ? `${shared} ${shared === 1 ? 'opportunity names' : 'opportunities name'} several accounts; each of them gets the deal and an equal share of its amount (multiCompany: "split")`
          : `${shared} ${shared === 1 ? 'opportunity names' : 'opportunities name'} several accounts; the primary (first listed) account buys, the others are related accounts that do not become customers (set mapping.opportunities.multiCompany to "split" to share it)`,
      ),
    );
  if (createdColumn === null || closedColumn === null)
    warnings.push(
      warning(
        'opportunities-no-dates',
        `${file} has no ${createdColumn === null ? 'create' : 'close'} date column; sales cycle days are blank`,
      ),
    );
  return warnings;
}
