/**
 * The simulated market behind the sample data: companies with true firmographics, a true propensity
 * to buy (a logistic model whose coefficients are written to the ground truth), a true wallet, and
 * their state at two snapshots six months apart.
 */
import { Random } from '../../src/core/random.ts';
import { salesRegion } from '../../src/cleanse/country.ts';
import { IdentityFactory, type CompanyIdentity } from './names.ts';

/** Industry mix of the universe, with the true effects on propensity, tech fit and wallet. */
export const INDUSTRIES: Record<
  string,
  { share: number; propensity: number; techFit: number; wallet: number; naics: string }
> = {
  Information: { share: 0.17, propensity: 1.0, techFit: 0.8, wallet: 0.4, naics: '513210' },
  'Professional Services': { share: 0.15, propensity: 0.45, techFit: 0.3, wallet: 0.1, naics: '541611' },
  Manufacturing: { share: 0.14, propensity: 0.2, techFit: 0.0, wallet: -0.1, naics: '333249' },
  'Finance & Insurance': { share: 0.11, propensity: 0.7, techFit: 0.4, wallet: 0.5, naics: '522110' },
  'Health Care': { share: 0.09, propensity: 0.3, techFit: -0.1, wallet: 0.0, naics: '621111' },
  'Retail Trade': { share: 0.07, propensity: -0.1, techFit: -0.1, wallet: -0.2, naics: '455110' },
  'Wholesale Trade': { share: 0.05, propensity: 0.0, techFit: -0.2, wallet: -0.2, naics: '423430' },
  'Transportation & Warehousing': {
    share: 0.04,
    propensity: -0.2,
    techFit: -0.2,
    wallet: -0.2,
    naics: '484121',
  },
  Construction: { share: 0.04, propensity: -0.4, techFit: -0.5, wallet: -0.3, naics: '236220' },
  'Accommodation & Food': { share: 0.04, propensity: -0.8, techFit: -0.6, wallet: -0.4, naics: '722511' },
  Education: { share: 0.03, propensity: -0.3, techFit: -0.2, wallet: -0.3, naics: '611310' },
  'Real Estate': { share: 0.03, propensity: -0.5, techFit: -0.3, wallet: -0.2, naics: '531120' },
  Utilities: { share: 0.02, propensity: 0.1, techFit: -0.1, wallet: 0.2, naics: '221122' },
  'Public Administration': { share: 0.02, propensity: -0.6, techFit: -0.4, wallet: -0.1, naics: '921190' },
};

/** Country mix of the universe. */
export const COUNTRIES: Record<string, number> = {
  US: 0.44,
  GB: 0.08,
  DE: 0.07,
  CA: 0.05,
  FR: 0.05,
  AU: 0.04,
  NL: 0.03,
  JP: 0.03,
  IN: 0.04,
  SG: 0.02,
  BR: 0.04,
  MX: 0.03,
  SE: 0.02,
  ES: 0.02,
  IT: 0.02,
  IE: 0.01,
  CH: 0.01,
};

/** True effect of the sales region on the propensity. */
export const REGION_EFFECTS: Record<string, number> = {
  'North America': 0.3,
  EMEA: 0.0,
  APAC: -0.3,
  LATAM: -0.5,
};

/** True slopes of the propensity model. */
export const SLOPES = { log10_employees: 0.85, tech_fit_score: 2.2 };

/** Target share of customers in the first snapshot. */
export const CUSTOMER_SHARE = 0.07;

/** State of a company at one snapshot. */
export interface Snapshot {
  exists: boolean;
  employees: number;
  revenue: number;
  techFit: number;
  propensity: number;
  wallet: number;
  customer: boolean;
  formerCustomer: boolean;
  spend: number;
}

/** One company of the universe. */
export interface Company {
  index: number;
  key: string;
  identity: CompanyIdentity;
  industry: string;
  country: string;
  region: string;
  foundedYear: number;
  employeeGrowth: number;
  walletNoise: number;
  shareOfWallet: number;
  /** Drawn once per company so both snapshots of the CRM render it the same way. */
  renderSeed: number;
  inMarketFile: boolean;
  snapshots: [Snapshot, Snapshot];
}

/** Mixes integers into a 32-bit seed (murmur3 finalizer). */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

function weighted(rng: Random, table: Record<string, number>): string {
  const keys = Object.keys(table);
  return keys[rng.weightedIndex(keys.map((k) => table[k] as number))] as string;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const clamp01 = (x: number): number => Math.min(0.999, Math.max(0.001, x));

/** The linear predictor of the true propensity model, without intercept. */
export function propensityScore(
  industry: string,
  region: string,
  employees: number,
  techFit: number,
): number {
  const ind = INDUSTRIES[industry]?.propensity ?? 0;
  return (
    SLOPES.log10_employees * Math.log10(employees) +
    SLOPES.tech_fit_score * techFit +
    ind +
    (REGION_EFFECTS[region] ?? 0)
  );
}

/** Simulates the universe: `baseCount` companies at the first snapshot, `newCount` appearing by the second. */
export function simulateWorld(
  seed: number,
  baseCount: number,
  newCount: number,
  vanishCount: number,
): { companies: Company[]; intercept: number } {
  const identities = new IdentityFactory();
  const companies: Company[] = [];
  const total = baseCount + newCount;
  const vanishRng = new Random(mixSeed(seed, 7));
  const vanishing = new Set(vanishRng.shuffle([...Array(baseCount).keys()]).slice(0, vanishCount));
  for (let i = 0; i < total; i++) {
    const rng = new Random(mixSeed(seed, i, 1));
    const industry = weighted(
      rng,
      Object.fromEntries(Object.entries(INDUSTRIES).map(([k, v]) => [k, v.share])),
    );
    const country = weighted(rng, COUNTRIES);
    const region = salesRegion(country) as string;
    const employees = Math.round(Math.min(400_000, Math.max(3, Math.exp(rng.normal(Math.log(80), 1.4)))));
    const revenuePerEmployee =
      { Information: 260e3, 'Finance & Insurance': 420e3, Manufacturing: 310e3, 'Retail Trade': 210e3 }[
        industry
      ] ?? 180e3;
    const revenueNoise = Math.exp(rng.normal(0, 0.45));
    const techFit = clamp01(sigmoid(rng.normal((INDUSTRIES[industry] as { techFit: number }).techFit, 1.1)));
    const walletNoise = rng.normal(0, 0.35);
    // Share of wallet ~ Beta(2, 4): the 2nd smallest of 5 uniforms.
    const uniforms = [rng.uniform(), rng.uniform(), rng.uniform(), rng.uniform(), rng.uniform()].sort(
      (a, b) => a - b,
    );
    const company: Company = {
      index: i,
      key: `C${String(i + 1).padStart(6, '0')}`,
      identity: identities.next(rng, industry, country),
      industry,
      country,
      region,
      foundedYear: Math.round(Math.min(2025, 2026 - Math.exp(rng.normal(Math.log(25), 0.8)))),
      employeeGrowth: rng.normal(0.05, 0.15),
      walletNoise,
      shareOfWallet: uniforms[1] as number,
      renderSeed: mixSeed(seed, i, 2),
      inMarketFile: new Random(mixSeed(seed, i, 3)).bernoulli(0.92),
      snapshots: [
        {
          exists: i < baseCount,
          employees,
          revenue: Math.round(employees * revenuePerEmployee * revenueNoise),
          techFit,
          propensity: 0,
          wallet: 0,
          customer: false,
          formerCustomer: false,
          spend: 0,
        },
        {
          exists: !vanishing.has(i),
          employees: 0,
          revenue: 0,
          techFit: 0,
          propensity: 0,
          wallet: 0,
          customer: false,
          formerCustomer: false,
          spend: 0,
        },
      ],
    };
    const [s1, s2] = company.snapshots;
    s2.employees = Math.max(1, Math.round(employees * Math.exp(company.employeeGrowth / 2)));
    s2.revenue = Math.round(s1.revenue * (s2.employees / employees) * Math.exp(rng.normal(0.02, 0.05)));
    // Planted drift: tech adoption rises in the industries that adopt first.
    const drift = industry === 'Information' || industry === 'Finance & Insurance' ? 0.06 : 0.01;
    s2.techFit = clamp01(techFit + rng.normal(drift, 0.03));
    s1.wallet = Math.round(
      1500 * employees ** 0.85 * Math.exp((INDUSTRIES[industry] as { wallet: number }).wallet + walletNoise),
    );
    s2.wallet = Math.round(s1.wallet * (s2.employees / employees) ** 0.85);
    companies.push(company);
  }

  // Calibrate the intercept so that the expected customer share at the first snapshot is CUSTOMER_SHARE.
  const base = companies.filter((c) => c.snapshots[0].exists);
  const scores = base.map((c) =>
    propensityScore(c.industry, c.region, c.snapshots[0].employees, c.snapshots[0].techFit),
  );
  let lo = -20;
  let hi = 5;
  for (let it = 0; it < 100; it++) {
    const mid = (lo + hi) / 2;
    const mean = scores.reduce((s, z) => s + sigmoid(mid + z), 0) / scores.length;
    if (mean > CUSTOMER_SHARE) hi = mid;
    else lo = mid;
  }
  const intercept = Math.round(((lo + hi) / 2) * 1e4) / 1e4;

  for (const c of companies) {
    const rng = new Random(mixSeed(seed, c.index, 4));
    const [s1, s2] = c.snapshots;
    s1.propensity = sigmoid(intercept + propensityScore(c.industry, c.region, s1.employees, s1.techFit));
    s2.propensity = sigmoid(intercept + propensityScore(c.industry, c.region, s2.employees, s2.techFit));
    if (s1.exists) {
      s1.customer = rng.bernoulli(s1.propensity);
      if (s1.customer) s1.spend = Math.round(s1.wallet * c.shareOfWallet);
      if (s2.exists) {
        if (s1.customer) {
          const churn = rng.bernoulli(0.06);
          s2.customer = !churn;
          s2.formerCustomer = churn;
          if (!churn) s2.spend = Math.min(s2.wallet, Math.round(s1.spend * Math.exp(rng.normal(0.04, 0.12))));
        } else {
          s2.customer = rng.bernoulli(0.25 * s2.propensity);
          if (s2.customer) s2.spend = Math.round(s2.wallet * c.shareOfWallet * 0.5);
        }
      }
    } else {
      s2.customer = rng.bernoulli(0.3 * s2.propensity);
      if (s2.customer) s2.spend = Math.round(s2.wallet * c.shareOfWallet * 0.5);
    }
  }
  return { companies, intercept };
}
