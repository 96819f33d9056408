/**
 * Step "assemble": read, cleanse and join the inputs into one row per account (see `assembleUniverse`).
 * Owns the `inputs` slice: a config's `inputs` replaces the default inputs entirely — an input it does not
 * name is absent, never taken from the bundled sample.
 */
import { resolve } from 'node:path';
import type { Frame, ColumnInput } from '../../data/frame.ts';
import { assembleUniverse, type StudyInputs } from '../../segment/assemble.ts';
import { check, isJsonObject, unknownKey, type ConfigSlice, type Json } from '../config-slice.ts';
import type { StudyStep } from '../step.ts';
import { sampleInputs } from '../sample.ts';

const INPUT_KEYS = ['accounts', 'market', 'opportunities', 'spend', 'engagement'] as const;

/** The `inputs` slice: file paths, relative to the config file. */
export const inputsConfig: ConfigSlice<StudyInputs> = {
  key: 'inputs',
  defaults: sampleInputs,
  merge(_defaults, user, { file, baseDir }) {
    check(isJsonObject(user), file, 'inputs must be an object');
    const inputs: Record<string, string | null> = Object.fromEntries(INPUT_KEYS.map((k) => [k, null]));
    for (const [key, value] of Object.entries(user as Record<string, Json>)) {
      if (!(INPUT_KEYS as readonly string[]).includes(key))
        throw unknownKey(file, `inputs.${key}`, INPUT_KEYS);
      check(
        value === null || (typeof value === 'string' && value !== ''),
        file,
        `inputs.${key} must be a file path or null, got ${JSON.stringify(value)}`,
      );
      inputs[key] = value === null ? null : resolve(baseDir, value as string);
    }
    return inputs as unknown as StudyInputs;
  },
  validate(inputs, file) {
    check(typeof inputs.accounts === 'string', file, 'inputs.accounts must name the CRM account file');
  },
};

/** Every column of a frame, as step output. */
export function columnsOf(frame: Frame): Record<string, ColumnInput> {
  return Object.fromEntries(frame.columnNames.map((c) => [c, frame.column(c).values as ColumnInput]));
}

/** The assemble step. */
export const assembleStep: StudyStep<'assemble'> = {
  name: 'assemble',
  label: 'load and cleanse',
  config: [inputsConfig as ConfigSlice<unknown>],
  async run(state) {
    const { frame, warnings, ...universe } = await assembleUniverse(state.config.inputs);
    return { columns: columnsOf(frame), artifact: universe, warnings };
  },
};
