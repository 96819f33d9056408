/** Fit × engagement: the priority grid's accounts per cell, as a heatmap. */
import type { TopLevelSpec } from 'vega-lite';
import { formatCount } from '../core/format.ts';
import { ENGAGEMENT_DIGITS, FIT_LETTERS, NO_SIGNAL } from '../segment/engagement-score.ts';
import { SLIDE, THEME, titleBlock } from './theme.ts';

/**
 * Accounts per cell of the fit (A–D) × engagement (1–4, "–" = no signal) grid. Counts the cells of
 * `segments.csv`'s `priority_cell`.
 *
 * @example
 * priorityGridSpec(['A1', 'A1', 'B–', null]);
 */
export function priorityGridSpec(cells: readonly (string | null)[]): TopLevelSpec {
  const counts = new Map<string, number>();
  for (const c of cells) if (c !== null) counts.set(c, (counts.get(c) ?? 0) + 1);
  return priorityGridOfCounts(counts);
}

/**
 * {@link priorityGridSpec} of accounts already counted per cell.
 *
 * @example
 * priorityGridOfCounts(new Map([['A1', 2], ['B–', 1]]));
 */
export function priorityGridOfCounts(counts: ReadonlyMap<string, number>): TopLevelSpec {
  const columns = [...ENGAGEMENT_DIGITS, NO_SIGNAL];
  const data = FIT_LETTERS.flatMap((fit) =>
    columns.map((engagement) => ({
      fit: `${fit} (fit)`,
      engagement: engagement === NO_SIGNAL ? 'no signal' : `${engagement}`,
      accounts: counts.get(`${fit}${engagement}`) ?? 0,
    })),
  );
  const a1 = counts.get('A1') ?? 0;
  const noSignal = FIT_LETTERS.reduce((s, f) => s + (counts.get(`${f}${NO_SIGNAL}`) ?? 0), 0);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    title: titleBlock(
      `${formatCount(a1)} accounts fit best and are the most engaged (A1): work them first`,
      `Fit quartile A (fit score ≥ 75) to D × engagement quartile 1 (engagement score ≥ 75) to 4; ${formatCount(noSignal)} accounts have no engagement data ("no signal"), which is not the same as no interest.`,
    ),
    width: SLIDE.width - 260,
    height: SLIDE.height - 120,
    data: { values: data },
    encoding: {
      x: {
        field: 'engagement',
        type: 'ordinal',
        sort: [...ENGAGEMENT_DIGITS, 'no signal'],
        axis: { title: 'Engagement (1 = most engaged)', labelAngle: 0 },
      },
      y: { field: 'fit', type: 'ordinal', axis: { title: null } },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 2 },
        encoding: {
          color: {
            field: 'accounts',
            type: 'quantitative',
            scale: { scheme: 'greens' },
            legend: { title: 'Accounts' },
          },
          tooltip: [{ field: 'fit' }, { field: 'engagement' }, { field: 'accounts', format: ',' }],
        },
      },
      {
        mark: { type: 'text', fontSize: 15 },
        encoding: {
          text: { field: 'accounts', type: 'quantitative', format: ',' },
          color: { condition: { test: 'datum.accounts > 1500', value: '#ffffff' }, value: '#1f2933' },
        },
      },
    ],
  };
}
