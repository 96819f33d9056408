/** `segment report <run-dir>`: rebuild the charts and report.html of a run folder from its data files. */
import type { Command } from 'commander';

/** Registers `report`. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .summary('rebuild report.html and the charts of a run folder')
    .description(
      'Check a run folder against its manifest (every data file must match its SHA-256), then rebuild charts/*.svg,\ncharts/*.png and the self-contained report.html from its data files, and update the manifest.',
    )
    .argument('<run-dir>', 'a run folder written by segment study')
    .option('--pdf [file]', 'also print the report to PDF with Chromium (default: <run-dir>/report.pdf)')
    .addHelpText('after', '\nExample:\n  segment report out/20261124T100531Z-42 --pdf')
    .action(async (dir: string, options: { pdf?: string | boolean }) =>
      (await import('../actions/report.ts')).runReport(dir, options),
    );
}
