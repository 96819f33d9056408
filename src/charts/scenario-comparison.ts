/** Coverage scenarios side by side: opportunity with a named rep per scenario, with reps and quota per rep. */
import type { TopLevelSpec } from 'vega-lite';
import type { ScenarioRow } from '../segment/coverage.ts';
import { INK, PALETTE, SLIDE, themeFor, titleBlock } from './theme.ts';
import { formatMoney, moneyExpression } from '../core/format.ts';

/** The label at the end of a scenario's bar. */
function barLabel(r: ScenarioRow, currency: string): string {
  const parts = [`${r.reps.toLocaleString('en-US')} reps`, `${Math.round(r.opportunity_share * 100)}%`];
  if (!Number.isNaN(r.quota_per_rep)) parts.push(`quota/rep ${formatMoney(r.quota_per_rep, currency)}`);
  if (!Number.isNaN(r.accounts_moved)) parts.push(`${r.accounts_moved.toLocaleString('en-US')} moved`);
  return parts.join(' · ');
}

/**
 * One bar per scenario (in config order): the opportunity its named reps cover, labelled with its headcount,
 * share, quota per rep and accounts moved. The title compares the first scenario with the next larger one.
 *
 * @example
 * scenarioComparisonSpec(scenarios.rows);
 */
export function scenarioComparisonSpec(rows: readonly ScenarioRow[], currency: string): TopLevelSpec {
  const first = rows[0] as ScenarioRow;
  const larger = rows.find((r) => r.reps > first.reps && r.scenario !== 'Cover every account');
  const pct = (r: ScenarioRow) => `${Math.round(r.opportunity_share * 100)}%`;
  const title = larger
    ? `${first.reps.toLocaleString('en-US')} reps cover ${pct(first)} of the opportunity; ${larger.reps.toLocaleString('en-US')} would cover ${pct(larger)}`
    : `${first.reps.toLocaleString('en-US')} reps cover ${pct(first)} of the opportunity`;
  const data = rows.map((r, order) => ({
    ...r,
    order,
    label: barLabel(r, currency),
    balanced: r.within_tolerance ? 'yes' : 'no',
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: themeFor(currency),
    width: SLIDE.width - 420,
    height: { step: 48 },
    title: titleBlock(
      title,
      'Opportunity with a named rep in each coverage scenario; territories balanced under the same rules, quotas by the same rules.',
    ),
    data: { values: data },
    encoding: {
      y: {
        field: 'scenario',
        type: 'nominal',
        sort: { field: 'order' },
        axis: { title: null, labelLimit: 200 },
      },
      x: {
        field: 'opportunity_covered',
        type: 'quantitative',
        axis: { title: 'Opportunity with a named rep', labelExpr: moneyExpression('datum.value', currency) },
      },
      tooltip: [
        { field: 'scenario', title: 'Scenario' },
        { field: 'reps', title: 'Reps' },
        { field: 'opportunity_covered', title: 'Opportunity covered', format: '$,.0f' },
        { field: 'accounts_named', title: 'Accounts with a named rep' },
        { field: 'max_deviation', title: 'Largest gap from the mean', format: '.1%' },
        { field: 'balanced', title: 'Within tolerance' },
      ],
    },
    layer: [
      { mark: { type: 'bar', color: PALETTE[0] as string } },
      {
        mark: { type: 'text', align: 'left', dx: 6, fontSize: 13, color: INK.text },
        encoding: { text: { field: 'label' } },
      },
    ],
  } as TopLevelSpec;
}
