/**
 * The ROAD quadrant scatter: opportunity (y) against current spend (x) — prospects, who spend nothing, in a
 * panel of their own — with the threshold rules, each quadrant's accounts and whitespace in the subtitle,
 * tooltips, and the two customers with the largest opportunity named.
 */
import { maxOf, minOf } from '../core/extent.ts';
import type { TopLevelSpec } from 'vega-lite';
import { Random } from '../core/random.ts';
import type { QuadrantTotals, RoadQuadrant, RoadThresholds } from '../segment/road.ts';
import { INK, ROAD_COLORS, SLIDE, themeFor, titleBlock } from './theme.ts';
import { formatMoney, moneyExpression } from '../core/format.ts';

/** One account on the scatter. */
export interface RoadPoint {
  name: string;
  spend: number;
  opportunity: number;
  quadrant: RoadQuadrant;
  tier: string | null;
  motion: string;
}

/** Options of {@link roadScatterSpec}. */
export interface RoadScatterOptions {
  /** Most points drawn; above it a seeded random sample is drawn (the top accounts always). Default 4000. */
  maxPoints?: number;
  /** Top accounts by opportunity always drawn when sampling. Default 8. */
  labelTop?: number;
  /** Seed of the sample. Default 0. */
  seed?: number;
  /** The reporting currency of the amounts (ISO code). Default USD. */
  currency?: string;
}

/** One account drawn on the scatter; `top`: one of the top accounts by opportunity, always drawn. */
export type DrawnPoint = RoadPoint & { top: boolean };

/**
 * The points a scatter draws and what it says of all of them: a run of millions of accounts is drawn from a
 * sample (made here from every point, or by SQL over a table too large to hold).
 */
export interface ScatterSample {
  /** The points drawn, in account order. */
  drawn: DrawnPoint[];
  /** Accounts with a quadrant (all points), and those of them with current spend. */
  accounts: number;
  withSpend: number;
  /** Whether the drawn points are a sample (more accounts than `maxPoints`). */
  sampled: boolean;
  /** Largest spend and opportunity (at least 1), smallest positive spend (the largest spend when none). */
  spendMax: number;
  opportunityMax: number;
  spendMinPositive: number;
}

/**
 * The points drawn: customers in full up to half the budget, prospects fill the rest, the top accounts always.
 *
 * @example
 * scatterSample(points, { maxPoints: 4000, labelTop: 8, seed: 42 }).drawn.length; // ≤ 4000
 */
export function scatterSample(
  points: readonly RoadPoint[],
  options: { maxPoints: number; labelTop: number; seed: number },
): ScatterSample {
  const { maxPoints, labelTop, seed } = options;
  const byOpportunity = [...points.keys()].sort(
    (a, b) => (points[b] as RoadPoint).opportunity - (points[a] as RoadPoint).opportunity,
  );
  const top = new Set(byOpportunity.slice(0, labelTop));
  let shown = [...points.keys()];
  const isCustomer = (i: number) => (points[i] as RoadPoint).spend > 0;
  const allCustomers = shown.filter(isCustomer).length;
  if (points.length > maxPoints) {
    const rng = new Random(seed);
    const customers = shown.filter((i) => isCustomer(i) && !top.has(i));
    const keptCustomers =
      customers.length > maxPoints / 2
        ? rng.shuffle(customers).slice(0, Math.floor(maxPoints / 2))
        : customers;
    const room = Math.max(0, maxPoints - keptCustomers.length - top.size);
    const rest = rng.shuffle(shown.filter((i) => !isCustomer(i) && !top.has(i))).slice(0, room);
    shown = [...new Set([...keptCustomers, ...top, ...rest])].sort((a, b) => a - b);
  }
  const spendMax = maxOf(
    points.map((p) => p.spend),
    1,
  );
  return {
    drawn: shown.map((i) => ({ ...(points[i] as RoadPoint), top: top.has(i) })),
    accounts: points.length,
    withSpend: allCustomers,
    sampled: points.length > maxPoints,
    spendMax,
    opportunityMax: maxOf(
      points.map((p) => p.opportunity),
      1,
    ),
    spendMinPositive: minOf(
      points.filter((p) => p.spend > 0).map((p) => p.spend),
      spendMax,
    ),
  };
}

/** The takeaway title (where the whitespace sits) and the subtitle (thresholds, totals, sampling). */
function scatterTitle(
  thresholds: RoadThresholds,
  totals: readonly QuadrantTotals[],
  sampled: string | null,
  currency: string,
): { title: string; subtitle: string[] } {
  const totalWhitespace = totals.reduce((s, t) => s + t.whitespace, 0);
  const biggest = [...totals].sort((a, b) => b.whitespace - a.whitespace)[0];
  const title =
    biggest && totalWhitespace > 0
      ? `${biggest.quadrant} holds ${Math.round((100 * biggest.whitespace) / totalWhitespace)}% of the whitespace (${formatMoney(biggest.whitespace, currency)}, ${biggest.accounts.toLocaleString('en-US')} accounts)`
      : 'ROAD quadrants';
  const subtitle = [
    `Opportunity = propensity × whitespace. Thresholds: ${formatMoney(thresholds.spend_threshold, currency)} spend, ${formatMoney(thresholds.opportunity_threshold, currency)} opportunity.`,
    ...totals
      .map(
        (t) =>
          `${t.quadrant}: ${t.accounts.toLocaleString('en-US')} accounts, ${formatMoney(t.whitespace, currency)} whitespace`,
      )
      .reduce<string[]>((lines, part, k) => {
        if (k % 2 === 0) lines.push(part);
        else lines[lines.length - 1] += ` · ${part}`;
        return lines;
      }, []),
    ...(sampled === null ? [] : [sampled]),
  ];
  return { title, subtitle };
}

const decades = (max: number, from: number) =>
  [from, ...Array.from({ length: 12 }, (_, k) => 10 ** (k + 1))].filter((v) => v <= max * 1.001);

/** The encodings both panels share: opportunity axis, quadrant colours, tooltip, the opportunity threshold. */
function sharedEncodings(yMax: number, thresholds: RoadThresholds, currency: string) {
  const quadrants = Object.keys(ROAD_COLORS);
  return {
    color: {
      field: 'quadrant',
      type: 'nominal' as const,
      scale: { domain: quadrants, range: quadrants.map((q) => ROAD_COLORS[q as RoadQuadrant]) },
      legend: { title: null, orient: 'bottom' as const, direction: 'horizontal' as const },
    },
    y: {
      field: 'opportunity',
      type: 'quantitative' as const,
      scale: { type: 'symlog' as const, constant: SYMLOG, domain: [0, yMax], nice: false },
      axis: {
        title: 'Opportunity (propensity × whitespace)',
        labelExpr: moneyExpression('datum.value', currency),
        values: decades(yMax, 0).filter((v) => v === 0 || v >= SYMLOG), // 10 sits on 0 below the constant
      },
    },
    tooltip: [
      { field: 'name', title: 'Account' },
      { field: 'quadrant', title: 'Quadrant' },
      { field: 'tier', title: 'Tier' },
      { field: 'motion', title: 'Motion' },
      { field: 'spend', title: 'Spend', format: '$,.0f' },
      { field: 'opportunity', title: 'Opportunity', format: '$,.0f' },
    ],
    opportunityRule: {
      data: { values: [{ v: thresholds.opportunity_threshold }] },
      mark: { type: 'rule' as const, strokeDash: [6, 4], color: INK.muted },
      encoding: { y: { field: 'v', type: 'quantitative' as const } },
    },
  };
}

/**
 * The spec. Axes are symlog (prospects have zero spend); readable at 20k+ accounts by sampling.
 *
 * @example
 * await renderSvg(roadScatterSpec(points, manifest.road, totals));
 */
export function roadScatterSpec(
  points: readonly RoadPoint[],
  thresholds: RoadThresholds,
  totals: readonly QuadrantTotals[],
  options: RoadScatterOptions = {},
): TopLevelSpec {
  const sample = scatterSample(points, {
    maxPoints: options.maxPoints ?? 4000,
    labelTop: options.labelTop ?? 8,
    seed: options.seed ?? 0,
  });
  return roadScatterOfSample(sample, thresholds, totals, options);
}

/**
 * {@link roadScatterSpec} of points already sampled (see {@link ScatterSample}).
 *
 * @example
 * await renderSvg(roadScatterOfSample(scatterSample(points, { maxPoints: 4000, labelTop: 8, seed: 42 }), thresholds, totals));
 */
export function roadScatterOfSample(
  sample: ScatterSample,
  thresholds: RoadThresholds,
  totals: readonly QuadrantTotals[],
  options: Pick<RoadScatterOptions, 'seed' | 'currency'> = {},
): TopLevelSpec {
  const currency = options.currency ?? 'USD';
  // Accounts without current spend (prospects, lapsed customers) would all sit on x = 0: they get their own
  // panel, spread by a seeded jitter.
  const jitter = new Random((options.seed ?? 0) + 1);
  const data = sample.drawn.map((p) => ({ ...p, jitter: jitter.uniform() }));
  const { spendMax: xMax, opportunityMax: yMax } = sample;
  const prospects = data.filter((d) => !(d.spend > 0));
  const xMin = Math.max(1, sample.spendMinPositive / 1.5);
  const customers = data.filter((d) => d.spend > 0);
  const allCustomers = sample.withSpend;
  const sampled = sample.sampled
    ? `${customers.length === allCustomers ? 'All' : `${customers.length.toLocaleString('en-US')} of ${allCustomers.toLocaleString('en-US')}`} accounts with spend and ${prospects.length.toLocaleString('en-US')} of ${(sample.accounts - allCustomers).toLocaleString('en-US')} without drawn (seeded random sample; the top accounts always).`
    : null;
  const { title, subtitle } = scatterTitle(thresholds, totals, sampled, currency);
  const shared = sharedEncodings(yMax, thresholds, currency);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: themeFor(currency),
    title: titleBlock(title, subtitle, SLIDE.width + 120),
    resolve: { scale: { y: 'shared' } },
    hconcat: [
      prospectsPanel(prospects, shared),
      customersPanel(customers, { xMin, xMax, yMax }, thresholds, shared, currency),
    ],
  } as TopLevelSpec;
}

type SharedEncodings = ReturnType<typeof sharedEncodings>;

/** The left panel: accounts without current spend, jittered in one column. */
function prospectsPanel(
  prospects: readonly object[],
  { color, y, tooltip, opportunityRule }: SharedEncodings,
) {
  return {
    width: 240,
    height: SLIDE.height,
    title: {
      text: `No current spend: ${prospects.length.toLocaleString('en-US')}`,
      fontSize: 14,
      anchor: 'middle',
    },
    layer: [
      {
        data: { values: prospects },
        mark: { type: 'circle', size: 10, opacity: 0.35 },
        encoding: {
          x: { field: 'jitter', type: 'quantitative', axis: null, scale: { domain: [0, 1] } },
          y,
          color,
          tooltip,
        },
      },
      opportunityRule,
    ],
  };
}

/** A named point and where its label sits on the opportunity axis. */
interface NamedPoint {
  name: string;
  spend: number;
  opportunity: number;
}

/** The symlog transform of the opportunity axis (constant 100, as `sharedEncodings`) and its inverse. */
const SYMLOG = 100;
const symlog = (v: number) => Math.sign(v) * Math.log1p(Math.abs(v) / SYMLOG);
const symexp = (t: number) => Math.sign(t) * SYMLOG * Math.expm1(Math.abs(t));

/**
 * The named customers with a label position (`labelOpportunity`) that keeps their labels apart: each label is
 * right-aligned left of its point; one that would overlap an earlier label (estimated at 6 px a character, 14 px
 * a line, on the panel's own scales) moves a line below it.
 */
function separatedLabels(
  named: readonly NamedPoint[],
  x: { xMin: number; xMax: number; width: number },
  yMax: number,
): (NamedPoint & { labelOpportunity: number })[] {
  const height = SLIDE.height;
  const px = (spend: number) => (x.width * Math.log(spend / x.xMin)) / Math.log(x.xMax / x.xMin);
  const py = (v: number) => height * (1 - symlog(v) / symlog(yMax));
  const placed: { left: number; right: number; y: number }[] = [];
  return named.map((p) => {
    const right = px(p.spend) - 6;
    const box = { left: right - 6 * p.name.length, right, y: py(p.opportunity) };
    const clash = () =>
      placed.some((b) => b.left < box.right && box.left < b.right && Math.abs(b.y - box.y) < 14);
    while (clash() && box.y < height) box.y += 14;
    placed.push(box);
    return { ...p, labelOpportunity: symexp(symlog(yMax) * (1 - box.y / height)) };
  });
}

/** The right panel: accounts with current spend on a log scale, the spend threshold, the top two named. */
function customersPanel(
  customers: readonly { spend: number; opportunity: number }[],
  { xMin, xMax, yMax }: { xMin: number; xMax: number; yMax: number },
  thresholds: RoadThresholds,
  { color, y, tooltip, opportunityRule }: SharedEncodings,
  currency: string,
) {
  const width = SLIDE.width - 260;
  const top = [...customers].sort((a, b) => b.opportunity - a.opportunity).slice(0, 2);
  const namedCustomers = separatedLabels(top as NamedPoint[], { xMin, xMax: xMax * 1.5, width }, yMax);
  return {
    width,
    height: SLIDE.height,
    title: {
      text: `With current spend: ${customers.length.toLocaleString('en-US')}`,
      fontSize: 14,
      anchor: 'middle',
    },
    layer: [
      {
        data: { values: customers },
        mark: { type: 'circle', size: 22, opacity: 0.6 },
        encoding: {
          x: {
            field: 'spend',
            type: 'quantitative',
            scale: { type: 'log', domain: [xMin, xMax * 1.5], nice: false },
            axis: {
              title: 'Current annual spend (log scale)',
              labelExpr: moneyExpression('datum.value', currency),
              values: decades(xMax * 1.5, 1).filter((v) => v >= xMin),
            },
          },
          y,
          color,
          tooltip,
        },
      },
      {
        data: { values: [{ v: thresholds.spend_threshold }] },
        mark: { type: 'rule', strokeDash: [6, 4], color: INK.muted },
        encoding: { x: { field: 'v', type: 'quantitative' } },
      },
      opportunityRule,
      {
        data: { values: namedCustomers },
        mark: { type: 'text', align: 'right', dx: -6, fontSize: 11, color: INK.text },
        encoding: {
          x: { field: 'spend', type: 'quantitative' },
          y: { field: 'labelOpportunity', type: 'quantitative' },
          text: { field: 'name' },
        },
      },
    ],
  };
}
