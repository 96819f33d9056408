/** Spend and whitespace per ROAD quadrant: where the money is today and where it could be. */
import type { TopLevelSpec } from 'vega-lite';
import type { QuadrantTotals } from '../segment/road.ts';
import { titleBlock, PALETTE, SLIDE, themeFor } from './theme.ts';
import { formatMoney, moneyExpression } from '../core/format.ts';

/**
 * Grouped bars of current spend and whitespace by quadrant.
 *
 * @example
 * quadrantBarsSpec(road.totals);
 */
export function quadrantBarsSpec(totals: readonly QuadrantTotals[], currency: string): TopLevelSpec {
  const data = totals.flatMap((t) => [
    {
      quadrant: `${t.quadrant} (${t.accounts.toLocaleString('en-US')})`,
      measure: 'Current spend',
      value: t.spend,
    },
    {
      quadrant: `${t.quadrant} (${t.accounts.toLocaleString('en-US')})`,
      measure: 'Whitespace',
      value: t.whitespace,
    },
  ]);
  const spend = totals.reduce((s, t) => s + t.spend, 0);
  const whitespace = totals.reduce((s, t) => s + t.whitespace, 0);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: themeFor(currency),
    width: SLIDE.width - 160,
    height: SLIDE.height - 60,
    title: titleBlock(
      `${formatMoney(whitespace, currency)} of whitespace on top of ${formatMoney(spend, currency)} current spend`,
      'By ROAD quadrant (accounts in brackets). Whitespace = spend potential − current spend.',
    ),
    data: { values: data },
    mark: { type: 'bar', cornerRadiusEnd: 2 },
    encoding: {
      y: { field: 'quadrant', type: 'nominal', axis: { title: null, labelLimit: 260 }, sort: null },
      yOffset: { field: 'measure' },
      x: {
        field: 'value',
        type: 'quantitative',
        axis: { title: null, labelExpr: moneyExpression('datum.value', currency) },
      },
      color: {
        field: 'measure',
        type: 'nominal',
        scale: { range: [PALETTE[0] as string, PALETTE[1] as string] },
        legend: { title: null, orient: 'bottom' },
      },
      tooltip: [{ field: 'quadrant' }, { field: 'measure' }, { field: 'value', format: '$,.0f' }],
    },
  } as TopLevelSpec;
}
