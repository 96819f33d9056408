/**
 * Step "quotas": each named rep's quota from its territory's opportunity × the realization rate, or (Retain) its
 * current spend × (1 + growth) (see `segment/quotas.ts`), when the config has a `quotas` section. Owns `quotas`.
 */
import { ConfigError, type Warning } from '../../core/errors.ts';
import { formatCount } from '../../core/format.ts';
import type { Frame } from '../../data/frame.ts';
import { realization } from '../../segment/backtest.ts';
import {
  DEFAULT_QUOTA_RULES,
  repQuotas,
  validateQuotaRules,
  type QuotaPlan,
  type QuotaRules,
} from '../../segment/quotas.ts';
import {
  asConfigError,
  check,
  isJsonObject,
  unknownKey,
  type ConfigSlice,
  type Json,
} from '../config-slice.ts';
import { readRunTable } from '../run-folder.ts';
import { artifactOf, type StudyStep } from '../step.ts';

const KEYS = ['realization', 'retainGrowth', 'target', 'band', 'ramp'] as const;

/** The `quotas` slice: null (no quotas, the default) or the rules, each key defaulted. */
export const quotasConfig: ConfigSlice<QuotaRules | null> = {
  key: 'quotas',
  defaults: () => null,
  merge(_defaults, user, { file }) {
    if (user === null) return null;
    check(isJsonObject(user), file, 'quotas must be an object or null');
    for (const key of Object.keys(user as Record<string, Json>)) {
      if (key === 'productivity')
        throw new ConfigError(
          `${file}: quotas.productivity is gone: opportunity is already probability × whitespace, so quotas no longer discount it by a win rate; set quotas.realization (the share of opportunity booked) or leave it out to measure it on the previous run`,
        );
      if (!(KEYS as readonly string[]).includes(key)) throw unknownKey(file, `quotas.${key}`, KEYS);
    }
    return { ...structuredClone(DEFAULT_QUOTA_RULES), ...(user as object) } as QuotaRules;
  },
  validate(rules, file) {
    if (rules !== null) asConfigError(file, null, () => validateQuotaRules(rules));
  },
};

/**
 * The realization rate of the rules: configured, else measured on the previous run (the share of its opportunity
 * booked since), else 1 — the opportunity at face value — with a warning saying how to set it.
 */
export async function realizationOf(
  rules: QuotaRules,
  frame: Frame,
  previousRun: string | null,
): Promise<{ realization: QuotaPlan['realization']; warnings: Warning[] }> {
  if (rules.realization !== null)
    return { realization: { rate: rules.realization, source: 'configured' }, warnings: [] };
  if (previousRun !== null) {
    const previous = await readRunTable(previousRun, 'segments.csv', ['account_id']);
    const measured = realization(previous, frame);
    if (measured !== null)
      return { realization: { rate: measured.rate, source: 'previous run' }, warnings: [] };
  }
  const why =
    previousRun === null
      ? 'no previous run to measure it on'
      : "the previous run's accounts booked nothing since";
  return {
    realization: { rate: 1, source: 'default' },
    warnings: [
      {
        code: 'quota-realization-default',
        message: `${why}, so new-business quotas take opportunity at face value (realization 100 %); set quotas.realization to the share your reps book`,
      },
    ],
  };
}

/** The quotas step: no columns; the plan, or null without a `quotas` section. */
export const quotasStep: StudyStep<'quotas'> = {
  name: 'quotas',
  label: 'quotas',
  reads: ['account_id', 'road_quadrant', 'opportunity', 'current_spend', 'won_amount', 'owner'],
  config: [quotasConfig as ConfigSlice<unknown>],
  async run(state) {
    const { frame, config } = state;
    const rules = config.quotas;
    if (rules === null) return { artifact: null };
    const { realization, warnings } = await realizationOf(rules, frame, config.previousRun);
    const { territories } = artifactOf(state, 'coverage', 'quotas');
    const newReps = new Set(Object.values(territories).flatMap((t) => t?.openSeats ?? []));
    const plan: QuotaPlan = repQuotas(
      frame.strings('owner'),
      frame.strings('road_quadrant'),
      { opportunity: frame.numbers('opportunity'), currentSpend: frame.numbers('current_spend') },
      realization,
      rules,
      newReps,
    );
    const share = (v: number) => `${Math.round(v * 100)}%`;
    const opportunity = plan.reps
      .filter((r) => r.basis === 'opportunity')
      .reduce((s, r) => s + r.opportunity, 0);
    if (!plan.bandHolds)
      warnings.push({
        code: 'quota-band-exceeded',
        message: `the target of ${formatCount(Math.round(rules.target as number))} is ${share((rules.target as number) / opportunity)} of the named new-business reps' opportunity, which the band (${share(rules.band.min)}–${share(rules.band.max)} per rep) cannot hold: quotas add up to the target, and ${formatCount(plan.outsideBand)} reps lie outside the band — lower the target, widen the band or add reps`,
      });
    return { artifact: plan, warnings };
  },
};
