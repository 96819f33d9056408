/**
 * Step "personas": k-means on customers, the elbow / silhouette curve over candidate k, persona profiles, and
 * each account's nearest persona. Owns `clusters`.
 */
import { clusterProfiles, type ClusterProfile } from '../../models/cluster-profiles.ts';
import { elbowCurve, type ElbowPoint } from '../../models/cluster-selection.ts';
import { KMeans, KMEANS_PARAMETERS } from '../../models/kmeans.ts';
import { warning } from '../../core/errors.ts';
import { asConfigError, check, checkRange, checkColumnList, type ConfigSlice } from '../config-slice.ts';
import { numericFeatureCandidates, requireFeatures } from '../features.ts';
import { tagWarnings, type StudyStep } from '../step.ts';

/** The most personas a study may ask for (k and every candidate k). */
const MAX_CLUSTERS = 50;

/** The `clusters` slice. */
export interface ClustersConfig {
  /** Number of personas. */
  k: number;
  /** Numeric features; null = chosen from the data (as the lookalike's numeric features). */
  features: string[] | null;
  /** z-score the features (population std) before clustering. */
  standardize: boolean;
  /** k-means++ restarts; the lowest inertia is kept. */
  nInit: number;
  /** The k compared in the elbow / silhouette chart. */
  candidateK: number[];
  /** Customers sampled for the silhouette score. */
  silhouetteSample: number;
  /** Columns profiled per persona besides the features (numeric means, categorical top values). */
  profile: { numeric: string[]; categorical: string[] };
}

/** The `clusters` slice with its defaults (the sample's features). */
export const clustersConfig: ConfigSlice<ClustersConfig> = {
  key: 'clusters',
  defaults: () => ({
    k: 4,
    features: null,
    standardize: true,
    nInit: 10,
    candidateK: [2, 3, 4, 5, 6, 7, 8],
    silhouetteSample: 1000,
    profile: {
      numeric: ['employees', 'annual_revenue', 'current_spend'],
      categorical: ['industry', 'region'],
    },
  }),
  validate(c, file) {
    if (c.features !== null) {
      checkColumnList(c.features, file, 'clusters.features');
      check(c.features.length > 0, file, 'clusters.features must name at least one column');
    }
    asConfigError(file, 'clusters', () => new KMeans({ k: c.k, nInit: c.nInit }));
    checkRange(c.k, file, 'clusters.k', { min: 1, max: MAX_CLUSTERS, integer: true });
    checkRange(c.nInit, file, 'clusters.nInit', KMEANS_PARAMETERS.nInit);
    check(
      Array.isArray(c.candidateK) && c.candidateK.length > 0 && c.candidateK.length <= MAX_CLUSTERS,
      file,
      `clusters.candidateK must be a list of 1 to ${MAX_CLUSTERS} integers`,
    );
    c.candidateK.forEach((k, i) =>
      checkRange(k, file, `clusters.candidateK[${i}]`, { min: 1, max: MAX_CLUSTERS, integer: true }),
    );
    checkRange(c.silhouetteSample, file, 'clusters.silhouetteSample', {
      min: 2,
      max: 100_000,
      integer: true,
    });
    checkColumnList(c.profile.numeric, file, 'clusters.profile.numeric');
    checkColumnList(c.profile.categorical, file, 'clusters.profile.categorical');
  },
};

/** The personas step's artifact. */
export interface PersonasArtifact {
  model: KMeans;
  elbow: ElbowPoint[];
  profiles: ClusterProfile[];
}

/** The personas step: adds `cluster` (NaN where an account cannot be placed). */
export const personasStep: StudyStep<'personas'> = {
  name: 'personas',
  label: 'personas (k-means)',
  reads: ['is_customer'],
  config: [clustersConfig as ConfigSlice<unknown>],
  run(state) {
    const { frame, config } = state;
    const c = config.clusters;
    const isCustomer = frame.numbers('is_customer');
    const customers = frame.filter((i) => isCustomer[i] === 1);
    const estimator = { seed: config.seed, nInit: c.nInit, standardize: c.standardize };
    if (c.features !== null) requireFeatures(frame, c.features, 'clusters.features');
    const features = c.features ?? numericFeatureCandidates(frame, state.artifacts.assemble?.roles);
    const fit = { features, missing: 'impute' as const };
    const model = new KMeans({ k: c.k, ...estimator }).fit(customers, fit);
    const { labels, warnings: scoring } = model.predict(frame);
    const elbow = elbowCurve(customers, fit, c.candidateK, { ...estimator, sampleSize: c.silhouetteSample });
    const profiles = clusterProfiles(customers, model.labels, {
      numeric: [...c.profile.numeric, ...features.filter((f) => !c.profile.numeric.includes(f))],
      categorical: c.profile.categorical,
    });
    return {
      columns: { cluster: Float64Array.from(labels, (l) => (l < 0 ? Number.NaN : l)) },
      artifact: { model, elbow: elbow.points, profiles },
      warnings: [
        ...(c.features === null
          ? [
              warning(
                'features-chosen',
                `features chosen from the data (set clusters.features to choose): ${features.join(', ')}`,
              ),
            ]
          : []),
        ...tagWarnings('fitting on customers', model.warnings),
        ...tagWarnings('placing all accounts', scoring),
        ...tagWarnings('k selection', elbow.warnings),
      ],
    };
  },
};
