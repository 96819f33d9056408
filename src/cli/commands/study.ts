/** `segment study [--config study.json] [--out DIR] [--seed N]`: the full segmentation (DESIGN.md §4). */
import type { Command } from 'commander';
import { runEngineStudy } from '../../engine/engine-study.ts';
import { loadStudyConfig } from '../../study/config.ts';
import type { StudyConfig } from '../../study/types.ts';
import { defaultRunDir, runStudy } from '../../study/run-study.ts';
import { parseNumber } from '../args.ts';
import { UsageError } from '../../core/errors.ts';
import { exists } from '../../study/run-folder.ts';
import { terminalProgress } from '../progress.ts';
import { count, printResult, printWarnings } from '../output.ts';

interface StudyOptions {
  config?: string;
  out?: string;
  seed?: string;
  engine: string;
  memoryLimit: string;
}

function quadrantCounts(quadrants: Record<string, number>): string {
  return Object.entries(quadrants)
    .map(([q, c]) => `${q} ${count(c)}`)
    .join(', ');
}

async function engineStudy(config: StudyConfig, outDir: string, memoryLimit: string): Promise<void> {
  const progress = terminalProgress(process.stderr);
  let result;
  try {
    result = await runEngineStudy(config, { outDir, onProgress: progress.update, memoryLimit });
  } finally {
    progress.stop();
  }
  printWarnings(result.warnings);
  const s = result.summary;
  printResult(
    `segmented ${count(s.accounts)} accounts in DuckDB (${count(s.customers)} customers; lookalike CV AUC ${s.cvAuc.toFixed(3)}): ${quadrantCounts(s.quadrants)}; wrote ${outDir}/`,
  );
}

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
      'memory (default) or duckdb: an assembled accounts table larger than memory, scored in DuckDB (out of core)',
      'memory',
    )
    .option('--memory-limit <size>', "DuckDB's memory limit with --engine duckdb", '1GB')
    .addHelpText(
      'after',
      [
        '\nExamples:',
        '  segment study',
        '  segment study --config my-study.json --out out/2026-q4 --seed 7',
        '  segment study --config market.json --engine duckdb   # inputs.accounts: an assembled table (CSV/Parquet)',
      ].join('\n'),
    )
    .action(async (options: StudyOptions) => {
      if (options.engine !== 'memory' && options.engine !== 'duckdb')
        throw new UsageError(`--engine ${options.engine}: use memory or duckdb`);
      const config = await loadStudyConfig(options.config);
      if (options.seed !== undefined) config.seed = parseNumber(options.seed, '--seed', { integer: true });
      const outDir = options.out ?? defaultRunDir(config.seed);
      if (await exists(outDir))
        throw new UsageError(
          `${outDir} already exists; a run folder is never overwritten (choose another --out)`,
        );
      if (options.engine === 'duckdb') {
        await engineStudy(config, outDir, options.memoryLimit);
        return;
      }
      const progress = terminalProgress(process.stderr);
      let result;
      try {
        result = await runStudy(config, { outDir, onProgress: progress.update });
      } finally {
        progress.stop();
      }
      printWarnings(result.warnings);
      const s = result.summary;
      printResult(
        `segmented ${count(s.accounts)} accounts (${count(s.customers)} customers; lookalike CV AUC ${s.cvAuc.toFixed(3)}): ${quadrantCounts(s.quadrants)}; ${count(s.repsNeeded)} reps needed; wrote ${outDir}/`,
      );
    });
}
