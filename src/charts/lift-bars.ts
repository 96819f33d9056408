/** ICP lift bars: how over-represented each attribute value is among customers (1 = like the market). */
import type { TopLevelSpec } from 'vega-lite';
import type { LiftRow } from '../segment/icp-lift.ts';
import { titleBlock, INK, PALETTE, SLIDE, THEME } from './theme.ts';

/**
 * Horizontal bars of lift per value, a rule at 1, significant values (p < 0.05) in colour.
 *
 * @example
 * liftBarsSpec(icp.lift.find((t) => t[0]?.attribute === 'industry'), 'industry');
 */
export function liftBarsSpec(rows: readonly LiftRow[], attribute: string): TopLevelSpec {
  const data = [...rows]
    .sort((a, b) => b.lift - a.lift)
    .map((r) => ({
      ...r,
      significant: r.pValue < 0.05 ? 'significant (p < 0.05)' : 'not significant',
      label: `${r.customers.toLocaleString('en-US')} of ${r.accounts.toLocaleString('en-US')}`,
    }));
  const best = [...rows].filter((r) => r.pValue < 0.05).sort((a, b) => b.lift - a.lift)[0];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    width: SLIDE.width - 200,
    height: { step: 24 },
    title: titleBlock(
      best
        ? `${best.value} accounts are ${best.lift.toFixed(1)}× as common among customers as in the market`
        : `No ${attribute} value stands out among customers`,
      `Lift by ${attribute.replaceAll('_', ' ')}: share of customers ÷ share of the market (1 = no difference). Labels: customers of accounts.`,
    ),
    data: { values: data },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 2 },
        encoding: {
          y: {
            field: 'value',
            type: 'nominal',
            sort: null,
            axis: { title: null, labelLimit: 260 },
          },
          x: { field: 'lift', type: 'quantitative', axis: { title: 'Lift', format: '.1f' } },
          color: {
            field: 'significant',
            type: 'nominal',
            scale: {
              domain: ['significant (p < 0.05)', 'not significant'],
              range: [PALETTE[0] as string, '#c5ccd6'],
            },
            legend: { title: null, orient: 'bottom', labelLimit: 300 },
          },
          tooltip: [
            { field: 'value', title: attribute },
            { field: 'lift', format: '.2f', title: 'Lift' },
            { field: 'customers', title: 'Customers' },
            { field: 'accounts', title: 'Accounts' },
            { field: 'customerRate', format: '.1%', title: 'Customer rate' },
            { field: 'pValue', format: '.2g', title: 'p-value' },
          ],
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: INK.muted },
        encoding: {
          y: { field: 'value', type: 'nominal', sort: null },
          x: { field: 'lift', type: 'quantitative' },
          text: { field: 'label' },
        },
      },
      {
        data: { values: [{ one: 1 }] },
        mark: { type: 'rule', color: INK.accent, strokeDash: [4, 3] },
        encoding: { x: { field: 'one', type: 'quantitative' } },
      },
    ],
  } as TopLevelSpec;
}
