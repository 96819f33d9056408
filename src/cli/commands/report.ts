/** `segment report <run-dir>`: rebuild the charts and report.html of a run folder from its data files. */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomicallyWith, writeFilesAtomically } from '../../data/atomic-write.ts';
import { printReportPdf } from '../../report/pdf.ts';
import { buildRunOutputs } from '../../report/run-outputs.ts';
import { verifyRun } from '../../study/run-folder.ts';
import { printResult } from '../output.ts';

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
    .action(async (dir: string, options: { pdf?: string | boolean }) => {
      const manifest = await verifyRun(dir);
      const files = await buildRunOutputs(dir, manifest.seed);
      for (const [file, content] of Object.entries(files)) {
        manifest.outputs[file] = {
          sha256: createHash('sha256').update(content).digest('hex'),
          bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength,
        };
      }
      await writeFilesAtomically([
        ...Object.entries(files).map(([file, content]) => ({ path: join(dir, file), content })),
        { path: join(dir, 'manifest.json'), content: `${JSON.stringify(manifest, null, 2)}\n` },
      ]);
      printResult(`rebuilt ${join(dir, 'report.html')} and ${Object.keys(files).length - 1} chart files`);
      if (options.pdf !== undefined && options.pdf !== false) {
        const pdf = typeof options.pdf === 'string' ? options.pdf : join(dir, 'report.pdf');
        await writeFileAtomicallyWith(pdf, (temp) => printReportPdf(join(dir, 'report.html'), temp));
        printResult(`printed ${pdf}`);
      }
    });
}
