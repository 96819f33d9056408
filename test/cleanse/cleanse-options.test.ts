/**
 * Cleansing choices that depend on the export: explicit header mapping, the oldest duplicate keeping its id,
 * a cleansed file cleansed (and studied) again keeping what it had merged, invalid values reported per value.
 */
import { describe, expect, it } from 'vitest';
import { cleanseAccounts } from '../../src/cleanse/cleanse.ts';
import { Frame } from '../../src/data/frame.ts';

describe('cleanseAccounts options', () => {
  it('maps a header named in `columns` even when another header would match the alias', () => {
    const raw = Frame.fromColumns({
      Id: ['x1', 'x2'],
      'Record ID': ['9001', '9002'],
      'Company name': ['Acme', 'Beta'],
    });
    const { frame, report } = cleanseAccounts(raw, { file: 'c.csv', columns: { account_id: 'Record ID' } });
    expect(frame.strings('account_id')).toEqual(['9001', '9002']);
    expect(report.header_mapping).toMatchObject({ 'Record ID': 'account_id', 'Company name': 'name' });
    expect(() => cleanseAccounts(raw, { file: 'c.csv', columns: { account_id: 'Nope' } })).toThrow(
      /c\.csv, line 1: columns\.account_id names column "Nope", which the file does not have \(columns are "Id", "Record ID", "Company name"\)/,
    );
  });

  it('among duplicates the oldest record (created date) keeps its id, not the smallest id', () => {
    const raw = Frame.fromColumns({
      Id: ['001A', '001B', '001C'],
      'Account Name': ['Acme', 'Acme Inc', 'Other'],
      Website: ['acme.com', 'www.acme.com', 'other.com'],
      CreatedDate: ['2024-05-01', '2019-02-11', '2020-01-01'],
    });
    const { frame, idMap, report } = cleanseAccounts(raw, { file: 'a.csv' });
    expect(frame.strings('account_id')).toEqual(['001B', '001C']);
    expect(idMap.get('001A')).toBe('001B');
    expect(report.duplicates.merged).toEqual([
      { kept: '001B', merged: ['001A'], rule: 'domain', key: 'acme.com', score: 1 },
    ]);
    // Without a created date, the smallest id keeps.
    const undated = cleanseAccounts(raw.drop(['CreatedDate']), { file: 'a.csv' });
    expect(undated.frame.strings('account_id')).toEqual(['001A', '001C']);
  });

  it('a cleansed file cleansed again keeps the ids it had merged (clean → study loses no deal)', () => {
    const raw = Frame.fromColumns({
      Id: ['001A', '001B', '001C', '001D'],
      'Account Name': ['Acme', 'Acme', 'Beta', 'Beta GmbH'],
      Website: ['acme.com', 'acme.com', 'beta.de', 'beta.de'],
    });
    const once = cleanseAccounts(raw, { file: 'a.csv' });
    expect(once.frame.strings('merged_ids')).toEqual(['001B', '001D']);
    const twice = cleanseAccounts(once.frame, { file: 'clean.csv' });
    expect(twice.frame.strings('account_id')).toEqual(['001A', '001C']);
    expect(twice.frame.strings('merged_ids')).toEqual(['001B', '001D']);
    expect(twice.idMap.get('001B')).toBe('001A');
    expect(twice.idMap.get('001D')).toBe('001C');
  });

  it('lists each distinct invalid value once with its count and first row', () => {
    const raw = Frame.fromColumns({
      Id: ['1', '2', '3', '4', '5'],
      'Account Name': ['A', 'B', 'C', 'D', 'E'],
      BillingCountry: ['Narnia', 'Narnia', 'Narnia', 'Atlantis', 'US'],
    });
    const { report } = cleanseAccounts(raw, { file: 'a.csv' });
    expect(report.columns.country.invalid_examples).toEqual([
      { row: 1, value: 'Narnia', reason: 'not a known country', count: 3 },
      { row: 4, value: 'Atlantis', reason: 'not a known country', count: 1 },
    ]);
  });
});

describe('one number convention per file', () => {
  const accounts = (employees: string[], revenue: string[]) =>
    Frame.fromColumns({
      Id: employees.map((_, i) => `A${i}`),
      'Account Name': employees.map((_, i) => `Company ${i}`),
      Employees: employees,
      'Annual Revenue': revenue,
    });
  const read = (employees: string[], revenue: string[]) => {
    const { frame, report, warnings } = cleanseAccounts(accounts(employees, revenue), { file: 'a.csv' });
    return {
      employees: Array.from(frame.numbers('employees')),
      revenue: Array.from(frame.numbers('annual_revenue')),
      invalid: [report.columns.employees.invalid, report.columns.annual_revenue.invalid],
      codes: warnings.map((w) => w.code),
    };
  };

  it('"1.200" on one row is never 1,200 employees and $1.20 revenue: without evidence both are ambiguous', () => {
    const r = read(['1.200', '40'], ['1.200', '900']);
    expect(r.employees).toEqual([Number.NaN, 40]);
    expect(r.revenue).toEqual([Number.NaN, 900]);
    expect(r.invalid).toEqual([1, 1]);
  });

  it('a European file reads "1.200" as 1,200 in every column, and says so', () => {
    const r = read(['1.200', '40'], ['1.200', '12.500.000,50']);
    expect(r.employees).toEqual([1200, 40]);
    expect(r.revenue).toEqual([1200, 12500000.5]);
    expect(r.codes).toContain('numbers-european');
  });

  it('a US file reads "1.200" revenue as 1.2 and leaves "1.200" employees invalid', () => {
    const r = read(['1.200', '40'], ['1.200', '$12.5M']);
    expect(r.employees).toEqual([Number.NaN, 40]);
    expect(r.revenue).toEqual([1.2, 12500000]);
  });

  it('an account whose id is literally "row-2" never collides with the generated id of a row without one', () => {
    const raw = Frame.fromColumns({ Id: ['row-2', null, 'B'], 'Account Name': ['Acme', 'Beta', 'Gamma'] });
    const { frame } = cleanseAccounts(raw, { file: 'a.csv' });
    const ids = frame.strings('account_id');
    expect(new Set(ids).size).toBe(3);
    expect(ids).toContain('row-2');
    expect(ids).toContain("row-2'");
  });
});
