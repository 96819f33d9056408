/** Refresh: how accounts moved between quadrants (or tiers) since the previous run. */
import type { TopLevelSpec } from 'vega-lite';
import { titleBlock, INK, SLIDE, THEME } from './theme.ts';

/**
 * A heatmap of previous × current counts, with the counts written in the cells.
 *
 * @example
 * migrationHeatmapSpec(summary.quadrant_migration, 'quadrant');
 */
export function migrationHeatmapSpec(
  matrix: Readonly<Record<string, Readonly<Record<string, number>>>>,
  what: string,
): TopLevelSpec {
  const labels = Object.keys(matrix);
  const data = labels.flatMap((from) =>
    labels.map((to) => ({
      from,
      to,
      accounts: (matrix[from] as Record<string, number>)[to] ?? 0,
      stayed: from === to,
    })),
  );
  const total = data.reduce((s, d) => s + d.accounts, 0);
  const moved = data.filter((d) => !d.stayed).reduce((s, d) => s + d.accounts, 0);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    width: Math.min(SLIDE.width - 200, 90 * labels.length),
    height: Math.min(SLIDE.height, 60 * labels.length),
    title: titleBlock(
      `${moved.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} accounts changed ${what} since the last run`,
      `Rows: previous ${what}; columns: current ${what}. The diagonal stayed.`,
    ),
    data: { values: data },
    encoding: {
      x: {
        field: 'to',
        type: 'nominal',
        sort: labels,
        axis: { title: `Current ${what}`, orient: 'top', labelAngle: 0 },
      },
      y: { field: 'from', type: 'nominal', sort: labels, axis: { title: `Previous ${what}` } },
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: {
            field: 'accounts',
            type: 'quantitative',
            scale: { type: 'symlog', scheme: 'blues' },
            legend: null,
          },
          tooltip: [
            { field: 'from', title: 'Previous' },
            { field: 'to', title: 'Current' },
            { field: 'accounts', title: 'Accounts' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 13 },
        encoding: {
          text: { field: 'accounts', format: ',' },
          color: { condition: { test: `datum.accounts > ${total / 20}`, value: '#ffffff' }, value: INK.text },
        },
      },
    ],
  } as TopLevelSpec;
}
