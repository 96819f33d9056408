/**
 * Whitespace by motion and product line: hand-worked splits, a spend export with a blank line, and the sample's
 * planted product lines (ground truth: which lines each customer has adopted, and each line's true wallet).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTable } from '../../src/data/load.ts';
import { lineColumn, splitWhitespace } from '../../src/segment/whitespace-split.ts';
import { runCli } from '../cli/run-cli.ts';
import { bundledConfigWith, tempDir } from '../helpers.ts';
import { sampleRuns } from '../sample-runs.ts';

const f = (...v: number[]) => Float64Array.from(v);

describe('splitWhitespace', () => {
  it('a customer: upsell in the lines it buys, cross-sell in the others, by their whitespace', () => {
    // Account 0 buys Platform (line whitespace 20) and not Analytics (60): 100 → 25 upsell, 75 cross-sell.
    // Account 1 is a prospect: all 40 is new logo, split 1:3 by line.
    // Account 2 is a customer whose lines show no whitespace: its 10 goes by its line spend (all Platform).
    const split = splitWhitespace(
      ['Platform', 'Analytics'],
      f(100, 40, 10),
      f(1, 0, 1),
      [f(50, 0, 30), f(0, 0, 0)],
      [f(20, 5, 0), f(60, 15, 0)],
    );
    expect([...split.upsell]).toEqual([25, 0, 10]);
    expect([...split.crossSell]).toEqual([75, 0, 0]);
    expect([...split.newLogo]).toEqual([0, 40, 0]);
    expect(split.byLine.map((l) => [...l])).toEqual([
      [25, 10, 10],
      [75, 30, 0],
    ]);
    expect(split.totals).toEqual([
      { motion: 'New logo', line: 'Platform', whitespace: 10 },
      { motion: 'New logo', line: 'Analytics', whitespace: 30 },
      { motion: 'Upsell', line: 'Platform', whitespace: 35 },
      { motion: 'Cross-sell', line: 'Analytics', whitespace: 75 },
    ]);
  });

  it('unknown whitespace stays unknown in every part', () => {
    const split = splitWhitespace(['A'], f(Number.NaN), f(1), [f(5)], [f(3)]);
    expect([split.newLogo[0], split.upsell[0], split.crossSell[0], split.byLine[0]?.[0]]).toEqual([
      Number.NaN,
      Number.NaN,
      Number.NaN,
      Number.NaN,
    ]);
  });

  it('names line columns safely', () => {
    expect(lineColumn('Data & AI')).toBe('whitespace_line_data_ai');
  });
});

describe('a spend export by product line (Salesforce Assets / Zuora-style subscription lines)', () => {
  it('a blank product line is one error naming file, row and column; nothing is written', async () => {
    const dir = tempDir();
    const spend = join(dir, 'subscriptions.csv');
    const sample = readFileSync('data/sample/2026-05/spend.csv', 'utf8').split('\n');
    // The third data row loses its product line, as when an asset has no product family in the export.
    sample[3] = (sample[3] as string).replace(/,(Platform|Analytics|Security|Services),/, ',,');
    writeFileSync(spend, sample.join('\n'));
    const config = bundledConfigWith('sample-60-reps.json', {});
    const study = JSON.parse(readFileSync(config, 'utf8')) as { inputs: Record<string, string> };
    writeFileSync(config, JSON.stringify({ ...study, inputs: { ...study.inputs, spend } }));
    const run = await runCli(['study', '--config', config, '--out', join(dir, 'run')]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/subscriptions\.csv, row 3, column "product_line": the product line is blank/);
    expect(() => readFileSync(join(dir, 'run', 'manifest.json'))).toThrow();
  }, 120_000);
});

describe('the sample with product lines planted', () => {
  it('splits whitespace by motion and line, adding up, and recovers the planted cross-sell', async () => {
    const run = sampleRuns().sixtyReps;
    const seg = (await loadTable(join(run, 'segments.csv'), { textColumns: ['account_id'] })).frame;
    const lines = ['Platform', 'Analytics', 'Security', 'Services'];
    const col = (name: string) => seg.numbers(name);
    const w = col('whitespace');
    const newLogo = col('whitespace_new_logo');
    const upsell = col('whitespace_upsell');
    const cross = col('whitespace_cross_sell');
    const byLine = lines.map((l) => col(lineColumn(l)));
    for (let i = 0; i < seg.numRows; i++) {
      if (Number.isNaN(w[i] as number)) continue;
      // Each part is written rounded to cents: the sums agree to a few cents.
      expect(
        Math.abs((newLogo[i] as number) + (upsell[i] as number) + (cross[i] as number) - (w[i] as number)),
      ).toBeLessThan(0.03);
      expect(Math.abs(byLine.reduce((s, l) => s + (l[i] as number), 0) - (w[i] as number))).toBeLessThan(
        0.05,
      );
    }
    const road = JSON.parse(readFileSync(join(run, 'road.json'), 'utf8')) as {
      whitespaceByMotion: { motion: string; line: string; whitespace: number }[];
    };
    const total = w.reduce((s, v) => s + (Number.isNaN(v) ? 0 : v), 0);
    expect(road.whitespaceByMotion.reduce((s, t) => s + t.whitespace, 0)).toBeCloseTo(total, -2);

    // Truth: per customer and line, adopted or not, and the line's true wallet.
    const truth = (
      await loadTable('data/sample/ground-truth/product-lines-2026-05.csv', {
        textColumns: ['account_id', 'product_line'],
      })
    ).frame;
    const rowOf = new Map(seg.strings('account_id').map((a, i) => [a, i]));
    const adopted = new Map<string, boolean[]>();
    const trueCross = new Map<string, number>();
    truth.strings('account_id').forEach((a, k) => {
      const line = truth.strings('product_line')[k] as string;
      const isAdopted = truth.numbers('adopted')[k] === 1;
      adopted.set(a as string, [...(adopted.get(a as string) ?? []), isAdopted]);
      if (!isAdopted)
        trueCross.set(line, (trueCross.get(line) ?? 0) + (truth.numbers('true_line_wallet')[k] as number));
    });
    // Every customer with a line it has not adopted (and whitespace) shows cross-sell; one with all four none.
    let checked = 0;
    for (const [account, lineAdopted] of adopted) {
      const i = rowOf.get(account);
      if (i === undefined || Number.isNaN(w[i] as number)) continue;
      checked++;
      if (lineAdopted.every(Boolean)) expect(cross[i]).toBe(0);
      else if ((w[i] as number) > 0) expect(cross[i]).toBeGreaterThan(0);
    }
    expect(checked).toBeGreaterThan(1300);
    // The cross-sell's mix by line matches the planted one (the true wallet of the lines not adopted).
    const ours = road.whitespaceByMotion.filter((t) => t.motion === 'Cross-sell');
    const oursTotal = ours.reduce((s, t) => s + t.whitespace, 0);
    const truthTotal = [...trueCross.values()].reduce((s, v) => s + v, 0);
    for (const line of ['Analytics', 'Security', 'Services']) {
      const share = (ours.find((t) => t.line === line)?.whitespace ?? 0) / oursTotal;
      expect(Math.abs(share - (trueCross.get(line) as number) / truthTotal)).toBeLessThan(0.03);
    }
    expect(ours.find((t) => t.line === 'Platform')).toBeUndefined(); // every customer buys Platform
    const crm = readFileSync(join(run, 'crm-export.csv'), 'utf8').split('\n')[0] as string;
    expect(crm).toContain('Whitespace_Upsell__c');
    expect(crm).toContain('Whitespace_Cross_Sell__c');
    const html = readFileSync(join(run, 'report.html'), 'utf8');
    expect(html).toContain('data-table="whitespace-motions"');
    expect(readFileSync(join(run, 'charts', 'whitespace-by-motion.png')).length).toBeGreaterThan(10_000);
  }, 180_000);
});
