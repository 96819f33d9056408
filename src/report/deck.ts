/**
 * The executive deck of a run folder, as PowerPoint (pptxgenjs): a title slide, the summary, the ROAD quadrant
 * cards with their motions, one slide per key chart with the chart's takeaway as the slide title, the top accounts
 * of each quadrant as native tables, coverage, what changed since the previous run, and method notes. Charts are
 * rendered again without their in-chart title (the slide carries it) as 2× PNG in the theme's font and colours.
 * The bytes are deterministic for a run folder: every date inside the file is the run's creation time.
 */
import { backtestDecilesSpec } from '../charts/backtest-deciles.ts';
import JSZip from 'jszip';
import pptxgenjs from 'pptxgenjs';
import type { TopLevelSpec } from 'vega-lite';
import { refreshCharts, studyCharts } from '../charts/run-charts.ts';
import { ROAD_COLORS } from '../charts/theme.ts';
import type { BacktestResult } from '../segment/backtest.ts';
import { coveragePlan, planSentences } from './plan.ts';
import { oneLinePerKind } from '../core/condense-warnings.ts';
import { formatCount, formatMoney, xmlText } from '../core/format.ts';
import type { RefreshResult } from '../study/refresh.ts';
import { ROAD_QUADRANTS } from '../segment/vocabulary.ts';
import { readRun, readRunIfPresent, verifyRun } from '../study/run-folder.ts';
import type { TopAccount } from './html.ts';
import { readRunData } from './run-outputs.ts';

/** The charts of the deck, in order: the story from where the money is to who works it. */
export const DECK_CHARTS: readonly string[] = [
  'road-quadrants',
  'whitespace-by-quadrant',
  'whitespace-by-size',
  'whitespace-by-motion',
  'icp-lift-industry',
  'icp-lift-size',
  'lookalike-gains',
  'priority-grid',
  'personas-profile',
  'performance-by-fit-decile',
  'coverage-headcount',
  'coverage-headcount-curve',
  'coverage-scenarios',
  'routing-queues',
];

// pptxgenjs's types describe a CommonJS default export; under ESM the default import is the class itself.
const PptxGenJS = ((pptxgenjs as unknown as { default?: typeof pptxgenjs.default }).default ??
  pptxgenjs) as typeof pptxgenjs.default;
type PptxGenJS = InstanceType<typeof PptxGenJS>;

const INK = '1F2933';
const MUTED = '5F6B7A';
/**
 * The deck's text font: Arial, which every Office install has (and LibreOffice maps to the metric-compatible
 * Liberation Sans), so titles never re-wrap on a machine without the charts' Source Sans 3 — the charts are PNGs
 * that carry their own glyphs.
 */
const DECK_FONT = 'Arial';
const TEXT = { fontFace: DECK_FONT, color: INK } as const;
const W = 13.333;

type Slide = ReturnType<PptxGenJS['addSlide']>;
type Data = Awaited<ReturnType<typeof readRunData>>;

/** A chart's title and subtitle lines (the takeaway), and its spec without them. */
function untitled(spec: TopLevelSpec): {
  title: string;
  subtitle: string;
  notes: string;
  spec: TopLevelSpec;
} {
  const t = (spec as { title?: { text?: string[] | string; subtitle?: string[] | string } }).title;
  const join = (v: string[] | string | undefined) => (Array.isArray(v) ? v.join(' ') : (v ?? ''));
  const { title: _dropped, ...rest } = spec as TopLevelSpec & { title?: unknown };
  const subtitle = join(t?.subtitle);
  const firstSentence = /^.*?\.(?=\s|$)/.exec(subtitle)?.[0] ?? subtitle;
  return { title: join(t?.text), subtitle: firstSentence, notes: subtitle, spec: rest as TopLevelSpec };
}

/** A slide's title and subtitle, and its speaker notes (by default the two, for the presenter to read). */
function heading(slide: Slide, title: string, subtitle = '', notes?: string): void {
  slide.addNotes(notes ?? [title, subtitle].filter((t) => t !== '').join('. '));
  slide.addText(title, {
    ...TEXT,
    x: 0.5,
    y: 0.3,
    w: W - 1,
    h: 0.8,
    fontSize: 26,
    bold: true,
    fit: 'shrink',
  });
  if (subtitle !== '')
    slide.addText(subtitle, {
      ...TEXT,
      color: MUTED,
      x: 0.5,
      y: 1.05,
      w: W - 1,
      h: 0.5,
      fontSize: 14,
      fit: 'shrink',
    });
}

function titleSlide(deck: PptxGenJS, data: Data, created: string): void {
  const slide = deck.addSlide();
  slide.addNotes(
    `${data.report.name}: the account segmentation of ${formatCount(data.report.accounts)} accounts, run ${created.slice(0, 10)}.`,
  );
  slide.background = { color: 'F5F7FA' };
  slide.addText('Account segmentation', {
    ...TEXT,
    x: 0.7,
    y: 1.6,
    w: W - 1.4,
    h: 0.9,
    fontSize: 40,
    bold: true,
  });
  slide.addText(xmlText(data.report.name), {
    ...TEXT,
    color: MUTED,
    x: 0.7,
    y: 2.5,
    w: W - 1.4,
    h: 0.6,
    fontSize: 22,
  });
  slide.addText(`Run of ${created.slice(0, 10)}`, {
    ...TEXT,
    color: MUTED,
    x: 0.7,
    y: 3.1,
    w: 6,
    h: 0.5,
    fontSize: 16,
  });
  const inputs = data.report.inputs
    .map((i) => `${i.role}: ${i.file} (${formatCount(i.rows)} rows)`)
    .join('\n');
  slide.addText(inputs, {
    ...TEXT,
    color: MUTED,
    x: 0.7,
    y: 4.2,
    w: W - 1.4,
    h: 2.2,
    fontSize: 13,
    valign: 'top',
  });
}

/** The reps figure of the summary: planned of needed, or needed (the plan slide's numbers). */
function repsKpi(plan: ReturnType<typeof coveragePlan>): [string, string] {
  return plan.planned === null
    ? ['Reps needed', formatCount(plan.needed.total)]
    : [`Reps planned (of ${formatCount(plan.needed.total)} needed)`, formatCount(plan.planned.total)];
}

function summarySlide(deck: PptxGenJS, data: Data, currency: string): void {
  const r = data.report;
  const total = (key: 'potential' | 'whitespace' | 'spend') => r.totals.reduce((s, t) => s + t[key], 0);
  const slide = deck.addSlide();
  heading(
    slide,
    `${formatMoney(total('whitespace'), currency)} of whitespace across ${formatCount(r.accounts)} accounts`,
    'Executive summary: where the money is, how well the ICP model ranks accounts, and the team it takes',
  );
  const kpis: [string, string][] = [
    ['Accounts', formatCount(r.accounts)],
    ['Customers', formatCount(r.customers)],
    ['Current spend', formatMoney(total('spend'), currency)],
    ['Spend potential', formatMoney(total('potential'), currency)],
    ['Whitespace', formatMoney(total('whitespace'), currency)],
    repsKpi(coveragePlan(r)),
    ['Lookalike AUC (CV)', r.cvAuc.mean.toFixed(3)],
  ];
  kpis.forEach(([label, value], i) => {
    const x = 0.5 + (i % 4) * 3.1;
    const y = 1.8 + Math.floor(i / 4) * 2.1;
    slide.addShape('rect', { x, y, w: 2.9, h: 1.8, fill: { color: 'F5F7FA' }, line: { color: 'D8DEE6' } });
    slide.addText(value, {
      ...TEXT,
      x,
      y: y + 0.25,
      w: 2.9,
      h: 0.8,
      fontSize: 30,
      bold: true,
      align: 'center',
    });
    slide.addText(label, {
      ...TEXT,
      color: MUTED,
      x,
      y: y + 1.1,
      w: 2.9,
      h: 0.5,
      fontSize: 14,
      align: 'center',
    });
  });
}

function quadrantSlide(deck: PptxGenJS, data: Data, currency: string): void {
  const slide = deck.addSlide();
  heading(
    slide,
    'ROAD quadrants: who to retain, develop, acquire — and who to serve digitally',
    'Spend today against opportunity; each quadrant gets its own sales motion',
  );
  // Develop top right, Retain bottom right, Acquire top left, Opportunistic bottom left (spend → right, opportunity → up).
  const place: Record<string, [number, number]> = {
    Acquire: [0, 0],
    Develop: [1, 0],
    Opportunistic: [0, 1],
    Retain: [1, 1],
  };
  for (const quadrant of ROAD_QUADRANTS) {
    const t = data.report.totals.find((row) => row.quadrant === quadrant);
    if (t === undefined) continue;
    const [col, row] = place[quadrant] as [number, number];
    const x = 0.5 + col * 6.2;
    const y = 1.7 + row * 2.85;
    const color = ROAD_COLORS[quadrant].slice(1);
    slide.addShape('rect', { x, y, w: 6, h: 2.65, fill: { color: 'FFFFFF' }, line: { color, width: 2 } });
    slide.addShape('rect', { x, y, w: 6, h: 0.55, fill: { color }, line: { color } });
    slide.addText(`${quadrant} — ${formatCount(t.accounts)} accounts`, {
      ...TEXT,
      color: 'FFFFFF',
      x: x + 0.15,
      y,
      w: 5.7,
      h: 0.55,
      fontSize: 18,
      bold: true,
    });
    slide.addText(
      [
        { text: t.motion, options: { breakLine: true, bold: true } },
        {
          text: `Spend ${formatMoney(t.spend, currency)} · potential ${formatMoney(t.potential, currency)}`,
          options: { breakLine: true },
        },
        {
          text: `Whitespace ${formatMoney(t.whitespace, currency)} · opportunity ${formatMoney(t.opportunity, currency)}`,
        },
      ],
      { ...TEXT, x: x + 0.15, y: y + 0.7, w: 5.7, h: 1.8, fontSize: 15, valign: 'top' },
    );
  }
}

/** A chart rendered for a slide: its title and subtitle become the slide's heading. */
interface ChartImage {
  title: string;
  subtitle: string;
  /** The chart's whole subtitle (method and numbers), for the speaker notes. */
  notes: string;
  png: Buffer;
}

/** Renders charts for slides, their PNGs together off the main thread. */
async function chartImages(specs: readonly TopLevelSpec[]): Promise<ChartImage[]> {
  const charts = specs.map(untitled);
  const { renderPngAsync, renderSvg } = await import('../charts/render.ts'); // Vega and resvg, when drawn
  const svgs: string[] = [];
  for (const chart of charts) svgs.push(await renderSvg(chart.spec));
  const pngs = await Promise.all(svgs.map((svg) => renderPngAsync(svg, 2)));
  return charts.map((chart, i) => ({ ...chart, png: pngs[i] as Buffer }));
}

function chartSlide(deck: PptxGenJS, { title, subtitle, notes, png }: ChartImage): void {
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  const slide = deck.addSlide();
  heading(slide, title, subtitle, `${title}. ${notes}`);
  const maxW = W - 1;
  const maxH = 5.6;
  const scale = Math.min(maxW / width, maxH / height);
  const [w, h] = [width * scale, height * scale];
  slide.addImage({
    data: `image/png;base64,${png.toString('base64')}`,
    x: (W - w) / 2,
    y: 1.7 + (maxH - h) / 3,
    w,
    h,
  });
}

/** The money columns of a top-accounts table: what the quadrant is ranked by, and its neighbour. */
function moneyColumns(
  rows: readonly TopAccount[],
  currency: string,
): [string, string, (a: TopAccount) => [string, string]] {
  const by = rows[0]?.rankedBy ?? 'opportunity';
  if (by === 'opportunity' || by === 'fit score')
    return [
      'Whitespace',
      'Opportunity',
      (a) => [formatMoney(a.whitespace, currency), formatMoney(a.opportunity, currency)],
    ];
  const still = (a: TopAccount) =>
    Number.isNaN(a.pAlive ?? Number.NaN) ? '' : `${Math.round(100 * (a.pAlive as number))} %`;
  return ['Spend', 'Still buying', (a) => [formatMoney(a.spend, currency), still(a)]];
}

function topAccountsSlide(deck: PptxGenJS, data: Data, quadrant: string, currency: string): void {
  const rows = (data.report.top[quadrant] ?? []).slice(0, 10);
  if (rows.length === 0) return;
  const slide = deck.addSlide();
  const by = rows[0]?.rankedBy ?? 'opportunity';
  heading(
    slide,
    `Top ${quadrant} accounts by ${by}`,
    `The ten largest by ${by} in the quadrant: tier, fit score and its strongest driver, owner`,
  );
  const [first, second, money] = moneyColumns(rows, currency);
  const header = ['Account', 'Industry', 'Tier', 'Fit', 'Top reason for the fit', first, second, 'Owner'].map(
    (text) => ({
      text,
      options: { bold: true, color: 'FFFFFF', fill: { color: ROAD_COLORS[quadrant as 'Develop'].slice(1) } },
    }),
  );
  const body = rows.map((a) =>
    [
      a.name,
      a.industry,
      a.tier,
      String(Math.round(a.fitScore)),
      (a.reasons ?? '').split('; ')[0] ?? '',
      ...money(a),
      a.owner,
    ].map((text) => ({ text: xmlText(text ?? '') })),
  );
  slide.addTable([header, ...body], {
    ...TEXT,
    x: 0.5,
    y: 1.7,
    w: W - 1,
    colW: [2.2, 1.55, 0.6, 0.6, 2.75, 1.3, 1.35, 1.98],
    fontSize: 11,
    border: { type: 'solid', color: 'D8DEE6', pt: 0.5 },
    autoPage: false,
  });
}

/** Customer value: spend at risk, customers probably gone, and the Retain and Develop customers to save first. */
function customerValueSlide(deck: PptxGenJS, data: Data, currency: string): void {
  const value = data.report.value;
  if (value === null || value === undefined || 'skipped' in value) return;
  const { summary: v, horizonMonths } = value;
  const slide = deck.addSlide();
  heading(
    slide,
    `${formatMoney(v.spendAtRisk, currency)} of current spend is at risk`,
    `${formatCount(v.probablyGone.customers)} customers are probably gone (chance still buying < ${Math.round(100 * v.atRiskBelow)} %), holding ${formatMoney(v.probablyGone.spend, currency)}; all ${formatCount(v.customers)} customers are expected to win ${formatMoney(v.expectedValue, currency)} of deals over ${horizonMonths} months`,
    "Chance still buying: BG/NBD on each customer's won deals (it may stop after any repeat purchase). Spend at risk = current spend × (1 − chance still buying). Value: expected purchases over the horizon × Gamma-Gamma value per purchase, discounted monthly.",
  );
  if (v.toSave.length === 0) return;
  const header = [
    'Customer to save',
    'Quadrant',
    'Still buying',
    'Spend',
    'Spend at risk',
    `Exp. wins, ${horizonMonths} mo`,
    'Owner',
  ].map((text) => ({ text, options: { bold: true, color: 'FFFFFF', fill: { color: INK } } }));
  const body = v.toSave.map((c) =>
    [
      c.name,
      c.quadrant,
      `${Math.round(100 * c.pAlive)} %`,
      formatMoney(c.spend, currency),
      formatMoney(c.spendAtRisk, currency),
      formatMoney(c.expectedValue, currency),
      c.owner,
    ].map((text) => ({ text: xmlText(text) })),
  );
  slide.addTable([header, ...body], {
    ...TEXT,
    x: 0.5,
    y: 1.7,
    w: W - 1,
    colW: [2.8, 1.3, 1.2, 1.4, 1.5, 1.6, 2.533],
    fontSize: 11,
    border: { type: 'solid', color: 'D8DEE6', pt: 0.5 },
    autoPage: false,
  });
}

/** The largest moves between quadrants, e.g. "Opportunistic → Acquire 405". */
function largestMoves(migration: Record<string, Record<string, number>>, count = 3): string[] {
  return Object.entries(migration)
    .flatMap(([from, row]) => Object.entries(row).map(([to, n]) => ({ from, to, n })))
    .filter((m) => m.from !== m.to && m.n > 0)
    .sort((a, b) => b.n - a.n)
    .slice(0, count)
    .map((m) => `${m.from} → ${m.to} ${formatCount(m.n)}`);
}

/** What changed since the previous run, in sentences: moves, win rates by tier, whitespace, the backtest. */
function changeSentences(
  changes: RefreshResult['summary'],
  backtest: BacktestResult | null,
  currency: string,
): string[] {
  const pct = (v: number) => (Number.isNaN(v) ? 'n/a' : `${(100 * v).toFixed(1)}%`);
  const tiers = changes.performance_changes.filter((c) => c.dimension === 'tier');
  const fell = tiers.filter((t) => t.win_rate[1] < t.win_rate[0]).length;
  const moves = largestMoves(changes.quadrant_migration);
  const p = changes.potential;
  return [
    `${formatCount(changes.accounts.changed)} of ${formatCount(changes.accounts.matched)} accounts changed quadrant or tier${moves.length > 0 ? `; largest moves: ${moves.join(', ')}` : ''}. ${formatCount(changes.accounts.new)} accounts are new, ${formatCount(changes.accounts.vanished)} gone.`,
    ...(tiers.length === 0
      ? []
      : [
          `Win rate fell in ${fell} of ${tiers.length} tiers: ${tiers.map((t) => `${t.segment} ${pct(t.win_rate[0])} → ${pct(t.win_rate[1])}`).join(', ')}.`,
        ]),
    `Whitespace ${formatMoney(p.whitespace_previous, currency)} → ${formatMoney(p.whitespace_current, currency)}; spend potential ${formatMoney(p.previous, currency)} → ${formatMoney(p.current, currency)}.`,
    ...(backtest === null
      ? []
      : [
          `The previous run's fit scores predicted who became a customer: AUC ${backtest.auc.value.toFixed(2)} (95% ${backtest.auc.low.toFixed(2)}–${backtest.auc.high.toFixed(2)}); its top fit decile converted ${backtest.topDecileLift.value.toFixed(1)}× as often as average (${formatCount(backtest.becameCustomers)} of ${formatCount(backtest.accounts)} became customers).`,
        ]),
  ];
}

function changesSlide(
  deck: PptxGenJS,
  changes: RefreshResult['summary'],
  backtest: BacktestResult | null,
  currency: string,
): void {
  const slide = deck.addSlide();
  const lines = changeSentences(changes, backtest, currency);
  const a = changes.accounts;
  heading(
    slide,
    `Since the previous run: ${formatCount(a.changed)} accounts changed quadrant or tier`,
    `${formatCount(a.matched)} accounts in both runs; quadrant agreement (adjusted Rand index) ${changes.adjusted_rand_index.quadrants.toFixed(2)}`,
    lines.join('\n'),
  );
  bullets(slide, lines, 1.7);
}

/** The plan slide: headcount by role, coverage, quotas and bookings, the ask — the report's plan, word for word. */
function planSlide(deck: PptxGenJS, data: Data, currency: string): void {
  const plan = coveragePlan(data.report);
  const lines = planSentences(plan, currency);
  const slide = deck.addSlide();
  const reps = plan.planned ?? plan.needed;
  const share = Math.round((100 * plan.covered.opportunity) / Math.max(plan.covered.of, 1));
  heading(
    slide,
    `${formatCount(reps.total)} reps cover ${share}% of the opportunity${plan.ask === null ? '' : `; +${formatCount(plan.ask.reps)} would add ${formatMoney(plan.ask.adds, currency)}`}`,
    'The plan: headcount by role, what it covers, quotas and expected bookings, and the ask',
    `${lines.join('\n')}\nMethod: reps = accounts ÷ accounts per rep by motion and size segment (each role rounded up); named reps take accounts in order of opportunity per unit of their time; quotas = opportunity × realization (new business, scaled to the target) and current spend × (1 + growth) (Retain).`,
  );
  bullets(slide, lines, 1.7);
}

function bullets(slide: Slide, lines: readonly string[], y = 1.3): void {
  slide.addText(
    lines.map((text) => ({ text, options: { bullet: true, breakLine: true } })),
    {
      ...TEXT,
      x: 0.5,
      y,
      w: W - 1,
      h: 7.5 - y - 0.4,
      fontSize: 14,
      valign: 'top',
      paraSpaceAfter: 8,
      fit: 'shrink',
    },
  );
}

function appendixSlides(deck: PptxGenJS, data: Data, spend: SpendModel, currency: string): void {
  const r = data.report;
  const method = deck.addSlide();
  heading(
    method,
    'Appendix: method',
    '',
    "How the segmentation was computed; the report's Method section has the detail.",
  );
  bullets(method, [
    'Cleansing: names, domains, countries, industries (NAICS sectors), head counts and revenue normalized; duplicates merged by domain, else by name and country.',
    `ICP: lift of customers per attribute, and a logistic lookalike model (cross-validated AUC ${r.cvAuc.mean.toFixed(3)} ± ${r.cvAuc.sd.toFixed(3)}); the fit score is the percentile of its probability.`,
    `Spend potential: the ${Math.round(spend.percentile * 100)}th percentile of current spend among peer customers (${spend.method}, at least ${spend.minPeers} peers); whitespace = potential − current spend.`,
    `ROAD: spend threshold ${formatMoney(r.thresholds.spend_threshold, currency)}, opportunity threshold ${formatMoney(r.thresholds.opportunity_threshold, currency)}; opportunity = propensity × whitespace.`,
  ]);
  if (r.warnings.length === 0) return;
  const condensed = oneLinePerKind(r.warnings).map((w) => w.message);
  const notes = deck.addSlide();
  heading(
    notes,
    `Appendix: ${condensed.length} data note${condensed.length === 1 ? '' : 's'} to read before acting`,
    `${formatCount(r.warnings.length)} warnings of the run, one line per kind; the report lists every one with its counts`,
    condensed.join('\n'),
  );
  bullets(notes, condensed.slice(0, 8), 1.7);
}

/** What the method slide says about spend potential, from the run's models/spend.json. */
interface SpendModel {
  method: string;
  percentile: number;
  minPeers: number;
}

/** Rewrites the zip with every date at `created`, so the same run gives the same bytes. */
async function deterministic(bytes: Uint8Array, created: Date): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new JSZip();
  const iso = created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (const name of Object.keys(zip.files).sort()) {
    const entry = zip.files[name];
    if (entry === undefined || entry.dir) continue;
    let content: string | Uint8Array = await entry.async('uint8array');
    if (name === 'docProps/core.xml')
      content = Buffer.from(content)
        .toString('utf8')
        .replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:)/g, `$1${iso}$2`);
    out.file(name, content, { date: created, createFolders: false });
  }
  return out.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

/**
 * Builds the executive deck of a verified run folder.
 *
 * @example
 * writeFileSync('deck.pptx', await buildDeck('out/2026-11'));
 */
export async function buildDeck(dir: string): Promise<Uint8Array> {
  const manifest = await verifyRun(dir);
  const created = new Date(manifest.createdAt);
  const data = await readRunData(dir, manifest.seed);
  const changesFile = await readRunIfPresent(dir, 'changes');
  const changes = changesFile?.summary ?? null;
  const deck = new PptxGenJS();
  deck.layout = 'LAYOUT_WIDE';
  deck.author = 'segment';
  deck.title = data.report.name;
  deck.theme = { headFontFace: DECK_FONT, bodyFontFace: DECK_FONT };
  titleSlide(deck, data, created.toISOString());
  const currency = data.report.money?.currency ?? 'USD';
  planSlide(deck, data, currency);
  summarySlide(deck, data, currency);
  quadrantSlide(deck, data, currency);
  const specs = new Map(studyCharts(data.charts, manifest.seed).map((c) => [c.name, c.spec]));
  const keyCharts = DECK_CHARTS.flatMap((name) => specs.get(name) ?? []);
  const flows = changes && refreshCharts(changes).find((c) => c.name === 'migration-quadrants');
  const changeCharts = [
    ...(flows ? [flows.spec] : []),
    ...(changes !== null && changesFile?.backtest ? [backtestDecilesSpec(changesFile.backtest)] : []),
  ];
  const images = await chartImages([...keyCharts, ...changeCharts]);
  for (const image of images.slice(0, keyCharts.length)) chartSlide(deck, image);
  for (const quadrant of ['Develop', 'Acquire', 'Retain']) topAccountsSlide(deck, data, quadrant, currency);
  customerValueSlide(deck, data, currency);
  if (changes !== null) {
    changesSlide(deck, changes, changesFile?.backtest ?? null, currency);
    for (const image of images.slice(keyCharts.length)) chartSlide(deck, image);
  }
  appendixSlides(deck, data, await readRun(dir, 'spend'), currency);
  const raw = (await deck.write({ outputType: 'uint8array', compression: true })) as Uint8Array;
  return deterministic(raw, created);
}
