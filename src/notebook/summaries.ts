/**
 * Model summaries and warnings as notebook outputs: what an analyst reads after fitting — the coefficient
 * table with odds ratios and p-values, the fit metrics, the cross-validated AUC, the personas' centroids.
 */
import type { Warning } from '../core/errors.ts';
import { oneLinePerKind } from '../core/condense-warnings.ts';
import { escapeHtml } from '../report/assets.ts';
import type { CrossValidation } from '../models/cross-validation.ts';
import type { KMeans } from '../models/kmeans.ts';
import type { LogisticRegression } from '../models/logistic.ts';
import type { MimeBundle } from './mime.ts';
import { formatNumberCell, tableBundle } from './table.ts';

/** HTML and text of several bundles, one after the other. */
function joinBundles(parts: readonly MimeBundle[]): MimeBundle {
  return {
    'text/html': parts
      .map((p) => String(p['text/html'] ?? `<pre>${escapeHtml(p['text/plain'])}</pre>`))
      .join(''),
    'text/plain': parts.map((p) => p['text/plain']).join('\n\n'),
  };
}

function facts(title: string, items: readonly [string, string][]): MimeBundle {
  return {
    'text/html': `<div style="margin:6px 0"><b>${escapeHtml(title)}</b> — ${items
      .map(([k, v]) => `${escapeHtml(k)}: <b>${escapeHtml(v)}</b>`)
      .join(' · ')}</div>`,
    'text/plain': `${title}: ${items.map(([k, v]) => `${k} ${v}`).join(', ')}`,
  };
}

/**
 * Warnings as a yellow list (or a short "no warnings" line), each with its code and what to do.
 *
 * @example
 * warningsBundle([{ code: 'rows-dropped', message: 'dropped 3 rows with missing values' }])['text/plain'];
 * // 'warning [rows-dropped]: dropped 3 rows with missing values'
 */
export function warningsBundle(all: readonly Warning[]): MimeBundle {
  const warnings = oneLinePerKind(all); // one line per kind: imputations in five steps are one note
  if (warnings.length === 0)
    return { 'text/html': '<div style="color:#1b7837">✓ no warnings</div>', 'text/plain': 'no warnings' };
  return {
    'text/html': `<div style="background:#fff8e1;border-left:4px solid #d9730d;padding:4px 10px;margin:6px 0">${warnings
      .map((w) => `<div>⚠ <code>${escapeHtml(w.code)}</code> ${escapeHtml(w.message)}</div>`)
      .join('')}</div>`,
    'text/plain': warnings.map((w) => `warning [${w.code}]: ${w.message}`).join('\n'),
  };
}

/**
 * A fitted lookalike model: fit facts, the coefficient table (estimate, standard error, z, p, odds ratio;
 * features on their original scale), the cross-validated AUC per fold when given, and the fit's warnings.
 *
 * @example
 * const model = new LogisticRegression().fit(frame, { target: 'is_customer', features: ['employees'] });
 * logisticSummaryBundle(model)['text/plain'].split('\n')[0]; // 'Lookalike model: rows 20,000, …'
 */
export function logisticSummaryBundle(model: LogisticRegression, cv?: CrossValidation): MimeBundle {
  const json = model.toJSON();
  const parts: MimeBundle[] = [
    facts('Lookalike model', [
      ['rows', formatNumberCell(json.metrics.n)],
      ['positives', formatNumberCell(json.metrics.positives)],
      ['training AUC', json.metrics.auc.toFixed(3)],
      ['log loss', json.metrics.logLoss.toFixed(4)],
      ['L2', String(json.l2)],
      ['converged', `${json.converged ? 'yes' : 'NO'} in ${json.iterations} iterations`],
    ]),
    tableBundle(
      model.coefficientTable().map((c) => ({
        term: c.name,
        estimate: c.estimate,
        std_error: c.stdError,
        z: c.z,
        p_value: c.pValue,
        odds_ratio: c.oddsRatio,
      })),
      {
        maxRows: 200,
        formats: { p_value: 'p-value' },
        title: 'Coefficients (original scale; odds ratio = change in the odds per unit)',
      },
    ),
  ];
  if (cv) {
    parts.push(
      facts(`${cv.folds.length}-fold cross-validation`, [
        ['AUC', `${cv.auc.mean.toFixed(3)} ± ${cv.auc.sd.toFixed(3)}`],
        ['log loss', `${cv.logLoss.mean.toFixed(4)} ± ${cv.logLoss.sd.toFixed(4)}`],
      ]),
      tableBundle(cv.folds, { maxRows: 50 }),
    );
  }
  parts.push(warningsBundle([...model.warnings, ...(cv?.warnings ?? [])]));
  return joinBundles(parts);
}

/**
 * Fitted k-means personas: fit facts, then one row per cluster with its size and centroid (original scale).
 *
 * @example
 * const km = new KMeans({ k: 4, seed: 7, standardize: true }).fit(customers, { features: ['employees'] });
 * kmeansSummaryBundle(km)['text/plain'].split('\n')[0]; // 'k-means personas: k 4, inertia …'
 */
export function kmeansSummaryBundle(model: KMeans): MimeBundle {
  const json = model.toJSON();
  const sizes = model.sizes;
  const total = sizes.reduce((s, v) => s + v, 0);
  const rows = model.centroids.map((center, c) => ({
    cluster: c,
    persona: c + 1,
    accounts: sizes[c] ?? 0,
    share: `${(((sizes[c] ?? 0) / total) * 100).toFixed(1)}%`,
    ...Object.fromEntries(json.features.map((f, j) => [f, center[j] as number])),
  }));
  return joinBundles([
    facts('k-means personas', [
      ['k', String(json.k)],
      ['inertia', formatNumberCell(json.inertia)],
      ['iterations', String(json.iterations)],
      ['converged', json.converged ? 'yes' : 'NO'],
      ['standardized', json.standardize ? 'yes' : 'no'],
      ['seed', String(json.seed)],
    ]),
    tableBundle(rows, { maxRows: 100, title: 'Centroids (original scale)' }),
    warningsBundle(model.warnings),
  ]);
}
