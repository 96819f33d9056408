/**
 * Quotas from potential: hand-worked territories, and the sample with 60 reps and a $20M company target.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repQuotas, validateQuotaRules } from '../../src/segment/quotas.ts';
import { runCli } from '../cli/run-cli.ts';
import { bundledConfigWith, tempDir } from '../helpers.ts';

const OWNERS = [
  'Acquire rep 01',
  'Acquire rep 02',
  'Acquire rep 01',
  'Develop rep 01',
  'Acquire pool (Digital / self-serve)',
  null,
];
const QUADRANTS = ['Acquire', 'Acquire', 'Acquire', 'Develop', 'Acquire', 'Opportunistic'];
const OPPORTUNITY = Float64Array.from([300, 200, 100, 1000, 5000, 50]);
const BAND = { min: 0.1, max: 0.8 };

describe('repQuotas', () => {
  it('quota = territory opportunity × conversion, scaled to the target; the band flags what cannot be attained', () => {
    // Expected: rep A1 400 × 0.2 = 80, A2 200 × 0.2 = 40, D1 1000 × 0.5 = 500 → 620; target 930 → × 1.5.
    const plan = repQuotas(
      OWNERS,
      QUADRANTS,
      OPPORTUNITY,
      { Acquire: 0.2, Develop: 0.5 },
      { productivity: null, target: 930, band: BAND, ramp: null },
    );
    expect(plan.expectedBookings).toBe(620);
    expect(plan.scale).toBe(1.5);
    expect(
      plan.reps.map((r) => [
        r.rep,
        r.accounts,
        r.opportunity,
        r.quota,
        r.quota_to_opportunity,
        r.within_band,
      ]),
    ).toEqual([
      ['Acquire rep 01', 2, 400, 120, 0.3, true],
      ['Acquire rep 02', 1, 200, 60, 0.3, true],
      ['Develop rep 01', 1, 1000, 750, 0.75, true],
    ]);
    expect(plan.reps.reduce((s, r) => s + r.quota, 0)).toBe(930);
    const stretched = repQuotas(
      OWNERS,
      QUADRANTS,
      OPPORTUNITY,
      { Acquire: 0.2, Develop: 0.5 },
      { productivity: null, target: 1240, band: BAND, ramp: null },
    );
    // Plainly scaled (× 2) Develop would carry 100 % of its opportunity; the band caps it at 80 % (800) and the
    // Acquire reps carry the rest: 800 + s × 120 = 1240 → s = 11/3, quotas 293.3 and 146.7 (73 %).
    expect(stretched.bandHolds).toBe(true);
    expect(stretched.reps.map((r) => r.quota)).toEqual([
      expect.closeTo(880 / 3, 9),
      expect.closeTo(440 / 3, 9),
      800,
    ]);
    expect(stretched.reps.every((r) => r.within_band)).toBe(true);
    expect(stretched.reps.reduce((s, r) => s + r.quota, 0)).toBeCloseTo(1240, 9);
    // 1,500 is more than the band allows (80 % of 1,600 = 1,280): scaled plainly, the reps outside flagged.
    const beyond = repQuotas(
      OWNERS,
      QUADRANTS,
      OPPORTUNITY,
      { Acquire: 0.2, Develop: 0.5 },
      {
        productivity: null,
        target: 1500,
        band: BAND,
        ramp: null,
      },
    );
    expect(beyond.bandHolds).toBe(false);
    expect(beyond.reps.map((r) => r.within_band)).toEqual([true, true, false]);
    expect(beyond.reps.reduce((s, r) => s + r.quota, 0)).toBeCloseTo(1500, 9);
  });

  it('a new rep carries the ramp share of a full quota; the others absorb the rest of the target', () => {
    // Full: A1 80, A2 40, D1 500. A2 is new at half: 80 + 20 + 500 = 600; target 930 → × 1.55.
    const plan = repQuotas(
      OWNERS,
      QUADRANTS,
      OPPORTUNITY,
      { Acquire: 0.2, Develop: 0.5 },
      { productivity: null, target: 930, band: BAND, ramp: 0.5 },
      new Set(['Acquire rep 02']),
    );
    expect(plan.scale).toBeCloseTo(1.55, 12);
    expect(plan.reps.map((r) => [r.rep, r.new_rep, r.ramp])).toEqual([
      ['Acquire rep 01', false, 1],
      ['Acquire rep 02', true, 0.5],
      ['Develop rep 01', false, 1],
    ]);
    expect(plan.reps.map((r) => r.quota)).toEqual(
      [80 * 1.55, 20 * 1.55, 500 * 1.55].map((v) => expect.closeTo(v, 9)),
    );
    expect(plan.reps.reduce((s, r) => s + r.quota, 0)).toBeCloseTo(930, 9);
    expect(() => validateQuotaRules({ productivity: null, target: null, band: BAND, ramp: 1.5 })).toThrow(
      'quotas.ramp=1.5 must be a share of a full quota above 0 and at most 1',
    );
  });

  it('pools and unowned accounts carry no quota; without a target quotas are the expected bookings', () => {
    const plan = repQuotas(
      OWNERS,
      QUADRANTS,
      OPPORTUNITY,
      { Acquire: 0.2, Develop: 0.5 },
      { productivity: null, target: null, band: BAND, ramp: null },
    );
    expect(plan.scale).toBe(1);
    expect(plan.reps.map((r) => r.quota)).toEqual([80, 40, 500]);
  });

  it('refuses a target with nothing to scale, and rules out of range', () => {
    expect(() =>
      repQuotas(
        ['Acquire rep 01'],
        ['Acquire'],
        Float64Array.from([0]),
        { Acquire: 0.2 },
        { productivity: null, target: 100, band: BAND, ramp: null },
      ),
    ).toThrow('quotas.target is set but the named reps have no expected bookings to scale');
    expect(() => validateQuotaRules({ productivity: 1.5, target: null, band: BAND, ramp: null })).toThrow(
      'quotas.productivity=1.5 must be a share from 0 to 1',
    );
    expect(() => validateQuotaRules({ productivity: null, target: -5, band: BAND, ramp: null })).toThrow(
      'quotas.target=-5',
    );
    expect(() =>
      validateQuotaRules({ productivity: null, target: null, band: { min: 0.5, max: 0.2 }, ramp: null }),
    ).toThrow('quotas.band must be');
  });
});

describe('the sample with 60 reps and a $20M target', () => {
  it('writes quotas.csv adding up to the target, flags each rep by the band, and reports it', async () => {
    const dir = tempDir();
    const run = await runCli([
      'study',
      '--config',
      'data/studies/sample-60-reps.json',
      '--out',
      join(dir, 'run'),
    ]);
    expect(run.code).toBe(0);
    const lines = readFileSync(join(dir, 'run', 'quotas.csv'), 'utf8')
      .trim()
      .split('\n');
    const header = (lines[0] as string).split(',');
    const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, j) => [header[j], v])));
    expect(rows).toHaveLength(60);
    expect(rows.reduce((s, r) => s + Number(r.quota), 0)).toBeCloseTo(20_000_000, 4);
    for (const r of rows) {
      const ratio = Number(r.quota) / Number(r.opportunity);
      expect(Number(r.quota_to_opportunity)).toBeCloseTo(ratio, 12);
      // $20M is within what the band can hold, so every quota lies in it (the farmers and account managers,
      // whose win rates would put them at 84 %, are capped at 80 %).
      expect(ratio).toBeGreaterThanOrEqual(0.1 - 1e-12);
      expect(ratio).toBeLessThanOrEqual(0.8 + 1e-12);
      expect(r.within_band).toBe('yes');
    }
    const manifest = JSON.parse(readFileSync(join(dir, 'run', 'manifest.json'), 'utf8'));
    expect(manifest.outputs['quotas.csv']).toBeDefined();
    const html = readFileSync(join(dir, 'run', 'report.html'), 'utf8');
    expect(html).toMatch(
      /60 named reps carry <b>\$20M<\/b> of quota: each rep's territory opportunity × the historical win rate of its quadrant, scaled to the company target of \$20M/,
    );
    expect(html).toContain('data-table="quotas"');
    // The report command rebuilds the same report from the run folder (quotas.csv verified against the manifest).
    const rebuilt = await runCli(['report', join(dir, 'run')]);
    expect(rebuilt.code).toBe(0);
    expect(readFileSync(join(dir, 'run', 'report.html'), 'utf8')).toBe(html);
  });

  it('an unknown quotas key is one line naming it', async () => {
    const dir = tempDir();
    const bad = await runCli([
      'study',
      '--config',
      bundledConfigWith('sample-60-reps.json', { quotas: { target: 1e6, rampMonths: 3 } }),
      '--out',
      join(dir, 'run'),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown key "quotas\.rampMonths"/);
    const ramp = await runCli([
      'study',
      '--config',
      bundledConfigWith('sample-60-reps.json', { quotas: { target: 1e6, ramp: 0.5 } }),
      '--out',
      join(dir, 'ramp'),
    ]);
    expect(ramp.code).toBe(2);
    expect(ramp.stderr).toMatch(/quotas\.ramp needs territories\.currentOwner/);
  });
});
