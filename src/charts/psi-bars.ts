/** Refresh: drift of each column, as the population stability index. */
import type { TopLevelSpec } from 'vega-lite';
import { titleBlock, INK, PALETTE, SLIDE, THEME } from './theme.ts';

/** Business names of the columns whose id does not read as words. */
const COLUMN_LABELS: Readonly<Record<string, string>> = {
  log10_employees: 'employees (log scale)',
  log10_revenue: 'annual revenue (log scale)',
  p_alive: 'chance still buying',
  probability: 'lookalike probability',
  lapsed: 'lapsed customers',
};

/**
 * A column as a reader names it: "tech_fit_score" → "tech fit score", "p_alive" → "chance still buying".
 *
 * @example
 * columnLabel('log10_employees'); // 'employees (log scale)'
 */
export function columnLabel(column: string): string {
  return COLUMN_LABELS[column] ?? column.replaceAll('_', ' ');
}

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
      column: columnLabel(column),
      id: column,
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
      worst ? `Largest drift: ${worst.column} (PSI ${worst.value.toFixed(2)})` : 'No drift measured',
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
              range: [PALETTE[5] as string, PALETTE[2] as string, PALETTE[3] as string], // slate, mustard, rose
            },
            legend: { title: null, orient: 'bottom', labelLimit: 300 },
          },
          tooltip: [
            { field: 'column' },
            { field: 'id', title: 'Column id' },
            { field: 'value', format: '.3f', title: 'PSI' },
          ],
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
