/**
 * Feature roles and the leakage guard: engagement, outcomes and identifiers are never chosen as fit features;
 * a column that tells customers apart too well stops an automatic choice; every technology used by enough
 * accounts becomes a feature. The sample's November study with a config that names only its inputs must not
 * learn from its engagement file.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { Frame } from '../../src/data/frame.ts';
import { columnRoles, roleOfHeader } from '../../src/segment/column-roles.ts';
import { technologyColumns, DEFAULT_TECHNOLOGIES } from '../../src/segment/inputs/technologies.ts';
import { guardLeakage, leakyFeatures, numericFeatureCandidates } from '../../src/study/features.ts';
import { defaultStudyConfig, loadStudyConfig } from '../../src/study/config.ts';
import { lookalikeStep } from '../../src/study/steps/index.ts';
import { runSteps } from '../../src/study/runner.ts';
import { lookalikeModel } from '../../src/study/steps/lookalike.ts';
import { tempDir } from '../helpers.ts';

describe('column roles', () => {
  it('reads identifiers, CRM process fields and activity from the header; firmographics say nothing', () => {
    const headers = [
      'Global Ultimate D-U-N-S',
      'D-U-N-S Number',
      'Primary SIC Code',
      'naics_code',
      'Parent Account ID',
      'Postal Code',
      'web_visits_90d',
      'intent_score',
      'Lead Score',
      'Account Rating',
      'Type',
      'Organization - Label',
      'Founded Year',
      'Employees (All Sites)',
      'tech_fit_score',
      'Total Funding',
    ];
    expect(Object.fromEntries(headers.map((h) => [h, roleOfHeader(h)]))).toEqual({
      'Global Ultimate D-U-N-S': 'identifier',
      'D-U-N-S Number': 'identifier',
      'Primary SIC Code': 'identifier',
      naics_code: 'identifier',
      'Parent Account ID': 'identifier',
      'Postal Code': 'identifier',
      web_visits_90d: 'engagement',
      intent_score: 'engagement',
      'Lead Score': 'engagement',
      'Account Rating': 'outcome',
      Type: 'outcome',
      'Organization - Label': 'outcome',
      'Founded Year': null,
      'Employees (All Sites)': null,
      tech_fit_score: null,
      'Total Funding': null,
    });
  });

  it('the source decides first, the config overrides, and a bad override names the key', () => {
    const roles = columnRoles(
      { accounts: ['Founded Year'], engagement: ['product_tours'], technologies: ['tech_snowflake'] },
      { product_tours: 'firmographic' },
    );
    expect(roles).toEqual({
      'Founded Year': { role: 'firmographic', source: 'accounts', reason: 'a column of the accounts file' },
      product_tours: { role: 'firmographic', source: 'engagement', reason: 'config roles' },
      tech_snowflake: {
        role: 'technographic',
        source: 'technologies',
        reason: 'a technology of the technologies list',
      },
    });
    expect(() => columnRoles({ accounts: ['a'] }, { b: 'engagement' })).toThrow(
      new ConfigError('roles names "b", which the data does not have (columns: a)'),
    );
    expect(() => columnRoles({ accounts: ['a'] }, { a: 'fit' })).toThrow(
      /roles\.a="fit" must be one of firmographic, technographic, engagement, outcome, identifier/,
    );
  });
});

describe('automatic fit features', () => {
  // 200 accounts, 50 customers: visits separate them perfectly, founded year is noise, a vendor score is
  // filled in for customers only.
  const n = 200;
  const isCustomer = Float64Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 1 : 0));
  const frame = Frame.fromColumns({
    is_customer: isCustomer,
    log10_employees: Float64Array.from({ length: n }, (_, i) => 1 + ((i * 7) % 13) / 5),
    founded_year: Float64Array.from({ length: n }, (_, i) => 1950 + ((i * 11) % 70)),
    visits: Float64Array.from(isCustomer, (c, i) => (c === 1 ? 50 + (i % 9) : i % 9)),
    vendor_score: Float64Array.from(isCustomer, (c, i) =>
      c === 1 || i % 10 === 1 ? (i * 13) % 100 : Number.NaN,
    ),
    duns: Float64Array.from({ length: n }, (_, i) => 100_000_000 + i * 7919),
  });
  const roles = columnRoles({
    accounts: ['log10_employees', 'founded_year', 'vendor_score', 'duns'],
    engagement: ['visits'],
    study: ['is_customer'],
  });

  it('come only from firmographic and technographic columns', () => {
    expect(numericFeatureCandidates(frame, roles)).toEqual(['log10_employees', 'founded_year']);
    // Without roles (a frame from elsewhere) the headers still keep activity and ids out.
    expect(
      numericFeatureCandidates(frame.select(['is_customer', 'log10_employees', 'visits', 'duns'])),
    ).toEqual(['log10_employees']);
  });

  it('the leakage guard names a column that separates customers, or is filled in mostly for them', () => {
    const leaks = leakyFeatures(frame, ['log10_employees', 'visits', 'vendor_score']);
    expect(leaks.map((l) => [l.column, l.auc.toFixed(2), l.coverage])).toEqual([
      ['visits', '1.00', { customers: 1, others: 1 }],
      ['vendor_score', expect.any(String) as unknown as string, { customers: 1, others: 20 / 150 }],
    ]);
    expect(() =>
      guardLeakage(frame, ['log10_employees', 'visits'], { named: false, key: 'lookalike.features' }),
    ).toThrow(
      /^"visits" \(AUC 1\.00 on its own; values for 100% of customers, 100% of the others\) tells customers apart too well to be a profile — likely a result of being a customer; set roles\.visits to "engagement" or "outcome" to leave it out, or name the features in lookalike\.features$/,
    );
    const named = guardLeakage(frame, ['visits'], { named: true, key: 'lookalike.features' });
    expect(named.map((w) => w.code)).toEqual(['leaky-feature']);
  });
});

describe('technologies by information, not the top ten', () => {
  it('every technology used by at least 1 % and 20 accounts gets a column', () => {
    // 1,000 accounts; twelve common tools on most lists, Snowflake on 25 (2.5 %), dbt on 12 (too few).
    const common = Array.from({ length: 12 }, (_, k) => `Tool${k}`);
    const lists = Array.from({ length: 1000 }, (_, i) =>
      [
        ...common.filter((_, k) => (i + k) % 3 !== 0),
        ...(i < 25 ? ['Snowflake'] : []),
        ...(i >= 900 && i < 912 ? ['dbt'] : []),
      ].join('; '),
    );
    const { columns } = technologyColumns(Frame.fromColumns({ Technologies: lists }), DEFAULT_TECHNOLOGIES);
    expect(Object.keys(columns)).toContain('tech_snowflake');
    expect(Object.keys(columns)).not.toContain('tech_dbt');
    expect(Object.keys(columns).filter((c) => /^tech_tool\d+$/.test(c))).toHaveLength(12);
    expect(Object.keys(columns)).toContain('tech_count'); // dbt has no column of its own
  });
});

describe('the November sample with a config that names only its inputs', () => {
  it('chooses no engagement column, and ranks as well as the configured study', async () => {
    const dir = tempDir();
    const sample = resolve('data/sample/2026-11');
    const config = join(dir, 'study.json');
    const inputs = ['accounts', 'market', 'opportunities', 'spend', 'engagement'];
    writeFileSync(
      config,
      JSON.stringify({ inputs: Object.fromEntries(inputs.map((k) => [k, join(sample, `${k}.csv`)])) }),
    );
    const auto = await runSteps(await loadStudyConfig(config), { until: 'lookalike' });
    const features = auto.artifacts.lookalike?.fit.features ?? [];
    expect(features).not.toEqual([]);
    for (const f of features)
      expect(auto.artifacts.assemble?.roles[f]?.role).toMatch(/^(firmographic|technographic)$/);
    for (const f of [
      'web_visits_90d',
      'content_downloads_90d',
      'email_clicks_90d',
      'intent_score',
      'naics_code',
    ])
      expect(features).not.toContain(f);
    const configured = await runSteps(await loadStudyConfig('data/studies/sample-2026-11.json'), {
      until: 'lookalike',
    });
    const [a, b] = [auto, configured].map(
      (s) => s.artifacts.lookalike?.crossValidation.auc.mean ?? Number.NaN,
    );
    expect(Math.abs((a as number) - (b as number))).toBeLessThan(0.03);
    expect(lookalikeStep.name).toBe('lookalike');
  }, 120_000);
});

describe('estimation without l2 guessing', () => {
  const n = 300;
  const size = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 37) % 100) / 40);
  const frame = Frame.fromColumns({
    account_id: Array.from({ length: n }, (_, i) => `a${i}`),
    is_customer: Float64Array.from(size, (s, i) => (s + ((i * 17) % 10) / 5 > 3.2 ? 1 : 0)),
    log10_employees: size,
    founded_year: Float64Array.from({ length: n }, (_, i) => 1950 + ((i * 11) % 70)),
    year_started: Float64Array.from({ length: n }, (_, i) => 1950 + ((i * 11) % 70)), // the same column twice
  });

  it('a collinearity error names the columns; automatic features get a ridge chosen by cross-validation', () => {
    const config = defaultStudyConfig();
    const named = {
      ...config,
      lookalike: { ...config.lookalike, features: ['founded_year', 'year_started'], categorical: [] },
    };
    expect(() => lookalikeModel(frame, named)).toThrow(
      /the features are collinear: "founded_year" and "year_started" carry the same information; remove one of each pair, or add an L2 penalty/,
    );
    const auto = { ...config, lookalike: { ...config.lookalike, features: null, categorical: [] } };
    const { artifact, warnings } = lookalikeModel(frame, auto);
    expect(artifact.fit.features).toEqual(['log10_employees', 'founded_year', 'year_started']);
    const ridge = warnings.find((w) => w.code === 'ridge-chosen');
    expect(ridge?.message).toMatch(
      /^the features are collinear: "founded_year" and "year_started" carry the same information; fitted with lookalike\.l2 = (0\.3|1|3|10), the ridge penalty of 0\.3, 1, 3, 10 with the lowest cross-validated log-loss/,
    );
    expect(artifact.model.l2).toBeGreaterThan(0);
  });
});
