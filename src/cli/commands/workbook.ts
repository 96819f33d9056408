/** `segment workbook <run-dir> [--out segments.xlsx]`: the sales-ops workbook of a run folder. */
import type { Command } from 'commander';

/** Registers `workbook`. */
export function registerWorkbook(program: Command): void {
  program
    .command('workbook')
    .summary('write the sales-ops workbook of a run folder (.xlsx)')
    .description(
      'Check a run folder against its manifest, then write an Excel workbook: a summary sheet and one sheet per\nROAD quadrant and per routing queue (largest opportunity first; frozen header, filters, $ formats). Every\ncell is a value, never a formula.',
    )
    .argument('<run-dir>', 'a run folder written by segment study')
    .option('--out <segments.xlsx>', 'where to write the workbook (default: <run-dir>/segments.xlsx)')
    .addHelpText('after', '\nExample:\n  segment workbook out/2026-11 --out territories.xlsx')
    .action(async (dir: string, options: { out?: string }) =>
      (await import('../actions/workbook.ts')).runWorkbook(dir, options),
    );
}
