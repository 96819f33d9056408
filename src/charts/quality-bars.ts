/** Data quality per column after cleansing: how much of each column could be used, and how much was not. */
import type { TopLevelSpec } from 'vega-lite';
import type { QualityReport } from '../cleanse/quality.ts';
import { INK, PALETTE, SLIDE, THEME, titleBlock } from './theme.ts';

const STATUSES = [
  'read as written',
  'approximated (range or bound)',
  'invalid → missing',
  'missing',
] as const;

/**
 * Stacked bars per canonical column: values read as written, approximated, invalid (set to missing) and missing,
 * as shares of the input rows.
 *
 * @example
 * qualityBarsSpec(cleanseAccounts(raw, { file: 'accounts.csv' }).report);
 */
export function qualityBarsSpec(report: QualityReport): TopLevelSpec {
  const columns = Object.entries(report.columns).filter(([, q]) => q.source !== null || q.valid > 0);
  const data = columns.flatMap(([column, q]) => {
    const counts = [q.valid - q.approximated, q.approximated, q.invalid, q.missing];
    return STATUSES.map((status, k) => ({
      column,
      status,
      order: k,
      rows: counts[k] as number,
      share: (counts[k] as number) / Math.max(1, report.rows_in),
    }));
  });
  const invalid = columns.reduce((s, [, q]) => s + q.invalid, 0);
  const worst = columns
    .map(([column, q]) => ({ column, unusable: (q.invalid + q.missing) / Math.max(1, report.rows_in) }))
    .sort((a, b) => b.unusable - a.unusable)[0];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    width: SLIDE.width - 220,
    height: SLIDE.height - 80,
    title: titleBlock(
      worst && worst.unusable > 0
        ? `${worst.column} is the weakest column: ${Math.round(worst.unusable * 100)}% of rows have no usable value`
        : 'Every column has a usable value in every row',
      `${report.rows_in.toLocaleString('en-US')} input rows; ${invalid.toLocaleString('en-US')} values could not be read and were set to missing (never guessed).`,
    ),
    data: { values: data },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'column', type: 'nominal', sort: null, axis: { title: null, labelFontSize: 13 } },
      x: {
        field: 'share',
        type: 'quantitative',
        stack: 'zero',
        scale: { domain: [0, 1] },
        axis: { title: 'share of input rows', format: '.0%' },
      },
      color: {
        field: 'status',
        type: 'nominal',
        sort: [...STATUSES],
        scale: {
          domain: [...STATUSES],
          range: [PALETTE[1] as string, '#80cbc4', PALETTE[3] as string, INK.grid], // teal, light teal, rose
        },
        legend: { title: null, orient: 'bottom', columns: 4, labelLimit: 300 },
      },
      order: { field: 'order' },
      tooltip: [
        { field: 'column' },
        { field: 'status' },
        { field: 'rows', format: ',' },
        { field: 'share', format: '.1%' },
      ],
    },
  } as TopLevelSpec;
}
