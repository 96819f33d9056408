/**
 * The columns the engine's first pass gathers from the scored table, batch by batch: text as shared strings,
 * labels as codes, flags as bytes.
 */
import { describe, expect, it } from 'vitest';
import { Frame } from '../../src/data/frame.ts';
import { AccountGather, MISSING_FLAG } from '../../src/engine/account-gather.ts';

const batch = (quadrants: (string | null)[], customer: number[], spend: number[], tier: (string | null)[]) =>
  Frame.fromColumns({
    road_quadrant: quadrants,
    is_customer: Float64Array.from(customer),
    current_spend: Float64Array.from(spend),
    tier,
  });

describe('AccountGather', () => {
  const plan = {
    text: ['road_quadrant'],
    codes: ['tier'],
    flags: ['is_customer', 'lapsed'],
    numbers: ['current_spend'],
  };

  it('keeps each kind in row order across batches; a missing flag is its own byte', () => {
    const gather = new AccountGather(5, plan);
    gather.add(batch(['Acquire', 'Retain'], [0, 1], [0, 2500], ['P1', null]), 0);
    gather.add(batch(['Acquire', null, 'Develop'], [1, Number.NaN, 0], [10, 0, 7], ['P2', 'P1', 'P2']), 2);
    expect([...gather.flags('is_customer')]).toEqual([0, 1, 1, MISSING_FLAG, 0]);
    expect([...gather.flags('lapsed')]).toEqual(Array(5).fill(MISSING_FLAG)); // no batch had the column
    expect([...gather.numbers('current_spend')]).toEqual([0, 2500, 10, 0, 7]);
    expect(gather.frame().strings('road_quadrant')).toEqual([
      'Acquire',
      'Retain',
      'Acquire',
      null,
      'Develop',
    ]);
    const tiers = gather.codes('tier', ['P1', 'P2']);
    expect([...tiers.codes]).toEqual([1, 0, 2, 1, 2]);
    expect(gather.has('is_customer') && gather.has('current_spend') && !gather.has('tier')).toBe(true);
    gather.release({ flags: ['is_customer'] });
    expect(() => gather.flags('is_customer')).toThrow('was not gathered as flags');
  });

  it('refuses a flag column holding anything but 0, 1 or missing', () => {
    const gather = new AccountGather(2, plan);
    expect(() => gather.add(batch(['Acquire', 'Acquire'], [1, 2], [0, 0], [null, null]), 0)).toThrow(
      'column "is_customer" holds 2, not a 0/1 flag (row 2)',
    );
  });
});
