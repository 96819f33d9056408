/**
 * Step "assemble": read, cleanse and join the inputs into one row per account (see `assembleUniverse`).
 * Owns the `inputs` slice: a config's `inputs` replaces the default inputs entirely — an input it does not
 * name is absent, never taken from the bundled sample.
 */
import { resolve } from 'node:path';
import type { Frame, ColumnInput } from '../../data/frame.ts';
import {
  assembleUniverse,
  defaultInputMapping,
  type InputMapping,
  type StudyInputs,
} from '../../segment/assemble.ts';
import { check, checkRange, isJsonObject, unknownKey, type ConfigSlice, type Json } from '../config-slice.ts';
import type { StudyStep } from '../step.ts';

const INPUT_KEYS = ['accounts', 'market', 'opportunities', 'spend', 'engagement'] as const;

/** The `inputs` slice: file paths, relative to the config file. */
export const inputsConfig: ConfigSlice<StudyInputs> = {
  key: 'inputs',
  defaults: () => ({ accounts: '', market: null, opportunities: null, spend: null, engagement: null }),
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
    check(
      typeof inputs.accounts === 'string' && inputs.accounts !== '',
      file,
      'inputs.accounts must name the CRM account file',
    );
  },
};

function checkNames(record: Record<string, unknown>, file: string, key: string): void {
  for (const [k, v] of Object.entries(record))
    check(
      v === null || (typeof v === 'string' && v !== ''),
      file,
      `${key}.${k} must be a column name or null`,
    );
}

/**
 * The `mapping` slice: explicit columns and values for inputs whose headers or stage names are not
 * recognized (`{ "opportunities": { "columns": { "stage": "Pipeline Stage" }, "wonStages": ["Signed"] } }`).
 */
export const mappingConfig: ConfigSlice<InputMapping> = {
  key: 'mapping',
  defaults: defaultInputMapping,
  validate(m, file) {
    checkNames(m.accounts.columns, file, 'mapping.accounts.columns');
    checkNames(m.opportunities.columns, file, 'mapping.opportunities.columns');
    checkNames(m.spend.columns, file, 'mapping.spend.columns');
    checkNames(m.engagement.columns, file, 'mapping.engagement.columns');
    checkNames({ createdDate: m.accounts.createdDate }, file, 'mapping.accounts');
    const status = m.accounts.customerStatus;
    checkNames({ column: status.column }, file, 'mapping.accounts.customerStatus');
    check(
      Array.isArray(status.values) && status.values.every((v) => typeof v === 'string' && v !== ''),
      file,
      'mapping.accounts.customerStatus.values must be a list of values',
    );
    check(
      ['without-spend', 'always', 'never'].includes(status.use),
      file,
      `mapping.accounts.customerStatus.use="${status.use}" must be "without-spend", "always" or "never"`,
    );
    for (const key of ['wonStages', 'lostStages'] as const)
      check(
        m.opportunities[key].every((v) => typeof v === 'string' && v !== ''),
        file,
        `mapping.opportunities.${key} must be a list of stage values`,
      );
    for (const input of ['accounts', 'opportunities'] as const)
      check(
        ['auto', 'day-first', 'month-first'].includes(m[input].dateOrder),
        file,
        `mapping.${input}.dateOrder="${String(m[input].dateOrder)}" must be "auto", "day-first" or "month-first"`,
      );
    check(
      m.opportunities.accountSeparator !== '',
      file,
      'mapping.opportunities.accountSeparator must not be empty',
    );
    checkNames({ column: m.technologies.column }, file, 'mapping.technologies');
    check(
      m.technologies.minShare > 0 &&
        m.technologies.minShare <= 1 &&
        Number.isInteger(m.technologies.max) &&
        m.technologies.max >= 0,
      file,
      'mapping.technologies: minShare must be in (0, 1] and max an integer >= 0',
    );
    checkRange(m.technologies.max, file, 'mapping.technologies.max', { min: 0, max: 100, integer: true });
    checkRange(m.spend.fromDealsMonths, file, 'mapping.spend.fromDealsMonths', {
      min: 1,
      max: 120,
      integer: true,
    });
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
  config: [inputsConfig as ConfigSlice<unknown>, mappingConfig as ConfigSlice<unknown>],
  async run(state) {
    const { frame, warnings, ...universe } = await assembleUniverse(
      state.config.inputs,
      state.config.mapping,
    );
    return { columns: columnsOf(frame), artifact: universe, warnings };
  },
};
