/** The work of `segment report`: rebuild the charts and report.html of a run folder. */
import { join } from 'node:path';
import { writeFileAtomicallyWith, writeFilesAtomically } from '../../data/atomic-write.ts';
import { printReportPdf } from '../../report/pdf.ts';
import { buildRunOutputs } from '../../report/run-outputs.ts';
import { runJson, verifyRun, withOutputs } from '../../study/run-folder.ts';
import { printResult } from '../output.ts';

/**
 * Runs `segment report`.
 *
 * @example
 * await runReport('out/2026-11', { pdf: true });
 */
export async function runReport(dir: string, options: { pdf?: string | boolean }): Promise<void> {
  const manifest = await verifyRun(dir);
  const files = await buildRunOutputs(dir, manifest.seed);
  const updated = withOutputs(manifest, files);
  await writeFilesAtomically(
    Object.entries({ ...files, ...runJson('manifest', updated) }).map(([file, content]) => ({
      path: join(dir, file),
      content,
    })),
  );
  printResult(`rebuilt ${join(dir, 'report.html')} and ${Object.keys(files).length - 1} chart files`);
  if (options.pdf !== undefined && options.pdf !== false) {
    const pdf = typeof options.pdf === 'string' ? options.pdf : join(dir, 'report.pdf');
    await writeFileAtomicallyWith(pdf, (temp) => printReportPdf(join(dir, 'report.html'), temp));
    printResult(`printed ${pdf}`);
  }
}
