/**
 * Account and enrichment exports of other systems, hand-written in their formats (test/fixtures/exports/):
 * Dynamics 365 (GUID id column, "Address 1: Country/Region", European numbers), ZoomInfo (sub-industries,
 * revenue in thousands stated in the header), and every value of HubSpot's industry property.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanseAccounts } from '../../src/cleanse/cleanse.ts';
import { loadTable } from '../../src/data/load.ts';
import { normalizeIndustry } from '../../src/cleanse/industry.ts';

async function clean(path: string) {
  const raw = await loadTable(`test/fixtures/exports/${path}`, { allText: true });
  return cleanseAccounts(raw.frame, { file: path });
}

const firmographics = (rows: Record<string, unknown>[]) =>
  rows.map((r) => [r.account_id, r.domain, r.industry, r.country, r.employees, r.annual_revenue]);

describe('exports of other systems', () => {
  it('Dynamics 365: the account GUID is the id, Address 1 country, European numbers', async () => {
    const { frame, warnings } = await clean('dynamics/accounts.csv');
    expect(firmographics(frame.toRows())).toEqual([
      [
        '7c1b2a4e-1d2f-ee11-9965-000d3a5b1c01',
        'contoso-pharma.co.uk',
        'Manufacturing',
        'GB',
        1250,
        85743151.98,
      ],
      ['7c1b2a4e-1d2f-ee11-9965-000d3a5b1c02', 'fourthcoffee.fr', 'Accommodation & Food', 'FR', 85, 4250000],
      ['7c1b2a4e-1d2f-ee11-9965-000d3a5b1c03', 'litware.de', 'Professional Services', 'DE', 240, 12500000],
    ]);
    expect(frame.strings('Relationship Type')).toEqual(['Customer', 'Prospect', 'Competitor']);
    expect(warnings).toEqual([
      {
        code: 'numbers-european',
        message:
          'numbers are read in European notation (1.234,5 = one thousand two hundred thirty-four point five): 3 values can only be read that way',
      },
    ]);
  });

  it('ZoomInfo: revenue "in 000s USD" is multiplied by 1,000 and says so; sub-industries map', async () => {
    const { frame, warnings } = await clean('zoominfo/companies.csv');
    expect(firmographics(frame.toRows())).toEqual([
      ['100200300', 'contoso-pharma.co.uk', 'Manufacturing', 'GB', 1300, 92_000_000],
      ['100200301', 'fourthcoffee.fr', 'Accommodation & Food', 'FR', 90, 4_100_000],
      ['100200302', 'adatum.edu', 'Education', 'US', 5200, 610_000_000],
    ]);
    expect(warnings.map((w) => w.message)).toEqual([
      'column "Revenue (in 000s USD)" states its unit: annual_revenue values are multiplied by 1,000',
    ]);
    expect(
      ['Industrial Machinery & Equipment', 'Colleges & Universities', 'Hospitals & Physicians Clinics'].map(
        (v) => normalizeIndustry(v),
      ),
    ).toEqual([
      { status: 'ok', value: 'Manufacturing' },
      { status: 'ok', value: 'Education' },
      { status: 'ok', value: 'Health Care' },
    ]);
  });

  it('HubSpot: every value of the industry property maps to a NAICS sector', () => {
    const values = readFileSync('test/fixtures/exports/hubspot/industry-values.txt', 'utf8')
      .trim()
      .split(/\s+/);
    expect(values).toHaveLength(148);
    expect(values.filter((v) => normalizeIndustry(v).status !== 'ok')).toEqual([]);
    const sector = (v: string) => (normalizeIndustry(v) as { value: string }).value;
    expect(
      [
        'FOOD_BEVERAGES',
        'HOSPITAL_HEALTH_CARE',
        'OIL_ENERGY',
        'LEISURE_TRAVEL_TOURISM',
        'COMPUTER_HARDWARE',
      ].map(sector),
    ).toEqual([
      'Accommodation & Food',
      'Health Care',
      'Mining, Oil & Gas',
      'Accommodation & Food',
      'Manufacturing',
    ]);
  });
});
