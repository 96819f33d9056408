/**
 * Generates the bundled sample: a realistic account universe at two snapshots six months apart
 * (messy CRM export, firmographic market file, opportunities, current spend, engagement) plus the
 * ground truth the tests check the cleanser and the models against.
 *
 *   npx tsx data/generator/generate.ts --out data/sample [--seed 20260524] [--companies 20000]
 *
 * Same seed → byte-identical files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Random } from '../../src/core/random.ts';
import { Frame, type ColumnInput } from '../../src/data/frame.ts';
import { frameToCsv } from '../../src/data/csv-format.ts';
import { salesforceId18 } from '../../src/segment/inputs/account-keys.ts';
import { LEGAL_SUFFIX_BY_COUNTRY } from './names.ts';
import {
  renderCountry,
  renderEmployees,
  renderIndustry,
  renderName,
  renderRevenue,
  renderWebsite,
  SIMPLE_SUFFIXES,
  type Intent,
  type Rendered,
} from './mess.ts';
import { adoptedLines, lineWallets, PRODUCT_LINES, splitSpend } from './product-lines.ts';
import { buyingProcess, repeatPurchases } from './purchases.ts';
import { INDUSTRIES, mixSeed, REGION_EFFECTS, SLOPES, simulateWorld, type Company } from './world.ts';

/** The two snapshot dates (period folders are named by their month). */
export const PERIODS = [
  { folder: '2026-05', date: '2026-05-31' },
  { folder: '2026-11', date: '2026-11-30' },
] as const;

const DAY = 86_400_000;
const dateOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const isoDay = (t: number): string => new Date(t).toISOString().slice(0, 10);

const OWNERS = [
  'Avery Chen',
  'Jordan Patel',
  'Morgan Schmidt',
  'Riley Okafor',
  'Casey Nguyen',
  'Taylor Rossi',
  'Jamie Dubois',
  'Quinn Larsen',
  'Drew Tanaka',
  'Sam Oliveira',
  'Alex Murphy',
  'Robin Kowalski',
  'Cameron Singh',
  'Parker Ito',
];

/** A Salesforce 18-character id (valid case-checksum suffix) with the object prefix (001 accounts, 006 opportunities). */
function sfId(prefix: string, n: number): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let body = '';
  let x = n;
  for (let i = 0; i < 10; i++) {
    body = alphabet[x % 62] + body;
    x = Math.floor(x / 62);
  }
  return salesforceId18(`${prefix}5g${body}`);
}

interface DuplicatePlan {
  id: string;
  rule: 'domain' | 'name';
}

interface CrmPlan {
  primaryId: string;
  createdDate: string;
  owner: string;
  duplicates: DuplicatePlan[];
}

type ColumnName = 'name' | 'domain' | 'industry' | 'country' | 'employees' | 'annual_revenue';
type Counts = Record<ColumnName, Record<Intent, number>>;

function emptyCounts(): Counts {
  const c = (): Record<Intent, number> => ({ valid: 0, approximate: 0, missing: 0, invalid: 0 });
  return { name: c(), domain: c(), industry: c(), country: c(), employees: c(), annual_revenue: c() };
}

const RATES = {
  primary: {
    domain: { missing: 0.07, invalid: 0.02 },
    industry: { missing: 0.06, invalid: 0.015 },
    country: { missing: 0.04, invalid: 0.01 },
    employees: { missing: 0.08, invalid: 0.01 },
    revenue: { missing: 0.15, invalid: 0.01 },
  },
  duplicate: {
    domain: { missing: 0, invalid: 0 },
    industry: { missing: 0.35, invalid: 0.02 },
    country: { missing: 0.3, invalid: 0.02 },
    employees: { missing: 0.4, invalid: 0.02 },
    revenue: { missing: 0.5, invalid: 0.02 },
  },
};

function planCrm(companies: Company[], seed: number, period1: number): CrmPlan[] {
  let next = 1;
  const plans: CrmPlan[] = [];
  for (const c of companies) {
    const rng = new Random(mixSeed(seed, c.index, 5));
    const firstSeen = c.snapshots[0].exists
      ? period1 - rng.uniform() * 7 * 365 * DAY
      : period1 + rng.uniform() * 180 * DAY;
    const plan: CrmPlan = {
      primaryId: sfId('001', next++),
      createdDate: isoDay(firstSeen),
      owner: rng.pick(OWNERS),
      duplicates: [],
    };
    if (rng.bernoulli(0.035)) {
      plan.duplicates.push({ id: sfId('001', next++), rule: rng.bernoulli(0.6) ? 'domain' : 'name' });
      if (rng.bernoulli(0.1))
        plan.duplicates.push({ id: sfId('001', next++), rule: rng.bernoulli(0.5) ? 'domain' : 'name' });
    }
    plans.push(plan);
  }
  return plans;
}

interface CrmOutput {
  rows: Record<string, string>[];
  counts: Counts;
  duplicateRecords: number;
  groups: { kept: string; members: string[]; rule: 'domain' | 'name+country' }[];
}

function renderCrm(companies: Company[], plans: CrmPlan[], period: 0 | 1, seed: number): CrmOutput {
  const counts = emptyCounts();
  const rows: Record<string, string>[] = [];
  const groups: CrmOutput['groups'] = [];
  let duplicateRecords = 0;
  const add = (column: ColumnName, r: Rendered): string => {
    counts[column][r.intent]++;
    return r.text;
  };
  for (const c of companies) {
    const s = c.snapshots[period];
    if (!s.exists) continue;
    const plan = plans[c.index] as CrmPlan;
    const rng = new Random(c.renderSeed);
    const hasNameDup = plan.duplicates.some((d) => d.rule === 'name');
    const hasDomainDup = plan.duplicates.some((d) => d.rule === 'domain');
    const suffixes = LEGAL_SUFFIX_BY_COUNTRY[c.country] ?? ['Inc.'];
    const nameMissing = !hasNameDup && rng.bernoulli(0.003);
    const name = nameMissing ? '' : renderName(rng, c.identity.baseName, suffixes);
    counts.name[nameMissing ? 'missing' : 'valid']++;
    const website = hasDomainDup
      ? renderWebsite(rng, c.identity.domain, { missing: 0, invalid: 0 })
      : renderWebsite(rng, c.identity.domain, RATES.primary.domain);
    const country = hasNameDup
      ? renderCountry(rng, c.country, { missing: 0, invalid: 0 })
      : renderCountry(rng, c.country, RATES.primary.country);
    const type = s.customer ? 'Customer' : s.formerCustomer ? 'Former Customer' : 'Prospect';
    const primary = {
      Id: plan.primaryId,
      'Account Name': name,
      Website: add('domain', website),
      Industry: add('industry', renderIndustry(rng, c.industry, RATES.primary.industry)),
      NumberOfEmployees: add('employees', renderEmployees(rng, s.employees, RATES.primary.employees, 0.03)),
      AnnualRevenue: add('annual_revenue', renderRevenue(rng, s.revenue, RATES.primary.revenue)),
      BillingCountry: add('country', country),
      Type: type,
      'Account Owner': plan.owner,
      CreatedDate: plan.createdDate,
    };
    rows.push(primary);
    let allHaveDomain = website.intent === 'valid';
    for (const dup of plan.duplicates) {
      const dupRng = new Random(mixSeed(c.renderSeed, dup.id.length, duplicateRecords + 1, period));
      const dupName =
        dup.rule === 'name'
          ? renderName(dupRng, c.identity.baseName, SIMPLE_SUFFIXES)
          : `${c.identity.baseName.split(' ')[0]} ${dupRng.pick(['(old)', 'Holdings', 'EMEA', 'Intl', 'Corp'])}`;
      counts.name.valid++;
      const dupWebsite =
        dup.rule === 'domain'
          ? renderWebsite(dupRng, c.identity.domain, RATES.duplicate.domain)
          : { text: '', intent: 'missing' as const };
      if (dupWebsite.intent !== 'valid') allHaveDomain = false;
      const dupCountry =
        dup.rule === 'name'
          ? renderCountry(dupRng, c.country, { missing: 0, invalid: 0 })
          : renderCountry(dupRng, c.country, RATES.duplicate.country);
      rows.push({
        Id: dup.id,
        'Account Name': dupName,
        Website: add('domain', dupWebsite),
        Industry: add('industry', renderIndustry(dupRng, c.industry, RATES.duplicate.industry)),
        NumberOfEmployees: add(
          'employees',
          renderEmployees(dupRng, s.employees, RATES.duplicate.employees, 0.05),
        ),
        AnnualRevenue: add('annual_revenue', renderRevenue(dupRng, s.revenue, RATES.duplicate.revenue)),
        BillingCountry: add('country', dupCountry),
        Type: 'Prospect',
        'Account Owner': dupRng.pick(OWNERS),
        CreatedDate: isoDay(
          Date.parse(`${plan.createdDate}T00:00:00Z`) + Math.round(dupRng.uniform() * 400) * DAY,
        ),
      });
      duplicateRecords++;
    }
    if (plan.duplicates.length > 0) {
      groups.push({
        kept: plan.primaryId,
        members: [plan.primaryId, ...plan.duplicates.map((d) => d.id)],
        rule: allHaveDomain ? 'domain' : 'name+country',
      });
    }
  }
  // CRM exports come in no particular order: shuffle deterministically.
  const order = new Random(mixSeed(seed, 11, period)).shuffle([...rows.keys()]);
  return { rows: order.map((i) => rows[i] as Record<string, string>), counts, duplicateRecords, groups };
}

interface Opportunity {
  id: string;
  company: number;
  accountId: string;
  type: 'New Business' | 'Expansion';
  amount: number;
  created: number;
  close: number;
  outcome: 'won' | 'lost' | 'open';
  openStage: string;
}

const OPEN_STAGES = ['Prospecting', 'Qualification', 'Proposal/Price Quote', 'Negotiation/Review'];

function salesCycleDays(rng: Random, employees: number): number {
  return Math.max(14, Math.round(Math.exp(rng.normal(Math.log(45) + 0.22 * Math.log(employees), 0.4))));
}

/** A customer's planted buying process (ground truth of the customer-value models). */
type BuyerTruth = {
  account_id: string;
  rate_per_month: number;
  dropout: number;
  mean_amount: number;
  /** 1 when it had not dropped out by the first snapshot. */
  alive_at_first_snapshot: number;
};

/** Opportunities as of each snapshot (the second list continues the first), and each customer's buying process. */
function simulateOpportunities(
  companies: Company[],
  plans: CrmPlan[],
  seed: number,
): [Opportunity[], Opportunity[], BuyerTruth[]] {
  const p1 = dateOf(PERIODS[0].date);
  const p2 = dateOf(PERIODS[1].date);
  let next = 1;
  const first: Opportunity[] = [];
  const second: Opportunity[] = [];
  const buyers: BuyerTruth[] = [];
  for (const c of companies) {
    const rng = new Random(mixSeed(seed, c.index, 6));
    const plan = plans[c.index] as CrmPlan;
    const accountIdFor = (): string =>
      plan.duplicates.length > 0 && rng.bernoulli(0.3)
        ? (rng.pick(plan.duplicates) as DuplicatePlan).id
        : plan.primaryId;
    const [s1, s2] = c.snapshots;
    const make = (
      type: Opportunity['type'],
      outcome: Opportunity['outcome'],
      close: number,
      share: [number, number],
      wallet: number,
      employees: number,
      minCreated = 0,
    ): Opportunity => {
      const created = Math.max(minCreated, close - salesCycleDays(rng, employees) * DAY);
      const amount = Math.max(
        1000,
        Math.round((wallet * (share[0] + rng.uniform() * (share[1] - share[0]))) / 100) * 100,
      );
      return {
        id: sfId('006', next++),
        company: c.index,
        accountId: accountIdFor(),
        type,
        amount,
        created,
        close,
        outcome,
        openStage: rng.pick(OPEN_STAGES),
      };
    };
    const history: Opportunity[] = [];
    const planted: Opportunity[] = [];
    if (s1.exists) {
      if (s1.customer) {
        const won = make(
          'New Business',
          'won',
          p1 - (30 + rng.uniform() * 1065) * DAY,
          [0.15, 0.35],
          s1.wallet,
          s1.employees,
        );
        if (rng.bernoulli(0.3))
          history.push(
            make(
              'New Business',
              'lost',
              won.created - (30 + rng.uniform() * 300) * DAY,
              [0.1, 0.4],
              s1.wallet,
              s1.employees,
            ),
          );
        history.push(won);
        // Repeat purchases follow the customer's planted buying process (purchases.ts) on their own random stream;
        // those after the first snapshot are won in the second one (open in the first when created before it).
        const buying = new Random(mixSeed(seed, c.index, 7));
        const process = buyingProcess(buying, s1.wallet);
        const { purchases, droppedAt } = repeatPurchases(buying, process, won.close, p2);
        buyers.push({
          account_id: plan.primaryId,
          rate_per_month: round(process.ratePerMonth, 6),
          dropout: round(process.dropout, 6),
          mean_amount: Math.round(process.meanAmount),
          alive_at_first_snapshot: droppedAt === null || droppedAt > p1 ? 1 : 0,
        });
        for (const { at, amount } of purchases) {
          const o = {
            ...make('Expansion', 'won', at, [0.05, 0.15], s1.wallet, s1.employees, won.close),
            amount,
          };
          if (at <= p1) history.push(o);
          else if (s2.exists && s2.customer) {
            planted.push(o);
            if (o.created <= p1) history.push({ ...o, outcome: 'open' });
          }
        }
        if (rng.bernoulli(0.2)) {
          const close = won.close + rng.uniform() * (p1 - won.close - DAY);
          history.push(make('Expansion', 'lost', close, [0.05, 0.15], s1.wallet, s1.employees, won.close));
        }
        if (rng.bernoulli(0.15)) {
          const o = make(
            'Expansion',
            'open',
            p1 + (15 + rng.uniform() * 105) * DAY,
            [0.05, 0.15],
            s1.wallet,
            s1.employees,
          );
          o.created = p1 - (1 + rng.uniform() * 170) * DAY;
          history.push(o);
        }
      } else {
        const lostChance = Math.min(0.6, 0.04 + 1.2 * s1.propensity);
        if (rng.bernoulli(lostChance)) {
          const n = rng.bernoulli(0.25) ? 2 : 1;
          for (let k = 0; k < n; k++)
            history.push(
              make(
                'New Business',
                'lost',
                p1 - (15 + rng.uniform() * 1080) * DAY,
                [0.1, 0.4],
                s1.wallet,
                s1.employees,
              ),
            );
        }
        if (rng.bernoulli(Math.min(0.5, 0.02 + 1.0 * s1.propensity))) {
          const o = make(
            'New Business',
            'open',
            p1 + (15 + rng.uniform() * 105) * DAY,
            [0.15, 0.35],
            s1.wallet,
            s1.employees,
          );
          o.created = p1 - (1 + rng.uniform() * 170) * DAY;
          history.push(o);
        }
      }
    }
    first.push(...history);
    if (!s2.exists) continue;
    // Six months later: open opportunities resolve, new customers are won, new pipeline appears.
    const later = history.map((o) => ({ ...o }));
    const newlyWon = s2.customer && !s1.customer;
    let wonOpen = false;
    const plantedIds = new Set(planted.map((o) => o.id));
    for (const o of later) {
      if (o.outcome !== 'open' || plantedIds.has(o.id)) continue;
      if (newlyWon && o.type === 'New Business' && !wonOpen) {
        o.outcome = 'won';
        o.close = p1 + (1 + rng.uniform() * 175) * DAY;
        wonOpen = true;
      } else if (o.type === 'Expansion' && s2.customer) {
        o.outcome = rng.bernoulli(0.6) ? 'won' : 'lost';
        o.close = p1 + (1 + rng.uniform() * 175) * DAY;
      } else if (rng.bernoulli(0.6)) {
        o.outcome = 'lost';
        o.close = p1 + (1 + rng.uniform() * 175) * DAY;
      } else o.close = p2 + (15 + rng.uniform() * 90) * DAY;
    }
    for (const o of planted) {
      const i = later.findIndex((l) => l.id === o.id);
      if (i >= 0) later[i] = o;
      else later.push(o);
    }
    if (newlyWon && !wonOpen)
      later.push(
        make(
          'New Business',
          'won',
          p1 + (10 + rng.uniform() * 170) * DAY,
          [0.15, 0.35],
          s2.wallet,
          s2.employees,
          p1 + DAY,
        ),
      );
    if (!s2.customer && !s2.formerCustomer && rng.bernoulli(Math.min(0.4, 0.01 + 0.6 * s2.propensity))) {
      const o = make(
        'New Business',
        rng.bernoulli(0.3) ? 'lost' : 'open',
        p1 + (20 + rng.uniform() * 160) * DAY,
        [0.15, 0.35],
        s2.wallet,
        s2.employees,
        p1 + DAY,
      );
      if (o.outcome === 'open') o.close = p2 + (15 + rng.uniform() * 100) * DAY;
      later.push(o);
    }
    second.push(...later);
  }
  return [first, second, buyers];
}

function opportunityRows(opps: Opportunity[], companies: Company[]): Record<string, string | number>[] {
  return opps
    .slice()
    .sort((a, b) => a.created - b.created || a.id.localeCompare(b.id))
    .map((o) => {
      const stage = o.outcome === 'won' ? 'Closed Won' : o.outcome === 'lost' ? 'Closed Lost' : o.openStage;
      return {
        Id: o.id,
        AccountId: o.accountId,
        Name: `${(companies[o.company] as Company).identity.baseName} - ${o.type}`,
        Type: o.type,
        StageName: stage,
        Amount: o.amount,
        CreatedDate: isoDay(o.created),
        CloseDate: isoDay(o.close),
        IsClosed: o.outcome === 'open' ? 'false' : 'true',
        IsWon: o.outcome === 'won' ? 'true' : 'false',
      };
    });
}

function toFrame(rows: readonly Record<string, string | number | null>[], columns: readonly string[]): Frame {
  const data: Record<string, ColumnInput> = {};
  for (const name of columns) {
    const values = rows.map((r) => r[name] ?? null);
    data[name] = values.every((v) => v === null || typeof v === 'number')
      ? (values as (number | null)[])
      : values.map((v) => (v === null ? null : String(v)));
  }
  return Frame.fromColumns(data);
}

/** The sample imitates raw exports: its text is written exactly as generated. */
const RAW = { neutralizeFormulas: false };

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Generates every sample file under `outDir`. */
export async function generateSample(outDir: string, seed: number, baseCount: number): Promise<void> {
  const newCount = Math.round(baseCount * 0.03);
  const vanishCount = Math.round(baseCount * 0.01);
  const { companies, intercept } = simulateWorld(seed, baseCount, newCount, vanishCount);
  const plans = planCrm(companies, seed, dateOf(PERIODS[0].date));
  const opportunities = simulateOpportunities(companies, plans, seed);
  const buyers = opportunities[2];
  const files: { path: string; content: string }[] = [
    {
      path: join('ground-truth', `purchases-${PERIODS[0].folder}.csv`),
      content: frameToCsv(toFrame(buyers, Object.keys(buyers[0] as object)), RAW),
    },
  ];

  for (const period of [0, 1] as const) {
    const { folder, date } = PERIODS[period];
    const crm = renderCrm(companies, plans, period, seed);
    files.push({
      path: join(folder, 'accounts.csv'),
      content: frameToCsv(toFrame(crm.rows, Object.keys(crm.rows[0] as object)), RAW),
    });

    const market = companies
      .filter((c) => c.snapshots[period].exists && c.inMarketFile)
      .map((c) => {
        const s = c.snapshots[period];
        const rng = new Random(mixSeed(seed, c.index, 8, period));
        return {
          domain: c.identity.domain,
          company_name: `${c.identity.baseName} ${(LEGAL_SUFFIX_BY_COUNTRY[c.country] ?? ['Inc.'])[0]}`,
          industry: c.industry,
          naics_code: (INDUSTRIES[c.industry] as { naics: string }).naics,
          hq_country: c.country,
          employees: s.employees,
          annual_revenue_usd: rng.bernoulli(0.03) ? null : s.revenue,
          founded_year: c.foundedYear,
          tech_fit_score: round(s.techFit, 3),
          cloud_adoption: s.techFit < 0.35 ? 'low' : s.techFit < 0.65 ? 'medium' : 'high',
          employee_growth_yoy_pct: round(c.employeeGrowth * 100, 1),
        };
      });
    files.push({
      path: join(folder, 'market.csv'),
      content: frameToCsv(toFrame(market, Object.keys(market[0] as object)), RAW),
    });

    files.push({
      path: join(folder, 'opportunities.csv'),
      content: frameToCsv(
        toFrame(opportunityRows(opportunities[period], companies), [
          'Id',
          'AccountId',
          'Name',
          'Type',
          'StageName',
          'Amount',
          'CreatedDate',
          'CloseDate',
          'IsClosed',
          'IsWon',
        ]),
        RAW,
      ),
    });

    const spend = companies
      .filter((c) => c.snapshots[period].customer)
      .map((c) => {
        const plan = plans[c.index] as CrmPlan;
        const rng = new Random(mixSeed(seed, c.index, 9, period));
        const id =
          plan.duplicates.length > 0 && rng.bernoulli(0.1)
            ? (plan.duplicates[0] as DuplicatePlan).id
            : plan.primaryId;
        const snapshot = c.snapshots[period];
        const parts = splitSpend(snapshot.spend, adoptedLines(seed, c.index, c.snapshots[0].techFit));
        return PRODUCT_LINES.flatMap((line, k) =>
          (parts[k] as number) > 0
            ? [{ account_id: id, annual_spend_usd: parts[k] as number, product_line: line.name, as_of: date }]
            : [],
        );
      })
      .flat();
    files.push({
      path: join(folder, 'spend.csv'),
      content: frameToCsv(toFrame(spend, ['account_id', 'annual_spend_usd', 'product_line', 'as_of']), RAW),
    });
    const lines = companies
      .filter((c) => c.snapshots[period].customer)
      .flatMap((c) => {
        const adopted = adoptedLines(seed, c.index, c.snapshots[0].techFit);
        const wallets = lineWallets(c.snapshots[period].wallet);
        return PRODUCT_LINES.map((line, k) => ({
          account_id: (plans[c.index] as CrmPlan).primaryId,
          product_line: line.name,
          adopted: adopted[k] ? 1 : 0,
          true_line_wallet: wallets[k] as number,
        }));
      });
    files.push({
      path: join('ground-truth', `product-lines-${folder}.csv`),
      content: frameToCsv(toFrame(lines, ['account_id', 'product_line', 'adopted', 'true_line_wallet']), RAW),
    });

    const engagement = companies
      .filter((c) => c.snapshots[period].exists)
      .flatMap((c) => {
        const s = c.snapshots[period];
        const rng = new Random(mixSeed(seed, c.index, 10, period));
        if (!rng.bernoulli(s.customer ? 0.95 : Math.min(0.9, 0.45 + 2 * s.propensity))) return [];
        const lambda = 2 + 60 * s.propensity + (s.customer ? 15 : 0);
        const visits = Math.max(0, Math.round(Math.exp(rng.normal(Math.log(lambda), 0.6))));
        const logit = Math.log(s.propensity / (1 - s.propensity));
        return [
          {
            account_id: (plans[c.index] as CrmPlan).primaryId,
            web_visits_90d: visits,
            content_downloads_90d: Math.max(0, Math.round(visits * rng.uniform() * 0.15)),
            email_clicks_90d: Math.max(
              0,
              Math.round(Math.exp(rng.normal(Math.log(1 + lambda / 6), 0.7)) - 1),
            ),
            intent_score: Math.round(100 / (1 + Math.exp(-(1.2 * logit + 2.0 + rng.normal(0, 0.8))))),
            last_activity_date: isoDay(dateOf(date) - Math.floor(rng.uniform() * 90) * DAY),
          },
        ];
      });
    files.push({
      path: join(folder, 'engagement.csv'),
      content: frameToCsv(toFrame(engagement, Object.keys(engagement[0] as object)), RAW),
    });

    const truth = companies
      .filter((c) => c.snapshots[period].exists)
      .map((c) => {
        const s = c.snapshots[period];
        const plan = plans[c.index] as CrmPlan;
        return {
          company_key: c.key,
          account_id: plan.primaryId,
          duplicate_ids: plan.duplicates.map((d) => d.id).join(';') || null,
          domain: c.identity.domain,
          industry: c.industry,
          country: c.country,
          region: c.region,
          employees: s.employees,
          annual_revenue: s.revenue,
          tech_fit_score: round(s.techFit, 3),
          in_market_file: c.inMarketFile ? 1 : 0,
          true_propensity: round(s.propensity, 6),
          is_customer: s.customer ? 1 : 0,
          true_wallet: s.wallet,
          current_spend: s.spend,
        };
      });
    files.push({
      path: join('ground-truth', `accounts-${folder}.csv`),
      content: frameToCsv(toFrame(truth, Object.keys(truth[0] as object)), RAW),
    });

    const planted = {
      period: folder,
      file: `${folder}/accounts.csv`,
      rows: crm.rows.length,
      accounts: crm.rows.length - crm.duplicateRecords,
      duplicate_records: crm.duplicateRecords,
      duplicate_groups: crm.groups.length,
      duplicate_groups_by_rule: {
        domain: crm.groups.filter((g) => g.rule === 'domain').length,
        'name+country': crm.groups.filter((g) => g.rule === 'name+country').length,
      },
      columns: Object.fromEntries(
        Object.entries(crm.counts).map(([column, c]) => [
          column,
          {
            valid: c.valid + c.approximate,
            missing: c.missing,
            invalid: c.invalid,
            approximated: c.approximate,
          },
        ]),
      ),
      groups: crm.groups,
    };
    files.push({
      path: join('ground-truth', `planted-${folder}.json`),
      content: `${JSON.stringify(planted, null, 2)}\n`,
    });
  }

  const industriesSorted = Object.keys(INDUSTRIES).sort();
  const regionsSorted = Object.keys(REGION_EFFECTS).sort();
  const refIndustry = industriesSorted[0] as string;
  const refRegion = regionsSorted[0] as string;
  const coefficients: Record<string, number> = {
    log10_employees: SLOPES.log10_employees,
    tech_fit_score: SLOPES.tech_fit_score,
  };
  for (const name of industriesSorted.slice(1))
    coefficients[`industry=${name}`] = round(
      (INDUSTRIES[name] as { propensity: number }).propensity -
        (INDUSTRIES[refIndustry] as { propensity: number }).propensity,
      6,
    );
  for (const name of regionsSorted.slice(1))
    coefficients[`region=${name}`] = round(
      (REGION_EFFECTS[name] as number) - (REGION_EFFECTS[refRegion] as number),
      6,
    );
  const propensity = {
    description:
      'True model of P(customer) at the first snapshot: logit p = intercept + sum(coefficient * x).',
    period: PERIODS[0].folder,
    target:
      'is_customer in ground-truth/accounts-2026-05.csv (equivalently: the account has a Closed Won opportunity, or Type = Customer)',
    features: {
      log10_employees: 'log10(employees) from market.csv (true employee count)',
      tech_fit_score: 'tech_fit_score from market.csv',
      industry: `industry from market.csv; one-hot with the first level in sorted order ("${refIndustry}") as reference`,
      region: `sales region of hq_country; one-hot with "${refRegion}" as reference`,
    },
    intercept: round(
      intercept +
        (INDUSTRIES[refIndustry] as { propensity: number }).propensity +
        (REGION_EFFECTS[refRegion] as number),
      6,
    ),
    coefficients,
    wallet:
      'true_wallet = 1500 * employees^0.85 * exp(industry effect + N(0, 0.35)); current_spend = true_wallet * share of wallet ~ Beta(2, 4)',
    seed,
  };
  files.push({
    path: join('ground-truth', 'propensity.json'),
    content: `${JSON.stringify(propensity, null, 2)}\n`,
  });

  for (const f of files) {
    await mkdir(join(outDir, f.path, '..'), { recursive: true });
    await writeFile(join(outDir, f.path), f.content);
  }
}

const invokedDirectly = process.argv[1] !== undefined && /generate\.ts$/.test(process.argv[1]);
if (invokedDirectly) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'data/sample' },
      seed: { type: 'string', default: '20260524' },
      companies: { type: 'string', default: '20000' },
    },
  });
  const started = Date.now();
  await generateSample(values.out, Number(values.seed), Number(values.companies));
  process.stdout.write(
    `wrote the sample to ${values.out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}
