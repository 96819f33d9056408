/** Does the lookalike earn its keep? Win rate and average deal size by fit-score decile. */
import type { TopLevelSpec } from 'vega-lite';
import type { PerformanceRow } from '../segment/performance.ts';
import { PALETTE, SLIDE, themeFor, titleBlock } from './theme.ts';
import { moneyExpression } from '../core/format.ts';

/**
 * Two panels over fit deciles (1 = lowest fit, 10 = highest): win rate with its 95 % interval, and average won
 * deal size; bars labelled with closed deals so small cells are visible.
 *
 * @example
 * fitDecilePerformanceSpec(performance.filter((r) => r.dimension === 'fit_decile'));
 */
export function fitDecilePerformanceSpec(rows: readonly PerformanceRow[], currency: string): TopLevelSpec {
  const data = rows.map((r) => ({
    decile: Number(r.segment),
    win_rate: r.win_rate,
    low: r.win_rate_low,
    high: r.win_rate_high,
    acv: r.avg_deal_size,
    closed: r.deals_won + r.deals_lost,
  }));
  const known = data.filter((d) => Number.isFinite(d.win_rate));
  const bottom = known.slice(0, 3);
  const top = known.slice(-3);
  const avg = (xs: typeof known, f: (d: (typeof known)[number]) => number) =>
    xs.reduce((s, d) => s + f(d), 0) / Math.max(1, xs.length);
  const ratio =
    avg(bottom, (d) => d.win_rate) > 0
      ? avg(top, (d) => d.win_rate) / avg(bottom, (d) => d.win_rate)
      : Number.NaN;
  // The title names the deciles it compares, so it reads off the chart (not the best decile against the worst).
  const span = (xs: typeof known) =>
    xs.length === 1 ? `decile ${xs[0]?.decile}` : `deciles ${xs[0]?.decile}–${xs.at(-1)?.decile}`;
  const title = Number.isFinite(ratio)
    ? `Fit ${span(top)} win ${ratio.toFixed(1)}× as often as ${span(bottom)}`
    : 'Win rate and deal size by fit score';
  const panel = { width: (SLIDE.width - 140) / 2, height: SLIDE.height - 100 };
  const x = {
    field: 'decile',
    type: 'ordinal' as const,
    axis: { title: 'Fit-score decile (10 = best fit)', labelAngle: 0 },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: themeFor(currency),
    title: titleBlock(
      title,
      'Closed opportunities by the fit decile of their account: win rate with its 95% interval (left), average won deal size (right). Open deals are not counted.',
    ),
    data: { values: data },
    hconcat: [
      {
        ...panel,
        layer: [
          {
            mark: { type: 'bar', color: PALETTE[0] as string },
            encoding: {
              x,
              y: { field: 'win_rate', type: 'quantitative', axis: { title: 'Win rate', format: '.0%' } },
              tooltip: [
                { field: 'decile' },
                { field: 'win_rate', format: '.1%', title: 'Win rate' },
                { field: 'closed', title: 'Closed deals' },
              ],
            },
          },
          {
            mark: { type: 'rule', color: '#1f2933' },
            encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
          },
        ],
      },
      {
        ...panel,
        mark: { type: 'bar', color: PALETTE[1] as string },
        encoding: {
          x,
          y: {
            field: 'acv',
            type: 'quantitative',
            axis: { title: 'Average won deal', labelExpr: moneyExpression('datum.value', currency) },
          },
          tooltip: [{ field: 'decile' }, { field: 'acv', format: '$,.0f', title: 'Average deal' }],
        },
      },
    ],
  } as TopLevelSpec;
}
