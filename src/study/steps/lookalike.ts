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
import { warning, type Warning } from '../../core/errors.ts';
import type { Frame } from '../../data/frame.ts';
import { asConfigError, check, checkColumnList, checkRange, type ConfigSlice } from '../config-slice.ts';
import { categoricalFeatureCandidates, numericFeatureCandidates, requireFeatures } from '../features.ts';
import { tagWarnings, type StudyStep } from '../step.ts';

/** The `lookalike` slice. */
export interface LookalikeConfig {
  /** Numeric features; null = chosen from the data (size, revenue, numeric enrichment and engagement). */
  features: string[] | null;
  /** Categorical features (one-hot, first level in sorted order = reference); null = industry and region. */
  categorical: string[] | null;
  /** L2 penalty on standardized coefficients (0 = maximum likelihood). */
  l2: number;
  /** Cross-validation folds. */
  folds: number;
  /** Missing feature values: error, drop or impute (training medians / modes). */
  missing: MissingPolicy;
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
    check(
      ['error', 'drop', 'impute'].includes(c.missing),
      file,
      `lookalike.missing="${c.missing}" must be error, drop or impute`,
    );
  },
};

/** The lookalike model's features: as configured (checked against the data), or chosen from it. */
function lookalikeFeatures(frame: Frame, c: LookalikeConfig) {
  if (c.features !== null) requireFeatures(frame, c.features, 'lookalike.features');
  if (c.categorical !== null) requireFeatures(frame, c.categorical, 'lookalike.categorical');
  const numeric = c.features ?? numericFeatureCandidates(frame);
  const categorical = c.categorical ?? categoricalFeatureCandidates(frame);
  const chosen: Warning[] =
    c.features === null || c.categorical === null
      ? [
          warning(
            'features-chosen',
            `features chosen from the data (set lookalike.features / lookalike.categorical to choose): ${[...numeric, ...categorical].join(', ')}`,
          ),
        ]
      : [];
  return { numeric, categorical, chosen };
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
}

/** The lookalike step: adds `probability`, `fit_score` and `fit_reasons` (the top drivers of each score, in words). */
export const lookalikeStep: StudyStep<'lookalike'> = {
  name: 'lookalike',
  label: 'lookalike model and cross-validation',
  config: [lookalikeConfig as ConfigSlice<unknown>],
  run({ frame, config }) {
    const c = config.lookalike;
    const { numeric, categorical, chosen } = lookalikeFeatures(frame, c);
    const fit: LogisticFitOptions = {
      target: 'is_customer',
      features: numeric,
      categorical,
      missing: c.missing,
      file: config.inputs.accounts,
    };
    const model = new LogisticRegression({ l2: c.l2 }).fit(frame, fit);
    const { probability, warnings: scoring } = model.predictProba(frame);
    const crossValidation = crossValidate(frame, fit, { k: c.folds, seed: config.seed, model: { l2: c.l2 } });
    const { reasons } = explainScores(model.toJSON(), frame);
    return {
      columns: { probability, fit_score: fitScores(probability), fit_reasons: reasons },
      artifact: { model, fit, crossValidation },
      warnings: [
        ...chosen,
        ...model.warnings,
        ...tagWarnings('scoring all accounts', scoring),
        ...tagWarnings('cross-validation', crossValidation.warnings),
        ...calibrationWarnings(frame.numbers('is_customer'), crossValidation.outOfFold),
      ],
    };
  },
};
