/**
 * Account hierarchies: each account's parent (a Salesforce `ParentId`, a HubSpot parent company id, or an
 * enrichment's ultimate parent domain) links accounts into families; every family has one ultimate parent — the
 * account at the top of its chain. Roll-ups sum spend, potential, whitespace and opportunity over a family.
 *
 * Not fatal, reported: a parent that is not in the file (an orphan: the account heads its own family), a chain
 * that loops (a cycle: its members form one family headed by the smallest id in the loop), an account that is
 * its own parent (treated as having none).
 */
import { formatCount } from '../core/format.ts';
import type { Warning } from '../core/errors.ts';

/** Families of a set of accounts. */
export interface AccountFamilies {
  /** Each account's ultimate parent (its own key when it heads a family). */
  ultimateParent: string[];
  /** Each account's distance from its ultimate parent (0 for the head; members of a cycle count from its head). */
  depth: Int32Array;
  /** Accounts whose parent is not among the accounts: [account key, parent key]. */
  orphans: [string, string][];
  /** Each loop of parents, as account keys in chain order starting from the smallest. */
  cycles: string[][];
}

/** The chain of keys from `start` up to a head, a missing parent, a key already placed, or a repeat. */
function walk(
  start: string,
  parentOf: ReadonlyMap<string, string | null>,
  placed: ReadonlyMap<string, string>,
): string[] {
  const chain = [start];
  const seen = new Set(chain);
  for (
    let at = parentOf.get(start) ?? null;
    at !== null && parentOf.has(at) && !seen.has(at) && !placed.has(at);
    at = parentOf.get(at) ?? null
  ) {
    chain.push(at);
    seen.add(at);
  }
  return chain;
}

/** Each account's distance from its family's head (0 for heads and members of a loop). */
function depths(
  keys: readonly string[],
  parentOf: ReadonlyMap<string, string | null>,
  head: ReadonlyMap<string, string>,
  inLoop: ReadonlySet<string>,
): Int32Array {
  const memo = new Map<string, number>();
  const isTop = (k: string) => head.get(k) === k || inLoop.has(k);
  return Int32Array.from(keys, (key) => {
    const path: string[] = [];
    let at = key;
    while (!memo.has(at) && !isTop(at)) {
      path.push(at);
      at = parentOf.get(at) as string;
    }
    let d = memo.get(at) ?? 0;
    memo.set(at, d);
    for (let k = path.length - 1; k >= 0; k--) memo.set(path[k] as string, ++d);
    return memo.get(key) as number;
  });
}

/**
 * Families from keys and parent keys (null or blank = no parent).
 *
 * @example
 * accountFamilies(['a', 'b', 'c'], [null, 'a', 'b']).ultimateParent; // ['a', 'a', 'a']
 * accountFamilies(['x', 'y'], ['y', 'x']).cycles; // [['x', 'y']]
 */
export function accountFamilies(
  keys: readonly string[],
  parents: readonly (string | null)[],
): AccountFamilies {
  const parentOf = new Map<string, string | null>();
  keys.forEach((key, i) => {
    const parent = parents[i]?.trim() || null;
    parentOf.set(key, parent === key ? null : parent);
  });
  const head = new Map<string, string>();
  const cycles: string[][] = [];
  const inLoop = new Set<string>();
  for (const key of keys) {
    if (head.has(key)) continue;
    const chain = walk(key, parentOf, head);
    const last = chain[chain.length - 1] as string;
    const next = parentOf.get(last) ?? null;
    let top = last; // a head, or an orphan whose parent is not in the file
    let stop = chain.length;
    if (next !== null && head.has(next)) top = head.get(next) as string;
    else if (next !== null && chain.includes(next)) {
      stop = chain.indexOf(next);
      const loop = chain.slice(stop);
      const first = loop.indexOf([...loop].sort()[0] as string);
      cycles.push([...loop.slice(first), ...loop.slice(0, first)]);
      top = loop[first] as string;
      for (const member of loop) {
        head.set(member, top);
        inLoop.add(member);
      }
    }
    for (let k = 0; k < stop; k++) head.set(chain[k] as string, top);
  }
  const orphans: [string, string][] = [];
  for (const key of keys) {
    const parent = parentOf.get(key) ?? null;
    if (parent !== null && !parentOf.has(parent)) orphans.push([key, parent]);
  }
  return {
    ultimateParent: keys.map((k) => head.get(k) as string),
    depth: depths(keys, parentOf, head, inLoop),
    orphans,
    cycles,
  };
}

/** Sums of a column per family, written back to every member. */
export function familyTotals(ultimateParent: readonly string[], values: ArrayLike<number>): Float64Array {
  const sums = new Map<string, number>();
  ultimateParent.forEach((p, i) => {
    const v = values[i] as number;
    sums.set(p, (sums.get(p) ?? 0) + (Number.isNaN(v) ? 0 : v));
  });
  return Float64Array.from(ultimateParent, (p) => sums.get(p) as number);
}

/** The warnings of a hierarchy: orphans and cycles, a few named. */
export function hierarchyWarnings(families: AccountFamilies, column: string): Warning[] {
  const warnings: Warning[] = [];
  const some = (items: string[]) => items.slice(0, 3).join(', ') + (items.length > 3 ? ', …' : '');
  if (families.orphans.length > 0)
    warnings.push({
      code: 'hierarchy-orphan',
      message: `${formatCount(families.orphans.length)} accounts name a parent in "${column}" that is not among the accounts (${some(families.orphans.map(([a, p]) => `${a} → ${p}`))}); each heads its own family`,
    });
  if (families.cycles.length > 0)
    warnings.push({
      code: 'hierarchy-cycle',
      message: `${formatCount(families.cycles.length)} parent chains in "${column}" loop (${some(families.cycles.map((c) => [...c, c[0]].join(' → ')))}); each loop is one family headed by its smallest id — fix the parents in the CRM`,
    });
  return warnings;
}
