/**
 * Industries mapped to one canonical list: the 20 NAICS 2022 sectors under short names.
 * Accepts NAICS codes ("51", "5112", "541511"), Salesforce's standard Industry picklist, LinkedIn
 * and SIC-style labels, and common abbreviations ("IT", "SaaS", "FinServ", "Pharma").
 */
import { foldText } from './fold-text.ts';
import { VENDOR_INDUSTRIES } from './industry-vendors.ts';
import { invalid, isPlaceholder, MISSING, ok, type Normalized } from './result.ts';

/** One canonical industry: its short name and the NAICS sector code(s) it stands for. */
export interface CanonicalIndustry {
  name: string;
  naics: readonly string[];
  /** The official NAICS 2022 sector title. */
  title: string;
}

/** The canonical industry list (NAICS 2022 sectors), in NAICS order. */
export const CANONICAL_INDUSTRIES: readonly CanonicalIndustry[] = [
  { name: 'Agriculture', naics: ['11'], title: 'Agriculture, Forestry, Fishing and Hunting' },
  { name: 'Mining, Oil & Gas', naics: ['21'], title: 'Mining, Quarrying, and Oil and Gas Extraction' },
  { name: 'Utilities', naics: ['22'], title: 'Utilities' },
  { name: 'Construction', naics: ['23'], title: 'Construction' },
  { name: 'Manufacturing', naics: ['31', '32', '33'], title: 'Manufacturing' },
  { name: 'Wholesale Trade', naics: ['42'], title: 'Wholesale Trade' },
  { name: 'Retail Trade', naics: ['44', '45'], title: 'Retail Trade' },
  { name: 'Transportation & Warehousing', naics: ['48', '49'], title: 'Transportation and Warehousing' },
  { name: 'Information', naics: ['51'], title: 'Information' },
  { name: 'Finance & Insurance', naics: ['52'], title: 'Finance and Insurance' },
  { name: 'Real Estate', naics: ['53'], title: 'Real Estate and Rental and Leasing' },
  {
    name: 'Professional Services',
    naics: ['54'],
    title: 'Professional, Scientific, and Technical Services',
  },
  { name: 'Management of Companies', naics: ['55'], title: 'Management of Companies and Enterprises' },
  {
    name: 'Administrative Services',
    naics: ['56'],
    title: 'Administrative and Support and Waste Management and Remediation Services',
  },
  { name: 'Education', naics: ['61'], title: 'Educational Services' },
  { name: 'Health Care', naics: ['62'], title: 'Health Care and Social Assistance' },
  { name: 'Arts & Entertainment', naics: ['71'], title: 'Arts, Entertainment, and Recreation' },
  { name: 'Accommodation & Food', naics: ['72'], title: 'Accommodation and Food Services' },
  { name: 'Other Services', naics: ['81'], title: 'Other Services (except Public Administration)' },
  { name: 'Public Administration', naics: ['92'], title: 'Public Administration' },
];

/** Names of {@link CANONICAL_INDUSTRIES}. */
export const INDUSTRY_NAMES: readonly string[] = CANONICAL_INDUSTRIES.map((i) => i.name);

/**
 * Labels (compared after lower-casing and removing punctuation) → canonical name.
 * Covers Salesforce's standard picklist, LinkedIn industries and common CRM shorthand.
 */
const ALIASES: Record<string, readonly string[]> = {
  Agriculture: [
    'agriculture',
    'farming',
    'forestry',
    'fishing',
    'agribusiness',
    'agritech',
    'ranching',
    'dairy',
  ],
  'Mining, Oil & Gas': [
    'mining',
    'oil and gas',
    'oil gas',
    'oil',
    'gas',
    'oil and energy',
    'petroleum',
    'metals and mining',
    'quarrying',
  ],
  Utilities: [
    'utilities',
    'utility',
    'electric utilities',
    'energy',
    'power',
    'water utilities',
    'renewables',
    'renewable energy',
    'energy and utilities',
  ],
  Construction: [
    'construction',
    'building materials',
    'civil engineering',
    'building',
    'contractors',
    'architecture and construction',
  ],
  Manufacturing: [
    'manufacturing',
    'industrial',
    'industrials',
    'machinery',
    'electronics',
    'chemicals',
    'automotive',
    'aerospace',
    'aerospace and defense',
    'apparel',
    'textiles',
    'consumer goods',
    'food production',
    'food and beverage manufacturing',
    'pharmaceuticals',
    'pharma',
    'biotechnology',
    'biotech',
    'medical devices',
    'semiconductors',
    'industrial automation',
    'plastics',
    'paper',
    'packaging',
    'mfg',
    'manuf',
    'consumer electronics',
    'life sciences',
    'maschinenbau',
    'industrie',
  ],
  'Wholesale Trade': [
    'wholesale',
    'wholesale trade',
    'distribution',
    'distributor',
    'import and export',
    'b2b distribution',
  ],
  'Retail Trade': [
    'retail',
    'retail trade',
    'ecommerce',
    'e commerce',
    'online retail',
    'consumer retail',
    'supermarkets',
    'apparel and fashion retail',
  ],
  'Transportation & Warehousing': [
    'transportation',
    'logistics',
    'shipping',
    'transportation and logistics',
    'logistics and supply chain',
    'warehousing',
    'trucking',
    'airlines',
    'airlines aviation',
    'freight',
    'maritime',
    'rail',
    'transport',
  ],
  Information: [
    'information',
    'technology',
    'tech',
    'software',
    'computer software',
    'it',
    'information technology',
    'information technology and services',
    'it services',
    'internet',
    'saas',
    'telecommunications',
    'telecom',
    'telco',
    'communications',
    'media',
    'publishing',
    'broadcasting',
    'computer and network security',
    'cybersecurity',
    'data processing',
    'cloud',
    'high tech',
    'hi tech',
    'online media',
    'entertainment media',
    'software development',
    'technology software',
    'computer games',
    'wireless',
  ],
  'Finance & Insurance': [
    'finance',
    'financial services',
    'finserv',
    'finanzdienstleistungen',
    'versicherung',
    'fin services',
    'banking',
    'bank',
    'banks',
    'insurance',
    'investment banking',
    'investment management',
    'capital markets',
    'fintech',
    'venture capital',
    'private equity',
    'credit',
    'asset management',
    'finance and insurance',
    'accounting and finance',
  ],
  'Real Estate': [
    'real estate',
    'property',
    'property management',
    'commercial real estate',
    'proptech',
    'leasing',
    'rental and leasing',
  ],
  'Professional Services': [
    'professional services',
    'consulting',
    'management consulting',
    'legal',
    'legal services',
    'law practice',
    'accounting',
    'marketing',
    'advertising',
    'marketing and advertising',
    'research',
    'design',
    'architecture',
    'engineering',
    'engineering services',
    'business services',
    'staffing',
    'it consulting',
    'scientific services',
    'services',
  ],
  'Management of Companies': [
    'management of companies',
    'holding companies',
    'holding company',
    'conglomerate',
  ],
  'Administrative Services': [
    'administrative services',
    'administrative and support',
    'outsourcing',
    'outsourcing offshoring',
    'facilities services',
    'security and investigations',
    'waste management',
    'environmental services',
    'environmental',
    'staffing and recruiting',
    'call centers',
    'bpo',
  ],
  Education: [
    'education',
    'higher education',
    'education management',
    'e learning',
    'elearning',
    'edtech',
    'schools',
    'university',
    'k12',
    'training',
  ],
  'Health Care': [
    'health care',
    'healthcare',
    'health',
    'hospital',
    'hospitals',
    'hospital and health care',
    'medical',
    'medical practice',
    'health wellness and fitness',
    'social assistance',
    'clinics',
    'healthtech',
    'mental health care',
  ],
  'Arts & Entertainment': [
    'arts',
    'entertainment',
    'recreation',
    'sports',
    'gaming',
    'gambling and casinos',
    'arts and entertainment',
    'leisure',
    'museums',
    'music',
    'fitness',
  ],
  'Accommodation & Food': [
    'hospitality',
    'hotels',
    'restaurants',
    'food and beverage',
    'food and beverages',
    'food services',
    'accommodation',
    'travel and hospitality',
    'leisure travel and tourism',
    'catering',
  ],
  'Other Services': [
    'other services',
    'not for profit',
    'nonprofit',
    'non profit',
    'nonprofit organization management',
    'religious institutions',
    'repair and maintenance',
    'personal services',
    'ngo',
    'civic and social organization',
  ],
  'Public Administration': [
    'government',
    'public sector',
    'government administration',
    'public administration',
    'defense and space',
    'military',
    'public policy',
    'federal government',
    'state and local government',
    'gov',
  ],
};

const BY_LABEL: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const industry of CANONICAL_INDUSTRIES) {
    map.set(foldText(industry.name), industry.name);
    map.set(foldText(industry.title), industry.name);
  }
  for (const [name, labels] of Object.entries(ALIASES))
    for (const label of labels) map.set(foldText(label), name);
  // Vendor values (HubSpot enums, ZoomInfo industries) where the aliases above do not already decide.
  for (const [name, labels] of Object.entries(VENDOR_INDUSTRIES))
    for (const label of labels) if (!map.has(foldText(label))) map.set(foldText(label), name);
  return map;
})();

const BY_SECTOR_CODE: ReadonlyMap<string, string> = new Map(
  CANONICAL_INDUSTRIES.flatMap((i) => i.naics.map((code) => [code, i.name] as const)),
);

/** Labels that mean "not classified" and count as missing. */
const UNCLASSIFIED = new Set([
  'other',
  'others',
  'misc',
  'miscellaneous',
  'unclassified',
  'not classified',
  'general',
]);

/**
 * Maps an industry label or NAICS code (2–6 digits) to a canonical industry name
 * ({@link CANONICAL_INDUSTRIES}). "Other"/"Misc" count as missing; unrecognised labels are invalid.
 * A label made of several known parts ("Software & IT Services") maps when they agree.
 *
 * @example
 * normalizeIndustry('Computer Software');  // { status: 'ok', value: 'Information' }
 * normalizeIndustry('5112');               // { status: 'ok', value: 'Information' }
 * normalizeIndustry('Banking');            // { status: 'ok', value: 'Finance & Insurance' }
 * normalizeIndustry('Various');            // { status: 'invalid', reason: 'not a known industry' }
 */
export function normalizeIndustry(raw: string | number | null | undefined): Normalized<string> {
  if (typeof raw === 'number') raw = String(raw);
  if (raw === null || raw === undefined || isPlaceholder(raw)) return MISSING;
  const trimmed = raw.trim();
  const code = /^(?:naics\s*)?(\d{2,6})$/i.exec(trimmed);
  if (code) {
    const sector = BY_SECTOR_CODE.get((code[1] as string).slice(0, 2));
    return sector === undefined ? invalid('not a NAICS sector code') : ok(sector);
  }
  const key = foldText(trimmed);
  if (UNCLASSIFIED.has(key)) return MISSING;
  const direct = BY_LABEL.get(key);
  if (direct !== undefined) return ok(direct);
  // Composite labels: "Software / IT Services", "Banking & Financial Services".
  const parts = key.split(/ and | or | /).length > 1 ? trimmed.split(/[/,;|&+]| and /i).map(foldText) : [];
  const matches = new Set(parts.map((p) => BY_LABEL.get(p)).filter((v): v is string => v !== undefined));
  if (matches.size === 1) return ok([...matches][0] as string);
  return invalid(matches.size > 1 ? 'names more than one industry' : 'not a known industry');
}
