/**
 * Step "road": opportunity = probability × whitespace, the ROAD thresholds, each account's quadrant and
 * motion, and the totals per quadrant. Owns `road`.
 */
import {
  opportunityOf,
  quadrantTotals,
  roadMotions,
  roadQuadrants,
  roadThresholds,
  type QuadrantTotals,
  type RoadThresholds,
  type ThresholdRule,
} from '../../segment/road.ts';
import type { RoadQuadrant } from '../../segment/vocabulary.ts';
import { artifactOf, type StudyStep } from '../step.ts';
import { warning, type Warning } from '../../core/errors.ts';
import { formatCount } from '../../core/format.ts';
import type { Frame } from '../../data/frame.ts';
import { check, isJsonObject, type ConfigSlice } from '../config-slice.ts';

/** The `road` slice: how the spend and opportunity thresholds are set. */
export interface RoadConfig {
  spend: ThresholdRule;
  opportunity: ThresholdRule;
}

function validateRule(rule: unknown, key: string, file: string): void {
  const keys = isJsonObject(rule) ? Object.keys(rule) : [];
  check(
    keys.length === 1 && (keys[0] === 'percentile' || keys[0] === 'value'),
    file,
    `road.${key} must be {"percentile": p} or {"value": dollars}`,
  );
  const r = rule as Record<string, unknown>;
  if ('percentile' in r)
    check(
      typeof r.percentile === 'number' && r.percentile > 0 && r.percentile < 1,
      file,
      `road.${key}.percentile=${String(r.percentile)} must be between 0 and 1`,
    );
  if ('value' in r)
    check(
      typeof r.value === 'number' && r.value >= 0 && r.value <= 1e13,
      file,
      `road.${key}.value=${String(r.value)} must be a number of dollars from 0 to 10,000,000,000,000`,
    );
}

/** The `road` slice with its defaults (medians). */
export const roadConfig: ConfigSlice<RoadConfig> = {
  key: 'road',
  defaults: () => ({ spend: { percentile: 0.5 }, opportunity: { percentile: 0.5 } }),
  // A threshold rule is one of two shapes: the user's rule replaces the default one as a whole.
  merge(defaults, user, { file }) {
    check(isJsonObject(user), file, 'road must be an object');
    return { ...defaults, ...(user as object) } as RoadConfig;
  },
  validate(c, file) {
    for (const key of Object.keys(c))
      check(
        key === 'spend' || key === 'opportunity',
        file,
        `unknown key "road.${key}" (known: "spend", "opportunity")`,
      );
    validateRule(c.spend, 'spend', file);
    validateRule(c.opportunity, 'opportunity', file);
  },
};

/** The ROAD step's artifact. */
export interface RoadArtifact {
  thresholds: RoadThresholds;
  totals: QuadrantTotals[];
}

/** The columns {@link customersAsNewLogos} reads: flags 1 for yes (numbers or bytes), spend in money. */
export interface CustomerColumns {
  isCustomer: ArrayLike<number>;
  spend: ArrayLike<number>;
  /** 1: no spend in the window though the account spent before; null without the column. */
  lapsed: ArrayLike<number> | null;
}

/**
 * A frame's {@link CustomerColumns}.
 *
 * @example
 * customerColumns(frame).lapsed; // null when the frame has no "lapsed" column
 */
export function customerColumns(frame: Frame): CustomerColumns {
  return {
    isCustomer: frame.numbers('is_customer'),
    spend: frame.numbers('current_spend'),
    lapsed: frame.has('lapsed') ? frame.numbers('lapsed') : null,
  };
}

/**
 * A warning naming how many customers sit in the low-spend quadrants (Acquire, Opportunistic) with no current
 * spend, as if they were prospects, and why (lapsed): a sales lead should see them before routing.
 *
 * @example
 * customersAsNewLogos(customerColumns(frame), quadrants)[0]?.message; // '12 of 1,400 customers have no current spend and sit in Acquire or Opportunistic …'
 */
export function customersAsNewLogos(
  columns: CustomerColumns,
  quadrants: readonly (RoadQuadrant | null)[],
): Warning[] {
  const { isCustomer: customer, spend, lapsed } = columns;
  let customers = 0;
  let asProspects = 0;
  let lapsedOnes = 0;
  quadrants.forEach((q, i) => {
    if (customer[i] !== 1) return;
    customers++;
    if ((q !== 'Acquire' && q !== 'Opportunistic') || (spend[i] as number) > 0) return;
    asProspects++;
    if (lapsed?.[i] === 1) lapsedOnes++;
  });
  if (asProspects === 0) return [];
  return [
    warning(
      'customers-as-prospects',
      `${formatCount(asProspects)} of ${formatCount(customers)} customers have no current spend and sit in Acquire or Opportunistic${lapsedOnes > 0 ? ` (${formatCount(lapsedOnes)} lapsed: no spend in the window)` : ''}, where the motions are for new logos and self-serve; check their spend (or mapping.spend.lapsedSpend) before routing them`,
    ),
  ];
}

/** The ROAD step: adds `opportunity`, `road_quadrant` and `motion`. */
export const roadStep: StudyStep<'road'> = {
  name: 'road',
  label: 'ROAD quadrants',
  reads: ['is_customer', 'current_spend', 'probability', 'spend_potential', 'whitespace'],
  config: [roadConfig as ConfigSlice<unknown>],
  run(state) {
    const { frame, config } = state;
    artifactOf(state, 'spend', 'road');
    const spend = frame.numbers('current_spend');
    const whitespace = frame.numbers('whitespace');
    const opportunity = opportunityOf(frame.numbers('probability'), whitespace);
    const thresholds = roadThresholds(spend, opportunity, config.road);
    const quadrants: (RoadQuadrant | null)[] = roadQuadrants(spend, opportunity, thresholds);
    return {
      warnings: customersAsNewLogos(customerColumns(frame), quadrants),
      columns: {
        opportunity,
        road_quadrant: quadrants,
        motion: roadMotions(quadrants, frame.numbers('is_customer')),
      },
      artifact: {
        thresholds,
        totals: quadrantTotals(quadrants, spend, frame.numbers('spend_potential'), whitespace, opportunity),
      },
    };
  },
};
