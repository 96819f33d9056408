/**
 * A sales-ops team's own exports end to end: Salesforce Account and Opportunity reports + a D&B file + NetSuite
 * invoice lines (24 months, credit memos, tax and shipping lines, EUR/GBP at the file's rates, a CRM id on
 * 70 % of the lines), with a planted propensity, spend and families (test/fixtures/exports/planted-salesforce,
 * made by its make-planted.ts). `segment init` names each system and asks which column is the product line;
 * with that answered, `segment study` gets current spend right, merges only the true duplicates (never a
 * subsidiary into its parent), recovers the families, fills the CRM's blanks from D&B, keeps ids out of the
 * fit, and ranks the planted propensity as well as an oracle logistic fit on the same visible columns.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTable } from '../../src/data/load.ts';
import { LogisticRegression } from '../../src/models/logistic.ts';
import type { Frame } from '../../src/data/frame.ts';
import { runCli } from '../cli/run-cli.ts';
import { spearman, tempDir } from '../helpers.ts';

const FIXTURE = 'test/fixtures/exports/planted-salesforce';
const FILES = ['accounts.csv', 'opportunities.csv', 'dnb.csv', 'invoice-lines.csv'];
const dir = tempDir();
const run = join(dir, 'run');
let init: Awaited<ReturnType<typeof runCli>>;
let segments: Frame;
let truth: Frame;
/** segments.csv row of each planted (non-duplicate) account, in truth order. */
let rows: { row: number; truth: number }[];

beforeAll(async () => {
  for (const f of FILES) copyFileSync(join(FIXTURE, f), join(dir, f));
  const config = join(dir, 'study.json');
  init = await runCli(['init', ...FILES.map((f) => join(dir, f)), '--out', config]);
  expect(init.code).toBe(0);
  // init's one question, answered in the config as a user would: the product line is NetSuite's "Class".
  const proposed = JSON.parse(readFileSync(config, 'utf8')) as Record<string, unknown>;
  writeFileSync(
    config,
    JSON.stringify({ ...proposed, mapping: { spend: { columns: { product: 'Class' } } } }),
  );
  const study = await runCli(['study', '--config', config, '--out', run]);
  expect(study.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('warning: '))).toEqual([]);
  expect(study.code).toBe(0);
  segments = (
    await loadTable(join(run, 'segments.csv'), { textColumns: ['account_id', 'ultimate_parent_id'] })
  ).frame;
  truth = (
    await loadTable(join(FIXTURE, 'truth.csv'), { textColumns: ['Account ID', 'family', 'duplicate_of'] })
  ).frame;
  const rowOf = new Map(segments.strings('account_id').map((id, i) => [id, i]));
  rows = (truth.strings('Account ID') as string[]).flatMap((id, i) =>
    truth.strings('duplicate_of')[i] === null ? [{ row: rowOf.get(id) as number, truth: i }] : [],
  );
}, 180_000);

describe('Salesforce reports + D&B + NetSuite invoice lines', () => {
  it('init names each system, finds the hierarchy, and asks which column is the product line', () => {
    const lines = init.stdout.split('\n');
    expect(lines.filter((l) => / — /.test(l))).toEqual([
      'accounts: accounts.csv — Salesforce accounts (header "Billing Country"), 2,476 rows',
      'opportunities: opportunities.csv — Salesforce opportunities (headers "Opportunity ID" and "Stage"), 1,274 rows',
      'market: dnb.csv — Dun & Bradstreet (header "D-U-N-S Number"), 1,887 rows',
      'spend: invoice-lines.csv — NetSuite invoice lines (headers "Document Number" and "Item" and "Amount (Foreign Currency)"), 7,168 rows',
    ]);
    expect(lines).toContain('hierarchy: families from "Parent Account ID" (hierarchy.parentColumn)');
    expect(lines.filter((l) => l.startsWith('question: '))).toEqual([
      'question: the spend file has several product-like columns ("Item", "Class"): name the product line in mapping.spend.columns.product, or leave it out for spend without lines',
    ]);
  });

  it('current spend is the trailing 12 months of product lines, credit memos netted, at the file rates', () => {
    const spend = segments.numbers('current_spend');
    const customers = rows.filter((r) => truth.numbers('customer')[r.truth] === 1);
    const ratios = customers
      .map((r) => (spend[r.row] as number) / (truth.numbers('spend_usd')[r.truth] as number))
      .sort((a, b) => a - b);
    expect(Math.abs((ratios[Math.floor(ratios.length / 2)] as number) - 1)).toBeLessThan(0.03);
    expect(ratios.filter((x) => Math.abs(x - 1) > 0.001)).toEqual([]); // measured: every customer within 0.1 %
    const money = (
      JSON.parse(readFileSync(join(run, 'study.json'), 'utf8')) as { money: Record<string, unknown> }
    ).money;
    expect(money).toMatchObject({
      asOf: '2026-11-27',
      asOfSource: 'latest invoice line',
      spendWindow: { from: '2025-11-28', to: '2026-11-27' },
    });
  });

  it('merges only the planted duplicates: no subsidiary into its parent; families recovered', async () => {
    expect(segments.numRows).toBe(2400);
    const merges = (await loadTable(join(run, 'merges.csv'), { allText: true })).frame;
    const planted = new Map(
      (truth.strings('Account ID') as string[]).flatMap((id, i) => {
        const of = truth.strings('duplicate_of')[i];
        return of === null ? [] : [[id, of] as const];
      }),
    );
    expect(merges.numRows).toBe(planted.size);
    merges.strings('merged_ids').forEach((merged, i) => {
      expect(planted.get(merged as string)).toBe(merges.strings('kept_id')[i]);
    });
    const ultimate = segments.strings('ultimate_parent_id');
    const wrong = rows.filter((r) => ultimate[r.row] !== truth.strings('family')[r.truth]);
    expect(wrong).toEqual([]);
  });

  it('customers are customers, D&B fills the blanks, and no id or code is a fit feature', () => {
    const isCustomer = segments.numbers('is_customer');
    expect(rows.map((r) => isCustomer[r.row])).toEqual(rows.map((r) => truth.numbers('customer')[r.truth]));
    const motion = segments.strings('motion');
    const hunted = rows.filter(
      (r) =>
        isCustomer[r.row] === 1 &&
        ['Hunters (new logo)', 'Digital / self-serve'].includes(motion[r.row] ?? ''),
    );
    expect(hunted).toEqual([]);
    // Every account has a quadrant: those without a size get potential from their industry's customers.
    expect(segments.strings('road_quadrant').filter((q) => q === null)).toEqual([]);
    const basis = segments.strings('potential_basis');
    expect(basis.filter((b) => b === 'industry peers (no size)').length).toBeGreaterThan(0);
    const study = JSON.parse(readFileSync(join(run, 'study.json'), 'utf8')) as {
      warnings: { message: string }[];
    };
    expect(study.warnings.map((w) => w.message)).toContain(
      "assemble: dnb.csv supplied 461 employees, 1,114 annual revenue (the CRM's values first, the market file filling blanks; mapping.market.precedence)",
    );
    const model = JSON.parse(readFileSync(join(run, 'models/lookalike.json'), 'utf8')) as {
      features: string[];
    };
    expect(model.features).toEqual(['log10_employees', 'log10_revenue', 'Year Started']);
  });

  it('ranks the planted propensity within 0.03 of an oracle fit on the same visible columns', () => {
    const propensity = rows.map((r) => truth.numbers('propensity')[r.truth] as number);
    const oracle = new LogisticRegression()
      .fit(segments, {
        target: 'is_customer',
        features: ['log10_employees', 'Year Started'],
        categorical: ['industry'],
        missing: 'impute',
      })
      .predictProba(segments).probability;
    const oracleRho = spearman(
      rows.map((r) => oracle[r.row] as number),
      propensity,
    );
    const productRho = spearman(
      rows.map((r) => segments.numbers('probability')[r.row] as number),
      propensity,
    );
    console.log(
      `Salesforce + D&B: fit-vs-truth Spearman ${productRho.toFixed(3)}, oracle ${oracleRho.toFixed(3)}`,
    );
    expect(oracleRho - productRho).toBeLessThan(0.03);
  });

  it('values customers from the NetSuite invoice lines (quarterly billing: a rate, no drop-out, said so)', () => {
    const value = JSON.parse(readFileSync(join(run, 'models/value.json'), 'utf8')) as {
      source: string;
      customers: number;
      repeatBuyers: number;
      purchases: { converged: boolean };
    };
    expect(value).toMatchObject({ source: 'invoice lines', customers: 236, repeatBuyers: 236 });
    expect(value.purchases.converged).toBe(false);
    const record = JSON.parse(readFileSync(join(run, 'study.json'), 'utf8')) as {
      warnings: { code: string; message: string }[];
    };
    expect(record.warnings.find((w) => w.code === 'value-no-dropout')?.message).toMatch(
      /^value: the invoice history of 236 customers shows no drop-out pattern/,
    );
    // Invoiced every quarter: about four purchases in the next 12 months for a customer still billed.
    const customer = segments.numbers('is_customer');
    const expected = segments.numbers('expected_purchases');
    const valued = [...customer.keys()].filter(
      (i) => customer[i] === 1 && !Number.isNaN(expected[i] as number),
    );
    expect(valued).toHaveLength(236);
    const median = valued.map((i) => expected[i] as number).sort((a, b) => a - b)[118] as number;
    expect(median).toBeGreaterThan(3.5);
    expect(median).toBeLessThan(4.5);
  });
});
