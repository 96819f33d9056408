/**
 * The engine's deals (rows in DuckDB, each distinct stage, amount, date and account cell read by the in-memory code)
 * give `readDeals`'s deals, totals, currencies and warnings exactly — on the sample and on the deal exports of
 * Salesforce, HubSpot (several companies per deal), Dynamics 365 and Pipedrive (deals named by organization name).
 */
import { describe, expect, it } from 'vitest';
import { cleanseAccounts } from '../../src/cleanse/cleanse.ts';
import type { FxRates } from '../../src/cleanse/currency.ts';
import { DataError } from '../../src/core/errors.ts';
import { withDuckDB } from '../../src/data/duckdb.ts';
import { loadTable, loadTextTable } from '../../src/data/load.ts';
import { accountIndexTables } from '../../src/engine/account-match-table.ts';
import { cleanseAccountsTable } from '../../src/engine/cleanse-table.ts';
import { readDealsTable } from '../../src/engine/deals-table.ts';
import { accountKeys } from '../../src/segment/inputs/account-keys.ts';
import { accountMatcher } from '../../src/segment/inputs/account-match.ts';
import { readDeals, type DealsMapping } from '../../src/segment/inputs/deals.ts';

const USD: FxRates = { currency: 'USD', rates: { EUR: 1.1, GBP: 1.25, SEK: 0.095 } };
const nan = (v: unknown) => (v === null ? Number.NaN : Number(v));

async function engineDeals(accounts: string, deals: string, mapping: DealsMapping, fx: FxRates) {
  return withDuckDB(async (connection) => {
    const loaded = await loadTextTable(connection, accounts, 'raw_accounts');
    const raw = { table: 'raw_accounts', columns: loaded.columns, rows: loaded.rows };
    await cleanseAccountsTable(
      connection,
      raw,
      { file: accounts },
      { output: 'accounts', ids: 'account_ids' },
    );
    await accountIndexTables(connection);
    const read = await readDealsTable(connection, deals, mapping, fx);
    const rows = async (sql: string) => (await connection.runAndReadAll(sql)).getRows();
    const list = (
      await rows('SELECT account, status, amount, cycle_days, close_date FROM deals ORDER BY rowid')
    ).map(([account, status, amount, cycleDays, closeDate]) => ({
      account: Number(account),
      status,
      amount: Number(amount),
      cycleDays: nan(cycleDays),
      closeDate: nan(closeDate),
    }));
    const totals = await rows(
      'SELECT COALESCE(t.won_deals, 0), COALESCE(t.won_amount, 0), COALESCE(t.open_pipeline, 0) FROM accounts AS a LEFT JOIN deal_totals AS t ON t.account = a.rowid ORDER BY a.rowid',
    );
    const { matches: _matches, ...rest } = read;
    return {
      ...rest,
      deals: list,
      wonDeals: Float64Array.from(totals, (t) => Number(t[0])),
      wonAmount: Float64Array.from(totals, (t) => Number(t[1])),
      openPipeline: Float64Array.from(totals, (t) => Number(t[2])),
    };
  });
}

async function memoryDeals(accounts: string, deals: string, mapping: DealsMapping, fx: FxRates) {
  const raw = await loadTable(accounts, { allText: true });
  const cleansed = cleanseAccounts(raw.frame, { file: accounts });
  const keys = accountKeys(cleansed.frame.strings('account_id'), cleansed.idMap);
  const matcher = accountMatcher(cleansed.frame, keys);
  return readDeals(deals, matcher, cleansed.frame.numRows, mapping, fx);
}

const message = (error: unknown) =>
  error instanceof DataError ? `DataError: ${error.message}` : String(error);

async function expectSameDeals(accounts: string, deals: string, mapping: DealsMapping = {}, fx = USD) {
  const memory = await memoryDeals(accounts, deals, mapping, fx).catch(message);
  const engine = await engineDeals(accounts, deals, mapping, fx).catch(message);
  expect(engine).toEqual(memory);
  return memory;
}

describe('the engine deals give readDeals exactly', () => {
  it('on the sample', async () => {
    const memory = await expectSameDeals(
      'data/sample/2026-05/accounts.csv',
      'data/sample/2026-05/opportunities.csv',
    );
    expect(typeof memory === 'string' ? 0 : memory.deals.length).toBeGreaterThan(5000);
  }, 60_000);

  it.each([
    ['salesforce', 'accounts.csv', 'opportunities.csv'],
    ['hubspot', 'companies.csv', 'deals.csv'],
    ['dynamics', 'accounts.csv', 'opportunities.csv'],
    ['pipedrive', 'organizations.csv', 'deals.csv'],
    ['pipedrive-eu', 'organizations.csv', 'deals.csv'],
    ['planted', 'hubspot-companies.csv', 'hubspot-deals.csv'],
    ['planted-pipedrive', 'organizations.csv', 'deals.csv'],
    ['planted-salesforce', 'accounts.csv', 'opportunities.csv'],
  ])('on the %s exports', async (folder, accounts, deals) => {
    const dir = `test/fixtures/exports/${folder}`;
    const memory = await expectSameDeals(`${dir}/${accounts}`, `${dir}/${deals}`);
    expect(typeof memory).not.toBe('string');
  });

  it('refuses an amount in a currency without a rate with the same row as in memory', async () => {
    const dir = 'test/fixtures/exports/planted-pipedrive';
    const fx = { currency: 'USD', rates: { EUR: 1.1, GBP: 1.25 } };
    const memory = await expectSameDeals(`${dir}/organizations.csv`, `${dir}/deals.csv`, {}, fx);
    expect(memory).toMatch(/row 35, column "Deal - Value": an amount in SEK/);
  });

  it('with several companies per deal split, won stages named, dates day-first', async () => {
    const dir = 'test/fixtures/exports/hubspot';
    await expectSameDeals(`${dir}/companies.csv`, `${dir}/deals.csv`, {
      multiCompany: 'split',
      wonStages: ['Contract Signed'],
      dateOrder: 'day-first',
    });
  });
});
