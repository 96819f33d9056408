/**
 * Deals exports as the CRMs write them (hand-written fixtures in test/fixtures/exports/, not from the
 * generator): HubSpot stage ids and multi-company associations, Salesforce flags written as 1/0, Pipedrive's
 * won/lost/open status. Each asserts the exact won deals, amounts and cycle days.
 */
import { describe, expect, it } from 'vitest';
import { assembleUniverse } from '../../src/segment/assemble.ts';
import { defaultInputMapping } from '../../src/segment/assemble.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountKeys } from '../../src/segment/inputs/account-keys.ts';
import { parseFlag, readDeals, stageStatus } from '../../src/segment/inputs/deals.ts';
import { tempDir } from '../helpers.ts';

const fixture = (path: string) => `test/fixtures/exports/${path}`;
const inputs = (accounts: string, opportunities: string) => ({
  accounts: fixture(accounts),
  market: null,
  opportunities: fixture(opportunities),
  spend: null,
  engagement: null,
});

describe('deals from the CRMs', () => {
  it('HubSpot: closedwon is won; a deal of two companies belongs to the first listed, the partner is no customer', async () => {
    const u = await assembleUniverse(inputs('hubspot/companies.csv', 'hubspot/deals.csv'));
    expect(u.frame.strings('account_id')).toEqual(['9001', '9002', '9003', '9004']);
    expect(Array.from(u.frame.numbers('won_deals'))).toEqual([1, 0, 1, 0]);
    expect(Array.from(u.frame.numbers('won_amount'))).toEqual([120000, 0, 50000, 0]);
    expect(Array.from(u.frame.numbers('open_pipeline'))).toEqual([0, 0, 30000, 0]);
    // 9004 is the partner on deal 504: related, not a customer (it used to become one with half the deal).
    expect(Array.from(u.frame.numbers('is_customer'))).toEqual([1, 0, 1, 0]);
    expect(u.deals.map((d) => [d.account, d.status, d.cycleDays])).toEqual([
      [0, 'won', 121],
      [1, 'lost', 76],
      [2, 'open', Number.NaN],
      [2, 'won', 30],
    ]);
    expect(u.stats.opportunitiesMatched).toBe(4);
    expect(u.money).toMatchObject({
      asOf: '2025-11-20',
      asOfSource: 'latest closed deal',
      spendSource: 'won deals',
    });
    expect(u.warnings.map((w) => w.message)).toEqual([
      '1 of 5 opportunities name no account id of the accounts file; they were left out',
      '1 opportunity names several accounts; the primary (first listed) account buys, the others are related accounts that do not become customers (set mapping.opportunities.multiCompany to "split" to share it)',
      'no spend file: current spend = won-deal amount closed from 2024-11-21 to 2025-11-20 (12 months)',
      'customers: accounts with a won deal, plus 0 more whose "Lifecycle Stage" says customer',
    ]);
    // No spend file: won deals of the trailing 12 months are the current spend.
    expect(Array.from(u.frame.numbers('current_spend'))).toEqual([120000, 0, 50000, 0]);
  });

  it('HubSpot, multiCompany "split": each company on the deal gets an equal share and becomes a customer', async () => {
    const mapping = defaultInputMapping();
    mapping.opportunities.multiCompany = 'split';
    const u = await assembleUniverse(inputs('hubspot/companies.csv', 'hubspot/deals.csv'), mapping);
    expect(Array.from(u.frame.numbers('won_amount'))).toEqual([120000, 0, 25000, 25000]);
    expect(Array.from(u.frame.numbers('is_customer'))).toEqual([1, 0, 1, 1]);
  });

  it('Salesforce: IsWon and IsClosed written as 1/0', async () => {
    const u = await assembleUniverse(inputs('salesforce/accounts.csv', 'salesforce/opportunities.csv'));
    expect(Array.from(u.frame.numbers('won_deals'))).toEqual([1, 0]);
    expect(Array.from(u.frame.numbers('open_pipeline'))).toEqual([10000, 0]);
    expect(u.deals.map((d) => d.status)).toEqual(['open', 'won', 'lost']);
    expect(u.deals.map((d) => d.cycleDays)).toEqual([Number.NaN, 60, 20]);
  });

  it('Pipedrive: status won / lost / open, value, won time; no close date for lost deals is a blank cycle', async () => {
    const u = await assembleUniverse(inputs('pipedrive/organizations.csv', 'pipedrive/deals.csv'));
    expect(u.frame.strings('account_id')).toEqual(['41', '42']);
    expect(Array.from(u.frame.numbers('won_amount'))).toEqual([70000, 0]);
    expect(Array.from(u.frame.numbers('open_pipeline'))).toEqual([0, 8000]);
    expect(u.deals.map((d) => [d.status, d.cycleDays])).toEqual([
      ['won', 30],
      ['lost', Number.NaN],
      ['open', Number.NaN],
    ]);
  });

  it('Dynamics 365 (UK user): day-first dates settled by a day above 12, European amounts, Won/Lost/Open', async () => {
    const { deals, wonAmount } = await readDeals(
      fixture('dynamics/opportunities.csv'),
      accountKeys(
        [
          '7c1b2a4e-1d2f-ee11-9965-000d3a5b1c01',
          '7c1b2a4e-1d2f-ee11-9965-000d3a5b1c02',
          '7c1b2a4e-1d2f-ee11-9965-000d3a5b1c03',
        ],
        new Map(),
      ),
      3,
      { columns: { accountId: 'Account (ID)' } },
    );
    const day = (t: number) => (Number.isNaN(t) ? null : new Date(t).toISOString().slice(0, 10));
    expect(deals.map((d) => [d.account, d.status, d.cycleDays, day(d.closeDate)])).toEqual([
      [0, 'won', 71, '2025-03-14'],
      [1, 'lost', 57, '2025-04-03'],
      [2, 'open', Number.NaN, null],
    ]);
    expect(Array.from(wonAmount)).toEqual([120000, 0, 0]);
  });

  it('dates that read both ways and nothing settles: an error asking for the order; stated, they read', async () => {
    const dir = tempDir();
    const file = join(dir, 'deals.csv');
    writeFileSync(
      file,
      'AccountId,StageName,Amount,CreatedDate,CloseDate\nA,Closed Won,100,01/02/2025,05/03/2025\n',
    );
    const keys = accountKeys(['A'], new Map());
    await expect(readDeals(file, keys, 1)).rejects.toThrow(
      /deals\.csv, column "CreatedDate": dates like "01\/02\/2025" read both day-first and month-first, and no value in the column settles it; set mapping\.opportunities\.dateOrder to "day-first" or "month-first"$/,
    );
    const dayFirst = await readDeals(file, keys, 1, { dateOrder: 'day-first' });
    expect(dayFirst.deals[0]?.cycleDays).toBe(32); // 1 Feb → 5 Mar 2025
    const monthFirst = await readDeals(file, keys, 1, { dateOrder: 'month-first' });
    expect(monthFirst.deals[0]?.cycleDays).toBe(121); // 2 Jan → 3 May 2025
  });

  it('stage names and flags as the systems spell them; anything else is an error naming the cell', () => {
    expect(['closedwon', 'Closed Won', 'WON', 'Deal won'].map((s) => stageStatus(s))).toEqual([
      'won',
      'won',
      'won',
      'won',
    ]);
    expect(['closedlost', 'Closed Lost', 'lost', 'Closed - Duplicate'].map((s) => stageStatus(s))).toEqual([
      'lost',
      'lost',
      'lost',
      'lost',
    ]);
    expect(['appointmentscheduled', 'Negotiation/Review', null].map((s) => stageStatus(s))).toEqual([
      'open',
      'open',
      'open',
    ]);
    const where = { file: 'deals.csv', row: 4, column: 'IsWon' };
    expect(['true', '1', 'Yes', 'false', '0', 'no', ''].map((v) => parseFlag(v, where))).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      null,
    ]);
    expect(() => parseFlag('maybe', where)).toThrow(
      /deals\.csv, row 4, column "IsWon": "maybe" is not a yes\/no value/,
    );
  });
});

describe('deals with headers and stages of their own', () => {
  it('a mapping names the columns and the won and lost stages', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'deals.csv'),
      'Kunde,Phase,Wert,Abschluss\n9001,Gewonnen,1000,2025-05-01\n9002,Verloren,500,2025-05-02\n9003,Angebot,700,\n',
    );
    const keys = accountKeys(['9001', '9002', '9003'], new Map());
    const read = await readDeals(join(dir, 'deals.csv'), keys, 3, {
      columns: { accountId: 'Kunde', stage: 'Phase', amount: 'Wert', closed: 'Abschluss' },
      wonStages: ['Gewonnen'],
      lostStages: ['Verloren'],
    });
    expect(read.deals.map((d) => [d.account, d.status, d.amount])).toEqual([
      [0, 'won', 1000],
      [1, 'lost', 500],
      [2, 'open', 700],
    ]);
    await expect(
      readDeals(join(dir, 'deals.csv'), keys, 3, { columns: { accountId: 'Customer' } }),
    ).rejects.toThrow(
      /deals\.csv: opportunities\.columns\.accountId names column "Customer", which the file does not have \(columns are "Kunde", "Phase", "Wert", "Abschluss"\)/,
    );
  });
});
