/** Cumulative gains of the lookalike model: how many customers the top x % of scored accounts contain. */
import type { TopLevelSpec } from 'vega-lite';
import type { GainsRow } from '../models/metrics.ts';
import { titleBlock, INK, PALETTE, SLIDE, THEME } from './theme.ts';

/**
 * The gains curve by decile against the random-targeting diagonal.
 *
 * @example
 * gainsChartSpec(gainsTable(isCustomer, probability), 0.73);
 */
export function gainsChartSpec(gains: readonly GainsRow[], cvAuc?: number): TopLevelSpec {
  const total = gains.reduce((s, g) => s + g.accounts, 0);
  let reached = 0;
  const points = [
    { share: 0, gain: 0, model: 'Lookalike model' },
    ...gains.map(
      (g) => (
        (reached += g.accounts),
        { share: reached / total, gain: g.cumulativeGain, model: 'Lookalike model' }
      ),
    ),
  ];
  const top =
    gains.slice(0, 2).reduce((s, g) => s + g.positives, 0) /
    Math.max(
      1,
      gains.reduce((s, g) => s + g.positives, 0),
    );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    width: SLIDE.width - 200,
    height: SLIDE.height,
    title: titleBlock(
      `The top 20% of accounts by fit hold ${Math.round(top * 100)}% of customers`,
      `Cumulative share of customers captured, accounts sorted by lookalike probability${cvAuc === undefined ? '' : `; cross-validated AUC ${cvAuc.toFixed(3)}`}.`,
    ),
    layer: [
      {
        data: {
          values: [
            { share: 0, gain: 0 },
            { share: 1, gain: 1 },
          ],
        },
        mark: { type: 'line', strokeDash: [5, 4], color: INK.muted },
        encoding: { x: { field: 'share', type: 'quantitative' }, y: { field: 'gain', type: 'quantitative' } },
      },
      {
        data: { values: points },
        mark: { type: 'line', point: true, color: PALETTE[0] as string, strokeWidth: 3 },
        encoding: {
          x: {
            field: 'share',
            type: 'quantitative',
            axis: { title: 'Share of accounts targeted (by fit)', format: '.0%' },
          },
          y: {
            field: 'gain',
            type: 'quantitative',
            axis: { title: 'Share of customers captured', format: '.0%' },
          },
          tooltip: [
            { field: 'share', format: '.0%', title: 'Accounts' },
            { field: 'gain', format: '.1%', title: 'Customers' },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}
