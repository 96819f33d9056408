/** Personas at a glance: each persona's average of each feature, coloured by how far it is from the rest. */
import type { TopLevelSpec } from 'vega-lite';
import { formatMoney } from '../core/format.ts';
import type { ClusterProfile } from '../models/cluster-profiles.ts';
import { SLIDE, THEME, titleBlock } from './theme.ts';

function formatValue(column: string, v: number, currency: string): string {
  if (!Number.isFinite(v)) return '–';
  if (/spend|revenue|potential|whitespace/.test(column) && !column.startsWith('log10'))
    return formatMoney(v, currency);
  if (column === 'employees' || Math.abs(v) >= 100) return Math.round(v).toLocaleString('en-US');
  return v.toFixed(2);
}

/**
 * A heatmap: rows = personas (with size), columns = features; cells show the persona's mean in original units,
 * coloured by log₂(mean ÷ the customers' mean).
 *
 * @example
 * personaProfileSpec(clusters.profiles, ['employees', 'current_spend', 'tech_fit_score'], 'EUR');
 */
export function personaProfileSpec(
  profiles: readonly ClusterProfile[],
  columns: readonly string[],
  currency = 'USD',
): TopLevelSpec {
  const total = profiles.reduce((s, p) => s + p.accounts, 0);
  const overall = Object.fromEntries(
    columns.map((c) => [
      c,
      profiles.reduce(
        (s, p) => s + (Number.isFinite(p.means[c] as number) ? (p.means[c] as number) * p.accounts : 0),
        0,
      ) / Math.max(1, total),
    ]),
  );
  const label = (p: ClusterProfile) => {
    const top = p.topCategories.industry?.[0];
    return `Persona ${p.cluster + 1}: ${p.accounts.toLocaleString('en-US')} customers${top ? `, ${Math.round(top.share * 100)}% ${top.value}` : ''}`;
  };
  const data = profiles.flatMap((p) =>
    columns.map((c) => {
      const mean = p.means[c] as number;
      const base = overall[c] as number;
      const ratio = Number.isFinite(mean) && base > 0 && mean > 0 ? Math.log2(mean / base) : 0;
      return {
        persona: label(p),
        feature: c.replaceAll('_', ' '),
        value: formatValue(c, mean, currency),
        ratio: Math.max(-2, Math.min(2, ratio)),
      };
    }),
  );
  const biggest = [...profiles].sort((a, b) => b.accounts - a.accounts)[0];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    width: Math.min(SLIDE.width - 260, 130 * columns.length),
    height: { step: 48 },
    title: titleBlock(
      biggest
        ? `${profiles.length} customer personas; the largest is ${Math.round((100 * biggest.accounts) / Math.max(1, total))}% of customers`
        : 'Customer personas',
      "Average of each feature per persona (k-means on customers). Blue: above the customers' average; red: below.",
    ),
    data: { values: data },
    encoding: {
      x: {
        field: 'feature',
        type: 'nominal',
        sort: columns.map((c) => c.replaceAll('_', ' ')),
        axis: { title: null, orient: 'top', labelAngle: 0, labelLimit: 240 },
      },
      y: { field: 'persona', type: 'nominal', axis: { title: null, labelLimit: 520 } },
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: {
            field: 'ratio',
            type: 'quantitative',
            scale: { domain: [-2, 2], scheme: 'redblue' },
            legend: null,
          },
          tooltip: [{ field: 'persona' }, { field: 'feature' }, { field: 'value', title: 'Average' }],
        },
      },
      { mark: { type: 'text', fontSize: 13 }, encoding: { text: { field: 'value' } } },
    ],
  } as TopLevelSpec;
}
