/**
 * Joins that never drop silently: Salesforce 15/18-character ids, 1/0 and t/f booleans, ids beyond 2^53, the
 * spend column by exact name, and a loud warning for a join that matches too little.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleUniverse, type StudyInputs } from '../../src/segment/assemble.ts';
import { accountKeys, idKey, salesforceId18 } from '../../src/segment/inputs/account-keys.ts';
import { parseFlag } from '../../src/segment/inputs/deals.ts';
import { tempDir, tempFile } from '../helpers.ts';

const SAMPLE = resolve('data/sample/2026-05');
const sampleInputs = (overrides: Partial<StudyInputs> = {}): StudyInputs => ({
  accounts: join(SAMPLE, 'accounts.csv'),
  market: null,
  opportunities: join(SAMPLE, 'opportunities.csv'),
  spend: join(SAMPLE, 'spend.csv'),
  engagement: null,
  ...overrides,
});

function statusCounts(deals: readonly { status: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of deals) counts[d.status] = (counts[d.status] ?? 0) + 1;
  return counts;
}

describe('Salesforce ids', () => {
  it('the 18-character form carries the case checksum of the 15-character id (documented example)', () => {
    expect(salesforceId18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(idKey('001A0000006Vm9rIAC')).toBe('001A0000006Vm9r');
    expect(idKey('001A0000006VM9RIAC')).toBe('001A0000006Vm9r');
    expect(idKey('001a0000006vm9riac')).toBe('001A0000006Vm9r');
  });

  it('an 18-digit number is not a Salesforce id and is matched as written', () => {
    expect(idKey('123456789012345678')).toBe('123456789012345678');
    const keys = accountKeys(['123456789012345678', '123456789012345999'], new Map());
    expect([
      keys.rowOf('123456789012345678'),
      keys.rowOf('123456789012345'),
      keys.rowOf('123456789012345999'),
    ]).toEqual([0, -1, 1]);
  });

  it('15-character ids in the deals and 18-character ids in the accounts match, merged duplicates too', () => {
    const keys = accountKeys(['001A0000006Vm9rIAC'], new Map([['001A0000006Vm9sIAC', '001A0000006Vm9rIAC']]));
    expect([
      keys.rowOf('001A0000006Vm9r'),
      keys.rowOf('001A0000006Vm9s'),
      keys.rowOf('001a0000006vm9r'),
    ]).toEqual([0, 0, -1]);
  });

  it('the sample with its opportunities rewritten to 15-character ids and 1/0 booleans reads the same deals', async () => {
    const original = await assembleUniverse(sampleInputs());
    const text = readFileSync(join(SAMPLE, 'opportunities.csv'), 'utf8');
    const rewritten = text
      .split('\n')
      .map((line, i) => {
        if (i === 0 || line === '') return line;
        const fields = line.split(',');
        fields[1] = (fields[1] as string).slice(0, 15);
        const n = fields.length;
        fields[n - 2] = fields[n - 2] === 'true' ? '1' : '0';
        fields[n - 1] = fields[n - 1] === 'true' ? '1' : '0';
        return fields.join(',');
      })
      .join('\n');
    expect(rewritten).not.toContain(',true');
    const opportunities = tempFile('opportunities-15.csv', rewritten);
    const result = await assembleUniverse(sampleInputs({ opportunities }));
    expect(result.stats.opportunitiesMatched).toBe(original.stats.opportunitiesMatched);
    expect(result.stats.opportunitiesMatched).toBe(result.stats.opportunities);
    expect(statusCounts(result.deals)).toEqual(statusCounts(original.deals));
    expect(statusCounts(result.deals).won).toBeGreaterThan(1000);
    expect(result.stats.customers).toBe(original.stats.customers);
  });
});

describe('booleans', () => {
  const where = { file: 'deals.csv', row: 1, column: 'IsWon' };
  it('reads true/false, t/f, 1/0, yes/no in any case', () => {
    expect(['TRUE', 't', '1', 'Yes', 'y'].map((v) => parseFlag(v, where))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['False', 'F', '0', 'no', 'N'].map((v) => parseFlag(v, where))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(() => parseFlag('won', where)).toThrow(
      'deals.csv, row 1, column "IsWon": "won" is not a yes/no value (expected true/false, t/f, 1/0 or yes/no)',
    );
  });
});

describe('HubSpot-style numeric ids beyond 2^53', () => {
  const accounts =
    'Record ID,Company name,Company Domain Name,Industry,Number of Employees\n' +
    '9007199254740993,Acme,acme.com,Software,120\n' +
    '9007199254740995,Beta,beta.io,Retail,40\n' +
    '12345678901234567891,Gamma,gamma.de,Banking,900\n';

  it('spend and engagement rows keep every digit and land on their accounts', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'companies.csv'), accounts);
    writeFileSync(
      join(dir, 'spend.csv'),
      'account_id,arr\n9007199254740993,1000\n9007199254740995,2500\n12345678901234567891,700\n',
    );
    writeFileSync(
      join(dir, 'engagement.csv'),
      'account_id,web_visits_90d\n9007199254740995,12\n12345678901234567891,3\n',
    );
    const { frame, stats, warnings } = await assembleUniverse(
      sampleInputs({
        accounts: join(dir, 'companies.csv'),
        opportunities: null,
        spend: join(dir, 'spend.csv'),
        engagement: join(dir, 'engagement.csv'),
      }),
    );
    expect(frame.strings('account_id')).toEqual([
      '9007199254740993',
      '9007199254740995',
      '12345678901234567891',
    ]);
    expect(Array.from(frame.numbers('current_spend'))).toEqual([1000, 2500, 700]);
    expect(Array.from(frame.numbers('web_visits_90d'))).toEqual([0, 12, 3]);
    expect([stats.spendMatched, stats.engagementMatched]).toEqual([3, 2]);
    expect(warnings.filter((w) => w.code === 'join-low-match')).toEqual([]);
  });
});

describe('the spend column', () => {
  const accounts =
    'Id,Account Name,Website\n001A0000006Vm9rIAC,Acme,acme.com\n001A0000006Vm9sIAC,Beta,beta.io\n';
  const read = async (spend: string) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'accounts.csv'), accounts);
    writeFileSync(join(dir, 'spend.csv'), spend);
    return assembleUniverse(
      sampleInputs({
        accounts: join(dir, 'accounts.csv'),
        opportunities: null,
        spend: join(dir, 'spend.csv'),
      }),
    );
  };

  it('is recognized by exact name, never by a word inside a name', async () => {
    const { frame } = await read(
      'account_id,company_revenue_usd,carrier_code,ARR (USD)\n001A0000006Vm9r,90000000,7,1200\n001A0000006Vm9s,5000000,3,0\n',
    );
    expect(Array.from(frame.numbers('current_spend'))).toEqual([1200, 0]);
  });

  it('two known names are ambiguous: an error listing them', async () => {
    await expect(read('account_id,ARR,Annual Spend\n001A0000006Vm9r,1,2\n')).rejects.toThrow(
      /spend\.csv: several columns could be the spend \("ARR", "Annual Spend"\); name one in mapping\.spend\.columns\.spend$/,
    );
  });

  it('no known name: an error listing the columns', async () => {
    await expect(read('account_id,company_revenue_usd\n001A0000006Vm9r,1\n')).rejects.toThrow(
      /spend\.csv: no spend column \(known names: .*; columns are "account_id", "company_revenue_usd"\); name it in mapping\.spend\.columns\.spend$/,
    );
  });
});

describe('a join that matches too little', () => {
  it('warns loudly with the share, the counts and what to check', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'deals.csv'),
      'AccountId,StageName,Amount\n001XXXXXXXXXXXX,Closed Won,100\n001YYYYYYYYYYYY,Closed Lost,5\n0015g0000000001,Closed Won,7\n',
    );
    const { warnings } = await assembleUniverse(sampleInputs({ opportunities: join(dir, 'deals.csv') }));
    expect(warnings[0]).toEqual({
      code: 'join-low-match',
      message:
        'only 33% of deals.csv rows (1 of 3) matched an account id of accounts.csv; check that both files use the same ids (the same CRM object, 15- or 18-character Salesforce ids, ids not reformatted by a spreadsheet)',
    });
  });
});

describe('numbers and ids other tools read (an Excel / pandas round trip)', () => {
  it('reads 1.2E+03 employees and 3.5e6 revenue, joins an id with a zero-width space, and one name in NFC and NFD', async () => {
    const d = tempDir();
    const accounts = join(d, 'accounts.csv');
    writeFileSync(
      accounts,
      [
        'Account ID,Account Name,Website,Billing Country,Employees,Annual Revenue',
        '0015g0000001AAA,Müller Söhne GmbH,,Germany,1.2E+03,3.5e6',
        '0015g0000002AAA,Mu\u0308ller So\u0308hne GmbH,muellersoehne.de,Germany,,',
        '0015g0000003AAA,Acme Inc,acme.com,United States,250,',
      ].join('\n'),
    );
    const spend = join(d, 'spend.csv');
    writeFileSync(spend, 'account_id,annual_spend_usd\n0015g0000003AAA\u200b,1200\n0015g0000002AAA,500\n');
    const u = await assembleUniverse({
      accounts,
      spend,
      market: null,
      opportunities: null,
      engagement: null,
    });
    // The NFD record is the same company as the NFC one (one key for "ü" however it was typed): merged.
    expect(u.frame.numRows).toBe(2);
    const row = (id: string) => u.frame.strings('account_id').indexOf(id);
    const mueller = row('0015g0000001AAA');
    expect(u.frame.numbers('employees')[mueller]).toBe(1200);
    expect(u.frame.numbers('annual_revenue')[mueller]).toBe(3_500_000);
    // The zero-width space after an id is not part of it; the NFD record's spend lands on the merged account.
    expect(u.frame.numbers('current_spend')[row('0015g0000003AAA')]).toBe(1200);
    expect(u.frame.numbers('current_spend')[mueller]).toBe(500);
  });
});
