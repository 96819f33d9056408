import { describe, expect, it } from 'vitest';
import { Frame } from '../../src/data/frame.ts';
import { foldText } from '../../src/cleanse/fold-text.ts';
import { profileColumns } from '../../src/cleanse/profile.ts';
import { displayName, nameKey } from '../../src/cleanse/name.ts';
import { isPlaceholder } from '../../src/cleanse/result.ts';
import { normalizeCountry, normalizeRegion, salesRegion } from '../../src/cleanse/country.ts';
import { normalizeDomain } from '../../src/cleanse/domain.ts';
import { normalizeIndustry, CANONICAL_INDUSTRIES } from '../../src/cleanse/industry.ts';
import { parseEmployees, parseRevenue } from '../../src/cleanse/numbers.ts';

const value = <T>(r: { status: string; value?: T }) => (r.status === 'ok' ? r.value : r.status);

describe('normalizeDomain', () => {
  it.each([
    ['https://www.Acme.com/about?x=1', 'acme.com'],
    ['http://acme.com', 'acme.com'],
    ['www.acme.com', 'acme.com'],
    ['ACME.COM.', 'acme.com'],
    ['www.acme.com:443', 'acme.com'],
    ['https://acme.com/', 'acme.com'],
    ['  acme.com ', 'acme.com'],
    ['sales@acme.co.uk', 'acme.co.uk'],
    ['mailto:info@acme.de', 'acme.de'],
    ['https://user:pw@www2.acme.io/path', 'acme.io'],
    ['shop.acme.com', 'shop.acme.com'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
  ])('%s → %s', (raw, expected) => expect(value(normalizeDomain(raw))).toBe(expected));

  it.each([
    ['acme'],
    ['http://'],
    ['www'],
    ['acme .com'],
    ['192.168.0.1'],
    ['gmail.com'],
    ['https://www.linkedin.com/company/acme'],
    ['acme.c0m'],
  ])('%s is invalid', (raw) => expect(normalizeDomain(raw).status).toBe('invalid'));

  it.each([[''], ['N/A'], ['-'], [null]])('%s is missing', (raw) =>
    expect(normalizeDomain(raw).status).toBe('missing'),
  );
});

describe('normalizeCountry and regions', () => {
  it.each([
    ['United States', 'US'],
    ['USA', 'US'],
    ['U.S.', 'US'],
    ['U.S.A.', 'US'],
    ['us', 'US'],
    ['United States of America', 'US'],
    ['America', 'US'],
    ['UK', 'GB'],
    ['United Kingdom', 'GB'],
    ['England', 'GB'],
    ['Great Britain', 'GB'],
    ['Germany', 'DE'],
    ['Deutschland', 'DE'],
    ['DEU', 'DE'],
    ['Holland', 'NL'],
    ['The Netherlands', 'NL'],
    ['España', 'ES'],
    ['Brasil', 'BR'],
    ['México', 'MX'],
    ['Schweiz', 'CH'],
    ['South Korea', 'KR'],
    ['UAE', 'AE'],
    ['  canada ', 'CA'],
    ['Czech Republic', 'CZ'],
    ["Côte d'Ivoire", 'CI'],
  ])('%s → %s', (raw, code) => expect(value(normalizeCountry(raw))).toBe(code));

  it.each([['Narnia'], ['Europe'], ['XX'], ['Intl'], ['Global']])('%s is invalid', (raw) =>
    expect(normalizeCountry(raw).status).toBe('invalid'),
  );
  it('placeholders are missing', () => expect(normalizeCountry('unknown').status).toBe('missing'));

  it.each([
    ['US', 'North America'],
    ['CA', 'North America'],
    ['MX', 'LATAM'],
    ['BR', 'LATAM'],
    ['DE', 'EMEA'],
    ['ZA', 'EMEA'],
    ['AE', 'EMEA'],
    ['JP', 'APAC'],
    ['AU', 'APAC'],
    ['IN', 'APAC'],
  ])('salesRegion(%s) = %s', (code, region) => expect(salesRegion(code)).toBe(region));
  it('reads written regions', () => {
    expect(value(normalizeRegion('NA'))).toBe('North America');
    expect(value(normalizeRegion('Asia Pacific'))).toBe('APAC');
    expect(normalizeRegion('Mars').status).toBe('invalid');
  });
});

describe('normalizeIndustry', () => {
  it.each([
    ['Computer Software', 'Information'],
    ['Information Technology and Services', 'Information'],
    ['SaaS', 'Information'],
    ['Telecommunications', 'Information'],
    ['5112', 'Information'],
    ['NAICS 51', 'Information'],
    ['Banking', 'Finance & Insurance'],
    ['FinServ', 'Finance & Insurance'],
    ['Insurance', 'Finance & Insurance'],
    ['541611', 'Professional Services'],
    ['Management Consulting', 'Professional Services'],
    ['Engineering', 'Professional Services'],
    ['Hospital & Health Care', 'Health Care'],
    ['Pharmaceuticals', 'Manufacturing'],
    ['Maschinenbau', 'Manufacturing'],
    ['E-Commerce', 'Retail Trade'],
    ['Logistics & Supply Chain', 'Transportation & Warehousing'],
    ['Government Administration', 'Public Administration'],
    ['Food & Beverages', 'Accommodation & Food'],
    ['Software / IT Services', 'Information'],
    ['Banking & Financial Services', 'Finance & Insurance'],
    ['  HEALTHCARE ', 'Health Care'],
    ['Health Care and Social Assistance', 'Health Care'],
  ])('%s → %s', (raw, expected) => expect(value(normalizeIndustry(raw))).toBe(expected));

  it.each([['Various'], ['xyz'], ['See parent company'], ['12'], ['Tech & Retail']])('%s is invalid', (raw) =>
    expect(normalizeIndustry(raw).status).toBe('invalid'),
  );
  it.each([['Other'], ['Misc'], ['N/A'], ['']])('%s is missing (unclassified)', (raw) =>
    expect(normalizeIndustry(raw).status).toBe('missing'),
  );
  it('covers all 20 NAICS sectors once', () => {
    expect(CANONICAL_INDUSTRIES).toHaveLength(20);
    const codes = CANONICAL_INDUSTRIES.flatMap((i) => i.naics);
    expect(new Set(codes).size).toBe(codes.length);
    for (const industry of CANONICAL_INDUSTRIES)
      expect(value(normalizeIndustry(industry.naics[0]))).toBe(industry.name);
  });
});

describe('parseEmployees', () => {
  it.each([
    ['1200', 1200, false],
    ['1,200', 1200, false],
    ['1 200', 1200, false],
    ['1k', 1000, false],
    ['1.5K', 1500, false],
    ['5,000 employees', 5000, false],
    [' 12 ', 12, false],
    ['51-200', 126, true],
    ['1,001-5,000', 3001, true],
    ['51 to 200', 126, true],
    ['10,000+', 10000, true],
    ['approx. 300', 300, true],
    ['~40', 40, true],
  ])('%s → %d (approximate: %s)', (raw, expected, approximate) => {
    const r = parseEmployees(raw);
    expect(r).toEqual(
      approximate ? { status: 'ok', value: expected, approximate: true } : { status: 'ok', value: expected },
    );
  });
  it.each([['lots'], ['0'], ['-50'], ['many'], ['200-51']])('%s is invalid', (raw) =>
    expect(parseEmployees(raw).status).toBe('invalid'),
  );
  it('accepts numbers', () => expect(value(parseEmployees(42))).toBe(42));
  it('"1.200" is 1,200 only in a European file; elsewhere it is ambiguous', () => {
    expect(parseEmployees('1.200', 'european')).toEqual({ status: 'ok', value: 1200 });
    for (const convention of ['us', 'unknown'] as const)
      expect(parseEmployees('1.200', convention)).toEqual({
        status: 'invalid',
        reason: 'ambiguous: the point may group thousands (1,200) or mark decimals (1.2); write 1200',
      });
  });
  it('placeholders are missing', () => expect(parseEmployees('-').status).toBe('missing'));
});

describe('parseRevenue', () => {
  it.each([
    ['$12.5M', 12.5e6],
    ['9,800,000', 9.8e6],
    ['$1.2B', 1.2e9],
    ['USD 3.4 million', 3.4e6],
    ['$750K', 750e3],
    ['12.5 mn', 12.5e6],
    ['$40.7MM', 40.7e6],
    ['1.2bn', 1.2e9],
    ['US$ 5m', 5e6],
    ['12500000.00', 12.5e6],
    ['$2 billion', 2e9],
  ])('%s → %d', (raw, expected) => expect(value(parseRevenue(raw))).toBeCloseTo(expected, 0));
  it.each([['€3M'], ['£2.5M'], ['EUR 4M'], ['(1,000)'], ['-5000'], ['confidential'], ['lots']])(
    '%s is invalid',
    (raw) => expect(parseRevenue(raw).status).toBe('invalid'),
  );
});

describe('names', () => {
  it.each([
    ['The ACME Company, Inc.', 'acme'],
    ['Acme Corp.', 'acme'],
    ['ACME INCORPORATED', 'acme'],
    ['Acme, LLC', 'acme'],
    ['Müller & Söhne GmbH', 'mueller and soehne'],
    ['Mueller & Soehne', 'mueller and soehne'],
    ['Rossi S.p.A.', 'rossi'],
    ['Grupo Bimbo S.A. de C.V.', 'grupo bimbo'],
    ['Tanaka K.K.', 'tanaka'],
    ['Lee Co., Ltd.', 'lee'],
    ['A.C.M.E.', 'acme'],
  ])('nameKey(%s) = %s', (raw, key) => expect(nameKey(raw)).toBe(key));
  it('keeps the display form but tidies whitespace', () => {
    expect(displayName('  Tailspin   Toys ')).toBe('Tailspin Toys');
    expect(displayName('   ')).toBeNull();
  });
  it('recognises placeholders', () => {
    for (const p of ['', ' N/A ', '#N/A', '-', 'unknown', 'TBD', 'null']) expect(isPlaceholder(p)).toBe(true);
    expect(isPlaceholder('Acme')).toBe(false);
  });
});

describe('foldText', () => {
  it.each([
    ['  Côte d’Ivoire ', 'cote divoire'],
    ['U.S.', 'us'],
    ['Food & Beverages', 'food and beverages'],
    ['E-Commerce', 'e commerce'],
    ['Transportation/Trucking', 'transportation trucking'],
  ])('%j → %j', (raw, folded) => expect(foldText(raw)).toBe(folded));
});

describe('profileColumns', () => {
  it('counts filled, empty and placeholder cells and the most common values', () => {
    const frame = Frame.fromColumns({ country: ['US', 'USA', 'US', 'N/A', null, ' '] });
    expect(profileColumns(frame)).toEqual([
      { column: 'country', filled: 3, empty: 2, placeholders: 1, distinct: 2, top: 'US (2) · USA (1)' },
    ]);
  });
});
