/**
 * The study configuration (`segment study --config study.json`): common keys plus one slice per step, each
 * with its defaults and validation (see `config-slice.ts`). Without a config: the bundled sample. With one:
 * every slice the file names is merged over that slice's defaults — except `inputs`, which the file replaces
 * entirely (an input it does not name is absent).
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../core/errors.ts';
import { DEFAULT_SEED } from '../core/random.ts';
import {
  check,
  checkRange,
  isJsonObject,
  mergeJson,
  unknownKey,
  type ConfigContext,
  type ConfigSlice,
  type Json,
} from './config-slice.ts';
import { SAMPLE_STUDY_CONFIG } from './sample.ts';
import { STUDY_STEPS } from './steps/index.ts';
import { inputsConfig } from './steps/assemble.ts';
import type { StudyInputs } from '../segment/assemble.ts';
import type { StudyConfig } from './types.ts';
import { CRM_SYSTEMS } from '../segment/crm-export.ts';

/** Every config slice, from the steps that own them. */
const SLICES: readonly ConfigSlice<unknown>[] = STUDY_STEPS.flatMap((s) => s.config);

const COMMON_KEYS = ['name', 'seed', 'previousRun', 'crm', 'outputs', 'engine'] as const;

/**
 * The defaults: the bundled sample's first snapshot and every step's default choices.
 *
 * @example
 * defaultStudyConfig().seed; // 42
 */
export function defaultStudyConfig(): StudyConfig {
  const config: Record<string, unknown> = {
    name: 'Bundled sample, 2026-05',
    seed: DEFAULT_SEED,
    previousRun: null,
    crm: 'salesforce',
    outputs: { deck: false, workbook: false },
    engine: 'auto',
  };
  for (const slice of SLICES) config[slice.key] = slice.defaults();
  return config as unknown as StudyConfig;
}

/**
 * Validates every key of a configuration (each slice by its owner).
 *
 * @example
 * validateStudyConfig({ ...defaultStudyConfig(), seed: 1.5 }); // ConfigError: study config: seed=1.5 must be an integer from 0 to 4,294,967,295
 */
export function validateStudyConfig(config: StudyConfig, file = 'study config'): void {
  check(typeof config.name === 'string', file, 'name must be a text');
  checkRange(config.seed, file, 'seed', { min: 0, max: 2 ** 32 - 1, integer: true });
  check(
    config.previousRun === null || typeof config.previousRun === 'string',
    file,
    'previousRun must be a run folder path or null',
  );
  check(
    (CRM_SYSTEMS as readonly string[]).includes(config.crm),
    file,
    `crm="${String(config.crm)}" must be one of ${CRM_SYSTEMS.map((c) => `"${c}"`).join(', ')}`,
  );
  check(
    ['auto', 'memory', 'duckdb'].includes(config.engine),
    file,
    `engine="${String(config.engine)}" must be "auto" (DuckDB when the inputs would not fit in memory), "memory" or "duckdb"`,
  );
  const record = config as unknown as Record<string, unknown>;
  // The inputs last: a config's own mistakes are reported before a missing file name.
  for (const slice of [...SLICES.filter((s) => s !== inputsConfig), inputsConfig as ConfigSlice<unknown>])
    slice.validate(record[slice.key], file);
  checkAcrossSlices(config, file);
}

/** What one slice needs of another, checked before any work. */
function checkAcrossSlices(config: StudyConfig, file: string): void {
  check(
    config.territories.currentOwner !== 'previousRun' || config.previousRun !== null,
    file,
    'territories.currentOwner is "previousRun" but the study names no previousRun; set previousRun or currentOwner: null',
  );
  check(
    config.quotas?.ramp == null || config.territories.currentOwner !== null,
    file,
    'quotas.ramp needs territories.currentOwner: new reps are the seats no current owner holds',
  );
}

function mergeUser(user: Json, context: ConfigContext): StudyConfig {
  const { file } = context;
  if (!isJsonObject(user)) throw new ConfigError(`${file}: the configuration must be an object`);
  const config = defaultStudyConfig() as unknown as Record<string, unknown>;
  // A config's inputs replace the sample's entirely: without an `inputs` key there are none.
  config.inputs = inputsConfig.merge?.(config.inputs as StudyInputs, {}, context);
  const known = [...COMMON_KEYS, ...SLICES.map((s) => s.key)];
  for (const [key, value] of Object.entries(user)) {
    const slice = SLICES.find((s) => s.key === key);
    if (slice !== undefined) {
      config[key] = slice.merge
        ? slice.merge(config[key], value, context)
        : mergeJson(config[key] as Json, value, key, file);
    } else if ((COMMON_KEYS as readonly string[]).includes(key)) {
      config[key] =
        key === 'previousRun'
          ? previousRunPath(value, context)
          : mergeJson(config[key] as Json, value, key, file);
    } else throw unknownKey(file, key, known);
  }
  return config as unknown as StudyConfig;
}

function previousRunPath(value: Json, { file, baseDir }: ConfigContext): string | null {
  check(value === null || typeof value === 'string', file, 'previousRun must be a run folder path or null');
  return value === null ? null : resolve(baseDir, value as string);
}

/**
 * Reads a study config (JSON), resolves paths relative to the config file, validates. Without a path: the
 * bundled sample's config (`data/studies/sample-2026-05.json`).
 *
 * @example
 * const config = await loadStudyConfig('my-study.json'); // ConfigError: my-study.json: unknown key "lookalik" …
 */
export async function loadStudyConfig(path: string = SAMPLE_STUDY_CONFIG): Promise<StudyConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ConfigError(`${path}: study config not found`);
  }
  let user: Json;
  try {
    user = JSON.parse(text) as Json;
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const context = { file: path, baseDir: dirname(resolve(path)) };
  const config = mergeUser(user, context);
  validateStudyConfig(config, path);
  return config;
}
