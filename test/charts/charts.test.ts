import { PNG } from './png.ts';
import { describe, expect, it } from 'vitest';
import { renderPng, renderSvg, FONT_FILES } from '../../src/charts/render.ts';
import { liftBarsSpec } from '../../src/charts/lift-bars.ts';
import { migrationHeatmapSpec } from '../../src/charts/migration-heatmap.ts';
import { psiBarsSpec } from '../../src/charts/psi-bars.ts';
import { coverageBarsSpec } from '../../src/charts/coverage-bars.ts';
import { calibrationChartSpec } from '../../src/charts/calibration-chart.ts';
import { rocCurveSpec } from '../../src/charts/roc-curve.ts';
import { roadScatterSpec, type RoadPoint } from '../../src/charts/road-scatter.ts';
import { THEME, themeFor, wrapText } from '../../src/charts/theme.ts';
import * as vega from 'vega';
import { formatMoney, moneyExpression, xmlText } from '../../src/core/format.ts';
import { Resvg } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';

const textOnly: TopLevelSpec = {
  config: THEME,
  width: 300,
  height: 10,
  title: 'Quarterly segmentation review',
  mark: 'point',
  data: { values: [] },
} as unknown as TopLevelSpec;

/** Dark pixels in the top band of a PNG (where the title is). */
function darkPixelsInTitle(png: Buffer): number {
  const image = PNG.decode(png);
  let dark = 0;
  for (let y = 0; y < Math.min(image.height, 120); y++) {
    for (let x = 0; x < image.width; x++) {
      const o = (y * image.width + x) * 4;
      if ((image.data[o] as number) < 128 && (image.data[o + 3] as number) > 0) dark++;
    }
  }
  return dark;
}

describe('chart rendering', () => {
  it('PNG text is drawn with the bundled font (this fails when text goes missing)', async () => {
    const svg = await renderSvg(textOnly);
    expect(svg).toContain('Quarterly segmentation review');
    const withFont = darkPixelsInTitle(renderPng(svg));
    expect(withFont).toBeGreaterThan(500);
    // Control: the same SVG without font files draws no text at all.
    const bare = new Resvg(svg, {
      font: { loadSystemFonts: false, fontFiles: [] },
      fitTo: { mode: 'zoom', value: 2 },
    })
      .render()
      .asPng();
    expect(darkPixelsInTitle(bare)).toBeLessThan(withFont / 20);
    expect(FONT_FILES.every((f) => f.endsWith('.ttf'))).toBe(true);
  });

  it('writes money axes and titles in the study currency: a euro study shows no dollar sign', async () => {
    const points: RoadPoint[] = [
      {
        name: 'Alpha GmbH',
        spend: 120_000,
        opportunity: 40_000,
        quadrant: 'Develop',
        tier: 'A',
        motion: 'farm',
      },
      { name: 'Beta AB', spend: 0, opportunity: 250_000, quadrant: 'Acquire', tier: 'A', motion: 'hunt' },
      {
        name: 'Gamma SARL',
        spend: 900_000,
        opportunity: 5_000,
        quadrant: 'Retain',
        tier: 'B',
        motion: 'farm',
      },
    ];
    const spec = roadScatterSpec(points, { spend_threshold: 50_000, opportunity_threshold: 20_000 }, [], {
      currency: 'EUR',
    });
    const svg = await renderSvg(spec);
    expect(svg).toContain('€50K spend');
    expect(svg).toMatch(/>€\d/); // axis labels
    expect(svg).not.toContain('$');
  });

  it("a d3 money format ('$,.0f', tooltips) writes the study's currency under themeFor", async () => {
    const spec = (currency: string): TopLevelSpec => ({
      config: themeFor(currency),
      data: { values: [{ amount: 1234.4 }] },
      mark: 'text',
      encoding: { text: { field: 'amount', type: 'quantitative', format: '$,.0f' } },
    });
    expect(await renderSvg(spec('EUR'))).toContain('€1,234');
    expect(await renderSvg(spec('SEK'))).toContain('SEK 1,234');
    expect(await renderSvg(spec('USD'))).toContain('$1,234');
  });

  it('chart axes write money as the tables do: the Vega expression, run by Vega, equals formatMoney', async () => {
    const values = [
      -0.2, 0.4, 950, 999.4, 999.6, 12_300, 32_900, 100_000, 999_950, 1_234_567, 1.04e9, -3.4e9,
    ];
    const spec = {
      data: [
        {
          name: 'amounts',
          values: values.map((value) => ({ value })),
          transform: [{ type: 'formula', as: 'text', expr: moneyExpression('datum.value', 'SEK') }],
        },
      ],
    };
    const view = new vega.View(vega.parse(spec as vega.Spec), { renderer: 'none' });
    await view.runAsync();
    const written = (view.data('amounts') as { text: string }[]).map((d) => d.text);
    expect(written).toEqual(values.map((v) => formatMoney(v, 'SEK')));
    expect(written.slice(4, 8)).toEqual(['SEK 1K', 'SEK 12.3K', 'SEK 32.9K', 'SEK 100K']);
  });

  it('xmlText replaces what XML 1.0 forbids (controls, U+FFFE, lone surrogates) and keeps the rest', () => {
    expect(xmlText('a\u0001b\u001fc\uFFFEd\uD800e\tf\ng😀')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\tf\ng😀');
  });

  it('money and wrapping helpers', () => {
    // One rule: three significant digits, K / M / B ($1.04B, never "$1B" for $1.04B; $100K beside $32.9K).
    expect(
      [950, 999.6, 12_300, 32_900, 100_000, 999_950, 1_234_567, 1.04e9, 3.4e9, 120e6].map((v) =>
        formatMoney(v),
      ),
    ).toEqual(['$950', '$1K', '$12.3K', '$32.9K', '$100K', '$1M', '$1.23M', '$1.04B', '$3.4B', '$120M']);
    expect([formatMoney(1_234_567, 'EUR'), formatMoney(-950, 'GBP'), formatMoney(3.4e9, 'SEK')]).toEqual([
      '€1.23M',
      '-£950',
      'SEK 3.4B',
    ]);
    expect(wrapText('one two three four five six', 10, 160)).toEqual(['one two three four', 'five six']); // 20 characters of 8 px
    expect(
      wrapText('word '.repeat(30).trim(), 22, 400).every(
        (line) => line.length <= Math.floor(400 / (0.8 * 22)),
      ),
    ).toBe(true);
  });
});

describe('chart specs', () => {
  it('ROAD scatter: prospects in their own panel, every customer drawn, prospects sampled with a seed', async () => {
    const points: RoadPoint[] = Array.from({ length: 6000 }, (_, i) => ({
      name: `Account ${i}`,
      spend: i < 300 ? 1000 + i * 100 : 0,
      opportunity: (i * 37) % 5000,
      quadrant: i < 300 ? (i % 2 ? 'Develop' : 'Retain') : i % 2 ? 'Acquire' : 'Opportunistic',
      tier: 'P2',
      motion: 'm',
    }));
    const thresholds = { spend_threshold: 10_000, opportunity_threshold: 2500 };
    const totals = (['Develop', 'Retain', 'Acquire', 'Opportunistic'] as const).map((quadrant) => ({
      quadrant,
      motion: 'm',
      accounts: 1,
      spend: 1,
      potential: 2,
      whitespace: quadrant === 'Acquire' ? 900 : 100,
      opportunity: 1,
    }));
    const spec = roadScatterSpec(points, thresholds, totals, { maxPoints: 1000, seed: 3 }) as unknown as {
      hconcat: { layer: { data: { values: unknown[] } }[] }[];
      title: { text: string[] };
    };
    expect(spec.title.text.join(' ')).toBe('Acquire holds 75% of the whitespace ($900, 1 accounts)');
    const [prospects, customers] = spec.hconcat;
    expect(customers?.layer[0]?.data.values).toHaveLength(300);
    expect(prospects?.layer[0]?.data.values.length).toBe(700);
    expect(JSON.stringify(roadScatterSpec(points, thresholds, totals, { maxPoints: 1000, seed: 3 }))).toBe(
      JSON.stringify(spec),
    );
    const svg = await renderSvg(spec as unknown as TopLevelSpec);
    expect(svg).toContain('No current spend: 700'); // prospects, and customers whose spend lapsed
    expect(svg).toContain('With current spend: 300');
  });

  it('lift bars sort by lift and mark significance; the SVG holds the values a reader sees', async () => {
    const rows = [
      {
        attribute: 'industry',
        value: 'Retail',
        accounts: 600,
        customers: 10,
        customerShare: 0.1,
        marketShare: 0.6,
        lift: 0.1667,
        customerRate: 0.0167,
        z: -5,
        pValue: 1e-6,
      },
      {
        attribute: 'industry',
        value: 'Software',
        accounts: 400,
        customers: 90,
        customerShare: 0.9,
        marketShare: 0.4,
        lift: 2.25,
        customerRate: 0.225,
        z: 5,
        pValue: 1e-6,
      },
    ];
    const spec = liftBarsSpec(rows, 'industry') as unknown as {
      data: { values: { value: string }[] };
      title: { text: string[] };
    };
    expect(spec.data.values.map((d) => d.value)).toEqual(['Software', 'Retail']);
    expect(spec.title.text.join(' ')).toBe(
      'Software accounts are 2.3× as common among customers as in the market',
    );
    const svg = await renderSvg(spec as unknown as TopLevelSpec);
    for (const text of ['Software', 'Retail', '90 of 400', '10 of 600', 'significant (p &lt; 0.05)'])
      expect(svg).toContain(text);
  });

  it('migration heatmap counts the moves off the diagonal', () => {
    const spec = migrationHeatmapSpec({ A: { A: 5, B: 2 }, B: { A: 1, B: 7 } }, 'quadrant') as unknown as {
      title: { text: string[] };
    };
    expect(spec.title.text.join(' ')).toBe('3 of 15 accounts changed quadrant since the last run');
  });
});

describe('SVG snapshots of the spec builders (numbers rounded to one decimal)', () => {
  const round = (svg: string) => svg.replace(/-?\d+\.\d+/g, (m) => Number(m).toFixed(1));
  const cases: [string, () => TopLevelSpec][] = [
    [
      'lift bars',
      () =>
        liftBarsSpec(
          [
            {
              attribute: 'industry',
              value: 'Software',
              accounts: 400,
              customers: 90,
              customerShare: 0.9,
              marketShare: 0.4,
              lift: 2.25,
              customerRate: 0.225,
              z: 5,
              pValue: 1e-6,
            },
            {
              attribute: 'industry',
              value: 'Retail',
              accounts: 600,
              customers: 10,
              customerShare: 0.1,
              marketShare: 0.6,
              lift: 0.1667,
              customerRate: 0.0167,
              z: -5,
              pValue: 0.2,
            },
          ],
          'industry',
        ),
    ],
    [
      'migration heatmap',
      () =>
        migrationHeatmapSpec(
          { Develop: { Develop: 5, Retain: 2 }, Retain: { Develop: 1, Retain: 7 } },
          'quadrant',
        ),
    ],
    ['PSI bars', () => psiBarsSpec({ employees: 0.01, tech_fit_score: 0.14, spend_potential: 0.3 })],
    [
      'coverage bars',
      () =>
        coverageBarsSpec([
          { quadrant: 'Acquire', segment: 'Enterprise', accounts: 40, accountsPerRep: 20, reps: 2 },
          { quadrant: 'Develop', segment: 'SMB', accounts: 120, accountsPerRep: 100, reps: 2 },
          { quadrant: 'Opportunistic', segment: 'SMB', accounts: 500, accountsPerRep: 0, reps: 0 },
        ]),
    ],
    [
      'calibration',
      () =>
        calibrationChartSpec([
          { bin: 1, accounts: 10, meanPredicted: 0.1, observedRate: 0.12 },
          { bin: 2, accounts: 10, meanPredicted: 0.5, observedRate: 0.45 },
        ]),
    ],
    [
      'ROC',
      () =>
        rocCurveSpec(
          [
            { threshold: 1, falsePositiveRate: 0, truePositiveRate: 0 },
            { threshold: 0.5, falsePositiveRate: 0.2, truePositiveRate: 0.7 },
            { threshold: 0, falsePositiveRate: 1, truePositiveRate: 1 },
          ],
          0.75,
        ),
    ],
  ];
  it.each(cases)('%s', async (_name, build) => {
    expect(round(await renderSvg(build()))).toMatchSnapshot();
  });
});

describe('ROAD scatter at scale', () => {
  it('samples customers too when they alone exceed half the point budget', () => {
    const points: RoadPoint[] = Array.from({ length: 20_000 }, (_, i) => ({
      name: `A${i}`,
      spend: i % 2 ? 1000 + i : 0,
      opportunity: i,
      quadrant: i % 2 ? 'Develop' : 'Acquire',
      tier: 'P1',
      motion: 'm',
    }));
    const totals = (['Develop', 'Retain', 'Acquire', 'Opportunistic'] as const).map((quadrant) => ({
      quadrant,
      motion: 'm',
      accounts: 1,
      spend: 1,
      potential: 1,
      whitespace: 1,
      opportunity: 1,
    }));
    const spec = roadScatterSpec(points, { spend_threshold: 5000, opportunity_threshold: 100 }, totals, {
      maxPoints: 4000,
    }) as unknown as {
      hconcat: { layer: { data: { values: unknown[] } }[] }[];
      title: { subtitle: string[] };
    };
    const drawn = spec.hconcat.reduce((s, panel) => s + (panel.layer[0]?.data.values.length ?? 0), 0);
    expect(drawn).toBeLessThanOrEqual(4000);
    expect(spec.hconcat[1]?.layer[0]?.data.values.length).toBeGreaterThanOrEqual(2000);
    expect(spec.title.subtitle.join(' ')).toMatch(
      /2,00\d of 10,000 accounts with spend and 1,99\d of 10,000 without drawn/,
    );
  });
});
