/**
 * `performance.csv` of an engine run: the in-memory `performanceOfCodes` over the accounts gathered in the run
 * folder's first pass (segments as codes) and the assembled `deals` table, read into typed arrays — the same sums
 * in the same order as the in-memory study, so the same rows.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Deal } from '../segment/inputs/deals.ts';
import {
  fitDecileOf,
  performanceOfCodes,
  type PerformanceInputs,
  type PerformanceRow,
} from '../segment/performance.ts';
import { ROAD_QUADRANTS, SIZE_SEGMENTS } from '../segment/vocabulary.ts';
import type { StudyConfig } from '../study/types.ts';
import type { AccountGather, GatherPlan } from './account-gather.ts';
import { forEachRow } from './table-rows.ts';

const STATUSES = ['won', 'lost', 'open'] as const;

/**
 * The deals of table `deals` (account, status, amount, cycle_days) in their order, as typed arrays iterated as
 * `Deal`s (one object reused: read each deal's fields before the next).
 *
 * @example
 * for (const deal of await readDeals(connection)) if (deal.status === 'won') won++;
 */
export async function readDeals(connection: DuckDBConnection): Promise<Iterable<Deal>> {
  const tables = (await connection.runAndReadAll('SHOW TABLES')).getRows().map((r) => String(r[0]));
  const [[count]] = tables.includes('deals')
    ? ((await connection.runAndReadAll('SELECT COUNT(*) FROM deals')).getRows() as [[bigint]])
    : [[0n]];
  // Typed arrays of the known length, filled in place: growing arrays of numbers first held ~200 MB more at
  // 4.4M deals.
  const columns = {
    account: new Int32Array(Number(count)),
    status: new Uint8Array(Number(count)),
    amount: new Float64Array(Number(count)),
    cycle: new Float64Array(Number(count)),
  };
  let k = 0;
  if (count > 0n)
    await forEachRow(
      connection,
      'SELECT account, status, amount, cycle_days FROM deals ORDER BY row, rowid',
      ([a, s, m, c]) => {
        columns.account[k] = Number(a);
        columns.status[k] = STATUSES.indexOf(s as Deal['status']);
        columns.amount[k] = Number(m);
        columns.cycle[k] = c === null ? Number.NaN : Number(c);
        k++;
      },
    );
  return {
    *[Symbol.iterator]() {
      const deal: Deal = { account: 0, status: 'open', amount: 0, cycleDays: 0, closeDate: Number.NaN };
      for (let i = 0; i < columns.account.length; i++) {
        deal.account = columns.account[i] as number;
        deal.status = STATUSES[columns.status[i] as number] as Deal['status'];
        deal.amount = columns.amount[i] as number;
        deal.cycleDays = columns.cycle[i] as number;
        yield deal;
      }
    },
  };
}

/**
 * What the performance needs gathered from the scored table with `columns` (name → DuckDB type): the
 * dimensions as codes, the customer flag as bytes, spend and fit score, and the config's engagement and activity columns
 * when numeric.
 *
 * @example
 * performanceGather(config, new Map([['tier', 'VARCHAR']])); // { codes: ['tier', …], flags: ['is_customer'], numbers: ['current_spend', …] }
 */
export function performanceGather(
  config: StudyConfig,
  columns: ReadonlyMap<string, string>,
): Omit<GatherPlan, 'text'> {
  const numeric = (c: string | null) =>
    c !== null && columns.has(c) && columns.get(c) !== 'VARCHAR' ? [c] : [];
  return {
    codes: ['tier', 'road_quadrant', 'size_segment', 'cluster', 'queue'],
    flags: ['is_customer'],
    numbers: [
      'current_spend',
      'fit_score',
      ...numeric(config.performance.engagement),
      ...numeric(config.performance.activity),
    ],
  };
}

/**
 * The rows of `performance.csv`, dimension by dimension as the in-memory performance step gives them.
 *
 * @example
 * const rows = enginePerformance(gather, await readDeals(connection), config, queues.map((q) => q.queue));
 */
export function enginePerformance(
  gather: AccountGather,
  deals: Iterable<Deal>,
  config: StudyConfig,
  queues: readonly string[],
): PerformanceRow[] {
  const optional = (c: string | null) => (c !== null && gather.has(c) ? gather.numbers(c) : undefined);
  const [engagement, activity] = [
    optional(config.performance.engagement),
    optional(config.performance.activity),
  ];
  const inputs: PerformanceInputs = {
    isCustomer: gather.flags('is_customer'),
    spend: gather.numbers('current_spend'),
    ...(engagement ? { engagement } : {}),
    ...(activity ? { activity } : {}),
  };
  const by = (dimension: string, coded: ReturnType<AccountGather['codes']>) =>
    performanceOfCodes(dimension, coded.segments, coded.codes, deals, inputs);
  const deciles = Array.from({ length: 10 }, (_, i) => String(i + 1));
  return [
    ...by(
      'tier',
      gather.codes(
        'tier',
        config.tiers.map((t) => t.tier),
      ),
    ),
    ...by('road_quadrant', gather.codes('road_quadrant', ROAD_QUADRANTS)),
    ...by('size_segment', gather.codes('size_segment', SIZE_SEGMENTS)),
    ...by('cluster', gather.codes('cluster')),
    ...by('fit_decile', {
      segments: deciles,
      codes: Uint8Array.from(gather.numbers('fit_score'), fitDecileOf),
    }),
    ...by('queue', gather.codes('queue', queues)),
  ];
}
