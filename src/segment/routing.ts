/**
 * Routing rules: who gets each account. An ordered list of rules, each a set of conditions on segment
 * columns (all must hold; a list means "any of these values") and the queue that receives matching accounts;
 * the first matching rule wins and a default queue takes the rest. Inside a queue with `reps`, accounts are
 * dealt to reps with the territory balancing of `coverage.ts`.
 */
import { ConfigError } from '../core/errors.ts';
import { assignTerritories, type TerritoryBalance } from './coverage.ts';

/** The segment columns a rule may test. */
export const ROUTING_FIELDS = [
  'size_segment',
  'industry_priority',
  'tier',
  'road_quadrant',
  'region',
  'country',
  'industry',
  'cluster',
  'motion',
] as const;

/** One routing rule. */
export interface RoutingRule {
  /** Column → required value (or any of a list of values). All conditions must hold. */
  when: Record<string, string | number | (string | number)[]>;
  /** The queue that receives matching accounts. */
  queue: string;
  /** Reps working the queue; accounts are balanced across them. Default: the queue is a pool (no reps). */
  reps?: number;
}

/** The routing configuration. */
export interface RoutingConfig {
  rules: RoutingRule[];
  default: { queue: string; reps?: number };
}

/** The example from common practice: named Enterprise AEs for priority industries, round-robin mid-market, an SMB pool. */
export const DEFAULT_ROUTING: RoutingConfig = {
  rules: [
    {
      when: { size_segment: 'Enterprise', industry_priority: 'High' },
      queue: 'Enterprise_AE_Queue',
      reps: 12,
    },
    { when: { size_segment: 'Enterprise' }, queue: 'Enterprise_Named_Queue', reps: 8 },
    { when: { size_segment: 'Mid-Market' }, queue: 'MidMarket_AE_RoundRobin', reps: 10 },
  ],
  default: { queue: 'SMB_Pool' },
};

/** The most reps a queue may have. */
const MAX_REPS = 100_000;

/**
 * Checks a routing configuration: rules with known fields and values, queue names, reps ≥ 1, a default queue.
 *
 * @example
 * validateRouting({ rules: [{ when: { size: 'SMB' }, queue: 'X' }], default: { queue: 'Pool' } });
 * // ConfigError: routing.rules[0].when: unknown field "size" (known: "size_segment", …)
 */
export function validateRouting(config: RoutingConfig, where = 'routing'): void {
  if (typeof config !== 'object' || config === null)
    throw new ConfigError(`${where} must be an object with "rules" and "default"`);
  if (!Array.isArray(config.rules)) throw new ConfigError(`${where}.rules must be a list of rules`);
  if (
    typeof config.default !== 'object' ||
    config.default === null ||
    typeof config.default.queue !== 'string' ||
    config.default.queue.trim() === ''
  ) {
    throw new ConfigError(
      `${where}.default must name a queue, e.g. {"queue": "SMB_Pool"}: every account needs somewhere to go`,
    );
  }
  const checkReps = (reps: unknown, at: string) => {
    if (
      reps !== undefined &&
      (!Number.isInteger(reps) || (reps as number) < 1 || (reps as number) > MAX_REPS)
    )
      throw new ConfigError(`${at}.reps=${String(reps)} must be an integer from 1 to 100,000`);
  };
  checkReps(config.default.reps, `${where}.default`);
  config.rules.forEach((rule, i) => {
    const at = `${where}.rules[${i}]`;
    if (typeof rule !== 'object' || rule === null)
      throw new ConfigError(`${at} must be an object with "when" and "queue"`);
    if (typeof rule.queue !== 'string' || rule.queue.trim() === '')
      throw new ConfigError(`${at}.queue must be a queue name`);
    if (typeof rule.when !== 'object' || rule.when === null || Object.keys(rule.when).length === 0) {
      throw new ConfigError(
        `${at}.when must hold at least one condition, e.g. {"size_segment": "Enterprise"}`,
      );
    }
    for (const [field, value] of Object.entries(rule.when)) {
      if (!(ROUTING_FIELDS as readonly string[]).includes(field)) {
        throw new ConfigError(
          `${at}.when: unknown field "${field}" (known: ${ROUTING_FIELDS.map((f) => `"${f}"`).join(', ')})`,
        );
      }
      const values = Array.isArray(value) ? value : [value];
      if (values.length === 0 || values.some((v) => typeof v !== 'string' && typeof v !== 'number')) {
        throw new ConfigError(`${at}.when.${field} must be a value or a non-empty list of values`);
      }
    }
    checkReps(rule.reps, at);
  });
}

/** What {@link routeAccounts} returns. */
export interface Routing {
  /** The queue of each account. */
  queue: string[];
  /** The rep of each account inside its queue ("<queue> 03"), or the queue itself for a pool. */
  queueRep: string[];
  /** Accounts and opportunity per queue, in rule order (default last), with the rep balance where reps work it. */
  queues: {
    queue: string;
    accounts: number;
    opportunity: number;
    reps: number;
    balance: TerritoryBalance | null;
  }[];
}

/**
 * Routes every account: the first rule whose conditions all hold, else the default.
 *
 * @example
 * routeAccounts({ size_segment: ['Enterprise', 'SMB'] }, new Float64Array([5, 1]), DEFAULT_ROUTING).queue;
 * // ['Enterprise_Named_Queue', 'SMB_Pool']
 */
export function routeAccounts(
  columns: Readonly<Record<string, readonly (string | number | null)[]>>,
  opportunity: ArrayLike<number>,
  config: RoutingConfig,
): Routing {
  validateRouting(config);
  const n = opportunity.length;
  const destinations = [
    ...config.rules,
    {
      when: {},
      queue: config.default.queue,
      ...(config.default.reps === undefined ? {} : { reps: config.default.reps }),
    },
  ];
  const matches = (rule: RoutingRule, i: number) =>
    Object.entries(rule.when).every(([field, value]) => {
      const actual = columns[field]?.[i];
      const allowed = (Array.isArray(value) ? value : [value]).map(String);
      return actual !== null && actual !== undefined && allowed.includes(String(actual));
    });
  const destination = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let d = destinations.length - 1;
    for (let r = 0; r < config.rules.length; r++) {
      if (matches(config.rules[r] as RoutingRule, i)) {
        d = r;
        break;
      }
    }
    destination[i] = d;
  }
  const queue = Array.from(destination, (d) => (destinations[d] as RoutingRule).queue);
  return { queue, ...balancedQueues(queue, opportunity, config) };
}

/**
 * The reps of every queue, balanced on opportunity inside it (`queue`: each account's queue, as the rules route it),
 * and each queue's totals: `queueRep` is "<queue> NN" in a queue with reps, the queue itself otherwise.
 *
 * @example
 * balancedQueues(['SMB_Pool', 'Enterprise_Named_Queue'], new Float64Array([1, 5]), DEFAULT_ROUTING).queueRep;
 */
export function balancedQueues(
  queue: readonly string[],
  opportunity: ArrayLike<number>,
  config: RoutingConfig,
): Omit<Routing, 'queue'> {
  const n = queue.length;
  const destinations = [
    ...config.rules,
    {
      when: {},
      queue: config.default.queue,
      ...(config.default.reps === undefined ? {} : { reps: config.default.reps }),
    },
  ];
  const queueRep = queue.slice();
  // Rules may share a queue: accounts of one queue are balanced together.
  const names = [...new Set(destinations.map((d) => d.queue))];
  const queues = names.map((name) => {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (queue[i] === name) rows.push(i);
    const reps = Math.max(0, ...destinations.filter((d) => d.queue === name).map((d) => d.reps ?? 0));
    const value = (i: number) => (Number.isNaN(opportunity[i] as number) ? 0 : (opportunity[i] as number));
    let balance: TerritoryBalance | null = null;
    if (reps > 0 && rows.length > 0) {
      const assigned = assignTerritories(
        rows.map((i) => opportunity[i] as number),
        reps,
      );
      // One label per rep, not one string per account.
      const labels = Array.from({ length: reps }, (_, r) => `${name} ${String(r + 1).padStart(2, '0')}`);
      rows.forEach((i, k) => (queueRep[i] = labels[assigned.rep[k] as number] as string));
      balance = assigned.balance;
    }
    return {
      queue: name,
      accounts: rows.length,
      opportunity: rows.reduce((s, i) => s + value(i), 0),
      reps,
      balance,
    };
  });
  return { queueRep, queues };
}
