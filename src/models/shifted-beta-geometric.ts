/**
 * The shifted-beta-geometric (sBG) model of contractual renewals (Fader & Hardie, 2007, "How to project customer
 * retention", Journal of Interactive Marketing 21(1)): each subscriber churns at the end of a period with its own
 * probability θ, θ ~ Beta(α, β) across subscribers. Fitted by maximum likelihood on each subscriber's periods
 * (churned after its last one, or still subscribed); predicts the probability that a subscriber who has renewed
 * for `n` periods does not renew at the next one — its renewal risk — and the survival curve.
 */
import { DataError, UsageError } from '../core/errors.ts';
import { VERSION } from '../core/version.ts';
import { nelderMeadPolished } from './nelder-mead.ts';
import { maxOf } from '../core/extent.ts';

/** One subscriber's history: the periods it was subscribed, and whether it churned after the last one. */
export interface Subscription {
  subscriber: string;
  /** Whole periods subscribed (≥ 1). */
  periods: number;
  churned: boolean;
}

/** The fitted parameters. */
export interface SbgParameters {
  alpha: number;
  beta: number;
}

/** The model file. */
export interface SbgJson extends SbgParameters {
  kind: 'shifted-beta-geometric';
  version: string;
  subscribers: number;
  logLikelihood: number;
  converged: boolean;
}

/** log-bound of the parameters: a history without churn drives α to 0 and stops there. */
const LOG_BOUND = 10;

/** P(T = t) for t = 1 … max and S(t) = P(T > t), by the sBG's recursions. */
function curves(
  { alpha, beta }: SbgParameters,
  max: number,
): { churn: Float64Array; survival: Float64Array } {
  const churn = new Float64Array(max + 1);
  const survival = new Float64Array(max + 1);
  survival[0] = 1;
  for (let t = 1; t <= max; t++) {
    churn[t] =
      t === 1 ? alpha / (alpha + beta) : ((churn[t - 1] as number) * (beta + t - 2)) / (alpha + beta + t - 1);
    survival[t] = (survival[t - 1] as number) - (churn[t] as number);
  }
  return { churn, survival };
}

function checkSubscriptions(subscriptions: readonly Subscription[]): void {
  if (subscriptions.length === 0) throw new DataError('ShiftedBetaGeometric.fit: no subscriber');
  for (const s of subscriptions)
    if (!Number.isInteger(s.periods) || s.periods < 1)
      throw new DataError(
        `ShiftedBetaGeometric.fit: subscriber "${s.subscriber}" has ${s.periods} periods; a subscription lasts a whole number of periods >= 1`,
      );
}

/**
 * Subscriptions from a cohort's survivors at the start of each period (`[1000, 631, 468, …]`): those lost in a
 * period churned after it, the last count is still subscribed.
 *
 * @example
 * subscriptionsFromSurvivors([1000, 631, 468]); // 369 × churned after 1, 163 × after 2, 468 still subscribed after 2
 */
export function subscriptionsFromSurvivors(survivors: readonly number[]): Subscription[] {
  const out: Subscription[] = [];
  for (let t = 1; t < survivors.length; t++) {
    const lost = (survivors[t - 1] as number) - (survivors[t] as number);
    for (let k = 0; k < lost; k++) out.push({ subscriber: `${t}-${k}`, periods: t, churned: true });
  }
  const last = survivors.length - 1;
  for (let k = 0; k < (survivors[last] as number); k++)
    out.push({ subscriber: `alive-${k}`, periods: last, churned: false });
  return out;
}

/**
 * The sBG model.
 *
 * @example
 * const renewals = new ShiftedBetaGeometric().fit(subscriptionsFromSurvivors([1000, 631, 468, 382, 326, 289, 262, 241]));
 * renewals.parameters(); // { alpha: 0.704, beta: 1.182 } (the paper's "regular" customers)
 * renewals.renewalRisk(3); // chance that a subscriber who renewed for 3 periods leaves after the 4th
 */
export class ShiftedBetaGeometric {
  #fitted: SbgJson | null = null;

  /** Fits α and β by maximum likelihood; returns `this`. */
  fit(subscriptions: readonly Subscription[]): this {
    checkSubscriptions(subscriptions);
    const counts = new Map<string, number>();
    for (const s of subscriptions) {
      const key = `${s.periods}|${s.churned ? 1 : 0}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const max = maxOf(subscriptions.map((s) => s.periods));
    const groups = [...counts].map(([key, n]) => {
      const [periods, churned] = key.split('|').map(Number) as [number, number];
      return { periods, churned: churned === 1, n };
    });
    const negative = (theta: readonly number[]) => {
      if (theta.some((v) => Math.abs(v) > LOG_BOUND)) return Infinity;
      const { churn, survival } = curves(
        { alpha: Math.exp(theta[0] as number), beta: Math.exp(theta[1] as number) },
        max,
      );
      let sum = 0;
      for (const g of groups)
        sum += g.n * Math.log(g.churned ? (churn[g.periods] as number) : (survival[g.periods] as number));
      return Number.isFinite(sum) ? -sum : Infinity;
    };
    const best = nelderMeadPolished(negative, [0, 0], 2000);
    const atBound = best.x.some((v) => Math.abs(v) > LOG_BOUND - 0.5);
    const [alpha, beta] = best.x.map(Math.exp) as [number, number];
    this.#fitted = {
      kind: 'shifted-beta-geometric',
      version: VERSION,
      alpha,
      beta,
      subscribers: subscriptions.length,
      logLikelihood: -best.fx,
      converged: best.converged && !atBound,
    };
    return this;
  }

  #model(method: string): SbgJson {
    if (this.#fitted === null) throw new UsageError(`ShiftedBetaGeometric.${method}: fit the model first`);
    return this.#fitted;
  }

  /** The fitted α and β. */
  parameters(): SbgParameters {
    const { alpha, beta } = this.#model('parameters');
    return { alpha, beta };
  }

  /**
   * The chance that a subscriber who has been subscribed for `periods` periods churns after the next one: its
   * θ's posterior mean, α / (α + β + periods).
   *
   * @example
   * renewals.renewalRisk(0); // α / (α + β): a new subscriber's chance of leaving after its first period
   */
  renewalRisk(periods: number): number {
    const { alpha, beta } = this.#model('renewalRisk');
    return alpha / (alpha + beta + periods);
  }

  /**
   * The share of a new cohort still subscribed after each of `periods` periods: S(1), …, S(periods).
   *
   * @example
   * renewals.survival(3); // [0.631, 0.47, 0.383] (the paper's "regular" fit)
   */
  survival(periods: number): number[] {
    return Array.from(curves(this.parameters(), periods).survival.slice(1));
  }

  /** The model file. */
  toJSON(): SbgJson {
    return { ...this.#model('toJSON') };
  }

  /** Restores a model written by {@link toJSON}. */
  static fromJSON(json: SbgJson): ShiftedBetaGeometric {
    if (json.kind !== 'shifted-beta-geometric')
      throw new UsageError(`ShiftedBetaGeometric.fromJSON: not an sBG model (kind "${String(json.kind)}")`);
    const model = new ShiftedBetaGeometric();
    model.#fitted = { ...json };
    return model;
  }
}
