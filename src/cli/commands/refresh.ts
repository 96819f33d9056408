/** `segment refresh --previous <dir|csv> --current <dir|csv> --out <dir>`: what moved since the last run. */
import { jsonText } from '../../data/json-text.ts';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { writeFilesAtomically } from '../../data/atomic-write.ts';
import { frameToCsv } from '../../data/csv-format.ts';
import { Frame } from '../../data/frame.ts';
import { renderCharts, refreshCharts } from '../../charts/run-charts.ts';
import { compareRuns } from '../../segment/refresh.ts';
import { count, printResult } from '../output.ts';

function matrixFrame(matrix: Record<string, Record<string, number>>, corner: string): Frame {
  const labels = Object.keys(matrix);
  const columns: Record<string, (string | null)[] | number[]> = { [corner]: labels };
  for (const to of labels)
    columns[to] = labels.map((from) => (matrix[from] as Record<string, number>)[to] ?? 0);
  return Frame.fromColumns(columns);
}

/** Registers `refresh`. */
export function registerRefresh(program: Command): void {
  program
    .command('refresh')
    .summary('compare two runs: migration, drift, changed accounts')
    .description(
      [
        'Compare a previous and a current run folder (or their segments.csv), matched by account_id. Writes',
        'summary.json (adjusted Rand index of quadrants and clusters, quadrant and tier migration, PSI of features',
        'and fit score, coefficient and threshold changes, potential totals), migration.csv (old × new quadrant),',
        'tier-migration.csv, changed-accounts.csv (old and new values and the driver of each change),',
        'new-accounts.csv, vanished-accounts.csv, and charts/ (migration heatmaps, PSI drift) as SVG and PNG.',
      ].join('\n'),
    )
    .requiredOption('--previous <dir|csv>', 'the earlier run folder or segments.csv')
    .requiredOption('--current <dir|csv>', 'the later run folder or segments.csv')
    .requiredOption('--out <dir>', 'folder to create for the comparison (never overwritten)')
    .addHelpText(
      'after',
      '\nExample:\n  segment refresh --previous out/2026-05 --current out/2026-11 --out out/refresh-2026-11',
    )
    .action(async (options: { previous: string; current: string; out: string }) => {
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
    });
}
