/**
 * Parameter constraints declared once by the estimator or step that owns them, in the spirit of scikit-learn's
 * `_parameter_constraints`: the constructor validates against them, the study config checks its keys with the
 * same bounds, and both print the same sentence.
 */
import { UsageError } from './errors.ts';
import { formatCount as count } from './format.ts';

/** The bounds of a numeric parameter: finite, within [min, max] (max Infinity: no upper bound), whole if `integer`. */
export interface NumberConstraint {
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
  /** The minimum itself is not allowed (`tol` > 0). */
  readonly exclusiveMin?: boolean;
}

/**
 * Whether a value meets a constraint.
 *
 * @example
 * meets(1.5, { min: 1, max: 1000, integer: true }); // false
 */
export function meets(value: unknown, c: NumberConstraint): value is number {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (c.exclusiveMin === true ? value > c.min : value >= c.min) &&
    value <= c.max &&
    (c.integer !== true || Number.isInteger(value))
  );
}

/**
 * The sentence a constraint's value must satisfy.
 *
 * @example
 * mustBe({ min: 1, max: 1000, integer: true }); // 'an integer from 1 to 1,000'
 * mustBe({ min: 0, max: Infinity }); // 'a number >= 0'
 */
export function mustBe(c: NumberConstraint): string {
  const what = c.integer === true ? 'an integer' : 'a number';
  if (c.max === Infinity) return `${what} ${c.exclusiveMin === true ? '>' : '>='} ${count(c.min)}`;
  return `${what} from ${count(c.min)}${c.exclusiveMin === true ? ' (excluded)' : ''} to ${count(c.max)}`;
}

/**
 * Checks an estimator's parameters against its declared constraints; the first that fails is a UsageError
 * naming the estimator, the parameter and the bounds.
 *
 * @example
 * checkParameters('KMeans', KMEANS_PARAMETERS, { k: 0, nInit: 10 }); // UsageError: KMeans: k=0 must be an integer >= 1
 */
export function checkParameters<K extends string>(
  owner: string,
  constraints: Readonly<Record<K, NumberConstraint>>,
  values: Readonly<Record<NoInfer<K>, unknown>>,
): void {
  for (const name of Object.keys(constraints) as K[]) {
    const value = values[name];
    if (!meets(value, constraints[name]))
      throw new UsageError(`${owner}: ${name}=${String(value)} must be ${mustBe(constraints[name])}`);
  }
}
