/** Whitespace by size segment, split by ROAD quadrant: where the potential sits by company size. */
import type { TopLevelSpec } from 'vega-lite';
import { ROAD_COLORS, SLIDE, themeFor, titleBlock } from './theme.ts';
import { formatMoney, moneyExpression } from '../core/format.ts';

/** Whitespace of one size segment × quadrant. */
export interface SegmentWhitespace {
  segment: string;
  quadrant: string;
  accounts: number;
  whitespace: number;
}

/**
 * Whitespace and accounts per size segment × quadrant (accounts without a quadrant or whitespace are left
 * out; an unknown size is "Unknown"), in order of first appearance.
 *
 * @example
 * whitespaceBySegment(['SMB', null], ['Acquire', 'Acquire'], new Float64Array([10, 5]));
 * // [{ segment: 'SMB', quadrant: 'Acquire', accounts: 1, whitespace: 10 }, { segment: 'Unknown', … }]
 */
export function whitespaceBySegment(
  sizes: readonly (string | null)[],
  quadrants: readonly (string | null)[],
  whitespace: ArrayLike<number>,
): SegmentWhitespace[] {
  const cells = new Map<string, SegmentWhitespace>();
  for (let i = 0; i < quadrants.length; i++) {
    const quadrant = quadrants[i] ?? null;
    const w = whitespace[i] as number;
    if (quadrant === null || Number.isNaN(w)) continue;
    const segment = sizes[i] ?? 'Unknown';
    const key = `${segment}|${quadrant}`;
    const cell = cells.get(key) ?? { segment, quadrant, accounts: 0, whitespace: 0 };
    cell.accounts++;
    cell.whitespace += w;
    cells.set(key, cell);
  }
  return [...cells.values()];
}

/**
 * Stacked bars of whitespace per size segment, coloured by quadrant.
 *
 * @example
 * segmentPotentialSpec(rows);
 */
export function segmentPotentialSpec(rows: readonly SegmentWhitespace[], currency: string): TopLevelSpec {
  const bySegment = new Map<string, number>();
  for (const r of rows) bySegment.set(r.segment, (bySegment.get(r.segment) ?? 0) + r.whitespace);
  const top = [...bySegment].sort((a, b) => b[1] - a[1])[0];
  const total = [...bySegment.values()].reduce((s, v) => s + v, 0);
  const quadrants = Object.keys(ROAD_COLORS);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: themeFor(currency),
    width: SLIDE.width - 200,
    height: { step: 56 },
    title: titleBlock(
      top
        ? `${top[0]} accounts hold ${Math.round((100 * top[1]) / Math.max(1, total))}% of the whitespace (${formatMoney(top[1], currency)})`
        : 'Whitespace by size segment',
      'Whitespace (spend potential − current spend) by size segment, split by ROAD quadrant.',
    ),
    data: { values: rows.map((r) => ({ ...r })) },
    mark: 'bar',
    encoding: {
      y: {
        field: 'segment',
        type: 'nominal',
        sort: ['Enterprise', 'Mid-Market', 'SMB', 'Unknown'],
        axis: { title: null },
      },
      x: {
        field: 'whitespace',
        type: 'quantitative',
        aggregate: 'sum',
        axis: { title: 'Whitespace', labelExpr: moneyExpression('datum.value', currency) },
      },
      color: {
        field: 'quadrant',
        type: 'nominal',
        scale: { domain: quadrants, range: quadrants.map((q) => ROAD_COLORS[q as keyof typeof ROAD_COLORS]) },
        legend: { title: null, orient: 'bottom' },
      },
      tooltip: [
        { field: 'segment' },
        { field: 'quadrant' },
        { field: 'accounts', title: 'Accounts' },
        { field: 'whitespace', format: '$,.0f', title: 'Whitespace' },
      ],
    },
  } as TopLevelSpec;
}
