import { describe, expect, it } from 'vitest';
import { cleanseAccounts } from '../../src/cleanse/cleanse.ts';
import { findDuplicates } from '../../src/cleanse/dedupe.ts';
import { loadTable } from '../../src/data/load.ts';
import { mayMerge } from '../../src/cleanse/dedupe.ts';

const rec = (
  accountId: string | null,
  domain: string | null,
  nameKey: string | null,
  country: string | null,
) => ({
  accountId,
  domain,
  nameKey,
  country,
});

describe('findDuplicates', () => {
  it('merges records that share a domain', () => {
    const { groups } = findDuplicates([
      rec('1', 'acme.com', 'acme', 'US'),
      rec('2', 'beta.io', 'beta', 'US'),
      rec('3', 'acme.com', 'acme analytics', null),
    ]);
    expect(groups).toEqual([{ members: [0, 2], rule: 'domain', key: 'acme.com' }]);
  });

  it('merges a domain-less record into the account with the same name and country', () => {
    const { groups } = findDuplicates([
      rec('1', 'acme.com', 'acme', 'US'),
      rec('2', null, 'acme', 'US'),
      rec('3', null, 'acme', 'DE'),
    ]);
    expect(groups).toEqual([{ members: [0, 1], rule: 'name+country', key: 'acme|US' }]);
  });

  it('never merges records with different domains, even with the same name and country', () => {
    const { groups, ambiguous } = findDuplicates([
      rec('1', 'acme.com', 'acme', 'US'),
      rec('2', 'acme-corp.com', 'acme', 'US'),
    ]);
    expect(groups).toEqual([]);
    expect(ambiguous).toEqual([]);
  });

  it('leaves a domain-less record unmerged when its name and country match several domains', () => {
    const { groups, ambiguous } = findDuplicates([
      rec('1', 'acme.com', 'acme', 'US'),
      rec('2', 'acme-corp.com', 'acme', 'US'),
      rec('3', null, 'acme', 'US'),
    ]);
    expect(groups).toEqual([]);
    expect(ambiguous).toEqual([2]);
  });

  it('merges domain-less records with each other by name and country', () => {
    const { groups } = findDuplicates([rec('1', null, 'acme', 'US'), rec('2', null, 'acme', 'US')]);
    expect(groups).toEqual([{ members: [0, 1], rule: 'name+country', key: 'acme|US' }]);
  });

  it('merges repeated account ids and chains rules transitively', () => {
    const { groups } = findDuplicates([
      rec('1', 'acme.com', 'acme', 'US'),
      rec('1', null, 'acme', null),
      rec('9', null, 'acme', 'US'),
      rec('5', 'acme.com', null, null),
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]?.members).toEqual([0, 1, 2, 3]);
    expect(groups[0]?.rule).toBe('name+country');
  });

  it('does not match on a missing name or country', () => {
    const { groups } = findDuplicates([
      rec('1', null, null, 'US'),
      rec('2', null, null, 'US'),
      rec('3', null, 'x', null),
      rec('4', null, 'x', null),
    ]);
    expect(groups).toEqual([]);
  });
});

describe('dedupe respects families (a Salesforce export whose subsidiaries share their parent website)', () => {
  it('merges the true duplicate only; parent, children and differently named siblings stay apart', async () => {
    const raw = (await loadTable('test/fixtures/exports/salesforce-families/accounts.csv', { allText: true }))
      .frame;
    const { frame, report } = cleanseAccounts(raw, { file: 'accounts.csv' });
    expect(frame.strings('account_id')).toEqual([
      '0015g00000AcmeUSAAA',
      '0015g00000AcmeDEAAA',
      '0015g00000AcmeSWAAA',
      '0015g00000BetaHDAAA', // the older record (2021-10-12, read as a date) keeps its id
      '0015g00000GamRetAAA',
      '0015g00000GamLogAAA',
    ]);
    expect(report.duplicates.merged).toEqual([
      {
        kept: '0015g00000AcmeUSAAA',
        merged: ['0015g00000AcmeDUPAA'],
        rule: 'domain',
        key: 'acme.com',
        score: 1,
      },
      {
        kept: '0015g00000BetaHDAAA',
        merged: ['0015g00000BetaUKAAA'],
        rule: 'domain',
        key: 'beta.co.uk',
        score: 1, // "Holdings" and "Ltd" are legal forms, not name words
      },
    ]);
  });

  it('the rules can be turned off, and a child never merges into its parent even by name', () => {
    const records = [
      { ...rec('p', 'acme.com', 'acme', 'US') },
      { ...rec('c', null, 'acme', 'US'), parentId: 'p' },
      { ...rec('x', 'acme.com', 'acme', 'US') },
    ];
    expect(findDuplicates(records).groups).toEqual([{ members: [0, 2], rule: 'domain', key: 'acme.com' }]);
    expect(findDuplicates(records, { domain: false, nameCountry: false }).groups).toEqual([]);
    expect(
      mayMerge(rec('a', 'z.com', 'zeta', 'US'), { ...rec('b', 'z.com', 'zeta', 'US'), familyKey: '0042' }),
    ).toBe(true);
    expect(
      mayMerge(
        { ...rec('a', 'z.com', 'zeta east', 'US'), familyKey: '0042' },
        { ...rec('b', 'z.com', 'zeta west', 'US'), familyKey: '0042' },
      ),
    ).toBe(false);
  });
});
