/**
 * Territory units — accounts, or account families that stay together — as columns: a pool of millions of
 * accounts without an object each (10M accounts' unit objects and member sets took ~0.35 GB of heap).
 */

/** One unit to place: an account or a family of accounts that must stay together. */
export interface TerritoryUnit {
  /** What territories balance: the unit's opportunity, or its current spend in Retain (NaN counts as 0). */
  value: number;
  /** Accounts in the unit (a family counts all its accounts). */
  accounts: number;
  /** Workload: accounts, or monthly touches — balanced when the rules ask. */
  workload: number;
  /** The rep (0-based) that owns it now, or -1. */
  current: number;
  /** True: the unit stays with its current rep. */
  locked: boolean;
}

/**
 * Units as typed columns (see {@link TerritoryUnit} for each field); `locked` is 1 or 0.
 *
 * @example
 * const units = UnitColumns.of([{ value: 9, accounts: 1, workload: 1, current: -1, locked: false }]);
 * units.value[0]; // 9
 * units.at(0).locked; // false
 */
export class UnitColumns {
  readonly value: Float64Array;
  readonly accounts: Float64Array;
  readonly workload: Float64Array;
  readonly current: Int32Array;
  readonly locked: Uint8Array;

  constructor(readonly length: number) {
    this.value = new Float64Array(length);
    this.accounts = new Float64Array(length);
    this.workload = new Float64Array(length);
    this.current = new Int32Array(length).fill(-1);
    this.locked = new Uint8Array(length);
  }

  /** The columns of unit objects (or the same columns when given them). */
  static of(units: readonly TerritoryUnit[] | UnitColumns): UnitColumns {
    if (units instanceof UnitColumns) return units;
    const columns = new UnitColumns(units.length);
    units.forEach((u, i) => columns.set(i, u));
    return columns;
  }

  /** Writes unit `i`. */
  set(i: number, unit: TerritoryUnit): void {
    this.value[i] = unit.value;
    this.accounts[i] = unit.accounts;
    this.workload[i] = unit.workload;
    this.current[i] = unit.current;
    this.locked[i] = unit.locked ? 1 : 0;
  }

  /** Unit `i` as an object. */
  at(i: number): TerritoryUnit {
    return {
      value: this.value[i] as number,
      accounts: this.accounts[i] as number,
      workload: this.workload[i] as number,
      current: this.current[i] as number,
      locked: this.locked[i] === 1,
    };
  }

  /** Every unit as an object (for the exact solver, whose programs are small). */
  toUnits(): TerritoryUnit[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i));
  }

  /** Unit `i`'s balanced value: NaN counts as 0. */
  balanced(i: number): number {
    const v = this.value[i] as number;
    return Number.isNaN(v) ? 0 : v;
  }
}

/**
 * Each rep's units as linked lists over the unit numbers: add appends, delete unlinks, iteration is in the order
 * added — a `Set` per rep's order, in two `Int32Array`s instead of millions of set entries.
 *
 * @example
 * const members = new RepMembers(2, 3);
 * members.add(0, 2); members.add(0, 1);
 * [...members.of(0)]; // [2, 1]
 */
export class RepMembers {
  readonly #head: Int32Array;
  readonly #tail: Int32Array;
  readonly #next: Int32Array;
  readonly #prev: Int32Array;

  constructor(reps: number, units: number) {
    this.#head = new Int32Array(reps).fill(-1);
    this.#tail = new Int32Array(reps).fill(-1);
    this.#next = new Int32Array(units).fill(-1);
    this.#prev = new Int32Array(units).fill(-1);
  }

  /** Appends unit `i` to rep `r`'s list (it must be in no list). */
  add(r: number, i: number): void {
    const tail = this.#tail[r] as number;
    this.#prev[i] = tail;
    this.#next[i] = -1;
    if (tail === -1) this.#head[r] = i;
    else this.#next[tail] = i;
    this.#tail[r] = i;
  }

  /** Unlinks unit `i` from rep `r`'s list. */
  delete(r: number, i: number): void {
    const [prev, next] = [this.#prev[i] as number, this.#next[i] as number];
    if (prev === -1) this.#head[r] = next;
    else this.#next[prev] = next;
    if (next === -1) this.#tail[r] = prev;
    else this.#prev[next] = prev;
  }

  /** Rep `r`'s units in the order added. */
  *of(r: number): Generator<number> {
    for (let i = this.#head[r] as number; i !== -1; i = this.#next[i] as number) yield i;
  }
}
