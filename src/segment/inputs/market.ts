/**
 * The firmographic market file (a vendor's: ZoomInfo, Apollo, D&B, Clearbit-style), cleansed like the accounts
 * and joined on the normalized domain: its firmographics win over the CRM's (vendor data), the CRM fills gaps;
 * its other columns (tech fit, cloud adoption …) are added.
 */
import type { Warning } from '../../core/errors.ts';
import { cleanseAccounts } from '../../cleanse/cleanse.ts';
import { CANONICAL_COLUMNS } from '../../cleanse/headers.ts';
import type { Frame } from '../../data/frame.ts';
import { loadTable } from '../../data/load.ts';
import { parseNumberText } from '../../data/number-text.ts';

/** What {@link joinMarket} returns. */
export interface MarketJoin {
  frame: Frame;
  rows: number;
  matched: number;
  warnings: Warning[];
}

/** The market row of each account (−1 when its domain is not in the market file). */
function matchByDomain(accounts: Frame, market: Frame): Int32Array {
  const rowByDomain = new Map<string, number>();
  market.strings('domain').forEach((d, i) => d !== null && !rowByDomain.has(d) && rowByDomain.set(d, i));
  return Int32Array.from(accounts.strings('domain'), (d) => (d === null ? -1 : (rowByDomain.get(d) ?? -1)));
}

function overlayFirmographics(accounts: Frame, market: Frame, match: Int32Array): Frame {
  let frame = accounts;
  for (const column of ['industry', 'country', 'region'] as const) {
    const vendor = market.strings(column);
    frame = frame.withColumn(
      column,
      frame
        .strings(column)
        .map((v, i) => ((match[i] as number) >= 0 ? (vendor[match[i] as number] ?? v) : v)),
    );
  }
  for (const column of ['employees', 'annual_revenue'] as const) {
    const vendor = market.numbers(column);
    frame = frame.withColumn(
      column,
      frame.numbers(column).map((v, i) => {
        const m = match[i] as number;
        return m >= 0 && !Number.isNaN(vendor[m] as number) ? (vendor[m] as number) : v;
      }),
    );
  }
  return frame;
}

function addVendorColumns(accounts: Frame, market: Frame, match: Int32Array): Frame {
  let frame = accounts;
  const skip = new Set<string>([...CANONICAL_COLUMNS, 'merged_ids']);
  for (const column of market.columnNames.filter((c) => !skip.has(c) && !frame.has(c))) {
    const source = market.column(column);
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
  return frame;
}

/**
 * Joins the market file onto the accounts.
 *
 * @example
 * const { frame, matched } = await joinMarket(accounts, 'zoominfo.csv');
 */
export async function joinMarket(accounts: Frame, file: string): Promise<MarketJoin> {
  // A vendor file is clean and typed: numbers load as numbers (faster than as text, and read the same).
  const loaded = await loadTable(file);
  const market = cleanseAccounts(loaded.frame, { file }).frame;
  const match = matchByDomain(accounts, market);
  const frame = addVendorColumns(overlayFirmographics(accounts, market, match), market, match);
  const matched = match.filter((r) => r >= 0).length;
  return { frame, rows: loaded.frame.numRows, matched, warnings: loaded.warnings };
}
