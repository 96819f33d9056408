/**
 * The study configuration (`segment study --config study.json`): inputs and every modelling choice, with
 * defaults that run the bundled sample. Validation names the offending key and says what is expected.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../core/errors.ts';
import type { MissingPolicy } from '../models/design.ts';
import type { SpendMethod } from '../models/spend-potential.ts';
import { DEFAULT_CAPACITY, validateCapacity, type CapacityTable } from './coverage.ts';
import type { ThresholdRule } from './road.ts';
import { DEFAULT_ROUTING, validateRouting, type RoutingConfig } from './routing.ts';
import {
  DEFAULT_SIZE_SEGMENTS,
  DEFAULT_TIERS,
  validateTiers,
  type SizeSegmentRules,
  type TierRule,
} from './tiers.ts';

/** A complete, validated study configuration. Paths are absolute after {@link loadStudyConfig}. */
export interface StudyConfig {
  name: string;
  seed: number;
  /** A previous run folder to compare with: the report then shows what changed since. Default none. */
  previousRun: string | null;
  inputs: {
    /** CRM account export (required). */
    accounts: string;
    /** Firmographic market file, joined on the normalized domain. */
    market: string | null;
    /** Opportunities (AccountId, IsWon or StageName, Amount). */
    opportunities: string | null;
    /** Current spend per account (account id + one spend column). */
    spend: string | null;
    /** Engagement signals per account (account id + numeric columns). */
    engagement: string | null;
  };
  lookalike: { features: string[]; categorical: string[]; l2: number; folds: number; missing: MissingPolicy };
  clusters: { k: number; features: string[]; standardize: boolean; nInit: number };
  spend: { method: SpendMethod; percentile: number; minPeers: number };
  road: { spend: ThresholdRule; opportunity: ThresholdRule };
  tiers: TierRule[];
  sizeSegments: SizeSegmentRules;
  industryPriority: { high: number; medium: number };
  coverage: { capacity: CapacityTable };
  /** Ordered routing rules and the default queue. */
  routing: RoutingConfig;
}

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The defaults: the bundled sample's first snapshot. */
export function defaultStudyConfig(): StudyConfig {
  const sample = (file: string) => resolve(REPO, 'data/sample/2026-05', file);
  return {
    name: 'Bundled sample, 2026-05',
    seed: 42,
    previousRun: null,
    inputs: {
      accounts: sample('accounts.csv'),
      market: sample('market.csv'),
      opportunities: sample('opportunities.csv'),
      spend: sample('spend.csv'),
      engagement: sample('engagement.csv'),
    },
    lookalike: {
      features: ['log10_employees', 'tech_fit_score'],
      categorical: ['industry', 'region'],
      l2: 0,
      folds: 5,
      missing: 'impute',
    },
    clusters: {
      k: 4,
      features: ['log10_employees', 'log10_revenue', 'tech_fit_score', 'intent_score'],
      standardize: true,
      nInit: 10,
    },
    spend: { method: 'peer-percentile', percentile: 0.75, minPeers: 8 },
    road: { spend: { percentile: 0.5 }, opportunity: { percentile: 0.5 } },
    tiers: DEFAULT_TIERS.map((t) => ({ ...t })),
    sizeSegments: structuredClone(DEFAULT_SIZE_SEGMENTS),
    industryPriority: { high: 1.5, medium: 1.0 },
    coverage: { capacity: structuredClone(DEFAULT_CAPACITY) },
    routing: structuredClone(DEFAULT_ROUTING),
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Merges `user` onto `defaults`, refusing keys the defaults do not have and values of another type.
 * Objects merge key by key; arrays and scalars replace. `null` is accepted where the default is null or a path.
 */
function merge(defaults: Json, user: Json, path: string, file: string): Json {
  if (isObject(defaults)) {
    if (!isObject(user)) throw new ConfigError(`${file}: ${path || 'the configuration'} must be an object`);
    const out: Record<string, Json> = { ...defaults };
    for (const [key, value] of Object.entries(user)) {
      const at = path ? `${path}.${key}` : key;
      if (!(key in defaults)) {
        throw new ConfigError(
          `${file}: unknown key "${at}" (known: ${Object.keys(defaults)
            .map((k) => `"${k}"`)
            .join(', ')})`,
        );
      }
      const base = defaults[key] as Json;
      // Threshold rules are one of two shapes; take the user's as a whole.
      out[key] = path === 'road' || at === 'routing' ? value : merge(base, value, at, file);
    }
    return out;
  }
  if (Array.isArray(defaults)) {
    if (!Array.isArray(user)) throw new ConfigError(`${file}: ${path} must be a list`);
    return user;
  }
  if (defaults === null || path.startsWith('inputs.') || path === 'previousRun') {
    if (user !== null && typeof user !== 'string')
      throw new ConfigError(`${file}: ${path} must be a file path or null, got ${JSON.stringify(user)}`);
    return user;
  }
  if (typeof user !== typeof defaults) {
    throw new ConfigError(`${file}: ${path} must be a ${typeof defaults}, got ${JSON.stringify(user)}`);
  }
  return user;
}

function check(condition: boolean, file: string, message: string): void {
  if (!condition) throw new ConfigError(`${file}: ${message}`);
}

/** Validates ranges and lists of a merged configuration. */
export function validateStudyConfig(config: StudyConfig, file = 'study config'): void {
  check(Number.isInteger(config.seed), file, `seed=${config.seed} must be an integer`);
  check(
    typeof config.inputs.accounts === 'string' && config.inputs.accounts !== '',
    file,
    'inputs.accounts must name the CRM account file',
  );
  const names = (list: unknown, key: string) => {
    check(
      Array.isArray(list) && list.every((v) => typeof v === 'string' && v !== ''),
      file,
      `${key} must be a list of column names`,
    );
  };
  names(config.lookalike.features, 'lookalike.features');
  names(config.lookalike.categorical, 'lookalike.categorical');
  check(
    config.lookalike.features.length + config.lookalike.categorical.length > 0,
    file,
    'lookalike needs at least one feature',
  );
  check(config.lookalike.l2 >= 0, file, `lookalike.l2=${config.lookalike.l2} must be >= 0`);
  check(
    Number.isInteger(config.lookalike.folds) && config.lookalike.folds >= 2 && config.lookalike.folds <= 20,
    file,
    `lookalike.folds=${config.lookalike.folds} must be an integer from 2 to 20`,
  );
  check(
    ['error', 'drop', 'impute'].includes(config.lookalike.missing),
    file,
    `lookalike.missing="${config.lookalike.missing}" must be error, drop or impute`,
  );
  names(config.clusters.features, 'clusters.features');
  check(config.clusters.features.length > 0, file, 'clusters.features must name at least one column');
  check(
    Number.isInteger(config.clusters.k) && config.clusters.k >= 1 && config.clusters.k <= 50,
    file,
    `clusters.k=${config.clusters.k} must be an integer from 1 to 50`,
  );
  check(
    Number.isInteger(config.clusters.nInit) && config.clusters.nInit >= 1,
    file,
    `clusters.nInit=${config.clusters.nInit} must be an integer >= 1`,
  );
  check(
    config.spend.method === 'peer-percentile' || config.spend.method === 'log-log',
    file,
    `spend.method="${config.spend.method}" must be "peer-percentile" or "log-log"`,
  );
  check(
    config.spend.percentile > 0 && config.spend.percentile < 1,
    file,
    `spend.percentile=${config.spend.percentile} must be between 0 and 1`,
  );
  check(
    Number.isInteger(config.spend.minPeers) && config.spend.minPeers >= 1,
    file,
    `spend.minPeers=${config.spend.minPeers} must be an integer >= 1`,
  );
  for (const key of ['spend', 'opportunity'] as const) {
    const rule = config.road[key] as Record<string, unknown>;
    const keys = isObject(rule) ? Object.keys(rule) : [];
    check(
      keys.length === 1 && (keys[0] === 'percentile' || keys[0] === 'value'),
      file,
      `road.${key} must be {"percentile": p} or {"value": dollars}`,
    );
    if ('percentile' in rule)
      check(
        typeof rule.percentile === 'number' && rule.percentile > 0 && rule.percentile < 1,
        file,
        `road.${key}.percentile=${String(rule.percentile)} must be between 0 and 1`,
      );
    if ('value' in rule)
      check(
        typeof rule.value === 'number' && rule.value >= 0,
        file,
        `road.${key}.value=${String(rule.value)} must be a number >= 0`,
      );
  }
  try {
    validateTiers(config.tiers);
    validateCapacity(config.coverage.capacity);
    validateRouting(config.routing);
  } catch (error) {
    throw new ConfigError(`${file}: ${(error as Error).message}`);
  }
  const s = config.sizeSegments;
  check(
    s.enterprise.employees > s.midMarket.employees && s.enterprise.revenue > s.midMarket.revenue,
    file,
    'sizeSegments: enterprise thresholds must be above mid-market ones',
  );
  check(
    config.industryPriority.high > config.industryPriority.medium,
    file,
    'industryPriority.high must be above industryPriority.medium',
  );
}

/**
 * Reads a study config (JSON) over the defaults, resolves input paths relative to the config file, validates.
 * Without a path: the defaults (the bundled sample).
 *
 * @example
 * const config = await loadStudyConfig('my-study.json'); // ConfigError: my-study.json: unknown key "lookalik" …
 */
export async function loadStudyConfig(path?: string): Promise<StudyConfig> {
  const defaults = defaultStudyConfig();
  if (path === undefined) {
    validateStudyConfig(defaults);
    return defaults;
  }
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
  const merged = merge(defaults as unknown as Json, user, '', path) as unknown as StudyConfig;
  const base = dirname(resolve(path));
  const userInputs = isObject(user) && isObject(user.inputs) ? user.inputs : {};
  for (const key of Object.keys(merged.inputs) as (keyof StudyConfig['inputs'])[]) {
    const value = merged.inputs[key];
    if (typeof value === 'string' && key in userInputs) merged.inputs[key] = resolve(base, value);
  }
  if (typeof merged.previousRun === 'string' && isObject(user) && 'previousRun' in user)
    merged.previousRun = resolve(base, merged.previousRun);
  validateStudyConfig(merged, path);
  return merged;
}
