/** `segment init <files…> [--out study.json]`: inspect exports and write a study config that runs as it is. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { writeFilesAtomically } from '../../data/atomic-write.ts';
import { jsonText } from '../../data/json-text.ts';
import { initStudy } from '../../study/init/init-study.ts';
import { printResult } from '../output.ts';

/** Registers `init`. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .summary('inspect your exports and write a study config')
    .description(
      [
        'Say what each file is (accounts, market, deals, spend, engagement) and which system it looks like, how',
        'its columns and deal stages will be read, which customers and features the study will use, and write a',
        'complete study config. What cannot be decided is printed as a question, never guessed.',
      ].join('\n'),
    )
    .argument('<files...>', 'CRM and enrichment exports (CSV, Parquet, .xlsx)')
    .option('--out <file>', 'the study config to write', 'study.json')
    .addHelpText('after', '\nExample:\n  segment init companies.csv deals.csv zoominfo.csv --out study.json')
    .action(async (files: string[], options: { out: string }) => {
      if (existsSync(options.out))
        throw new UsageError(`${options.out} already exists; choose another --out`);
      const { config, findings, questions } = await initStudy(files, options.out);
      for (const line of findings) printResult(line);
      for (const q of questions) printResult(`question: ${q}`);
      await writeFilesAtomically([{ path: options.out, content: jsonText(config) }]);
      printResult(
        questions.length === 0
          ? `wrote ${options.out}; run: segment study --config ${options.out}`
          : `wrote ${options.out}; answer the ${questions.length} question(s) above in it, then run: segment study --config ${options.out}`,
      );
    });
}
