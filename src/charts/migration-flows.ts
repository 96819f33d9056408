/** Refresh: the largest moves between quadrants (or tiers), as ranked flows "from → to". */
import type { TopLevelSpec } from 'vega-lite';
import { PALETTE, SLIDE, THEME, titleBlock } from './theme.ts';

/**
 * Horizontal bars of the `top` largest off-diagonal moves of a migration matrix.
 *
 * @example
 * migrationFlowsSpec(summary.quadrant_migration, 'quadrant');
 */
export function migrationFlowsSpec(
  matrix: Readonly<Record<string, Readonly<Record<string, number>>>>,
  what: string,
  top = 8,
): TopLevelSpec {
  const flows = Object.entries(matrix)
    .flatMap(([from, row]) =>
      Object.entries(row)
        .filter(([to, n]) => to !== from && n > 0)
        .map(([to, accounts]) => ({ flow: `${from} → ${to}`, from, to, accounts })),
    )
    .sort((a, b) => b.accounts - a.accounts || a.flow.localeCompare(b.flow))
    .slice(0, top);
  const first = flows[0];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    width: SLIDE.width - 280,
    height: { step: 32 },
    title: titleBlock(
      first
        ? `Largest move: ${first.accounts.toLocaleString('en-US')} accounts went ${first.from} → ${first.to}`
        : `No account changed ${what}`,
      `The ${flows.length} largest ${what} changes since the previous run.`,
    ),
    data: { values: flows },
    layer: [
      {
        mark: { type: 'bar', color: PALETTE[0] as string },
        encoding: {
          y: { field: 'flow', type: 'nominal', sort: null, axis: { title: null, labelLimit: 300 } },
          x: { field: 'accounts', type: 'quantitative', axis: { title: 'Accounts' } },
          tooltip: [{ field: 'flow' }, { field: 'accounts', format: ',' }],
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 12 },
        encoding: {
          y: { field: 'flow', type: 'nominal', sort: null },
          x: { field: 'accounts', type: 'quantitative' },
          text: { field: 'accounts', format: ',' },
        },
      },
    ],
  } as TopLevelSpec;
}
