/**
 * The firmographic market file (a vendor's: ZoomInfo, Apollo, D&B, Clearbit-style), cleansed like the accounts
 * (its headers recognized, or named in `mapping.market.columns`) and joined on the normalized domain. The CRM's
 * firmographics come first and the vendor fills their blanks (`mapping.market.precedence: "market"` lets the
 * vendor win); the vendor's other columns (technologies, founded year, tech fit …) are added. Identifiers and
 * codes (D-U-N-S, SIC, NAICS) stay text, leading zeros and all.
 */
import { warning, type Warning } from '../../core/errors.ts';
import { formatCount } from '../../core/format.ts';
import { cleanseAccounts } from '../../cleanse/cleanse.ts';
import { CANONICAL_COLUMNS, type CanonicalColumn } from '../../cleanse/headers.ts';
import type { Frame } from '../../data/frame.ts';
import { loadTable, sheetOption } from '../../data/load.ts';
import { parseNumberText } from '../../data/number-text.ts';
import { roleOfHeader } from '../column-roles.ts';

/** How the market file is read and joined. */
export interface MarketMapping {
  /** Explicit header per canonical column, e.g. `{ "employees": "Employees (All Sites)" }`. */
  columns: Partial<Record<CanonicalColumn, string | null>>;
  /** Whose firmographics win where both have a value: the CRM's (default) or the market file's. */
  precedence: 'crm' | 'market';
  /** The worksheet of an .xlsx file (name or 1-based position); null = the first visible one. */
  sheet?: string | number | null;
}

/** The default: recognize the headers, the CRM first. */
export const DEFAULT_MARKET: MarketMapping = { columns: {}, precedence: 'crm' };

/** The firmographic columns the market file may supply. */
export const MARKET_FIRMOGRAPHICS = ['industry', 'country', 'region', 'employees', 'annual_revenue'] as const;

/** What {@link joinMarket} returns. */
export interface MarketJoin {
  frame: Frame;
  rows: number;
  matched: number;
  /** Per firmographic column: values kept from the CRM, and values the market file supplied. */
  supplied: Record<(typeof MARKET_FIRMOGRAPHICS)[number], { crm: number; market: number }>;
  warnings: Warning[];
}

/** The market row of each account (−1 when its domain is not in the market file). */
function matchByDomain(accounts: Frame, market: Frame): Int32Array {
  const rowByDomain = new Map<string, number>();
  market.strings('domain').forEach((d, i) => d !== null && !rowByDomain.has(d) && rowByDomain.set(d, i));
  return Int32Array.from(accounts.strings('domain'), (d) => (d === null ? -1 : (rowByDomain.get(d) ?? -1)));
}

/** One firmographic column after the join, and how many values came from each side. */
function overlay<T>(
  crm: readonly T[],
  vendor: readonly T[],
  match: Int32Array,
  precedence: MarketMapping['precedence'],
  known: (v: T) => boolean,
) {
  let fromCrm = 0;
  let fromMarket = 0;
  const values = crm.map((own, i) => {
    const m = match[i] as number;
    const theirs = m >= 0 ? (vendor[m] as T) : undefined;
    const useVendor = theirs !== undefined && known(theirs) && (precedence === 'market' || !known(own));
    if (useVendor) fromMarket++;
    else if (known(own)) fromCrm++;
    return useVendor ? (theirs as T) : own;
  });
  return { values, counts: { crm: fromCrm, market: fromMarket } };
}

function overlayFirmographics(
  accounts: Frame,
  market: Frame,
  match: Int32Array,
  precedence: MarketMapping['precedence'],
) {
  let frame = accounts;
  const supplied = {} as MarketJoin['supplied'];
  for (const column of MARKET_FIRMOGRAPHICS) {
    if (column === 'employees' || column === 'annual_revenue') {
      const known = (v: number) => !Number.isNaN(v);
      const joined = overlay(
        Array.from(frame.numbers(column)),
        Array.from(market.numbers(column)),
        match,
        precedence,
        known,
      );
      frame = frame.withColumn(column, Float64Array.from(joined.values));
      supplied[column] = joined.counts;
    } else {
      const known = (v: string | null) => v !== null;
      const joined = overlay(frame.strings(column), market.strings(column), match, precedence, known);
      frame = frame.withColumn(column, joined.values);
      supplied[column] = joined.counts;
    }
  }
  return { frame, supplied };
}

/** The vendor's other columns: numbers where every value is one, text otherwise and always for ids and codes. */
function addVendorColumns(accounts: Frame, market: Frame, match: Int32Array): Frame {
  let frame = accounts;
  const skip = new Set<string>([...CANONICAL_COLUMNS, 'merged_ids']);
  for (const column of market.columnNames.filter((c) => !skip.has(c) && !frame.has(c))) {
    const source = market.column(column);
    const numbers = source.kind === 'number' ? source.values : null;
    if (numbers !== null && roleOfHeader(column) !== 'identifier') {
      // Read as numbers already: joined as numbers, without a round trip through text.
      const joined = Float64Array.from(match, (r) => (r >= 0 ? (numbers[r] as number) : Number.NaN));
      if (joined.some((v) => !Number.isNaN(v))) {
        frame = frame.withColumn(column, joined);
        continue;
      }
    }
    const values =
      source.kind === 'string'
        ? source.values
        : Array.from(source.values, (v) => (Number.isNaN(v) ? null : String(v)));
    const joined = Array.from(match, (r) => (r >= 0 ? (values[r] ?? null) : null));
    const numeric =
      roleOfHeader(column) !== 'identifier' &&
      joined.some((v) => v !== null) &&
      joined.every((v) => v === null || !Number.isNaN(parseNumberText(v)));
    frame = frame.withColumn(
      column,
      numeric ? Float64Array.from(joined, (v) => (v === null ? Number.NaN : parseNumberText(v))) : joined,
    );
  }
  return frame;
}

/**
 * The sentence saying what the market file supplied.
 *
 * @example
 * suppliedNote('dnb.csv', supplied, 'crm').message; // 'dnb.csv supplied 461 employees (the CRM\'s values first, …)'
 */
export function suppliedNote(
  file: string,
  supplied: MarketJoin['supplied'],
  precedence: MarketMapping['precedence'],
): Warning {
  const parts = MARKET_FIRMOGRAPHICS.filter((c) => supplied[c].market > 0).map(
    (c) => `${formatCount(supplied[c].market)} ${c.replace('_', ' ')}`,
  );
  const rule =
    precedence === 'crm'
      ? "the CRM's values first, the market file filling blanks"
      : "the market file's values first";
  return warning(
    'market-supplied',
    `${file.split(/[\\/]/).pop() ?? file} supplied ${parts.length > 0 ? parts.join(', ') : 'no firmographic value'} (${rule}; mapping.market.precedence)`,
  );
}

/**
 * Joins the market file onto the accounts.
 *
 * @example
 * const { frame, matched, supplied } = await joinMarket(accounts, 'dnb.csv', DEFAULT_MARKET);
 * supplied.employees; // { crm: 3120, market: 461 }
 */
export async function joinMarket(
  accounts: Frame,
  file: string,
  mapping: MarketMapping = DEFAULT_MARKET,
): Promise<MarketJoin> {
  // ids and codes keep their leading zeros
  const loaded = await loadTable(file, { allText: true, ...sheetOption(mapping.sheet) });
  const columns = Object.fromEntries(Object.entries(mapping.columns).filter(([, v]) => v != null)) as Partial<
    Record<CanonicalColumn, string>
  >;
  const market = cleanseAccounts(loaded.frame, { file, columns }).frame;
  const match = matchByDomain(accounts, market);
  const { frame: overlaid, supplied } = overlayFirmographics(accounts, market, match, mapping.precedence);
  const frame = addVendorColumns(overlaid, market, match);
  const matched = match.filter((r) => r >= 0).length;
  return {
    frame,
    rows: loaded.frame.numRows,
    matched,
    supplied,
    warnings: [...loaded.warnings, suppliedNote(file, supplied, mapping.precedence)],
  };
}
