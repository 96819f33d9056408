/**
 * Current spend per account: from a spend export (account id + one spend column, several rows per account
 * summed), or — for a CRM-only study without one — from the won deals closed in the trailing months.
 */
import { DataError, warning, type Warning } from '../../core/errors.ts';
import type { Frame } from '../../data/frame.ts';
import { inferNumericColumns, loadTable } from '../../data/load.ts';
import { headerKey, requireHeader } from '../../data/schema.ts';
import { parseAmounts } from '../../cleanse/numbers.ts';
import { categoricalValues } from '../../models/design.ts';
import { rowsOf, type AccountKeys } from './account-keys.ts';
import type { Deal } from './deals.ts';

/** Header candidates of a spend file's account id. */
export const ID_HEADERS = ['account_id', 'accountid', 'account id', 'id', 'customer id', 'customer_id'];

/** How to read a spend file. */
export interface SpendMapping {
  /** Explicit columns. */
  columns?: { accountId?: string; spend?: string; product?: string };
}

/** Spend per product line: the lines (first seen first) and each line's spend per account. */
export interface ProductSpend {
  lines: string[];
  spend: Float64Array[];
}

/** What {@link readSpend} returns. */
export interface SpendInput {
  spend: Float64Array;
  rows: number;
  matched: number;
  warnings: Warning[];
  /** Spend per product line, when the mapping names a product column; else null. */
  byLine: ProductSpend | null;
}

/**
 * Header names (compared with `headerKey`) that mean "current spend": exact names only, so that
 * `company_revenue_usd` or `carrier_code` is never taken for spend.
 */
export const SPEND_HEADERS = [
  'spend',
  'current spend',
  'annual spend',
  'annual spend usd',
  'spend usd',
  'total spend',
  'arr',
  'arr usd',
  'annual recurring revenue',
  'acv',
  'annual contract value',
];

/** The spend column: the named one, else the one column with a known spend name (ambiguity is an error). */
function spendColumnOf(s: Frame, file: string, explicit: string | undefined): string {
  if (explicit !== undefined)
    return requireHeader(s, {
      candidates: [],
      what: 'spend',
      file,
      explicit,
      option: 'spend.columns.spend',
    });
  const keys = new Set(SPEND_HEADERS.map(headerKey));
  const known = s.columnNames.filter((c) => keys.has(headerKey(c)));
  const listed = (names: readonly string[]) => names.map((c) => `"${c}"`).join(', ');
  if (known.length === 1) return known[0] as string;
  if (known.length > 1)
    throw new DataError(
      `several columns could be the spend (${listed(known)}); name one in mapping.spend.columns.spend`,
      { file },
    );
  throw new DataError(
    `no spend column (known names: ${listed(SPEND_HEADERS)}; columns are ${listed(s.columnNames)}); name it in mapping.spend.columns.spend`,
    { file },
  );
}

/** Each product line's spend per account; a blank line name is an error naming its row. */
function spendByLine(
  frame: Frame,
  where: { file: string; column: string },
  rows: ArrayLike<number>,
  values: Float64Array,
  n: number,
): ProductSpend {
  const column = requireHeader(frame, {
    candidates: [],
    what: 'product line',
    file: where.file,
    explicit: where.column,
    option: 'mapping.spend.columns.product',
  });
  const names = frame.strings(column);
  const index = new Map<string, number>();
  const spend: Float64Array[] = [];
  names.forEach((raw, i) => {
    const line = raw?.trim() ?? '';
    if (line === '')
      throw new DataError(
        'the product line is blank; every spend row needs its line (or drop the product column from the mapping)',
        {
          file: where.file,
          row: i + 1,
          column,
        },
      );
    if (!index.has(line)) {
      index.set(line, spend.length);
      spend.push(new Float64Array(n));
    }
    const r = rows[i] as number;
    const v = values[i] as number;
    const target = spend[index.get(line) as number] as Float64Array;
    if (r >= 0 && !Number.isNaN(v)) target[r] = (target[r] as number) + v;
  });
  // Largest line first (then by name), so charts and columns read in order of size.
  const total = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
  const order = [...index.keys()].sort(
    (a, b) =>
      total(spend[index.get(b) as number] as Float64Array) -
        total(spend[index.get(a) as number] as Float64Array) || (a < b ? -1 : 1),
  );
  return { lines: order, spend: order.map((line) => spend[index.get(line) as number] as Float64Array) };
}

/**
 * Reads a spend file: the spend column is the named one, else the one column with a known spend name
 * (`SPEND_HEADERS`). Account ids are read as text. Negative spend is an error naming its row.
 *
 * @example
 * const { spend } = await readSpend('spend.csv', keys, 20000);
 */
export async function readSpend(
  file: string,
  keys: AccountKeys,
  n: number,
  mapping: SpendMapping = {},
): Promise<SpendInput> {
  const { frame, warnings } = await loadTable(file, { allText: true });
  const explicit = mapping.columns ?? {};
  const idColumn = requireHeader(frame, {
    candidates: ID_HEADERS,
    what: 'account id',
    file,
    explicit: explicit.accountId ?? null,
    option: 'spend.columns.accountId',
  });
  const s = inferNumericColumns(frame, new Set([idColumn]));
  const spendColumn = spendColumnOf(s, file, explicit.spend);
  const values = parseAmounts(frame.strings(spendColumn), { file, column: spendColumn });
  const rows = rowsOf(keys, categoricalValues(s, idColumn));
  const spend = new Float64Array(n);
  let unknown = 0;
  rows.forEach((r, i) => {
    const v = values[i] as number;
    if (v < 0)
      throw new DataError(`spend ${v} is negative; spend must be >= 0`, {
        file,
        row: i + 1,
        column: spendColumn,
      });
    if (r < 0) unknown++;
    else if (!Number.isNaN(v)) spend[r] = (spend[r] as number) + v;
  });
  const byLine =
    explicit.product === undefined
      ? null
      : spendByLine(frame, { file, column: explicit.product }, rows, values, n);
  if (unknown > 0)
    warnings.push(
      warning(
        'spend-unmatched',
        `${unknown} spend rows name an account id that is not in the accounts file; they were left out`,
      ),
    );
  return { spend, rows: s.numRows, matched: s.numRows - unknown, warnings, byLine };
}

/**
 * Current spend from won deals, for a study without a spend file: each account's won amount closed in the
 * `months` before the latest close date of any deal. Says so in its warning, with the window.
 *
 * @example
 * spendFromDeals(deals, 4, 12).warnings[0]?.message;
 * // 'no spend file: current spend = won-deal amount closed from 2024-12-01 to 2025-11-30 (12 months)'
 */
export function spendFromDeals(
  deals: readonly Deal[],
  n: number,
  months: number,
): { spend: Float64Array; warnings: Warning[] } {
  const spend = new Float64Array(n);
  let latest = -Infinity;
  for (const d of deals) if (d.closeDate > latest) latest = d.closeDate; // NaN (no date) never compares greater
  if (latest === -Infinity)
    return {
      spend,
      warnings: [
        warning(
          'spend-none',
          'no spend file and no deal with a close date: current spend is 0 for every account',
        ),
      ],
    };
  const end = new Date(latest);
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - months, end.getUTCDate()));
  let undated = 0;
  for (const d of deals) {
    if (d.status !== 'won') continue;
    if (Number.isNaN(d.closeDate)) undated++;
    else if (d.closeDate > start.getTime()) spend[d.account] = (spend[d.account] as number) + d.amount;
  }
  const day = (t: Date) => t.toISOString().slice(0, 10);
  const warnings = [
    warning(
      'spend-from-deals',
      `no spend file: current spend = won-deal amount closed after ${day(start)} up to ${day(end)} (${months} months)`,
    ),
  ];
  if (undated > 0)
    warnings.push(
      warning(
        'spend-undated-deals',
        `${undated} won deals have no close date and do not count as current spend`,
      ),
    );
  return { spend, warnings };
}
