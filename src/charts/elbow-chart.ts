/** Choosing the number of personas: inertia (elbow) and silhouette by k. */
import type { TopLevelSpec } from 'vega-lite';
import type { ElbowPoint } from '../models/cluster-selection.ts';
import { PALETTE, SLIDE, THEME, titleBlock } from './theme.ts';

/**
 * Two panels sharing k: inertia (look for the elbow) and silhouette (higher is better), the chosen k marked.
 *
 * @example
 * elbowChartSpec(clusters.elbow, 4);
 */
export function elbowChartSpec(points: readonly ElbowPoint[], chosenK: number): TopLevelSpec {
  const best = [...points]
    .filter((p) => Number.isFinite(p.silhouette))
    .sort((a, b) => b.silhouette - a.silhouette)[0];
  const data = points.map((p) => ({ ...p, chosen: p.k === chosenK ? `chosen k = ${chosenK}` : 'other k' }));
  const panel = (field: 'inertia' | 'silhouette', title: string, color: string) => ({
    width: (SLIDE.width - 120) / 2,
    height: SLIDE.height - 80,
    mark: { type: 'line' as const, color, point: true },
    encoding: {
      x: { field: 'k', type: 'ordinal' as const, axis: { title: 'Number of personas (k)', labelAngle: 0 } },
      y: { field, type: 'quantitative' as const, axis: { title }, scale: { zero: false } },
      tooltip: [{ field: 'k' }, { field, format: field === 'inertia' ? ',.0f' : '.3f' }],
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    title: titleBlock(
      best === undefined || best.k === chosenK
        ? `The study's ${chosenK} personas are where the silhouette peaks`
        : `The study uses ${chosenK} personas (clusters.k); the silhouette peaks at ${best.k}: fewer, more distinct personas`,
      'k-means on customers: inertia falls with k (look for the bend); the silhouette measures how distinct the personas are.',
      SLIDE.width,
    ),
    data: { values: data },
    hconcat: [
      {
        layer: [
          panel('inertia', 'Inertia (within-persona spread)', PALETTE[0] as string),
          {
            mark: { type: 'rule', strokeDash: [4, 3] },
            transform: [{ filter: `datum.k === ${chosenK}` }],
            encoding: { x: { field: 'k', type: 'ordinal' } },
          },
        ],
      },
      {
        layer: [
          panel('silhouette', 'Silhouette (higher = more distinct)', PALETTE[1] as string),
          {
            mark: { type: 'rule', strokeDash: [4, 3] },
            transform: [{ filter: `datum.k === ${chosenK}` }],
            encoding: { x: { field: 'k', type: 'ordinal' } },
          },
        ],
      },
    ],
  } as TopLevelSpec;
}
