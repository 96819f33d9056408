/**
 * Generic statistics the domain modules share: quantiles, partition agreement, distribution drift,
 * inequality.
 *
 * @example
 * import { quantile, gini } from './stats/index.ts';
 * quantile([1, 2, 3, 4], 0.5); // 2.5
 */
export { quantile, quantileSorted } from './quantile.ts';
export { adjustedRandIndex } from './adjusted-rand-index.ts';
export { populationStabilityIndex } from './population-stability-index.ts';
export { gini } from './gini.ts';
