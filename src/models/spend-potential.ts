/**
 * Spend potential (the account's annual wallet for what we sell) and whitespace, estimated from the
 * customers whose spend we observe. Customers spend only part of their wallet, so both methods ask what a
 * *well-penetrated* peer spends — the `percentile` (default P75) of comparable customers:
 *
 * - **`peer-percentile`** (the consulting standard): customers are grouped by industry × employee band;
 *   an account's potential is the P-th percentile of its cell's spend. Cells with fewer than `minPeers`
 *   customers fall back to the employee band across industries, then to all customers.
 * - **`log-log`**: ordinary least squares of ln(spend) on ln(employees) (and ln(revenue) when given) plus
 *   industry dummies; the potential is exp(prediction + the P-th percentile of the residuals). It
 *   interpolates across sizes instead of stepping at band edges.
 *
 * Whitespace = max(0, potential − current spend) (current spend missing = 0: a prospect).
 */
import { DataError, UsageError, warning, type Warning } from '../core/errors.ts';
import { VERSION } from '../core/version.ts';
import { assertFitted } from '../core/fitted.ts';
import type { Frame } from '../data/frame.ts';
import { categoricalValues, numericValues } from './design.ts';
import { cholesky, choleskySolve } from './linalg.ts';
import { quantileSorted } from '../stats/quantile.ts';

/** The two estimation methods. */
export type SpendMethod = 'peer-percentile' | 'log-log';

/** Employee band edges (lower bounds) used for peer groups: 1–9, 10–49, 50–199, 200–499, 500–999, 1,000–4,999, 5,000+. */
export const EMPLOYEE_BANDS: readonly number[] = [1, 10, 50, 200, 500, 1000, 5000];

/** Options of {@link SpendPotential}. */
export interface SpendOptions {
  /** Estimation method. Default `peer-percentile`. */
  method?: SpendMethod;
  /** Percentile of comparable customers' spend taken as potential, in (0, 1). Default 0.75. */
  percentile?: number;
  /** Fewest customers in a peer cell before falling back to a wider one. Default 8. */
  minPeers?: number;
}

/** Which columns hold what. */
export interface SpendColumns {
  /** Current annual spend (customers > 0; missing or 0 = not a customer). */
  spend: string;
  /** Employee count. */
  employees: string;
  /** Industry (peer cells / dummies). Optional. */
  industry?: string;
  /** Annual revenue (log-log method only). Optional. */
  revenue?: string;
  /** File name for messages. */
  file?: string;
}

/** The model file written as `models/spend.json`. */
export interface SpendModelJson {
  kind: 'spend';
  version: string;
  method: SpendMethod;
  percentile: number;
  minPeers: number;
  columns: { spend: string; employees: string; industry: string | null; revenue: string | null };
  customers: number;
  /** peer-percentile: potential per `industry|band`, per band, and overall. */
  peers?: { cells: Record<string, number>; bands: Record<string, number>; overall: number };
  /** log-log: coefficients of ln(spend) and the residual percentile added. */
  regression?: {
    intercept: number;
    coefficients: Record<string, number>;
    /** The industry without a dummy (first in sorted order), or null without industries. */
    referenceIndustry: string | null;
    /** Added for an unknown or missing industry: the customers' average industry effect. */
    industryMean: number;
    residualQuantile: number;
    rSquared: number;
  };
  /**
   * Potential of an account without a usable size: the percentile of spend of its industry's customers (at
   * least `minPeers` of them, any size), else of all customers. Absent in models written before it.
   */
  unsized?: { industries: Record<string, number>; overall: number };
}

/** Where an account's potential came from. */
export type PotentialBasis = 'size' | 'industry peers (no size)' | 'all customers (no size)';

/** The unsized fallback: the percentile of every customer's spend per industry (with enough peers) and overall. */
function fitUnsized(
  { spend, industry }: SpendData,
  percentile: number,
  minPeers: number,
): NonNullable<SpendModelJson['unsized']> {
  const byIndustry = new Map<string, number[]>();
  const all: number[] = [];
  for (let i = 0; i < spend.length; i++) {
    const s = spend[i] as number;
    if (!(s > 0)) continue;
    all.push(s);
    const ind = industry?.[i] ?? null;
    if (ind !== null) (byIndustry.get(ind) ?? (byIndustry.set(ind, []).get(ind) as number[])).push(s);
  }
  const at = (values: number[]) => quantileSorted(Float64Array.from(values).sort(), percentile);
  const industries: Record<string, number> = {};
  for (const [ind, values] of [...byIndustry].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
    if (values.length >= minPeers) industries[ind] = at(values);
  return { industries, overall: at(all) };
}

/** The band label of an employee count ("1-9", "10-49", …, "5000+"), or null when missing. */
export function employeeBand(employees: number): string | null {
  if (!(employees >= 1)) return null;
  let band = 0;
  for (let b = 0; b < EMPLOYEE_BANDS.length; b++) if (employees >= (EMPLOYEE_BANDS[b] as number)) band = b;
  const lo = EMPLOYEE_BANDS[band] as number;
  const next = EMPLOYEE_BANDS[band + 1];
  return next === undefined ? `${lo}+` : `${lo}-${next - 1}`;
}

/** The columns a spend model reads. */
interface SpendData {
  spend: Float64Array;
  employees: Float64Array;
  industry: (string | null)[] | null;
  revenue: Float64Array | null;
}

function readSpendColumns(frame: Frame, columns: SpendColumns): SpendData {
  return {
    spend: numericValues(frame, columns.spend, columns.file),
    employees: numericValues(frame, columns.employees, columns.file),
    industry:
      columns.industry === undefined ? null : categoricalValues(frame, columns.industry, columns.file),
    revenue: columns.revenue === undefined ? null : numericValues(frame, columns.revenue, columns.file),
  };
}

/** peer-percentile: the percentile of customers' spend per industry × band (and per band, and overall). */
function fitPeers(
  { spend, employees, industry }: SpendData,
  rows: readonly number[],
  percentile: number,
  minPeers: number,
): NonNullable<SpendModelJson['peers']> {
  const cells = new Map<string, number[]>();
  const bands = new Map<string, number[]>();
  const all: number[] = [];
  for (const i of rows) {
    const s = spend[i] as number;
    const band = employeeBand(employees[i] as number) as string;
    all.push(s);
    (bands.get(band) ?? (bands.set(band, []).get(band) as number[])).push(s);
    const ind = industry?.[i] ?? null;
    if (ind !== null) {
      const key = `${ind}|${band}`;
      (cells.get(key) ?? (cells.set(key, []).get(key) as number[])).push(s);
    }
  }
  const q = (values: number[]) =>
    quantileSorted(
      values.sort((a, b) => a - b),
      percentile,
    );
  return {
    cells: Object.fromEntries(
      [...cells]
        .filter(([, v]) => v.length >= minPeers)
        .map(([k, v]) => [k, q(v)])
        .sort(),
    ),
    bands: Object.fromEntries(
      [...bands]
        .filter(([, v]) => v.length >= minPeers)
        .map(([k, v]) => [k, q(v)])
        .sort(),
    ),
    overall: q(all),
  };
}

/** log-log: least squares of ln(spend) on ln(size) and industry, plus the residuals' percentile. */
function fitLogLog(
  { spend, employees, industry, revenue }: SpendData,
  rows: readonly number[],
  percentile: number,
  fileName: string | undefined,
): NonNullable<SpendModelJson['regression']> {
  const file = fileName === undefined ? {} : { file: fileName };
  const levels = industry
    ? [
        ...new Set(rows.map((i) => industry[i]).filter((v): v is string => v !== null && v !== undefined)),
      ].sort()
    : [];
  const names = [
    'ln_employees',
    ...(revenue ? ['ln_revenue'] : []),
    ...levels.slice(1).map((l) => `industry=${l}`),
  ];
  const p = names.length + 1;
  const used = rows.filter((i) => !industry || (industry[i] ?? null) !== null);
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  const row = new Float64Array(p);
  const fill = (i: number): void => {
    row.fill(0);
    row[0] = 1;
    row[1] = Math.log(employees[i] as number);
    if (revenue) row[2] = Math.log(revenue[i] as number);
    const level = industry ? levels.indexOf(industry[i] as string) : 0;
    if (level > 0) row[(revenue ? 2 : 1) + level] = 1;
  };
  for (const i of used) {
    fill(i);
    const target = Math.log(spend[i] as number);
    for (let a = 0; a < p; a++) {
      xty[a] = (xty[a] as number) + (row[a] as number) * target;
      for (let b = 0; b < p; b++)
        xtx[a * p + b] = (xtx[a * p + b] as number) + (row[a] as number) * (row[b] as number);
    }
  }
  const factor = cholesky(xtx, p);
  if (!factor)
    throw new DataError(
      'spend regression is singular (too few customers per industry?); use the peer-percentile method',
      file,
    );
  const beta = choleskySolve(factor, p, xty);
  const residuals: number[] = [];
  let total = 0;
  let mean = 0;
  for (const i of used) mean += Math.log(spend[i] as number) / used.length;
  for (const i of used) {
    fill(i);
    let fitValue = 0;
    for (let a = 0; a < p; a++) fitValue += (row[a] as number) * (beta[a] as number);
    const target = Math.log(spend[i] as number);
    residuals.push(target - fitValue);
    total += (target - mean) ** 2;
  }
  const sse = residuals.reduce((s, r) => s + r * r, 0);
  // An account with unknown industry gets the customers' average industry effect.
  let industryMean = 0;
  for (const i of used) {
    const level = industry ? levels.indexOf(industry[i] as string) : 0;
    if (level > 0) industryMean += (beta[(revenue ? 2 : 1) + level] as number) / used.length;
  }
  return {
    intercept: beta[0] as number,
    coefficients: Object.fromEntries(names.map((n, j) => [n, beta[j + 1] as number])),
    referenceIndustry: levels[0] ?? null,
    industryMean,
    residualQuantile: quantileSorted(
      residuals.sort((a, b) => a - b),
      percentile,
    ),
    rSquared: 1 - sse / total,
  };
}

/**
 * The potential of an account from its size (peer percentile of its industry and band, or the log-log
 * regression); NaN without a usable size (or a usable revenue when the regression has it).
 */
function sizedPotential(
  m: SpendModelJson,
  employees: number,
  industry: string | null,
  revenue: number | null,
): number {
  if (!(employees >= 1)) return Number.NaN;
  if (m.peers) {
    const band = employeeBand(employees) as string;
    return (
      (industry !== null ? m.peers.cells[`${industry}|${band}`] : undefined) ??
      m.peers.bands[band] ??
      m.peers.overall
    );
  }
  const r = m.regression;
  if (!r || (revenue !== null && !(revenue > 0))) return Number.NaN;
  let eta = r.intercept + (r.coefficients.ln_employees as number) * Math.log(employees);
  if (revenue !== null) eta += (r.coefficients.ln_revenue as number) * Math.log(revenue);
  if (r.referenceIndustry !== null)
    eta += industry === r.referenceIndustry ? 0 : (r.coefficients[`industry=${industry}`] ?? r.industryMean);
  return Math.exp(eta + r.residualQuantile);
}

/**
 * Spend potential estimator, scikit-learn estimator contract.
 *
 * @example
 * const model = new SpendPotential({ method: 'peer-percentile', percentile: 0.75 })
 *   .fit(accounts, { spend: 'current_spend', employees: 'employees', industry: 'industry' });
 * const { potential, whitespace } = model.predict(accounts);
 */
export class SpendPotential {
  readonly method: SpendMethod;
  readonly percentile: number;
  readonly minPeers: number;
  warnings: Warning[] = [];
  #model: SpendModelJson | null = null;

  constructor(options: SpendOptions = {}) {
    this.method = options.method ?? 'peer-percentile';
    this.percentile = options.percentile ?? 0.75;
    this.minPeers = options.minPeers ?? 8;
    if (this.method !== 'peer-percentile' && this.method !== 'log-log') {
      throw new UsageError(
        `SpendPotential: method="${String(options.method)}" must be "peer-percentile" or "log-log"`,
      );
    }
    if (!(this.percentile > 0 && this.percentile < 1))
      throw new UsageError(`SpendPotential: percentile=${options.percentile} must be between 0 and 1`);
    if (!Number.isInteger(this.minPeers) || this.minPeers < 1)
      throw new UsageError(`SpendPotential: minPeers=${options.minPeers} must be an integer >= 1`);
  }

  /** Learns from the rows with spend > 0 and known employees. Negative spend is an error. */
  fit(frame: Frame, columns: SpendColumns): this {
    const data = readSpendColumns(frame, columns);
    const { rows, warnings } = this.#customerRows(data, columns);
    const base: SpendModelJson = {
      kind: 'spend',
      version: VERSION,
      method: this.method,
      percentile: this.percentile,
      minPeers: this.minPeers,
      columns: {
        spend: columns.spend,
        employees: columns.employees,
        industry: columns.industry ?? null,
        revenue: columns.revenue ?? null,
      },
      customers: rows.length,
    };
    if (this.method === 'peer-percentile') base.peers = fitPeers(data, rows, this.percentile, this.minPeers);
    else base.regression = fitLogLog(data, rows, this.percentile, columns.file);
    base.unsized = fitUnsized(data, this.percentile, this.minPeers);
    this.#model = base;
    this.warnings = warnings;
    return this;
  }

  /** The customers the model learns from (spend > 0 and a known size), and a warning for those left out. */
  #customerRows(data: SpendData, columns: SpendColumns): { rows: number[]; warnings: Warning[] } {
    const { spend, employees, revenue } = data;
    const file = columns.file === undefined ? {} : { file: columns.file };
    const rows: number[] = [];
    let skipped = 0;
    for (let i = 0; i < spend.length; i++) {
      const s = spend[i] as number;
      if (s < 0)
        throw new DataError(`spend ${s} is negative; spend must be >= 0`, {
          ...file,
          row: i + 1,
          column: columns.spend,
        });
      if (!(s > 0)) continue;
      const e = employees[i] as number;
      const r = revenue ? (revenue[i] as number) : 1;
      if (!(e >= 1) || (this.method === 'log-log' && !(r > 0))) skipped++;
      else rows.push(i);
    }
    const warnings: Warning[] = [];
    if (skipped > 0)
      warnings.push(
        warning(
          'customers-skipped',
          `${skipped} customers lack ${this.method === 'log-log' && revenue ? 'employees or revenue' : 'employees'} and were not used`,
        ),
      );
    const needed = this.method === 'log-log' ? 10 : this.minPeers;
    if (rows.length < needed)
      throw new DataError(
        `only ${rows.length} customers with spend > 0 and known size; spend potential needs at least ${needed}`,
        file,
      );
    return { rows, warnings };
  }

  /**
   * Potential and whitespace for every row. Rows without a usable employee count get NaN (with a warning);
   * a customer already spending more than its peers' percentile has potential equal to its spend.
   */
  predict(
    frame: Frame,
    options: { file?: string } = {},
  ): {
    potential: Float64Array;
    whitespace: Float64Array;
    /** Where each account's potential came from (null: none). */
    basis: (PotentialBasis | null)[];
    warnings: Warning[];
  } {
    const m = assertFitted(this.#model, 'SpendPotential', 'predict');
    const employees = numericValues(frame, m.columns.employees, options.file);
    const spend = frame.has(m.columns.spend)
      ? numericValues(frame, m.columns.spend, options.file)
      : new Float64Array(frame.numRows);
    const industry =
      m.columns.industry && frame.has(m.columns.industry)
        ? categoricalValues(frame, m.columns.industry, options.file)
        : null;
    const revenue = m.columns.revenue ? numericValues(frame, m.columns.revenue, options.file) : null;
    const potential = new Float64Array(frame.numRows);
    const whitespace = new Float64Array(frame.numRows);
    const basis: (PotentialBasis | null)[] = new Array<PotentialBasis | null>(frame.numRows).fill(null);
    const fallback = { industry: 0, all: 0 };
    let unknown = 0;
    for (let i = 0; i < frame.numRows; i++) {
      const e = employees[i] as number;
      const current = Number.isNaN(spend[i] as number) ? 0 : (spend[i] as number);
      let value = sizedPotential(m, e, industry?.[i] ?? null, revenue ? (revenue[i] as number) : null);
      if (!Number.isNaN(value)) basis[i] = 'size';
      else if (m.unsized) {
        const ind = industry?.[i] ?? null;
        const peers = ind === null ? undefined : m.unsized.industries[ind];
        value = peers ?? m.unsized.overall;
        basis[i] = peers === undefined ? 'all customers (no size)' : 'industry peers (no size)';
        fallback[peers === undefined ? 'all' : 'industry']++;
      }
      if (Number.isNaN(value)) {
        unknown++;
        potential[i] = Number.NaN;
        whitespace[i] = Number.NaN;
        continue;
      }
      const total = Math.max(value, current);
      potential[i] = total;
      whitespace[i] = Math.max(0, total - current);
    }
    const warnings: Warning[] = [];
    if (unknown > 0)
      warnings.push(
        warning(
          'potential-unknown',
          `${unknown} of ${frame.numRows} accounts lack the size needed to estimate potential`,
        ),
      );
    if (fallback.industry + fallback.all > 0)
      warnings.push(
        warning(
          'potential-without-size',
          `${fallback.industry + fallback.all} of ${frame.numRows} accounts have no usable size: their potential is the P${Math.round(100 * m.percentile)} spend of their industry's customers (${fallback.industry}) or of all customers (${fallback.all}); column potential_basis says which`,
        ),
      );
    return { potential, whitespace, basis, warnings };
  }

  /** The model file. */
  toJSON(): SpendModelJson {
    return structuredClone(assertFitted(this.#model, 'SpendPotential', 'toJSON'));
  }

  /** Restores a model written by {@link toJSON}. */
  static fromJSON(json: unknown, file?: string): SpendPotential {
    const m = json as Partial<SpendModelJson>;
    if (
      typeof m !== 'object' ||
      m === null ||
      m.kind !== 'spend' ||
      (m.method === 'peer-percentile' ? !m.peers : !m.regression)
    ) {
      throw new DataError(
        'not a spend potential model (kind "spend" with peers or regression expected)',
        file === undefined ? {} : { file },
      );
    }
    const model = new SpendPotential({
      method: m.method as SpendMethod,
      percentile: m.percentile as number,
      minPeers: m.minPeers as number,
    });
    model.#model = structuredClone(m as SpendModelJson);
    return model;
  }
}
