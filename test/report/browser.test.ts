import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumExecutable, launchChromium } from '../../src/report/browser.ts';
import { buildReportHtml } from '../../src/report/html.ts';
import { STUDY_CHARTS } from '../expected-run.ts';
import { tempDir } from '../helpers.ts';
import { runCli } from '../cli/run-cli.ts';
import { sampleRunCopy } from '../sample-runs.ts';

const dir = tempDir();
const run = sampleRunCopy('may');
let context: BrowserContext;

interface Visit {
  page: Page;
  errors: string[];
  external: string[];
  dialogs: string[];
}

async function open(file: string): Promise<Visit> {
  const page = await context.newPage();
  const visit: Visit = { page, errors: [], external: [], dialogs: [] };
  page.on('console', (m) => m.type() === 'error' && visit.errors.push(m.text()));
  page.on('pageerror', (e) => visit.errors.push(e.message));
  page.on('request', (r) => !/^(file|data|blob):/.test(r.url()) && visit.external.push(r.url()));
  page.on('dialog', async (d) => {
    visit.dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto(pathToFileURL(file).href);
  await page.evaluate(() => (globalThis as unknown as { __chartsReady: Promise<unknown> }).__chartsReady);
  return visit;
}

/**
 * Run in the page: every visible chart label (SVG text; Vega hides colliding axis labels with opacity 0) that
 * leaves its chart's SVG or overlaps another label, by the boxes the browser laid out (a string: the test's
 * TypeScript has no DOM types).
 */
const LABEL_PROBLEMS = `(() => {
  const found = [];
  for (const chart of document.querySelectorAll('.chart')) {
    const svg = chart.querySelector('svg');
    if (!svg) continue;
    const frame = svg.getBoundingClientRect();
    const name = chart.getAttribute('data-chart');
    const labels = [...svg.querySelectorAll('text')]
      .filter((t) => (t.textContent || '').trim() !== '' && getComputedStyle(t).opacity !== '0')
      .map((t) => ({ text: t.textContent, box: t.getBoundingClientRect() }));
    for (const { text, box } of labels)
      if (box.left < frame.left - 1 || box.right > frame.right + 1 || box.top < frame.top - 1 || box.bottom > frame.bottom + 1)
        found.push(name + ': "' + text + '" leaves the chart');
    labels.forEach((a, i) => labels.slice(i + 1).forEach((b) => {
      const width = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
      const height = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
      if (width > 1 && height > 1) found.push(name + ': "' + a.text + '" overlaps "' + b.text + '"');
    }));
  }
  return found;
})()`;

beforeAll(async () => {
  context = await launchChromium(); // /usr/bin/chromium when installed, else the npm-shipped one
}, 120_000);

afterAll(async () => {
  await context?.close();
});

describe('report.html in a real browser (offline)', () => {
  it('renders every chart with the marks of its data, quadrant labels, a tooltip on hover, no errors, no network', async () => {
    const { page, errors, external } = await open(join(run, 'report.html'));
    const chartErrors = await page.evaluate(
      () => (globalThis as unknown as { __chartErrors: string[] }).__chartErrors,
    );
    expect(chartErrors).toEqual([]);
    const charts = await page.evaluate(() =>
      Object.keys((globalThis as unknown as { __views: object }).__views).sort(),
    );
    expect(charts).toEqual([...STUDY_CHARTS].sort());
    // Scenegraph: the ROAD scatter draws one symbol per account in its data (both panels).
    const counts = await page.evaluate(() => {
      const w = globalThis as unknown as { __views: Record<string, { scenegraph(): { root: unknown } }> };
      const specs = JSON.parse(
        (
          globalThis as unknown as {
            document: { getElementById(id: string): { textContent: string | null } | null };
          }
        ).document.getElementById('chart-specs')?.textContent ?? '{}',
      ) as Record<string, { hconcat: { layer: { data: { values: unknown[] } }[] }[] }>;
      const points = (specs['road-quadrants']?.hconcat ?? []).reduce(
        (s, panel) => s + (panel.layer[0]?.data.values.length ?? 0),
        0,
      );
      let circles = 0;
      const walk = (node: { marktype?: string; role?: string; items?: unknown[] }) => {
        if (node.marktype === 'symbol' && node.role === 'mark') circles += node.items?.length ?? 0;
        for (const child of node.items ?? []) if (child && typeof child === 'object') walk(child as never);
      };
      walk(w.__views['road-quadrants']?.scenegraph().root as never);
      return { points, circles };
    });
    expect(counts.points).toBeGreaterThan(3000);
    expect(counts.circles).toBe(counts.points);
    const quadrants = await page.locator('.quadrant .name').allTextContents();
    expect(quadrants).toEqual(['Develop', 'Retain', 'Acquire', 'Opportunistic']);
    expect(await page.locator('#chart-road-quadrants svg').textContent()).toMatch(
      /holds \d+% of the whitespace/,
    );
    // Hover a bar of the industry lift chart: the tooltip shows its lift.
    const bar = page.locator('#chart-icp-lift-industry g.mark-rect path').first();
    await bar.hover();
    const tooltip = page.locator('#vg-tooltip-element');
    await tooltip.waitFor({ state: 'visible', timeout: 5000 });
    expect(await tooltip.textContent()).toMatch(/Lift/);
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
  });

  it('draws every label in the embedded font, inside its chart, overlapping no other label', async () => {
    const { page } = await open(join(run, 'report.html'));
    await page.setViewportSize({ width: 1400, height: 1000 });
    // The report carries Source Sans 3 itself (no network, nothing installed): every weight the charts use loads.
    const loaded = await page.evaluate(
      "['400', '600', '700'].map((w) => document.fonts.check(w + ' 16px \"Source Sans 3\"'))",
    );
    expect(loaded).toEqual([true, true, true]);
    const problems = (await page.evaluate(LABEL_PROBLEMS)) as string[];
    expect(problems).toEqual([]);
  });

  it('shows hostile account names as plain text', async () => {
    const hostile = [
      '<script>alert("x")</script>',
      '=HYPERLINK("http://evil.example","click")',
      '<img src=x onerror=alert(1)>',
    ];
    const html = buildReportHtml({
      name: '<b>Study</b>',
      inputs: [{ role: 'accounts', file: '<i>a</i>.csv', rows: 3, matched: null }],
      warnings: [{ code: 'x', message: '<script>alert(2)</script> warned' }],
      accounts: 3,
      customers: 1,
      thresholds: { spend_threshold: 10, opportunity_threshold: 5 },
      totals: [
        {
          quadrant: 'Develop',
          motion: 'm',
          accounts: 3,
          spend: 30,
          potential: 60,
          whitespace: 30,
          opportunity: 15,
        },
      ],
      icp: [],
      cvAuc: { mean: 0.7, sd: 0.01 },
      reps: 1,
      changes: null,
      performance: [],
      queues: [],
      top: {
        Develop: hostile.map((name) => ({
          name,
          industry: '<b>x</b>',
          tier: 'P0',
          fitScore: 99,
          spend: 10,
          whitespace: 10,
          opportunity: 5,
          owner: 'rep',
        })),
      },
      charts: [
        {
          name: 'names',
          spec: {
            data: { values: hostile.map((name, i) => ({ name, v: i })) },
            mark: 'bar',
            encoding: {
              x: { field: 'v', type: 'quantitative' },
              y: { field: 'name', type: 'nominal' },
              tooltip: [{ field: 'name' }],
            },
          } as never,
        },
      ],
    });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>Study</b>');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt; warned');
    const file = join(dir, 'hostile.html');
    writeFileSync(file, html);
    const { page, errors, dialogs, external } = await open(file);
    expect(
      await page.locator('table[data-quadrant="Develop"] tbody td:first-child').allTextContents(),
    ).toEqual(hostile);
    expect(await page.locator('table[data-quadrant="Develop"] b').count()).toBe(0);
    expect(await page.locator('#chart-names svg').textContent()).toContain('<script>alert("x")</script>');
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
  });
});

describe('a browser with nothing installed by hand', () => {
  it('the Chromium shipped in npm (@sparticuz/chromium) renders the report as well', async () => {
    const previous = process.env.SEGMENT_CHROMIUM;
    process.env.SEGMENT_CHROMIUM = 'npm';
    try {
      expect((await chromiumExecutable()).source).toBe('npm');
      const npmContext = await launchChromium();
      try {
        const page = await npmContext.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(pathToFileURL(join(run, 'report.html')).href);
        const rendered = await page.evaluate(async () => {
          await (globalThis as unknown as { __chartsReady: Promise<unknown> }).__chartsReady;
          const doc = (
            globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
          ).document;
          return doc.querySelectorAll('svg').length;
        });
        expect(rendered).toBeGreaterThan(10);
        expect(errors).toEqual([]);
      } finally {
        await npmContext.close();
      }
    } finally {
      if (previous === undefined) delete process.env.SEGMENT_CHROMIUM;
      else process.env.SEGMENT_CHROMIUM = previous;
    }
  }, 120_000);
});

describe('segment report --pdf', () => {
  it('prints the report with Chromium: a PDF with a page per chart and numbered pages', async () => {
    const pdf = join(dir, 'printed', 'report.pdf');
    const result = await runCli(['report', run, '--pdf', pdf]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/printed .*report\.pdf\n$/);
    const bytes = readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(STUDY_CHARTS.length + 1);
  }, 120_000);
});
