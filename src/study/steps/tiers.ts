/**
 * Step "tiers": priority tiers P0–P5 from the fit score with their monthly touches, and the industry
 * priority from the industry's lift. Owns `tiers` and `industryPriority`.
 */
import {
  DEFAULT_TIERS,
  industryPriorities,
  monthlyTouches,
  priorityTiers,
  validateTiers,
  type TierRule,
} from '../../segment/tiers.ts';
import { artifactOf, type StudyStep } from '../step.ts';
import { asConfigError, check, checkRange, type ConfigSlice } from '../config-slice.ts';

/** The `tiers` slice: six rules, P0 to P5. */
export const tiersConfig: ConfigSlice<TierRule[]> = {
  key: 'tiers',
  defaults: () => DEFAULT_TIERS.map((t) => ({ ...t })),
  validate(rules, file) {
    asConfigError(file, null, () => validateTiers(rules));
  },
};

/** The `industryPriority` slice: lift thresholds of High and Medium. */
export const industryPriorityConfig: ConfigSlice<{ high: number; medium: number }> = {
  key: 'industryPriority',
  defaults: () => ({ high: 1.5, medium: 1.0 }),
  validate(c, file) {
    checkRange(c.high, file, 'industryPriority.high', { min: 0, max: 100 });
    checkRange(c.medium, file, 'industryPriority.medium', { min: 0, max: 100 });
    check(c.high > c.medium, file, 'industryPriority.high must be above industryPriority.medium');
  },
};

/** The tiers step: adds `tier`, `monthly_touches` and `industry_priority`. */
export const tiersStep: StudyStep<'tiers'> = {
  name: 'tiers',
  label: 'tiers',
  reads: ['fit_score', 'engagement_score', 'industry'],
  config: [tiersConfig as ConfigSlice<unknown>, industryPriorityConfig as ConfigSlice<unknown>],
  run(state) {
    const { frame, config } = state;
    const { industryLift } = artifactOf(state, 'lift', 'tiers');
    artifactOf(state, 'lookalike', 'tiers');
    artifactOf(state, 'engagement', 'tiers');
    const tiers = priorityTiers(frame.numbers('fit_score'), config.tiers, frame.numbers('engagement_score'));
    return {
      columns: {
        tier: tiers,
        monthly_touches: monthlyTouches(tiers, config.tiers),
        industry_priority: industryPriorities(
          frame.strings('industry'),
          industryLift,
          config.industryPriority,
        ),
      },
      artifact: { rules: config.tiers },
    };
  },
};
