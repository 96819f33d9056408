/**
 * Reading an opportunities (deals) export as the CRMs write it: Salesforce (`AccountId`, `StageName`,
 * `IsWon`/`IsClosed`, `Amount`, `CloseDate`, `CreatedDate`), HubSpot deals (`Associated Company IDs` with
 * several ids separated by ";", `Deal Stage` = `closedwon` / `closedlost` or their labels, `Close Date`,
 * `Create Date`), Dynamics 365 (`Status` = Won / Lost / Open, `Actual Revenue`, `Actual Close Date`,
 * `Created On`) and Pipedrive (`Organization ID`, `Status` = won / lost / open, `Value`, `Won time`,
 * `Deal created`). Stage names are compared without case, spaces or punctuation.
 */
import { DataError, warning, type Warning } from '../../core/errors.ts';
import { parseDates, settleDateOrder } from '../../data/dates.ts';
import type { DateOrder } from '../../data/dates.ts';
import { loadTable } from '../../data/load.ts';
import { findHeader, headerKey, requireHeader } from '../../data/schema.ts';
import { parseAmounts } from '../../cleanse/numbers.ts';
import type { Frame } from '../../data/frame.ts';
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
    'AccountId',
    'account_id',
    'Account ID',
    'Associated Company IDs',
    'Associated Company ID',
    'Company ID',
    'Organization ID',
    'org_id',
  ],
  isWon: ['IsWon', 'is_won', 'Won'],
  isClosed: ['IsClosed', 'is_closed', 'Closed'],
  stage: ['StageName', 'Stage', 'Deal Stage', 'dealstage', 'Status', 'Deal Status'],
  amount: ['Amount', 'Deal Value', 'Value', 'Actual Revenue', 'Amount in company currency'],
  created: ['CreatedDate', 'Create Date', 'Created On', 'Deal created', 'add_time', 'Created Date'],
  closed: ['CloseDate', 'Close Date', 'Actual Close Date', 'Won time', 'close_time', 'Closed Date'],
} as const;

/** How to read a deals file; every key is optional (auto-detection). */
export interface DealsMapping {
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
}

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
  wonDeals: Float64Array;
  wonAmount: Float64Array;
  openPipeline: Float64Array;
  rows: number;
  matched: number;
  warnings: Warning[];
}

const days = (from: number, to: number) =>
  Number.isNaN(from) || Number.isNaN(to) ? Number.NaN : Math.round((to - from) / 86_400_000);

/** The column of each deal field in a deals file (null = the file has none). */
type DealColumns = Record<DealField, string | null> & { accountId: string };

function dealColumns(o: Frame, file: string, mapping: DealsMapping): DealColumns {
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
      : findHeader(o, DEAL_HEADERS[field]);
  const accountId = requireHeader(o, {
    candidates: DEAL_HEADERS.accountId,
    what: 'account id',
    file,
    explicit: explicit.accountId ?? null,
    option: 'opportunities.columns.accountId',
  });
  const columns = {
    accountId,
    isWon: column('isWon'),
    isClosed: column('isClosed'),
    stage: column('stage'),
    amount: column('amount'),
    created: column('created'),
    closed: column('closed'),
  };
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
function dealRows(o: Frame, c: DealColumns, file: string, mapping: DealsMapping): DealRow[] {
  const amount = c.amount
    ? parseAmounts(o.strings(c.amount), { file, column: c.amount })
    : new Float64Array(o.numRows);
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

/**
 * Reads a deals file and attributes each deal to its accounts (`n` accounts, found through `keys`); a deal of
 * several accounts counts for each with an equal share of its amount.
 *
 * @example
 * const { wonDeals, warnings } = await readDeals('deals.csv', keys, 4, { wonStages: ['Signed'] });
 */
export async function readDeals(
  file: string,
  keys: AccountKeys,
  n: number,
  mapping: DealsMapping = {},
): Promise<DealsInput> {
  const { frame: o, warnings } = await loadTable(file, { allText: true });
  const columns = dealColumns(o, file, mapping);
  const rows = dealRows(o, columns, file, mapping);
  const ids = o.strings(columns.accountId);
  const out: DealsInput = {
    deals: [],
    wonDeals: new Float64Array(n),
    wonAmount: new Float64Array(n),
    openPipeline: new Float64Array(n),
    rows: o.numRows,
    matched: 0,
    warnings,
  };
  let shared = 0;
  rows.forEach((deal, i) => {
    const accounts = [
      ...new Set(dealAccountIds(ids[i] ?? null, mapping.accountSeparator).map((id) => keys.rowOf(id))),
    ].filter((r) => r >= 0);
    if (accounts.length === 0) return;
    out.matched++;
    if (accounts.length > 1) shared++;
    const amount = deal.amount / accounts.length;
    for (const r of accounts) {
      out.deals.push({ ...deal, account: r, amount });
      if (deal.status === 'won') {
        out.wonDeals[r] = (out.wonDeals[r] as number) + 1;
        out.wonAmount[r] = (out.wonAmount[r] as number) + amount;
      } else if (deal.status === 'open') out.openPipeline[r] = (out.openPipeline[r] as number) + amount;
    }
  });
  out.warnings.push(...dealWarnings(file, out, shared, columns.created, columns.closed));
  return out;
}

function dealWarnings(
  file: string,
  input: DealsInput,
  shared: number,
  createdColumn: string | null,
  closedColumn: string | null,
): Warning[] {
  const warnings: Warning[] = [];
  const unmatched = input.rows - input.matched;
  if (unmatched > 0)
    warnings.push(
      warning(
        'opportunities-unmatched',
        `${unmatched} of ${input.rows} opportunities name no account id of the accounts file; they were left out`,
      ),
    );
  if (shared > 0)
    warnings.push(
      warning(
        'opportunities-shared',
        `${shared} ${shared === 1 ? 'opportunity names' : 'opportunities name'} several accounts; each of them gets the deal and an equal share of its amount`,
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
