/** The work of `segment workbook`: the sales-ops workbook of a run folder. */
import { join } from 'node:path';
import { writeFileAtomicallyWith } from '../../data/atomic-write.ts';
import { writeWorkbook } from '../../report/workbook.ts';
import { printResult } from '../output.ts';

/**
 * Runs `segment workbook`.
 *
 * @example
 * await runWorkbook('out/2026-11', {});
 */
export async function runWorkbook(dir: string, options: { out?: string }): Promise<void> {
  const out = options.out ?? join(dir, 'segments.xlsx');
  let sheets: string[] = [];
  await writeFileAtomicallyWith(out, async (temp) => ({ sheets } = await writeWorkbook(dir, temp)));
  printResult(`wrote ${out} (${sheets.length} sheets)`);
}
