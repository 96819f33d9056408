/** The work of `segment assign`: score and place new accounts with a frozen study. */
import { basename, extname, join } from 'node:path';
import { frameToCsv } from '../../data/csv-format.ts';
import { condenseWarnings } from '../../core/condense-warnings.ts';
import { crmExport } from '../../segment/crm-export.ts';
import { assignAccounts } from '../../study/assign/assign.ts';
import { loadFrozenStudy } from '../../study/assign/frozen-study.ts';
import { roundedLikeSegments } from '../../study/outputs.ts';
import { writeRunFiles, writeRunFolder } from '../../study/run-folder.ts';
import { count, printResult, printWarnings } from '../output.ts';

/** The options of `segment assign`. */
export interface AssignOptions {
  study: string;
  out?: string;
}

/** The default output folder: `assign-<file name>` beside the current folder's runs. */
function defaultOut(file: string): string {
  return join('out', `assign-${basename(file, extname(file))}`);
}

/**
 * Runs `segment assign`: writes `assignments.csv` and `crm-import.csv` into a new folder.
 *
 * @example
 * await runAssign('new-leads.csv', { study: 'out/2026-11', out: 'out/assign-12-02' });
 */
export async function runAssign(file: string, options: AssignOptions): Promise<void> {
  const study = await loadFrozenStudy(options.study);
  const { frame, warnings, counts } = await assignAccounts(study, file);
  const out = options.out ?? defaultOut(file);
  const rounded = roundedLikeSegments(frame);
  await writeRunFolder(out, async (temp) => {
    await writeRunFiles(temp, {
      'assignments.csv': frameToCsv(rounded),
      'crm-import.csv': frameToCsv(crmExport(rounded, study.config.crm)),
    });
  });
  printWarnings(condenseWarnings(warnings));
  const matched = counts.byId + counts.byDomain;
  printResult(
    `assigned ${count(counts.accounts)} accounts with the study ${options.study} (${count(counts.fresh)} new, ${count(matched)} already in the study keep its values and owners); wrote ${join(out, 'assignments.csv')} and ${join(out, 'crm-import.csv')}`,
  );
}
