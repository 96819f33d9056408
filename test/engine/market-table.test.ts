/**
 * The engine's market join gives `joinMarket`'s accounts exactly: the vendor cleansed as the accounts are, its first
 * row per domain, the CRM's firmographics first (or the vendor's), its other columns as numbers or text.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { cleanseAccounts } from '../../src/cleanse/cleanse.ts';
import { loadTable, loadTextTable, queryFrame } from '../../src/data/load.ts';
import { cleanseAccountsTable } from '../../src/engine/cleanse-table.ts';
import { joinMarketTable } from '../../src/engine/market-table.ts';
import { joinMarket, type MarketMapping } from '../../src/segment/inputs/market.ts';

async function engineJoin(accounts: string, market: string, mapping: MarketMapping) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const loaded = await loadTextTable(connection, accounts, 'raw_accounts');
    const raw = { table: 'raw_accounts', columns: loaded.columns, rows: loaded.rows };
    await cleanseAccountsTable(
      connection,
      raw,
      { file: accounts },
      { output: 'accounts', ids: 'account_ids' },
    );
    const join = await joinMarketTable(connection, market, mapping);
    const types = (await connection.runAndReadAll('DESCRIBE accounts')).getRows();
    const text = types.filter((r) => r[1] === 'VARCHAR').map((r) => String(r[0]));
    return { join, frame: await queryFrame(connection, 'accounts', { textColumns: text }) };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function memoryJoin(accounts: string, market: string, mapping: MarketMapping) {
  const raw = await loadTable(accounts, { allText: true });
  return joinMarket(cleanseAccounts(raw.frame, { file: accounts }).frame, market, mapping);
}

describe.each([
  ['the sample', 'data/sample/2026-05/accounts.csv', 'data/sample/2026-05/market.csv'],
  [
    'Salesforce and D&B families',
    'test/fixtures/exports/salesforce-families/accounts.csv',
    'test/fixtures/exports/salesforce-families/dnb.csv',
  ],
  [
    'Pipedrive and Apollo',
    'test/fixtures/exports/planted-pipedrive/organizations.csv',
    'test/fixtures/exports/planted-pipedrive/apollo.csv',
  ],
  [
    'HubSpot and ZoomInfo',
    'test/fixtures/exports/planted/hubspot-companies.csv',
    'test/fixtures/exports/planted/zoominfo.csv',
  ],
])('the engine market join on %s', (_label, accounts, market) => {
  it.each(['crm', 'market'] as const)(
    'gives joinMarket exactly, precedence %s',
    async (precedence) => {
      const mapping: MarketMapping = { columns: {}, precedence };
      const [memory, engine] = [
        await memoryJoin(accounts, market, mapping),
        await engineJoin(accounts, market, mapping),
      ];
      expect(engine.frame.columnNames).toEqual(memory.frame.columnNames);
      for (const column of memory.frame.columnNames)
        expect(engine.frame.column(column).kind, column).toBe(memory.frame.column(column).kind);
      expect(engine.frame.toRows()).toEqual(memory.frame.toRows());
      const { frame: _frame, ...rest } = memory;
      expect(engine.join).toEqual(rest);
      expect(memory.matched).toBeGreaterThan(0);
    },
    60_000,
  );
});
