/** Calibration of the lookalike model: predicted probability against the observed customer rate. */
import type { TopLevelSpec } from 'vega-lite';
import type { CalibrationRow } from '../models/metrics.ts';
import { INK, PALETTE, SLIDE, THEME, titleBlock } from './theme.ts';

/**
 * Points per probability decile against the diagonal of perfect calibration.
 *
 * @example
 * calibrationChartSpec(icp.calibration);
 */
export function calibrationChartSpec(rows: readonly CalibrationRow[]): TopLevelSpec {
  const worst = rows.reduce((m, r) => Math.max(m, Math.abs(r.meanPredicted - r.observedRate)), 0);
  const max = Math.max(0.01, ...rows.map((r) => Math.max(r.meanPredicted, r.observedRate)));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    width: SLIDE.height,
    height: SLIDE.height,
    title: titleBlock(
      `Predicted and observed customer rates agree within ${(worst * 100).toFixed(1)} points`,
      'Mean predicted probability vs observed customer rate, by decile of the prediction (diagonal = perfect).',
      SLIDE.width,
    ),
    layer: [
      {
        data: { values: [{ v: 0 }, { v: max }] },
        mark: { type: 'line', strokeDash: [5, 4], color: INK.muted },
        encoding: { x: { field: 'v', type: 'quantitative' }, y: { field: 'v', type: 'quantitative' } },
      },
      {
        data: { values: rows.map((r) => ({ ...r })) },
        mark: { type: 'line', point: { size: 60 }, color: PALETTE[0] as string },
        encoding: {
          x: {
            field: 'meanPredicted',
            type: 'quantitative',
            axis: { title: 'Mean predicted probability', format: '.0%' },
          },
          y: {
            field: 'observedRate',
            type: 'quantitative',
            axis: { title: 'Observed customer rate', format: '.0%' },
          },
          tooltip: [
            { field: 'bin', title: 'Decile' },
            { field: 'accounts', title: 'Accounts' },
            { field: 'meanPredicted', format: '.1%', title: 'Predicted' },
            { field: 'observedRate', format: '.1%', title: 'Observed' },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}
