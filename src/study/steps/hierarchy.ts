/**
 * Step "hierarchy": families from a parent column of the accounts input (off unless `hierarchy.parentColumn` is
 * set) and the roll-ups of spend, potential, whitespace and opportunity to each family's ultimate parent.
 * Owns `hierarchy`.
 */
import { normalizeDomain } from '../../cleanse/domain.ts';
import { DataError, type Warning } from '../../core/errors.ts';
import type { Frame } from '../../data/frame.ts';
import { findHeader } from '../../data/schema.ts';
import { accountFamilies, familyTotals, hierarchyWarnings } from '../../segment/hierarchy.ts';
import { check, isJsonObject, type ConfigSlice } from '../config-slice.ts';
import { artifactOf, type StudyStep } from '../step.ts';

/** The `hierarchy` slice. */
export interface HierarchyConfig {
  /** The accounts input's parent column (Salesforce `ParentId`, HubSpot "Parent Company ID", …), or null (off). */
  parentColumn: string | null;
  /**
   * What the parent column holds: the parent's account id, its (ultimate parent) domain, or a D&B D-U-N-S
   * number (e.g. "Global Ultimate D-U-N-S", matched to the accounts' own "D-U-N-S Number").
   */
  parentKey: 'account_id' | 'domain' | 'duns';
  /** Keep each family with one rep (its named accounts move to the quadrant holding most of its opportunity). */
  keepFamiliesTogether: boolean;
}

/** The `hierarchy` slice with its defaults (off). */
export const hierarchyConfig: ConfigSlice<HierarchyConfig> = {
  key: 'hierarchy',
  defaults: () => ({ parentColumn: null, parentKey: 'account_id', keepFamiliesTogether: true }),
  validate(c, file) {
    check(isJsonObject(c), file, 'hierarchy must be an object');
    check(
      c.parentColumn === null || (typeof c.parentColumn === 'string' && c.parentColumn !== ''),
      file,
      'hierarchy.parentColumn must be a column name or null',
    );
    check(
      c.parentKey === 'account_id' || c.parentKey === 'domain' || c.parentKey === 'duns',
      file,
      'hierarchy.parentKey must be "account_id", "domain" or "duns"',
    );
    check(
      typeof c.keepFamiliesTogether === 'boolean',
      file,
      'hierarchy.keepFamiliesTogether must be true or false',
    );
  },
};

/** One of the largest families, for the report. */
export interface FamilySummary {
  ultimateParentId: string;
  name: string | null;
  accounts: number;
  spend: number;
  spendPotential: number;
  whitespace: number;
  opportunity: number;
}

/** The hierarchy step's artifact (null when no parent column is configured). */
export interface HierarchyArtifact {
  parentColumn: string;
  families: number;
  /** Families of more than one account. */
  multiAccountFamilies: number;
  accountsInFamilies: number;
  orphans: number;
  cycles: string[][];
  /** The ten largest families by whitespace (multi-account ones). */
  largest: FamilySummary[];
}

/**
 * Each account's parent as an account id: the parent column as it is (`account_id`), or resolved from a domain or a
 * D-U-N-S to the one account that has it; a key several accounts share, or none has, names a family of its own
 * ("(D-U-N-S) 001368083").
 *
 * @example
 * parentIds(universe, { parentColumn: 'Global Ultimate D-U-N-S', parentKey: 'duns', keepFamiliesTogether: true }, 'accounts.csv').parents;
 * // ['001A', '001A', '(D-U-N-S) 098765432']
 */
export function parentIds(
  frame: Frame,
  config: HierarchyConfig,
  file: string,
): { parents: (string | null)[]; warnings: Warning[] } {
  const column = config.parentColumn as string;
  if (!frame.has(column))
    throw new DataError(
      `hierarchy.parentColumn names column "${column}", which the accounts input does not have; columns: ${frame.columnNames.join(', ')}`,
      { file },
    );
  const raw = frame.column(column);
  const values =
    raw.kind === 'string' ? raw.values : Array.from(raw.values, (v) => (Number.isNaN(v) ? null : String(v)));
  if (config.parentKey === 'account_id') return { parents: [...values], warnings: [] };
  const { keys, normalize, label } =
    config.parentKey === 'domain' ? domainKeys(frame) : dunsKeys(frame, file);
  const byKey = new Map<string, string[]>();
  const ids = frame.strings('account_id');
  keys.forEach((k, i) => k !== null && byKey.set(k, [...(byKey.get(k) ?? []), ids[i] as string]));
  let ambiguous = 0;
  const parents = values.map((v) => {
    const key = normalize(v);
    if (key === null) return v === null || v.trim() === '' ? null : `(${label}) ${v}`;
    const owners = byKey.get(key) ?? [];
    if (owners.length > 1) ambiguous++;
    return owners.length === 1 ? (owners[0] as string) : `(${label}) ${key}`;
  });
  const warnings: Warning[] =
    ambiguous > 0
      ? [
          {
            code: 'hierarchy-ambiguous-parent',
            message: `${ambiguous} parent ${label}s in "${column}" belong to several accounts, so the parent is unknown; those accounts head their own family`,
          },
        ]
      : [];
  return { parents, warnings };
}

/** Each account's own domain, and a parent cell read as a domain. */
function domainKeys(frame: Frame) {
  const normalize = (v: string | null) => {
    const domain = normalizeDomain(v);
    return domain.status === 'ok' ? domain.value : null;
  };
  return { keys: frame.strings('domain'), normalize, label: 'domain' };
}

/** Header candidates of an account's own D-U-N-S number. */
export const DUNS_HEADERS = ['D-U-N-S Number', 'DUNS Number', 'DUNS', 'D-U-N-S'];

/** Each account's own D-U-N-S (nine digits, zeros kept), and a parent cell read as one. */
function dunsKeys(frame: Frame, file: string) {
  const column = findHeader(frame, DUNS_HEADERS);
  if (column === null)
    throw new DataError(
      `hierarchy.parentKey "duns" needs each account's own D-U-N-S (one of ${DUNS_HEADERS.map((h) => `"${h}"`).join(', ')}, from the accounts or the market file); columns: ${frame.columnNames.join(', ')}`,
      { file },
    );
  const normalize = (v: string | null) => {
    const digits = (v ?? '').replace(/[^0-9]/g, '');
    return digits === '' ? null : digits.padStart(9, '0');
  };
  const raw = frame.column(column);
  const own =
    raw.kind === 'string' ? raw.values : Array.from(raw.values, (v) => (Number.isNaN(v) ? null : String(v)));
  return { keys: own.map(normalize), normalize, label: 'D-U-N-S' };
}

/** The largest multi-account families by whitespace. */
function largestFamilies(
  frame: Frame,
  ultimateParent: string[],
  totals: Record<string, Float64Array>,
  count: Float64Array,
): FamilySummary[] {
  const ids = frame.strings('account_id');
  const names = frame.strings('name');
  const rowOf = new Map(ids.map((id, i) => [id, i]));
  const seen = new Set<string>();
  const rows: FamilySummary[] = [];
  ultimateParent.forEach((p, i) => {
    if (seen.has(p) || (count[i] as number) < 2) return;
    seen.add(p);
    const head = rowOf.get(p);
    rows.push({
      ultimateParentId: p,
      name: head === undefined ? null : (names[head] ?? null),
      accounts: count[i] as number,
      spend: totals.spend?.[i] as number,
      spendPotential: totals.potential?.[i] as number,
      whitespace: totals.whitespace?.[i] as number,
      opportunity: totals.opportunity?.[i] as number,
    });
  });
  return rows
    .sort((a, b) => b.whitespace - a.whitespace || (a.ultimateParentId < b.ultimateParentId ? -1 : 1))
    .slice(0, 10);
}

/** The hierarchy step: adds `ultimate_parent_id` and the `family_*` roll-ups when a parent column is set. */
export const hierarchyStep: StudyStep<'hierarchy'> = {
  name: 'hierarchy',
  label: 'account hierarchies',
  reads: ['account_id', 'name', 'domain', 'current_spend', 'spend_potential', 'whitespace', 'opportunity'],
  config: [hierarchyConfig as ConfigSlice<unknown>],
  run(state) {
    const { frame, config } = state;
    artifactOf(state, 'road', 'hierarchy');
    if (config.hierarchy.parentColumn === null) return { artifact: null };
    const { parents, warnings } = parentIds(frame, config.hierarchy, config.inputs.accounts);
    const families = accountFamilies(frame.strings('account_id') as string[], parents);
    const up = families.ultimateParent;
    const count = familyTotals(up, new Float64Array(frame.numRows).fill(1));
    const totals = {
      spend: familyTotals(up, frame.numbers('current_spend')),
      potential: familyTotals(up, frame.numbers('spend_potential')),
      whitespace: familyTotals(up, frame.numbers('whitespace')),
      opportunity: familyTotals(up, frame.numbers('opportunity')),
    };
    const multi = new Set(up.filter((_, i) => (count[i] as number) > 1));
    return {
      columns: {
        ultimate_parent_id: up,
        family_accounts: count,
        family_spend: totals.spend,
        family_spend_potential: totals.potential,
        family_whitespace: totals.whitespace,
        family_opportunity: totals.opportunity,
      },
      artifact: {
        parentColumn: config.hierarchy.parentColumn,
        families: new Set(up).size,
        multiAccountFamilies: multi.size,
        accountsInFamilies: up.filter((p) => multi.has(p)).length,
        orphans: families.orphans.length,
        cycles: families.cycles,
        largest: largestFamilies(frame, up, totals, count),
      },
      warnings: [...warnings, ...hierarchyWarnings(families, config.hierarchy.parentColumn)],
    };
  },
};
