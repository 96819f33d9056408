/** Did last run's scores predict this run's wins? Conversion of earlier non-customers by their earlier fit decile. */
import type { TopLevelSpec } from 'vega-lite';
import type { BacktestResult } from '../segment/backtest.ts';
import { formatCount } from '../core/format.ts';
import { PALETTE, SLIDE, THEME, titleBlock } from './theme.ts';

/**
 * Bars of the share of earlier non-customers that became customers, by the fit decile the earlier run gave them,
 * with the overall rate as a rule; the title states the top decile's lift and the AUC.
 *
 * @example
 * backtestDecilesSpec(backtest(may, november, runs));
 */
export function backtestDecilesSpec(result: BacktestResult): TopLevelSpec {
  const overall = result.becameCustomers / result.accounts;
  const data = result.byDecile.map((g, d) => ({
    decile: d + 1,
    rate: g.conversionRate,
    accounts: g.accounts,
    became: g.becameCustomers,
  }));
  const x = {
    field: 'decile',
    type: 'ordinal' as const,
    axis: { title: 'Earlier fit-score decile (10 = best fit)', labelAngle: 0 },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    title: titleBlock(
      `The top fit decile became customers ${result.topDecileLift.value.toFixed(1)}× as often as average`,
      `${formatCount(result.becameCustomers)} of ${formatCount(result.accounts)} earlier non-customers became customers by the later run; AUC of the earlier score ${result.auc.value.toFixed(3)} (95% ${result.auc.low.toFixed(3)}–${result.auc.high.toFixed(3)}). The line is the average rate.`,
    ),
    width: SLIDE.width - 100,
    height: SLIDE.height - 110,
    layer: [
      {
        data: { values: data },
        mark: { type: 'bar', color: PALETTE[2] as string },
        encoding: {
          x,
          y: { field: 'rate', type: 'quantitative', axis: { title: 'Became customers', format: '.1%' } },
          tooltip: [
            { field: 'decile', title: 'Earlier decile' },
            { field: 'accounts', title: 'Non-customers then' },
            { field: 'became', title: 'Customers now' },
            { field: 'rate', format: '.2%', title: 'Rate' },
          ],
        },
      },
      {
        data: { values: [{ overall }] },
        mark: { type: 'rule', color: '#1f2933', strokeDash: [4, 3] },
        encoding: { y: { field: 'overall', type: 'quantitative' } },
      },
    ],
  };
}
