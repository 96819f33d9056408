/**
 * Reading an opportunities (deals) export as the CRMs write it: Salesforce (`AccountId`, `StageName`,
 * `IsWon`/`IsClosed`, `Amount`, `CloseDate`, `CreatedDate`), HubSpot deals (`Associated Company IDs` with
 * several ids separated by ";", `Deal Stage` = `closedwon` / `closedlost` or their labels, `Close Date`,
 * `Create Date`), Dynamics 365 (`Status` = Won / Lost / Open, `Actual Revenue`, `Actual Close Date`,
 * `Created On`) and Pipedrive (`Organization ID`, `Status` = won / lost / open, `Value`, `Won time`,
 * `Deal created`). Stage names are compared without case, spaces or punctuation.
 */
import { DataError } from '../core/errors.ts';
import type { Frame } from '../data/frame.ts';

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
  stage: ['StageName', 'Stage', 'Deal Stage', 'dealstage', 'Status', 'status', 'Deal Status'],
  amount: ['Amount', 'amount', 'Deal Value', 'Value', 'Actual Revenue', 'Amount in company currency'],
  created: [
    'CreatedDate',
    'Create Date',
    'Created On',
    'Deal created',
    'add_time',
    'createdate',
    'Created Date',
  ],
  closed: [
    'CloseDate',
    'Close Date',
    'Actual Close Date',
    'Won time',
    'close_time',
    'closedate',
    'Closed Date',
  ],
} as const;

/** Stage values (without case, spaces or punctuation) that mean won, and lost. */
export const WON_STAGES: readonly string[] = ['closedwon', 'won', 'dealwon'];
export const LOST_STAGES: readonly string[] = ['closedlost', 'lost', 'deallost'];

const key = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The first column of `frame` named like one of `candidates` (compared without case, spaces or punctuation).
 *
 * @example
 * findHeader(deals, DEAL_HEADERS.stage); // 'Deal Stage'
 */
export function findHeader(frame: Frame, candidates: readonly string[]): string | null {
  const byKey = new Map(frame.columnNames.map((c) => [key(c), c]));
  for (const candidate of candidates) {
    const found = byKey.get(key(candidate));
    if (found !== undefined) return found;
  }
  return null;
}

/**
 * A deal's status from its stage name: won, lost (a lost stage, or any other "closed …" stage) or open.
 *
 * @example
 * stageStatus('closedwon'); // 'won'
 * stageStatus('Closed Lost'); // 'lost'
 * stageStatus('appointmentscheduled'); // 'open'
 */
export function stageStatus(stage: string | null): 'won' | 'lost' | 'open' {
  const k = key(stage ?? '');
  if (WON_STAGES.includes(k)) return 'won';
  if (LOST_STAGES.includes(k) || k.startsWith('closed')) return 'lost';
  return 'open';
}

/**
 * A yes/no cell as the CRMs write it (true/false, 1/0, yes/no); null when blank; a DataError otherwise.
 *
 * @example
 * parseFlag('1', { file: 'deals.csv', row: 3, column: 'IsWon' }); // true
 */
export function parseFlag(
  value: string | null,
  where: { file: string; row: number; column: string },
): boolean | null {
  if (value === null || value.trim() === '') return null;
  const k = key(value);
  if (k === 'true' || k === '1' || k === 'yes' || k === 'y') return true;
  if (k === 'false' || k === '0' || k === 'no' || k === 'n') return false;
  throw new DataError(`"${value}" is not a yes/no value (expected true/false, 1/0 or yes/no)`, where);
}

/**
 * The account ids of a deal: one id, or several separated by ";" (HubSpot's multi-company associations).
 *
 * @example
 * dealAccountIds('101;205'); // ['101', '205']
 */
export function dealAccountIds(cell: string | null): string[] {
  if (cell === null) return [];
  return cell
    .split(';')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}
