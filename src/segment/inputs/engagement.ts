/**
 * Engagement signals per account (web visits, downloads, intent …): every numeric column of the file, the
 * highest value per account; an account without a row has no activity (0).
 */
import { DataError, warning, type Warning } from '../../core/errors.ts';
import type { ColumnInput, Frame } from '../../data/frame.ts';
import { inferNumericColumns, loadTable, sheetOption } from '../../data/load.ts';
import { findHeader, requireHeader } from '../../data/schema.ts';
import { parseDates, settleDateOrder } from '../../data/dates.ts';
import { describeMatches, type AccountMatcher } from './account-match.ts';
import { ID_HEADERS } from './spend.ts';

/** Header candidates of an engagement file's account website and name (a marketing tool's company fields). */
const ENGAGEMENT_REFS = {
  domain: ['Website', 'Domain', 'Company Domain', 'Company Website', 'Organization - Website'],
  name: ['Company', 'Company Name', 'Account Name', 'Organization', 'Organization - Name', 'Account'],
};

/**
 * The columns naming each row's account: an id, else a website and/or a name; an error when there is none.
 *
 * @example
 * referenceColumns(engagement, 'engagement.csv', {}); // { accountId: 'account_id', domain: null, name: null }
 */
export function referenceColumns(
  frame: Frame,
  file: string,
  named: { accountId?: string; domain?: string; name?: string },
): { accountId: string | null; domain: string | null; name: string | null } {
  const pick = (explicit: string | undefined, candidates: readonly string[], option: string) =>
    explicit === undefined
      ? findHeader(frame, candidates)
      : requireHeader(frame, {
          candidates: [],
          what: option,
          file,
          explicit,
          option: `engagement.columns.${option}`,
        });
  const refs = {
    accountId: pick(named.accountId, ID_HEADERS, 'accountId'),
    domain: pick(named.domain, ENGAGEMENT_REFS.domain, 'domain'),
    name: pick(named.name, ENGAGEMENT_REFS.name, 'name'),
  };
  if (refs.accountId === null && refs.domain === null && refs.name === null)
    throw new DataError(
      `no column names the account (an id such as ${ID_HEADERS.slice(0, 3)
        .map((h) => `"${h}"`)
        .join(
          ', ',
        )}, a website or a company name; columns are ${frame.columnNames.map((c) => `"${c}"`).join(', ')}); name one in engagement.columns.accountId, domain or name`,
      { file },
    );
  return refs;
}

/**
 * Reads an engagement file into one column per numeric signal (skipping names the accounts already have).
 *
 * @example
 * const { columns } = await readEngagement('engagement.csv', keys, accounts);
 */
export async function readEngagement(
  file: string,
  matcher: AccountMatcher,
  accounts: Frame,
  mapping: {
    columns?: { accountId?: string; domain?: string; name?: string };
    /** The worksheet of an .xlsx file (name or 1-based position); null = the first visible one. */
    sheet?: string | number | null;
  } = {},
): Promise<{
  columns: Record<string, ColumnInput>;
  /** The engagement signal columns (numeric columns of the file). */
  signals: string[];
  /** 1 for accounts with a row in the file, else 0 ("no signal", not zero activity). */
  present: Float64Array;
  /** Days from each account's last activity to the file's latest one (NaN without a date column or a date). */
  recencyDays: Float64Array;
  rows: number;
  matched: number;
  warnings: Warning[];
}> {
  const { frame, warnings } = await loadTable(file, { allText: true, ...sheetOption(mapping.sheet) });
  const refs = referenceColumns(frame, file, mapping.columns ?? {});
  const e = inferNumericColumns(frame, new Set(Object.values(refs).filter((c): c is string => c !== null)));
  const matches = matcher.match({
    ids: refs.accountId === null ? undefined : e.strings(refs.accountId),
    domains: refs.domain === null ? undefined : e.strings(refs.domain),
    names: refs.name === null ? undefined : e.strings(refs.name),
  });
  const rows = matches.rows;
  const columns: Record<string, ColumnInput> = {};
  for (const column of e.columnNames.filter(
    (c) => !Object.values(refs).includes(c) && e.column(c).kind === 'number' && !accounts.has(c),
  )) {
    const values = e.numbers(column);
    const joined = new Float64Array(accounts.numRows); // no row = no activity = 0
    rows.forEach((r, i) => {
      if (r >= 0 && !Number.isNaN(values[i] as number))
        joined[r] = Math.max(joined[r] as number, values[i] as number);
    });
    columns[column] = joined;
  }
  const byName = matches.byMethod.name + matches.byMethod.domain;
  if (byName > 0) warnings.push(warning('engagement-joins', describeMatches(matches, 'engagement rows')));
  const present = new Float64Array(accounts.numRows);
  rows.forEach((r) => r >= 0 && (present[r] = 1));
  const recencyDays = lastActivityRecency(e, rows, accounts.numRows, file);
  return {
    columns,
    signals: Object.keys(columns),
    present,
    recencyDays,
    rows: e.numRows,
    matched: rows.filter((r) => r >= 0).length,
    warnings,
  };
}

/** Header candidates of the last-activity date (Salesforce, HubSpot, a marketing-automation export). */
export const LAST_ACTIVITY_HEADERS = [
  'last_activity_date',
  'Last Activity Date',
  'LastActivityDate',
  'Last Activity',
  'last_engagement_date',
  'Last Engagement Date',
];

/** Days between each account's latest activity and the file's latest activity (NaN when unknown). */
function lastActivityRecency(e: Frame, rows: Int32Array, n: number, file: string): Float64Array {
  const out = new Float64Array(n).fill(Number.NaN);
  const column = findHeader(e, LAST_ACTIVITY_HEADERS);
  if (column === null) return out;
  const order = settleDateOrder([{ column, values: e.strings(column) }], 'auto', file);
  const times = parseDates(e.strings(column), order, {
    file,
    column,
    option: 'a date format the values settle',
  });
  const latest = times.reduce((m, t) => (t > m ? t : m), -Infinity);
  rows.forEach((r, i) => {
    const t = times[i] as number;
    if (r < 0 || Number.isNaN(t)) return;
    const days = (latest - t) / 86_400_000;
    out[r] = Number.isNaN(out[r] as number) ? days : Math.min(out[r] as number, days);
  });
  return out;
}
