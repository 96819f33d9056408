/**
 * Sends outputs to the notebook through the Deno Jupyter kernel (`Deno.jupyter.display`). Each `show*`
 * function builds a MIME bundle (see chart.ts, table.ts, summaries.ts) and displays it; outside a Deno
 * kernel they throw a {@link UsageError} saying so. Await them: the kernel swallows errors of promises
 * nobody awaits (docs/design.md §3).
 */
import type { TopLevelSpec } from 'vega-lite';
import { UsageError, type Warning } from '../core/errors.ts';
import type { CrossValidation } from '../models/cross-validation.ts';
import type { KMeans } from '../models/kmeans.ts';
import type { LogisticRegression } from '../models/logistic.ts';
import { escapeHtml } from '../report/assets.ts';
import { chartBundle } from './chart.ts';
import type { MimeBundle } from './mime.ts';
import { kmeansSummaryBundle, logisticSummaryBundle, warningsBundle } from './summaries.ts';
import { tableBundle, type TableInput, type TableOptions } from './table.ts';

interface DenoJupyter {
  display(bundle: MimeBundle, options: { raw: true }): Promise<void>;
}

function jupyter(): DenoJupyter {
  const deno = (globalThis as { Deno?: { jupyter?: DenoJupyter } }).Deno;
  if (!deno?.jupyter)
    throw new UsageError(
      'display: not running in the Deno Jupyter kernel; use the *Bundle functions to get the output',
    );
  return deno.jupyter;
}

/**
 * Displays a MIME bundle in the notebook.
 *
 * @example
 * await display({ 'text/plain': 'hello', 'text/html': '<b>hello</b>' });
 */
export async function display(bundle: MimeBundle): Promise<void> {
  await jupyter().display(bundle, { raw: true });
}

/**
 * Displays a chart: interactive Vega-Lite where the front end supports it, SVG elsewhere.
 *
 * @example
 * await showChart(quadrantBarsSpec(quadrantTotals(quadrant, spend, potential, whitespace, opportunity)));
 */
export async function showChart(spec: TopLevelSpec): Promise<void> {
  await display(await chartBundle(spec));
}

/**
 * Displays the first rows of a frame, an array of rows or a danfojs DataFrame as a compact table.
 *
 * @example
 * await showTable(accounts, { maxRows: 5, columns: ['account_id', 'name', 'country'] });
 */
export async function showTable(data: TableInput, options: TableOptions = {}): Promise<void> {
  await display(tableBundle(data, options));
}

/**
 * Displays a fitted model's summary: a lookalike model (with its cross-validation when given) or k-means.
 *
 * @example
 * await showModel(lookalike, cv);
 */
export async function showModel(model: LogisticRegression | KMeans, cv?: CrossValidation): Promise<void> {
  await display('coefficientTable' in model ? logisticSummaryBundle(model, cv) : kmeansSummaryBundle(model));
}

/**
 * Displays warnings (or "no warnings").
 *
 * @example
 * await showWarnings(result.warnings);
 */
export async function showWarnings(warnings: readonly Warning[]): Promise<void> {
  await display(warningsBundle(warnings));
}

/**
 * Displays a short headline: the number an analyst should take away from a step.
 *
 * @example
 * await showHeadline('20,000 accounts after merging 734 duplicate records');
 */
export async function showHeadline(text: string): Promise<void> {
  await display({
    'text/html': `<div style="font-size:15px;font-weight:600;margin:8px 0">${escapeHtml(text)}</div>`,
    'text/plain': text,
  });
}
