/**
 * The pieces a study configuration is made of. Each study step owns one slice of the config — its key, its
 * defaults and its validation — so `StudyConfig` is the common keys plus one slice per step and the loader
 * has no special cases: it merges the user's JSON over each slice's defaults and lets the slice validate.
 */
import { ConfigError } from '../core/errors.ts';
import { meets, mustBe, type NumberConstraint } from '../core/constraints.ts';

/** A JSON value as read from a config file. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Where a config value came from, for error messages. */
export interface ConfigContext {
  /** The config file (or "study config" for the defaults). */
  file: string;
  /** The folder paths in the config are relative to (the config file's). */
  baseDir: string;
}

/** One slice of the study configuration, owned by one step. */
export interface ConfigSlice<T> {
  /** The top-level key of the slice in the config file. */
  readonly key: string;
  /** A fresh copy of the defaults (the bundled sample's choices). */
  defaults(): T;
  /**
   * Combines the user's value with the defaults. Default: {@link mergeJson} (objects key by key, lists and
   * scalars replace). A slice whose value is one of several shapes replaces instead.
   */
  merge?(defaults: T, user: Json, context: ConfigContext): T;
  /** Throws a {@link ConfigError} naming `file: key.sub=value` when the value is not usable. */
  validate(value: T, file: string): void;
}

/** True for a plain JSON object. */
export function isJsonObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Merges `user` onto `defaults`, refusing keys the defaults do not have and values of another type.
 * Objects merge key by key; arrays and scalars replace; `null` is accepted where the default is null.
 *
 * @example
 * mergeJson({ k: 4, nInit: 10 }, { k: 6 }, 'clusters', 'study.json'); // { k: 6, nInit: 10 }
 */
export function mergeJson(defaults: Json, user: Json, path: string, file: string): Json {
  if (isJsonObject(defaults)) {
    if (!isJsonObject(user))
      throw new ConfigError(`${file}: ${path || 'the configuration'} must be an object`);
    const out: Record<string, Json> = { ...defaults };
    for (const [key, value] of Object.entries(user)) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype')
        throw new ConfigError(`${file}: "${path ? `${path}.${key}` : key}" is not a configuration key`);
      const at = path ? `${path}.${key}` : key;
      if (!Object.hasOwn(defaults, key)) throw unknownKey(file, at, Object.keys(defaults));
      out[key] = mergeJson(defaults[key] as Json, value, at, file);
    }
    return out;
  }
  if (Array.isArray(defaults)) {
    if (!Array.isArray(user)) throw new ConfigError(`${file}: ${path} must be a list`);
    return user;
  }
  if (defaults === null) return user;
  if (typeof user !== typeof defaults)
    throw new ConfigError(`${file}: ${path} must be a ${typeof defaults}, got ${JSON.stringify(user)}`);
  return user;
}

/** The error for a key the config does not know, listing the known ones. */
export function unknownKey(file: string, at: string, known: readonly string[]): ConfigError {
  return new ConfigError(`${file}: unknown key "${at}" (known: ${known.map((k) => `"${k}"`).join(', ')})`);
}

/** Throws `ConfigError("file: message")` unless `condition`. */
export function check(condition: boolean, file: string, message: string): void {
  if (!condition) throw new ConfigError(`${file}: ${message}`);
}

/**
 * Checks a number of the config: finite, within [min, max], whole when `integer`; the message names the key and
 * the range.
 *
 * @example
 * checkRange(1e9, 'study.json', 'routing.default.reps', { min: 1, max: 100_000, integer: true });
 * // ConfigError: study.json: routing.default.reps=1000000000 must be an integer from 1 to 100,000
 */
export function checkRange(value: unknown, file: string, key: string, range: NumberConstraint): void {
  check(meets(value, range), file, `${key}=${String(value)} must be ${mustBe(range)}`);
}

/** Checks a list of column names. */
export function checkColumnList(list: unknown, file: string, key: string): void {
  check(
    Array.isArray(list) && list.every((v) => typeof v === 'string' && v !== ''),
    file,
    `${key} must be a list of column names`,
  );
}

/**
 * Runs a library validation and reports its error as a config error of `key` (null when the message already
 * names the config key), so limits live in one place (the estimator) and the message names what the user wrote.
 *
 * @example
 * asConfigError('study.json', 'lookalike', () => new LogisticRegression({ l2: -1 }));
 * // ConfigError: study.json: lookalike: LogisticRegression: l2=-1 must be >= 0
 */
export function asConfigError(file: string, key: string | null, validate: () => unknown): void {
  try {
    validate();
  } catch (error) {
    throw new ConfigError(`${file}: ${key === null ? '' : `${key}: `}${(error as Error).message}`);
  }
}
