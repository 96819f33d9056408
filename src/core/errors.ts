/**
 * Typed errors and warnings shared by the whole library.
 *
 * Errors are thrown for input that cannot be used; warnings are returned with a result
 * when the work could be done but the analyst should know something (scikit-learn style).
 * Every message is one line, so the CLI can print it as `error: <message>`.
 */

/** Where in an input a problem was found. All fields are optional; give what is known. */
export interface DataLocation {
  /** The file (path as the user gave it). */
  file?: string;
  /** 1-based data row: the header is not counted, so row 1 is the first record (spreadsheet row 2). */
  row?: number;
  /** 1-based physical line in the file, for parse errors reported before rows are known. */
  line?: number;
  /** Column name as it appears in the input. */
  column?: string;
}

/** Formats a location as `accounts.csv, row 12, column "Website"`. */
export function formatLocation(location: DataLocation): string {
  const parts: string[] = [];
  if (location.file !== undefined) parts.push(location.file);
  if (location.row !== undefined) parts.push(`row ${location.row}`);
  else if (location.line !== undefined) parts.push(`line ${location.line}`);
  if (location.column !== undefined) parts.push(`column "${location.column}"`);
  return parts.join(', ');
}

/** Base class of every error the workbench throws on purpose. */
export class SegmentError extends Error {
  override name = 'SegmentError';

  /**
   * When true, errors created from now on carry no stack frames, only `Name: message`: a notebook cell then
   * shows the one-line message instead of a stack of library internals. The notebook helpers
   * (`src/notebook/`) turn it on; the CLI never shows stacks anyway (except with `--debug`). Default false.
   */
  static conciseStacks = false;

  constructor(message: string) {
    super(message);
    if (SegmentError.conciseStacks) this.stack = `${new.target.name}: ${message}`;
  }
}

/**
 * Bad or unusable input data. The message names the file, row and column when known.
 *
 * @example
 * throw new DataError('employees must be a number, got "lots"', { file: 'a.csv', row: 3, column: 'employees' });
 * // message: 'a.csv, row 3, column "employees": employees must be a number, got "lots"'
 */
export class DataError extends SegmentError {
  override name = 'DataError';
  readonly location: DataLocation;
  readonly detail: string;
  constructor(detail: string, location: DataLocation = {}) {
    const where = formatLocation(location);
    super(where ? `${where}: ${detail}` : detail);
    this.detail = detail;
    this.location = location;
  }
}

/**
 * Invalid argument passed to a function or command, e.g. `kmeans: k=0 must be an integer ≥ 1`.
 *
 * @example
 * throw new UsageError('kmeans: k=0 must be an integer >= 1');
 */
export class UsageError extends SegmentError {
  override name = 'UsageError';
}

/** Invalid study configuration (unknown key, wrong type, value out of range). */
export class ConfigError extends SegmentError {
  override name = 'ConfigError';
}

/** A non-fatal problem returned with a result; `message` says what to do about it. */
export interface Warning {
  /** Stable machine-readable code, e.g. `duplicate-merged`, `not-converged`. */
  code: string;
  /** One human-readable line. */
  message: string;
}

/** Creates a {@link Warning}. @example warning('rows-dropped', 'dropped 3 rows with missing values') */
export function warning(code: string, message: string): Warning {
  return { code, message };
}

/** Warning codes of model fitting that mean the result may not be the optimum. */
export type ConvergenceWarningCode = 'not-converged' | 'separation';

/**
 * A solver stopped before its tolerance was met, or the data are (quasi-)separated so the maximum-likelihood
 * estimate does not exist. Returned in `warnings`, never thrown.
 *
 * @example
 * new ConvergenceWarning('not-converged', 'stopped after 100 iterations; raise maxIter or add an L2 penalty');
 */
export class ConvergenceWarning implements Warning {
  readonly code: ConvergenceWarningCode;
  readonly message: string;
  constructor(code: ConvergenceWarningCode, message: string) {
    this.code = code;
    this.message = message;
  }
}
