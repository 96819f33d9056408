/** `segment study [--config study.json] [--out DIR] [--seed N]`: the full segmentation (docs/design.md §4). */
import type { Command } from 'commander';
import type { StudyOptions } from '../actions/study.ts';

/** Registers `study`. */
export function registerStudy(program: Command): void {
  program
    .command('study')
    .summary('run the full segmentation study (no arguments: the bundled sample)')
    .description(
      [
        'Cleanse and join the inputs, find the ICP (lift tables, lookalike model with cross-validation, k-means',
        'personas), estimate spend potential and whitespace, assign fit scores, tiers, ROAD quadrants and motions,',
        'plan coverage and territories, and write a run folder: segments.csv, crm-export.csv, models/*.json,',
        'icp.json, road.json, coverage.json, data-quality.json and manifest.json (hashes of inputs and outputs,',
        'the ROAD thresholds). The folder is written completely or not at all, and never overwritten.',
      ].join('\n'),
    )
    .option(
      '--config <file>',
      'study configuration (JSON, merged over the defaults); default: the bundled sample',
    )
    .option('--out <dir>', 'run folder to create (default out/<timestamp>-<seed>/)')
    .option('--seed <n>', "random seed for every seeded step (default: the config's, 42)")
    .option(
      '--engine <name>',
      'memory, duckdb (out of core: inputs larger than memory) or auto (DuckDB when the inputs would not fit); default: the config\'s "engine", auto',
    )
    .option('--memory-limit <size>', "DuckDB's memory limit with --engine duckdb", '640MB')
    .option(
      '--progress <mode>',
      'auto (default, or $SEGMENT_PROGRESS): a bar on a terminal, a line every 10 s in a log; json: one JSON object per event; none',
    )
    .option('--quiet', 'no progress at all (same as --progress none)')
    .addHelpText(
      'after',
      [
        '\nExamples:',
        '  segment study',
        '  segment study --config my-study.json --out out/2026-q4 --seed 7',
        '  segment study --config market.json --engine duckdb   # 10M+ accounts: the same study in DuckDB, under 2 GB',
      ].join('\n'),
    )
    .action(async (options: StudyOptions) => (await import('../actions/study.ts')).runStudyCommand(options));
}
