/** Display helpers: MIME bundles for charts, tables, model summaries and warnings (no kernel needed). */
import { describe, expect, it } from 'vitest';
import { DataError, SegmentError, UsageError } from '../../src/core/errors.ts';
import { Frame } from '../../src/data/frame.ts';
import { quadrantBarsSpec } from '../../src/charts/quadrant-bars.ts';
import { KMeans } from '../../src/models/kmeans.ts';
import { LogisticRegression } from '../../src/models/logistic.ts';
import { chartBundle, VEGA_LITE_MIME } from '../../src/notebook/chart.ts';
import { showTable } from '../../src/notebook/display.ts';
import { kmeansSummaryBundle, logisticSummaryBundle, warningsBundle } from '../../src/notebook/summaries.ts';
import { formatNumberCell, tableBundle } from '../../src/notebook/table.ts';

describe('formatNumberCell', () => {
  it.each([
    [1234567.891, undefined, '1,234,568'],
    [0.123456, undefined, '0.1235'],
    [42, undefined, '42'],
    [Number.NaN, undefined, ''],
    [1_250_000, 'money', '$1.25M'],
    [0.1234, 'percent', '12.3%'],
    [1.954, 'ratio', '1.95×'],
    [0.00001, 'p-value', '< 0.0001'],
    [0.04321, 'p-value', '0.0432'],
    [38.94, 'integer', '39'],
  ] as const)('%s as %s → %s', (value, format, expected) => {
    expect(formatNumberCell(value, format)).toBe(expected);
  });
});

describe('tableBundle', () => {
  const frame = Frame.fromColumns({
    name: ['<script>alert(1)</script>', 'Acme & Co', null],
    employees: [1200, Number.NaN, 15],
  });

  it('escapes every string, right-aligns numbers and says how many rows there are', () => {
    const bundle = tableBundle(frame, { maxRows: 2, title: 'Accounts <b>' });
    const html = String(bundle['text/html']);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Acme &amp; Co');
    expect(html).toContain('Accounts &lt;b&gt;');
    expect(html).toMatch(/text-align:right">1,200</);
    expect(html).toContain('2 of 3 rows');
    expect(bundle['text/plain'].split('\n')).toEqual([
      'Accounts <b>',
      'name                       employees',
      '<script>alert(1)</script>      1,200',
      'Acme & Co',
      '(2 of 3 rows)',
    ]);
  });

  it('takes row objects and danfo-like frames, and chosen columns in order', () => {
    const rows = tableBundle([{ a: 1, b: 'x' }], { columns: ['b', 'a'] });
    expect(rows['text/plain'].split('\n')[0]).toBe('b  a');
    const danfoLike = tableBundle({ columns: ['q', 'n'], values: [['Develop', 3]] });
    expect(danfoLike['text/plain']).toContain('Develop  3');
  });

  it('names an unknown column and the columns there are', () => {
    expect(() => tableBundle(frame, { columns: ['employes'] })).toThrow(
      new UsageError('table: no column "employes"; columns are name, employees'),
    );
  });
});

describe('chartBundle', () => {
  it('carries the Vega-Lite spec, an SVG and a PNG of the same chart, and its title as text, money in the study currency', async () => {
    const spec = quadrantBarsSpec(
      [
        {
          quadrant: 'Develop',
          motion: 'Strategic farming (expansion)',
          accounts: 3,
          spend: 300,
          potential: 900,
          whitespace: 600,
          opportunity: 100,
        },
      ],
      'EUR',
    );
    const bundle = await chartBundle(spec);
    expect(Object.keys(bundle).sort()).toEqual([VEGA_LITE_MIME, 'image/png', 'text/plain'].sort()); // no SVG: nbconvert would prefer it, and Debian's nbconvert strips it (blank charts)
    expect((bundle[VEGA_LITE_MIME] as { $schema: string }).$schema).toMatch(/vega-lite\/v5\.json$/);
    expect(Buffer.from(String(bundle['image/png']), 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(bundle['text/plain']).toMatch(/^\[chart\] €600 of whitespace on top of €300/);
  });
});

describe('model summaries and warnings', () => {
  const x = [0.5, 1.5, 2.5, 3.5, 1, 2, 3, 4, 0.2, 4.2];
  const y = [0, 0, 1, 1, 0, 1, 0, 1, 0, 1];
  const frame = Frame.fromColumns({ x, won: y });

  it('shows the coefficient table with odds ratios and the fit facts', () => {
    const model = new LogisticRegression().fit(frame, { target: 'won', features: ['x'] });
    const bundle = logisticSummaryBundle(model);
    expect(bundle['text/plain']).toMatch(/^Lookalike model: rows 10, positives 5, training AUC /);
    expect(bundle['text/plain']).toMatch(/\(Intercept\)/);
    expect(bundle['text/plain']).toMatch(/odds_ratio/);
    const oddsRatio = formatNumberCell(Math.exp(model.coefficients.x as number));
    expect(bundle['text/plain']).toContain(oddsRatio);
    expect(String(bundle['text/html'])).toContain('<table');
  });

  it('shows k-means sizes and centroids', () => {
    const model = new KMeans({ k: 2, seed: 1 }).fit(frame, { features: ['x'] });
    const text = kmeansSummaryBundle(model)['text/plain'];
    expect(text).toMatch(/^k-means personas: k 2, inertia /);
    expect(text).toMatch(/cluster\s+persona\s+accounts\s+share\s+x/);
  });

  it('lists warnings with their codes, or says there are none', () => {
    expect(warningsBundle([])['text/plain']).toBe('no warnings');
    const bundle = warningsBundle([{ code: 'rows-dropped', message: 'dropped 3 rows <b>' }]);
    expect(bundle['text/plain']).toBe('warning [rows-dropped]: dropped 3 rows <b>');
    expect(String(bundle['text/html'])).toContain('dropped 3 rows &lt;b&gt;');
  });

  it('shows one line per kind of warning: the same imputation in three steps is one line naming the others', () => {
    const bundle = warningsBundle([
      { code: 'values-imputed', message: 'lookalike: filled 3930 missing feature values' },
      { code: 'customers-skipped', message: 'spend: 22 customers lack employees' },
      { code: 'values-imputed', message: 'personas: filled 280 missing feature values' },
      {
        code: 'values-imputed',
        message: 'personas: placing all accounts: filled 4146 missing feature values',
      },
    ]);
    expect(bundle['text/plain'].split('\n')).toEqual([
      'warning [values-imputed]: lookalike: filled 3930 missing feature values (and 2 more like it: personas)',
      'warning [customers-skipped]: spend: 22 customers lack employees',
    ]);
  });
});

describe('outside a notebook', () => {
  it('show* functions say they need the Deno kernel', async () => {
    await expect(showTable([{ a: 1 }])).rejects.toThrow(/not running in the Deno Jupyter kernel/);
  });

  it('concise stacks make workbench errors one line, and only when asked', () => {
    expect(new DataError('x', { file: 'a.csv' }).stack?.split('\n').length).toBeGreaterThan(1);
    SegmentError.conciseStacks = true;
    try {
      expect(new DataError('x', { file: 'a.csv' }).stack).toBe('DataError: a.csv: x');
      expect(new Error('bug').stack?.split('\n').length).toBeGreaterThan(1);
    } finally {
      SegmentError.conciseStacks = false;
    }
  });
});
