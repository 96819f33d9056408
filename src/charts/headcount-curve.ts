/** The headcount curve: opportunity covered by named reps as reps are added, and what the next rep adds. */
import type { TopLevelSpec } from 'vega-lite';
import { ROLE_NAMES, type HeadcountPoint } from '../segment/capacity.ts';
import { INK, PALETTE, SLIDE, themeFor, titleBlock } from './theme.ts';
import { formatMoney, moneyExpression } from '../core/format.ts';

/** The dashed rule, dot and label of the plan's (or the full coverage's) point. */
function planMark(reps: number, covered: number, label: string, atRight: boolean) {
  return {
    data: { values: [{ reps, covered, label }] },
    layer: [
      {
        mark: { type: 'rule', color: INK.accent, strokeDash: [5, 4] },
        encoding: { x: { field: 'reps', type: 'quantitative' } },
      },
      {
        mark: { type: 'point', filled: true, size: 120, color: INK.accent },
        encoding: {
          x: { field: 'reps', type: 'quantitative' },
          y: { field: 'covered', type: 'quantitative' },
        },
      },
      {
        mark: {
          type: 'text',
          align: atRight ? 'right' : 'left',
          dx: atRight ? -10 : 10,
          dy: 18,
          fontSize: 15,
          color: INK.text,
        },
        encoding: {
          x: { field: 'reps', type: 'quantitative' },
          y: { field: 'covered', type: 'quantitative' },
          text: { field: 'label' },
        },
      },
    ],
  };
}

/**
 * The curve of covered opportunity against hunters + farmers (each rep where it covers most), with the plan's
 * point (its own split may cover less than the curve at as many reps) or, under the "reps needed" rule, the end.
 *
 * @example
 * headcountCurveSpec(coverage.curve, { reps: 50, covered: 79.5e6 });
 */
export function headcountCurveSpec(
  curve: readonly HeadcountPoint[],
  planned: { reps: number; covered: number } | null,
  currency: string,
): TopLevelSpec {
  const last = curve[curve.length - 1] as HeadcountPoint;
  const total = last.opportunityCovered;
  const reps = Math.min(planned?.reps ?? last.reps, last.reps);
  const best = curve[reps] as HeadcountPoint;
  const covered = planned?.covered ?? best.opportunityCovered;
  const next = curve[reps + 1];
  const atRight = reps > 0.6 * last.reps;
  const half = curve.find((p) => p.opportunityCovered >= total / 2) ?? last;
  const title =
    planned === null
      ? `Covering every account takes ${last.reps.toLocaleString('en-US')} hunters and farmers; the first ${half.reps.toLocaleString('en-US')} cover half the opportunity`
      : `${reps.toLocaleString('en-US')} hunters and farmers cover ${Math.round((total > 0 ? covered / total : 0) * 100)}% of the opportunity${next ? `; the next rep adds ${formatMoney(next.marginal, currency)}` : ''}`;
  const better =
    planned !== null && best.opportunityCovered > covered * 1.005
      ? ` Split ${best.byRole.hunters} / ${best.byRole.farmers}, the same ${reps} would cover ${formatMoney(best.opportunityCovered, currency)}.`
      : '';
  const subtitle = `Acquire and Develop opportunity with a named rep as reps are added, each where it covers most (${formatMoney(total, currency)} in all).${better}`;
  const points = curve.map((p) => ({
    reps: p.reps,
    covered: p.opportunityCovered,
    marginal: p.marginal,
    role: p.role === null ? '' : ROLE_NAMES[p.role].one,
    hunters: p.byRole.hunters,
    farmers: p.byRole.farmers,
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: themeFor(currency),
    width: SLIDE.width - 200,
    height: SLIDE.height,
    title: titleBlock(title, subtitle),
    layer: [
      {
        data: { values: points },
        mark: { type: 'line', color: PALETTE[0] as string, strokeWidth: 3 },
        encoding: {
          x: {
            field: 'reps',
            type: 'quantitative',
            axis: { title: 'Hunters + farmers' },
          },
          y: {
            field: 'covered',
            type: 'quantitative',
            axis: {
              title: 'Opportunity with a named rep',
              labelExpr: moneyExpression('datum.value', currency),
            },
          },
          tooltip: [
            { field: 'reps', title: 'Reps' },
            { field: 'covered', title: 'Opportunity covered', format: '$,.0f' },
            { field: 'marginal', title: 'Added by this rep', format: '$,.0f' },
            { field: 'role', title: 'This rep is a' },
            { field: 'hunters', title: 'Hunters' },
            { field: 'farmers', title: 'Farmers' },
          ],
        },
      },
      planMark(
        reps,
        covered,
        `${planned === null ? 'all' : 'plan'}: ${formatMoney(covered, currency)}`,
        atRight,
      ),
    ],
  } as TopLevelSpec;
}
