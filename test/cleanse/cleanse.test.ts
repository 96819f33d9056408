import { describe, expect, it } from 'vitest';
import { cleanseAccounts } from '../../src/cleanse/cleanse.ts';
import { DataError } from '../../src/core/errors.ts';
import { Frame } from '../../src/data/frame.ts';
import { loadTable } from '../../src/data/load.ts';
import { mapHeaders } from '../../src/cleanse/headers.ts';

const FIXTURE = 'test/fixtures/salesforce-export.csv';

async function cleanFixture() {
  const { frame } = await loadTable(FIXTURE, { allText: true });
  return cleanseAccounts(frame, { file: FIXTURE });
}

describe('cleanseAccounts on a raw Salesforce Account export', () => {
  it('maps Salesforce headers to the canonical columns and passes the rest through', async () => {
    const { frame, report } = await cleanFixture();
    expect(frame.columnNames).toEqual([
      'account_id',
      'name',
      'domain',
      'industry',
      'country',
      'region',
      'employees',
      'annual_revenue',
      'Type',
      'BillingStreet',
      'BillingCity',
      'Phone',
      'Description',
      'OwnerId',
      'merged_ids',
    ]);
    expect(report.header_mapping).toEqual({
      Id: 'account_id',
      'Account Name': 'name',
      Website: 'domain',
      Industry: 'industry',
      BillingCountry: 'country',
      NumberOfEmployees: 'employees',
      AnnualRevenue: 'annual_revenue',
    });
  });

  it('normalizes every value and merges the duplicates', async () => {
    const { frame, report, idMap } = await cleanFixture();
    expect(report.rows_in).toBe(8);
    expect(report.rows_out).toBe(6);
    const rows = frame.toRows();
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName['Acme Analytics, Inc.']).toMatchObject({
      account_id: '0015g00000AbCdEAAZ',
      domain: 'acmeanalytics.com',
      industry: 'Information',
      country: 'US',
      region: 'North America',
      employees: 1200,
      annual_revenue: 12_500_000,
      merged_ids: '0015g00000AbCdFAAZ',
      Description: 'Key account.\nRenewal in Q3.',
    });
    expect(byName['Müller & Söhne GmbH']).toMatchObject({
      domain: 'mueller-soehne.de',
      industry: 'Manufacturing',
      country: 'DE',
      region: 'EMEA',
      employees: 250,
      annual_revenue: null,
      merged_ids: '0015g00000AbCdHAAZ',
    });
    expect(byName['Northwind Traders Ltd']).toMatchObject({
      domain: 'northwind.co.uk',
      country: 'GB',
      industry: 'Wholesale Trade',
      employees: 1000,
      annual_revenue: 9_800_000,
    });
    expect(byName['Contoso Bank']).toMatchObject({
      country: null,
      region: null,
      employees: 15000,
      annual_revenue: 1.2e9,
      industry: 'Finance & Insurance',
    });
    expect(byName['Fabrikam']).toMatchObject({
      domain: null,
      country: null,
      industry: null,
      employees: null,
      annual_revenue: null,
    });
    expect(byName['Tailspin Toys']).toMatchObject({
      domain: 'tailspintoys.com',
      country: 'US',
      industry: 'Retail Trade',
      employees: 12,
      annual_revenue: 750_000,
    });
    expect(idMap.get('0015g00000AbCdFAAZ')).toBe('0015g00000AbCdEAAZ');
    expect(idMap.get('0015g00000AbCdEAAZ')).toBe('0015g00000AbCdEAAZ');
    expect(report.duplicates).toMatchObject({
      groups: 2,
      records_merged: 2,
      by_rule: { account_id: 0, domain: 1, 'name+country': 1 },
      conflicting_values: { name: 2, employees: 1 },
    });
  });

  it('counts missing, invalid and approximated values per column', async () => {
    const { report } = await cleanFixture();
    expect(report.columns.country).toMatchObject({
      valid: 6,
      missing: 1,
      invalid: 1,
      source: 'BillingCountry',
    });
    expect(report.columns.country.invalid_examples).toEqual([
      { row: 7, value: 'Narnia', reason: 'not a known country', count: 1 },
    ]);
    expect(report.columns.domain).toMatchObject({ valid: 6, missing: 1, invalid: 1 });
    expect(report.columns.industry).toMatchObject({ valid: 6, missing: 1, invalid: 1 });
    expect(report.columns.employees).toMatchObject({ valid: 6, missing: 2, invalid: 0, approximated: 2 });
    expect(report.columns.annual_revenue).toMatchObject({ valid: 4, missing: 2, invalid: 2 });
    expect(report.columns.annual_revenue.invalid_examples.map((e) => e.reason)).toEqual([
      'in EUR; add "fx": { "EUR": <rate> } to the study config',
      'not an amount',
    ]);
    expect(report.columns.region).toMatchObject({ valid: 6, missing: 2, source: null });
  });

  it('does not modify its input', async () => {
    const { frame } = await loadTable(FIXTURE, { allText: true });
    const before = JSON.stringify(frame.toRows());
    cleanseAccounts(frame, { file: FIXTURE });
    expect(JSON.stringify(frame.toRows())).toBe(before);
    expect(Object.isFrozen(frame)).toBe(true);
  });

  it('gives the same result twice', async () => {
    const a = await cleanFixture();
    const b = await cleanFixture();
    expect(a.frame.toRows()).toEqual(b.frame.toRows());
    expect(a.report).toEqual(b.report);
  });

  it('names the file when no column holds the account name', () => {
    const raw = Frame.fromColumns({ Id: ['1'], Website: ['acme.com'] });
    expect(() => cleanseAccounts(raw, { file: 'crm.csv' })).toThrow(DataError);
    expect(() => cleanseAccounts(raw, { file: 'crm.csv' })).toThrow(
      /^crm\.csv, line 1: no column for the account name; expected a header such as "name", "account name"/,
    );
  });

  it('identifies rows by number when the file has no id column, and says so', () => {
    const raw = Frame.fromColumns({ Company: ['Acme', 'Beta'], Country: ['US', 'DE'] });
    const { frame, warnings } = cleanseAccounts(raw);
    expect(frame.strings('account_id')).toEqual(['row-1', 'row-2']);
    expect(warnings.map((w) => w.code)).toContain('generated-ids');
  });

  it('never invents a value: unreadable stays missing', () => {
    const raw = Frame.fromColumns({
      Name: ['Acme'],
      Employees: ['lots'],
      Revenue: ['€3M'],
      Country: ['Europe'],
    });
    const row = cleanseAccounts(raw).frame.row(0);
    expect(row).toMatchObject({ employees: null, annual_revenue: null, country: null, region: null });
  });

  it('handles a file with a header and no rows', () => {
    const raw = Frame.fromColumns({ Name: [], Website: [] });
    const { frame, report } = cleanseAccounts(raw);
    expect(frame.numRows).toBe(0);
    expect(report.rows_out).toBe(0);
    expect(frame.column('employees').kind).toBe('number');
  });
});

describe('localized CRM exports', () => {
  it.each([
    [['Kunden-ID', 'Firmenname', 'Webseite', 'Branche', 'Rechnungsland', 'Mitarbeiter', 'Jahresumsatz']],
    [['Id du compte', 'Nom du compte', 'Site Web', 'Secteur', 'Pays', 'Employés', "Chiffre d'affaires"]],
    [
      [
        'ID de cuenta',
        'Nombre de la cuenta',
        'Sitio web',
        'Industria',
        'País',
        'Empleados',
        'Ingresos anuales',
      ],
    ],
  ])('maps %j to the canonical columns', (headers) => {
    const { mapping } = mapHeaders(headers);
    expect(Object.values(mapping)).toEqual([
      'account_id',
      'name',
      'domain',
      'industry',
      'country',
      'employees',
      'annual_revenue',
    ]);
  });
});
