/**
 * Step "assemble": read, cleanse and join the inputs into one row per account (see `assembleUniverse`).
 * Owns the `inputs` slice: a config's `inputs` replaces the default inputs entirely — an input it does not
 * name is absent, never taken from the bundled sample.
 */
import { resolve } from 'node:path';
import type { Frame, ColumnInput } from '../../data/frame.ts';
import { CURRENCY_CODES } from '../../cleanse/currency.ts';
import {
  assembleUniverse,
  defaultInputMapping,
  type InputMapping,
  type StudyInputs,
} from '../../segment/assemble.ts';
import { COLUMN_ROLES, columnRoles } from '../../segment/column-roles.ts';
import { check, checkRange, isJsonObject, unknownKey, type ConfigSlice, type Json } from '../config-slice.ts';
import type { StudyStep } from '../step.ts';
import { SILENT_PROGRESS } from '../progress.ts';

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

function checkOneOf(value: unknown, allowed: readonly string[], file: string, key: string): void {
  check(
    allowed.includes(value as string),
    file,
    `${key}="${String(value)}" must be ${allowed.map((a) => `"${a}"`).join(' or ')}`,
  );
}

function checkNames(record: Record<string, unknown>, file: string, key: string): void {
  for (const [k, v] of Object.entries(record))
    check(
      v === null || (typeof v === 'string' && v !== ''),
      file,
      `${key}.${k} must be a column name or null`,
    );
}

function checkAccountsMapping(m: InputMapping, file: string): void {
  checkNames(m.accounts.columns, file, 'mapping.accounts.columns');
  checkNames(
    {
      createdDate: m.accounts.createdDate,
      parentColumn: m.accounts.parentColumn,
      familyColumn: m.accounts.familyColumn,
    },
    file,
    'mapping.accounts',
  );
  for (const [rule, on] of Object.entries(m.accounts.dedupe))
    check(typeof on === 'boolean', file, `mapping.accounts.dedupe.${rule} must be true or false`);
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
  checkDateOrder(m.accounts.dateOrder, file, 'mapping.accounts.dateOrder');
}

function checkSheet(value: unknown, file: string, key: string): void {
  const name = typeof value === 'string' && value.trim() !== '';
  const position = typeof value === 'number' && Number.isInteger(value) && value >= 1;
  check(
    value === null || value === undefined || name || position,
    file,
    `${key}=${JSON.stringify(value)} must be a worksheet name, its position (1, 2, …) or null`,
  );
}

function checkDateOrder(value: unknown, file: string, key: string): void {
  check(
    ['auto', 'day-first', 'month-first'].includes(value as string),
    file,
    `${key}="${String(value)}" must be "auto", "day-first" or "month-first"`,
  );
}

function checkCurrency(value: string | null, file: string, key: string): void {
  check(
    value === null || CURRENCY_CODES.has(value),
    file,
    `${key}="${String(value)}" must be an ISO 4217 code or null`,
  );
}

function checkDealsMapping(m: InputMapping, file: string): void {
  const deals = m.opportunities;
  checkNames(deals.columns, file, 'mapping.opportunities.columns');
  for (const key of ['wonStages', 'lostStages'] as const)
    check(
      deals[key].every((v) => typeof v === 'string' && v !== ''),
      file,
      `mapping.opportunities.${key} must be a list of stage values`,
    );
  checkDateOrder(deals.dateOrder, file, 'mapping.opportunities.dateOrder');
  check(deals.accountSeparator !== '', file, 'mapping.opportunities.accountSeparator must not be empty');
  checkRange(deals.customerWindowMonths, file, 'mapping.opportunities.customerWindowMonths', {
    min: 1,
    max: 600,
    integer: true,
  });
  checkOneOf(deals.multiCompany, ['first', 'split'], file, 'mapping.opportunities.multiCompany');
  checkCurrency(deals.currency, file, 'mapping.opportunities.currency');
}

function checkSpendMapping(m: InputMapping, file: string): void {
  const spend = m.spend;
  checkNames(spend.columns, file, 'mapping.spend.columns');
  for (const key of ['fromDealsMonths', 'windowMonths'] as const)
    checkRange(spend[key], file, `mapping.spend.${key}`, { min: 1, max: 120, integer: true });
  checkOneOf(spend.lapsedSpend, ['average', 'window'], file, 'mapping.spend.lapsedSpend');
  checkOneOf(spend.dateOrder, ['auto', 'day-first', 'month-first'], file, 'mapping.spend.dateOrder');
  checkCurrency(spend.currency, file, 'mapping.spend.currency');
  check(
    spend.excludeLineTypes.every((v) => typeof v === 'string' && v !== ''),
    file,
    'mapping.spend.excludeLineTypes must be a list of line types',
  );
}

function checkTechnologiesMapping(m: InputMapping, file: string): void {
  const t = m.technologies;
  checkNames({ column: t.column }, file, 'mapping.technologies');
  check(
    t.minShare > 0 && t.minShare <= 1 && Number.isInteger(t.max) && t.max >= 0,
    file,
    'mapping.technologies: minShare must be in (0, 1] and max an integer >= 0',
  );
  checkRange(t.max, file, 'mapping.technologies.max', { min: 0, max: 10_000, integer: true });
  checkRange(t.minAccounts, file, 'mapping.technologies.minAccounts', { min: 1, max: 1e9, integer: true });
}

/**
 * The `mapping` slice: explicit columns and values for inputs whose headers or stage names are not
 * recognized (`{ "opportunities": { "columns": { "stage": "Pipeline Stage" }, "wonStages": ["Signed"] } }`).
 */
export const mappingConfig: ConfigSlice<InputMapping> = {
  key: 'mapping',
  defaults: defaultInputMapping,
  validate(m, file) {
    for (const input of ['accounts', 'market', 'opportunities', 'spend', 'engagement'] as const)
      checkSheet(m[input].sheet, file, `mapping.${input}.sheet`);
    checkAccountsMapping(m, file);
    checkNames(m.market.columns, file, 'mapping.market.columns');
    check(
      m.market.precedence === 'crm' || m.market.precedence === 'market',
      file,
      `mapping.market.precedence="${String(m.market.precedence)}" must be "crm" or "market"`,
    );
    checkDealsMapping(m, file);
    checkSpendMapping(m, file);
    checkNames(m.engagement.columns, file, 'mapping.engagement.columns');
    checkTechnologiesMapping(m, file);
  },
};

/** Every column of a frame, as step output. */
export function columnsOf(frame: Frame): Record<string, ColumnInput> {
  return Object.fromEntries(frame.columnNames.map((c) => [c, frame.column(c).values as ColumnInput]));
}

/** The `currency` key: the study's reporting currency (ISO 4217). Default `USD`. */
export const currencyConfig: ConfigSlice<string> = {
  key: 'currency',
  defaults: () => 'USD',
  merge(_defaults, user, { file }) {
    check(
      typeof user === 'string',
      file,
      `currency must be an ISO 4217 code such as "USD" or "EUR", got ${JSON.stringify(user)}`,
    );
    return (user as string).trim().toUpperCase();
  },
  validate(currency, file) {
    check(
      CURRENCY_CODES.has(currency),
      file,
      `currency="${currency}" must be an ISO 4217 code such as "USD", "EUR", "GBP"`,
    );
  },
};

/**
 * The `fx` key: units of the reporting currency per unit of each other currency, e.g. `{ "EUR": 1.08, "SEK":
 * 0.095 }` in a USD study. Default none: an amount in another currency is then an error naming the key to add.
 */
export const fxConfig: ConfigSlice<Record<string, number>> = {
  key: 'fx',
  defaults: () => ({}),
  merge(_defaults, user, { file }) {
    check(isJsonObject(user), file, 'fx must be an object of rates, e.g. { "EUR": 1.08 }');
    const rates: Record<string, number> = {};
    for (const [code, rate] of Object.entries(user as Record<string, Json>)) {
      check(typeof rate === 'number', file, `fx.${code} must be a number, got ${JSON.stringify(rate)}`);
      rates[code.trim().toUpperCase()] = rate as number;
    }
    return rates;
  },
  validate(rates, file) {
    for (const [code, rate] of Object.entries(rates)) {
      check(CURRENCY_CODES.has(code), file, `fx.${code}: "${code}" is not an ISO 4217 currency code`);
      check(Number.isFinite(rate) && rate > 0, file, `fx.${code}=${rate} must be a rate > 0`);
    }
  },
};

/** The `asOf` key: the study date (`YYYY-MM-DD`) every window ends at. Default null: from the data. */
export const asOfConfig: ConfigSlice<string | null> = {
  key: 'asOf',
  defaults: () => null,
  merge(_defaults, user, { file }) {
    check(user === null || typeof user === 'string', file, 'asOf must be a date "YYYY-MM-DD" or null');
    return user as string | null;
  },
  validate(asOf, file) {
    check(
      asOf === null || (/^\d{4}-\d{2}-\d{2}$/.test(asOf) && !Number.isNaN(Date.parse(`${asOf}T00:00:00Z`))),
      file,
      `asOf="${String(asOf)}" must be a date written YYYY-MM-DD`,
    );
  },
};

/**
 * The `roles` key: a column's role for the models, overriding the one its source and header give it, e.g.
 * `{ "intent_score": "firmographic", "Year Started": "identifier" }`. Roles: firmographic, technographic,
 * engagement, outcome, identifier. Default none.
 */
export const rolesConfig: ConfigSlice<Record<string, string>> = {
  key: 'roles',
  defaults: () => ({}),
  merge(_defaults, user, { file }) {
    check(
      isJsonObject(user),
      file,
      'roles must be an object of column → role, e.g. { "intent_score": "engagement" }',
    );
    for (const [column, role] of Object.entries(user as Record<string, Json>))
      check(
        typeof role === 'string',
        file,
        `roles.${column} must be a role name, got ${JSON.stringify(role)}`,
      );
    return { ...(user as Record<string, string>) };
  },
  validate(roles, file) {
    for (const [column, role] of Object.entries(roles))
      check(
        (COLUMN_ROLES as readonly string[]).includes(role),
        file,
        `roles.${column}="${role}" must be one of ${COLUMN_ROLES.join(', ')}`,
      );
  },
};

/** The assemble step. */
export const assembleStep: StudyStep<'assemble'> = {
  name: 'assemble',
  label: 'load and cleanse',
  reads: [],
  config: [
    inputsConfig as ConfigSlice<unknown>,
    mappingConfig as ConfigSlice<unknown>,
    currencyConfig as ConfigSlice<unknown>,
    fxConfig as ConfigSlice<unknown>,
    asOfConfig as ConfigSlice<unknown>,
    rolesConfig as ConfigSlice<unknown>,
  ],
  async run(state, progress = SILENT_PROGRESS) {
    const { config } = state;
    const money = { currency: config.currency, rates: config.fx, asOf: config.asOf };
    const { frame, warnings, ...universe } = await assembleUniverse(
      config.inputs,
      config.mapping,
      money,
      Date.now(),
      (done, total) => progress.work(done, total, 'input files read and joined'),
    );
    const roles = columnRoles(universe.sources, config.roles);
    return { columns: columnsOf(frame), artifact: { ...universe, roles }, warnings };
  },
};
