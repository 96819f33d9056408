/** The work of `segment init`: inspect exports and write a study config. */
import { existsSync } from 'node:fs';
import { UsageError } from '../../core/errors.ts';
import { writeFilesAtomically } from '../../data/atomic-write.ts';
import { jsonText } from '../../data/json-text.ts';
import { initStudy } from '../../study/init/init-study.ts';
import { printResult } from '../output.ts';

/**
 * Runs `segment init`.
 *
 * @example
 * await runInit(['companies.csv', 'deals.csv'], { out: 'study.json' });
 */
export async function runInit(files: string[], options: { out: string }): Promise<void> {
  if (existsSync(options.out)) throw new UsageError(`${options.out} already exists; choose another --out`);
  const { config, findings, questions } = await initStudy(files, options.out);
  for (const line of findings) printResult(line);
  for (const q of questions) printResult(`question: ${q}`);
  await writeFilesAtomically([{ path: options.out, content: jsonText(config) }]);
  printResult(
    questions.length === 0
      ? `wrote ${options.out}; run: segment study --config ${options.out}`
      : `wrote ${options.out}; answer the ${questions.length} question(s) above in it, then run: segment study --config ${options.out}`,
  );
}
