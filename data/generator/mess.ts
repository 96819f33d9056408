/**
 * Renders true values the way they end up in a CRM: several spellings of the same fact, placeholders
 * instead of blanks, and a few values nobody can read. Every rendering carries the classification the
 * generator intends (`valid`, `approximate` (a range or bound), `missing`, `invalid`), so the sample's
 * planted-issue counts are known exactly and tests can check the cleanser against them.
 */
import type { Random } from '../../src/core/random.ts';

/** How a rendered value is meant to be read. */
export type Intent = 'valid' | 'approximate' | 'missing' | 'invalid';

/** A rendered cell and its intended classification. */
export interface Rendered {
  text: string;
  intent: Intent;
}

const MISSING_TOKENS = ['', '', '', '', 'N/A', 'n/a', '-', 'unknown', 'TBD', '#N/A'];

function missing(rng: Random): Rendered {
  return { text: rng.pick(MISSING_TOKENS), intent: 'missing' };
}

function caseVariant(rng: Random, text: string): string {
  const r = rng.uniform();
  if (r < 0.08) return text.toUpperCase();
  if (r < 0.12) return text.toLowerCase();
  if (r < 0.16) return `  ${text} `;
  return text;
}

/** Rates of trouble per column. */
export interface MessRates {
  missing: number;
  invalid: number;
}

/** A website for `domain`. */
export function renderWebsite(rng: Random, domain: string, rates: MessRates): Rendered {
  const r = rng.uniform();
  if (r < rates.missing) return missing(rng);
  if (r < rates.missing + rates.invalid) {
    const label = domain.split('.')[0] as string;
    return {
      text: rng.pick([label, 'http://', 'www', 'gmail.com', `${label} .com`, 'see parent']),
      intent: 'invalid',
    };
  }
  const forms = [
    `https://www.${domain}`,
    `http://${domain}`,
    `www.${domain}`,
    domain,
    domain,
    domain.toUpperCase(),
    `https://${domain}/`,
    `https://www.${domain}/about-us`,
    `www.${domain}:443`,
    `info@${domain}`,
    `http://www.${domain}/`,
  ];
  return { text: rng.pick(forms), intent: 'valid' };
}

/** Labels per canonical industry, as users and tools write them. */
const INDUSTRY_LABELS: Record<string, readonly string[]> = {
  Information: [
    'Technology',
    'Software',
    'Information Technology',
    'Computer Software',
    'IT Services',
    'Internet',
    'SaaS',
    'Telecommunications',
    'Media',
    'Information',
    '51',
    '5112',
  ],
  'Finance & Insurance': [
    'Financial Services',
    'Banking',
    'Insurance',
    'Finance',
    'FinServ',
    'Investment Management',
    'Finance & Insurance',
    '52',
    '522110',
  ],
  'Professional Services': [
    'Consulting',
    'Professional Services',
    'Legal Services',
    'Accounting',
    'Marketing & Advertising',
    'Management Consulting',
    'Engineering',
    '54',
    '541611',
  ],
  Manufacturing: [
    'Manufacturing',
    'Industrial',
    'Machinery',
    'Electronics',
    'Chemicals',
    'Automotive',
    'Pharmaceuticals',
    'Mfg',
    '33',
    '336111',
  ],
  'Health Care': [
    'Healthcare',
    'Health Care',
    'Hospital & Health Care',
    'Medical Practice',
    'Hospitals',
    '62',
  ],
  'Retail Trade': ['Retail', 'E-Commerce', 'Retail Trade', 'Consumer Retail', '44'],
  'Wholesale Trade': ['Wholesale', 'Distribution', 'Import and Export', 'Wholesale Trade', '42'],
  'Transportation & Warehousing': [
    'Transportation',
    'Logistics',
    'Logistics & Supply Chain',
    'Shipping',
    'Transportation/Trucking/Railroad',
    '48',
  ],
  Construction: ['Construction', 'Building Materials', 'Civil Engineering', '23'],
  Education: ['Education', 'Higher Education', 'E-Learning', 'Education Management', '61'],
  'Real Estate': ['Real Estate', 'Commercial Real Estate', 'Property Management', '53'],
  Utilities: ['Utilities', 'Energy', 'Renewables & Environment', 'Electric Utilities', '22'],
  'Public Administration': ['Government', 'Government Administration', 'Public Sector', '92'],
  'Accommodation & Food': ['Hospitality', 'Restaurants', 'Food & Beverages', 'Hotels', '72'],
};

/** An industry label for the canonical `industry`. */
export function renderIndustry(rng: Random, industry: string, rates: MessRates): Rendered {
  const r = rng.uniform();
  if (r < rates.missing)
    return rng.bernoulli(0.3) ? { text: rng.pick(['Other', 'Misc']), intent: 'missing' } : missing(rng);
  if (r < rates.missing + rates.invalid) {
    return {
      text: rng.pick(['Various', 'Misc stuff', 'xyz', 'See parent company', 'Diversified']),
      intent: 'invalid',
    };
  }
  const labels = INDUSTRY_LABELS[industry];
  if (!labels) throw new Error(`no labels for industry ${industry}`);
  return { text: caseVariant(rng, rng.pick(labels)), intent: 'valid' };
}

const COUNTRY_LABELS: Record<string, readonly string[]> = {
  US: ['United States', 'United States', 'USA', 'US', 'U.S.', 'United States of America', 'us'],
  GB: ['United Kingdom', 'UK', 'GB', 'England', 'Great Britain'],
  DE: ['Germany', 'DE', 'Deutschland'],
  CA: ['Canada', 'CA'],
  FR: ['France', 'FR'],
  AU: ['Australia', 'AU'],
  NL: ['Netherlands', 'NL', 'Holland', 'The Netherlands'],
  JP: ['Japan', 'JP'],
  IN: ['India', 'IN'],
  SG: ['Singapore', 'SG'],
  BR: ['Brazil', 'BR', 'Brasil'],
  MX: ['Mexico', 'MX', 'México'],
  SE: ['Sweden', 'SE'],
  ES: ['Spain', 'ES', 'España'],
  IT: ['Italy', 'IT', 'Italia'],
  IE: ['Ireland', 'IE'],
  CH: ['Switzerland', 'CH', 'Schweiz'],
};

/** A country label for the ISO code `country`. */
export function renderCountry(rng: Random, country: string, rates: MessRates): Rendered {
  const r = rng.uniform();
  if (r < rates.missing) return missing(rng);
  if (r < rates.missing + rates.invalid)
    return { text: rng.pick(['Narnia', 'Europe', 'Intl', 'XX', 'Global']), intent: 'invalid' };
  const labels = COUNTRY_LABELS[country];
  if (!labels) throw new Error(`no labels for country ${country}`);
  return { text: rng.pick(labels), intent: 'valid' };
}

const BANDS: readonly [number, number, string][] = [
  [1, 10, '1-10'],
  [11, 50, '11-50'],
  [51, 200, '51-200'],
  [201, 500, '201-500'],
  [501, 1000, '501-1,000'],
  [1001, 5000, '1,001-5,000'],
  [5001, 10000, '5,001-10,000'],
  [10001, Infinity, '10,001+'],
];

/** An employee count for the true `employees`; `approximateRate` of renderings are bands. */
export function renderEmployees(
  rng: Random,
  employees: number,
  rates: MessRates,
  approximateRate: number,
): Rendered {
  const r = rng.uniform();
  if (r < rates.missing) return missing(rng);
  if (r < rates.missing + rates.invalid)
    return { text: rng.pick(['lots', '0', '-50', 'many', 'see LinkedIn']), intent: 'invalid' };
  if (r < rates.missing + rates.invalid + approximateRate) {
    const band = BANDS.find(([lo, hi]) => employees >= lo && employees <= hi) as [number, number, string];
    return {
      text: rng.bernoulli(0.8) || employees < 20 ? band[2] : `approx. ${Math.round(employees / 10) * 10}`,
      intent: 'approximate',
    };
  }
  const forms = [String(employees), String(employees), employees.toLocaleString('en-US')];
  if (employees >= 1000) forms.push(`${(employees / 1000).toFixed(1)}k`, `${(employees / 1000).toFixed(1)}K`);
  return { text: rng.pick(forms), intent: 'valid' };
}

function money(value: number, rng: Random): string {
  if (value >= 1e9 && rng.bernoulli(0.6)) return `$${(value / 1e9).toFixed(1)}B`;
  if (value >= 1e6) {
    const m = (value / 1e6).toFixed(1);
    return rng.pick([`$${m}M`, `$${m} million`, `USD ${m}M`, `${m}M`, `$${m}MM`]);
  }
  return `$${Math.round(value / 1e3)}K`;
}

/** An annual revenue for the true `revenue` (US dollars). */
export function renderRevenue(rng: Random, revenue: number, rates: MessRates): Rendered {
  const r = rng.uniform();
  if (r < rates.missing) return missing(rng);
  if (r < rates.missing + rates.invalid) {
    const eur = `€${(revenue / 1.08e6).toFixed(1)}M`;
    return { text: rng.pick([eur, '-5000', 'confidential', 'lots']), intent: 'invalid' };
  }
  const rounded = Math.round(revenue / 1000) * 1000;
  const forms = [String(rounded), rounded.toLocaleString('en-US'), money(revenue, rng), money(revenue, rng)];
  return { text: rng.pick(forms), intent: 'valid' };
}

/** A display name: base name with a legal suffix, sometimes in other case or with stray spaces. */
export function renderName(rng: Random, baseName: string, suffixes: readonly string[]): string {
  const suffix = rng.bernoulli(0.7) ? rng.pick(suffixes) : '';
  const comma = suffix !== '' && rng.bernoulli(0.3) ? ',' : '';
  return caseVariant(rng, suffix === '' ? baseName : `${baseName}${comma} ${suffix}`);
}

/** Suffixes safe for a duplicate's name variant (the matching key ignores them). */
export const SIMPLE_SUFFIXES = [
  'Inc.',
  'Inc',
  'Incorporated',
  'LLC',
  'Ltd',
  'Limited',
  'Corp',
  'Corporation',
  '',
];
