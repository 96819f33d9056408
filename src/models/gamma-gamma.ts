/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee, 2005, "RFM and CLV"; Fader & Hardie's
 * note "The Gamma-Gamma model of monetary value", 2013): a customer's transaction values are Gamma(p, ν) with
 * ν ~ Gamma(q, γ) across customers. Fitted by maximum likelihood on the repeat buyers' mean values; predicts the
 * expected value of a customer's future transactions.
 */
import { gammaln } from 'simple-statistics';
import { DataError, UsageError } from '../core/errors.ts';
import { VERSION } from '../core/version.ts';
import { nelderMeadPolished } from './nelder-mead.ts';
import type { PurchaseSummary } from './purchase-history.ts';

/** The fitted parameters. */
export interface GammaGammaParameters {
  p: number;
  q: number;
  gamma: number;
}

/** The model file. */
export interface GammaGammaJson extends GammaGammaParameters {
  kind: 'gamma-gamma';
  version: string;
  customers: number;
  logLikelihood: number;
  converged: boolean;
}

/** The repeat buyers grouped by frequency x: the gamma-function terms are computed once per group. */
type ByFrequency = Map<number, { meanValue: Float64Array; logMeanValue: Float64Array }>;

function byFrequency(buyers: readonly PurchaseSummary[]): ByFrequency {
  const groups = new Map<number, number[]>();
  for (const s of buyers) {
    const group = groups.get(s.frequency);
    if (group === undefined) groups.set(s.frequency, [s.meanValue]);
    else group.push(s.meanValue);
  }
  return new Map(
    [...groups].map(([x, values]) => [
      x,
      { meanValue: Float64Array.from(values), logMeanValue: Float64Array.from(values, Math.log) },
    ]),
  );
}

/** The log-likelihood of the repeat buyers' mean values (Fader & Hardie 2013, eq. 3). */
function logLikelihood({ p, q, gamma }: GammaGammaParameters, groups: ByFrequency): number {
  let sum = 0;
  const shared = -gammaln(q) + q * Math.log(gamma);
  for (const [x, { meanValue, logMeanValue }] of groups) {
    const px = p * x;
    const common = shared + gammaln(px + q) - gammaln(px) + px * Math.log(x);
    for (let i = 0; i < meanValue.length; i++)
      sum +=
        common +
        (px - 1) * (logMeanValue[i] as number) -
        (px + q) * Math.log(gamma + (meanValue[i] as number) * x);
  }
  return sum;
}

/**
 * The Gamma-Gamma model. `fit(summaries)` uses the customers with at least one repeat purchase.
 *
 * @example
 * const value = new GammaGamma().fit(summaries);
 * value.parameters(); // { p: 6.25, q: 3.74, gamma: 15.44 } on CDNOW
 * value.expectedValue(summary); // expected value of its future transactions
 */
export class GammaGamma {
  #fitted: GammaGammaJson | null = null;

  /** Fits by maximum likelihood on the repeat buyers; returns `this`. */
  fit(summaries: readonly PurchaseSummary[]): this {
    const buyers = summaries.filter((s) => s.frequency > 0);
    if (buyers.length === 0) throw new DataError('GammaGamma.fit: no customer has a repeat purchase');
    for (const s of buyers)
      if (!(s.meanValue > 0))
        throw new DataError(
          `GammaGamma.fit: customer "${s.customer}" has mean value ${s.meanValue}; values must be > 0 (leave out refunds and zero-value lines)`,
        );
    const groups = byFrequency(buyers);
    // The mean over buyers, so that the simplex's tolerance means the same at 1,000 buyers as at 100,000.
    const negative = (theta: readonly number[]) => {
      if (theta.some((v) => Math.abs(v) > 15)) return Infinity;
      const parameters = {
        p: Math.exp(theta[0] as number),
        q: Math.exp(theta[1] as number),
        gamma: Math.exp(theta[2] as number),
      };
      return -logLikelihood(parameters, groups) / buyers.length;
    };
    const best = nelderMeadPolished(negative, [0, 0, 0], 2000);
    const [p, q, gamma] = best.x.map(Math.exp) as [number, number, number];
    this.#fitted = {
      kind: 'gamma-gamma',
      version: VERSION,
      p,
      q,
      gamma,
      customers: buyers.length,
      logLikelihood: -best.fx * buyers.length,
      converged: best.converged,
    };
    return this;
  }

  #model(method: string): GammaGammaJson {
    if (this.#fitted === null) throw new UsageError(`GammaGamma.${method}: fit the model first`);
    return this.#fitted;
  }

  /** The fitted p, q, γ. */
  parameters(): GammaGammaParameters {
    const { p, q, gamma } = this.#model('parameters');
    return { p, q, gamma };
  }

  /**
   * The expected value of a customer's future transactions: the population mean for one without a repeat
   * purchase, shrunk towards its own mean value with each repeat purchase.
   *
   * @example
   * value.expectedValue({ customer: 'A', frequency: 2, recency: 30.43, age: 38.86, meanValue: 22.35 }); // ≈ 24.7
   */
  expectedValue(s: PurchaseSummary): number {
    const { p, q, gamma } = this.#model('expectedValue');
    if (s.frequency === 0 || !(s.meanValue > 0)) return (p * gamma) / (q - 1);
    return (p * (gamma + s.frequency * s.meanValue)) / (p * s.frequency + q - 1);
  }

  /** The model file. */
  toJSON(): GammaGammaJson {
    return { ...this.#model('toJSON') };
  }

  /** Restores a model written by {@link toJSON}. */
  static fromJSON(json: GammaGammaJson): GammaGamma {
    if (json.kind !== 'gamma-gamma')
      throw new UsageError(`GammaGamma.fromJSON: not a Gamma-Gamma model (kind "${String(json.kind)}")`);
    const model = new GammaGamma();
    model.#fitted = { ...json };
    return model;
  }
}
