/**
 * Seeded synthetic account files for benchmarks: `rows` accounts with an id, two text attributes,
 * 12 numeric firmographic/engagement features, a won flag and current spend (15 numeric columns).
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
];
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'CA', 'AU', 'JP', 'IN', 'BR', 'NL'];

/** Names of the 12 numeric features. */
export const FEATURES = [
  'log_employees',
  'log_revenue',
  'tech_fit',
  'intent',
  'web_visits',
  'email_clicks',
  'downloads',
  'growth',
  'age_years',
  'it_ratio',
  'cloud_score',
  'hiring_rate',
];

/** Writes the file and returns the true logistic coefficients used for `won`. */
export async function writeSyntheticAccounts(path: string, rows: number, seed: number): Promise<number[]> {
  const rng = new Random(seed);
  const beta = FEATURES.map((_, j) => (j % 3 === 0 ? 0.8 : j % 3 === 1 ? -0.4 : 0.2));
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`account_id,industry,country,${FEATURES.join(',')},won,current_spend\n`);
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const x = FEATURES.map(() => rng.normal());
    const z = -2.5 + x.reduce((s, v, j) => s + v * (beta[j] as number), 0);
    const won = rng.bernoulli(1 / (1 + Math.exp(-z))) ? 1 : 0;
    const spend = won ? Math.round(Math.exp(10 + 0.8 * (x[0] as number) + rng.normal(0, 0.5))) : 0;
    buffer += `A${String(i + 1).padStart(7, '0')},${rng.pick(INDUSTRIES)},${rng.pick(COUNTRIES)},${x.map((v) => v.toFixed(6)).join(',')},${won},${spend}\n`;
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  out.end();
  await once(out, 'finish');
  return beta;
}
