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

/** Registers `report`. */
export function registerPlanned(program: Command): void {
  program
    .command('report')
    .summary('[not available yet] rebuild report.html of a run folder')
    .description(
      'Rebuild the self-contained HTML report of a run folder.\nNot available yet: arrives with the charts & report work (issue #5).',
    )
    .argument('<run-dir>', 'a run folder written by segment study')
    .action(notYet('report', 'the charts & report work, issue #5'));
}
