/**
 * Segment refresh: compare a previous and a current run (every 3–12 months) and show what moved.
 *
 * Accounts are matched by `account_id`. Reported: quadrant and tier migration matrices, the adjusted Rand
 * index of clusters and quadrants, the population stability index (PSI) of features and the fit score,
 * changes of the lookalike coefficients and ROAD thresholds, potential totals, the accounts whose quadrant
 * or tier changed with the driver of each change, and new and vanished accounts.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '../core/errors.ts';
import type { Frame } from '../data/frame.ts';
import { loadTable } from '../data/load.ts';
import { readRun, readRunTable, verifyRun } from './run-folder.ts';
import { ROAD_QUADRANTS, TIER_NAMES } from '../segment/vocabulary.ts';
import { adjustedRandIndex } from '../stats/adjusted-rand-index.ts';
import { populationStabilityIndex } from '../stats/population-stability-index.ts';

/** A loaded run: its segments and, when available, its models and thresholds. */
interface Run {
  path: string;
  segments: Frame;
  /** performance.csv of the run, when it has one. */
  performance: Frame | null;
  lookalike: {
    coefficients: Record<string, number>;
    standardErrors?: Record<string, number>;
    intercept: number;
  } | null;
  road: { spend_threshold: number; opportunity_threshold: number } | null;
}

/**
 * Reads a run folder (or a bare segments CSV) through the run-folder module: a missing file is an error, and a
 * sealed run folder (one with its manifest) must match its manifest's hashes.
 */
async function loadRun(path: string, sealed: boolean): Promise<Run> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new DataError('run folder or segments file not found', { file: path });
  const dir = info.isDirectory() ? path : null;
  if (dir !== null && sealed) await verifyRun(dir);
  const file = dir ? join(dir, 'segments.csv') : path;
  const textColumns = ['account_id', 'name', 'tier', 'road_quadrant', 'cluster'];
  const frame = dir
    ? await readRunTable(dir, 'segments.csv', textColumns)
    : (await loadTable(file, { textColumns })).frame;
  for (const column of ['account_id', 'road_quadrant', 'tier']) {
    if (!frame.has(column)) throw new DataError(`not a segments file: no column "${column}"`, { file });
  }
  const ids = frame.strings('account_id');
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (id === null) throw new DataError('account id is missing', { file, row: i + 1, column: 'account_id' });
    if (seen.has(id))
      throw new DataError(`account id "${id}" appears twice`, { file, row: i + 1, column: 'account_id' });
    seen.add(id);
  });
  if (!dir) return { path, segments: frame, performance: null, lookalike: null, road: null };
  return {
    path,
    segments: frame,
    performance: await readRunTable(dir, 'performance.csv', ['dimension', 'segment']),
    lookalike: await readRun(dir, 'lookalike'),
    road: (await readRun(dir, 'road')).thresholds,
  };
}

/** One changed account. */
export interface ChangedAccount {
  account_id: string;
  name: string | null;
  old_quadrant: string | null;
  new_quadrant: string | null;
  old_tier: string | null;
  new_tier: string | null;
  old_fit_score: number;
  new_fit_score: number;
  old_spend: number;
  new_spend: number;
  old_opportunity: number;
  new_opportunity: number;
  old_potential: number;
  new_potential: number;
  driver: string;
}

/** Everything a refresh computes. */
export interface RefreshResult {
  summary: {
    previous: string;
    current: string;
    accounts: { matched: number; new: number; vanished: number; changed: number };
    adjusted_rand_index: { quadrants: number; clusters: number | null };
    quadrant_migration: Record<string, Record<string, number>>;
    tier_migration: Record<string, Record<string, number>>;
    psi: Record<string, number>;
    coefficient_changes: {
      name: string;
      previous: number | null;
      current: number | null;
      change: number | null;
      z: number | null;
    }[];
    threshold_changes: { spend_threshold: [number, number]; opportunity_threshold: [number, number] } | null;
    potential: { previous: number; current: number; whitespace_previous: number; whitespace_current: number };
    /** Win rate and average deal size of each segment, previous vs current (when both runs have performance). */
    performance_changes: {
      dimension: string;
      segment: string;
      win_rate: [number, number];
      avg_deal_size: [number, number];
    }[];
  };
  changed: ChangedAccount[];
  newAccounts: string[];
  vanishedAccounts: string[];
}

const LABELS = [...ROAD_QUADRANTS, '(none)'];
const TIERS = [...TIER_NAMES, '(none)'];

function matrix(
  from: (string | null)[],
  to: (string | null)[],
  labels: string[],
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const a of labels) out[a] = Object.fromEntries(labels.map((b) => [b, 0]));
  from.forEach((a, i) => {
    const row = out[a ?? '(none)'] as Record<string, number>;
    const b = to[i] ?? '(none)';
    row[b] = (row[b] ?? 0) + 1;
  });
  return out;
}

function num(frame: Frame, column: string, i: number): number {
  if (!frame.has(column)) return Number.NaN;
  const c = frame.column(column);
  return c.kind === 'number' ? (c.values[i] as number) : Number(c.values[i] ?? Number.NaN);
}

function explain(
  prev: Frame,
  i: number,
  curr: Frame,
  j: number,
  pRoad: Run['road'],
  cRoad: Run['road'],
): string {
  const reasons: string[] = [];
  const oq = prev.strings('road_quadrant')[i] ?? null;
  const nq = curr.strings('road_quadrant')[j] ?? null;
  if (oq !== nq) {
    const s0 = num(prev, 'current_spend', i);
    const s1 = num(curr, 'current_spend', j);
    const highSpend = (q: string | null) => q === 'Develop' || q === 'Retain';
    const highOpp = (q: string | null) => q === 'Develop' || q === 'Acquire';
    if (oq === null || nq === null)
      reasons.push(
        nq === null
          ? 'potential could not be estimated now (size unknown)'
          : 'potential can now be estimated',
      );
    else {
      if (highSpend(oq) !== highSpend(nq)) {
        reasons.push(
          s0 !== s1
            ? `spend ${Math.round(s0)} → ${Math.round(s1)}`
            : `spend threshold moved ${Math.round(pRoad?.spend_threshold ?? Number.NaN)} → ${Math.round(cRoad?.spend_threshold ?? Number.NaN)}`,
        );
      }
      if (highOpp(oq) !== highOpp(nq)) {
        const p0 = num(prev, 'probability', i);
        const p1 = num(curr, 'probability', j);
        const w0 = num(prev, 'whitespace', i);
        const w1 = num(curr, 'whitespace', j);
        const byProbability = Math.abs(Math.log(p1 / p0));
        const byWhitespace = Math.abs(Math.log(Math.max(w1, 1) / Math.max(w0, 1)));
        reasons.push(
          byProbability >= byWhitespace
            ? `propensity ${p0.toFixed(3)} → ${p1.toFixed(3)}`
            : `whitespace ${Math.round(w0)} → ${Math.round(w1)}`,
        );
      }
    }
  }
  const ot = prev.strings('tier')[i] ?? null;
  const nt = curr.strings('tier')[j] ?? null;
  if (ot !== nt) reasons.push(`fit score ${num(prev, 'fit_score', i)} → ${num(curr, 'fit_score', j)}`);
  return reasons.join('; ');
}

/** Accounts of both runs (previous row, current row), and the ids only one run has. */
function matchAccounts(p: Frame, c: Frame) {
  const currentRow = new Map(c.strings('account_id').map((id, j) => [id as string, j]));
  const previousIds = new Set(p.strings('account_id') as string[]);
  const matched: [number, number][] = [];
  const vanished: string[] = [];
  p.strings('account_id').forEach((id, i) => {
    const j = currentRow.get(id as string);
    if (j === undefined) vanished.push(id as string);
    else matched.push([i, j]);
  });
  const newAccounts = (c.strings('account_id') as string[]).filter((id) => !previousIds.has(id));
  return { matched, vanished, newAccounts };
}

/** PSI of every numeric column both runs have (not flags, touches or cluster numbers). */
function columnDrift(p: Frame, c: Frame): Record<string, number> {
  const psi: Record<string, number> = {};
  const skip = new Set(['is_customer', 'monthly_touches', 'cluster']);
  for (const column of p.columnNames) {
    if (skip.has(column) || !c.has(column)) continue;
    if (p.column(column).kind !== 'number' || c.column(column).kind !== 'number') continue;
    psi[column] = populationStabilityIndex(p.numbers(column), c.numbers(column));
  }
  return psi;
}

/** Each lookalike coefficient then and now, with the change and its z (change ÷ combined standard error). */
function coefficientChanges(
  prev: Run['lookalike'],
  curr: Run['lookalike'],
): RefreshResult['summary']['coefficient_changes'] {
  if (!prev || !curr) return [];
  const names = new Set([...Object.keys(prev.coefficients), ...Object.keys(curr.coefficients)]);
  return ['(Intercept)', ...names].map((name) => {
    const a = name === '(Intercept)' ? prev.intercept : prev.coefficients[name];
    const b = name === '(Intercept)' ? curr.intercept : curr.coefficients[name];
    const sa = prev.standardErrors?.[name];
    const sb = curr.standardErrors?.[name];
    const change = a !== undefined && b !== undefined ? b - a : null;
    const z =
      change !== null && sa !== undefined && sb !== undefined ? change / Math.sqrt(sa * sa + sb * sb) : null;
    return { name, previous: a ?? null, current: b ?? null, change, z };
  });
}

/** The accounts whose quadrant or tier changed, with their numbers then and now and the driver. */
function changedAccounts(prev: Run, curr: Run, matched: readonly [number, number][]): ChangedAccount[] {
  const [p, c] = [prev.segments, curr.segments];
  const changed: ChangedAccount[] = [];
  for (const [i, j] of matched) {
    const [oldQ, newQ] = [p.strings('road_quadrant')[i] ?? null, c.strings('road_quadrant')[j] ?? null];
    const [oldT, newT] = [p.strings('tier')[i] ?? null, c.strings('tier')[j] ?? null];
    if (oldQ === newQ && oldT === newT) continue;
    changed.push({
      account_id: p.strings('account_id')[i] as string,
      name: c.has('name') ? (c.strings('name')[j] ?? null) : null,
      old_quadrant: oldQ,
      new_quadrant: newQ,
      old_tier: oldT,
      new_tier: newT,
      old_fit_score: num(p, 'fit_score', i),
      new_fit_score: num(c, 'fit_score', j),
      old_spend: num(p, 'current_spend', i),
      new_spend: num(c, 'current_spend', j),
      old_opportunity: num(p, 'opportunity', i),
      new_opportunity: num(c, 'opportunity', j),
      old_potential: num(p, 'spend_potential', i),
      new_potential: num(c, 'spend_potential', j),
      driver: explain(p, i, c, j, prev.road, curr.road),
    });
  }
  return changed;
}

/** Win rate and deal size per segment then and now, for the segments both runs have. */
function performanceChanges(
  prev: Frame | null,
  curr: Frame | null,
): RefreshResult['summary']['performance_changes'] {
  if (!prev || !curr) return [];
  const key = (f: Frame, i: number) => `${f.strings('dimension')[i]}|${f.strings('segment')[i]}`;
  const currentRow = new Map(Array.from({ length: curr.numRows }, (_, j) => [key(curr, j), j]));
  const changes: RefreshResult['summary']['performance_changes'] = [];
  for (let i = 0; i < prev.numRows; i++) {
    const j = currentRow.get(key(prev, i));
    if (j === undefined) continue;
    changes.push({
      dimension: prev.strings('dimension')[i] as string,
      segment: prev.strings('segment')[i] as string,
      win_rate: [num(prev, 'win_rate', i), num(curr, 'win_rate', j)],
      avg_deal_size: [num(prev, 'avg_deal_size', i), num(curr, 'avg_deal_size', j)],
    });
  }
  return changes;
}

const total = (frame: Frame, column: string) =>
  frame.has(column) ? frame.numbers(column).reduce((s, v) => (Number.isNaN(v) ? s : s + v), 0) : Number.NaN;

/**
 * Compares two runs (folders written by `segment study`, or their `segments.csv`). Run folders are verified
 * against their manifests first; `currentSealed: false` skips that for the current run while the study is
 * still writing it.
 *
 * @example
 * const { summary, changed } = await compareRuns('out/2026-05', 'out/2026-11');
 */
export async function compareRuns(
  previousPath: string,
  currentPath: string,
  options: { currentSealed?: boolean } = {},
): Promise<RefreshResult> {
  const prev = await loadRun(previousPath, true);
  const curr = await loadRun(currentPath, options.currentSealed ?? true);
  const [p, c] = [prev.segments, curr.segments];
  const { matched, vanished, newAccounts } = matchAccounts(p, c);
  const oldQ = matched.map(([i]) => p.strings('road_quadrant')[i] ?? null);
  const newQ = matched.map(([, j]) => c.strings('road_quadrant')[j] ?? null);
  const oldT = matched.map(([i]) => p.strings('tier')[i] ?? null);
  const newT = matched.map(([, j]) => c.strings('tier')[j] ?? null);
  const clusters =
    p.has('cluster') && c.has('cluster')
      ? adjustedRandIndex(
          matched.map(([i]) => String(p.strings('cluster')[i])),
          matched.map(([, j]) => String(c.strings('cluster')[j])),
        )
      : null;
  const changed = changedAccounts(prev, curr, matched);
  return {
    summary: {
      previous: previousPath,
      current: currentPath,
      accounts: {
        matched: matched.length,
        new: newAccounts.length,
        vanished: vanished.length,
        changed: changed.length,
      },
      adjusted_rand_index: {
        quadrants: adjustedRandIndex(
          oldQ.map((q) => q ?? '(none)'),
          newQ.map((q) => q ?? '(none)'),
        ),
        clusters,
      },
      quadrant_migration: matrix(oldQ, newQ, LABELS),
      tier_migration: matrix(oldT, newT, TIERS),
      psi: columnDrift(p, c),
      coefficient_changes: coefficientChanges(prev.lookalike, curr.lookalike),
      threshold_changes:
        prev.road && curr.road
          ? {
              spend_threshold: [prev.road.spend_threshold, curr.road.spend_threshold],
              opportunity_threshold: [prev.road.opportunity_threshold, curr.road.opportunity_threshold],
            }
          : null,
      potential: {
        previous: total(p, 'spend_potential'),
        current: total(c, 'spend_potential'),
        whitespace_previous: total(p, 'whitespace'),
        whitespace_current: total(c, 'whitespace'),
      },
      performance_changes: performanceChanges(prev.performance, curr.performance),
    },
    changed,
    newAccounts,
    vanishedAccounts: vanished,
  };
}
