/**
 * Finds records that describe the same account. Two records are the same account when they share
 * an account id, or a normalized domain, or — when at least one of them has no domain — the same
 * normalized name and country. Different domains always mean different accounts, so a domain-less
 * record whose name and country match several domains is left alone and reported as ambiguous.
 *
 * Families are respected: records sharing a domain or a name are never merged when one names the other as its
 * parent, when their countries differ, when their names differ (a shared website alone is not enough: a
 * subsidiary often uses its parent's), or when they sit in one family under different names.
 */

/** The keys of one record, already normalized (null = not known). */
export interface MatchKeys {
  accountId: string | null;
  domain: string | null;
  nameKey: string | null;
  country: string | null;
  /** The id of the record's parent account (a parent id column), when known. */
  parentId?: string | null;
  /** The record's family (an ultimate parent id, a D&B global ultimate D-U-N-S), when known. */
  familyKey?: string | null;
}

/** The rules {@link findDuplicates} may use beyond a shared id (all on by default; `dedupe` in the config). */
export interface DedupeRules {
  /** Merge records that share a normalized domain (and agree on name, country and family). */
  domain: boolean;
  /** Merge a domain-less record with the record of the same normalized name and country. */
  nameCountry: boolean;
}

/** Every rule on. */
export const DEFAULT_DEDUPE: DedupeRules = { domain: true, nameCountry: true };

/** Words that qualify a name without naming another business ("Acme EMEA", "Acme (old)", "Acme Holdings"). */
const QUALIFIERS = new Set([
  'old',
  'new',
  'holding',
  'holdings',
  'group',
  'global',
  'international',
  'intl',
  'worldwide',
  'emea',
  'apac',
  'americas',
  'na',
  'europe',
  'hq',
  'corp',
  'the',
]);

/**
 * True when one name is the other, or its first words ("acme" and "acme software"), once qualifiers are set
 * aside ("acme emea" and "acme software"); "gamma retail" and "gamma logistics" are two businesses.
 */
export function namesAgree(a: string | null, b: string | null): boolean {
  if (a === null || b === null || a === b) return true;
  const core = (name: string) =>
    name
      .split(' ')
      .filter((w) => !QUALIFIERS.has(w))
      .join(' ');
  const [x, y] = [core(a), core(b)];
  if (x === '' || y === '' || x === y) return true;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return long.startsWith(`${short} `);
}

/**
 * Whether two records sharing a domain or a name may be one account: not parent and child, not in different
 * countries, names that agree, and not two differently named members of one family.
 *
 * @example
 * mayMerge({ accountId: '1', domain: 'acme.com', nameKey: 'acme', country: 'US' },
 *          { accountId: '2', domain: 'acme.com', nameKey: 'acme', country: 'DE', parentId: '1' }); // false
 */
export function mayMerge(a: MatchKeys, b: MatchKeys): boolean {
  const parentOf = (x: MatchKeys, y: MatchKeys) =>
    x.accountId !== null && y.parentId != null && y.parentId === x.accountId;
  if (parentOf(a, b) || parentOf(b, a)) return false;
  if (a.country !== null && b.country !== null && a.country !== b.country) return false;
  if (!namesAgree(a.nameKey, b.nameKey)) return false;
  const family = (x: MatchKeys) => x.familyKey ?? x.parentId ?? null;
  const [fa, fb] = [family(a), family(b)];
  if (fa !== null && fb !== null && fa !== fb) return false;
  return !(fa !== null && fa === fb && a.nameKey !== b.nameKey);
}

/** Splits records sharing a key into clusters whose members may all merge with each other (first fit). */
function compatibleClusters(records: readonly MatchKeys[], members: readonly number[]): number[][] {
  const clusters: number[][] = [];
  for (const m of members) {
    const record = records[m] as MatchKeys;
    const home = clusters.find((c) => c.every((o) => mayMerge(records[o] as MatchKeys, record)));
    if (home) home.push(m);
    else clusters.push([m]);
  }
  return clusters;
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
export function findDuplicates(
  records: readonly MatchKeys[],
  rules: DedupeRules = DEFAULT_DEDUPE,
): DuplicateResult {
  const sets = new DisjointSets(records.length);
  const unite = (members: readonly number[]) => {
    for (let k = 1; k < members.length; k++) sets.union(members[0] as number, members[k] as number);
  };
  for (const members of bucket(records, (r) => r.accountId).values()) unite(members);
  if (rules.domain)
    for (const members of bucket(records, (r) => r.domain).values())
      for (const cluster of compatibleClusters(records, members)) unite(cluster);
  const ambiguous: number[] = [];
  const byName = bucket(records, (r) =>
    rules.nameCountry && r.nameKey !== null && r.country !== null ? `${r.nameKey}|${r.country}` : null,
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
    for (const cluster of compatibleClusters(records, members)) unite(cluster);
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
