/**
 * Turns a frame into a model's design matrix: numeric features as they are, categorical features one-hot
 * encoded (first level in sorted order as the reference, columns named `col=level`), with an explicit
 * policy for missing values. The learned encoding (levels, medians, modes) is stored in model files so
 * scoring applies exactly the training encoding.
 */
import { parseNumberText } from '../data/number-text.ts';
import { DataError, warning, type Warning } from '../core/errors.ts';
import type { Frame } from '../data/frame.ts';

/** What to do with rows that miss a feature value. */
export type MissingPolicy = 'error' | 'drop' | 'impute';

/** The encoding learned from training data. */
export interface Encoding {
  /** Numeric feature columns, in order. */
  features: string[];
  /** Categorical columns → their levels in sorted order (the first is the reference). */
  categorical: Record<string, string[]>;
  /** The missing-value policy used in training. */
  missing: MissingPolicy;
  /** Training medians of numeric features (used by `impute`). */
  medians: Record<string, number>;
  /**
   * The level a missing categorical value takes under `impute`: {@link MISSING_LEVEL} when training rows had
   * missing values (a level of its own, with its own coefficient), else the training mode.
   */
  modes: Record<string, string>;
  /**
   * Numeric features that get a 0/1 column "was missing" next to their imputed value (under `impute`, when
   * asked for and training rows had missing values), so the model learns what a missing value says. Features
   * missing in exactly the same rows share the first one's indicator.
   */
  indicators: string[];
}

/** The design column name of a feature's missing-value indicator. */
export const indicatorName = (feature: string): string => `missing(${feature})`;

/**
 * The design column names of an encoding: numeric features, their missing indicators, then `col=level` dummies
 * (the first level of each categorical is the reference and has none).
 *
 * @example
 * designNames({ features: ['x'], indicators: ['x'], categorical: { industry: ['a', 'b'] }, … }); // ['x', 'missing(x)', 'industry=b']
 */
export function designNames(encoding: Pick<Encoding, 'features' | 'indicators' | 'categorical'>): string[] {
  return [
    ...encoding.features,
    ...encoding.indicators.map(indicatorName),
    ...Object.entries(encoding.categorical).flatMap(([c, levels]) => levels.slice(1).map((l) => `${c}=${l}`)),
  ];
}

/** A design matrix, row-major. */
export interface Design {
  /** n × p values, row-major. */
  x: Float64Array;
  /** Number of rows. */
  n: number;
  /** Column names: features, then `col=level` dummies. */
  names: string[];
  /** For each design row, the 0-based frame row it came from. */
  rows: Int32Array;
}

/**
 * The level of a missing categorical value under `impute`, when the training data had missing values: its own
 * level, so that "no industry" is learned from the data instead of borrowing the most common industry's effect.
 */
export const MISSING_LEVEL = 'Unknown';

/** Options of {@link learnEncoding}. */
export interface EncodingOptions {
  features: readonly string[];
  categorical?: readonly string[];
  missing?: MissingPolicy;
  file?: string;
  /** Under `impute`, add a missing-value indicator for each numeric feature with missing training values. Default false. */
  indicators?: boolean;
}

function location(file: string | undefined, row: number, column: string) {
  return { ...(file === undefined ? {} : { file }), row: row + 1, column };
}

/** A numeric feature as numbers (NaN = missing); throws on text that is not a number or on ±Infinity. */
export function numericValues(frame: Frame, column: string, file?: string): Float64Array {
  if (!frame.has(column)) {
    throw new DataError(
      `no feature column "${column}" (columns are ${frame.columnNames.map((c) => `"${c}"`).join(', ')})`,
      file === undefined ? {} : { file },
    );
  }
  const source = frame.column(column);
  const out = source.kind === 'number' ? source.values : new Float64Array(frame.numRows);
  if (source.kind === 'string') {
    for (let i = 0; i < frame.numRows; i++) {
      const text = source.values[i] ?? null;
      if (text === null || text.trim() === '') out[i] = Number.NaN;
      else {
        out[i] = parseNumberText(text);
        if (Number.isNaN(out[i] as number))
          throw new DataError(`"${text}" is not a number`, location(file, i, column));
      }
    }
  }
  for (let i = 0; i < out.length; i++) {
    const v = out[i] as number;
    if (!Number.isNaN(v) && !Number.isFinite(v)) {
      throw new DataError(`${v} is not a finite number`, location(file, i, column));
    }
  }
  return out;
}

/** A categorical feature as strings (null = missing); numbers are read as their text. */
export function categoricalValues(frame: Frame, column: string, file?: string): (string | null)[] {
  if (!frame.has(column)) {
    throw new DataError(
      `no categorical column "${column}" (columns are ${frame.columnNames.map((c) => `"${c}"`).join(', ')})`,
      file === undefined ? {} : { file },
    );
  }
  const source = frame.column(column);
  if (source.kind === 'string')
    return source.values.map((v) => (v === null || v.trim() === '' ? null : v.trim()));
  return Array.from(source.values, (v) => (Number.isNaN(v) ? null : String(v)));
}

/** k-th smallest value (0-based) of `values`, reordering it in place (Hoare quickselect, median-of-three). */
function select(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    const a = values[lo] as number;
    const b = values[mid] as number;
    const c = values[hi] as number;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k] as number;
  }
  return values[k] as number;
}

/** Median of `values` (which it reorders). */
function median(values: Float64Array): number {
  const n = values.length;
  const upper = select(values, n >> 1);
  if (n % 2 === 1) return upper;
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i++) if ((values[i] as number) > lower) lower = values[i] as number;
  return (lower + upper) / 2;
}

/** The most levels a categorical feature may have: each is a coefficient, and the fit grows with their square. */
export const MAX_LEVELS = 200;

/**
 * Learns the encoding (levels, medians, modes) from training rows. With `missing: 'drop'` medians and
 * modes are computed on the complete rows; otherwise on every present value. With `missing: 'impute'`, a
 * categorical column with missing training values gets the level {@link MISSING_LEVEL} for them, placed last
 * (the reference stays the first known level in sorted order).
 *
 * @example
 * learnEncoding(frame, { features: ['employees'], categorical: ['industry'], missing: 'impute' });
 */
export function learnEncoding(
  frame: Frame,
  options: EncodingOptions,
  rowsUsed?: ArrayLike<number>,
): Encoding {
  const categorical: Record<string, string[]> = {};
  const medians: Record<string, number> = {};
  const modes: Record<string, string> = {};
  const rows = rowsUsed ?? Int32Array.from({ length: frame.numRows }, (_, i) => i);
  const indicators: string[] = [];
  const patterns: Uint8Array[] = []; // the missing rows of each indicator kept
  for (const feature of options.features) {
    const values = numericValues(frame, feature, options.file);
    const present = new Float64Array(rows.length);
    let count = 0;
    for (let r = 0; r < rows.length; r++) {
      const v = values[rows[r] as number] as number;
      if (!Number.isNaN(v)) present[count++] = v;
    }
    medians[feature] = count > 0 ? median(present.subarray(0, count)) : Number.NaN;
    if (options.indicators && options.missing === 'impute' && count > 0 && count < rows.length) {
      // Features missing in exactly the same rows (the columns of one enrichment file) share one indicator:
      // identical indicators would be collinear.
      const pattern = Uint8Array.from(rows, (i) => (Number.isNaN(values[i] as number) ? 1 : 0));
      if (!patterns.some((kept) => kept.every((v, r) => v === pattern[r]))) {
        patterns.push(pattern);
        indicators.push(feature);
      }
    }
  }
  for (const column of options.categorical ?? []) {
    const values = categoricalValues(frame, column, options.file);
    const counts = new Map<string, number>();
    let missing = 0;
    for (let r = 0; r < rows.length; r++) {
      const v = values[rows[r] as number];
      if (v !== null && v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
      else missing++;
    }
    const levels = [...counts.keys()].sort();
    if (levels.length > MAX_LEVELS)
      throw new DataError(
        `${levels.length.toLocaleString('en-US')} distinct values; a categorical feature may have at most ${MAX_LEVELS} — group rare values (e.g. into "Other") or use a coarser column`,
        { ...(options.file === undefined ? {} : { file: options.file }), column },
      );
    let mode = levels[0] ?? '';
    for (const level of levels) if ((counts.get(level) as number) > (counts.get(mode) ?? 0)) mode = level;
    const ownLevel = missing > 0 && options.missing === 'impute';
    // The missing level comes last, so it is never the reference level.
    categorical[column] = ownLevel ? [...levels.filter((l) => l !== MISSING_LEVEL), MISSING_LEVEL] : levels;
    modes[column] = ownLevel ? MISSING_LEVEL : mode;
  }
  return {
    features: [...options.features],
    categorical,
    missing: options.missing ?? 'error',
    medians,
    modes,
    indicators,
  };
}

/** Options of {@link buildDesign}. */
export interface DesignOptions {
  file?: string;
  /**
   * At scoring time, rows the policy cannot use (missing under `error` is still an error) are kept out of
   * the design and reported; their scores are missing. Default `false` (training: such rows are dropped).
   */
  scoring?: boolean;
}

/** The result of {@link buildDesign}. */
export interface DesignResult {
  design: Design;
  warnings: Warning[];
  /** Rows left out and values filled (what the warnings say). */
  counts: { dropped: number; imputed: number };
}

/**
 * Builds the design matrix of `frame` under `encoding`. Missing values: `error` throws a {@link DataError}
 * naming the first incomplete row and column; `drop` leaves incomplete rows out (with a warning that says how
 * many); `impute` fills training medians, and a missing category with its own level ({@link MISSING_LEVEL}) when
 * training had missing values, else the training mode. A categorical level not seen in training is an error.
 *
 * @example
 * const { design } = buildDesign(frame, encoding, { file: 'accounts.csv' });
 */
export function buildDesign(frame: Frame, encoding: Encoding, options: DesignOptions = {}): DesignResult {
  const columns = designColumns(frame, encoding, options.file);
  const rows = usableRows(columns, encoding, frame.numRows, options.file);
  const names = designNames(encoding);
  const x = fillDesign(columns, encoding, rows.keep.subarray(0, rows.n), names.length);
  const warnings = designWarnings(rows, frame.numRows, options);
  const counts = { dropped: rows.dropped, imputed: rows.imputed };
  return { design: { x, n: rows.n, names, rows: rows.keep.slice(0, rows.n) }, warnings, counts };
}

/** The frame's feature columns as the encoding reads them. */
interface DesignColumns {
  numeric: Float64Array[];
  categoricalColumns: string[];
  categorical: (string | null)[][];
  levelIndex: Map<string, number>[];
}

function designColumns(frame: Frame, encoding: Encoding, file: string | undefined): DesignColumns {
  const categoricalColumns = Object.keys(encoding.categorical);
  return {
    numeric: encoding.features.map((f) => numericValues(frame, f, file)),
    categoricalColumns,
    categorical: categoricalColumns.map((c) => categoricalValues(frame, c, file)),
    levelIndex: categoricalColumns.map(
      (c) => new Map((encoding.categorical[c] as string[]).map((l, i) => [l, i])),
    ),
  };
}

/** The rows the design keeps (all but incomplete ones under `drop`), and the missing values met. */
interface UsableRows {
  keep: Int32Array;
  n: number;
  dropped: number;
  imputed: number;
}

function usableRows(c: DesignColumns, encoding: Encoding, numRows: number, file?: string): UsableRows {
  const keep = new Int32Array(numRows);
  const counts = { n: 0, dropped: 0, imputed: 0 };
  for (let i = 0; i < numRows; i++) {
    let complete = true;
    const missing = (column: string, hint: string): void => {
      if (encoding.missing === 'error')
        throw new DataError(`value is missing; fill it, or set ${hint}`, location(file, i, column));
      if (encoding.missing === 'drop') complete = false;
      else counts.imputed++;
    };
    for (let j = 0; j < c.numeric.length && complete; j++) {
      if (Number.isNaN((c.numeric[j] as Float64Array)[i] as number))
        missing(
          encoding.features[j] as string,
          "missing: 'drop' (leave such rows out) or missing: 'impute' (use the training median)",
        );
    }
    for (let j = 0; j < c.categorical.length && complete; j++) {
      const column = c.categoricalColumns[j] as string;
      const v = (c.categorical[j] as (string | null)[])[i] ?? null;
      if (v === null) missing(column, "missing: 'drop' or missing: 'impute' (its own level)");
      else if (!(c.levelIndex[j] as Map<string, number>).has(v))
        throw unseenLevel(v, encoding.categorical[column] as string[], location(file, i, column));
    }
    if (complete) keep[counts.n++] = i;
    else counts.dropped++;
  }
  return { keep, ...counts };
}

function unseenLevel(
  value: string,
  levels: readonly string[],
  where: ReturnType<typeof location>,
): DataError {
  const known = levels
    .slice(0, 8)
    .map((l) => `"${l}"`)
    .join(', ');
  return new DataError(
    `level "${value}" was not seen in training (known: ${known}${levels.length > 8 ? ', …' : ''}); map it to a known level or refit`,
    where,
  );
}

/** The design matrix of the kept rows: features (medians for missing), indicators, dummies. */
function fillDesign(c: DesignColumns, encoding: Encoding, keep: Int32Array, p: number): Float64Array {
  const n = keep.length;
  const x = new Float64Array(n * p);
  const indicatorOf = encoding.indicators.map((f) => encoding.features.indexOf(f));
  const dummyOffset: number[] = [];
  let offset = encoding.features.length + encoding.indicators.length;
  for (const column of c.categoricalColumns) {
    dummyOffset.push(offset);
    offset += (encoding.categorical[column] as string[]).length - 1;
  }
  for (let r = 0; r < n; r++) {
    const i = keep[r] as number;
    const base = r * p;
    for (let j = 0; j < c.numeric.length; j++) {
      const v = (c.numeric[j] as Float64Array)[i] as number;
      x[base + j] = Number.isNaN(v) ? (encoding.medians[encoding.features[j] as string] as number) : v;
    }
    indicatorOf.forEach((j, k) => {
      if (Number.isNaN((c.numeric[j] as Float64Array)[i] as number)) x[base + c.numeric.length + k] = 1;
    });
    for (let j = 0; j < c.categorical.length; j++) {
      const column = c.categoricalColumns[j] as string;
      const v = (c.categorical[j] as (string | null)[])[i] ?? encoding.modes[column] ?? null;
      const level = (c.levelIndex[j] as Map<string, number>).get(v as string) as number;
      if (level > 0) x[base + (dummyOffset[j] as number) + level - 1] = 1;
    }
  }
  return x;
}

/**
 * What building a design did to the rows: how many were dropped, how many values were filled (of `numRows`).
 *
 * @example
 * designWarnings({ dropped: 0, imputed: 12 }, 500, { scoring: true })[0]?.code; // 'values-imputed'
 */
export function designWarnings(
  rows: { dropped: number; imputed: number },
  numRows: number,
  options: DesignOptions,
): Warning[] {
  const warnings: Warning[] = [];
  if (rows.dropped > 0)
    warnings.push(
      warning(
        'rows-dropped',
        options.scoring
          ? `${rows.dropped} of ${numRows} rows miss a feature value and get no score (set missing: 'impute' to score them)`
          : `dropped ${rows.dropped} of ${numRows} rows with missing feature values (like R's na.omit)`,
      ),
    );
  if (rows.imputed > 0)
    warnings.push(
      warning(
        'values-imputed',
        `filled ${rows.imputed} missing feature values with training medians (numbers) and "${MISSING_LEVEL}" or the training mode (categories)`,
      ),
    );
  return warnings;
}
