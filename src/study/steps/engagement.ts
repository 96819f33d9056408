/**
 * Step "engagement": the engagement score (0–100, "no signal" without engagement data) and the fit × engagement
 * priority cell of every account (`segment/engagement-score.ts` has the formula). Owns `engagementScore`.
 */
import { engagementScores, priorityCells } from '../../segment/engagement-score.ts';
import { check, checkRange, isJsonObject, type ConfigSlice } from '../config-slice.ts';
import { artifactOf, type StudyStep } from '../step.ts';
import type { StudyConfig } from '../types.ts';

/** The `engagementScore` slice. */
export interface EngagementScoreConfig {
  /** Weight per engagement signal column; null = every numeric column of the engagement file, weight 1. */
  weights: Record<string, number> | null;
  /** Days after which an activity counts half (with a last-activity date in the engagement file). */
  halfLifeDays: number;
}

/** The `engagementScore` slice with its defaults. */
export const engagementScoreConfig: ConfigSlice<EngagementScoreConfig> = {
  key: 'engagementScore',
  defaults: () => ({ weights: null, halfLifeDays: 90 }),
  validate(c, file) {
    if (c.weights !== null) {
      check(isJsonObject(c.weights), file, 'engagementScore.weights must be an object of column: weight');
      for (const [column, weight] of Object.entries(c.weights))
        checkRange(weight, file, `engagementScore.weights.${column}`, { min: 0, max: 1000 });
    }
    checkRange(c.halfLifeDays, file, 'engagementScore.halfLifeDays', { min: 1, max: 3650 });
  },
};

/**
 * The weight of each signal: the config's, else 1 per signal of the engagement file; a weighted column the data
 * does not have (`has`) is a config error.
 *
 * @example
 * engagementWeights(config, ['web_visits_90d', 'intent_score'], (c) => frame.has(c)); // { web_visits_90d: 1, intent_score: 1 }
 */
export function engagementWeights(
  config: StudyConfig,
  signals: readonly string[],
  has: (column: string) => boolean,
): Record<string, number> {
  const weights = config.engagementScore.weights ?? Object.fromEntries(signals.map((s) => [s, 1]));
  const missing = Object.keys(weights).filter((column) => !has(column));
  check(
    missing.length === 0,
    config.inputs.engagement ?? config.inputs.accounts,
    `engagementScore.weights names ${missing.map((m) => `"${m}"`).join(', ')}, which the data does not have (signals: ${signals.join(', ') || 'none'})`,
  );
  return weights;
}

/** The engagement step: adds `engagement_score` and `priority_cell`. */
export const engagementStep: StudyStep<'engagement'> = {
  name: 'engagement',
  label: 'engagement score and priority grid',
  reads: ['fit_score'],
  config: [engagementScoreConfig as ConfigSlice<unknown>],
  run(state) {
    const { frame, config } = state;
    const { engagementSignals } = artifactOf(state, 'assemble', 'engagement');
    artifactOf(state, 'lookalike', 'engagement');
    const c = config.engagementScore;
    const weights = engagementWeights(config, engagementSignals, (column) => frame.has(column));
    const signals = Object.fromEntries(Object.keys(weights).map((s) => [s, frame.numbers(s)]));
    const score = engagementScores(
      signals,
      frame.numbers('has_engagement'),
      frame.numbers('engagement_recency_days'),
      {
        weights,
        halfLifeDays: c.halfLifeDays,
      },
    );
    return {
      columns: { engagement_score: score, priority_cell: priorityCells(frame.numbers('fit_score'), score) },
      artifact: { weights },
    };
  },
};
