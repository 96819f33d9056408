import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSample } from '../data/generator/generate.ts';
import { tempDir } from './helpers.ts';

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('sample-data generator', () => {
  it('reproduces the committed sample byte for byte', async () => {
    const dir = tempDir();
    await generateSample(dir, 20260524, 20000);
    const fresh = listFiles(dir)
      .map((f) => relative(dir, f))
      .sort();
    const committed = listFiles('data/sample')
      .map((f) => relative('data/sample', f))
      .sort();
    expect(fresh).toEqual(committed);
    for (const file of fresh) {
      expect({
        file,
        same: readFileSync(join(dir, file)).equals(readFileSync(join('data/sample', file))),
      }).toEqual({ file, same: true });
    }
  });

  it('gives a different universe for a different seed', async () => {
    const a = tempDir();
    const b = tempDir();
    await generateSample(a, 1, 300);
    await generateSample(b, 2, 300);
    expect(readFileSync(join(a, '2026-05/accounts.csv'), 'utf8')).not.toBe(
      readFileSync(join(b, '2026-05/accounts.csv'), 'utf8'),
    );
  });

  it('plants a realistic market: ~7% customers, heavy-tailed sizes, spend tied to the wallet', () => {
    const lines = readFileSync('data/sample/ground-truth/accounts-2026-05.csv', 'utf8').trim().split('\n');
    const header = (lines[0] as string).split(',');
    const col = (name: string) => header.indexOf(name);
    const rows = lines.slice(1).map((l) => l.split(','));
    const customers = rows.filter((r) => r[col('is_customer')] === '1');
    expect(rows).toHaveLength(20000);
    expect(customers.length / rows.length).toBeGreaterThan(0.05);
    expect(customers.length / rows.length).toBeLessThan(0.1);
    const employees = rows.map((r) => Number(r[col('employees')])).sort((x, y) => x - y);
    const median = employees[employees.length / 2] as number;
    expect(employees[employees.length - 1]).toBeGreaterThan(100 * median);
    for (const r of customers)
      expect(Number(r[col('current_spend')])).toBeLessThanOrEqual(Number(r[col('true_wallet')]));
  });
});
