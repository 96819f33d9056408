/**
 * Finding an account's row from an id written in another file (spend, deals, engagement). Ids are opaque text
 * (never numbers, so 19-digit ids keep every digit), trimmed, re-keyed through the duplicate merge (a deal of a
 * merged-away record lands on the kept account), and Salesforce ids match in both their forms: the
 * case-sensitive 15-character id and the 18-character id whose last three characters encode the case of the
 * first fifteen (so an 18-character id upper-cased by a spreadsheet still matches).
 */
import { visibleText } from '../../cleanse/fold-text.ts';

/** The alphabet of the Salesforce 18-character id suffix: one character per 5 id characters, 5 case bits. */
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * The 18-character form of a 15-character Salesforce id (Salesforce's published checksum).
 *
 * @example
 * salesforceId18('001A0000006Vm9r'); // '001A0000006Vm9rIAC'
 */
export function salesforceId18(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return id15 + suffix;
}

/**
 * The identity of an id for matching: a Salesforce 18-character id becomes its 15-character id with the case
 * restored from the suffix; any other id (15-character Salesforce ids included) is itself. An 18-character
 * value whose suffix does not decode (e.g. an 18-digit number) is not a Salesforce id and stays as written.
 *
 * @example
 * idKey('001A0000006Vm9rIAC'); // '001A0000006Vm9r'
 * idKey('001A0000006VM9RIAC'); // '001A0000006Vm9r' (upper-cased by a spreadsheet)
 * idKey('123456789012345678'); // '123456789012345678'
 */
export function idKey(id: string): string {
  if (id.length !== 18 || !SALESFORCE_ID.test(id)) return id;
  // Character codes, not strings: a million accounts and their deals are keyed this way.
  const restored = new Array<number>(15);
  for (let chunk = 0; chunk < 3; chunk++) {
    const suffix = id.charCodeAt(15 + chunk);
    const bits = SUFFIX_ALPHABET.indexOf(String.fromCharCode(suffix >= 97 ? suffix & ~LOWER_BIT : suffix));
    if (bits < 0) return id;
    for (let i = 0; i < 5; i++) {
      const code = id.charCodeAt(chunk * 5 + i);
      const upper = (bits & (1 << i)) !== 0;
      const letter = code >= 65; // the id is [0-9A-Za-z]: anything above the digits is a letter
      if (upper && !letter) return id;
      restored[chunk * 5 + i] = letter ? (upper ? code & ~LOWER_BIT : code | LOWER_BIT) : code;
    }
  }
  return String.fromCharCode(...restored);
}

/** An 18-character id of letters and digits (the only kind {@link idKey} re-keys). */
const SALESFORCE_ID = /^[0-9A-Za-z]{18}$/;
/** The bit that makes an ASCII letter lower case. */
const LOWER_BIT = 0x20;

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
 * accountKeys(['001A0000006Vm9rIAC'], new Map()).rowOf('001A0000006Vm9r'); // 0
 */
export function accountKeys(
  ids: readonly (string | null)[],
  idMap: ReadonlyMap<string, string>,
): AccountKeys {
  const rowById = new Map<string, number>();
  ids.forEach((id, i) => id !== null && rowById.set(idKey(visibleText(id)), i));
  const keptOf = new Map<string, string>();
  for (const [input, kept] of idMap) keptOf.set(idKey(visibleText(input)), idKey(visibleText(kept)));
  // Files name the same account on many rows (deals, spend lines, touches): each id is keyed once.
  const known = new Map<string, number>();
  return {
    rowOf(id) {
      if (id === null) return -1;
      const seen = known.get(id);
      if (seen !== undefined) return seen;
      const key = idKey(visibleText(id));
      const row = rowById.get(keptOf.get(key) ?? key) ?? -1;
      known.set(id, row);
      return row;
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
