/**
 * The engine's cleanse (rows in DuckDB, distinct values through the in-memory normalizers, duplicate candidates
 * through the in-memory merge) gives `cleanseAccounts`'s accounts, id map, report and warnings exactly, on the
 * sample and on exports of real systems with their quirks (duplicates, families, placeholders, European numbers).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { cleanseAccounts, type CleanseOptions } from '../../src/cleanse/cleanse.ts';
import { DataError } from '../../src/core/errors.ts';
import { loadTable, loadTextTable, queryFrame } from '../../src/data/load.ts';
import { cleanseAccountsTable } from '../../src/engine/cleanse-table.ts';
import { tempDir } from '../helpers.ts';

const NUMERIC = new Set(['employees', 'annual_revenue']);

/** The engine's cleanse of a file: its accounts as rows, its id map, report and warnings. */
async function engineCleanse(path: string, options: CleanseOptions) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const loaded = await loadTextTable(connection, path, 'raw_accounts');
    const raw = { table: 'raw_accounts', columns: loaded.columns, rows: loaded.rows };
    const { report, warnings } = await cleanseAccountsTable(connection, raw, options, {
      output: 'accounts',
      ids: 'account_ids',
    });
    const described = (await connection.runAndReadAll('DESCRIBE accounts'))
      .getRows()
      .map((r) => String(r[0]));
    const frame = await queryFrame(connection, 'accounts', {
      textColumns: described.filter((c) => !NUMERIC.has(c)),
    });
    const ids = (
      await connection.runAndReadAll('SELECT id, account_id FROM account_ids ORDER BY id')
    ).getRows();
    return { frame, report, warnings, idMap: new Map(ids.map(([a, b]) => [String(a), String(b)])) };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function memoryCleanse(path: string, options: CleanseOptions) {
  const { frame } = await loadTable(path, { allText: true });
  return cleanseAccounts(frame, options);
}

const sorted = (map: ReadonlyMap<string, string>) =>
  [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

async function expectSameCleanse(path: string, options: CleanseOptions = {}) {
  const withFile = { file: path, ...options };
  const [memory, engine] = [await memoryCleanse(path, withFile), await engineCleanse(path, withFile)];
  expect(engine.frame.columnNames).toEqual(memory.frame.columnNames);
  expect(engine.frame.toRows()).toEqual(memory.frame.toRows());
  expect(engine.report).toEqual(memory.report);
  expect(engine.warnings).toEqual(memory.warnings);
  expect(sorted(engine.idMap)).toEqual(sorted(memory.idMap));
  return { memory, engine };
}

describe('the engine cleanse gives cleanseAccounts exactly', () => {
  it('on the sample accounts (NAICS codes, "$56.1M", "-", duplicates by id, domain and name)', async () => {
    const { memory } = await expectSameCleanse('data/sample/2026-05/accounts.csv');
    expect(memory.report.duplicates.groups).toBeGreaterThan(100);
    expect(memory.report.columns.employees.invalid).toBeGreaterThan(0);
  }, 60_000);

  it.each([
    'test/fixtures/exports/salesforce/accounts.csv',
    'test/fixtures/exports/salesforce-families/accounts.csv',
    'test/fixtures/exports/hubspot/companies.csv',
    'test/fixtures/exports/dynamics/accounts.csv',
    'test/fixtures/exports/pipedrive/organizations.csv',
    'test/fixtures/exports/pipedrive-eu/organizations.csv',
    'test/fixtures/exports/netsuite/salesforce-accounts.csv',
    'test/fixtures/exports/planted-salesforce/accounts.csv',
    'test/fixtures/exports/salesforce-new-leads/accounts.csv',
    'test/fixtures/salesforce-export.csv',
  ])('on %s', async (path) => {
    await expectSameCleanse(path);
  });

  it('with a study currency, rules turned off and a named created-date column', async () => {
    await expectSameCleanse('test/fixtures/exports/dynamics/accounts.csv', {
      fx: { currency: 'EUR', rates: { USD: 0.92 } },
      dedupe: { domain: false, nameCountry: true },
      createdDate: 'Created On',
      dateOrder: 'month-first',
    });
  });

  it('on a hand-written export: no ids for some rows (one "row-3" taken), regions without countries, units in headers', async () => {
    const path = join(tempDir(), 'zoominfo-like.csv');
    writeFileSync(
      path,
      [
        'Company ID,Company Name,Website,Employees,Revenue (in 000s USD),Country,Region,Notes',
        'row-3,Acme GmbH,acme.de,"1.200","2.500,5",Germany,,ok',
        ',Beta SA,beta.fr,50,100,,EMEA, ',
        'N/A,Gamma,,n/a,-,,Nowhere,x',
        ',Acme GmbH,,1200,2500,DE,,',
        'Z9,Delta Inc,delta.com,10,1,,APAC,',
      ].join('\n'),
    );
    const { memory } = await expectSameCleanse(path);
    expect(memory.frame.strings('account_id')).toContain("row-3'");
  });

  it('refuses dates written both ways with the rows of the file', async () => {
    const path = join(tempDir(), 'dates.csv');
    writeFileSync(
      path,
      [
        'Id,Account Name,CreatedDate',
        'a,A,01/02/2020',
        'b,B,01/02/2020',
        'c,C,13/02/2020',
        'd,D,02/14/2020',
      ].join('\n'),
    );
    const message = (error: unknown) => (error instanceof DataError ? error.message : String(error));
    const memory = await memoryCleanse(path, { file: path }).catch(message);
    const engine = await engineCleanse(path, { file: path }).catch(message);
    expect(engine).toBe(memory);
    expect(memory).toMatch(/row 3\).*row 4\)/);
  });
});
