/** Reps needed per motion, stacked by size segment. */
import type { TopLevelSpec } from 'vega-lite';
import { ROAD_MOTIONS } from '../segment/road.ts';
import { repsNeeded, type HeadcountRow } from '../segment/coverage.ts';
import { PALETTE, SLIDE, THEME, titleBlock } from './theme.ts';

/**
 * Stacked bars of reps by motion and size segment.
 *
 * @example
 * coverageBarsSpec(coverage.headcount);
 */
export function coverageBarsSpec(rows: readonly HeadcountRow[]): TopLevelSpec {
  const data = rows
    .filter((r) => r.reps > 0)
    .map((r) => ({
      motion: ROAD_MOTIONS[r.quadrant],
      segment: r.segment,
      reps: r.reps,
      accounts: r.accounts,
      perRep: r.accountsPerRep,
    }));
  const total = repsNeeded(rows).reduce((s, r) => s + r.reps, 0);
  const pooled = rows.filter((r) => r.reps === 0).reduce((s, r) => s + r.accounts, 0);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    width: SLIDE.width - 260,
    height: { step: 44 },
    title: titleBlock(
      `Covering every account takes ${total.toLocaleString('en-US')} reps`,
      `Full-time reps = accounts ÷ accounts per rep, by motion and size segment, each motion rounded up; ${pooled.toLocaleString('en-US')} accounts are served digitally.`,
    ),
    data: { values: data },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'motion', type: 'nominal', axis: { title: null, labelLimit: 440 } },
      x: { field: 'reps', type: 'quantitative', aggregate: 'sum', axis: { title: 'Reps needed' } },
      color: {
        field: 'segment',
        type: 'nominal',
        scale: {
          domain: ['Enterprise', 'Mid-Market', 'SMB', 'Unknown'],
          range: [PALETTE[0] as string, PALETTE[1] as string, PALETTE[2] as string, '#c5ccd6'],
        },
        legend: { title: null, orient: 'bottom' },
      },
      tooltip: [
        { field: 'motion' },
        { field: 'segment' },
        { field: 'reps', title: 'Full-time reps', format: '.1f' },
        { field: 'accounts', title: 'Accounts' },
        { field: 'perRep', title: 'Accounts per rep' },
      ],
    },
  } as TopLevelSpec;
}
