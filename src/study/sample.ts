/**
 * The bundled sample: the default inputs when `segment study` runs without a config.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StudyInputs } from '../segment/assemble.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The inputs of the bundled sample's first snapshot (absolute paths).
 *
 * @example
 * sampleInputs().accounts; // '/…/data/sample/2026-05/accounts.csv'
 */
export function sampleInputs(): StudyInputs {
  const sample = (file: string) => resolve(REPO, 'data/sample/2026-05', file);
  return {
    accounts: sample('accounts.csv'),
    market: sample('market.csv'),
    opportunities: sample('opportunities.csv'),
    spend: sample('spend.csv'),
    engagement: sample('engagement.csv'),
  };
}
