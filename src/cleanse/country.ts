/**
 * Countries to ISO 3166-1 alpha-2 codes, and codes to sales regions. Names, official names,
 * alternative spellings, native names and translations come from the `world-countries` dataset;
 * a short list adds the informal labels CRM users type ("USA", "U.S.", "UK", "England", "Holland").
 */
import worldCountries, { type Country } from 'world-countries';
import { foldText } from './fold-text.ts';
import { invalid, isPlaceholder, MISSING, ok, type Normalized } from './result.ts';

// The package is CommonJS (`module.exports = [...]`); its typings declare an ES default export.
const countries = worldCountries as unknown as readonly Country[];

/** The four sales regions used throughout the workbench. */
export type SalesRegion = 'North America' | 'LATAM' | 'EMEA' | 'APAC';

/** Informal labels → alpha-2, on top of the dataset's own spellings. */
const EXTRA_ALIASES: Record<string, string> = {
  america: 'US',
  'united states america': 'US',
  'the united states': 'US',
  'united sates': 'US',
  usa: 'US',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  britain: 'GB',
  'great britain': 'GB',
  'united kingdom of great britain': 'GB',
  uk: 'GB',
  holland: 'NL',
  'the netherlands': 'NL',
  ger: 'DE',
  deutschland: 'DE',
  'west germany': 'DE',
  uae: 'AE',
  emirates: 'AE',
  korea: 'KR',
  'south korea': 'KR',
  'republic of korea': 'KR',
  'korea republic of': 'KR',
  'north korea': 'KP',
  russia: 'RU',
  'czech republic': 'CZ',
  czechia: 'CZ',
  turkey: 'TR',
  'hong kong sar': 'HK',
  prc: 'CN',
  'mainland china': 'CN',
  'viet nam': 'VN',
  'ivory coast': 'CI',
  swiss: 'CH',
  suisse: 'CH',
  schweiz: 'CH',
  espana: 'ES',
  'the philippines': 'PH',
};

const LOOKUP: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  const add = (label: string | undefined, code: string, overwrite = false): void => {
    if (!label) return;
    const key = foldText(label);
    if (key !== '' && (overwrite || !map.has(key))) map.set(key, code);
  };
  // Codes and English names first (they win over translations that happen to collide).
  for (const c of countries) add(c.cca2, c.cca2, true);
  for (const c of countries) add(c.cca3, c.cca2, true);
  for (const c of countries) {
    add(c.name.common, c.cca2, true);
    add(c.name.official, c.cca2, true);
  }
  for (const c of countries) for (const alt of c.altSpellings) add(alt, c.cca2);
  for (const c of countries) {
    for (const native of Object.values(c.name.native ?? {})) {
      add(native.common, c.cca2);
      add(native.official, c.cca2);
    }
  }
  for (const c of countries) {
    for (const t of Object.values(c.translations ?? {})) {
      add(t.common, c.cca2);
      add(t.official, c.cca2);
    }
  }
  for (const [label, code] of Object.entries(EXTRA_ALIASES)) add(label, code, true);
  return map;
})();

const REGION_BY_CODE: ReadonlyMap<string, SalesRegion> = (() => {
  const map = new Map<string, SalesRegion>();
  for (const c of countries) {
    let region: SalesRegion;
    if (c.region === 'Americas') {
      region = c.subregion === 'North America' && c.cca2 !== 'MX' ? 'North America' : 'LATAM';
    } else if (c.region === 'Europe' || c.region === 'Africa') region = 'EMEA';
    else if (c.region === 'Asia') region = c.subregion === 'Western Asia' ? 'EMEA' : 'APAC';
    else region = 'APAC'; // Oceania, Antarctic
    map.set(c.cca2, region);
  }
  return map;
})();

/**
 * Normalizes a country label to its ISO 3166-1 alpha-2 code.
 *
 * @example
 * normalizeCountry('United States'); // { status: 'ok', value: 'US' }
 * normalizeCountry('U.S.');          // { status: 'ok', value: 'US' }
 * normalizeCountry('UK');            // { status: 'ok', value: 'GB' }
 * normalizeCountry('Deutschland');   // { status: 'ok', value: 'DE' }
 * normalizeCountry('Europe');        // { status: 'invalid', reason: 'not a known country' }
 */
export function normalizeCountry(raw: string | null | undefined): Normalized<string> {
  if (raw === null || raw === undefined || isPlaceholder(raw)) return MISSING;
  const code = LOOKUP.get(foldText(raw));
  return code === undefined ? invalid('not a known country') : ok(code);
}

/**
 * The sales region of an ISO alpha-2 code: North America (US, CA and the northern territories),
 * LATAM (Mexico, Central and South America, the Caribbean), EMEA (Europe, Africa, Middle East),
 * APAC (the rest of Asia and Oceania). Returns null for an unknown code.
 *
 * @example
 * salesRegion('DE'); // 'EMEA'
 */
export function salesRegion(alpha2: string): SalesRegion | null {
  return REGION_BY_CODE.get(alpha2.toUpperCase()) ?? null;
}

/**
 * Reads a region label written in the input ("EMEA", "NA", "North America", "APAC", "LatAm").
 *
 * @example
 * normalizeRegion('amer - north'); // { status: 'invalid', … }
 * normalizeRegion('NA');           // { status: 'ok', value: 'North America' }
 */
export function normalizeRegion(raw: string | null | undefined): Normalized<SalesRegion> {
  if (raw === null || raw === undefined) return MISSING;
  const key = foldText(raw);
  const table: Record<string, SalesRegion> = {
    'north america': 'North America',
    na: 'North America',
    nam: 'North America',
    noram: 'North America',
    latam: 'LATAM',
    'latin america': 'LATAM',
    'south america': 'LATAM',
    emea: 'EMEA',
    europe: 'EMEA',
    apac: 'APAC',
    'asia pacific': 'APAC',
    apj: 'APAC',
  };
  const region = table[key]; // before the placeholder check: "NA" here means North America
  if (region !== undefined) return ok(region);
  return isPlaceholder(raw) ? MISSING : invalid('not a known sales region');
}
