/**
 * Finding an account for a row of another file (deals, spend lines, engagement) by its id, else its website
 * domain, else its name — the way ERP invoice lines and Pipedrive deals name their customer. A domain or a name
 * matches only when exactly one account has it: a name shared by two accounts (two "Acme" in two countries) or a
 * domain shared by a parent and its subsidiaries is ambiguous, counted and left unmatched, never guessed.
 */
import { normalizeDomain } from '../../cleanse/domain.ts';
import { nameKey } from '../../cleanse/name.ts';
import type { Frame } from '../../data/frame.ts';
import type { AccountKeys } from './account-keys.ts';

/** How a row was matched to its account. */
export type MatchMethod = 'id' | 'domain' | 'name';

/** The columns of a file that can name its account (each may be absent). */
export interface AccountRefs {
  ids?: readonly (string | null)[];
  domains?: readonly (string | null)[];
  names?: readonly (string | null)[];
}

/** The account row of every row of a file, and how each was found. */
export interface AccountMatches {
  /** 0-based account row per file row, −1 when unmatched. */
  rows: Int32Array;
  /** Rows matched by each method. */
  byMethod: Record<MatchMethod, number>;
  /** Rows that named no account at all (every reference blank). */
  blank: number;
  /** Rows whose id names no account of the accounts file (and that no domain or name matched). */
  unknownId: number;
  /** Names (as written) that several accounts share, so their rows were left unmatched. */
  ambiguousNames: string[];
  /** Rows left unmatched because their domain or name was ambiguous. */
  ambiguous: number;
}

const AMBIGUOUS = -2;

function uniqueIndex(values: readonly (string | null)[]): Map<string, number> {
  const index = new Map<string, number>();
  values.forEach((v, i) => {
    if (v === null) return;
    index.set(v, index.has(v) ? AMBIGUOUS : i);
  });
  return index;
}

/**
 * The name key used to join by name ({@link nameKey}), also without a leading ERP number ("10234 Acme GmbH").
 *
 * @example
 * nameKeys('10234 Müller GmbH'); // ['10234 mueller', 'mueller']
 */
export function nameKeys(raw: string | null): string[] {
  const key = nameKey(raw);
  if (key === null) return [];
  const words = key.split(' ');
  const numbered = words.length > 1 && /\d/.test(words[0] as string);
  return numbered ? [key, words.slice(1).join(' ')] : [key];
}

/** Looks accounts up by id, unique domain and unique name. */
export interface AccountMatcher {
  /**
   * Matches every row: by id first, then by domain, then by name.
   *
   * @example
   * matcher.match({ ids: ['001A', null], names: [null, 'Müller GmbH'] }).byMethod; // { id: 1, domain: 0, name: 1 }
   */
  match(refs: AccountRefs): AccountMatches;
}

/**
 * A matcher over the cleansed accounts (`account_id`, `domain`, `name` columns) and their id keys.
 *
 * @example
 * const matcher = accountMatcher(cleansed.frame, keys);
 */
export function accountMatcher(accounts: Frame, keys: AccountKeys): AccountMatcher {
  const byName = new Map<string, number>();
  accounts.strings('name').forEach((name, i) => {
    const key = nameKey(name);
    if (key !== null) byName.set(key, byName.has(key) ? AMBIGUOUS : i);
  });
  return accountMatcherOf(keys, uniqueIndex(accounts.strings('domain')), byName);
}

function accountMatcherOf(
  keys: AccountKeys,
  byDomain: ReadonlyMap<string, number>,
  byName: ReadonlyMap<string, number>,
): AccountMatcher {
  const domainRow = (raw: string | null) => {
    const d = normalizeDomain(raw);
    return d.status === 'ok' ? (byDomain.get(d.value) ?? -1) : -1;
  };
  const nameRow = (raw: string | null) => {
    for (const key of nameKeys(raw)) {
      const row = byName.get(key);
      if (row !== undefined) return row;
    }
    return -1;
  };
  return {
    match(refs) {
      const n = (refs.ids ?? refs.domains ?? refs.names ?? []).length;
      const out: AccountMatches = {
        rows: new Int32Array(n).fill(-1),
        byMethod: { id: 0, domain: 0, name: 0 },
        blank: 0,
        unknownId: 0,
        ambiguousNames: [],
        ambiguous: 0,
      };
      const ambiguousNames = new Set<string>();
      for (let i = 0; i < n; i++) {
        const id = refs.ids?.[i]?.trim() || null;
        const domain = refs.domains?.[i]?.trim() || null;
        const name = refs.names?.[i]?.trim() || null;
        if (id === null && domain === null && name === null) {
          out.blank++;
          continue;
        }
        const tries: [MatchMethod, number][] = [
          ['id', id === null ? -1 : keys.rowOf(id)],
          ['domain', domain === null ? -1 : domainRow(domain)],
          ['name', name === null ? -1 : nameRow(name)],
        ];
        const hit = tries.find(([, row]) => row >= 0);
        if (hit !== undefined) {
          out.rows[i] = hit[1];
          out.byMethod[hit[0]]++;
          continue;
        }
        if (tries.some(([, row]) => row === AMBIGUOUS)) {
          out.ambiguous++;
          if (name !== null && tries[2]?.[1] === AMBIGUOUS) ambiguousNames.add(name);
        } else if (id !== null) out.unknownId++;
      }
      out.ambiguousNames = [...ambiguousNames].sort();
      return out;
    },
  };
}

/** How a file's rows matched accounts, without the rows themselves (`total`: the file's rows). */
export type MatchSummary = Omit<AccountMatches, 'rows'> & ({ rows: Int32Array } | { total: number });

/**
 * The join in words: how many rows matched by each method, and what was left out.
 *
 * @example
 * describeMatches(m, 'spend lines'); // '1,200 of 1,300 spend lines matched an account: 900 by id, 200 by website, 100 by name; …'
 */
export function describeMatches(m: MatchSummary, what: string): string {
  const total = 'total' in m ? m.total : m.rows.length;
  const matched = m.byMethod.id + m.byMethod.domain + m.byMethod.name;
  const parts = [
    `${matched.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} ${what} matched an account: ${m.byMethod.id.toLocaleString('en-US')} by id, ${m.byMethod.domain.toLocaleString('en-US')} by website, ${m.byMethod.name.toLocaleString('en-US')} by name`,
  ];
  if (m.blank > 0)
    parts.push(`${m.blank.toLocaleString('en-US')} name no account (blank id, website and name)`);
  if (m.unknownId > 0)
    parts.push(`${m.unknownId.toLocaleString('en-US')} name an id that is not in the accounts file`);
  if (m.ambiguous > 0)
    parts.push(
      `${m.ambiguous.toLocaleString('en-US')} name a website or name several accounts share${
        m.ambiguousNames.length > 0
          ? ` (${m.ambiguousNames
              .slice(0, 5)
              .map((s) => `"${s}"`)
              .join(', ')}${m.ambiguousNames.length > 5 ? ' …' : ''})`
          : ''
      }, left unmatched`,
    );
  return parts.join('; ');
}

/**
 * A matcher that finds accounts by id only (no names or domains known).
 *
 * @example
 * idMatcher(accountKeys(['001A'], new Map())).match({ ids: ['001A'] }).rows; // Int32Array [0]
 */
export function idMatcher(keys: AccountKeys): AccountMatcher {
  return accountMatcherOf(keys, new Map(), new Map());
}
