/**
 * The engagement score and the fit × engagement priority grid. Priority tiers in the segmentation practice we
 * follow come from firmographic fit AND buying signals (visits, downloads, intent, recent activity); this is the
 * signal half, kept apart from the fit score so each can be read on its own.
 *
 * Formula, for accounts with a row in the engagement file (others are "no signal", never zero):
 * 1. each signal's percentile rank among those accounts (0–1, ties share their mean rank);
 * 2. their weighted mean (weights from the config, default 1 each);
 * 3. × recency 0.5^(days since the account's last activity ÷ half-life) when the file has a last-activity date;
 * 4. the engagement score is the percentile of that among the same accounts, 0–100 (like the fit score).
 *
 * The grid: fit quartile A (fit ≥ 75) to D (< 25) × engagement quartile 1 (≥ 75) to 4 (< 25); no signal is "–".
 */
import { fitScores } from '../models/metrics.ts';

/** How the engagement score weighs its signals. */
export interface EngagementScoreOptions {
  /** Weight per signal column; absent signals are not used. */
  weights: Readonly<Record<string, number>>;
  /** Days after which an activity counts half. Default 90. */
  halfLifeDays: number;
}

/** Percentile ranks (0–1, ties share their mean rank, unrounded) of `values` over the rows where `use` is set. */
function ranks(values: ArrayLike<number>, use: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN);
  const value = (i: number) => (values[i] as number) || 0; // a blank signal of an engaged account is no activity
  const rows = Array.from({ length: values.length }, (_, i) => i).filter((i) => use[i] === 1);
  rows.sort((a, b) => value(a) - value(b));
  const last = Math.max(1, rows.length - 1);
  for (let start = 0; start < rows.length;) {
    let end = start;
    while (end + 1 < rows.length && value(rows[end + 1] as number) === value(rows[start] as number)) end++;
    for (let k = start; k <= end; k++) out[rows[k] as number] = (start + end) / 2 / last;
    start = end + 1;
  }
  return out;
}

/**
 * Engagement scores 0–100 (NaN = no signal) from the signal columns, the presence flags and the recency in days.
 *
 * @example
 * engagementScores({ web_visits_90d: visits, intent_score: intent }, present, recencyDays, { weights: { web_visits_90d: 1, intent_score: 2 }, halfLifeDays: 90 });
 */
export function engagementScores(
  signals: Readonly<Record<string, ArrayLike<number>>>,
  present: ArrayLike<number>,
  recencyDays: ArrayLike<number>,
  options: EngagementScoreOptions,
): Float64Array {
  const n = present.length;
  const raw = new Float64Array(n).fill(Number.NaN);
  const used = Object.entries(options.weights).filter(([name, w]) => w > 0 && signals[name] !== undefined);
  const total = used.reduce((s, [, w]) => s + w, 0);
  if (total === 0) return raw;
  const ranked = used.map(([name, w]) => [ranks(signals[name] as ArrayLike<number>, present), w] as const);
  for (let i = 0; i < n; i++) {
    if (present[i] !== 1) continue;
    const activity = ranked.reduce((s, [r, w]) => s + w * (r[i] as number), 0) / total;
    const days = recencyDays[i] as number;
    raw[i] = activity * (Number.isFinite(days) ? 0.5 ** (days / options.halfLifeDays) : 1);
  }
  return fitScores(raw);
}

/** The fit letters and engagement digits of the grid. */
export const FIT_LETTERS = ['A', 'B', 'C', 'D'] as const;
export const ENGAGEMENT_DIGITS = ['1', '2', '3', '4'] as const;
export const NO_SIGNAL = '–';

const quartile = (score: number) => (score >= 75 ? 0 : score >= 50 ? 1 : score >= 25 ? 2 : 3);

/**
 * The grid cell of each account: fit letter + engagement digit ("A1" = best fit, most engaged), "A–" without an
 * engagement signal, null without a fit score.
 *
 * @example
 * priorityCells([97, 40], [88, Number.NaN]); // ['A1', 'C–']
 */
export function priorityCells(fit: ArrayLike<number>, engagement: ArrayLike<number>): (string | null)[] {
  return Array.from({ length: fit.length }, (_, i) => {
    const f = fit[i] as number;
    if (Number.isNaN(f)) return null;
    const e = engagement[i] as number;
    return `${FIT_LETTERS[quartile(f)]}${Number.isNaN(e) ? NO_SIGNAL : ENGAGEMENT_DIGITS[quartile(e)]}`;
  });
}
