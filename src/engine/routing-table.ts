/**
 * The routing step's reps for a table scored in DuckDB: each account's queue (routed in SQL by the same rules) and
 * opportunity come into JavaScript in the universe's order, the in-memory `balancedQueues` balances every queue's
 * reps, and `queue_rep` goes back as table `routing_reps` (row, queue_rep).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryFrame } from '../data/load.ts';
import { balancedQueues, type Routing } from '../segment/routing.ts';
import type { StudyConfig } from '../study/types.ts';
import { createRowsTable } from './table-rows.ts';

/**
 * Balances the reps of every queue of the scored accounts into table `routing_reps` and returns the queues' totals
 * (as `routing.json` has them).
 *
 * @example
 * const { queues } = await routingRepsTable(connection, config);
 */
export async function routingRepsTable(
  connection: DuckDBConnection,
  config: StudyConfig,
): Promise<{ queues: Routing['queues'] }> {
  const scored = await queryFrame(
    connection,
    '(SELECT a.rowid AS row, s.queue, s.opportunity FROM scored AS s JOIN accounts AS a ON a.account_id = s.account_id ORDER BY a.rowid) AS r',
    { textColumns: ['queue'] },
  );
  const queue = scored.strings('queue').map((q) => q ?? '');
  const { queueRep, queues } = balancedQueues(queue, scored.numbers('opportunity'), config.routing);
  const rows = scored.numbers('row');
  const table = await createRowsTable(connection, 'routing_reps', [
    { name: 'row', type: 'BIGINT' },
    { name: 'queue_rep', type: 'VARCHAR' },
  ]);
  try {
    queueRep.forEach((rep, i) => table.append([rows[i] as number, rep]));
  } finally {
    table.close();
  }
  return { queues };
}
