/**
 * A small immutable columnar frame: numeric columns are `Float64Array` (missing = `NaN`),
 * text columns are arrays of `string | null` (missing = `null`). Models read the typed
 * arrays directly, without building row objects.
 *
 * Frames never change after construction; every operation returns a new frame that shares
 * the untouched columns. Treat the arrays you get from {@link Frame.numbers} and
 * {@link Frame.strings} as read-only (copy before modifying).
 */
import { UsageError } from '../core/errors.ts';

/** A numeric column; `NaN` marks a missing value. */
export interface NumberColumn {
  readonly kind: 'number';
  readonly values: Float64Array;
}

/** A text column; `null` marks a missing value. */
export interface StringColumn {
  readonly kind: 'string';
  readonly values: readonly (string | null)[];
}

/** One column of a {@link Frame}. */
export type Column = NumberColumn | StringColumn;

/** A cell value as seen in a row object. */
export type Cell = number | string | null;

/** Values accepted when building a column: typed numbers, numbers with nulls, or strings with nulls. */
export type ColumnInput = Float64Array | readonly (number | null)[] | readonly (string | null)[];

/**
 * Text columns this module made (checked, copied and frozen): a frame built from another frame's text column
 * shares it instead of checking and copying a million values again. Frozen, so it cannot have changed since.
 */
const TEXT_COLUMNS = new WeakSet<readonly (string | null)[]>();

function textColumn(values: (string | null)[]): StringColumn {
  const frozen = Object.freeze(values);
  TEXT_COLUMNS.add(frozen);
  return { kind: 'string', values: frozen };
}

function toColumn(name: string, input: ColumnInput): Column {
  if (input instanceof Float64Array) return { kind: 'number', values: input };
  if (TEXT_COLUMNS.has(input as readonly (string | null)[]))
    return { kind: 'string', values: input as readonly (string | null)[] };
  let sawString = false;
  let sawNumber = false;
  for (const v of input) {
    if (typeof v === 'string') sawString = true;
    else if (typeof v === 'number') sawNumber = true;
    else if (v !== null)
      throw new UsageError(`Frame: column "${name}" holds a ${typeof v}; use number, string or null`);
  }
  if (sawString && sawNumber) {
    throw new UsageError(`Frame: column "${name}" mixes numbers and strings; convert it to one type first`);
  }
  if (sawString || !sawNumber) {
    // All-null columns become text columns: nothing says they are numeric.
    if (!sawNumber && !sawString) return textColumn(Array.from(input as (string | null)[]));
    return textColumn((input as readonly (string | null)[]).slice());
  }
  const values = new Float64Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const v = input[i] as number | null;
    values[i] = v === null ? Number.NaN : v;
  }
  return { kind: 'number', values };
}

/**
 * An immutable table of named, equally long columns.
 *
 * @example
 * const f = Frame.fromColumns({ id: ['a', 'b'], employees: [120, null] });
 * f.numRows;                 // 2
 * f.numbers('employees');    // Float64Array [120, NaN]
 * f.row(0);                  // { id: 'a', employees: 120 }
 */
export class Frame {
  readonly #columns: ReadonlyMap<string, Column>;
  readonly #numRows: number;

  private constructor(columns: ReadonlyMap<string, Column>, numRows: number) {
    this.#columns = columns;
    this.#numRows = numRows;
    Object.freeze(this);
  }

  /**
   * Builds a frame from named column arrays (all the same length). Arrays of numbers/nulls become
   * `Float64Array` columns; arrays of strings/nulls become text columns. Inputs are copied, except a
   * `Float64Array`, which is adopted as is (do not modify it afterwards).
   *
   * @example
   * Frame.fromColumns({ x: new Float64Array([1, 2]), name: ['a', null] }).columnNames; // ['x', 'name']
   */
  static fromColumns(columns: Readonly<Record<string, ColumnInput>>): Frame {
    const map = new Map<string, Column>();
    let numRows: number | undefined;
    for (const [name, input] of Object.entries(columns)) {
      if (numRows === undefined) numRows = input.length;
      else if (input.length !== numRows) {
        throw new UsageError(
          `Frame.fromColumns: column "${name}" has ${input.length} values, expected ${numRows} like the others`,
        );
      }
      map.set(name, toColumn(name, input));
    }
    return new Frame(map, numRows ?? 0);
  }

  /** Builds a frame from already-typed columns (no copy). Used by loaders. */
  static fromTypedColumns(columns: ReadonlyMap<string, Column>, numRows: number): Frame {
    for (const [name, column] of columns) {
      if (column.values.length !== numRows) {
        throw new UsageError(
          `Frame: column "${name}" has ${column.values.length} values, expected ${numRows}`,
        );
      }
      // A loader's frozen text column is one this module can share too.
      if (column.kind === 'string' && Object.isFrozen(column.values)) TEXT_COLUMNS.add(column.values);
    }
    return new Frame(new Map(columns), numRows);
  }

  /**
   * Builds a frame from row objects; the columns are the union of keys in first-seen order.
   *
   * @example
   * Frame.fromRows([{ a: 1 }, { a: 2, b: 'x' }]).row(0); // { a: 1, b: null }
   */
  static fromRows(rows: readonly Readonly<Record<string, Cell | undefined>>[]): Frame {
    const names: string[] = [];
    const seen = new Set<string>();
    for (const row of rows) {
      for (const key of Object.keys(row)) {
        if (!seen.has(key)) {
          seen.add(key);
          names.push(key);
        }
      }
    }
    const columns: Record<string, (Cell | undefined)[]> = {};
    for (const name of names) columns[name] = rows.map((r) => r[name] ?? null);
    return Frame.fromColumns(columns as Record<string, ColumnInput>);
  }

  /** Number of rows. */
  get numRows(): number {
    return this.#numRows;
  }

  /** Column names in order. */
  get columnNames(): string[] {
    return [...this.#columns.keys()];
  }

  /** True when the frame has a column of that name. */
  has(name: string): boolean {
    return this.#columns.has(name);
  }

  /** The column of that name; throws a {@link UsageError} naming the available columns otherwise. */
  column(name: string): Column {
    const column = this.#columns.get(name);
    if (!column) {
      throw new UsageError(
        `Frame: no column "${name}"; columns are ${this.columnNames.map((n) => `"${n}"`).join(', ')}`,
      );
    }
    return column;
  }

  /** The values of a numeric column (`NaN` = missing). Throws if the column is text. */
  numbers(name: string): Float64Array {
    const column = this.column(name);
    if (column.kind !== 'number') throw new UsageError(`Frame: column "${name}" is text, not numeric`);
    return column.values;
  }

  /** The values of a text column (`null` = missing). Throws if the column is numeric. */
  strings(name: string): readonly (string | null)[] {
    const column = this.column(name);
    if (column.kind !== 'string') throw new UsageError(`Frame: column "${name}" is numeric, not text`);
    return column.values;
  }

  /** The value at (row, column) as a {@link Cell}; `NaN` is reported as `null`. */
  get(rowIndex: number, name: string): Cell {
    const column = this.column(name);
    const v = column.values[rowIndex];
    if (v === undefined)
      throw new UsageError(`Frame.get: row index ${rowIndex} is outside 0..${this.#numRows - 1}`);
    return typeof v === 'number' && Number.isNaN(v) ? null : v;
  }

  /** Row `rowIndex` (0-based) as an object; meant for display and small frames. */
  row(rowIndex: number): Record<string, Cell> {
    const out: Record<string, Cell> = {};
    for (const name of this.#columns.keys()) out[name] = this.get(rowIndex, name);
    return out;
  }

  /** All rows as objects; meant for display and small frames. */
  toRows(): Record<string, Cell>[] {
    const rows: Record<string, Cell>[] = [];
    for (let i = 0; i < this.#numRows; i++) rows.push(this.row(i));
    return rows;
  }

  /** A frame with only the named columns, in that order. */
  select(names: readonly string[]): Frame {
    const map = new Map<string, Column>();
    for (const name of names) map.set(name, this.column(name));
    return new Frame(map, this.#numRows);
  }

  /** A frame with the rows at the given 0-based indices, in that order (indices may repeat). */
  take(indices: ArrayLike<number>): Frame {
    const map = new Map<string, Column>();
    for (const [name, column] of this.#columns) {
      if (column.kind === 'number') {
        const values = new Float64Array(indices.length);
        for (let i = 0; i < indices.length; i++) values[i] = column.values[indices[i] as number] as number;
        map.set(name, { kind: 'number', values });
      } else {
        const values = new Array<string | null>(indices.length);
        for (let i = 0; i < indices.length; i++) values[i] = column.values[indices[i] as number] ?? null;
        map.set(name, textColumn(values));
      }
    }
    return new Frame(map, indices.length);
  }

  /** A frame with rows for which `predicate(rowIndex)` is true. */
  filter(predicate: (rowIndex: number) => boolean): Frame {
    const kept: number[] = [];
    for (let i = 0; i < this.#numRows; i++) if (predicate(i)) kept.push(i);
    return this.take(kept);
  }

  /** A frame with the column added, or replaced when the name exists (keeping its position). */
  withColumn(name: string, values: ColumnInput): Frame {
    if (values.length !== this.#numRows) {
      throw new UsageError(
        `Frame.withColumn: "${name}" has ${values.length} values, expected ${this.#numRows}`,
      );
    }
    const map = new Map(this.#columns);
    map.set(name, toColumn(name, values));
    return new Frame(map, this.#numRows);
  }

  /** A frame without the named columns (unknown names are ignored). */
  drop(names: readonly string[]): Frame {
    const map = new Map(this.#columns);
    for (const name of names) map.delete(name);
    return new Frame(map, this.#numRows);
  }

  /** A frame with columns renamed by `mapping` (old → new); other columns keep their names. */
  rename(mapping: Readonly<Record<string, string>>): Frame {
    const map = new Map<string, Column>();
    for (const [name, column] of this.#columns) {
      const target = mapping[name] ?? name;
      if (map.has(target)) throw new UsageError(`Frame.rename: two columns would be named "${target}"`);
      map.set(target, column);
    }
    return new Frame(map, this.#numRows);
  }
}
