/**
 * Which engine runs a study: the one the command line or the config pins, else ("auto") the in-memory study while
 * its inputs fit the machine's memory and DuckDB above — said in one line, never silently.
 */
import { stat } from 'node:fs/promises';
import type { StudyConfig } from '../study/types.ts';
import { engineGaps } from './engine-study.ts';

/** The engines a study runs on. */
export type EngineName = 'memory' | 'duckdb';

/** What a config or the command line asks: an engine, or the choice by size. */
export type EngineSetting = EngineName | 'auto';

/**
 * Bytes of memory the in-memory study holds per byte of its inputs, measured: the 1M-account benchmark's five
 * inputs (351 MB) peaked at 4.65 GB.
 */
export const MEMORY_PER_INPUT_BYTE = 13;

/** The share of the machine's memory the in-memory study may take before "auto" picks DuckDB. */
export const MEMORY_SHARE = 0.6;

/** The engine chosen and, when it was chosen by size, the line that says so. */
export interface EngineChoice {
  engine: EngineName;
  note: string | null;
}

const gigabytes = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GB`;

/**
 * The engine for a study whose inputs take `inputBytes` on a machine of `totalMemory` bytes.
 *
 * @example
 * chooseEngine(config, 'auto', 3e9, 24 * 2 ** 30); // { engine: 'duckdb', note: 'the inputs take 2.8 GB: …' }
 */
export function chooseEngine(
  config: StudyConfig,
  setting: EngineSetting,
  inputBytes: number,
  totalMemory: number,
): EngineChoice {
  if (setting !== 'auto') return { engine: setting, note: null };
  const needed = inputBytes * MEMORY_PER_INPUT_BYTE;
  if (needed <= totalMemory * MEMORY_SHARE) return { engine: 'memory', note: null };
  const size = `the inputs take ${gigabytes(inputBytes)}, about ${gigabytes(needed)} in memory of this machine's ${gigabytes(totalMemory)}`;
  const gaps = engineGaps(config);
  if (gaps.length > 0)
    return {
      engine: 'memory',
      note: `${size}, but --engine duckdb does not do ${gaps.join(', ')} yet: running in memory (it may run out)`,
    };
  return {
    engine: 'duckdb',
    note: `${size}: running in DuckDB (set "engine": "memory" in the config or pass --engine memory to run in memory)`,
  };
}

/**
 * The bytes of a study's input files (a missing one counts 0: loading it says so).
 *
 * @example
 * await inputBytes(config); // 351492662
 */
export async function inputBytes(config: StudyConfig): Promise<number> {
  const paths = Object.values(config.inputs).filter((p): p is string => typeof p === 'string');
  const sizes = await Promise.all(
    paths.map((p) =>
      stat(p).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}
