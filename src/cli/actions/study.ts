/** The work of `segment study`: the full segmentation study. */
import { totalmem } from 'node:os';
import { runEngineStudy } from '../../engine/engine-study.ts';
import { chooseEngine, inputBytes, type EngineSetting } from '../../engine/engine-choice.ts';
import { loadStudyConfig } from '../../study/config.ts';
import type { StudyConfig } from '../../study/types.ts';
import { defaultRunDir, runStudy } from '../../run/run-study.ts';
import { parseNumber } from '../args.ts';
import { UsageError } from '../../core/errors.ts';
import { exists } from '../../study/run-folder.ts';
import { PROGRESS_MODES, progressSink, type ProgressMode } from '../progress.ts';
import { count, printResult, printWarnings } from '../output.ts';

/** The options of `segment study`. */
export interface StudyOptions {
  config?: string;
  out?: string;
  seed?: string;
  /** memory, duckdb or auto; default: the config's (auto). */
  engine?: string;
  memoryLimit: string;
  /** auto (a bar on a terminal, lines every 10 s elsewhere), json or none; default $SEGMENT_PROGRESS, else auto. */
  progress?: string;
  quiet?: boolean;
}

function progressMode(options: StudyOptions): ProgressMode {
  if (options.quiet === true) return 'none';
  const given = options.progress ?? process.env.SEGMENT_PROGRESS;
  const mode = (given === undefined || given === '' ? 'auto' : given) as ProgressMode;
  if (!PROGRESS_MODES.includes(mode))
    throw new UsageError(
      `${options.progress === undefined ? 'SEGMENT_PROGRESS=' : '--progress '}${mode}: use ${PROGRESS_MODES.join(', ')}`,
    );
  return mode;
}

function quadrantCounts(quadrants: Record<string, number>): string {
  return Object.entries(quadrants)
    .map(([q, c]) => `${q} ${count(c)}`)
    .join(', ');
}

async function engineStudy(
  config: StudyConfig,
  outDir: string,
  memoryLimit: string,
  mode: ProgressMode,
): Promise<void> {
  const progress = progressSink(process.stderr, { mode });
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

/**
 * Runs `segment study`.
 *
 * @example
 * await runStudyCommand({ engine: 'memory', memoryLimit: '640MB' });
 */
export async function runStudyCommand(options: StudyOptions): Promise<void> {
  if (options.engine !== undefined && !['memory', 'duckdb', 'auto'].includes(options.engine))
    throw new UsageError(`--engine ${options.engine}: use memory, duckdb or auto`);
  const mode = progressMode(options);
  const config = await loadStudyConfig(options.config);
  const setting = (options.engine ?? config.engine) as EngineSetting;
  const { engine, note } = chooseEngine(config, setting, await inputBytes(config), totalmem());
  if (note !== null) process.stderr.write(`segment study: ${note}\n`);
  if (options.seed !== undefined) config.seed = parseNumber(options.seed, '--seed', { integer: true });
  const outDir = options.out ?? defaultRunDir(config.seed);
  if (await exists(outDir))
    throw new UsageError(
      `${outDir} already exists; a run folder is never overwritten (choose another --out)`,
    );
  if (engine === 'duckdb') {
    // Started by bin/segment.js with the in-memory heap: it runs the command again with the engine's.
    if (process.env.SEGMENT_ENGINE_HEAP === '0' && process.send !== undefined) {
      await new Promise((done) => process.send?.({ runAgainWithEngine: true }, undefined, {}, done));
      return;
    }
    await engineStudy(config, outDir, options.memoryLimit, mode);
    return;
  }
  const progress = progressSink(process.stderr, { mode });
  let result;
  try {
    result = await runStudy(config, { outDir, onEvent: progress.event });
  } finally {
    progress.stop();
  }
  printWarnings(result.warnings);
  const s = result.summary;
  printResult(
    `segmented ${count(s.accounts)} accounts (${count(s.customers)} customers; lookalike CV AUC ${s.cvAuc.toFixed(3)}): ${quadrantCounts(s.quadrants)}; ${s.repsPlanned === null ? `${count(s.repsNeeded)} reps needed` : `${count(s.repsPlanned)} reps planned of ${count(s.repsNeeded)} needed`}; wrote ${outDir}/`,
  );
}
