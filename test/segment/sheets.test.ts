/**
 * Study inputs from Excel workbooks: each input's `sheet` (mapping.<input>.sheet) picks the worksheet by name or
 * position; without it the first visible sheet is read and the study's warnings name it among the others.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { assembleUniverse, defaultInputMapping } from '../../src/segment/assemble.ts';
import { loadStudyConfig } from '../../src/study/config.ts';
import { tempDir } from '../helpers.ts';

const TODAY = Date.UTC(2026, 11, 2);

/** accounts.csv (three accounts) and spend.xlsx with a hidden stale sheet, "FY2025" and "FY2026". */
async function workbookStudy(): Promise<{ accounts: string; spend: string }> {
  const dir = tempDir();
  const accounts = join(dir, 'accounts.csv');
  writeFileSync(
    accounts,
    'Account ID,Account Name,Website,Industry,Employees\nA1,Acme,acme.com,Retail,120\nA2,Beta,beta.io,Retail,80\nA3,Gamma,gamma.de,Retail,300\n',
  );
  const spend = join(dir, 'spend.xlsx');
  const workbook = new ExcelJS.Workbook();
  const sheets: [string, 'hidden' | 'visible', [string, number][]][] = [
    ['Stale', 'hidden', [['A1', 999]]],
    ['FY2025', 'visible', [['A1', 1000]]],
    [
      'FY2026',
      'visible',
      [
        ['A1', 1500],
        ['A3', 700],
      ],
    ],
  ];
  for (const [name, state, rows] of sheets) {
    const sheet = workbook.addWorksheet(name, { state });
    sheet.addRow(['Account ID', 'Annual Spend']);
    for (const row of rows) sheet.addRow(row);
  }
  await workbook.xlsx.writeFile(spend);
  return { accounts, spend };
}

describe('mapping.<input>.sheet', () => {
  it('by default the first visible sheet, named in the warnings', async () => {
    const { accounts, spend } = await workbookStudy();
    const inputs = { accounts, spend, market: null, opportunities: null, engagement: null };
    const u = await assembleUniverse(
      inputs,
      defaultInputMapping(),
      { currency: 'USD', rates: {}, asOf: null },
      TODAY,
    );
    expect(Array.from(u.frame.numbers('current_spend'))).toEqual([1000, 0, 0]);
    expect(u.warnings.map((w) => w.message)).toContain(
      `${spend}: read worksheet "FY2025"; the workbook also has "Stale" (hidden), "FY2026"; set sheet to read another`,
    );
  });

  it('by name or by position', async () => {
    const { accounts, spend } = await workbookStudy();
    const inputs = { accounts, spend, market: null, opportunities: null, engagement: null };
    const money = { currency: 'USD', rates: {}, asOf: null };
    for (const sheet of ['FY2026', 3]) {
      const mapping = defaultInputMapping();
      mapping.spend.sheet = sheet;
      const u = await assembleUniverse(inputs, mapping, money, TODAY);
      expect(Array.from(u.frame.numbers('current_spend'))).toEqual([1500, 0, 700]);
    }
  });

  it('a sheet that is not a name or a position is refused by the config', async () => {
    const dir = tempDir();
    const config = join(dir, 'study.json');
    writeFileSync(config, JSON.stringify({ mapping: { spend: { sheet: 0 } } }));
    await expect(loadStudyConfig(config)).rejects.toThrow(
      /mapping\.spend\.sheet=0 must be a worksheet name, its position \(1, 2, …\) or null/,
    );
  });
});
