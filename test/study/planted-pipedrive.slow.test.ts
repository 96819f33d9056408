/**
 * A European team's own exports end to end: Pipedrive organizations + Pipedrive deals (by organization NAME, in
 * EUR, GBP, SEK and USD) + Apollo, with a planted propensity and a planted annual contract value per
 * organization (test/fixtures/exports/planted-pipedrive, made by its make-planted.ts — not the sample
 * generator). `segment init` says what each file is and asks only for the exchange rates; with them answered,
 * `segment study` puts money in euros right, keeps customers out of new-logo motions, matches the deals by
 * name, keeps engagement and ids out of the fit, and ranks the planted propensity as well as an oracle
 * logistic fit on the same visible columns.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTable } from '../../src/data/load.ts';
import { LogisticRegression } from '../../src/models/logistic.ts';
import type { Frame } from '../../src/data/frame.ts';
import { runCli } from '../cli/run-cli.ts';
import { spearman, tempDir } from '../helpers.ts';

const FIXTURE = 'test/fixtures/exports/planted-pipedrive';
/** EUR per unit, as the generator converted the deal values (FX in make-planted.ts). */
const FX = { GBP: 1.17, SEK: 0.087, USD: 0.92 };
const dir = tempDir();
const run = join(dir, 'run');
let init: Awaited<ReturnType<typeof runCli>>;
let segments: Frame;
let truth: Frame;

beforeAll(async () => {
  const files = ['organizations.csv', 'deals.csv', 'apollo.csv'];
  for (const f of files) copyFileSync(join(FIXTURE, f), join(dir, f));
  const config = join(dir, 'study.json');
  init = await runCli(['init', ...files.map((f) => join(dir, f)), '--out', config]);
  expect(init.code).toBe(0);
  // The one question init asks is answered in the config, as a user would; no file is touched.
  writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), fx: FX }));
  const study = await runCli(['study', '--config', config, '--out', run]);
  expect(study.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('warning: '))).toEqual([]);
  expect(study.code).toBe(0);
  segments = (await loadTable(join(run, 'segments.csv'), { textColumns: ['account_id'] })).frame;
  truth = (await loadTable(join(FIXTURE, 'truth.csv'), { textColumns: ['Organization - ID'] })).frame;
}, 180_000);

/** Each truth row's row in segments.csv. */
const rowsOfTruth = () => {
  const row = new Map(segments.strings('account_id').map((id, i) => [id, i]));
  return (truth.strings('Organization - ID') as string[]).map((id) => row.get(id) as number);
};

describe('Pipedrive + Apollo, a EUR study', () => {
  it('init names each system once, reports in EUR and asks only for the rates', () => {
    const lines = init.stdout.split('\n');
    expect(lines.filter((l) => /^(accounts|market|opportunities): /.test(l) && l.includes(' — '))).toEqual([
      'accounts: organizations.csv — Pipedrive organizations (header "Organization - Name"), 2,500 rows',
      'opportunities: deals.csv — Pipedrive deals (header "Deal - Title"), 1,332 rows',
      'market: apollo.csv — Apollo (header "Apollo Account Id"), 2,128 rows',
    ]);
    expect(init.stdout).toMatch(
      /^ {2}stages in "Deal - Status": won = won \(550\); lost = lost \(356\); open = open \(426\)$/m,
    );
    expect(lines.filter((l) => l.startsWith('question: '))).toEqual([
      'question: deals are also in SEK, USD, GBP: add the EUR value of one unit of each to the config, e.g. "fx": { "SEK": <rate>, "USD": <rate>, "GBP": <rate> }',
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'study.json'), 'utf8'))).toMatchObject({ currency: 'EUR' });
  });

  it('current spend per active customer is its contract value in euros (median within 3 %), never unconverted', () => {
    const rows = rowsOfTruth();
    const spend = segments.numbers('current_spend');
    const ratios = rows
      .map((r, i) => ({ r, i }))
      .filter(({ i }) => truth.numbers('customer')[i] === 1 && truth.numbers('lapsed')[i] === 0)
      .map(({ r, i }) => (spend[r] as number) / (truth.numbers('acv_eur')[i] as number))
      .sort((a, b) => a - b);
    const median = ratios[Math.floor(ratios.length / 2)] as number;
    expect(Math.abs(median - 1)).toBeLessThan(0.03);
    // SEK summed as euros would be 11.5× the truth: no customer is more than 1 % off.
    expect(ratios.filter((x) => Math.abs(x - 1) > 0.01).length).toBeLessThan(0.05 * ratios.length);
    const study = JSON.parse(readFileSync(join(run, 'study.json'), 'utf8')) as {
      money: { currency: string };
    };
    expect(study.money.currency).toBe('EUR');
    const report = readFileSync(join(run, 'report.html'), 'utf8');
    expect(report).toMatch(/€\d/);
    expect(report.replace(/<script[\s\S]*?<\/script>/g, '')).not.toMatch(/\$\d/);
  });

  it('customers are customers: none gets a new-logo or self-serve motion; deals match by name (≥ 95 %)', () => {
    const rows = rowsOfTruth();
    const motion = segments.strings('motion');
    const customers = rows.filter((_, i) => truth.numbers('customer')[i] === 1);
    const newLogo = customers.filter((r) =>
      ['Hunters (new logo)', 'Digital / self-serve'].includes(motion[r] ?? ''),
    );
    expect(newLogo).toEqual([]);
    expect(segments.strings('road_quadrant').filter((q) => q === null)).toEqual([]);
    // Small customers with a large opportunity are expanded by farmers, not hunted.
    expect(customers.some((r) => motion[r] === 'Farmers (expand a small customer)')).toBe(true);
    const isCustomer = segments.numbers('is_customer');
    expect(rows.map((r) => isCustomer[r])).toEqual(Array.from(truth.numbers('customer')));
    const manifest = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8')) as {
      inputs: Record<string, { matched: string }>;
    };
    const [matched, of] = (manifest.inputs.opportunities?.matched.match(/[\d,]+/g) ?? []).map((v) =>
      Number(v.replaceAll(',', '')),
    );
    expect((matched as number) / (of as number)).toBeGreaterThanOrEqual(0.95);
  });

  it('the fit features are firmographic or technographic, and the fit ranks like an oracle on the same columns', () => {
    const model = JSON.parse(readFileSync(join(run, 'models/lookalike.json'), 'utf8')) as {
      features: string[];
    };
    expect(model.features).not.toContain('Intent Score');
    for (const f of model.features) expect(f).not.toMatch(/id|intent|score|d-u-n-s/i);
    expect(model.features).toEqual(expect.arrayContaining(['log10_employees', 'tech_snowflake', 'tech_dbt']));
    // The oracle: the planted form (log10 employees, industry, Snowflake, dbt) fitted on the visible columns.
    const oracle = new LogisticRegression().fit(segments, {
      target: 'is_customer',
      features: ['log10_employees', 'tech_snowflake', 'tech_dbt'],
      categorical: ['industry'],
      missing: 'impute',
    });
    const rows = rowsOfTruth();
    const propensity = Array.from(truth.numbers('propensity'));
    const oracleProbability = oracle.predictProba(segments).probability;
    const oracleRho = spearman(
      rows.map((r) => oracleProbability[r] as number),
      propensity,
    );
    const productRho = spearman(
      rows.map((r) => segments.numbers('probability')[r] as number),
      propensity,
    );
    console.log(
      `Pipedrive + Apollo: fit-vs-truth Spearman ${productRho.toFixed(3)}, oracle ${oracleRho.toFixed(3)}`,
    );
    expect(oracleRho - productRho).toBeLessThan(0.03);
  });
});

describe('a size column the study does not recognise', () => {
  it('the error that stops the study names the header that looks like it and the key to map it', async () => {
    const d = tempDir();
    const orgs = ['Organization - ID,Organization - Name,Organization - Staff (FTE),Organization - Label'];
    const deals = ['Deal - ID,Deal - Organization,Deal - Status,Deal - Value,Deal - Won time'];
    for (let i = 0; i < 12; i++) {
      orgs.push(`${100 + i},Firma ${i} GmbH,${20 + i * 15},${i < 10 ? 'Customer' : ''}`);
      if (i < 10) deals.push(`${900 + i},Firma ${i} GmbH,won,${1000 + i},2026-0${1 + (i % 9)}-15 10:00:00`);
    }
    writeFileSync(join(d, 'orgs.csv'), `${orgs.join('\n')}\n`);
    writeFileSync(join(d, 'deals.csv'), `${deals.join('\n')}\n`);
    writeFileSync(
      join(d, 'study.json'),
      JSON.stringify({ inputs: { accounts: 'orgs.csv', opportunities: 'deals.csv' } }),
    );
    const result = await runCli(['study', '--config', join(d, 'study.json'), '--out', join(d, 'run')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /no column to learn the customer profile from: .*; no column was read as employees; .*"Organization - Staff \(FTE\)" looks like employees: name it in mapping\.accounts\.columns\.employees/,
    );
  }, 60_000);
});
