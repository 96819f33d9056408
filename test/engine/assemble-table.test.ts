/**
 * The engine's universe — five raw inputs cleansed, joined and summed in DuckDB by the in-memory code on distinct
 * values — is `assembleUniverse`'s: the same columns, values, stats, money record, sources and warnings, on the
 * sample and on exports of Salesforce + D&B + NetSuite invoice lines and Pipedrive + Apollo.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../../src/core/errors.ts';
import { withDuckDB } from '../../src/data/duckdb.ts';
import { queryFrame } from '../../src/data/load.ts';
import { assembleUniverseTable } from '../../src/engine/assemble-table.ts';
import {
  assembleUniverse,
  defaultInputMapping,
  type InputMapping,
  type StudyInputs,
  type StudyMoney,
} from '../../src/segment/assemble.ts';
import { loadStudyConfig } from '../../src/study/config.ts';
import { tempDir } from '../helpers.ts';

/** The cells of one CSV line (double quotes around cells with commas, doubled inside). */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  return [...cells, cell];
}

const TODAY = Date.UTC(2026, 11, 2);

async function engineUniverse(inputs: StudyInputs, mapping: InputMapping, money: StudyMoney) {
  return withDuckDB(async (connection) => {
    const universe = await assembleUniverseTable(connection, inputs, mapping, money, TODAY);
    const described = (await connection.runAndReadAll('DESCRIBE universe')).getRows();
    const text = described.filter((r) => r[1] === 'VARCHAR').map((r) => String(r[0]));
    return { ...universe, frame: await queryFrame(connection, 'universe', { textColumns: text }) };
  });
}

const message = (error: unknown) =>
  error instanceof DataError || error instanceof UsageError
    ? `${error.name}: ${error.message}`
    : String(error);

async function expectSameUniverse(inputs: StudyInputs, mapping: InputMapping, money: StudyMoney) {
  const memory = await assembleUniverse(inputs, mapping, money, TODAY);
  const engine = await engineUniverse(inputs, mapping, money);
  expect(engine.frame.columnNames).toEqual(memory.frame.columnNames);
  for (const column of memory.frame.columnNames)
    expect(engine.frame.column(column).kind, column).toBe(memory.frame.column(column).kind);
  expect(engine.frame.toRows()).toEqual(memory.frame.toRows());
  const { frame: _f, deals: _d, purchaseLines: _p, productSpend: _s, ...rest } = memory;
  const { frame: _e, ...engineRest } = engine;
  expect(engineRest).toEqual(rest);
  return memory;
}

describe('the engine universe is assembleUniverse exactly', () => {
  it('on the sample config (five inputs)', async () => {
    const config = await loadStudyConfig();
    const money = { currency: config.currency, rates: config.fx, asOf: config.asOf };
    const memory = await expectSameUniverse(config.inputs, config.mapping, money);
    expect(memory.stats.customers).toBeGreaterThan(1000);
    expect(memory.engagementSignals.length).toBeGreaterThan(2);
  }, 120_000);

  it('on Salesforce accounts + D&B + NetSuite invoice lines + opportunities (currencies, line types, dates)', async () => {
    const dir = 'test/fixtures/exports/planted-salesforce';
    const inputs = {
      accounts: `${dir}/accounts.csv`,
      market: `${dir}/dnb.csv`,
      opportunities: `${dir}/opportunities.csv`,
      spend: `${dir}/invoice-lines.csv`,
      engagement: null,
    };
    const money = { currency: 'USD', rates: { EUR: 1.08, GBP: 1.27, SEK: 0.095, CAD: 0.73 }, asOf: null };
    await expectSameUniverse(inputs, defaultInputMapping(), money);
  }, 60_000);

  it('on the same exports saved as workbooks (a hidden stale sheet first; invoice lines on a named sheet)', async () => {
    const dir = 'test/fixtures/exports/planted-salesforce';
    const out = tempDir();
    // Each CSV's cells as text on a visible sheet, after a hidden sheet of stale rows (skipped by default).
    const workbook = async (csv: string, sheet: string) => {
      const [header, ...rows] = readFileSync(`${dir}/${csv}`, 'utf8').trimEnd().split('\n').map(csvCells);
      const book = new ExcelJS.Workbook();
      book.addWorksheet('Stale', { state: 'hidden' }).addRow(['old', 'rows']);
      const data = book.addWorksheet(sheet);
      data.addRow(header as string[]);
      for (const row of rows) data.addRow(row);
      const path = join(out, csv.replace('.csv', '.xlsx'));
      await book.xlsx.writeFile(path);
      return path;
    };
    const inputs = {
      accounts: await workbook('accounts.csv', 'Accounts'),
      market: `${dir}/dnb.csv`,
      opportunities: `${dir}/opportunities.csv`,
      spend: await workbook('invoice-lines.csv', 'Lines FY26'),
      engagement: null,
    };
    const mapping = defaultInputMapping();
    mapping.spend.sheet = 'Lines FY26';
    const money = { currency: 'USD', rates: { EUR: 1.08, GBP: 1.27, SEK: 0.095, CAD: 0.73 }, asOf: null };
    const memory = await expectSameUniverse(inputs, mapping, money);
    expect(memory.warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(
        /accounts\.xlsx: read worksheet "Accounts"; the workbook also has "Stale" \(hidden\)/,
      ),
    );
  }, 60_000);

  it('on Pipedrive organizations + Apollo + deals (customers from won deals, spend from deals)', async () => {
    const dir = 'test/fixtures/exports/planted-pipedrive';
    const inputs = {
      accounts: `${dir}/organizations.csv`,
      market: `${dir}/apollo.csv`,
      opportunities: `${dir}/deals.csv`,
      spend: null,
      engagement: null,
    };
    const money = { currency: 'EUR', rates: { USD: 0.92, GBP: 1.17, SEK: 0.087 }, asOf: '2026-06-30' };
    const mapping = defaultInputMapping();
    await expectSameUniverse(
      inputs,
      { ...mapping, spend: { ...mapping.spend, lapsedSpend: 'window' } },
      money,
    );
  }, 60_000);

  it('on a CRM-only study: HubSpot companies whose lifecycle stage says customer, no other input', async () => {
    const inputs = {
      accounts: 'test/fixtures/exports/hubspot/companies.csv',
      market: null,
      opportunities: 'test/fixtures/exports/hubspot/deals.csv',
      spend: null,
      engagement: null,
    };
    const memory = await expectSameUniverse(inputs, defaultInputMapping(), {
      currency: 'USD',
      rates: {},
      asOf: null,
    }).catch(message);
    expect(typeof memory === 'string' ? memory : memory.stats.customers).not.toBe(0);
  });
});
