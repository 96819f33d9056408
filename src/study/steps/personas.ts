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
import { aboutDuration, SILENT_PROGRESS } from '../progress.ts';
import { formatCount } from '../../core/format.ts';

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

/** Estimates at or above this many seconds are said before the work starts. */
export const ESTIMATE_ABOVE_SECONDS = 30;
/** Seconds per point × centre × feature × k-means run (measured on 2 cores, k-means++ and Lloyd's iterations). */
const KMEANS_SECONDS_PER_UNIT = 6e-8;
/** Seconds per sampled pair × feature of the silhouette. */
const SILHOUETTE_SECONDS_PER_UNIT = 3e-9;

/**
 * How long the personas' k-means fits and k selection should take: every candidate k and the chosen one,
 * `nInit` runs each, plus a silhouette on the sample for each candidate.
 *
 * @example
 * kSelectionSeconds(1400, 7, { k: 50, nInit: 1000, candidateK: range(2, 50), silhouetteSample: 100000 }); // ≈ 780
 */
export function kSelectionSeconds(
  customers: number,
  features: number,
  c: Pick<ClustersConfig, 'k' | 'nInit' | 'candidateK' | 'silhouetteSample'>,
): number {
  const centres = c.k + c.candidateK.reduce((sum, k) => sum + k, 0);
  const sample = Math.min(customers, c.silhouetteSample);
  return (
    KMEANS_SECONDS_PER_UNIT * customers * features * c.nInit * centres +
    SILHOUETTE_SECONDS_PER_UNIT * sample * sample * features * c.candidateK.length
  );
}

function kSelectionEstimate(seconds: number, customers: number, c: ClustersConfig): string {
  return `k selection: ${aboutDuration(seconds)} for ${c.candidateK.length + 1} k × ${formatCount(c.nInit)} inits over ${formatCount(customers)} customers; lower clusters.nInit or clusters.candidateK to shorten it`;
}

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
  run(state, progress = SILENT_PROGRESS) {
    const { frame, config } = state;
    const c = config.clusters;
    const isCustomer = frame.numbers('is_customer');
    const customers = frame.filter((i) => isCustomer[i] === 1);
    const estimator = { seed: config.seed, nInit: c.nInit, standardize: c.standardize };
    if (c.features !== null) requireFeatures(frame, c.features, 'clusters.features');
    const features = c.features ?? numericFeatureCandidates(frame, state.artifacts.assemble?.roles);
    const fit = { features, missing: 'impute' as const };
    const seconds = kSelectionSeconds(customers.numRows, features.length, c);
    if (seconds >= ESTIMATE_ABOVE_SECONDS)
      progress.estimate(seconds, kSelectionEstimate(seconds, customers.numRows, c));
    // A run's time grows with its k: the share done weighs each run by its k.
    const ks = [c.k, ...c.candidateK];
    const runs = ks.length * c.nInit;
    const before = ks.map((_, i) => ks.slice(0, i).reduce((sum, k) => sum + k, 0));
    const weight = (before.at(-1) as number) + (ks.at(-1) as number);
    const onRun = (done: number) => {
      const i = Math.min(ks.length - 1, Math.floor((done - 1) / c.nInit));
      const runsOfK = done - i * c.nInit;
      const share = ((before[i] as number) + ((ks[i] as number) * runsOfK) / c.nInit) / weight;
      progress.work(done, runs, 'k-means runs', share);
    };
    const model = new KMeans({ k: c.k, ...estimator }).fit(customers, { ...fit, onRun });
    const { labels, warnings: scoring } = model.predict(frame);
    const elbow = elbowCurve(customers, fit, c.candidateK, {
      ...estimator,
      sampleSize: c.silhouetteSample,
      onRun: (done) => onRun(c.nInit + done),
    });
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
