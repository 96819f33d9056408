/**
 * What an export is, from its headers: accounts (a CRM's), market (a data vendor's enrichment file), deals,
 * spend or engagement — and which system it looks like. Signatures are header names the systems write.
 */
import type { Frame } from '../../data/frame.ts';
import { findHeader } from '../../data/schema.ts';
import { mapHeaders } from '../../cleanse/headers.ts';
import { DEAL_HEADERS } from '../../segment/inputs/deals.ts';
import { ID_HEADERS } from '../../segment/inputs/spend.ts';

/** The role a file can play in a study. */
export type InputRole = 'accounts' | 'market' | 'opportunities' | 'spend' | 'engagement';

/** One known export format: its system, role and the headers that identify it. */
interface Signature {
  system: string;
  role: InputRole;
  /** Any of these headers identifies the format. */
  headers: readonly string[];
}

/** Header signatures of the systems' exports, most specific first. */
const SIGNATURES: readonly Signature[] = [
  { system: 'HubSpot deals', role: 'opportunities', headers: ['Deal Stage', 'Associated Company IDs'] },
  { system: 'Salesforce opportunities', role: 'opportunities', headers: ['StageName', 'IsWon'] },
  { system: 'Pipedrive deals', role: 'opportunities', headers: ['Won time', 'Deal created'] },
  {
    system: 'Dynamics 365 opportunities',
    role: 'opportunities',
    headers: ['Actual Close Date', 'Est. Close Date'],
  },
  { system: 'ZoomInfo', role: 'market', headers: ['ZoomInfo Company ID', 'Primary Sub-Industry'] },
  { system: 'Apollo', role: 'market', headers: ['Apollo Account Id', 'Company Linkedin Url'] },
  { system: 'Dun & Bradstreet', role: 'market', headers: ['D-U-N-S Number', 'DUNS Number', 'DUNS'] },
  { system: 'Clearbit', role: 'market', headers: ['metrics.employees', 'category.industry', 'Clearbit ID'] },
  { system: 'HubSpot companies', role: 'accounts', headers: ['Lifecycle Stage', 'Company Domain Name'] },
  { system: 'Dynamics 365 accounts', role: 'accounts', headers: ['(Do Not Modify) Account'] },
  {
    system: 'Pipedrive organizations',
    role: 'accounts',
    headers: ['Organization - Name', 'Organization - ID'],
  },
  {
    system: 'Salesforce accounts',
    role: 'accounts',
    headers: ['BillingCountry', 'NumberOfEmployees', 'AnnualRevenue'],
  },
];

/** What {@link identifyFile} says about a file. */
export interface Identification {
  role: InputRole;
  /** The system the headers look like, or null for a generic file. */
  system: string | null;
  /** Why: the header that decided. */
  evidence: string;
}

function hasAccountColumns(frame: Frame): boolean {
  try {
    const { source } = mapHeaders(frame.columnNames);
    return source.name !== undefined && (source.domain !== undefined || source.industry !== undefined);
  } catch {
    return false;
  }
}

/**
 * The role and system of an export, or null when its headers fit no role.
 *
 * @example
 * identifyFile(deals); // { role: 'opportunities', system: 'HubSpot deals', evidence: 'header "Deal Stage"' }
 */
export function identifyFile(frame: Frame): Identification | null {
  for (const signature of SIGNATURES) {
    const header = findHeader(frame, signature.headers);
    if (header !== null)
      return { role: signature.role, system: signature.system, evidence: `header "${header}"` };
  }
  const stage = findHeader(frame, [...DEAL_HEADERS.stage, ...DEAL_HEADERS.isWon]);
  if (stage !== null && findHeader(frame, DEAL_HEADERS.accountId) !== null)
    return { role: 'opportunities', system: null, evidence: `header "${stage}"` };
  if (hasAccountColumns(frame))
    return { role: 'accounts', system: null, evidence: 'account name and domain or industry headers' };
  const id = findHeader(frame, ID_HEADERS);
  if (id === null) return null;
  const numeric = frame.columnNames.filter((c) => c !== id && frame.column(c).kind === 'number');
  const spend = numeric.find((c) => /spend|arr|revenue|amount/i.test(c));
  if (spend !== undefined)
    return { role: 'spend', system: null, evidence: `account id and numeric "${spend}"` };
  if (numeric.length > 0)
    return { role: 'engagement', system: null, evidence: `account id and ${numeric.length} numeric columns` };
  return null;
}
