/** `segment refresh --previous <dir|csv> --current <dir|csv> --out <dir>`: what moved since the last run. */
import type { Command } from 'commander';

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
    .action(async (options: { previous: string; current: string; out: string }) =>
      (await import('../actions/refresh.ts')).runRefresh(options),
    );
}
