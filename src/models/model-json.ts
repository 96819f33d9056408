/**
 * The one validator of model files: every field `score` and `sql` read is checked for its type and range
 * before a model is restored, so a hand-edited or hostile file is refused with one line instead of scoring
 * zeros, or carrying text into generated SQL. Names (features, levels, the target) are text without line
 * breaks or control characters; numbers that enter the score are finite.
 */
import { DataError } from '../core/errors.ts';
import { VERSION } from '../core/version.ts';

type Where = { file?: string };

/** A JSON object's own keys (never a prototype's), or undefined. */
function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

class Checker {
  constructor(
    private readonly json: Record<string, unknown>,
    private readonly where: Where,
  ) {}

  fail(key: string, expected: string): never {
    throw new DataError(`model file: "${key}" must be ${expected}; refit the model`, this.where);
  }

  name(value: unknown, key: string): string {
    if (typeof value !== 'string' || value === '' || CONTROL.test(value))
      this.fail(key, 'text without line breaks or control characters');
    return value;
  }

  names(key: string, value: unknown = this.json[key]): string[] {
    if (!Array.isArray(value)) this.fail(key, 'a list of names');
    return value.map((v) => this.name(v, key));
  }

  finite(value: unknown, key: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(key, 'a finite number');
    return value;
  }

  /** A finite number, or null (a statistic that was NaN when the model was written). */
  optionalFinite(value: unknown, key: string): void {
    if (value !== null) this.finite(value, key);
  }

  numbersByName(key: string, names: readonly string[], optional = false): void {
    const values = record(this.json[key]) ?? this.fail(key, 'an object of numbers by name');
    for (const n of names) {
      if (optional && !Object.hasOwn(values, n)) continue;
      if (optional) this.optionalFinite(values[n], `${key}.${n}`);
      else this.finite(values[n], `${key}.${n}`);
    }
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const value = this.json[key];
    if (typeof value !== 'string' || !allowed.includes(value as T))
      this.fail(key, allowed.map((a) => `"${a}"`).join(' or '));
    return value as T;
  }

  version(): void {
    const value = this.json.version;
    if (typeof value !== 'string' || !/^\d+\.\d+\.\d+$/.test(value))
      this.fail('version', 'a version like "0.1.0"');
    if (value.split('.')[0] !== VERSION.split('.')[0])
      throw new DataError(
        `model version "${value}" is not readable by segment ${VERSION}; refit it`,
        this.where,
      );
  }
}

function checker(json: unknown, kind: 'logistic' | 'kmeans', file: string | undefined): Checker {
  const where = file === undefined ? {} : { file };
  const object = record(json);
  if (object?.kind !== kind) {
    const what = kind === 'logistic' ? 'a lookalike model' : 'a k-means model';
    throw new DataError(`not ${what} (kind is ${JSON.stringify(object?.kind)}, expected "${kind}")`, where);
  }
  const check = new Checker(object, where);
  check.version();
  return check;
}

/**
 * Checks a lookalike (logistic) model file: names, the intercept and every coefficient of its design (finite),
 * the missing-value policy, medians and modes.
 *
 * @example
 * checkLogisticJson(JSON.parse(text), 'model.json'); // DataError: model.json: model file: "intercept" must be a finite number; refit the model
 */
export function checkLogisticJson(json: unknown, file?: string): void {
  const check: Checker = checker(json, 'logistic', file);
  const m = json as Record<string, unknown>;
  check.name(m.target, 'target');
  if (m.positive !== null && m.positive !== undefined) check.name(m.positive, 'positive');
  const features = check.names('features');
  const categorical = record(m.categorical) ?? check.fail('categorical', 'an object of level lists');
  const levels = Object.entries(categorical).flatMap(([column, list]) => {
    check.name(column, 'categorical');
    return check
      .names(`categorical.${column}`, list)
      .slice(1)
      .map((level) => `${column}=${level}`);
  });
  const indicators = m.missingIndicators === undefined ? [] : check.names('missingIndicators');
  check.finite(m.intercept, 'intercept');
  check.numbersByName('coefficients', [...features, ...indicators.map((f) => `missing(${f})`), ...levels]);
  check.oneOf('missing', ['error', 'drop', 'impute']);
  check.numbersByName('medians', features, true);
  const modes = record(m.modes) ?? check.fail('modes', 'an object of levels by column');
  for (const [column, mode] of Object.entries(modes)) check.name(mode, `modes.${column}`);
  const standardization = record(m.standardization) ?? check.fail('standardization', 'an object');
  for (const part of ['mean', 'std'])
    if (record(standardization[part]) === undefined) check.fail(`standardization.${part}`, 'an object');
  if (record(m.metrics) === undefined) check.fail('metrics', 'an object');
}

/**
 * Checks a k-means model file: features, k, the fitted centres (k × features, finite) and the
 * standardization (null, or finite mean and positive std per feature).
 *
 * @example
 * checkKMeansJson(JSON.parse(text), 'personas.json');
 */
export function checkKMeansJson(json: unknown, file?: string): void {
  const check: Checker = checker(json, 'kmeans', file);
  const m = json as Record<string, unknown>;
  const features = check.names('features');
  const k = m.k;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) check.fail('k', 'an integer >= 1');
  const centers = m.centersFitted;
  if (!Array.isArray(centers) || centers.length !== k)
    check.fail('centersFitted', `a list of k = ${k} centres`);
  centers.forEach((center: unknown, c) => {
    if (!Array.isArray(center) || center.length !== features.length)
      check.fail(`centersFitted[${c}]`, `a list of ${features.length} numbers`);
    center.forEach((v: unknown) => check.finite(v, `centersFitted[${c}]`));
  });
  check.oneOf('missing', ['error', 'drop', 'impute']);
  check.numbersByName('medians', features, true);
  if (m.standardize === null) return;
  const standardize = record(m.standardize) ?? check.fail('standardize', 'null or { mean, std }');
  for (const part of ['mean', 'std'] as const) {
    const values = standardize[part];
    if (!Array.isArray(values) || values.length !== features.length)
      check.fail(`standardize.${part}`, `a list of ${features.length} numbers`);
    values.forEach((v: unknown) => check.finite(v, `standardize.${part}`));
    if (part === 'std' && values.some((v) => (v as number) <= 0))
      check.fail('standardize.std', 'positive numbers');
  }
}
