/**
 * Step "lookalike": the logistic lookalike model of customers (`is_customer`), its cross-validation, and each
 * account's probability and fit score (0–100 percentile). Owns `lookalike`.
 */
import { calibrationTable, miscalibratedBins } from '../../models/metrics.ts';
import { explainScores } from '../../models/reason-codes.ts';
import { crossValidate, type CrossValidation } from '../../models/cross-validation.ts';
import type { MissingPolicy } from '../../models/design.ts';
import { LogisticRegression, type LogisticFitOptions } from '../../models/logistic.ts';
import { fitScores } from '../../models/metrics.ts';
import { fitCaseControl, samplingNote, type CaseControlSampling } from '../../models/case-control.ts';
import { basename } from 'node:path';
import { DataError, warning, type Warning } from '../../core/errors.ts';
import type { Frame } from '../../data/frame.ts';
import type { StudyConfig } from '../types.ts';
import { asConfigError, check, checkColumnList, checkRange, type ConfigSlice } from '../config-slice.ts';
import {
  categoricalFeatureCandidates,
  guardLeakage,
  numericFeatureCandidates,
  requireFeatures,
  roleWarnings,
} from '../features.ts';
import type { ColumnRoleRecord } from '../../segment/column-roles.ts';
import type { QualityReport } from '../../cleanse/quality.ts';
import { unreadColumnHints } from '../header-hints.ts';
import { tagWarnings, type StudyStep } from '../step.ts';
import { SILENT_PROGRESS, type StepProgress } from '../progress.ts';

/** The `lookalike` slice. */
export interface LookalikeConfig {
  /**
   * Numeric features; null = chosen from the data by role: log10 size and revenue and every firmographic or
   * technographic column (never engagement, outcomes or ids), with a leakage guard.
   */
  features: string[] | null;
  /** Categorical features (one-hot, first level in sorted order = reference); null = industry and region. */
  categorical: string[] | null;
  /** L2 penalty on standardized coefficients (0 = maximum likelihood). */
  l2: number;
  /** Cross-validation folds. */
  folds: number;
  /** Missing feature values: error, drop or impute (training medians / modes). */
  missing: MissingPolicy;
  /**
   * Above `above` accounts the model is fitted (and cross-validated) on every customer plus `nonCustomers`
   * non-customers drawn with the study's seed, and its intercept corrected by ln(sampled ÷ all non-customers).
   */
  sample: { above: number; nonCustomers: number };
}

/** The `lookalike` slice with its defaults (the sample's features). */
export const lookalikeConfig: ConfigSlice<LookalikeConfig> = {
  key: 'lookalike',
  defaults: () => ({
    features: null,
    categorical: null,
    l2: 0,
    folds: 5,
    missing: 'impute',
    sample: { above: 1_000_000, nonCustomers: 500_000 },
  }),
  validate(c, file) {
    if (c.features !== null) checkColumnList(c.features, file, 'lookalike.features');
    if (c.categorical !== null) checkColumnList(c.categorical, file, 'lookalike.categorical');
    check(
      c.features === null || c.categorical === null || c.features.length + c.categorical.length > 0,
      file,
      'lookalike needs at least one feature',
    );
    asConfigError(file, 'lookalike', () => new LogisticRegression({ l2: c.l2 }));
    checkRange(c.l2, file, 'lookalike.l2', { min: 0, max: 1e6 });
    check(
      Number.isInteger(c.folds) && c.folds >= 2 && c.folds <= 20,
      file,
      `lookalike.folds=${c.folds} must be an integer from 2 to 20`,
    );
    checkRange(c.sample.above, file, 'lookalike.sample.above', { min: 1000, max: 1e10, integer: true });
    checkRange(c.sample.nonCustomers, file, 'lookalike.sample.nonCustomers', {
      min: 1000,
      max: 1e9,
      integer: true,
    });
    check(
      ['error', 'drop', 'impute'].includes(c.missing),
      file,
      `lookalike.missing="${c.missing}" must be error, drop or impute`,
    );
  },
};

/** The lookalike model's features: as configured (checked against the data), or chosen from it by role. */
function lookalikeFeatures(
  frame: Frame,
  config: StudyConfig,
  roles: Readonly<Record<string, ColumnRoleRecord>>,
  quality: QualityReport | null,
) {
  const c = config.lookalike;
  if (c.features !== null) requireFeatures(frame, c.features, 'lookalike.features');
  if (c.categorical !== null) requireFeatures(frame, c.categorical, 'lookalike.categorical');
  const numeric = c.features ?? numericFeatureCandidates(frame, roles);
  const categorical = c.categorical ?? categoricalFeatureCandidates(frame);
  if (numeric.length === 0 && categorical.length === 0)
    throw new DataError(
      [
        'no column to learn the customer profile from: the accounts have no size, revenue, industry, region or enrichment column the study reads',
        ...unreadColumnHints(quality, ['employees', 'annual_revenue', 'industry', 'country']),
      ].join('; '),
      { file: config.inputs.accounts },
    );
  const checks = [
    ...guardLeakage(frame, numeric, { named: c.features !== null, key: 'lookalike.features' }),
    ...(c.features === null ? [] : roleWarnings(c.features, roles, 'lookalike.features')),
  ];
  const chosen: Warning[] =
    c.features === null || c.categorical === null
      ? [
          warning(
            'features-chosen',
            `features chosen from the data by role (set lookalike.features / lookalike.categorical to choose): ${[...numeric, ...categorical].map((f) => `${f} (${roles[f]?.role ?? 'firmographic'})`).join(', ')}`,
          ),
        ]
      : [];
  return { numeric, categorical, chosen: [...chosen, ...checks] };
}

/** Calibration tolerance: a decile is off when its mean prediction and observed rate differ by more than this. */
export const CALIBRATION_TOLERANCE = 0.05;

/**
 * A warning for every out-of-fold decile whose mean probability and observed customer rate differ by more than
 * {@link CALIBRATION_TOLERANCE} and by more than twice the observed rate's standard error (small deciles do not
 * cry wolf).
 */
function calibrationWarnings(isCustomer: Float64Array, outOfFold: Float64Array): Warning[] {
  const scored = Array.from(outOfFold.keys()).filter((i) => !Number.isNaN(outOfFold[i] as number));
  const table = calibrationTable(
    scored.map((i) => isCustomer[i] as number),
    scored.map((i) => outOfFold[i] as number),
    10,
  );
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  return miscalibratedBins(table, CALIBRATION_TOLERANCE).map((row) =>
    warning(
      'calibration-off',
      `cross-validated calibration is off in decile ${row.bin} of ${table.length}: predicted ${pct(row.meanPredicted)}, observed ${pct(row.observedRate)} (tolerance ${100 * CALIBRATION_TOLERANCE} points); read probabilities there as a ranking, not as chances`,
    ),
  );
}

/** The lookalike step's artifact. */
export interface LookalikeArtifact {
  model: LogisticRegression;
  /** What the model was fitted on (target, features, missing policy). */
  fit: LogisticFitOptions;
  crossValidation: CrossValidation;
  /** How the case-control sample was drawn, or null when the model was fitted on every account. */
  sampling: CaseControlSampling | null;
}

/** The model fitted on every account, or on a case-control sample above the configured size. */
function fitLookalike(frame: Frame, fit: LogisticFitOptions, c: LookalikeConfig, seed: number) {
  const estimator = new LogisticRegression({ l2: c.l2 });
  if (frame.numRows <= c.sample.above)
    return { model: estimator.fit(frame, fit), training: frame, sampling: null, notes: [] };
  const { model, sample, sampling } = fitCaseControl(estimator, frame, fit, {
    negatives: c.sample.nonCustomers,
    seed,
  });
  const note = warning('fit-on-sample', samplingNote(frame.numRows, sampling));
  return { model, training: sample, sampling, notes: [note] };
}

/**
 * The lookalike model of `frame` (fitted on every account, or on a case-control sample above
 * `lookalike.sample.above`) and its cross-validation, without scoring the accounts — what the step and the
 * duckdb engine share.
 *
 * @example
 * const { artifact } = lookalikeModel(universe, config); // artifact.crossValidation.auc.mean ≈ 0.73
 */
export function lookalikeModel(
  frame: Frame,
  config: StudyConfig,
  universe: { roles?: Readonly<Record<string, ColumnRoleRecord>>; quality?: QualityReport } = {},
  progress: StepProgress = SILENT_PROGRESS,
): { artifact: LookalikeArtifact; warnings: Warning[] } {
  const c = config.lookalike;
  const { numeric, categorical, chosen } = lookalikeFeatures(
    frame,
    config,
    universe.roles ?? {},
    universe.quality ?? null,
  );
  const fit: LogisticFitOptions = {
    target: 'is_customer',
    features: numeric,
    categorical,
    missing: c.missing,
    file: config.inputs.accounts,
  };
  // Features chosen automatically get the ridge penalty with the best cross-validated log-loss (a proper score:
  // it shrinks the many weak columns an export brings); a study that names its features keeps its own l2.
  const automatic = c.features === null && c.l2 === 0 && frame.numRows <= RIDGE_SEARCH_ROWS;
  const fits = (automatic ? AUTOMATIC_RIDGES.length : 1) * (c.folds + 1);
  let done = 0;
  const onFit = () => progress.work(++done, fits, 'fits');
  if (!automatic) return fitAndValidate(frame, fit, c, config.seed, chosen, onFit);
  return ridgeByCrossValidation(frame, fit, c, config.seed, chosen, onFit);
}

/** The ridge penalties tried for automatic features. */
export const AUTOMATIC_RIDGES = [0, 0.3, 1, 3, 10];
/** Above this many accounts the penalty matters little and the search is skipped (l2 stays 0). */
export const RIDGE_SEARCH_ROWS = 200_000;

/** One candidate of the search: its fit, or why it cannot be used (collinear design, separated classes). */
function candidate(
  frame: Frame,
  fit: LogisticFitOptions,
  c: LookalikeConfig,
  seed: number,
  l2: number,
  onFit: () => void,
) {
  try {
    const result = fitAndValidate(frame, fit, { ...c, l2 }, seed, [], onFit);
    const separated = result.artifact.model.warnings.some((w) => w.code === 'separation');
    return {
      l2,
      result: separated ? null : result,
      trouble: separated ? 'the classes are (almost) separated' : null,
    };
  } catch (error) {
    // Automatic features may carry the same information twice (two enrichment gaps that coincide).
    if (!(error instanceof DataError) || !error.detail.startsWith('the features are collinear')) throw error;
    return { l2, result: null, trouble: error.detail.replace(/; remove one.*$/, '') };
  }
}

/**
 * The fit with the ridge penalty of {@link AUTOMATIC_RIDGES} whose cross-validated log-loss is lowest (an
 * unpenalized fit that is collinear or separated is not a candidate), and a warning saying which and why.
 */
function ridgeByCrossValidation(
  frame: Frame,
  fit: LogisticFitOptions,
  c: LookalikeConfig,
  seed: number,
  chosen: Warning[],
  onFit: () => void,
): { artifact: LookalikeArtifact; warnings: Warning[] } {
  const candidates = AUTOMATIC_RIDGES.map((l2) => candidate(frame, fit, c, seed, l2, onFit));
  const usable = candidates.flatMap((k) => (k.result === null ? [] : [{ l2: k.l2, result: k.result }]));
  if (usable.length === 0)
    throw new DataError(candidates[0]?.trouble ?? 'the lookalike model cannot be fitted');
  const loss = (k: (typeof usable)[number]) => k.result.artifact.crossValidation.logLoss.mean;
  const best = usable.reduce((a, b) => (loss(b) < loss(a) - 1e-9 ? b : a));
  const trouble = candidates.find((k) => k.trouble !== null)?.trouble;
  const ridge = warning(
    'ridge-chosen',
    `${trouble === undefined ? '' : `${trouble}; `}fitted with lookalike.l2 = ${best.l2}, the ridge penalty of ${usable.map((k) => k.l2).join(', ')} with the lowest cross-validated log-loss (${usable.map((k) => loss(k).toFixed(4)).join(', ')}) — set lookalike.l2 or name lookalike.features to choose`,
  );
  return { artifact: best.result.artifact, warnings: [...chosen, ridge, ...best.result.warnings] };
}

function fitAndValidate(
  frame: Frame,
  fit: LogisticFitOptions,
  c: LookalikeConfig,
  seed: number,
  notesBefore: Warning[],
  onFit: () => void,
): { artifact: LookalikeArtifact; warnings: Warning[] } {
  const { model, training, sampling, notes } = fitLookalike(frame, fit, c, seed);
  onFit();
  const crossValidation = crossValidate(training, fit, {
    k: c.folds,
    seed,
    model: { l2: c.l2 },
    onFold: onFit,
  });
  return {
    artifact: { model, fit, crossValidation, sampling },
    warnings: [
      ...notesBefore,
      ...notes,
      ...model.warnings,
      ...tagWarnings('cross-validation', crossValidation.warnings),
      ...calibrationWarnings(training.numbers('is_customer'), crossValidation.outOfFold),
    ],
  };
}

/**
 * The cause a missing value is named after in the reasons (the features of one cause are one reason): "No match
 * in zoominfo.csv" for the market file's columns, "No technologies listed"; a column of the accounts file keeps
 * "<column> unknown".
 */
export function missingCauses(
  features: readonly string[],
  roles: Readonly<Record<string, ColumnRoleRecord>>,
  config: StudyConfig,
): Record<string, string> {
  const market = config.inputs.market === null ? 'the market file' : basename(config.inputs.market);
  const causes: Record<string, string> = {};
  for (const f of features) {
    const source = roles[f]?.source;
    if (source === 'market') causes[f] = `No match in ${market}`;
    if (source === 'technologies') causes[f] = 'No technologies listed';
  }
  return causes;
}

/** The lookalike step: adds `probability`, `fit_score` and `fit_reasons` (the top drivers of each score, in words). */
export const lookalikeStep: StudyStep<'lookalike'> = {
  name: 'lookalike',
  label: 'lookalike model and cross-validation',
  reads: ['is_customer'],
  config: [lookalikeConfig as ConfigSlice<unknown>],
  run(state, progress = SILENT_PROGRESS) {
    const { frame, config } = state;
    // Without the assemble step (the duckdb engine reads an assembled table) roles come from the headers.
    const { artifact, warnings } = lookalikeModel(frame, config, state.artifacts.assemble ?? {}, progress);
    const { probability, warnings: scoring } = artifact.model.predictProba(frame);
    const { reasons } = explainScores(
      artifact.model.toJSON(),
      frame,
      missingCauses(artifact.fit.features, state.artifacts.assemble?.roles ?? {}, config),
    );
    return {
      columns: { probability, fit_score: fitScores(probability), fit_reasons: reasons },
      artifact,
      warnings: [...warnings, ...tagWarnings('scoring all accounts', scoring)],
    };
  },
};
