/**
 * The BG/NBD model (Fader, Hardie & Lee, 2005, "Counting your customers the easy way"): while alive a customer
 * buys at a Poisson rate λ ~ Gamma(r, α) and after each purchase drops out with probability p ~ Beta(a, b).
 * Fitted by maximum likelihood on the closed-form likelihood (Nelder–Mead on the log-parameters). Predictions:
 * the probability a customer is alive and the purchases expected in the next `t` time units.
 */
import { gammaln } from 'simple-statistics';
import { UsageError } from '../core/errors.ts';
import { VERSION } from '../core/version.ts';
import { nelderMeadPolished } from './nelder-mead.ts';
import { checkSummaries, type PurchaseSummary } from './purchase-history.ts';

/** The fitted parameters. */
export interface BgNbdParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** The model file. */
export interface BgNbdJson extends BgNbdParameters {
  kind: 'bg-nbd';
  version: string;
  customers: number;
  logLikelihood: number;
  converged: boolean;
}

/** The log-parameters' bound: beyond it the likelihood is flat (a and b without limit: no drop-out seen). */
const LOG_BOUND = 10;
/** Nelder–Mead iterations per run (each run of CDNOW converges in a few hundred). */
const MAX_ITERATIONS = 2000;

/** log(e^x + e^y) without overflow. */
const logAddExp = (x: number, y: number): number =>
  x === -Infinity ? y : y === -Infinity ? x : Math.max(x, y) + Math.log1p(Math.exp(-Math.abs(x - y)));

/** The customers grouped by frequency: the gamma-function terms of the likelihood are computed once per group. */
type ByFrequency = Map<number, { age: Float64Array; recency: Float64Array }>;

function byFrequency(summaries: readonly PurchaseSummary[]): ByFrequency {
  const groups = new Map<number, PurchaseSummary[]>();
  for (const s of summaries) {
    const group = groups.get(s.frequency);
    if (group === undefined) groups.set(s.frequency, [s]);
    else group.push(s);
  }
  return new Map(
    [...groups].map(([x, group]) => [
      x,
      { age: Float64Array.from(group, (s) => s.age), recency: Float64Array.from(group, (s) => s.recency) },
    ]),
  );
}

/** The log-likelihood of every customer (FHL 2005, eq. 6). */
function logLikelihood({ r, alpha, a, b }: BgNbdParameters, groups: ByFrequency): number {
  let sum = 0;
  const shared = -gammaln(r) + r * Math.log(alpha) + gammaln(a + b) - gammaln(b);
  for (const [x, { age, recency }] of groups) {
    const common = shared + gammaln(r + x) + gammaln(b + x) - gammaln(a + b + x);
    const dropped = x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity;
    for (let i = 0; i < age.length; i++) {
      const stayed = -(r + x) * Math.log(alpha + (age[i] as number));
      const left = dropped - (r + x) * Math.log(alpha + (recency[i] as number));
      sum += common + logAddExp(stayed, left);
    }
  }
  return sum;
}

/**
 * Gauss's hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1, by its series.
 *
 * @example
 * hyp2f1(1, 1, 2, 0.5); // 1.3862943611198906 (= −ln(0.5) / 0.5)
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new UsageError(`hyp2f1: z=${z} must be in [0, 1)`);
  let term = 1;
  let sum = 1;
  for (let j = 0; j < 100_000; j++) {
    term *= ((a + j) * (b + j) * z) / ((c + j) * (j + 1));
    sum += term;
    if (Math.abs(term) <= 1e-15 * Math.abs(sum)) return sum;
  }
  return sum;
}

/**
 * The BG/NBD model. Construct, `fit(summaries)`, then ask.
 *
 * @example
 * const model = new BgNbd().fit(purchaseSummaries(purchases, { end, unitDays: 7 }));
 * model.parameters(); // { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } on CDNOW
 * model.expectedPurchases(39, summary); // purchases expected in the next 39 weeks
 */
export class BgNbd {
  #fitted: BgNbdJson | null = null;

  /** Fits by maximum likelihood; returns `this`. */
  fit(summaries: readonly PurchaseSummary[]): this {
    checkSummaries(summaries, 'BgNbd.fit');
    const groups = byFrequency(summaries);
    // Log-parameters beyond ±LOG_BOUND (e^10 ≈ 22,026) mean no drop-out pattern in the data: stop there.
    // The mean over customers, so that the simplex's tolerance means the same at 1,000 customers as at 100,000.
    const negative = (theta: readonly number[]) => {
      if (theta.some((v) => Math.abs(v) > LOG_BOUND)) return Infinity;
      const p = {
        r: Math.exp(theta[0] as number),
        alpha: Math.exp(theta[1] as number),
        a: Math.exp(theta[2] as number),
        b: Math.exp(theta[3] as number),
      };
      return -logLikelihood(p, groups) / summaries.length;
    };
    const best = nelderMeadPolished(negative, [0, 0, 0, 0], MAX_ITERATIONS);
    const [r, alpha, a, b] = best.x.map(Math.exp) as [number, number, number, number];
    this.#fitted = {
      kind: 'bg-nbd',
      version: VERSION,
      r,
      alpha,
      a,
      b,
      customers: summaries.length,
      logLikelihood: -best.fx * summaries.length,
      converged: best.converged && best.x.every((v) => Math.abs(v) < LOG_BOUND - 0.5),
    };
    return this;
  }

  #model(method: string): BgNbdJson {
    if (this.#fitted === null) throw new UsageError(`BgNbd.${method}: fit the model first`);
    return this.#fitted;
  }

  /** The fitted r, α, a, b. */
  parameters(): BgNbdParameters {
    const { r, alpha, a, b } = this.#model('parameters');
    return { r, alpha, a, b };
  }

  /**
   * The probability that a customer is still alive at the end of the calibration period (FHL 2005, eq. 13).
   *
   * @example
   * model.probabilityAlive({ customer: 'A', frequency: 0, recency: 0, age: 38.86, meanValue: NaN }); // 1
   */
  probabilityAlive(s: PurchaseSummary): number {
    const { r, alpha, a, b } = this.#model('probabilityAlive');
    if (s.frequency === 0) return 1;
    return (
      1 / (1 + (a / (b + s.frequency - 1)) * ((alpha + s.age) / (alpha + s.recency)) ** (r + s.frequency))
    );
  }

  /**
   * Purchases expected in the next `t` time units of a customer with this history (FHL 2005, eq. 10).
   *
   * @example
   * model.expectedPurchases(39, { customer: 'A', frequency: 2, recency: 30.43, age: 38.86, meanValue: 22.35 }); // ≈ 0.76
   */
  expectedPurchases(t: number, s: PurchaseSummary): number {
    const { r, alpha, a, b } = this.#model('expectedPurchases');
    const x = s.frequency;
    const z = t / (alpha + s.age + t);
    const head = (a + b + x - 1) / (a - 1);
    const tail =
      1 - ((alpha + s.age) / (alpha + s.age + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z);
    const alive = x > 0 ? 1 + (a / (b + x - 1)) * ((alpha + s.age) / (alpha + s.recency)) ** (r + x) : 1;
    return (head * tail) / alive;
  }

  /** The model file. */
  toJSON(): BgNbdJson {
    return { ...this.#model('toJSON') };
  }

  /** Restores a model written by {@link toJSON}. */
  static fromJSON(json: BgNbdJson): BgNbd {
    if (json.kind !== 'bg-nbd')
      throw new UsageError(`BgNbd.fromJSON: not a BG/NBD model (kind "${String(json.kind)}")`);
    const model = new BgNbd();
    model.#fitted = { ...json };
    return model;
  }
}
