/**
 * The executive deck: opened as the zip it is, with its slides, titles, images and native tables counted; the
 * same bytes for the same run; and, where LibreOffice is installed (CI installs it), converted to PDF and PNG
 * pages as a VP's laptop would render it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDeck, DECK_CHARTS } from '../../src/report/deck.ts';
import { tempDir } from '../helpers.ts';
import { runCli } from '../cli/run-cli.ts';

const dir = tempDir();
const run = join(dir, 'run');
const hasLibreOffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].some((p) => existsSync(p));

beforeAll(async () => {
  expect((await runCli(['study', '--out', run])).code).toBe(0);
}, 120_000);

async function slides(bytes: Uint8Array): Promise<{ texts: string[][]; images: number; tables: number }> {
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files)
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
    .sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]));
  const xml = await Promise.all(names.map((n) => (zip.files[n] as JSZip.JSZipObject).async('string')));
  return {
    texts: xml.map((x) => [...x.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1] as string)),
    images: Object.keys(zip.files).filter((n) => /^ppt\/media\/.*\.png$/.test(n)).length,
    tables: xml.reduce((s, x) => s + (x.match(/<a:tbl>/g)?.length ?? 0), 0),
  };
}

describe('segment deck', () => {
  it('writes title, summary, quadrant cards, one slide per key chart, top-account tables and the appendix', async () => {
    const result = await runCli(['deck', run]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`wrote ${join(run, 'deck.pptx')}\n`);
    const deck = await slides(readFileSync(join(run, 'deck.pptx')));
    const titles = deck.texts.map((t) => t[0]);
    expect(titles[0]).toBe('Account segmentation');
    expect(deck.texts[0]).toContain('Bundled sample, 2026-05');
    expect(titles[1]).toMatch(/^\$1\.3B of whitespace across 20,000 accounts$/);
    expect(titles[2]).toMatch(/^ROAD quadrants/);
    expect(deck.texts[2]?.join(' ')).toMatch(/Develop — 340 accounts.*Strategic farming/);
    // The chart slides carry the chart's own takeaway, e.g. "Acquire holds 83% of the whitespace …".
    expect(titles[3]).toMatch(/^Acquire holds \d+% of the whitespace/);
    expect(deck.images).toBe(DECK_CHARTS.length);
    expect(deck.tables).toBe(3);
    expect(
      titles.filter((t) => /^Top (Develop|Acquire|Retain) accounts by opportunity$/.test(t ?? '')),
    ).toHaveLength(3);
    expect(titles.at(-2)).toBe('Appendix: method');
    expect(titles.at(-1)).toMatch(/^Appendix: \d+ data notes to read before acting$/);
    expect(deck.texts.length).toBe(3 + DECK_CHARTS.length + 3 + 2);
  }, 60_000);

  it('gives the same bytes for the same run folder, and refuses a folder that is not a run', async () => {
    const [a, b] = [await buildDeck(run), await buildDeck(run)];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const missing = await runCli(['deck', join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it.skipIf(!hasLibreOffice)(
    'opens in LibreOffice: one PDF page per slide, rendered to PNG',
    async () => {
      const out = tempDir();
      const deck = join(run, 'deck.pptx');
      if (!existsSync(deck)) expect((await runCli(['deck', run])).code).toBe(0);
      execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', out, deck], {
        stdio: 'ignore',
      });
      execFileSync('pdftoppm', ['-r', '40', '-png', join(out, 'deck.pdf'), join(out, 'slide')]);
      const pages = readdirSync(out).filter((f) => f.endsWith('.png'));
      const { texts } = await slides(readFileSync(deck));
      expect(pages).toHaveLength(texts.length);
    },
    120_000,
  );
});
