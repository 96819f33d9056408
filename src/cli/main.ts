/**
 * The `segment` command. Exit status: 0 on success, 2 on bad input or usage (one `error: …` line on
 * stderr, no stack trace unless --debug), 1 on an internal failure.
 */
import { Command, CommanderError } from 'commander';
import { SegmentError } from '../core/errors.ts';
import { VERSION } from '../core/version.ts';
import { registerAssign } from './commands/assign.ts';
import { registerClean } from './commands/clean.ts';
import { registerBacktest } from './commands/backtest.ts';
import { registerCluster } from './commands/cluster.ts';
import { registerDeck } from './commands/deck.ts';
import { registerInit } from './commands/init.ts';
import { registerLookalike } from './commands/lookalike.ts';
import { registerRefresh } from './commands/refresh.ts';
import { registerReport } from './commands/report.ts';
import { registerScore } from './commands/score.ts';
import { registerStudy } from './commands/study.ts';
import { registerWorkbook } from './commands/workbook.ts';
import { asFlags, errorLine } from './output.ts';

/** Commands whose flags are the library's options (`--missing`, `--l2`). */
const FLAG_COMMANDS = new Set(['lookalike', 'cluster', 'score']);

/**
 * A description written with line breaks for the source, as one flowing paragraph per blank-line-separated block,
 * so commander wraps it to the terminal's width instead of breaking it twice.
 *
 * @example
 * flowing('Check a run folder,\nthen write a deck.'); // 'Check a run folder, then write a deck.'
 */
function flowing(text: string): string {
  return text.replace(/(?<!\n)\n(?!\n)/g, ' ');
}

/** Builds the command tree (exported for tests). */
export function buildProgram(): Command {
  const program = new Command('segment')
    .description(
      'Account segmentation workbench: cleanse accounts, find the ICP, size potential, assign ROAD quadrants.',
    )
    .version(VERSION, '-V, --version')
    .option('--debug', 'show stack traces of errors')
    .configureOutput({ outputError: (text, write) => write(text.split('\n')[0] + '\n') })
    .exitOverride();
  registerInit(program);
  registerStudy(program);
  registerClean(program);
  registerLookalike(program);
  registerCluster(program);
  registerScore(program);
  registerAssign(program);
  registerRefresh(program);
  registerBacktest(program);
  registerReport(program);
  registerDeck(program);
  registerWorkbook(program);
  for (const command of program.commands)
    command
      .description(flowing(command.description()))
      .exitOverride()
      .configureOutput({ outputError: (text, write) => write(text.split('\n')[0] + '\n') });
  return program;
}

/** Runs the CLI with `argv` (without the node and script entries) and returns the exit status. */
export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its one-line message (or the help / version text).
      return error.exitCode === 0 ? 0 : 2;
    }
    // The model commands have the library's options as flags: say them as flags.
    const command = argv.find((a) => !a.startsWith('-'));
    const line = errorLine(error);
    process.stderr.write(`error: ${FLAG_COMMANDS.has(command ?? '') ? asFlags(line) : line}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return error instanceof SegmentError ? 2 : 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /(main\.ts|segment(\.js)?)$/.test(process.argv[1]);
if (invokedDirectly) {
  // A reader that stops early (`segment init … | head`) closes the pipe: the command still finishes its work.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  process.exitCode = await run(process.argv.slice(2));
}
