import { UsageError } from './errors.ts';

/**
 * Returns the learned state of an estimator, or throws the one "not fitted" error of the workbench.
 *
 * @example
 * const state = assertFitted(this.#fitted, 'KMeans', 'predict'); // UsageError: KMeans.predict: the model is not fitted yet; call fit() first
 */
export function assertFitted<T>(state: T | null | undefined, estimator: string, method: string): T {
  if (state === null || state === undefined)
    throw new UsageError(`${estimator}.${method}: the model is not fitted yet; call fit() first`);
  return state;
}
