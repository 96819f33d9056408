/**
 * Fitting the lookalike model on a case-control sample: every positive (customer) and a seeded random sample of the
 * negatives. Keeping a fraction f of the negatives multiplies every account's odds by 1/f and changes nothing
 * else in a logistic model, so the slopes are estimated as they are and the intercept is corrected by adding
 * ln f (Prentice & Pyke 1979; King & Zeng 2001, "Logistic Regression in Rare Events Data", eq. 7 — the "prior
 * correction"). The corrected model gives probabilities on the full population's scale.
 */
import { UsageError } from '../core/errors.ts';
import { formatCount } from '../core/format.ts';
import { Random } from '../core/random.ts';
import type { Frame } from '../data/frame.ts';
import { LogisticRegression, type LogisticFitOptions } from './logistic.ts';

/** How the sample was drawn (written into the model file as `sampling`). */
export interface CaseControlSampling {
  positives: number;
  negatives: number;
  negativesSampled: number;
  /** negativesSampled ÷ negatives. */
  negativeFraction: number;
  /** ln(negativeFraction), added to the fitted intercept. */
  interceptCorrection: number;
  seed: number;
}

/**
 * The rows of a case-control sample (ascending): every row with y = 1 and `negatives` rows with y = 0 drawn
 * without replacement with a seeded generator (all of them when there are fewer). Rows with a missing y are left out.
 *
 * @example
 * caseControlRows(Float64Array.from([1, 0, 0, 0, 1, 0]), 2, 42).rows; // Int32Array [0, 2?, 4, 5?] — both 1s, two of the 0s
 */
export function caseControlRows(
  y: ArrayLike<number>,
  negatives: number,
  seed: number,
): { rows: Int32Array; sampling: CaseControlSampling } {
  if (!Number.isInteger(negatives) || negatives < 1)
    throw new UsageError(`caseControlRows: negatives=${negatives} must be an integer >= 1`);
  const zeros: number[] = [];
  const keep = new Uint8Array(y.length);
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) {
      keep[i] = 1;
      positives++;
    } else if (y[i] === 0) zeros.push(i);
  }
  const take = Math.min(negatives, zeros.length);
  const random = new Random(seed);
  // Partial Fisher–Yates: the first `take` places become a uniform sample without replacement.
  for (let k = 0; k < take; k++) {
    const j = k + random.int(zeros.length - k);
    [zeros[k], zeros[j]] = [zeros[j] as number, zeros[k] as number];
    keep[zeros[k] as number] = 1;
  }
  const rows = new Int32Array(positives + take);
  let at = 0;
  for (let i = 0; i < keep.length; i++) if (keep[i] === 1) rows[at++] = i;
  const negativeFraction = zeros.length === 0 ? 1 : take / zeros.length;
  return {
    rows,
    sampling: {
      positives,
      negatives: zeros.length,
      negativesSampled: take,
      negativeFraction,
      interceptCorrection: Math.log(negativeFraction),
      seed,
    },
  };
}

/**
 * Fits `model` on a case-control sample of `frame` and returns it with the intercept corrected to the full
 * population (see the module note), with how the sample was drawn.
 *
 * @example
 * const { model, sampling } = fitCaseControl(new LogisticRegression(), universe, fit, { negatives: 200_000, seed: 42 });
 * sampling.interceptCorrection; // ln(200,000 / 9,300,000) ≈ -3.84
 */
export function fitCaseControl(
  estimator: LogisticRegression,
  frame: Frame,
  fit: LogisticFitOptions,
  options: { negatives: number; seed: number },
): { model: LogisticRegression; sample: Frame; sampling: CaseControlSampling } {
  const { rows, sampling } = caseControlRows(frame.numbers(fit.target), options.negatives, options.seed);
  const sample = frame.take(rows);
  return { model: correctIntercept(estimator.fit(sample, fit), sampling), sample, sampling };
}

/**
 * A model fitted on a case-control sample, with its intercept moved to the full population's scale (a new model;
 * its warnings are carried over).
 *
 * @example
 * correctIntercept(fittedOnSample, sampling).toJSON().intercept; // fitted intercept + ln(negativeFraction)
 */
export function correctIntercept(
  fitted: LogisticRegression,
  sampling: CaseControlSampling,
): LogisticRegression {
  const json = fitted.toJSON();
  const model = LogisticRegression.fromJSON({
    ...json,
    intercept: json.intercept + sampling.interceptCorrection,
  });
  model.warnings = fitted.warnings;
  return model;
}

/**
 * The sentence a study says when it fitted on a case-control sample.
 *
 * @example
 * samplingNote(2_000_000, sampling); // '2,000,000 accounts: the lookalike model was fitted and cross-validated on all …'
 */
export function samplingNote(accounts: number, s: CaseControlSampling): string {
  const n = formatCount;
  return `${n(accounts)} accounts: the lookalike model was fitted and cross-validated on all ${n(s.positives)} customers and ${n(s.negativesSampled)} of ${n(s.negatives)} non-customers (seed ${s.seed}), intercept corrected by ln(${s.negativeFraction.toPrecision(4)}) = ${s.interceptCorrection.toFixed(4)}; set lookalike.sample to change`;
}
