/**
 * The in-memory "value" step (BG/NBD, Gamma-Gamma, renewal risk) on a universe in DuckDB: the purchase history —
 * the dated spend lines, else the won deals, in the in-memory order — comes into JavaScript with each customer
 * numbered by its row's rank (so the customers keep their order, and the fits their sums), the step runs as it is,
 * and its four columns go back as table `value_columns` (row, p_alive, expected_purchases, expected_value,
 * renewal_risk) for the accounts that have a value.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Warning } from '../core/errors.ts';
import { Frame } from '../data/frame.ts';
import type { Deal } from '../segment/inputs/deals.ts';
import type { PurchaseLine } from '../segment/assemble.ts';
import { tagWarnings, type StudyState } from '../study/step.ts';
import { valueStep } from '../study/steps/value.ts';
import type { StudyArtifacts, StudyConfig } from '../study/types.ts';
import { createRowsTable, forEachRow } from './table-rows.ts';

const VALUE_COLUMNS = ['p_alive', 'expected_purchases', 'expected_value', 'renewal_risk'] as const;

async function tableExists(connection: DuckDBConnection, table: string): Promise<boolean> {
  const rows = (await connection.runAndReadAll('SHOW TABLES')).getRows();
  return rows.some((r) => String(r[0]) === table);
}

/** The purchase history as the value step reads it, accounts renumbered 0… in row order (`rows`: rank → row). */
async function history(connection: DuckDBConnection, dated: boolean) {
  const lines: PurchaseLine[] = [];
  const deals: Deal[] = [];
  const rank = new Map<number, number>();
  const rows: number[] = [];
  const source = dated
    ? 'SELECT account, date, amount FROM spend_lines WHERE account >= 0 AND isfinite(date) ORDER BY rowid'
    : // The step learns from won deals with a close date alone: the others (two in three) stay in DuckDB.
      `SELECT account, close_date, amount FROM deals WHERE status = 'won' AND isfinite(close_date) ORDER BY rowid`;
  await forEachRow(
    connection,
    `SELECT DISTINCT account FROM (${source}) WHERE account >= 0 ORDER BY account`,
    ([account]) => {
      rank.set(Number(account), rows.length);
      rows.push(Number(account));
    },
  );
  await forEachRow(connection, source, ([account, date, amount]) => {
    const k = rank.get(Number(account)) as number;
    const time = date === null ? Number.NaN : Number(date);
    if (dated) lines.push({ account: k, date: time, amount: Number(amount) });
    else
      deals.push({
        account: k,
        status: 'won',
        amount: Number(amount),
        closeDate: time,
        cycleDays: Number.NaN,
      });
  });
  return { lines: dated ? lines : null, deals, rows };
}

/**
 * Runs the value step over the universe's purchase history (none for an assembled table) into table `value_columns` and returns its artifact and
 * warnings (tagged "value").
 *
 * @example
 * const { warnings } = await valueColumnsTable(connection, config, universe);
 */
export async function valueColumnsTable(
  connection: DuckDBConnection,
  config: StudyConfig,
  universe: NonNullable<StudyArtifacts['assemble']> | null,
): Promise<{ artifact: NonNullable<StudyArtifacts['value']>; warnings: Warning[] }> {
  const dated =
    (await tableExists(connection, 'spend_lines')) && universe?.money.spendSource === 'invoice lines';
  const hasDeals = await tableExists(connection, 'deals');
  const read = dated || hasDeals ? await history(connection, dated) : { lines: null, deals: [], rows: [] };
  const frame = Frame.fromColumns({ row: Float64Array.from(read.rows) });
  const state: StudyState = {
    config,
    frame,
    // An assembled table has no purchase history: the step says so, as it does in memory.
    artifacts:
      universe === null ? {} : { assemble: { ...universe, purchaseLines: read.lines, deals: read.deals } },
    warnings: [],
    timings: {},
  };
  const result = await valueStep.run(state);
  const columns = result.columns as Record<(typeof VALUE_COLUMNS)[number], Float64Array>;
  const table = await createRowsTable(connection, 'value_columns', [
    { name: 'row', type: 'BIGINT' },
    ...VALUE_COLUMNS.map((name) => ({ name, type: 'DOUBLE' as const })),
  ]);
  try {
    read.rows.forEach((row, k) => table.append([row, ...VALUE_COLUMNS.map((c) => columns[c][k] as number)]));
  } finally {
    table.close();
  }
  return {
    artifact: result.artifact as NonNullable<StudyArtifacts['value']>,
    warnings: tagWarnings('value', result.warnings ?? []),
  };
}
