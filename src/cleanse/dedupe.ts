/**
 * Finds records that describe the same account. Two records are the same account when they share
 * an account id, or a normalized domain, or — when at least one of them has no domain — the same
 * normalized name and country. Different domains always mean different accounts, so a domain-less
 * record whose name and country match several domains is left alone and reported as ambiguous.
 */

/** The keys of one record, already normalized (null = not known). */
export interface MatchKeys {
  accountId: string | null;
  domain: string | null;
  nameKey: string | null;
  country: string | null;
}

/** How a duplicate group was recognised. */
export type MatchRule = 'account_id' | 'domain' | 'name+country';

/** A set of records (0-based row indices, in file order) that are one account. */
export interface DuplicateGroup {
  members: number[];
  rule: MatchRule;
  /** The shared key value (the id, the domain, or `name|country`). */
  key: string;
}

/** What {@link findDuplicates} returns. */
export interface DuplicateResult {
  /** Groups of two or more records, ordered by their first member. */
  groups: DuplicateGroup[];
  /** Row indices of domain-less records whose name and country match several different domains. */
  ambiguous: number[];
}

class DisjointSets {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root] as number;
    while (this.parent[i] !== root) {
      const next = this.parent[i] as number;
      this.parent[i] = root;
      i = next;
    }
    return root;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** Records sharing a key, for the keys shared by two or more records (a million unique keys cost no arrays). */
function bucket(
  records: readonly MatchKeys[],
  keyOf: (r: MatchKeys) => string | null,
): Map<string, number[]> {
  const first = new Map<string, number>();
  const shared = new Map<string, number[]>();
  records.forEach((r, i) => {
    const key = keyOf(r);
    if (key === null) return;
    const list = shared.get(key);
    if (list) list.push(i);
    else {
      const seen = first.get(key);
      if (seen === undefined) first.set(key, i);
      else shared.set(key, [seen, i]);
    }
  });
  return shared;
}

/**
 * Groups duplicate records.
 *
 * @example
 * findDuplicates([
 *   { accountId: '1', domain: 'acme.com', nameKey: 'acme', country: 'US' },
 *   { accountId: '2', domain: null, nameKey: 'acme', country: 'US' },
 *   { accountId: '3', domain: 'beta.io', nameKey: 'beta', country: 'DE' },
 * ]).groups; // [{ members: [0, 1], rule: 'name+country', key: 'acme|US' }]
 */
export function findDuplicates(records: readonly MatchKeys[]): DuplicateResult {
  const sets = new DisjointSets(records.length);
  const byId = bucket(records, (r) => r.accountId);
  const byDomain = bucket(records, (r) => r.domain);
  for (const members of [...byId.values(), ...byDomain.values()]) {
    for (let k = 1; k < members.length; k++) sets.union(members[0] as number, members[k] as number);
  }
  const ambiguous: number[] = [];
  const byName = bucket(records, (r) =>
    r.nameKey !== null && r.country !== null ? `${r.nameKey}|${r.country}` : null,
  );
  for (const members of byName.values()) {
    if (members.length < 2) continue;
    const domainless = members.filter((i) => records[i]?.domain === null);
    if (domainless.length === 0) continue;
    const domains = new Set(members.map((i) => records[i]?.domain).filter((d) => d !== null));
    if (domains.size > 1) {
      ambiguous.push(...domainless);
      continue;
    }
    for (let k = 1; k < members.length; k++) sets.union(members[0] as number, members[k] as number);
  }
  const roots = new Int32Array(records.length);
  const size = new Int32Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const root = sets.find(i);
    roots[i] = root;
    size[root] = (size[root] as number) + 1;
  }
  const groupsByRoot = new Map<number, number[]>();
  for (let i = 0; i < records.length; i++) {
    const root = roots[i] as number;
    if ((size[root] as number) < 2) continue;
    const list = groupsByRoot.get(root);
    if (list) list.push(i);
    else groupsByRoot.set(root, [i]);
  }
  const groups: DuplicateGroup[] = [];
  for (const members of groupsByRoot.values()) {
    if (members.length < 2) continue;
    const first = records[members[0] as number] as MatchKeys;
    const same = (pick: (r: MatchKeys) => string | null): boolean =>
      pick(first) !== null && members.every((i) => pick(records[i] as MatchKeys) === pick(first));
    let rule: MatchRule;
    let key: string;
    if (same((r) => r.accountId)) {
      rule = 'account_id';
      key = first.accountId as string;
    } else if (same((r) => r.domain)) {
      rule = 'domain';
      key = first.domain as string;
    } else {
      rule = 'name+country';
      const named = members
        .map((i) => records[i] as MatchKeys)
        .find((r) => r.nameKey !== null && r.country !== null);
      key = named ? `${named.nameKey}|${named.country}` : (first.domain ?? '');
    }
    groups.push({ members, rule, key });
  }
  groups.sort((a, b) => (a.members[0] as number) - (b.members[0] as number));
  return { groups, ambiguous: ambiguous.sort((a, b) => a - b) };
}
