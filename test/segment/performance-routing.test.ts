import { describe, expect, it } from 'vitest';
import type { Deal } from '../../src/segment/assemble.ts';
import { fitDeciles, segmentPerformance, wilsonInterval } from '../../src/segment/performance.ts';
import {
  DEFAULT_ROUTING,
  routeAccounts,
  validateRouting,
  type RoutingConfig,
} from '../../src/segment/routing.ts';

// Four accounts: two in P0 (one customer), one in P1, one in P2 with no deals at all.
const tiers = ['P0', 'P0', 'P1', 'P2'];
const inputs = {
  isCustomer: [1, 0, 0, 0],
  spend: [1000, 0, 0, 0],
  engagement: [80, 60, 20, NaN],
  activity: [30, 10, 10, 0],
};
const deals: Deal[] = [
  { account: 0, status: 'won', amount: 500, cycleDays: 30, closeDate: NaN },
  { account: 0, status: 'won', amount: 300, cycleDays: 50, closeDate: NaN },
  { account: 1, status: 'lost', amount: 400, cycleDays: 20, closeDate: NaN },
  { account: 1, status: 'open', amount: 700, cycleDays: NaN, closeDate: NaN }, // open: neither won nor lost
  { account: 2, status: 'open', amount: 100, cycleDays: NaN, closeDate: NaN },
];

describe('segment performance on a hand-made opportunity set', () => {
  const rows = segmentPerformance('tier', tiers, deals, inputs, ['P0', 'P1', 'P2', 'P3']);

  it('counts accounts, customers, deals and pipeline; open deals are not lost', () => {
    expect(
      rows.map((r) => [
        r.segment,
        r.accounts,
        r.customers,
        r.deals_won,
        r.deals_lost,
        r.deals_open,
        r.open_pipeline,
      ]),
    ).toEqual([
      ['P0', 2, 1, 2, 1, 1, 700],
      ['P1', 1, 0, 0, 0, 1, 100],
      ['P2', 1, 0, 0, 0, 0, 0],
      ['P3', 0, 0, 0, 0, 0, 0],
    ]);
  });

  it('win rate with its Wilson interval, deal size, cycle, conversion, revenue per account, engagement', () => {
    const p0 = rows[0];
    expect(p0?.win_rate).toBeCloseTo(2 / 3, 15);
    const [low, high] = wilsonInterval(2, 3);
    expect([p0?.win_rate_low, p0?.win_rate_high]).toEqual([low, high]);
    expect(low).toBeCloseTo(0.2077, 4); // textbook Wilson interval for 2 of 3
    expect(high).toBeCloseTo(0.9385, 4);
    expect(p0).toMatchObject({
      avg_deal_size: 400,
      avg_cycle_days: 40,
      customer_rate: 0.5,
      revenue_per_account: 500,
      avg_engagement: 70,
    });
    expect(p0?.engagement_share).toBeCloseTo(40 / 50, 15);
  });

  it('segments without closed deals show no win rate, and empty segments show no rates at all', () => {
    expect(rows[1]?.win_rate).toBeNaN();
    expect(rows[1]?.avg_deal_size).toBeNaN();
    expect(rows[3]).toMatchObject({
      accounts: 0,
      customer_rate: NaN,
      revenue_per_account: NaN,
      win_rate: NaN,
    });
  });

  it('fit-score deciles', () => {
    expect(fitDeciles([0, 9.99, 10, 55, 99.9, 100, NaN])).toEqual(['1', '1', '2', '6', '10', '10', null]);
  });
});

describe('routing rules', () => {
  const columns = {
    size_segment: ['Enterprise', 'Enterprise', 'Mid-Market', 'SMB', null],
    industry_priority: ['High', 'Low', 'High', 'High', 'High'],
  };
  const opportunity = new Float64Array([50, 40, 30, 20, 10]);

  it('first matching rule wins; everything else goes to the default queue', () => {
    const { queue } = routeAccounts(columns, opportunity, DEFAULT_ROUTING);
    expect(queue).toEqual([
      'Enterprise_AE_Queue',
      'Enterprise_Named_Queue',
      'MidMarket_AE_RoundRobin',
      'SMB_Pool',
      'SMB_Pool',
    ]);
  });

  it('order matters: a broad rule first catches the accounts of a narrower one', () => {
    const config: RoutingConfig = {
      rules: [
        { when: { size_segment: 'Enterprise' }, queue: 'Broad' },
        { when: { size_segment: 'Enterprise', industry_priority: 'High' }, queue: 'Narrow' },
      ],
      default: { queue: 'Pool' },
    };
    expect(routeAccounts(columns, opportunity, config).queue.slice(0, 2)).toEqual(['Broad', 'Broad']);
  });

  it('a list means any of its values; reps balance the queue; pools have none', () => {
    const config: RoutingConfig = {
      rules: [{ when: { size_segment: ['Enterprise', 'Mid-Market'] }, queue: 'AE', reps: 2 }],
      default: { queue: 'Pool' },
    };
    const { queueRep, queues } = routeAccounts(columns, opportunity, config);
    expect(queueRep).toEqual(['AE 01', 'AE 02', 'AE 02', 'Pool', 'Pool']);
    expect(queues).toEqual([
      {
        queue: 'AE',
        accounts: 3,
        opportunity: 120,
        reps: 2,
        balance: expect.objectContaining({ opportunityPerRep: [50, 70] }),
      },
      { queue: 'Pool', accounts: 2, opportunity: 30, reps: 0, balance: null },
    ]);
  });

  it.each([
    [{ rules: [], default: undefined }, /routing\.default must name a queue/],
    [
      { rules: [{ when: { size: 'SMB' }, queue: 'X' }], default: { queue: 'P' } },
      /routing\.rules\[0\]\.when: unknown field "size" \(known: "size_segment"/,
    ],
    [
      { rules: [{ when: {}, queue: 'X' }], default: { queue: 'P' } },
      /routing\.rules\[0\]\.when must hold at least one condition/,
    ],
    [
      { rules: [{ when: { tier: 'P0' }, queue: '' }], default: { queue: 'P' } },
      /routing\.rules\[0\]\.queue must be a queue name/,
    ],
    [
      { rules: [{ when: { tier: 'P0' }, queue: 'X', reps: 0 }], default: { queue: 'P' } },
      /routing\.rules\[0\]\.reps=0 must be an integer from 1 to 100,000/,
    ],
    [
      { rules: [{ when: { tier: [] }, queue: 'X' }], default: { queue: 'P' } },
      /routing\.rules\[0\]\.when\.tier must be a value or a non-empty list/,
    ],
  ])('rejects %j', (config, message) => {
    expect(() => validateRouting(config as unknown as RoutingConfig)).toThrow(message);
  });
});
