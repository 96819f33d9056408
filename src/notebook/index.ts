/**
 * Display helpers for Jupyter notebooks on the Deno kernel (`notebooks/`).
 *
 * Importing this module also makes the workbench's own errors (bad path, unknown column, invalid option)
 * show in a cell as their one-line message rather than a stack of library internals
 * (`SegmentError.conciseStacks`); unexpected errors keep their stack.
 *
 * @example
 * import { showChart, showTable } from '../src/notebook/index.ts';
 * await showTable(accounts, { maxRows: 5 });
 */
import { SegmentError } from '../core/errors.ts';

SegmentError.conciseStacks = true;

export type { MimeBundle } from './mime.ts';
export { chartBundle, VEGA_LITE_MIME } from './chart.ts';
export { formatNumberCell, tableBundle } from './table.ts';
export type { CellFormat, DataFrameLike, TableInput, TableOptions } from './table.ts';
export { kmeansSummaryBundle, logisticSummaryBundle, warningsBundle } from './summaries.ts';
export { notebookProgress } from './progress.ts';
export { display, showChart, showHeadline, showModel, showTable, showWarnings } from './display.ts';
