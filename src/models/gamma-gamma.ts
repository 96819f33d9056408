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

/** One repeat buyer's log-likelihood of its mean value. */
function logLikelihood({ p, q, gamma }: GammaGammaParameters, x: number, m: number): number {
  return (
    gammaln(p * x + q) -
    gammaln(p * x) -
    gammaln(q) +
    q * Math.log(gamma) +
    (p * x - 1) * Math.log(m) +
    p * x * Math.log(x) -
    (p * x + q) * Math.log(gamma + m * x)
  );
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
    const negative = (theta: readonly number[]) => {
      if (theta.some((v) => Math.abs(v) > 15)) return Infinity;
      const parameters = {
        p: Math.exp(theta[0] as number),
        q: Math.exp(theta[1] as number),
        gamma: Math.exp(theta[2] as number),
      };
      let sum = 0;
      for (const s of buyers) sum += logLikelihood(parameters, s.frequency, s.meanValue);
      return -sum;
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
      logLikelihood: -best.fx,
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
