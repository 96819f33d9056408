/**
 * The `territories` config slice and what it reads from the accounts: current owners (the previous run's
 * territories or a CRM owner column), locked accounts (ids in the config or a yes/no CRM column) and workload.
 */
import { DataError } from '../../core/errors.ts';
import type { Frame } from '../../data/frame.ts';
import { headerKey } from '../../data/schema.ts';
import { FALSE_FLAGS, TRUE_FLAGS } from '../../segment/inputs/deals.ts';
import { validateTerritoryRules } from '../../segment/territory-balance.ts';
import type { TerritoryAccounts, TerritorySettings } from '../../segment/territories.ts';
import type { RoadQuadrant } from '../../segment/vocabulary.ts';
import { asConfigError, check, checkRange, isJsonObject, type ConfigSlice } from '../config-slice.ts';
import { readRunTable } from '../run-folder.ts';
import type { StudyConfig } from '../types.ts';

/** The `territories` slice. */
export interface TerritoriesConfig extends Omit<TerritorySettings, 'balanceWorkload'> {
  /** Balance workload too: every account counts 1, or its monthly touches (tier cadence); null = opportunity only. */
  workload: 'accounts' | 'touches' | null;
  /**
   * Whose accounts they are now, to move as few as possible: "previousRun" (that run's territories), or
   * `{"column": "Account Owner"}` (a CRM owner column of the accounts input); null = plan from scratch.
   */
  currentOwner: 'previousRun' | { column: string } | null;
  /** Accounts that stay with their current owner: ids, and/or a yes/no column of the accounts input. */
  locked: { accounts: string[]; column: string | null };
  /** Keep each rep's accounts in one geography group: a column such as "region" or "country"; null = no groups. */
  groupBy: string | null;
}

/** The `territories` slice with its defaults: ±10 % opportunity, no workload balance, no cap, from scratch. */
export const territoriesConfig: ConfigSlice<TerritoriesConfig> = {
  key: 'territories',
  defaults: () => ({
    tolerance: 0.1,
    workload: null,
    maxAccountsPerRep: null,
    currentOwner: null,
    locked: { accounts: [], column: null },
    groupBy: null,
    solver: 'greedy',
    maxNodes: 200,
    timeLimit: 300,
    maxVariables: 200_000,
  }),
  validate(c, file) {
    asConfigError(file, null, () => validateTerritoryRules({ ...c, balanceWorkload: c.workload !== null }));
    check(
      c.workload === null || c.workload === 'accounts' || c.workload === 'touches',
      file,
      'territories.workload must be "accounts", "touches" or null',
    );
    const owner = c.currentOwner;
    check(
      owner === null ||
        owner === 'previousRun' ||
        (isJsonObject(owner) &&
          typeof owner.column === 'string' &&
          owner.column !== '' &&
          Object.keys(owner).length === 1),
      file,
      'territories.currentOwner must be "previousRun", {"column": "<owner column>"} or null',
    );
    check(
      c.solver === 'greedy' || c.solver === 'highs',
      file,
      'territories.solver must be "greedy" or "highs"',
    );
    check(
      Array.isArray(c.locked.accounts) && c.locked.accounts.every((a) => typeof a === 'string'),
      file,
      'territories.locked.accounts must be a list of account ids',
    );
    check(
      c.locked.column === null || typeof c.locked.column === 'string',
      file,
      'territories.locked.column must be a column name or null',
    );
    checkRange(c.maxNodes, file, 'territories.maxNodes', { min: 0, max: 1_000_000, integer: true });
    checkRange(c.timeLimit, file, 'territories.timeLimit', { min: 1, max: 86_400 });
    checkRange(c.maxVariables, file, 'territories.maxVariables', { min: 1, max: 10_000_000, integer: true });
  },
};

/** A column of the accounts input, or a DataError naming the config key and the columns there are. */
function accountsColumn(frame: Frame, column: string, key: string, file: string): readonly (string | null)[] {
  if (!frame.has(column))
    throw new DataError(
      `${key} names column "${column}", which the accounts input does not have; columns: ${frame.columnNames.join(', ')}`,
      { file },
    );
  const values = frame.column(column);
  return values.kind === 'string'
    ? values.values
    : Array.from(values.values, (v) => (Number.isNaN(v) ? null : String(v)));
}

/** Each account's current owner by the config, or null (plan from scratch). */
export async function currentOwners(
  frame: Frame,
  config: StudyConfig,
): Promise<{ owners: (string | null)[] | null; fits?: (owner: string, q: RoadQuadrant) => boolean }> {
  const source = config.territories.currentOwner;
  if (source === null) return { owners: null };
  if (source !== 'previousRun') {
    const owners = accountsColumn(
      frame,
      source.column,
      'territories.currentOwner.column',
      config.inputs.accounts,
    );
    return { owners: owners.map((o) => (o === null || o.trim() === '' ? null : o.trim())) };
  }
  if (config.previousRun === null)
    throw new DataError(
      'territories.currentOwner is "previousRun" but the study names no previousRun; set previousRun or currentOwner: null',
    );
  const previous = await readRunTable(config.previousRun, 'segments.csv', ['account_id', 'owner']);
  const ownerOf = new Map<string, string | null>();
  const ids = previous.strings('account_id');
  const owners = previous.strings('owner');
  ids.forEach((id, i) => id !== null && ownerOf.set(id, owners[i] ?? null));
  return {
    owners: frame.strings('account_id').map((id) => (id === null ? null : (ownerOf.get(id) ?? null))),
    // A previous run's seat belongs to its quadrant ("Acquire rep 07"); pools are nobody's.
    fits: (owner, q) => owner.startsWith(`${q} rep `),
  };
}

/** 1 for each account the config locks (by id or by a yes/no column). */
export function lockedAccounts(frame: Frame, config: StudyConfig): Uint8Array | null {
  const { accounts, column } = config.territories.locked;
  if (accounts.length === 0 && column === null) return null;
  const locked = new Uint8Array(frame.numRows);
  const wanted = new Set(accounts);
  frame.strings('account_id').forEach((id, i) => id !== null && wanted.has(id) && (locked[i] = 1));
  if (column !== null) {
    const values = accountsColumn(frame, column, 'territories.locked.column', config.inputs.accounts);
    const ids = frame.strings('account_id');
    values.forEach((v, i) => {
      if (v !== null && TRUE_FLAGS.includes(headerKey(v))) locked[i] = 1;
      else if (v !== null && v.trim() !== '' && !FALSE_FLAGS.includes(headerKey(v)))
        throw new DataError(
          `account ${ids[i] ?? '(no id)'}: "${v}" is not a yes/no value (expected true/false, t/f, 1/0 or yes/no) — fix the cell or set territories.locked.column to another column`,
          { file: config.inputs.accounts, column },
        );
    });
  }
  return locked;
}

/** The accounts as territory planning reads them. */
export async function territoryAccounts(
  frame: Frame,
  config: StudyConfig,
  named?: Uint8Array,
): Promise<TerritoryAccounts> {
  const { owners, fits } = await currentOwners(frame, config);
  const workload = config.territories.workload;
  return {
    quadrants: frame.strings('road_quadrant') as readonly (RoadQuadrant | null)[],
    opportunity: frame.numbers('opportunity'),
    currentSpend: frame.numbers('current_spend'),
    workload:
      workload === null
        ? null
        : workload === 'touches'
          ? frame.numbers('monthly_touches')
          : new Float64Array(frame.numRows).fill(1),
    ...(named ? { named } : {}),
    currentOwner: owners,
    ...(fits ? { ownerFits: fits } : {}),
    locked: lockedAccounts(frame, config),
    ...(config.territories.groupBy === null
      ? {}
      : {
          group: accountsColumn(
            frame,
            config.territories.groupBy,
            'territories.groupBy',
            config.inputs.accounts,
          ),
        }),
    ...(config.hierarchy.keepFamiliesTogether && frame.has('ultimate_parent_id')
      ? { family: frame.strings('ultimate_parent_id') as string[] }
      : {}),
  };
}
