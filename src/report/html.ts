/**
 * The executive report: one self-contained HTML file (scripts inlined, no external URL, a Content Security
 * Policy that forbids network access), with the numbers a VP asks for up top, the interactive charts, the top
 * accounts of each quadrant, and method notes. Every data string is HTML-escaped; chart data is embedded as
 * JSON that cannot close its script element.
 */
import type { MoneyRecord } from '../segment/assemble.ts';
import type { BacktestResult } from '../segment/backtest.ts';
import type { NamedChart } from '../charts/run-charts.ts';
import { ROAD_COLORS } from '../charts/theme.ts';
import { formatMoney } from '../core/format.ts';
import { VERSION } from '../core/version.ts';
import type { LiftRow } from '../segment/icp-lift.ts';
import type { PerformanceRow } from '../segment/performance.ts';
import type { RefreshResult } from '../study/refresh.ts';
import { ROLE_NAMES, type CoverageRole, type HeadcountPoint, type RolePlan } from '../segment/capacity.ts';
import type { QuadrantTerritory } from '../segment/territories.ts';
import type { HierarchyArtifact } from '../study/steps/hierarchy.ts';
import type { ScenarioRow } from '../study/steps/scenarios.ts';
import { WHITESPACE_MOTIONS, type WhitespaceSplit } from '../segment/whitespace-split.ts';
import type { Routing } from '../segment/routing.ts';
import type { CustomerValueSummary } from '../segment/customer-value.ts';
import {
  ROAD_MOTIONS,
  type QuadrantTotals,
  type RoadQuadrant,
  type RoadThresholds,
} from '../segment/road.ts';
import { embedJson, escapeHtml, reportFontFaces, reportScripts } from './assets.ts';
import { coveragePlan, planSentences } from './plan.ts';

/** One row of a top-accounts table. */
export interface TopAccount {
  name: string;
  industry: string;
  tier: string;
  fitScore: number;
  spend: number;
  whitespace: number;
  opportunity: number;
  owner: string;
  /** Why the fit score is what it is: the top drivers, in words (empty for older runs). */
  reasons?: string;
  /** What the quadrant's top accounts are ranked by ("opportunity", "fit score", "spend at risk", "current spend"). */
  rankedBy?: string;
  /** The chance the customer is still buying (NaN for prospects and runs without customer value). */
  pAlive?: number;
}

/** The subscriptions' renewals, when invoice lines showed regular billing (shifted-beta-geometric). */
export interface ReportRenewals {
  periodMonths: number;
  /** α / (α + β): a new subscriber's chance of leaving after its first period. */
  firstPeriodRisk: number;
  /** Active subscribers and their mean renewal risk. */
  active: number;
  meanRisk: number;
  /** Subscriptions that stopped being billed. */
  churned: number;
  converged: boolean;
}

/** One input file of the study, as the report lists it. */
export interface ReportInput {
  /** accounts, market, opportunities, spend or engagement. */
  role: string;
  /** The file's name (no folder). */
  file: string;
  rows: number;
  /** What matched, in words ("4,250 of 5,000 accounts matched by domain"), or null. */
  matched: string | null;
}

/** What the report shows. */
export interface ReportData {
  /** The study's name. */
  name: string;
  /** The study's inputs. */
  inputs: ReportInput[];
  /** The study currency, rates, study date and spend window (null in older runs). */
  money?: MoneyRecord | null;
  /** Every warning of the run (data issues, imputations, unmatched rows). */
  warnings: { code: string; message: string }[];
  accounts: number;
  customers: number;
  thresholds: RoadThresholds;
  totals: QuadrantTotals[];
  icp: LiftRow[];
  cvAuc: { mean: number; sd: number };
  reps: number;
  /** Whitespace by motion and product line (empty without product lines). */
  whitespaceByMotion?: WhitespaceSplit['totals'];
  /** Quotas per quadrant, when the study set them. */
  quotas?: ReportQuotas | null;
  /** The capacity plan (null under the "reps needed" rule) and the headcount curve (empty in older runs). */
  coverage?: {
    /** Reps each quadrant needs to cover every account (absent in older report data). */
    needed?: { quadrant: string; reps: number }[];
    plan: RolePlan[] | null;
    curve: HeadcountPoint[];
    /** Balance and moves of each quadrant's territories (fields absent in older runs). */
    territories?: Partial<Record<string, Partial<QuadrantTerritory>>>;
    /** Families from the parent column, when the study had one. */
    hierarchy?: HierarchyArtifact | null;
    /** Coverage scenarios side by side (empty without). */
    scenarios?: ScenarioRow[];
  };
  top: Record<string, TopAccount[]>;
  /** Customer value at risk (or why the study could not value customers); null in older runs. */
  value?:
    | { summary: CustomerValueSummary; horizonMonths: number; renewals?: ReportRenewals | null }
    | { skipped: string }
    | null;
  charts: NamedChart[];
  /** Segment performance rows (all dimensions). */
  performance: PerformanceRow[];
  /** Routing queues. */
  queues: Routing['queues'];
  /** What changed since the previous run, when the study named one. */
  changes: RefreshResult['summary'] | null;
  /** Whether the previous run's fit scores predicted this period's new customers (with a previous run). */
  backtest?: BacktestResult | null;
}

/**
 * The money sentence of the report: the currency, the study date and why, the spend window, the rates used.
 *
 * @example
 * moneyNote(record); // 'Amounts in USD. Study date 2026-06-30 (the latest invoice line); current spend: …'
 */
export function moneyNote(m: MoneyRecord): string {
  const date =
    m.asOf === null
      ? 'no study date (no input has dates)'
      : `study date ${m.asOf} (${m.asOfSource === 'config' ? 'asOf in the config' : `the ${m.asOfSource}`})`;
  const window = m.spendWindow === null ? '' : ` from ${m.spendWindow.from} to ${m.spendWindow.to}`;
  const rates = m.conversions.flatMap(({ input, uses }) =>
    uses
      .filter((u) => u.source !== 'reporting')
      .map((u) => `${input} ${u.currency} ${u.rate === null ? "at the file's rates" : `×${u.rate}`}`),
  );
  const lapsed =
    m.lapsed.customers === 0
      ? ''
      : ` ${n(m.lapsed.customers)} lapsed customers (no spend in the window) are placed by ${m.lapsed.placedBy === 'average' ? 'their average spend per year' : 'the window spend'}.`;
  return `Amounts in ${m.currency}; ${date}; current spend from ${m.spendSource}${window}.${rates.length === 0 ? '' : ` Converted: ${rates.join(', ')}.`}${lapsed}`;
}

function inputsSection(
  name: string,
  inputs: ReportInput[],
  warnings: ReportData['warnings'],
  record: MoneyRecord | null,
): string {
  const rows = inputs
    .map(
      (i) =>
        `<tr><td>${escapeHtml(i.role)}</td><td>${escapeHtml(i.file)}</td><td class="num">${n(i.rows)}</td><td>${escapeHtml(i.matched ?? '')}</td></tr>`,
    )
    .join('');
  const list = warnings.map((w) => `<li>${escapeHtml(w.message)}</li>`).join('');
  return `<h2>Study and data</h2>
<p class="sub">${escapeHtml(name)}</p>
${record === null ? '' : `<p class="money">${escapeHtml(moneyNote(record))}</p>\n`}<table class="inputs"><thead><tr><th>input</th><th>file</th><th class="num">rows</th><th>matched</th></tr></thead><tbody>${rows}</tbody></table>
${warnings.length === 0 ? '<p>No warnings.</p>' : `<p><b>${warnings.length} warning${warnings.length === 1 ? '' : 's'}</b> (read these before acting on the numbers):</p><ul class="warnings">${list}</ul>`}`;
}

const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '–');

function performanceSection(rows: PerformanceRow[], queues: Routing['queues'], currency: string): string {
  const tiers = rows.filter((r) => r.dimension === 'tier');
  if (tiers.length === 0) return '';
  const body = tiers
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.segment)}</td><td class="num">${n(r.accounts)}</td><td class="num">${n(r.deals_won + r.deals_lost)}</td><td class="num">${pct(r.win_rate)}</td><td class="num">${pct(r.win_rate_low)}–${pct(r.win_rate_high)}</td><td class="num">${Number.isFinite(r.avg_deal_size) ? formatMoney(r.avg_deal_size, currency) : '–'}</td><td class="num">${Number.isFinite(r.avg_cycle_days) ? Math.round(r.avg_cycle_days) : '–'}</td><td class="num">${formatMoney(r.open_pipeline, currency)}</td></tr>`,
    )
    .join('\n');
  const queueRows = queues
    .map(
      (q) =>
        `<tr><td>${escapeHtml(q.queue)}</td><td class="num">${n(q.accounts)}</td><td class="num">${formatMoney(q.opportunity, currency)}</td><td class="num">${q.reps || 'pool'}</td></tr>`,
    )
    .join('\n');
  return `<h2>Is the segmentation working?</h2>
<p class="sub">Closed opportunities by the tier of their account. Open deals count as neither won nor lost; intervals are 95% Wilson intervals.</p>
<table class="performance"><thead><tr><th>Tier</th><th class="num">Accounts</th><th class="num">Closed deals</th><th class="num">Win rate</th><th class="num">95% interval</th><th class="num">Avg won deal</th><th class="num">Cycle (days)</th><th class="num">Open pipeline</th></tr></thead>
<tbody>${body}</tbody></table>
<h3>Routing queues</h3>
<table class="queues"><thead><tr><th>Queue</th><th class="num">Accounts</th><th class="num">Opportunity</th><th class="num">Reps</th></tr></thead><tbody>${queueRows}</tbody></table>`;
}

function backtestText(b: BacktestResult | null | undefined): string {
  if (!b) return '';
  return `<p><b>Did the previous run's scores predict?</b> ${n(b.becameCustomers)} of ${n(b.accounts)} accounts that were not customers then are customers now. The previous fit score ranks them with an AUC of ${b.auc.value.toFixed(3)} (95% ${b.auc.low.toFixed(3)}–${b.auc.high.toFixed(3)}; 0.5 = chance), and its top decile became customers ${b.topDecileLift.value.toFixed(1)}× as often as average (see the backtest chart).</p>`;
}

function changesSection(c: RefreshResult['summary'] | null, b?: BacktestResult | null): string {
  if (!c) return '';
  const drift = Object.entries(c.psi)
    .filter(([, v]) => Number.isFinite(v))
    .sort((a, b) => b[1] - a[1])[0];
  return `<section class="changes">
<h2>Since the previous run</h2>
<div class="kpis">
  <div class="kpi"><div class="v">${n(c.accounts.changed)}</div><div class="l">accounts changed quadrant or tier (of ${n(c.accounts.matched)} matched)</div></div>
  <div class="kpi"><div class="v">${n(c.accounts.new)} / ${n(c.accounts.vanished)}</div><div class="l">new / vanished accounts</div></div>
  <div class="kpi"><div class="v">${c.adjusted_rand_index.quadrants.toFixed(2)}</div><div class="l">quadrant stability (adjusted Rand index; 1 = unchanged)</div></div>
  <div class="kpi"><div class="v">${drift ? escapeHtml(drift[0].replaceAll('_', ' ')) : '–'}</div><div class="l">largest drift${drift ? ` (PSI ${drift[1].toFixed(2)})` : ''}</div></div>
</div>
${backtestText(b)}
</section>`;
}

const n = (v: number) => v.toLocaleString('en-US');

const CSS = `
:root { --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Source Sans 3", "Source Sans Pro", -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f7f8fa; }
main { max-width: 1120px; margin: 0 auto; padding: 32px 24px 64px; }
h1 { font-size: 30px; margin: 0 0 4px; } h2 { font-size: 22px; margin: 40px 0 12px; } h3 { font-size: 17px; margin: 24px 0 8px; }
.sub { color: var(--muted); margin: 0 0 24px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; }
.kpi { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
.kpi .v { font-size: 26px; font-weight: 700; } .kpi .l { color: var(--muted); font-size: 13px; }
.quadrants { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 12px; margin-top: 12px; }
.quadrant { background: #fff; border-radius: 8px; border: 1px solid var(--line); border-top: 5px solid; padding: 12px 16px; }
.quadrant .name { font-weight: 700; font-size: 18px; } .quadrant p { margin: 4px 0; color: var(--muted); font-size: 14px; }
.chart { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px; margin: 12px 0; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 14px; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.why { font-size: 12px; color: var(--muted); max-width: 360px; }
.notes li { margin: 6px 0; } footer { color: var(--muted); font-size: 13px; margin-top: 40px; }
#vg-tooltip-element { font-family: inherit; }
@media print {
  @page { size: A4 landscape; margin: 12mm 12mm 16mm; }
  body { background: #fff; }
  main { max-width: none; padding: 0; }
  h2 { break-before: page; margin-top: 0; }
  .plan h2 { break-before: auto; margin-top: 24px; }
  .chart, .kpi, .quadrant, tr, .notes li { break-inside: avoid; }
  .charts-heading { display: none; }
  .chart { overflow: visible; border: none; padding: 0; margin: 0; break-before: page; }
  .chart svg { max-height: 170mm; max-width: 100%; display: block; margin: 0 auto; }
  #vg-tooltip-element, footer { display: none; }
}
`;

function quadrantCards(totals: QuadrantTotals[], currency: string): string {
  return totals
    .map(
      (
        t,
      ) => `<div class="quadrant" data-quadrant="${escapeHtml(t.quadrant)}" style="border-top-color:${ROAD_COLORS[t.quadrant as RoadQuadrant]}">
  <div class="name">${escapeHtml(t.quadrant)}</div>
  <p>${escapeHtml(ROAD_MOTIONS[t.quadrant as RoadQuadrant])}</p>
  <p><b>${n(t.accounts)}</b> accounts · spend ${formatMoney(t.spend, currency)} · whitespace <b>${formatMoney(t.whitespace, currency)}</b></p>
</div>`,
    )
    .join('\n');
}

/** The growth roles' (hunters, farmers) reps of a plan, or null under the "reps needed" rule. */
function growthReps(plan: readonly RolePlan[] | null): number | null {
  return plan === null
    ? null
    : plan.filter((r) => r.measure === 'opportunity').reduce((s, r) => s + r.reps, 0);
}

/** The quotas of a run, summed per quadrant. */
export interface ReportQuotas {
  target: number | null;
  band: { min: number; max: number };
  /** The realization rate new-business quotas used and its source (null in format-1 runs). */
  realization: { rate: number; source: 'configured' | 'previous run' | 'default' } | null;
  /** Expected new-business bookings: the named reps' opportunity × realization, before the target's scaling. */
  expectedBookings?: number;
  /** Growth on Retain renewals (null in format-1 runs, where Retain quotas came from opportunity). */
  retainGrowth: number | null;
  /** The ramp share of a new rep's quota and how many reps are new (absent in older runs). */
  ramp?: number | null;
  newReps?: number;
  byQuadrant: {
    quadrant: string;
    reps: number;
    /** What the quotas come from: opportunity, or the current spend Retain reps renew. */
    basis: 'opportunity' | 'current_spend';
    quota: number;
    opportunity: number;
    currentSpend: number;
    min: number;
    median: number;
    max: number;
    outsideBand: number;
  }[];
}

/** How the new-business quotas were set, in words. */
function realizationWords(q: ReportQuotas): string {
  const r = q.realization;
  if (r === null) return 'the rules of its run';
  const rate = `${(r.rate * 100).toFixed(1)}%`;
  if (r.source === 'previous run')
    return `a realization of <b>${rate}</b> — the share of the previous run's opportunity booked since`;
  if (r.source === 'configured') return `a realization of <b>${rate}</b> (quotas.realization)`;
  return `a realization of ${rate}: opportunity at face value, as no previous run measured it (set quotas.realization)`;
}

function quotaRow(r: ReportQuotas['byQuadrant'][number], currency: string): string {
  const renewal = r.basis === 'current_spend';
  const ratio = renewal
    ? `renewal: ${(r.currentSpend > 0 ? (100 * r.quota) / r.currentSpend : 0).toFixed(0)}% of spend`
    : `${(r.opportunity > 0 ? (100 * r.quota) / r.opportunity : 0).toFixed(0)}%`;
  return `<tr><td>${escapeHtml(r.quadrant)}</td><td class="num">${n(r.reps)}</td><td class="num">${formatMoney(r.quota, currency)}</td><td class="num">${formatMoney(r.min, currency)} / ${formatMoney(r.median, currency)} / ${formatMoney(r.max, currency)}</td><td class="num">${ratio}</td><td class="num">${renewal ? '—' : n(r.outsideBand)}</td></tr>`;
}

function quotasSection(q: ReportQuotas | null | undefined, currency: string): string {
  if (!q) return '';
  const growth = q.byQuadrant.filter((r) => r.basis === 'opportunity');
  const renewals = q.byQuadrant.filter((r) => r.basis === 'current_spend');
  const sum = (rows: typeof growth, key: 'quota' | 'reps' | 'outsideBand') =>
    rows.reduce((s, r) => s + r[key], 0);
  const target =
    q.target === null
      ? 'no new-business target given'
      : `scaled to the new-business target of ${formatMoney(q.target, currency)}`;
  const band = `${(q.band.min * 100).toFixed(0)}–${(q.band.max * 100).toFixed(0)}%`;
  const renewalText =
    renewals.length === 0
      ? ''
      : ` ${n(sum(renewals, 'reps'))} Retain reps renew <b>${formatMoney(sum(renewals, 'quota'), currency)}</b>: their accounts' current spend${q.retainGrowth ? ` + ${(q.retainGrowth * 100).toFixed(1)}% growth` : ''} (quotas.retainGrowth), outside the target and the band.`;
  const ramp =
    q.ramp != null && (q.newReps ?? 0) > 0
      ? ` ${n(q.newReps ?? 0)} new reps (seats no current owner holds) carry ${(q.ramp * 100).toFixed(0)}% of a full quota while they ramp; the target is spread over the rest.`
      : '';
  return `<h2>Quotas</h2>
<p data-quotas-summary>${n(sum(growth, 'reps'))} new-business reps carry <b>${formatMoney(sum(growth, 'quota'), currency)}</b> of quota: each rep's territory opportunity (probability × whitespace) × ${realizationWords(q)}, ${target}. Attainable band: quota ÷ territory opportunity ${band}; <b>${n(sum(growth, 'outsideBand'))}</b> reps fall outside it (quotas.csv lists every rep).${renewalText}${ramp}</p>
<table data-table="quotas"><thead><tr><th>Quadrant</th><th class="num">Reps</th><th class="num">Quota</th><th class="num">Min / median / max per rep</th><th class="num">Quota ÷ opportunity</th><th class="num">Reps outside the band</th></tr></thead>
<tbody>${q.byQuadrant.map((r) => quotaRow(r, currency)).join('\n')}</tbody></table>`;
}

/** The plan on one page: headcount by role, coverage, quotas and bookings, the ask (see `plan.ts`). */
function planSection(d: ReportData, currency: string): string {
  const sentences = planSentences(coveragePlan(d), currency);
  return `<section class="plan" data-plan><h2>The plan</h2><ul>${sentences.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul></section>`;
}

/** Reps planned (with coverage.reps) or reps needed to cover every account. */
function repsKpi(d: ReportData): string {
  const plan = d.coverage?.plan ?? null;
  if (plan === null)
    return `<div class="kpi"><div class="v">${n(d.reps)}</div><div class="l">reps needed to cover the plan</div></div>`;
  const reps = plan.reduce((s, r) => s + r.reps, 0);
  return `<div class="kpi"><div class="v">${n(reps)}</div><div class="l">reps planned (covering all would take ${n(d.reps)})</div></div>`;
}

/** The headcount sentence: what the planned growth reps cover, the next rep, and the best split of as many. */
function coverageSummary(
  plan: readonly RolePlan[] | null,
  curve: readonly HeadcountPoint[],
  currency: string,
): string {
  const last = curve[curve.length - 1] as HeadcountPoint;
  const planned = growthReps(plan);
  if (planned === null || plan === null)
    return `Covering every Acquire and Develop account takes <b>${n(last.reps)}</b> hunters and farmers (the "reps needed" rule); the headcount curve shows what fewer would cover.`;
  const at = curve[Math.min(planned, last.reps)] as HeadcountPoint;
  const covered = plan.filter((r) => r.measure === 'opportunity').reduce((s, r) => s + r.valueCovered, 0);
  const next = curve[at.reps + 1];
  const share = last.opportunityCovered > 0 ? covered / last.opportunityCovered : 0;
  const best =
    at.opportunityCovered > covered * 1.005
      ? ` The same ${n(planned)} split ${n(at.byRole.hunters)} hunters / ${n(at.byRole.farmers)} farmers would cover <b>${formatMoney(at.opportunityCovered, currency)}</b>.`
      : '';
  const nextText = next
    ? `; the next rep would add <b>${formatMoney(next.marginal, currency)}</b> as a ${ROLE_NAMES[next.role as CoverageRole].one}`
    : '';
  return `With <b>${n(planned)}</b> hunters and farmers, named reps cover <b>${formatMoney(covered, currency)}</b> of ${formatMoney(last.opportunityCovered, currency)} opportunity (${Math.round(share * 100)}%)${nextText}.${best} Covering every account would take ${n(last.reps)}.`;
}

/** One quadrant's territory balance row: spread around the mean, tolerance, moves, how it was solved. */
function territoryRow(quadrant: string, t: Partial<QuadrantTerritory>, currency: string): string {
  const pct = (v: number | undefined) => (v === undefined ? '' : `${(v * 100).toFixed(1)}%`);
  // Format-1 runs balanced every quadrant on opportunity and called the totals opportunityPerRep.
  const perRep = t.valuePerRep ?? (t as { opportunityPerRep?: number[] }).opportunityPerRep ?? [];
  const mean = perRep.length > 0 ? perRep.reduce((s, v) => s + v, 0) / perRep.length : NaN;
  const measure = t.balancedOn === 'current_spend' ? 'current spend' : 'opportunity';
  const workloadGap =
    t.workloadBalanced === false
      ? `±${pct(t.maxWorkloadDeviation)} (not balanced)`
      : `±${pct(t.maxWorkloadDeviation)}`;
  const moved =
    t.accountsMovedFromScratch == null
      ? '—'
      : `${n(t.accountsMoved ?? 0)} (from scratch ${n(t.accountsMovedFromScratch)}${t.movesLowerBound == null ? '' : `; at least ${n(t.movesLowerBound)}`})`;
  const solver =
    t.solverStatus == null
      ? 'heuristic'
      : `HiGHS: ${escapeHtml(t.solverStatus)}${t.gap == null ? '' : `, gap ${pct(t.gap)}`}`;
  const met =
    t.withinTolerance === undefined
      ? ''
      : t.withinTolerance
        ? `yes, on ${measure}`
        : `<b>no</b> (${measure})`;
  const ratio = (v: number | null | undefined) =>
    v == null ? '' : Number.isFinite(v) ? `${v.toFixed(2)}×` : '∞ (a rep has none)';
  return `<tr><td>${escapeHtml(quadrant)}</td><td class="num">${n(t.reps ?? perRep.length)}</td><td>${measure}</td><td class="num">${Number.isNaN(mean) ? '' : formatMoney(mean, currency)}</td><td class="num">±${pct(t.maxDeviation)}</td><td class="num">${ratio(t.maxMinRatio)} · ${t.gini === undefined ? '' : t.gini.toFixed(3)}</td><td class="num">${workloadGap}</td><td class="num">±${pct(t.tolerance)}</td><td>${met}</td><td class="num">${n(t.lockedAccounts ?? 0)}</td><td class="num">${moved}</td><td>${solver}</td></tr>`;
}

/** Territory balance per quadrant, in runs that recorded it. */
function territorySection(
  territories: Partial<Record<string, Partial<QuadrantTerritory>>> | undefined,
  currency: string,
): string {
  const rows = Object.entries(territories ?? {}).filter(([, t]) => t?.tolerance !== undefined);
  if (rows.length === 0) return '';
  return `<h3>Territory balance</h3>
<table data-table="territories"><thead><tr><th>Quadrant</th><th class="num">Reps</th><th>Balanced on</th><th class="num">Per rep (mean)</th><th class="num">Largest gap from mean</th><th class="num">Max ÷ min · Gini</th><th class="num">Workload gap</th><th class="num">Tolerance</th><th>Met</th><th class="num">Locked</th><th class="num">Accounts moved</th><th>Solved by</th></tr></thead>
<tbody>${rows.map(([q, t]) => territoryRow(q, t as Partial<QuadrantTerritory>, currency)).join('\n')}</tbody></table>
<p>Each rep's opportunity — current spend in Retain, the book its reps renew — (and workload, when balanced) should lie within the tolerance of the quadrant's mean; a workload gap marked "not balanced" is shown, not held to the band; accounts keep their current owner unless balance needs the move ("from scratch" is what a fresh rebalance would move; "at least" is the LP lower bound).</p>`;
}

/** The largest account families (roll-ups to the ultimate parent) and what the hierarchy could not resolve. */
function familiesSection(h: HierarchyArtifact | null | undefined, currency: string): string {
  if (!h) return '';
  const rows = h.largest
    .map(
      (f) =>
        `<tr><td>${escapeHtml(f.name ?? f.ultimateParentId)}</td><td class="num">${n(f.accounts)}</td><td class="num">${formatMoney(f.spend, currency)}</td><td class="num">${formatMoney(f.spendPotential, currency)}</td><td class="num">${formatMoney(f.whitespace, currency)}</td><td class="num">${formatMoney(f.opportunity, currency)}</td></tr>`,
    )
    .join('\n');
  const problems = [
    h.orphans > 0
      ? `${n(h.orphans)} accounts name a parent that is not in the file (each heads its own family)`
      : '',
    h.cycles.length > 0 ? `${n(h.cycles.length)} parent chains loop (each loop is one family)` : '',
  ].filter(Boolean);
  return `<h3>Account families</h3>
<p data-families-summary>From "${escapeHtml(h.parentColumn)}": ${n(h.accountsInFamilies)} accounts in ${n(h.multiAccountFamilies)} families of two or more; spend, potential, whitespace and opportunity roll up to each ultimate parent (segments.csv <code>family_*</code>, CRM <code>Ultimate_Parent_Account__c</code>, <code>Family_Whitespace__c</code>), and a family's named accounts share one rep.${problems.length > 0 ? ` Not resolved: ${problems.join('; ')} — see the warnings.` : ''}</p>
${
  rows === ''
    ? ''
    : `<table data-table="families"><thead><tr><th>Ultimate parent</th><th class="num">Accounts</th><th class="num">Spend</th><th class="num">Potential</th><th class="num">Whitespace</th><th class="num">Opportunity</th></tr></thead>
<tbody>${rows}</tbody></table>`
}`;
}

/** Whitespace by motion (rows) and product line (columns), with totals. */
function whitespaceMotionsSection(totals: WhitespaceSplit['totals'] | undefined, currency: string): string {
  if (!totals || totals.length === 0) return '';
  const lines = [...new Set(totals.map((t) => t.line))];
  const cell = (motion: string, line: string) =>
    totals.filter((t) => t.motion === motion && t.line === line).reduce((s, t) => s + t.whitespace, 0);
  const row = (motion: string) => {
    const values = lines.map((line) => cell(motion, line));
    return `<tr><td>${escapeHtml(motion)}</td>${values.map((v) => `<td class="num">${formatMoney(v, currency)}</td>`).join('')}<td class="num"><b>${formatMoney(
      values.reduce((s, v) => s + v, 0),
      currency,
    )}</b></td></tr>`;
  };
  const columnTotals = lines.map((line) => WHITESPACE_MOTIONS.reduce((s, m) => s + cell(m, line), 0));
  return `<h2>Whitespace by motion and product line</h2>
<table data-table="whitespace-motions"><thead><tr><th>Motion</th>${lines.map((l) => `<th class="num">${escapeHtml(l)}</th>`).join('')}<th class="num">Total</th></tr></thead>
<tbody>${WHITESPACE_MOTIONS.map(row).join('\n')}
<tr><td><b>Total</b></td>${columnTotals.map((v) => `<td class="num"><b>${formatMoney(v, currency)}</b></td>`).join('')}<td class="num"><b>${formatMoney(
    columnTotals.reduce((s, v) => s + v, 0),
    currency,
  )}</b></td></tr></tbody></table>
<p>New logo: prospects' whitespace. Upsell: customers' whitespace in lines they already buy. Cross-sell: in lines they do not buy yet. Each account's whitespace is split by its per-line whitespace (each line's peer potential among its buyers, less the account's spend in it), so the parts add up to the whitespace above (segments.csv <code>whitespace_new_logo</code>, <code>whitespace_upsell</code>, <code>whitespace_cross_sell</code>, <code>whitespace_line_*</code>; CRM <code>Whitespace_Upsell__c</code> …).</p>`;
}

/** The coverage scenarios side by side. */
function scenariosSection(rows: readonly ScenarioRow[] | undefined, currency: string): string {
  if (!rows || rows.length === 0) return '';
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const or = (v: number, f: (v: number) => string) => (Number.isNaN(v) ? '—' : f(v));
  const body = rows
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.scenario)}</td><td class="num">${n(r.hunters)} / ${n(r.farmers)} / ${n(r.account_managers)}</td><td class="num">${n(r.reps)}</td><td class="num">${n(r.accounts_named)}</td><td class="num">${formatMoney(r.opportunity_covered, currency)} (${pct(r.opportunity_share)})</td><td class="num">±${pct(r.max_deviation)}${r.within_tolerance ? '' : ' <b>over</b>'}</td><td class="num">${or(r.accounts_moved, n)}</td><td class="num">${or(r.quota_per_rep, (v) => formatMoney(v, currency))}</td><td class="num">${or(r.reps_outside_band, n)}</td></tr>`,
    )
    .join('\n');
  return `<h3>Scenarios</h3>
<table data-table="scenarios"><thead><tr><th>Scenario</th><th class="num">Hunters / farmers / AMs</th><th class="num">Reps</th><th class="num">Named accounts</th><th class="num">Opportunity covered</th><th class="num">Largest gap</th><th class="num">Accounts moved</th><th class="num">Quota per rep</th><th class="num">Reps outside band</th></tr></thead>
<tbody>${body}</tbody></table>
<p>Each scenario is planned like the study: capacity, territories under the same rules, quotas by the same rules (scenarios.csv).</p>`;
}

/** The capacity plan per role and what the headcount curve says about the next rep. */
function coverageSection(coverage: ReportData['coverage'], currency: string): string {
  if (!coverage || coverage.curve.length < 2) return '';
  const { plan, curve } = coverage;
  const rows = (plan ?? [])
    .map(
      (r) =>
        `<tr><td>${escapeHtml(ROLE_NAMES[r.role].many)}</td><td>${escapeHtml(r.quadrant)}</td><td class="num">${n(r.reps)}</td><td class="num">${n(r.accountsCovered)} of ${n(r.accounts)}</td><td class="num">${formatMoney(r.valueCovered, currency)} of ${formatMoney(r.value, currency)} ${r.measure === 'spend' ? 'current spend' : 'opportunity'}</td><td class="num">${n(r.repsToCoverAll)}</td></tr>`,
    )
    .join('\n');
  const table =
    plan === null
      ? ''
      : `<table data-table="capacity"><thead><tr><th>Role</th><th>Quadrant</th><th class="num">Reps</th><th class="num">Accounts with a named rep</th><th class="num">Covered</th><th class="num">Reps to cover all</th></tr></thead>
<tbody>${rows}</tbody></table>
<p>Hunters and farmers take accounts by opportunity per unit of their time, account managers by current spend (what they keep); accounts no rep has time for go to the digital pool (owner "… pool").</p>`;
  return `<h2>Coverage and headcount</h2>
<p data-coverage-summary>${coverageSummary(plan, curve, currency)}</p>
${table}
${territorySection(coverage.territories, currency)}
${scenariosSection(coverage.scenarios, currency)}
${familiesSection(coverage.hierarchy, currency)}`;
}

function valueSection(value: ReportData['value'], currency: string): string {
  if (value === null || value === undefined) return '';
  if ('skipped' in value) return `<h2>Customer value</h2>\n<p class="note">${escapeHtml(value.skipped)}.</p>`;
  const { summary: v, horizonMonths } = value;
  const r = value.renewals ?? null;
  const renewals =
    r === null
      ? ''
      : `<p><b>Renewals</b> (billed every ${r.periodMonths} months; shifted-beta-geometric): ${n(r.active)} active subscribers, mean chance of not renewing at the end of their current period ${(100 * r.meanRisk).toFixed(1)} %; ${n(r.churned)} subscriptions stopped being billed${r.converged ? `; a new subscriber leaves after its first period with chance ${(100 * r.firstPeriodRisk).toFixed(1)} %` : ' — too few to estimate churn: read the risks as near zero, not as safe'}.</p>`;
  const rows = v.toSave
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.name)}</td><td>${escapeHtml(c.quadrant)}</td><td class="num">${(100 * c.pAlive).toFixed(0)} %</td><td class="num">${formatMoney(c.spend, currency)}</td><td class="num">${formatMoney(c.spendAtRisk, currency)}</td><td class="num">${formatMoney(c.expectedValue, currency)}</td><td>${escapeHtml(c.owner)}</td></tr>`,
    )
    .join('\n');
  const table =
    rows === ''
      ? '<p>No Retain or Develop customer has spend at risk.</p>'
      : `<h3>Retain and Develop customers to save first (largest spend at risk)</h3>
<table data-table="customers-to-save"><thead><tr><th>Account</th><th>Quadrant</th><th class="num">Still buying</th><th class="num">Spend</th><th class="num">Spend at risk</th><th class="num">Expected wins, ${horizonMonths} months</th><th>Owner</th></tr></thead>
<tbody>${rows}</tbody></table>`;
  return `<h2>Customer value</h2>
<section class="kpis">
  <div class="kpi"><div class="v">${formatMoney(v.spendAtRisk, currency)}</div><div class="l">current spend at risk (spend × chance the customer stopped buying)</div></div>
  <div class="kpi"><div class="v">${n(v.probablyGone.customers)}</div><div class="l">customers probably gone (still buying &lt; ${(100 * v.atRiskBelow).toFixed(0)} %), ${formatMoney(v.probablyGone.spend, currency)} of spend</div></div>
  <div class="kpi"><div class="v">${formatMoney(v.expectedValue, currency)}</div><div class="l">expected won-deal value of ${n(v.customers)} customers over ${horizonMonths} months (discounted)</div></div>
</section>
${renewals}
${table}`;
}

/**
 * The money columns of a quadrant's top table: whitespace and opportunity when it is ranked by opportunity or fit;
 * the chance the customer still buys and its spend at risk when ranked by spend (Retain).
 */
function topMoneyColumns(rows: readonly TopAccount[], currency: string): [string, (r: TopAccount) => string] {
  const cell = (v: string) => `<td class="num">${v}</td>`;
  if (['opportunity', 'fit score'].includes(rows[0]?.rankedBy ?? 'opportunity'))
    return [
      '<th class="num">Whitespace</th><th class="num">Opportunity</th>',
      (r) => cell(formatMoney(r.whitespace || 0, currency)) + cell(formatMoney(r.opportunity || 0, currency)),
    ];
  const alive = (r: TopAccount) => r.pAlive ?? Number.NaN;
  return [
    '<th class="num">Still buying</th><th class="num">Spend at risk</th>',
    (r) =>
      cell(Number.isNaN(alive(r)) ? '' : `${(100 * alive(r)).toFixed(0)} %`) +
      cell(Number.isNaN(alive(r)) ? '' : formatMoney((r.spend || 0) * (1 - alive(r)), currency)),
  ];
}

function topTable(quadrant: string, rows: TopAccount[], currency: string): string {
  if (rows.length === 0) return '';
  const [moneyHeader, moneyCells] = topMoneyColumns(rows, currency);
  const body = rows
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.industry)}</td><td>${escapeHtml(r.tier)}</td><td class="num" title="${escapeHtml(r.reasons ?? '')}">${Number.isNaN(r.fitScore) ? '' : r.fitScore.toFixed(1)}</td><td class="why">${escapeHtml((r.reasons ?? '').replaceAll('; ', ' · '))}</td><td class="num">${formatMoney(r.spend || 0, currency)}</td>${moneyCells(r)}<td>${escapeHtml(r.owner)}</td></tr>`,
    )
    .join('\n');
  return `<h3>${escapeHtml(quadrant)}: top ${rows.length} by ${escapeHtml(rows[0]?.rankedBy ?? 'opportunity')}</h3>
<table data-quadrant="${escapeHtml(quadrant)}"><thead><tr><th>Account</th><th>Industry</th><th>Tier</th><th class="num">Fit</th><th>Why this fit (log-odds vs the average account)</th><th class="num">Spend</th>${moneyHeader}<th>Owner</th></tr></thead>
<tbody>${body}</tbody></table>`;
}

/** The method notes at the end of the report (static text). */
const METHOD_NOTES = `<h2>Method</h2>
<ul class="notes">
<li><b>Fit score</b> (0–100): the percentile of an account's lookalike probability in the universe. The lookalike model is a logistic regression of "is a customer" on firmographics, checked by stratified cross-validation. <b>The probability</b> is the chance that an account like this one is already a customer, given its firmographics — not a chance to buy within a period; the calibration chart compares it with the observed share of customers per decile, and the warnings name any decile where the two differ by more than 5 points. <b>Why this fit</b>: each account's strongest drivers, as contributions to the log-odds against the average account.</li>
<li><b>Spend potential</b>: what well-penetrated peers spend (a percentile of customers' current spend in the same industry and size band); <b>whitespace</b> = potential − current spend.</li>
<li><b>Opportunity</b> = propensity × whitespace. <b>ROAD</b>: Retain (high spend, low opportunity), Develop (high, high), Acquire (low spend, high opportunity), Opportunistic (low, low); thresholds as shown above.</li>
<li><b>Customer value</b>: from each customer's won deals, a BG/NBD model gives the chance it is still buying (it may stop after any repeat purchase) and its purchases expected over the horizon, a Gamma-Gamma model the value of a purchase; value is discounted month by month. <b>Spend at risk</b> = current spend × (1 − chance still buying).</li>
<li><b>Coverage</b>: reps = accounts ÷ accounts per rep, by motion and size segment; territories balance opportunity across reps (current spend in Retain, the book its reps renew). With a given headcount per role (hunters, farmers, account managers), reps take accounts in order of opportunity per unit of their time until their time is used; the headcount curve adds each next rep where it covers the most opportunity.</li>
</ul>`;

/** Draws every chart of the report with vega-embed once the embedded font faces have loaded. */
const CHART_SCRIPT = `<script>
(function () {
  var specs = JSON.parse(document.getElementById('chart-specs').textContent);
  window.__views = {};
  window.__chartErrors = [];
  // Charts measure their labels with the font: draw them once the embedded faces are loaded.
  var fonts = document.fonts
    ? Promise.all(['400', '600', '700'].map(function (w) { return document.fonts.load(w + ' 16px "Source Sans 3"'); }))
    : Promise.resolve();
  window.__chartsReady = fonts.then(function () { return Promise.all(Object.keys(specs).map(function (name) {
    return vegaEmbed('#chart-' + name, specs[name], { actions: false, renderer: 'svg', tooltip: { theme: 'light' } })
      .then(function (result) { window.__views[name] = result.view; })
      .catch(function (error) { window.__chartErrors.push(name + ': ' + error.message); });
  })); });
})();
</script>`;

/**
 * The report as one HTML string.
 *
 * @example
 * writeFileSync('report.html', buildReportHtml(data));
 */
export function buildReportHtml(d: ReportData): string {
  const potential = d.totals.reduce((s, t) => s + t.potential, 0);
  const whitespace = d.totals.reduce((s, t) => s + t.whitespace, 0);
  const icpText = d.icp
    .slice(0, 6)
    .map((r) => `${r.attribute.replaceAll('_', ' ')} = ${r.value} (${r.lift.toFixed(1)}×)`)
    .join('; ');
  const currency = d.money?.currency ?? 'USD';
  const charts = d.charts
    .map(
      (c) => `<div class="chart" id="chart-${escapeHtml(c.name)}" data-chart="${escapeHtml(c.name)}"></div>`,
    )
    .join('\n');
  const specs = embedJson(Object.fromEntries(d.charts.map((c) => [c.name, c.spec])));
  const scripts = reportScripts()
    .map((s) => `<script>${s}</script>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>Account segmentation: executive summary</title>
<style>${reportFontFaces()}
${CSS}</style>
</head>
<body>
<main>
<h1>Account segmentation: ${escapeHtml(d.name)}</h1>
<p class="sub">${n(d.accounts)} accounts, ${n(d.customers)} customers · ROAD thresholds: spend ${formatMoney(d.thresholds.spend_threshold, currency)}, opportunity ${formatMoney(d.thresholds.opportunity_threshold, currency)}</p>
<section class="kpis">
  <div class="kpi"><div class="v">${formatMoney(potential, currency)}</div><div class="l">total spend potential</div></div>
  <div class="kpi"><div class="v">${formatMoney(whitespace, currency)}</div><div class="l">whitespace (potential − spend)</div></div>
  ${repsKpi(d)}
  <div class="kpi"><div class="v">${d.cvAuc.mean.toFixed(3)}</div><div class="l">lookalike AUC (cross-validated, ± ${d.cvAuc.sd.toFixed(3)})</div></div>
</section>
${planSection(d, currency)}
<section class="quadrants">
${quadrantCards(d.totals, currency)}
</section>
${changesSection(d.changes, d.backtest)}
<p><b>Ideal customer profile:</b> ${escapeHtml(icpText || 'no attribute value stands out significantly')}.</p>
<h2 class="charts-heading">Charts</h2>
${charts}
${whitespaceMotionsSection(d.whitespaceByMotion, currency)}
${coverageSection(d.coverage, currency)}
${quotasSection(d.quotas, currency)}
${performanceSection(d.performance, d.queues, currency)}
${valueSection(d.value, currency)}
<h2>Top accounts by quadrant</h2>
${d.totals.map((t) => topTable(t.quadrant, d.top[t.quadrant] ?? [], currency)).join('\n')}
${inputsSection(d.name, d.inputs, d.warnings, d.money ?? null)}
${METHOD_NOTES}
<footer>segment ${escapeHtml(VERSION)} · charts are interactive: hover for details.</footer>
</main>
<script type="application/json" id="chart-specs">${specs}</script>
${scripts}
${CHART_SCRIPT}
</body>
</html>
`;
}
