/** ROC curve of the lookalike model. */
import type { TopLevelSpec } from 'vega-lite';
import type { RocPoint } from '../models/metrics.ts';
import { INK, PALETTE, SLIDE, THEME, titleBlock } from './theme.ts';

/**
 * True positive rate against false positive rate, with the chance diagonal.
 *
 * @example
 * rocCurveSpec(icp.roc, 0.742, 0.730);
 */
export function rocCurveSpec(points: readonly RocPoint[], auc: number, cvAuc?: number): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    width: SLIDE.height,
    height: SLIDE.height,
    title: titleBlock(
      `The lookalike model ranks a customer above a non-customer ${Math.round(auc * 100)}% of the time`,
      `ROC curve, AUC ${auc.toFixed(3)} on the fitted data${cvAuc === undefined ? '' : `, ${cvAuc.toFixed(3)} cross-validated`}.`,
      SLIDE.width,
    ),
    layer: [
      {
        data: {
          values: [
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ],
        },
        mark: { type: 'line', strokeDash: [5, 4], color: INK.muted },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: {
          values: points.map((p) => ({
            fpr: p.falsePositiveRate,
            tpr: p.truePositiveRate,
            threshold: p.threshold,
          })),
        },
        mark: { type: 'line', color: PALETTE[0] as string, strokeWidth: 3 },
        encoding: {
          x: { field: 'fpr', type: 'quantitative', axis: { title: 'False positive rate', format: '.0%' } },
          y: { field: 'tpr', type: 'quantitative', axis: { title: 'True positive rate', format: '.0%' } },
          tooltip: [
            { field: 'threshold', format: '.3f', title: 'Probability ≥' },
            { field: 'fpr', format: '.1%', title: 'FPR' },
            { field: 'tpr', format: '.1%', title: 'TPR' },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}
