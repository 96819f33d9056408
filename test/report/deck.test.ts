/**
 * The executive deck and the sales-ops workbook. The deck is opened as the zip it is, with its slides, titles, images and native tables counted; the
 * same bytes for the same run. Opening it in LibreOffice is in the slow lane (deck-libreoffice.slow.test.ts).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { formatCount, formatMoney } from '../../src/core/format.ts';
import { loadTable } from '../../src/data/load.ts';
import { buildDeck, DECK_CHARTS } from '../../src/report/deck.ts';
import { tempDir } from '../helpers.ts';
import { runCli } from '../cli/run-cli.ts';
import { sampleRunCopy } from '../sample-runs.ts';
import { slides } from './deck-slides.ts';

const dir = tempDir();
const run = sampleRunCopy('may');

describe('segment deck', () => {
  it('writes title, summary, quadrant cards, one slide per key chart, top-account tables and the appendix', async () => {
    const result = await runCli(['deck', run]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`wrote ${join(run, 'deck.pptx')}\n`);
    const deck = await slides(readFileSync(join(run, 'deck.pptx')));
    const titles = deck.texts.map((t) => t[0]);
    expect(titles[0]).toBe('Account segmentation');
    // Every slide has speaker notes (its method and numbers; the chart slides the chart's whole subtitle).
    const zip = await JSZip.loadAsync(readFileSync(join(run, 'deck.pptx')));
    const notes = Object.keys(zip.files).filter((n) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(n));
    expect(notes).toHaveLength(deck.texts.length);
    const planNotes = await (zip.files['ppt/notesSlides/notesSlide2.xml'] as JSZip.JSZipObject).async(
      'string',
    );
    expect(planNotes).toContain('Method: reps = accounts ÷ accounts per rep');
    expect(deck.texts[0]).toContain('Bundled sample, 2026-05');
    // The plan leads: the one reps figure (coverage.json's), what it covers.
    expect(titles[1]).toBe('271 reps cover 100% of the opportunity');
    expect(deck.texts[1]?.join(' ')).toContain('Reps needed to cover every account: 271 — ');
    expect(titles[2]).toMatch(/^\$1\.3B of whitespace across 20,000 accounts$/);
    expect(titles[3]).toMatch(/^ROAD quadrants/);
    expect(deck.texts[3]?.join(' ')).toMatch(/Develop — 340 accounts.*Strategic farming/);
    // The chart slides carry the chart's own takeaway, e.g. "Acquire holds 83% of the whitespace …".
    expect(titles[4]).toMatch(/^Acquire holds \d+% of the whitespace/);
    // One slide per key chart the run has (product-line and scenario charts only in runs that have them).
    const charts = DECK_CHARTS.filter((name) => existsSync(join(run, 'charts', `${name}.png`)));
    expect(charts.length).toBeGreaterThanOrEqual(DECK_CHARTS.length - 2);
    expect(deck.images).toBe(charts.length);
    expect(deck.tables).toBe(4);
    expect(
      titles.filter((t) => /^Top (Develop|Acquire) accounts by opportunity$/.test(t ?? '')),
    ).toHaveLength(2);
    // Retain is about keeping what is spent: ranked by spend × (1 − p_alive), its money columns spend and p_alive.
    const retain = deck.texts[titles.indexOf('Top Retain accounts by spend at risk')] ?? [];
    expect(retain).toContain('Still buying');
    // The value slide quotes the spend at risk computed here from segments.csv.
    const segments = await loadTable(join(run, 'segments.csv'));
    const [spend, alive] = [segments.frame.numbers('current_spend'), segments.frame.numbers('p_alive')];
    const atRisk = Array.from(alive).reduce((s, p, i) => (Number.isNaN(p) ? s : s + spend[i]! * (1 - p)), 0);
    const valueSlide = titles.findIndex((t) => /of current spend is at risk$/.test(t ?? ''));
    expect(titles[valueSlide]).toBe(`${formatMoney(atRisk, 'USD')} of current spend is at risk`);
    expect(deck.texts[valueSlide]).toContain('Customer to save');
    expect(titles.at(-2)).toBe('Appendix: method');
    expect(titles.at(-1)).toMatch(/^Appendix: \d+ data notes to read before acting$/);
    expect(deck.texts.length).toBe(4 + charts.length + 3 + 1 + 2); // title, plan, summary, quadrants; charts; tops; value; appendix
  }, 60_000);

  it('gives the same bytes for the same run folder, and refuses a folder that is not a run', async () => {
    const [a, b] = [await buildDeck(run), await buildDeck(run)];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const missing = await runCli(['deck', join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});

describe('segment workbook', () => {
  it('a summary, one sheet per quadrant and per queue; frozen header, filters, $ formats; hostile names stay text', async () => {
    // The sample's accounts with three names a spreadsheet would run as formulas.
    const hostileDir = tempDir();
    const accounts = readFileSync('data/sample/2026-05/accounts.csv', 'utf8').split('\n');
    const hostile = [
      '=HYPERLINK("http://evil.example","x")',
      '+cmd|calc',
      '@SUM(A1:A9)',
      'Ctrl\u0001Chars\u001f Inc',
      'Not\uFFFEXML GmbH',
    ];
    for (let i = 0; i < hostile.length; i++) {
      const fields = (accounts[i + 1] as string).split(',');
      fields[1] = `"${(hostile[i] as string).replaceAll('"', '""')}"`;
      accounts[i + 1] = fields.join(',');
    }
    writeFileSync(join(hostileDir, 'accounts.csv'), accounts.join('\n'));
    const inputs = Object.fromEntries(
      ['market', 'opportunities', 'spend', 'engagement'].map((r) => [
        r,
        resolve(`data/sample/2026-05/${r}.csv`),
      ]),
    );
    writeFileSync(
      join(hostileDir, 'study.json'),
      JSON.stringify({
        inputs: { ...inputs, accounts: join(hostileDir, 'accounts.csv') },
        outputs: { deck: true }, // the workbook: by the command below (the slow lane covers the study's own)
      }),
    );
    const hostileRun = join(hostileDir, 'run');
    expect(
      (await runCli(['study', '--config', join(hostileDir, 'study.json'), '--out', hostileRun])).code,
    ).toBe(0);
    const out = join(hostileDir, 'segments.xlsx');
    const result = await runCli(['workbook', hostileRun, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^wrote .*segments\.xlsx \(\d+ sheets\)\n$/);

    const zip = await JSZip.loadAsync(readFileSync(out));
    const sheetsXml = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))
        .map((n) => (zip.files[n] as JSZip.JSZipObject).async('string')),
    );
    expect(sheetsXml.some((x) => /<f[ >]/.test(x))).toBe(false); // no formula anywhere

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const names = workbook.worksheets.map((w) => w.name);
    expect(names.slice(0, 5)).toEqual(['Summary', 'Develop', 'Retain', 'Acquire', 'Opportunistic']);
    // Then a sheet per named rep (the "reps needed" plan names them all), then the new-lead queues.
    const repSheets = names.filter((n) => n.startsWith('Rep '));
    expect(repSheets[0]).toBe('Rep Develop rep 01');
    expect(names.slice(5 + repSheets.length).every((n) => n.startsWith('Queue '))).toBe(true);
    const develop = workbook.getWorksheet('Develop') as ExcelJS.Worksheet;
    expect(develop.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(develop.autoFilter).toBeDefined();
    const headers = (develop.getRow(1).values as unknown[]).slice(1);
    // One owner per account: the territory's; the routing queue is labelled as where new leads go.
    expect(headers).toEqual(
      expect.arrayContaining(['Owner', 'New-lead queue', 'Tier', 'Motion', 'Why this fit']),
    );
    expect(headers).not.toContain('Queue rep');
    const column = (header: string) => headers.indexOf(header) + 1;
    expect(develop.getRow(2).getCell(column('Opportunity')).numFmt).toBe('"$"#,##0');
    // Accounts largest opportunity first, then a totals row: the accounts counted, the money summed.
    const rows = develop.rowCount;
    const opportunities = develop.getColumn(column('Opportunity')).values.slice(2, rows) as number[];
    expect(opportunities).toEqual([...opportunities].sort((a, b) => b - a));
    const total = develop.getRow(rows);
    expect(total.getCell(1).value).toBe(`Total: ${formatCount(rows - 2)} accounts`);
    expect(total.getCell(column('Opportunity')).value).toBeCloseTo(
      opportunities.reduce((s, v) => s + v, 0),
      6,
    );
    // A rep's sheet holds exactly the accounts it owns.
    const rep = workbook.getWorksheet(repSheets[0] as string) as ExcelJS.Worksheet;
    const owners = rep.getColumn(column('Owner')).values.slice(2, rep.rowCount) as string[];
    expect(new Set(owners)).toEqual(new Set(['Develop rep 01']));
    const texts = workbook.worksheets.flatMap((w) =>
      w.getColumn(2).values.filter((v): v is string => typeof v === 'string'),
    );
    for (const name of hostile.slice(0, 3)) expect(texts).toContain(`'${name}`); // neutralized, as in segments.csv
    // Characters XML 1.0 forbids never reach an XML part of the workbook, the deck or a chart.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
    for (const file of [out, join(hostileRun, 'deck.pptx')]) {
      const parts = await JSZip.loadAsync(readFileSync(file));
      for (const name of Object.keys(parts.files).filter((n) => n.endsWith('.xml'))) {
        const xml = await (parts.files[name] as JSZip.JSZipObject).async('string');
        expect({ file, name, bad: forbidden.test(xml) }).toEqual({ file, name, bad: false });
      }
    }
    for (const svg of readdirSync(join(hostileRun, 'charts')).filter((f) => f.endsWith('.svg')))
      expect(forbidden.test(readFileSync(join(hostileRun, 'charts', svg), 'utf8'))).toBe(false);
    const summary = workbook.getWorksheet('Summary') as ExcelJS.Worksheet;
    const quadrantRows = [4, 5, 6, 7].map((r) => summary.getRow(r).getCell(1).value);
    expect(new Set(quadrantRows)).toEqual(new Set(['Develop', 'Retain', 'Acquire', 'Opportunistic']));
    // The summary reconciles every account of segments.csv (with any without a quadrant and why).
    const labels = (summary.getColumn(1).values as unknown[]).map(String);
    const totalRow = summary.getRow(labels.indexOf('Total'));
    expect(totalRow.getCell(3).value).toBe(20_000);
    expect(labels.filter((l) => l === 'Rep')).toHaveLength(1); // the reps table's header
    // The one reps figure, as coverage.json, the report and the deck give it.
    expect(labels).toContain('Reps needed to cover every account: 271.');
  }, 120_000);
});
