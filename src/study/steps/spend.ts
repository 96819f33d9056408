/**
 * Step "spend": spend potential (wallet) per account and whitespace = potential − current spend. Owns `spend`.
 */
import { SpendPotential, type SpendMethod } from '../../models/spend-potential.ts';
import { unreadColumnHints } from '../header-hints.ts';
import type { QualityReport } from '../../cleanse/quality.ts';
import { DataError } from '../../core/errors.ts';
import type { Frame } from '../../data/frame.ts';
import { asConfigError, checkRange, type ConfigSlice } from '../config-slice.ts';
import type { StudyConfig } from '../types.ts';
import type { StudyStep } from '../step.ts';
import type { ProductSpend } from '../../segment/inputs/spend.ts';
import { lineColumn, splitWhitespace, type WhitespaceSplit } from '../../segment/whitespace-split.ts';

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

/**
 * The account spend model; when too few customers have a size, the error names the accounts file's headers
 * that look like the size columns it did not read, and the key that maps them.
 */
function fitWithHints(frame: Frame, config: StudyConfig, quality: QualityReport | null): SpendPotential {
  try {
    return new SpendPotential(config.spend).fit(frame, {
      spend: 'current_spend',
      employees: 'employees',
      industry: 'industry',
      ...(config.spend.method === 'log-log' ? { revenue: 'annual_revenue' } : {}),
    });
  } catch (error) {
    if (!(error instanceof DataError) || !error.detail.startsWith('only ')) throw error;
    const hints = unreadColumnHints(quality, ['employees']);
    if (hints.length === 0) throw error;
    throw new DataError(`${error.detail}; ${hints.join('; ')}`, error.location);
  }
}

/** The spend step's artifact: the account model, and the whitespace by motion and product line (or null). */
export interface SpendArtifact {
  model: SpendPotential;
  productLines: { lines: string[]; columns: string[]; totals: WhitespaceSplit['totals'] } | null;
}

/** Each product line's whitespace: its own peer model, fitted on the line's buyers. */
function lineWhitespace(frame: Frame, config: StudyConfig, productSpend: ProductSpend) {
  return productSpend.lines.map((line, k) => {
    const withLine = frame.withColumn('line_spend', productSpend.spend[k] as Float64Array);
    try {
      const model = new SpendPotential(config.spend).fit(withLine, {
        spend: 'line_spend',
        employees: 'employees',
        industry: 'industry',
        ...(config.spend.method === 'log-log' ? { revenue: 'annual_revenue' } : {}),
      });
      return model.predict(withLine).whitespace;
    } catch (error) {
      if (error instanceof DataError)
        throw new DataError(`product line "${line}": ${error.detail}`, {
          file: config.inputs.spend ?? undefined,
        });
      throw error;
    }
  });
}

/** Unique column names for the lines' whitespace. */
function lineColumns(lines: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((line) => {
    const base = lineColumn(line);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}_${count}`;
  });
}

/** The whitespace split by motion and line, as columns and totals. */
function productLineSplit(
  frame: Frame,
  config: StudyConfig,
  productSpend: ProductSpend,
  whitespace: Float64Array,
) {
  const lines = lineWhitespace(frame, config, productSpend);
  const split = splitWhitespace(
    productSpend.lines,
    whitespace,
    frame.numbers('is_customer'),
    productSpend.spend,
    lines,
  );
  const columns = lineColumns(productSpend.lines);
  return {
    columns: {
      whitespace_new_logo: split.newLogo,
      whitespace_upsell: split.upsell,
      whitespace_cross_sell: split.crossSell,
      ...Object.fromEntries(columns.map((c, k) => [c, split.byLine[k] as Float64Array])),
    },
    artifact: { lines: productSpend.lines, columns, totals: split.totals },
  };
}

/** The spend step: adds `spend_potential` and `whitespace`. */
export const spendStep: StudyStep<'spend'> = {
  name: 'spend',
  label: 'spend potential',
  reads: ['is_customer', 'current_spend'],
  config: [spendConfig as ConfigSlice<unknown>],
  run(state) {
    const { frame, config } = state;
    requireSomeSpend(frame, config);
    const model = fitWithHints(frame, config, state.artifacts.assemble?.quality ?? null);
    const { potential, whitespace, basis, warnings } = model.predict(frame);
    // The engine runs this step on an assembled table, without the assemble step: no product lines there.
    const productSpend = state.artifacts.assemble?.productSpend ?? null;
    const split = productSpend === null ? null : productLineSplit(frame, config, productSpend, whitespace);
    return {
      columns: { spend_potential: potential, whitespace, potential_basis: basis, ...split?.columns },
      artifact: { model, productLines: split?.artifact ?? null },
      warnings: [...model.warnings, ...warnings],
    };
  },
};
