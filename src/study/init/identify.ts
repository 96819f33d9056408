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

/** One known export format: its system, role and the header sets that identify it. */
interface Signature {
  system: string;
  role: InputRole;
  /** The format is recognized when the file has every header of any one of these sets. */
  headerSets: readonly (readonly string[])[];
}

/**
 * Header sets of the systems' exports, most specific first: Pipedrive's "Deal - " prefixed headers before
 * HubSpot's (whose "Deal Stage" reads like Pipedrive's "Deal - Stage").
 */
const SIGNATURES: readonly Signature[] = [
  {
    system: 'Pipedrive deals',
    role: 'opportunities',
    headerSets: [
      ['Deal - Title'],
      ['Deal - Organization'],
      ['Deal - Organization ID'],
      ['Won time', 'Deal created'],
    ],
  },
  {
    system: 'HubSpot deals',
    role: 'opportunities',
    headerSets: [['Associated Company IDs'], ['Deal Stage', 'Deal Name']],
  },
  {
    system: 'Salesforce opportunities',
    role: 'opportunities',
    headerSets: [['StageName'], ['IsWon'], ['Opportunity ID', 'Stage'], ['Opportunity Name', 'Stage']],
  },
  {
    system: 'NetSuite invoice lines',
    role: 'spend',
    headerSets: [
      ['Document Number', 'Item', 'Amount (Foreign Currency)'],
      ['Document Number', 'Item', 'Amount'],
    ],
  },
  {
    system: 'Dynamics 365 opportunities',
    role: 'opportunities',
    headerSets: [['Actual Close Date'], ['Est. Close Date']],
  },
  { system: 'ZoomInfo', role: 'market', headerSets: [['ZoomInfo Company ID'], ['Primary Sub-Industry']] },
  {
    system: 'Apollo',
    role: 'market',
    headerSets: [['Apollo Account Id'], ['Company Linkedin Url'], ['# Employees', 'Company']],
  },
  { system: 'Dun & Bradstreet', role: 'market', headerSets: [['D-U-N-S Number'], ['DUNS Number'], ['DUNS']] },
  {
    system: 'Clearbit',
    role: 'market',
    headerSets: [['metrics.employees'], ['category.industry'], ['Clearbit ID']],
  },
  {
    system: 'HubSpot companies',
    role: 'accounts',
    headerSets: [['Lifecycle Stage'], ['Company Domain Name']],
  },
  { system: 'Dynamics 365 accounts', role: 'accounts', headerSets: [['(Do Not Modify) Account']] },
  {
    system: 'Pipedrive organizations',
    role: 'accounts',
    headerSets: [['Organization - Name'], ['Organization - ID']],
  },
  {
    system: 'Salesforce accounts',
    role: 'accounts',
    headerSets: [['BillingCountry'], ['NumberOfEmployees'], ['AnnualRevenue']],
  },
];

/** The headers of the first set the frame has in full, or null. */
function matchedSet(frame: Frame, signature: Signature): string[] | null {
  for (const set of signature.headerSets) {
    const found = set.map((h) => findHeader(frame, [h]));
    if (found.every((h) => h !== null)) return found as string[];
  }
  return null;
}

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
    const headers = matchedSet(frame, signature);
    if (headers !== null)
      return {
        role: signature.role,
        system: signature.system,
        evidence: `header${headers.length > 1 ? 's' : ''} ${headers.map((h) => `"${h}"`).join(' and ')}`,
      };
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
