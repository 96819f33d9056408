/**
 * Company names and domains for the synthetic universe: unique by matching key and by domain, so the
 * only duplicates in the sample are the ones the generator plants on purpose.
 */
import type { Random } from '../../src/core/random.ts';
import { nameKey } from '../../src/cleanse/name.ts';

const PREFIXES = [
  'Blue',
  'North',
  'Summit',
  'Apex',
  'Silver',
  'Pacific',
  'Granite',
  'Bright',
  'Crescent',
  'Iron',
  'Cedar',
  'Harbor',
  'Atlas',
  'Beacon',
  'Cobalt',
  'Evergreen',
  'Falcon',
  'Golden',
  'Horizon',
  'Juniper',
  'Keystone',
  'Lumen',
  'Meridian',
  'Nova',
  'Oak',
  'Pioneer',
  'Quantum',
  'Redwood',
  'Sterling',
  'Trident',
  'Union',
  'Vertex',
  'Willow',
  'Zenith',
  'Alder',
  'Bay',
  'Canyon',
  'Delta',
  'Echo',
  'Frontier',
  'Glacier',
  'Highland',
  'Indigo',
  'Jade',
  'Kestrel',
  'Liberty',
  'Maple',
  'Northstar',
  'Orion',
  'Prairie',
  'Quarry',
  'River',
  'Sierra',
  'Tidal',
  'Upland',
  'Valley',
  'West',
  'Yellowstone',
  'Aspen',
  'Birch',
  'Coral',
  'Dune',
  'Ember',
  'Fjord',
  'Grove',
  'Helix',
  'Isle',
  'Keel',
  'Lark',
  'Mesa',
  'Nimbus',
  'Onyx',
  'Pine',
  'Ridge',
  'Solstice',
  'Terra',
  'Vista',
];
const CORES = [
  '',
  'stone',
  'field',
  'wave',
  'bridge',
  'path',
  'point',
  'peak',
  'forge',
  'line',
  'gate',
  'crest',
  'light',
  'wood',
  'view',
  'port',
  'mark',
  'spring',
  'shore',
  'brook',
  'well',
  'vale',
  'star',
  'rock',
  'land',
  'way',
];

/** Industry-flavoured words by canonical industry name. */
const INDUSTRY_WORDS: Record<string, readonly string[]> = {
  Information: [
    'Software',
    'Systems',
    'Data',
    'Cloud',
    'Networks',
    'Digital',
    'Labs',
    'Analytics',
    'Media',
    'Telecom',
  ],
  'Finance & Insurance': [
    'Capital',
    'Financial',
    'Bank',
    'Insurance',
    'Advisors',
    'Credit',
    'Investments',
    'Assurance',
  ],
  'Professional Services': [
    'Consulting',
    'Advisory',
    'Associates',
    'Legal',
    'Partners',
    'Engineering',
    'Design',
  ],
  Manufacturing: [
    'Industries',
    'Manufacturing',
    'Components',
    'Machinery',
    'Materials',
    'Fabrication',
    'Pharma',
  ],
  'Health Care': ['Health', 'Medical', 'Care', 'Clinics', 'Therapeutics', 'Wellness'],
  'Retail Trade': ['Stores', 'Retail', 'Outfitters', 'Market', 'Goods', 'Supply'],
  'Wholesale Trade': ['Distribution', 'Wholesale', 'Trading', 'Imports', 'Supply Co'],
  'Transportation & Warehousing': ['Logistics', 'Freight', 'Transport', 'Shipping', 'Carriers'],
  Construction: ['Construction', 'Builders', 'Contracting', 'Structures', 'Homes'],
  Education: ['Academy', 'Learning', 'Institute', 'Education', 'School'],
  'Real Estate': ['Properties', 'Realty', 'Estates', 'Property Group', 'Land Co'],
  Utilities: ['Energy', 'Power', 'Utilities', 'Water', 'Renewables'],
  'Public Administration': ['County Services', 'Municipal Authority', 'Public Works', 'Agency'],
  'Accommodation & Food': ['Hotels', 'Hospitality', 'Foods', 'Kitchens', 'Resorts'],
};

const TLD_BY_COUNTRY: Record<string, readonly string[]> = {
  US: ['com', 'com', 'com', 'io', 'net'],
  GB: ['co.uk', 'com'],
  DE: ['de', 'com'],
  CA: ['ca', 'com'],
  FR: ['fr', 'com'],
  AU: ['com.au'],
  NL: ['nl', 'com'],
  JP: ['co.jp', 'jp'],
  IN: ['in', 'co.in', 'com'],
  SG: ['com.sg', 'sg'],
  BR: ['com.br'],
  MX: ['com.mx', 'mx'],
  SE: ['se', 'com'],
  ES: ['es', 'com'],
  IT: ['it', 'com'],
  IE: ['ie', 'com'],
  CH: ['ch', 'com'],
};

/** A company's base name (no legal suffix), its domain, and its matching key. */
export interface CompanyIdentity {
  baseName: string;
  domain: string;
  key: string;
}

/** Draws unique company identities. */
export class IdentityFactory {
  private readonly usedKeys = new Set<string>();
  private readonly usedDomains = new Set<string>();

  /** A new identity for a company in `industry` headquartered in `country`. */
  next(rng: Random, industry: string, country: string): CompanyIdentity {
    const words = INDUSTRY_WORDS[industry] ?? ['Group'];
    for (let attempt = 0; attempt < 1000; attempt++) {
      const prefix = rng.pick(PREFIXES);
      const core = rng.pick(CORES);
      const word = rng.pick(words);
      const stem = `${prefix}${core}`;
      const baseName =
        attempt < 500 && rng.bernoulli(0.75) ? `${stem} ${word}` : `${stem} ${rng.pick(PREFIXES)} ${word}`;
      const key = nameKey(baseName);
      if (key === null || this.usedKeys.has(key)) continue;
      const tlds = TLD_BY_COUNTRY[country] ?? ['com'];
      const label = baseName.toLowerCase().replace(/[^a-z0-9]+/g, '');
      const short = stem.toLowerCase();
      const candidates = [
        `${short}.${rng.pick(tlds)}`,
        `${label}.${rng.pick(tlds)}`,
        `${short}-${word.toLowerCase().replace(/[^a-z]/g, '')}.${rng.pick(tlds)}`,
      ];
      const domain = candidates.find((d) => !this.usedDomains.has(d));
      if (domain === undefined) continue;
      this.usedKeys.add(key);
      this.usedDomains.add(domain);
      return { baseName, domain, key };
    }
    throw new Error(`could not draw a unique company name for ${industry}/${country}`);
  }
}

/** Legal suffixes by country, as companies write them. */
export const LEGAL_SUFFIX_BY_COUNTRY: Record<string, readonly string[]> = {
  US: ['Inc.', 'Inc', 'LLC', 'Corp.', 'Corporation', 'Co.'],
  GB: ['Ltd', 'Limited', 'plc', 'Ltd.'],
  DE: ['GmbH', 'AG'],
  CA: ['Inc.', 'Ltd.', 'Corp.'],
  FR: ['SA', 'SAS'],
  AU: ['Pty Ltd'],
  NL: ['B.V.', 'N.V.'],
  JP: ['K.K.', 'Co., Ltd.'],
  IN: ['Pvt. Ltd.', 'Ltd'],
  SG: ['Pte. Ltd.'],
  BR: ['S.A.', 'Ltda'],
  MX: ['S.A.', 'S.A. de C.V.'],
  SE: ['AB'],
  ES: ['S.A.', 'S.L.'],
  IT: ['S.p.A.', 'S.r.l.'],
  IE: ['Ltd', 'Limited'],
  CH: ['AG', 'SA', 'GmbH'],
};
