/**
 * Step "spend": spend potential (wallet) per account and whitespace = potential − current spend. Owns `spend`.
 */
import { SpendPotential, type SpendMethod } from '../../models/spend-potential.ts';
import { DataError } from '../../core/errors.ts';
import type { Frame } from '../../data/frame.ts';
import { asConfigError, checkRange, type ConfigSlice } from '../config-slice.ts';
import type { StudyConfig } from '../types.ts';
import type { StudyStep } from '../step.ts';

/** The `spend` slice. */
export interface SpendConfig {
  method: SpendMethod;
  /** Potential = what a well-penetrated peer at this percentile spends. */
  percentile: number;
  /** Fewest customers in a peer cell before falling back to a coarser one. */
  minPeers: number;
}

/** The `spend` slice with its defaults. */
export const spendConfig: ConfigSlice<SpendConfig> = {
  key: 'spend',
  defaults: () => ({ method: 'peer-percentile', percentile: 0.75, minPeers: 8 }),
  validate(c, file) {
    asConfigError(file, 'spend', () => new SpendPotential(c));
    checkRange(c.minPeers, file, 'spend.minPeers', { min: 1, max: 100_000, integer: true });
  },
};

/** Spend potential is learned from customers' spend: without any, say which input would give it. */
function requireSomeSpend(frame: Frame, config: StudyConfig): void {
  if (frame.numbers('current_spend').some((v) => v > 0)) return;
  const { spend, opportunities } = config.inputs;
  const why =
    spend !== null
      ? 'every spend row is 0 or unmatched'
      : opportunities !== null
        ? `no spend file and no won deal closed in the last ${config.mapping.spend.fromDealsMonths} months`
        : 'no spend file and no opportunities file';
  throw new DataError(
    `no account has current spend (${why}); name a spend export in inputs.spend or a deals export with won deals in inputs.opportunities`,
    { file: config.inputs.accounts },
  );
}

/** The spend step: adds `spend_potential` and `whitespace`. */
export const spendStep: StudyStep<'spend'> = {
  name: 'spend',
  label: 'spend potential',
  config: [spendConfig as ConfigSlice<unknown>],
  run({ frame, config }) {
    requireSomeSpend(frame, config);
    const model = new SpendPotential(config.spend).fit(frame, {
      spend: 'current_spend',
      employees: 'employees',
      industry: 'industry',
      ...(config.spend.method === 'log-log' ? { revenue: 'annual_revenue' } : {}),
    });
    const { potential, whitespace, warnings } = model.predict(frame);
    return {
      columns: { spend_potential: potential, whitespace },
      artifact: { model },
      warnings: [...model.warnings, ...warnings],
    };
  },
};
