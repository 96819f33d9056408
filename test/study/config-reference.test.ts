/**
 * The config reference (docs/config.md) is generated from the code: every key of StudyConfig with its type,
 * default and TSDoc. It must be the file the generator writes today, and name the keys users need most.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configKeys, configReference } from '../../scripts/config-reference.ts';

describe('docs/config.md', () => {
  it('is what npm run docs:config writes from the code (run it after changing a config slice)', () => {
    expect(readFileSync('docs/config.md', 'utf8')).toBe(configReference());
  }, 60_000);

  it('documents every key with its type and default, the money and role keys among them', () => {
    const keys = new Map(configKeys().map((k) => [k.key, k]));
    expect(keys.get('currency')).toMatchObject({ type: 'string', default: '"USD"' });
    expect(keys.get('mapping.technologies.minAccounts')).toMatchObject({ type: 'number', default: '20' });
    expect(keys.get('mapping.market.precedence')).toMatchObject({
      type: '"crm" | "market"',
      default: '"crm"',
    });
    for (const key of ['fx', 'asOf', 'roles', 'mapping.spend.windowMonths', 'hierarchy.parentKey'])
      expect(keys.get(key)?.description).not.toBe('');
    expect(configKeys().length).toBeGreaterThan(150);
  }, 60_000);
});
