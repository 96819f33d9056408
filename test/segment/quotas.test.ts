/**
 * Quotas from potential: hand-worked territories, and the sample with 60 reps and a $20M company target.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Frame } from '../../src/data/frame.ts';
import { realization } from '../../src/segment/backtest.ts';
import {
  DEFAULT_QUOTA_RULES,
  repQuotas,
  validateQuotaRules,
  type QuotaRules,
} from '../../src/segment/quotas.ts';
import { runCli } from '../cli/run-cli.ts';
import { bundledConfigWith, tempDir } from '../helpers.ts';
import { sampleRunCopy } from '../sample-runs.ts';

const OWNERS = [
  'Acquire rep 01',
  'Acquire rep 02',
  'Acquire rep 01',
  'Develop rep 01',
  'Acquire pool (Digital / self-serve)',
  null,
  'Retain rep 01',
  'Retain rep 01',
];
const QUADRANTS = [
  'Acquire',
  'Acquire',
  'Acquire',
  'Develop',
  'Acquire',
  'Opportunistic',
  'Retain',
  'Retain',
];
const VALUES = {
  opportunity: Float64Array.from([300, 200, 100, 1000, 5000, 50, 5, 5]),
  currentSpend: Float64Array.from([0, 0, 0, 200, 0, 0, 600, 400]),
};
const HALF = { rate: 0.5, source: 'configured' as const };
const RULES: QuotaRules = { ...DEFAULT_QUOTA_RULES, retainGrowth: 0.05 };

describe('repQuotas', () => {
  it('new business: opportunity × realization (no win-rate discount), scaled to the target; Retain renews its spend', () => {
    // Expected: A1 400 × 0.5 = 200, A2 100, D1 500 → 800; target 1,200 → × 1.5: 300, 150, 750 (75 % each).
    // Retain rep 01 renews 600 + 400 = 1,000 × 1.05 = 1,050, outside the target and the band.
    const plan = repQuotas(OWNERS, QUADRANTS, VALUES, HALF, { ...RULES, target: 1200 });
    expect(plan.expectedBookings).toBe(800);
    expect(plan.scale).toBe(1.5);
    expect(
      plan.reps.map((r) => [
        r.rep,
        r.basis,
        r.accounts,
        r.rate,
        r.quota,
        r.quota_to_opportunity,
        r.within_band,
      ]),
    ).toEqual([
      ['Acquire rep 01', 'opportunity', 2, 0.5, 300, 0.75, true],
      ['Acquire rep 02', 'opportunity', 1, 0.5, 150, 0.75, true],
      ['Develop rep 01', 'opportunity', 1, 0.5, 750, 0.75, true],
      ['Retain rep 01', 'current_spend', 2, 1.05, 1050, Number.NaN, null],
    ]);
    expect(plan.renewals).toBe(1050);
    expect(plan.reps.filter((r) => r.basis === 'opportunity').reduce((s, r) => s + r.quota, 0)).toBe(1200);
    // The band holds up to 80 % of the new-business opportunity (1,600 × 0.8 = 1,280); beyond it quotas are
    // scaled plainly and every new-business rep is flagged (Retain never).
    const full = repQuotas(OWNERS, QUADRANTS, VALUES, HALF, { ...RULES, target: 1280 });
    expect(full.bandHolds).toBe(true);
    expect(full.reps.map((r) => r.quota)).toEqual([
      expect.closeTo(320, 9),
      expect.closeTo(160, 9),
      expect.closeTo(800, 9),
      1050,
    ]);
    const beyond = repQuotas(OWNERS, QUADRANTS, VALUES, HALF, { ...RULES, target: 1300 });
    expect(beyond.bandHolds).toBe(false);
    expect(beyond.reps.map((r) => r.within_band)).toEqual([false, false, false, null]);
    expect(beyond.outsideBand).toBe(3);
  });

  it('a new rep carries the ramp share of a full quota; the others absorb the rest of the target', () => {
    // Full: A1 200, A2 100, D1 500. A2 is new at half: 200 + 50 + 500 = 750; target 1,200 → × 1.6.
    const plan = repQuotas(
      OWNERS,
      QUADRANTS,
      VALUES,
      HALF,
      { ...RULES, target: 1200, ramp: 0.5 },
      new Set(['Acquire rep 02', 'Retain rep 01']),
    );
    expect(plan.scale).toBeCloseTo(1.6, 12);
    expect(plan.reps.map((r) => [r.rep, r.new_rep, r.ramp])).toEqual([
      ['Acquire rep 01', false, 1],
      ['Acquire rep 02', true, 0.5],
      ['Develop rep 01', false, 1],
      ['Retain rep 01', true, 1], // a new Retain rep inherits the renewals whole
    ]);
    expect(plan.reps.map((r) => r.quota)).toEqual([
      expect.closeTo(320, 9),
      expect.closeTo(80, 9),
      expect.closeTo(800, 9),
      1050,
    ]);
    expect(() => validateQuotaRules({ ...RULES, ramp: 1.5 })).toThrow(
      'quotas.ramp=1.5 must be a share of a full quota above 0 and at most 1',
    );
  });

  it('pools and unowned accounts carry no quota; without a target quotas are the expected bookings', () => {
    const plan = repQuotas(OWNERS, QUADRANTS, VALUES, HALF, RULES);
    expect(plan.scale).toBe(1);
    expect(plan.reps.map((r) => r.quota)).toEqual([200, 100, 500, 1050]);
  });

  it('refuses a target with nothing to scale, and rules out of range', () => {
    expect(() =>
      repQuotas(
        ['Acquire rep 01'],
        ['Acquire'],
        { opportunity: Float64Array.from([0]), currentSpend: Float64Array.from([0]) },
        HALF,
        { ...RULES, target: 100 },
      ),
    ).toThrow(
      'quotas.target is set but the named Acquire, Develop and Opportunistic reps have no opportunity',
    );
    expect(() => validateQuotaRules({ ...RULES, realization: 1.5 })).toThrow(
      'quotas.realization=1.5 must be a share of opportunity from 0 to 1',
    );
    expect(() => validateQuotaRules({ ...RULES, retainGrowth: -2 })).toThrow('quotas.retainGrowth=-2');
    expect(() => validateQuotaRules({ ...RULES, target: -5 })).toThrow('quotas.target=-5');
    expect(() => validateQuotaRules({ ...RULES, band: { min: 0.5, max: 0.2 } })).toThrow(
      'quotas.band must be',
    );
  });
});

describe("realization: what the previous run's opportunity booked", () => {
  it('Σ new won amount ÷ Σ previous opportunity over the accounts in both runs', () => {
    // a: 100 forecast, won 0 → 30; b: 300 forecast, won 50 → 50 (nothing new); c: 100 forecast, won 20 → 0
    // (a shrinking window never counts below 0); d: gone from the later run. Rate = 30 / 500.
    const previous = Frame.fromRows([
      { account_id: 'a', opportunity: 100, won_amount: 0 },
      { account_id: 'b', opportunity: 300, won_amount: 50 },
      { account_id: 'c', opportunity: 100, won_amount: 20 },
      { account_id: 'd', opportunity: 900, won_amount: 0 },
    ]);
    const current = Frame.fromRows([
      { account_id: 'c', won_amount: 0 },
      { account_id: 'b', won_amount: 50 },
      { account_id: 'a', won_amount: 30 },
    ]);
    expect(realization(previous, current)).toEqual({ rate: 0.06, accounts: 3, opportunity: 500, booked: 30 });
    expect(realization(previous, Frame.fromRows([{ account_id: 'b', won_amount: 50 }]))).toBeNull();
  });
});

describe('the sample with 60 reps and a $20M target', () => {
  it('writes quotas.csv adding up to the target, flags each rep by the band, and reports it', async () => {
    const run = sampleRunCopy('sixtyReps'); // a copy: the report command below rewrites report.html
    const lines = readFileSync(join(run, 'quotas.csv'), 'utf8').trim().split('\n');
    const header = (lines[0] as string).split(',');
    const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, j) => [header[j], v])));
    expect(rows).toHaveLength(60);
    const growth = rows.filter((r) => r.basis === 'opportunity');
    const renewals = rows.filter((r) => r.basis === 'current_spend');
    expect(growth).toHaveLength(50); // 40 Acquire and 10 Develop reps
    expect(renewals.map((r) => r.quadrant)).toEqual(Array<string>(10).fill('Retain'));
    expect(growth.reduce((s, r) => s + Number(r.quota), 0)).toBeCloseTo(20_000_000, 4);
    for (const r of growth) {
      const ratio = Number(r.quota) / Number(r.opportunity);
      expect(Number(r.quota_to_opportunity)).toBeCloseTo(ratio, 12);
      // No previous run: realization 1 (opportunity at face value), the same for every rep; $20M is inside
      // what the band can hold, so every quota is the same share of its opportunity.
      expect(Number(r.rate)).toBe(1);
      expect(ratio).toBeCloseTo(20_000_000 / growth.reduce((s, g) => s + Number(g.opportunity), 0), 9);
      expect(r.within_band).toBe('yes');
    }
    // A Retain rep's quota is the current spend it renews (growth 0 by default), not a share of opportunity.
    for (const r of renewals) {
      expect(Number(r.quota)).toBeCloseTo(Number(r.current_spend), 6);
      expect(Number(r.quota)).toBeGreaterThan(1_000_000);
      expect([r.within_band, r.quota_to_opportunity]).toEqual(['', '']);
    }
    const study = JSON.parse(readFileSync(join(run, 'study.json'), 'utf8'));
    expect(study.quotaRealization).toEqual({ rate: 1, source: 'default' });
    expect(study.warnings.map((w: { code: string }) => w.code)).toContain('quota-realization-default');
    const manifest = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8'));
    expect(manifest.outputs['quotas.csv']).toBeDefined();
    const html = readFileSync(join(run, 'report.html'), 'utf8');
    expect(html).toMatch(
      /50 new-business reps carry <b>\$20M<\/b> of quota: each rep's territory opportunity \(probability × whitespace\) × a realization of 100.0%: opportunity at face value, as no previous run measured it \(set quotas.realization\), scaled to the new-business target of \$20M/,
    );
    expect(html).toMatch(
      /10 Retain reps renew <b>\$[\d.]+M<\/b>: their accounts' current spend \(quotas.retainGrowth\)/,
    );
    expect(html).toContain('data-table="quotas"');
    // The report command rebuilds the same report from the run folder (quotas.csv verified against the manifest).
    const rebuilt = await runCli(['report', run]);
    expect(rebuilt.code).toBe(0);
    expect(readFileSync(join(run, 'report.html'), 'utf8')).toBe(html);
  });

  it('an unknown quotas key is one line naming it; the retired productivity key says what replaced it', async () => {
    const dir = tempDir();
    const withQuotas = (quotas: object, out: string) =>
      runCli([
        'study',
        '--config',
        bundledConfigWith('sample-60-reps.json', { quotas }),
        '--out',
        join(dir, out),
      ]);
    const bad = await withQuotas({ target: 1e6, rampMonths: 3 }, 'run');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown key "quotas\.rampMonths"/);
    const retired = await withQuotas({ target: 1e6, productivity: 0.3 }, 'retired');
    expect(retired.code).toBe(2);
    expect(retired.stderr).toMatch(/quotas\.productivity is gone: .* set quotas\.realization/);
    const ramp = await withQuotas({ target: 1e6, ramp: 0.5 }, 'ramp');
    expect(ramp.code).toBe(2);
    expect(ramp.stderr).toMatch(/quotas\.ramp needs territories\.currentOwner/);
  });
});
