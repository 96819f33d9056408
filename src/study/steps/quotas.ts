/**
 * Step "quotas": each named rep's quota from its territory's expected bookings (see `segment/quotas.ts`), when the
 * config has a `quotas` section. Owns `quotas`.
 */
import { isPoolOwner } from '../../segment/territories.ts';
import { DataError } from '../../core/errors.ts';
import { formatCount } from '../../core/format.ts';
import {
  DEFAULT_QUOTA_RULES,
  repQuotas,
  validateQuotaRules,
  type QuotaPlan,
  type QuotaRules,
} from '../../segment/quotas.ts';
import { ROAD_QUADRANTS, type RoadQuadrant } from '../../segment/vocabulary.ts';
import {
  asConfigError,
  check,
  isJsonObject,
  unknownKey,
  type ConfigSlice,
  type Json,
} from '../config-slice.ts';
import { artifactOf, type StudyStep } from '../step.ts';

const KEYS = ['productivity', 'target', 'band', 'ramp'] as const;

/** The `quotas` slice: null (no quotas, the default) or the rules, each key defaulted. */
export const quotasConfig: ConfigSlice<QuotaRules | null> = {
  key: 'quotas',
  defaults: () => null,
  merge(_defaults, user, { file }) {
    if (user === null) return null;
    check(isJsonObject(user), file, 'quotas must be an object or null');
    for (const key of Object.keys(user as Record<string, Json>))
      if (!(KEYS as readonly string[]).includes(key)) throw unknownKey(file, `quotas.${key}`, KEYS);
    return { ...structuredClone(DEFAULT_QUOTA_RULES), ...(user as object) } as QuotaRules;
  },
  validate(rules, file) {
    if (rules !== null) asConfigError(file, null, () => validateQuotaRules(rules));
  },
};

/** The conversion of each quadrant: the configured productivity, or its historical win rate. */
export function conversions(
  rules: QuotaRules,
  winRates: ReadonlyMap<string, number>,
): Partial<Record<RoadQuadrant, number>> {
  return Object.fromEntries(
    ROAD_QUADRANTS.map((q) => [q, rules.productivity ?? winRates.get(q) ?? Number.NaN]),
  ) as Partial<Record<RoadQuadrant, number>>;
}

/** The quotas step: no columns; the plan, or null without a `quotas` section. */
export const quotasStep: StudyStep<'quotas'> = {
  name: 'quotas',
  label: 'quotas',
  reads: ['road_quadrant', 'opportunity', 'owner'],
  config: [quotasConfig as ConfigSlice<unknown>],
  run(state) {
    const { frame, config } = state;
    const rules = config.quotas;
    if (rules === null) return { artifact: null };
    const { rows } = artifactOf(state, 'performance', 'quotas');
    const winRates = new Map(
      rows.filter((r) => r.dimension === 'road_quadrant').map((r) => [r.segment, r.win_rate]),
    );
    const conversion = conversions(rules, winRates);
    const owners = frame.strings('owner');
    const quadrants = frame.strings('road_quadrant');
    const missing = ROAD_QUADRANTS.filter(
      (q) =>
        Number.isNaN(conversion[q] as number) &&
        owners.some((o, i) => quadrants[i] === q && o !== null && !isPoolOwner(o)),
    );
    if (missing.length > 0)
      throw new DataError(
        `quotas: no closed deals give a win rate for ${missing.join(', ')}; set quotas.productivity (the share of opportunity a rep books)`,
        { file: config.inputs.accounts },
      );
    const { territories } = artifactOf(state, 'coverage', 'quotas');
    const newReps = new Set(Object.values(territories).flatMap((t) => t?.openSeats ?? []));
    const plan: QuotaPlan = repQuotas(
      owners,
      quadrants,
      frame.numbers('opportunity'),
      conversion,
      rules,
      newReps,
    );
    const share = (v: number) => `${Math.round(v * 100)}%`;
    const opportunity = plan.reps.reduce((s, r) => s + r.opportunity, 0);
    const warnings = plan.bandHolds
      ? []
      : [
          {
            code: 'quota-band-exceeded',
            message: `the target of ${formatCount(Math.round(rules.target as number))} is ${share((rules.target as number) / opportunity)} of the named reps' opportunity, which the band (${share(rules.band.min)}–${share(rules.band.max)} per rep) cannot hold: quotas add up to the target, and ${formatCount(plan.outsideBand)} reps lie outside the band — lower the target, widen the band or add reps`,
          },
        ];
    return { artifact: plan, warnings };
  },
};
