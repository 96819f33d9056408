/** Routing: how many accounts and how much opportunity each queue receives. */
import type { TopLevelSpec } from 'vega-lite';
import type { Routing } from '../segment/routing.ts';
import { PALETTE, SLIDE, THEME, titleBlock } from './theme.ts';
import { formatMoney } from '../core/format.ts';

/**
 * A queue's id as people read it: "Enterprise_Named_Queue" → "Enterprise Named Queue" (the id stays in the
 * tooltip and the files).
 *
 * @example
 * queueLabel('MidMarket_AE_RoundRobin'); // 'MidMarket AE RoundRobin'
 */
export function queueLabel(queue: string): string {
  return queue.replaceAll('_', ' ').trim();
}

/**
 * Bars of accounts per queue, labelled with the queue's opportunity and reps.
 *
 * @example
 * routingQueuesSpec(routing.queues);
 */
export function routingQueuesSpec(queues: Routing['queues'], currency: string): TopLevelSpec {
  const data = queues.map((q) => ({
    queue: queueLabel(q.queue),
    id: q.queue,
    accounts: q.accounts,
    label: `${formatMoney(q.opportunity, currency)} opportunity · ${q.reps ? `${q.reps} reps` : 'pool'}`,
  }));
  const biggest = [...queues].sort((a, b) => b.opportunity - a.opportunity)[0];
  const total = queues.reduce((s, q) => s + q.opportunity, 0);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    width: SLIDE.width - 420,
    height: { step: 40 },
    title: titleBlock(
      biggest && total > 0
        ? `${queueLabel(biggest.queue)} receives ${Math.round((100 * biggest.opportunity) / total)}% of the opportunity`
        : 'Routing queues',
      "Accounts per new-lead routing queue (first matching rule wins), with the opportunity routed and the reps working its leads; each account's owner stays its territory's.",
    ),
    data: { values: data },
    layer: [
      {
        mark: { type: 'bar', color: PALETTE[2] as string },
        encoding: {
          y: { field: 'queue', type: 'nominal', sort: null, axis: { title: null, labelLimit: 300 } },
          x: { field: 'accounts', type: 'quantitative', axis: { title: 'Accounts' } },
          tooltip: [
            { field: 'queue', title: 'New-lead queue' },
            { field: 'id', title: 'Queue id' },
            { field: 'accounts', format: ',' },
            { field: 'label', title: 'Detail' },
          ],
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 12 },
        encoding: {
          y: { field: 'queue', type: 'nominal', sort: null },
          x: { field: 'accounts', type: 'quantitative' },
          text: { field: 'label' },
        },
      },
    ],
  } as TopLevelSpec;
}
