/**
 * The few per-account columns the study's whole-table steps read (coverage and territories, performance),
 * gathered batch by batch as the run folder's first pass reads the scored table: numbers as `Float64Array`,
 * text as one shared string per distinct value (territories) or as small codes (performance) — millions of
 * accounts without a string object each.
 */
import { UsageError } from '../core/errors.ts';
import { Frame, type Column } from '../data/frame.ts';
import { columnText } from '../study/column-text.ts';
import type { LabelCodes } from '../segment/performance.ts';

/**
 * A text column as codes: `codes[i]` is 1 + the index of row i's value in first-seen order, 0 for null.
 *
 * @example
 * const tiers = new TextCodes(3);
 * tiers.add(['P1', null, 'P1'], 0);
 * tiers.ordered(['P0', 'P1']); // { segments: ['P0', 'P1'], codes: Uint16Array [2, 0, 2] }
 */
export class TextCodes {
  readonly #codes: Uint16Array;
  readonly #values: string[] = [];
  readonly #index = new Map<string, number>();

  constructor(rows: number) {
    this.#codes = new Uint16Array(rows);
  }

  /** Codes `values` into rows `start`…. */
  add(values: readonly (string | null)[], start: number): void {
    values.forEach((value, k) => {
      if (value === null) return;
      let code = this.#index.get(value);
      if (code === undefined) {
        if (this.#values.length === 65_535)
          throw new UsageError('TextCodes: more than 65,535 distinct values; code a column of labels');
        this.#values.push(value);
        code = this.#values.length;
        this.#index.set(value, code);
      }
      this.#codes[start + k] = code;
    });
  }

  /** The codes against `order` (values outside it coded 0), or against the values sorted by name. */
  ordered(order?: readonly string[]): { segments: string[]; codes: LabelCodes } {
    const segments = order ? [...order] : [...this.#values].sort();
    const at = new Map(segments.map((s, i) => [s, i + 1]));
    const remap = Uint16Array.from([0, ...this.#values.map((v) => at.get(v) ?? 0)]);
    return { segments, codes: this.#codes.map((c) => remap[c] as number) };
  }
}

/**
 * The one copy of `value` kept in `strings` (added when new): millions of rows share a few strings.
 *
 * @example
 * const strings = new Map<string, string>();
 * sharedString(strings, 'Acquire') === sharedString(strings, 'Acquire'); // true, one object
 */
export function sharedString(strings: Map<string, string>, value: string): string {
  const shared = strings.get(value);
  if (shared !== undefined) return shared;
  strings.set(value, value);
  return value;
}

/**
 * A text column with one string per distinct value (the batches' copies dropped as rows are added).
 *
 * @example
 * const quadrants = new SharedText(2);
 * quadrants.add(['Acquire', 'Acquire'], 0); // both rows hold the same string
 */
export class SharedText {
  readonly values: (string | null)[];
  readonly #shared = new Map<string, string>();

  constructor(rows: number) {
    this.values = new Array<string | null>(rows).fill(null);
  }

  /** Adds `values` at rows `start`…. */
  add(values: readonly (string | null)[], start: number): void {
    values.forEach((value, k) => {
      if (value !== null) this.values[start + k] = sharedString(this.#shared, value);
    });
  }
}

/** A flag column's byte for a missing value. */
export const MISSING_FLAG = 255;

/** Which columns {@link AccountGather} keeps. */
export interface GatherPlan {
  /** Text columns kept as shared strings (territory inputs). */
  text: readonly string[];
  /** Text columns kept as codes (performance dimensions). */
  codes: readonly string[];
  /** 0/1 columns kept as bytes (1, 0, or {@link MISSING_FLAG}): a tenth of a number column. */
  flags?: readonly string[];
  /** Number columns. */
  numbers: readonly string[];
}

/**
 * Per-account columns of a table read in batches, in row order.
 *
 * @example
 * const gather = new AccountGather(rows, { text: ['road_quadrant'], codes: ['tier'], numbers: ['current_spend'] });
 * gather.add(batch, 0);
 * gather.frame(); // road_quadrant, current_spend
 */
export class AccountGather {
  readonly #text: Map<string, SharedText>;
  readonly #codes: Map<string, TextCodes>;
  readonly #numbers: Map<string, Float64Array>;
  readonly #flags: Map<string, Uint8Array>;
  readonly #rows: number;

  constructor(rows: number, plan: GatherPlan) {
    this.#rows = rows;
    this.#text = new Map(plan.text.map((c) => [c, new SharedText(rows)]));
    this.#codes = new Map(plan.codes.map((c) => [c, new TextCodes(rows)]));
    this.#numbers = new Map(plan.numbers.map((c) => [c, new Float64Array(rows).fill(Number.NaN)]));
    this.#flags = new Map((plan.flags ?? []).map((c) => [c, new Uint8Array(rows).fill(MISSING_FLAG)]));
  }

  /** Adds a batch of rows starting at row `start` (columns the batch lacks stay null, NaN or missing). */
  add(batch: Frame, start: number): void {
    for (const [name, column] of this.#text) if (batch.has(name)) column.add(columnText(batch, name), start);
    for (const [name, column] of this.#codes) if (batch.has(name)) column.add(columnText(batch, name), start);
    for (const [name, column] of this.#numbers) if (batch.has(name)) column.set(batch.numbers(name), start);
    for (const [name, column] of this.#flags) if (batch.has(name)) addFlags(column, batch, name, start);
  }

  /** A flag column: 1, 0 or {@link MISSING_FLAG} per row. */
  flags(name: string): Uint8Array {
    const column = this.#flags.get(name);
    if (column === undefined)
      throw new UsageError(`AccountGather: column "${name}" was not gathered as flags`);
    return column;
  }

  /** The codes of a coded column (see {@link TextCodes.ordered}). */
  codes(name: string, order?: readonly string[]): { segments: string[]; codes: LabelCodes } {
    const column = this.#codes.get(name);
    if (column === undefined)
      throw new UsageError(`AccountGather: column "${name}" was not gathered as codes`);
    return column.ordered(order);
  }

  /** Whether a number or flag column was gathered. */
  has(name: string): boolean {
    return this.#numbers.has(name) || this.#flags.has(name);
  }

  /** A number column. */
  numbers(name: string): Float64Array {
    const column = this.#numbers.get(name);
    if (column === undefined) throw new UsageError(`AccountGather: column "${name}" was not gathered`);
    return column;
  }

  /** Lets go of columns no longer needed (their memory can be collected); later reads of them fail. */
  release(columns: Partial<GatherPlan>): void {
    for (const name of columns.text ?? []) this.#text.delete(name);
    for (const name of columns.codes ?? []) this.#codes.delete(name);
    for (const name of columns.numbers ?? []) this.#numbers.delete(name);
    for (const name of columns.flags ?? []) this.#flags.delete(name);
  }

  /** The text and number columns as a frame (no copy), with `extra` columns of the same rows. */
  frame(extra: Readonly<Record<string, Float64Array>> = {}): Frame {
    const columns = new Map<string, Column>();
    for (const [name, column] of this.#text) columns.set(name, { kind: 'string', values: column.values });
    for (const [name, values] of [...this.#numbers, ...Object.entries(extra)])
      columns.set(name, { kind: 'number', values });
    return Frame.fromTypedColumns(columns, this.#rows);
  }
}

/** Copies a batch's 0/1 column into `column` at `start`; any other value but a missing one is a bug upstream. */
function addFlags(column: Uint8Array, batch: Frame, name: string, start: number): void {
  batch.numbers(name).forEach((v, k) => {
    if (v !== 0 && v !== 1 && !Number.isNaN(v))
      throw new UsageError(
        `AccountGather: column "${name}" holds ${v}, not a 0/1 flag (row ${start + k + 1})`,
      );
    column[start + k] = Number.isNaN(v) ? MISSING_FLAG : v;
  });
}
