/**
 * The value step on the bundled sample's won deals: every customer gets p_alive, expected purchases and value,
 * prospects stay empty; a history too short is skipped with its reason, never filled with guesses.
 */
import { describe, expect, it } from 'vitest';
import { loadStudyConfig } from '../../src/study/config.ts';
import { runSteps } from '../../src/study/runner.ts';

describe('the value step', () => {
  it('values every customer with a won-deal history and leaves prospects empty', async () => {
    const state = await runSteps(await loadStudyConfig(), { until: 'value' });
    const isCustomer = state.frame.numbers('is_customer');
    const value = state.frame.numbers('expected_value');
    const alive = state.frame.numbers('p_alive');
    const customers = [...isCustomer.keys()].filter((i) => isCustomer[i] === 1);
    const prospects = [...isCustomer.keys()].filter((i) => isCustomer[i] === 0);
    expect(customers.filter((i) => Number.isNaN(value[i] as number)).length).toBeLessThan(10);
    expect(prospects.every((i) => Number.isNaN(value[i] as number))).toBe(true);
    expect(
      customers.every((i) => Number.isNaN(alive[i] as number) || (alive[i]! > 0 && alive[i]! <= 1)),
    ).toBe(true);
    const artifact = state.artifacts.value;
    expect(artifact?.fitted).toBe(true);
    if (artifact?.fitted) expect(artifact.repeatBuyers).toBeGreaterThan(400);
  }, 60_000);

  it('is skipped with its reason when too few customers bought twice', async () => {
    const config = await loadStudyConfig();
    const state = await runSteps(
      { ...config, value: { ...config.value, minRepeatBuyers: 1_000_000 } },
      { until: 'value' },
    );
    expect(state.artifacts.value).toEqual({
      fitted: false,
      reason: expect.stringMatching(
        /^only [\d,]+ customers won a second deal by \d{4}-\d\d-\d\d \(value\.minRepeatBuyers: 1000000\)$/,
      ),
    });
    expect(state.warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(/^value: only .* p_alive and expected value are left empty$/),
    );
    expect(state.frame.numbers('expected_value').every(Number.isNaN)).toBe(true);
  }, 60_000);
});
