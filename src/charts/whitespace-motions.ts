/** Whitespace by motion (new logo, upsell, cross-sell), stacked by product line. */
import type { TopLevelSpec } from 'vega-lite';
import { WHITESPACE_MOTIONS, type WhitespaceSplit } from '../segment/whitespace-split.ts';
import { INK, PALETTE, SLIDE, themeFor, titleBlock } from './theme.ts';
import { formatMoney, moneyExpression } from '../core/format.ts';

/**
 * One bar per motion, stacked by product line; the title names the largest motion and its share.
 *
 * @example
 * whitespaceMotionsSpec(road.whitespaceByMotion);
 */
export function whitespaceMotionsSpec(totals: WhitespaceSplit['totals'], currency: string): TopLevelSpec {
  const all = totals.reduce((s, t) => s + t.whitespace, 0);
  const byMotion = WHITESPACE_MOTIONS.map((motion) => ({
    motion,
    whitespace: totals.filter((t) => t.motion === motion).reduce((s, t) => s + t.whitespace, 0),
  }));
  const top = [...byMotion].sort((a, b) => b.whitespace - a.whitespace)[0] as (typeof byMotion)[number];
  const customers = byMotion.filter((m) => m.motion !== 'New logo').reduce((s, m) => s + m.whitespace, 0);
  const cross = byMotion.find((m) => m.motion === 'Cross-sell')?.whitespace ?? 0;
  const lines = [...new Set(totals.map((t) => t.line))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: themeFor(currency),
    width: SLIDE.width - 260,
    height: { step: 56 },
    title: titleBlock(
      `${top.motion} is ${Math.round((top.whitespace / all) * 100)}% of the whitespace (${formatMoney(top.whitespace, currency)})`,
      `Of customers' ${formatMoney(customers, currency)} whitespace, ${Math.round((cross / Math.max(customers, 1)) * 100)}% is cross-sell: lines they do not buy yet. Whitespace split by each line's potential among its buyers.`,
    ),
    data: { values: totals.map((t) => ({ ...t })) },
    encoding: {
      y: { field: 'motion', type: 'nominal', sort: [...WHITESPACE_MOTIONS], axis: { title: null } },
    },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          x: {
            field: 'whitespace',
            type: 'quantitative',
            aggregate: 'sum',
            axis: { title: 'Whitespace', labelExpr: moneyExpression('datum.value', currency) },
          },
          color: {
            field: 'line',
            type: 'nominal',
            scale: { domain: lines, range: PALETTE.slice(0, Math.max(lines.length, 1)) as string[] },
            legend: { title: 'Product line', orient: 'bottom' },
          },
          tooltip: [
            { field: 'motion', title: 'Motion' },
            { field: 'line', title: 'Product line' },
            { field: 'whitespace', title: 'Whitespace', format: '$,.0f' },
          ],
        },
      },
      {
        transform: [
          { aggregate: [{ op: 'sum', field: 'whitespace', as: 'total' }], groupby: ['motion'] },
          { calculate: moneyExpression('datum.total', currency), as: 'label' },
        ],
        mark: { type: 'text', align: 'left', dx: 6, fontSize: 14, color: INK.text },
        encoding: { x: { field: 'total', type: 'quantitative' }, text: { field: 'label' } },
      },
    ],
  } as TopLevelSpec;
}
