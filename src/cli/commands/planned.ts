/**
 * The subcommands of the CLI contract (DESIGN.md §4) that later work fills in. Their options and help
 * are already final, so scripts can be written against them; running one says plainly that it is not
 * available yet and exits with status 2.
 */
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';

function notYet(command: string, arrivesWith: string): () => never {
  return () => {
    throw new UsageError(
      `segment ${command} is not available in this version yet (it arrives with ${arrivesWith})`,
    );
  };
}

/** Registers `study`, `refresh` and `report`. */
export function registerPlanned(program: Command): void {
  program
    .command('study')
    .summary('[not available yet] run the full segmentation study (no arguments: the bundled sample)')
    .description(
      'Full pipeline: cleanse → ICP → lookalike → clusters → spend → tiers → ROAD → coverage → export → report.\nNot available yet: arrives with the segmentation & study work (issue #4).',
    )
    .option('--config <file>', 'study configuration (JSON); default: the bundled sample study')
    .option('--out <dir>', 'run folder to create (never overwritten; default out/<timestamp>-<seed>/)')
    .option('--seed <n>', 'random seed for every seeded step', '42')
    .action(notYet('study', 'the segmentation & study work, issue #4'));

  program
    .command('refresh')
    .summary('[not available yet] compare two runs: migration, drift, changed accounts')
    .description(
      'Compare a previous and a current run (or segments CSV).\nNot available yet: arrives with the segmentation & study work (issue #4).',
    )
    .requiredOption('--previous <dir|csv>', 'the earlier run folder or segments.csv')
    .requiredOption('--current <dir|csv>', 'the later run folder or segments.csv')
    .requiredOption('--out <dir>', 'folder to write the comparison into')
    .action(notYet('refresh', 'the segmentation & study work, issue #4'));

  program
    .command('report')
    .summary('[not available yet] rebuild report.html of a run folder')
    .description(
      'Rebuild the self-contained HTML report of a run folder.\nNot available yet: arrives with the charts & report work (issue #5).',
    )
    .argument('<run-dir>', 'a run folder written by segment study')
    .action(notYet('report', 'the charts & report work, issue #5'));
}
