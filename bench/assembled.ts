/**
 * A seeded assembled accounts table for the `--engine duckdb` benchmark: one row per account with the columns of
 * `segments.csv` up to `is_customer` (id, name, industry, country, region, employees, revenue, two enrichment
 * scores, current spend, is_customer). Customers (~5 %) follow a logistic model of size, tech fit and industry;
 * their spend grows with employees.
 *   tsx bench/assembled.ts <out.csv> <rows> [seed]
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Random } from '../src/core/random.ts';

const INDUSTRIES = [
  'Information',
  'Finance & Insurance',
  'Manufacturing',
  'Health Care',
  'Retail Trade',
  'Professional Services',
  'Construction',
  'Utilities',
];
const INDUSTRY_EFFECT = [0.9, 0.5, 0.2, 0.3, -0.4, 0.4, -0.6, -0.2];
const COUNTRIES: readonly (readonly [string, string])[] = [
  ['US', 'North America'],
  ['CA', 'North America'],
  ['GB', 'EMEA'],
  ['DE', 'EMEA'],
  ['FR', 'EMEA'],
  ['NL', 'EMEA'],
  ['JP', 'APAC'],
  ['AU', 'APAC'],
  ['IN', 'APAC'],
  ['BR', 'LATAM'],
];

function row(random: Random, i: number): string {
  const employees = Math.max(1, Math.round(10 ** random.normal(1.9, 0.7)));
  const revenue = Math.round(employees * 10 ** random.normal(5.2, 0.3));
  const industry = random.int(INDUSTRIES.length);
  const [country, region] = COUNTRIES[random.int(COUNTRIES.length)] as readonly [string, string];
  const techFit = Math.round(random.uniform() * 1000) / 1000;
  const intent = random.int(101);
  const eta = -5.2 + 0.8 * Math.log10(employees) + 2 * techFit + (INDUSTRY_EFFECT[industry] as number);
  const customer = random.uniform() < 1 / (1 + Math.exp(-eta));
  const spend = customer ? Math.round(employees * 150 * 10 ** random.normal(0, 0.3)) : 0;
  const missingSize = random.uniform() < 0.02;
  return `A${String(i).padStart(9, '0')},Company ${i},${INDUSTRIES[industry]},${country},${region},${missingSize ? '' : employees},${revenue},${techFit},${intent},${spend},${customer ? 1 : 0}\n`;
}

/** Writes `rows` accounts to `path` (seeded). */
export async function writeAssembledAccounts(path: string, rows: number, seed: number): Promise<void> {
  const random = new Random(seed);
  const out = createWriteStream(path);
  let buffer =
    'account_id,name,industry,country,region,employees,annual_revenue,tech_fit_score,intent_score,current_spend,is_customer\n';
  for (let i = 0; i < rows; i++) {
    buffer += row(random, i);
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

if (process.argv[1]?.endsWith('assembled.ts')) {
  const [path, rows, seed] = process.argv.slice(2);
  await writeAssembledAccounts(path as string, Number(rows), Number(seed ?? 42));
}
