/** The work of `segment refresh`: compare two runs. */
import { jsonText } from '../../data/json-text.ts';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { writeFilesAtomically } from '../../data/atomic-write.ts';
import { frameToCsv } from '../../data/csv-format.ts';
import { Frame } from '../../data/frame.ts';
import { renderCharts, refreshCharts } from '../../charts/run-charts.ts';
import { compareRuns } from '../../study/refresh.ts';
import { count, printResult } from '../output.ts';

function matrixFrame(matrix: Record<string, Record<string, number>>, corner: string): Frame {
  const labels = Object.keys(matrix);
  const columns: Record<string, (string | null)[] | number[]> = { [corner]: labels };
  for (const to of labels)
    columns[to] = labels.map((from) => (matrix[from] as Record<string, number>)[to] ?? 0);
  return Frame.fromColumns(columns);
}

/**
 * Runs `segment refresh`.
 *
 * @example
 * await runRefresh({ previous: 'out/2026-05', current: 'out/2026-11', out: 'out/refresh' });
 */
export async function runRefresh(options: { previous: string; current: string; out: string }): Promise<void> {
  if (
    await stat(options.out).then(
      () => true,
      () => false,
    )
  ) {
    throw new UsageError(
      `${options.out} already exists; choose another --out (a refresh is never written over)`,
    );
  }
  const result = await compareRuns(options.previous, options.current);
  const ids = (list: string[]) => Frame.fromColumns({ account_id: list });
  const changed =
    result.changed.length > 0
      ? Frame.fromRows(result.changed as unknown as Record<string, string | number | null>[])
      : Frame.fromColumns({ account_id: [] });
  await writeFilesAtomically([
    { path: join(options.out, 'summary.json'), content: jsonText(result.summary) },
    {
      path: join(options.out, 'migration.csv'),
      content: frameToCsv(matrixFrame(result.summary.quadrant_migration, 'previous \\ current')),
    },
    {
      path: join(options.out, 'tier-migration.csv'),
      content: frameToCsv(matrixFrame(result.summary.tier_migration, 'previous \\ current')),
    },
    { path: join(options.out, 'changed-accounts.csv'), content: frameToCsv(changed) },
    { path: join(options.out, 'new-accounts.csv'), content: frameToCsv(ids(result.newAccounts)) },
    {
      path: join(options.out, 'vanished-accounts.csv'),
      content: frameToCsv(ids(result.vanishedAccounts)),
    },
    ...Object.entries(await renderCharts(refreshCharts(result.summary))).map(([file, content]) => ({
      path: join(options.out, file),
      content,
    })),
  ]);
  const a = result.summary.accounts;
  printResult(
    `compared ${count(a.matched)} matched accounts: ${count(a.changed)} changed quadrant or tier (quadrant ARI ${result.summary.adjusted_rand_index.quadrants.toFixed(3)}); ${count(a.new)} new, ${count(a.vanished)} vanished; wrote ${options.out}/`,
  );
}
