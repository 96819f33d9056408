/** The deck and the workbook a study writes into its run folder when its config asks (`outputs`). */
import { join } from 'node:path';
import { writeRunFiles } from '../study/run-folder.ts';
import type { StudyConfig } from '../study/types.ts';

/**
 * The deck and the workbook a config asks for (`outputs`), built from the sealed folder `temp` exactly as
 * `segment deck` / `segment workbook` build them later (pptxgenjs and exceljs load only then).
 *
 * @example
 * await writeExtraOutputs(temp, config); // temp/deck.pptx when config.outputs.deck
 */
export async function writeExtraOutputs(temp: string, config: StudyConfig): Promise<void> {
  if (config.outputs.deck) {
    const { buildDeck } = await import('../report/deck.ts');
    await writeRunFiles(temp, { 'deck.pptx': await buildDeck(temp) });
  }
  if (config.outputs.workbook) {
    const { writeWorkbook } = await import('../report/workbook.ts');
    await writeWorkbook(temp, join(temp, 'segments.xlsx'));
  }
}
