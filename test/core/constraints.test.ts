/** Parameter bounds are declared once by their owner; the estimator and the study config print the same sentence. */
import { describe, expect, it } from 'vitest';
import { checkParameters, meets, mustBe } from '../../src/core/constraints.ts';
import { KMEANS_PARAMETERS, KMeans } from '../../src/models/kmeans.ts';
import { LOGISTIC_PARAMETERS, LogisticRegression } from '../../src/models/logistic.ts';
import { loadStudyConfig, validateStudyConfig } from '../../src/study/config.ts';

describe('parameter constraints', () => {
  it('say what a value must be, bounded or not', () => {
    expect(mustBe(KMEANS_PARAMETERS.nInit)).toBe('an integer from 1 to 1,000');
    expect(mustBe(KMEANS_PARAMETERS.k)).toBe('an integer >= 1');
    expect(mustBe(LOGISTIC_PARAMETERS.tol)).toBe('a number > 0');
    expect(meets(0, LOGISTIC_PARAMETERS.tol)).toBe(false);
    expect(meets(Number.NaN, LOGISTIC_PARAMETERS.l2)).toBe(false);
    expect(meets(2.5, KMEANS_PARAMETERS.nInit)).toBe(false);
    expect(() => checkParameters('X', { a: { min: 0, max: 1 } }, { a: 2 })).toThrow(
      /^X: a=2 must be a number from 0 to 1$/,
    );
  });

  it('are checked by the estimators and by the study config with the same bounds', async () => {
    expect(() => new KMeans({ k: 3, nInit: 1001 })).toThrow(
      /^KMeans: nInit=1001 must be an integer from 1 to 1,000$/,
    );
    expect(() => new KMeans({ k: 3, nInit: 1000 })).not.toThrow();
    expect(() => new LogisticRegression({ tol: 0 })).toThrow(
      /^LogisticRegression: tol=0 must be a number > 0$/,
    );
    const config = await loadStudyConfig();
    expect(() => validateStudyConfig({ ...config, clusters: { ...config.clusters, nInit: 1001 } })).toThrow(
      /nInit=1001 must be an integer from 1 to 1,000$/,
    );
    expect(() =>
      validateStudyConfig({
        ...config,
        clusters: { ...config.clusters, nInit: KMEANS_PARAMETERS.nInit.max },
      }),
    ).not.toThrow();
  });
});
