/**
 * Reason codes of the lookalike model, as Salesforce Einstein and Demandbase show them: for every account, the
 * features that push its log-odds of "is a customer" above or below the average account's. A feature's
 * contribution is Σ β_j (x_ij − x̄_j) over its design columns — a numeric feature with its "was missing"
 * indicator, a categorical feature with all its level dummies (its level against the average level mix) — so the
 * average account's log-odds plus an account's contributions are exactly its log-odds.
 */
import type { Warning } from '../core/errors.ts';
import type { Frame } from '../data/frame.ts';
import { buildDesign, designWarnings, indicatorName, type Encoding } from './design.ts';
import type { LogisticModelJson } from './logistic.ts';

/** Contributions of each feature to each account's log-odds, relative to the average account. */
export interface ScoreExplanation {
  /** The features, in model order: numeric features, then categorical ones. */
  features: string[];
  /** The average account's log-odds: intercept + Σ β_j x̄_j over the explained rows. */
  baseline: number;
  /** Row-major `rows × features` contributions (NaN for rows the model could not score). */
  contributions: Float64Array;
  /** Each row's log-odds (NaN when unscored). */
  logOdds: Float64Array;
  /** Each row's reasons in words: the top 3 positive and top 2 negative contributions (empty when unscored). */
  reasons: string[];
}

function encodingOf(model: LogisticModelJson): Encoding {
  return {
    features: model.features,
    categorical: model.categorical,
    missing: model.missing,
    medians: model.medians,
    modes: model.modes,
    indicators: model.missingIndicators ?? [],
  };
}

/** Which feature each design column belongs to. */
function featureOfColumn(names: readonly string[], model: LogisticModelJson): number[] {
  const features = [...model.features, ...Object.keys(model.categorical)];
  return names.map((name) => {
    const numeric = model.features.findIndex((f) => f === name || indicatorName(f) === name);
    if (numeric >= 0) return numeric;
    return features.findIndex((f) => name.startsWith(`${f}=`));
  });
}

/**
 * A feature's name in words: "log10_employees" → "Employees", "tech_snowflake" → "Tech snowflake".
 *
 * @example
 * featureLabel('log10_revenue'); // 'Revenue'
 */
export function featureLabel(feature: string): string {
  const known = LABELS.get(feature);
  if (known !== undefined) return known;
  const text = feature.replace(/^log10_/, '').replace(/_/g, ' ');
  const label = text.charAt(0).toUpperCase() + text.slice(1);
  LABELS.set(feature, label);
  return label;
}

/** Labels already made: a million rows' reasons name the same few features. */
const LABELS = new Map<string, string>();

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A whole number with thousands separators as `GROUPED` writes it (ties away from zero), without Intl per call. */
function grouped(v: number): string {
  if (!(Math.abs(v) < 1e15)) return GROUPED.format(v);
  const rounded = Math.round(Math.abs(v));
  const digits = String(rounded).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return v < 0 && rounded !== 0 ? `-${digits}` : digits;
}

function quantity(feature: string, value: number): string {
  const v = feature.startsWith('log10_') ? 10 ** value : value;
  const abs = Math.abs(v);
  return abs >= 10 ? grouped(v) : abs >= 1 ? v.toFixed(1) : v.toPrecision(2);
}

/** One reason in words: "Industry Information: +1.1", "Employees 4,200 (vs 180 typical): +0.9". */
const signedText = (contribution: number) =>
  `${contribution >= 0 ? '+' : '−'}${Math.abs(contribution).toFixed(1)}`;

function reasonText(
  feature: string,
  contribution: number,
  row: { value: number; missing: boolean; level: string | null },
  typical: string,
): string {
  const signed = signedText(contribution);
  if (row.level !== null) return `${featureLabel(feature)} ${row.level}: ${signed}`;
  if (row.missing) return `${featureLabel(feature)} unknown: ${signed}`;
  return `${featureLabel(feature)} ${quantity(feature, row.value)} (vs ${typical} typical): ${signed}`;
}

/** Contributions smaller than this (in log-odds) are not worth a rep's attention. */
const MIN_REASON = 0.05;

/** The mean of each design column over the design's rows. */
function designMeans(design: { x: Float64Array; n: number; names: readonly string[] }): Float64Array {
  const mean = new Float64Array(design.names.length);
  addToMeans(mean, design, design.n);
  return mean;
}

/** Adds each row's design values ÷ `n` to `mean`, row by row (the order the whole table's mean is summed in). */
function addToMeans(mean: Float64Array, design: { x: Float64Array; n: number }, n: number): void {
  const p = mean.length;
  for (let r = 0; r < design.n; r++)
    for (let j = 0; j < p; j++) mean[j] = (mean[j] as number) + (design.x[r * p + j] as number) / n;
}

/**
 * The average row of a table read in batches, as `explainScores` averages a whole frame (the same sums in the same
 * order): add every batch in row order, then read `means`.
 *
 * @example
 * const average = designMeansInBatches(model, 10_000_000);
 * for (const batch of batches) average.add(batch);
 * explainScores(model, batch, {}, { means: average.means });
 */
export function designMeansInBatches(model: LogisticModelJson, rows: number) {
  let means: Float64Array | null = null;
  const counts = { dropped: 0, imputed: 0 };
  return {
    add(batch: Frame): void {
      const built = buildDesign(batch, encodingOf(model), { scoring: true });
      means ??= new Float64Array(built.design.names.length);
      addToMeans(means, built.design, rows);
      counts.dropped += built.counts.dropped;
      counts.imputed += built.counts.imputed;
    },
    get means(): Float64Array {
      return means ?? new Float64Array(0);
    },
    /** What scoring every row did to missing values, as the design of the whole table says it. */
    get warnings(): Warning[] {
      return designWarnings(counts, rows, { scoring: true });
    },
  };
}

/**
 * Explains every row's lookalike score: per-feature contributions to the log-odds relative to the average row of
 * `frame` (or of `options.reference`, e.g. the study a new account is scored against), and the top reasons in
 * words.
 *
 * @example
 * const { reasons } = explainScores(model.toJSON(), universe);
 * reasons[0]; // 'Industry Information: +1.1; Employees 4,200 (vs 180 typical): +0.9; …; Region LATAM: −0.4'
 * explainScores(model.toJSON(), universe, { 'Founded Year': 'No match in zoominfo.csv' }).reasons[7];
 * // 'No match in zoominfo.csv: −0.6; …' (missing values named, and summed, by their cause)
 * explainScores(model.toJSON(), newAccounts, {}, { reference: study }); // reasons against the study's average row
 * explainScores(model.toJSON(), batch, {}, { means }); // a batch of a larger table (see designMeansInBatches)
 */
export function explainScores(
  model: LogisticModelJson,
  frame: Frame,
  missingLabels: Readonly<Record<string, string>> = {},
  options: { reference?: Frame; means?: Float64Array } = {},
): ScoreExplanation {
  const { design } = buildDesign(frame, encodingOf(model), { scoring: true });
  const p = design.names.length;
  const beta = design.names.map((name) => model.coefficients[name] as number);
  const mean =
    options.means ??
    designMeans(
      options.reference === undefined
        ? design
        : buildDesign(options.reference, encodingOf(model), { scoring: true }).design,
    );
  const baseline = beta.reduce((s, b, j) => s + b * (mean[j] as number), model.intercept);
  const features = [...model.features, ...Object.keys(model.categorical)];
  const owner = featureOfColumn(design.names, model);
  const n = frame.numRows;
  const g = features.length;
  const contributions = new Float64Array(n * g).fill(Number.NaN);
  const logOdds = new Float64Array(n).fill(Number.NaN);
  const reasons = new Array<string>(n).fill('');
  const levels = Object.keys(model.categorical).map((c) => frame.strings(c));
  const raw = model.features.map((f) => frame.numbers(f));
  // The typical value of each numeric feature, in words once (categories name their level instead).
  const typicalText = features.map((f, k) =>
    k < model.features.length ? quantity(f, mean[design.names.indexOf(f)] as number) : '',
  );
  const c = new Float64Array(g); // one row's contributions, reused
  for (let r = 0; r < design.n; r++) {
    const row = design.rows[r] as number;
    c.fill(0);
    for (let j = 0; j < p; j++)
      c[owner[j] as number] =
        (c[owner[j] as number] as number) +
        (beta[j] as number) * ((design.x[r * p + j] as number) - (mean[j] as number));
    let sum = baseline;
    for (let k = 0; k < g; k++) {
      contributions[row * g + k] = c[k] as number;
      sum += c[k] as number;
    }
    logOdds[row] = sum;
    reasons[row] = rowReasons(
      c,
      features,
      (k) => {
        const numeric = k < model.features.length;
        const value = numeric ? (raw[k]?.[row] as number) : Number.NaN;
        return {
          value: numeric ? (design.x[r * p + k] as number) : Number.NaN,
          missing: numeric && Number.isNaN(value),
          level: numeric ? null : (levels[k - model.features.length]?.[row] ?? 'unknown'),
        };
      },
      typicalText,
      missingLabels,
    );
  }
  return { features, baseline, contributions, logOdds, reasons };
}

/**
 * A row's reasons: each feature's contribution, except that the missing features of one named cause ("No match
 * in zoominfo.csv") are one reason with their summed contribution; the top 3 positive and top 2 negative.
 */
function rowReasons(
  c: Float64Array,
  features: readonly string[],
  rowOf: (k: number) => { value: number; missing: boolean; level: string | null },
  typical: readonly string[],
  missingLabels: Readonly<Record<string, string>>,
): string {
  // A feature's reason (k) or a cause's (the missing features of one named cause, summed), in that order.
  const items: { contribution: number; k: number; cause: string | null }[] = [];
  let causes: Map<string, number> | null = null;
  for (let k = 0; k < c.length; k++) {
    const contribution = c[k] as number;
    const label = missingLabels[features[k] as string];
    if (label !== undefined && rowOf(k).missing) {
      causes ??= new Map();
      causes.set(label, (causes.get(label) ?? 0) + contribution);
    } else if (Math.abs(contribution) >= MIN_REASON) items.push({ contribution, k, cause: null });
  }
  for (const [cause, contribution] of causes ?? [])
    if (Math.abs(contribution) >= MIN_REASON) items.push({ contribution, k: -1, cause });
  const positive = items.filter((i) => i.contribution > 0).sort((x, y) => y.contribution - x.contribution);
  const negative = items.filter((i) => i.contribution < 0).sort((x, y) => x.contribution - y.contribution);
  return [...positive.slice(0, 3), ...negative.slice(0, 2)]
    .map(({ contribution, k, cause }) =>
      cause !== null
        ? `${cause}: ${signedText(contribution)}`
        : reasonText(features[k] as string, contribution, rowOf(k), typical[k] as string),
    )
    .join('; ');
}
