/**
 * Enrichment files mapped like accounts: a D&B file as delivered (Business Name, URL, Employees (All Sites),
 * Sales (US$), D-U-N-S numbers with leading zeros) fills the CRM's blanks — the CRM's own values first — keeps
 * ids and codes as text, and says how many values it supplied.
 */
import { describe, expect, it } from 'vitest';
import { cleanseAccounts } from '../../src/cleanse/cleanse.ts';
import { Frame } from '../../src/data/frame.ts';
import { loadTable } from '../../src/data/load.ts';
import { parentIds } from '../../src/study/steps/hierarchy.ts';
import { accountFamilies } from '../../src/segment/hierarchy.ts';
import { moneyFormat } from '../../src/report/workbook.ts';
import { DEFAULT_MARKET, joinMarket } from '../../src/segment/inputs/market.ts';
import { roleOfHeader } from '../../src/segment/column-roles.ts';

const DIR = 'test/fixtures/exports/salesforce-families';

async function accounts() {
  const raw = (await loadTable(`${DIR}/accounts.csv`, { allText: true })).frame;
  return cleanseAccounts(raw, { file: 'accounts.csv' }).frame;
}

describe('a D&B file joined onto Salesforce accounts', () => {
  it('fills blanks only, keeps D-U-N-S and SIC as text with their zeros, and counts what it supplied', async () => {
    const crm = await accounts();
    const { frame, matched, supplied, warnings } = await joinMarket(crm, `${DIR}/dnb.csv`);
    const row = (id: string) => frame.strings('account_id').indexOf(id);
    // Acme has 5,200 employees in the CRM (D&B says 5,450): the CRM's value is kept.
    expect(frame.numbers('employees')[row('0015g00000AcmeUSAAA')]).toBe(5200);
    expect(frame.numbers('annual_revenue')[row('0015g00000BetaHDAAA')]).toBe(21_500_000); // blank in the CRM
    expect(frame.numbers('annual_revenue')[row('0015g00000GamRetAAA')]).toBe(410_000_000);
    expect(frame.strings('D-U-N-S Number')[row('0015g00000AcmeUSAAA')]).toBe('001368083');
    expect(frame.strings('Global Ultimate D-U-N-S')[row('0015g00000BetaHDAAA')]).toBe('045678912');
    expect(frame.strings('Primary SIC Code')[row('0015g00000GamRetAAA')]).toBe('5311');
    expect(frame.numbers('Year Started')[row('0015g00000GamRetAAA')]).toBe(1988);
    // acme.com is shared by Acme Corporation, Acme GmbH and Acme Software, gamma.com by both Gammas: each
    // record matches the D&B row of its website (the parent's), which only fills blanks.
    expect(matched).toBe(6);
    expect(supplied.annual_revenue).toEqual({ crm: 3, market: 3 });
    expect(supplied.employees).toEqual({ crm: 6, market: 0 });
    expect(warnings.map((w) => w.message)).toContain(
      "dnb.csv supplied 3 annual revenue (the CRM's values first, the market file filling blanks; mapping.market.precedence)",
    );
    for (const h of ['D-U-N-S Number', 'Primary SIC Code', 'Global Ultimate D-U-N-S'])
      expect(roleOfHeader(h)).toBe('identifier');
  });

  it('precedence "market" lets the vendor win', async () => {
    const crm = await accounts();
    const { frame } = await joinMarket(crm, `${DIR}/dnb.csv`, { ...DEFAULT_MARKET, precedence: 'market' });
    expect(frame.numbers('employees')[frame.strings('account_id').indexOf('0015g00000AcmeUSAAA')]).toBe(5450);
  });
});

describe('families from a D&B global ultimate', () => {
  it('hierarchy.parentKey "duns" matches each global ultimate to the account with that D-U-N-S, zeros kept', () => {
    const universe = Frame.fromColumns({
      account_id: ['0015A', '0015B', '0015C', '0015D'],
      domain: ['acme.com', 'acme.de', 'gamma.com', 'delta.io'],
      'D-U-N-S Number': ['001368083', '045678912', '098765432', null],
      'Global Ultimate D-U-N-S': ['001368083', '1368083', '098765432', '077777777'],
    });
    const { parents } = parentIds(
      universe,
      { parentColumn: 'Global Ultimate D-U-N-S', parentKey: 'duns', keepFamiliesTogether: true },
      'accounts.csv',
    );
    // "1368083" (zeros lost by a spreadsheet) still names Acme; a global ultimate no account has is its own family.
    expect(parents).toEqual(['0015A', '0015A', '0015C', '(D-U-N-S) 077777777']);
    // …and an account whose parent is not in the file heads its own family.
    expect(accountFamilies(universe.strings('account_id') as string[], parents).ultimateParent).toEqual([
      '0015A',
      '0015A',
      '0015C',
      '0015D',
    ]);
  });
});

describe('the workbook writes money in the study currency', () => {
  it('Excel number formats with €, £ or the code', () => {
    expect([moneyFormat('EUR'), moneyFormat('GBP'), moneyFormat('SEK'), moneyFormat('USD')]).toEqual([
      '"€"#,##0',
      '"£"#,##0',
      '"SEK "#,##0',
      '"$"#,##0',
    ]);
  });
});
