/**
 * Where a new account goes in a frozen study's coverage: its territory owner and its rep inside its routing
 * queue. Existing accounts never move; a new one joins its family's owner first, then the least-loaded of its
 * quadrant's named reps (inside its geography group when the study groups territories), and each placement
 * adds to that rep's load so a batch of new accounts spreads across reps.
 */
import type { Frame } from '../../data/frame.ts';
import { isPoolOwner, poolOwner } from '../../segment/territories.ts';
import type { RoadQuadrant } from '../../segment/vocabulary.ts';
import { columnText } from '../column-text.ts';

/** One new account as placement reads it. */
export interface NewAccount {
  quadrant: RoadQuadrant | null;
  opportunity: number;
  queue: string;
  /** Its value of the study's geography column (`territories.groupBy`), or null. */
  group: string | null;
  /** Its family (ultimate parent id) in the study, or null. */
  family: string | null;
}

/** A rep's running load: opportunity held, by name. */
type Loads = Map<string, number>;

/** The study's reps and loads, read once from its rows. */
export interface Placement {
  /** The owner of a new account (and adds its opportunity to that owner's load). */
  owner(account: NewAccount): string | null;
  /** The rep inside its queue of a new account (and adds its opportunity to that rep's load). */
  queueRep(account: NewAccount): string;
}

const amount = (v: number) => (Number.isNaN(v) ? 0 : v);

function addLoad(loads: Loads, rep: string, value: number): void {
  loads.set(rep, (loads.get(rep) ?? 0) + amount(value));
}

/** The least-loaded rep of `reps` (ties: the first by name). */
function leastLoaded(reps: readonly string[], loads: Loads): string | null {
  let best: string | null = null;
  for (const rep of [...reps].sort())
    if (best === null || (loads.get(rep) ?? 0) < (loads.get(best) ?? 0)) best = rep;
  return best;
}

interface QuadrantReps {
  /** Named reps of the quadrant, with their geography groups. */
  reps: Map<string, Set<string | null>>;
  /** The smallest opportunity a named rep holds in the quadrant: below it, an account goes to the pool. */
  namedFrom: number;
  /** The pool owner the study used in this quadrant. */
  pool: string;
}

function quadrantReps(segments: Frame, groupBy: string | null): Map<string, QuadrantReps> {
  const quadrant = columnText(segments, 'road_quadrant');
  const owner = columnText(segments, 'owner');
  const group = groupBy !== null && segments.has(groupBy) ? columnText(segments, groupBy) : null;
  const opportunity = segments.numbers('opportunity');
  const out = new Map<string, QuadrantReps>();
  quadrant.forEach((q, i) => {
    const o = owner[i];
    if (q === null || o === null || o === undefined) return;
    const entry = out.get(q) ?? {
      reps: new Map(),
      namedFrom: Infinity,
      pool: poolOwner(q as RoadQuadrant, false),
    };
    out.set(q, entry);
    if (isPoolOwner(o)) {
      entry.pool = o;
      return;
    }
    const groups = entry.reps.get(o) ?? new Set<string | null>();
    groups.add(group?.[i] ?? null);
    entry.reps.set(o, groups);
    entry.namedFrom = Math.min(entry.namedFrom, amount(opportunity[i] as number));
  });
  return out;
}

function familyOwners(segments: Frame): Map<string, string> {
  const out = new Map<string, string>();
  if (!segments.has('ultimate_parent_id')) return out;
  const family = columnText(segments, 'ultimate_parent_id');
  const owner = columnText(segments, 'owner');
  family.forEach((f, i) => {
    const o = owner[i];
    if (f !== null && o !== null && o !== undefined && !isPoolOwner(o) && !out.has(f)) out.set(f, o);
  });
  return out;
}

function loadsOf(segments: Frame, column: string): Loads {
  const loads: Loads = new Map();
  const rep = columnText(segments, column);
  const opportunity = segments.numbers('opportunity');
  rep.forEach((r, i) => {
    if (r !== null) addLoad(loads, r, opportunity[i] as number);
  });
  return loads;
}

/**
 * The placement of new accounts in a study's coverage (its `segments.csv` rows and `territories.groupBy`).
 *
 * @example
 * const place = studyPlacement(study.segments, study.config.territories.groupBy);
 * place.owner({ quadrant: 'Acquire', opportunity: 9_000, queue: 'SMB_Pool', group: null, family: null }); // 'Acquire rep 04'
 */
export function studyPlacement(segments: Frame, groupBy: string | null): Placement {
  const quadrants = quadrantReps(segments, groupBy);
  const families = familyOwners(segments);
  const ownerLoads = loadsOf(segments, 'owner');
  const queueLoads = loadsOf(segments, 'queue_rep');
  const queueReps = new Map<string, string[]>();
  const queue = columnText(segments, 'queue');
  columnText(segments, 'queue_rep').forEach((rep, i) => {
    const q = queue[i];
    if (rep === null || q === null || q === undefined) return;
    const reps = queueReps.get(q) ?? [];
    if (!reps.includes(rep)) reps.push(rep);
    queueReps.set(q, reps);
  });
  return {
    owner(account) {
      if (account.quadrant === null) return null;
      const family = account.family === null ? undefined : families.get(account.family);
      const entry = quadrants.get(account.quadrant);
      if (family !== undefined && entry?.reps.has(family)) return family;
      if (entry === undefined) return poolOwner(account.quadrant, false);
      if (entry.reps.size === 0 || amount(account.opportunity) < entry.namedFrom) return entry.pool;
      const all = [...entry.reps.keys()];
      const inGroup = all.filter((rep) => entry.reps.get(rep)?.has(account.group));
      const rep = leastLoaded(inGroup.length > 0 ? inGroup : all, ownerLoads) as string;
      addLoad(ownerLoads, rep, account.opportunity);
      return rep;
    },
    queueRep(account) {
      const reps = queueReps.get(account.queue) ?? [];
      const rep = leastLoaded(reps, queueLoads) ?? account.queue;
      addLoad(queueLoads, rep, account.opportunity);
      return rep;
    },
  };
}
