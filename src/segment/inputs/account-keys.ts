/**
 * Finding an account's row from an id written in another file (spend, deals, engagement): ids are trimmed
 * and re-keyed through the duplicate merge, so a deal of a merged-away record lands on the kept account.
 */

/** Looks up accounts by id. */
export interface AccountKeys {
  /** 0-based row of the account with this id (after re-keying merged duplicates), or −1. */
  rowOf(id: string | null): number;
}

/**
 * Keys over the cleansed accounts: `ids` in row order and the cleanse's `idMap` (input id → kept id).
 *
 * @example
 * accountKeys(['001A'], new Map([['001B', '001A']])).rowOf(' 001B '); // 0
 */
export function accountKeys(
  ids: readonly (string | null)[],
  idMap: ReadonlyMap<string, string>,
): AccountKeys {
  const rowById = new Map<string, number>();
  ids.forEach((id, i) => id !== null && rowById.set(id, i));
  return {
    rowOf(id) {
      if (id === null) return -1;
      const trimmed = id.trim();
      return rowById.get(idMap.get(trimmed) ?? trimmed) ?? -1;
    },
  };
}

/**
 * Row of each id (−1 when unknown).
 *
 * @example
 * rowsOf(keys, ['001A', 'zzz']); // Int32Array [0, -1]
 */
export function rowsOf(keys: AccountKeys, ids: readonly (string | null)[]): Int32Array {
  return Int32Array.from(ids, (id) => keys.rowOf(id));
}
