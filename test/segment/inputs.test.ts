/**
 * Readers of the study's inputs: customers from a status column (HubSpot, Salesforce, Dynamics spellings),
 * technographics from a list column, and a header that looks like a canonical column but was not recognized.
 */
import { describe, expect, it } from 'vitest';
import { cleanseAccounts } from '../../src/cleanse/cleanse.ts';
import { Frame } from '../../src/data/frame.ts';
import {
  customersOf,
  DEFAULT_CUSTOMER_STATUS,
  statusCustomers,
} from '../../src/segment/inputs/customer-status.ts';
import { DEFAULT_TECHNOLOGIES, technologyColumns } from '../../src/segment/inputs/technologies.ts';

describe('customers from a status column', () => {
  const accounts = Frame.fromColumns({
    Type: ['Customer - Direct', 'Prospect', 'Customer - Channel', 'Channel Partner / Reseller', null],
  });

  it('reads Salesforce types that start with "Customer"', () => {
    expect(statusCustomers(accounts, DEFAULT_CUSTOMER_STATUS)).toEqual({
      column: 'Type',
      flags: new Float64Array([1, 0, 1, 0, 0]),
    });
  });

  it('counts them without a spend file; with one, reports disagreements and keeps spend and deals', () => {
    const fromActivity = new Float64Array([1, 1, 0, 0, 0]);
    const status = statusCustomers(accounts, DEFAULT_CUSTOMER_STATUS);
    const crmOnly = customersOf(fromActivity, status, DEFAULT_CUSTOMER_STATUS, false);
    expect(Array.from(crmOnly.isCustomer)).toEqual([1, 1, 1, 0, 0]);
    expect(crmOnly.warnings[0]?.message).toBe(
      'customers: accounts with a won deal, plus 1 more whose "Type" says customer',
    );
    const withSpend = customersOf(fromActivity, status, DEFAULT_CUSTOMER_STATUS, true);
    expect(Array.from(withSpend.isCustomer)).toEqual([1, 1, 0, 0, 0]);
    expect(withSpend.warnings[0]?.message).toBe(
      'column "Type" marks 1 accounts as customers that have no spend or won deal, and 1 accounts with spend or a won deal as not; customers are those with spend or a won deal',
    );
    const never = customersOf(fromActivity, status, { ...DEFAULT_CUSTOMER_STATUS, use: 'never' }, false);
    expect(never).toEqual({ isCustomer: fromActivity, warnings: [] });
  });
});

describe('technographics', () => {
  it('one 0/1 column per common technology, missing stays missing, and a count when some have no column', () => {
    const accounts = Frame.fromColumns({
      Technologies: ['Salesforce; AWS', 'aws, Snowflake', null, 'Salesforce|Oracle', 'AWS'],
    });
    const { columns, warnings } = technologyColumns(accounts, {
      ...DEFAULT_TECHNOLOGIES,
      minShare: 0.5,
      minAccounts: 2,
    });
    expect(Object.keys(columns)).toEqual(['tech_count', 'tech_aws', 'tech_salesforce']);
    expect(Array.from(columns.tech_aws as Float64Array)).toEqual([1, 1, NaN, 0, 1]);
    expect(Array.from(columns.tech_salesforce as Float64Array)).toEqual([1, 0, NaN, 1, 0]);
    expect(Array.from(columns.tech_count as Float64Array)).toEqual([2, 2, NaN, 2, 1]);
    expect(warnings[0]?.message).toBe(
      'column "Technologies" lists technologies for 4 accounts: tech_count and 2 technology columns (AWS, Salesforce)',
    );
    expect(technologyColumns(Frame.fromColumns({ name: ['a'] }), DEFAULT_TECHNOLOGIES)).toEqual({
      columns: {},
      warnings: [],
    });
  });
});

describe('an unrecognized header', () => {
  it('is reported with the canonical column it looks like', () => {
    const raw = Frame.fromColumns({
      'Account Name': ['Acme'],
      'Staff Count (FTE)': ['120'],
      Web: ['acme.com'],
    });
    const { warnings, frame } = cleanseAccounts(raw, { file: 'a.csv' });
    expect(warnings.map((w) => w.message)).toContain(
      'no column was read as employees; "Staff Count (FTE)" looks like it — if it is, name it in columns.employees',
    );
    expect(frame.numbers('employees')[0]).toBeNaN(); // reported, not guessed
  });
});
