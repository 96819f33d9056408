/** Refresh: drift of each column, as the population stability index. */
import type { TopLevelSpec } from 'vega-lite';
import { titleBlock, INK, PALETTE, SLIDE, THEME } from './theme.ts';

/**
 * Bars of PSI per column with the usual 0.1 (watch) and 0.25 (act) lines.
 *
 * @example
 * psiBarsSpec(summary.psi);
 */
export function psiBarsSpec(psi: Readonly<Record<string, number>>): TopLevelSpec {
  const data = Object.entries(psi)
    .filter(([, v]) => Number.isFinite(v))
    .map(([column, value]) => ({
      column,
      value,
      level:
        value >= 0.25
          ? 'major shift (≥ 0.25)'
          : value >= 0.1
            ? 'moderate shift (0.1–0.25)'
            : 'stable (< 0.1)',
    }));
  const worst = [...data].sort((a, b) => b.value - a.value)[0];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    width: SLIDE.width - 260,
    height: { step: 24 },
    title: titleBlock(
      worst
        ? `Largest drift: ${worst.column.replaceAll('_', ' ')} (PSI ${worst.value.toFixed(2)})`
        : 'No drift measured',
      'Population stability index of each column, current run vs previous. Under 0.1 stable; 0.1–0.25 watch; over 0.25 act.',
    ),
    data: { values: data },
    layer: [
      {
        mark: 'bar',
        encoding: {
          y: {
            field: 'column',
            type: 'nominal',
            sort: null,
            axis: { title: null, labelLimit: 260 },
          },
          x: { field: 'value', type: 'quantitative', axis: { title: 'PSI' } },
          color: {
            field: 'level',
            type: 'nominal',
            scale: {
              domain: ['stable (< 0.1)', 'moderate shift (0.1–0.25)', 'major shift (≥ 0.25)'],
              range: [PALETTE[2] as string, PALETTE[1] as string, PALETTE[4] as string],
            },
            legend: { title: null, orient: 'bottom', labelLimit: 300 },
          },
          tooltip: [{ field: 'column' }, { field: 'value', format: '.3f', title: 'PSI' }],
        },
      },
      {
        data: { values: [{ v: 0.1 }, { v: 0.25 }] },
        mark: { type: 'rule', strokeDash: [4, 3], color: INK.muted },
        encoding: { x: { field: 'v', type: 'quantitative' } },
      },
    ],
  } as TopLevelSpec;
}
