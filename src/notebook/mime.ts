/**
 * MIME bundles: what a Jupyter kernel sends for one output, keyed by MIME type. The front end shows the
 * richest type it knows (JupyterLab and VS Code: Vega-Lite and HTML; GitHub and nbconvert: SVG and HTML;
 * a terminal: `text/plain`).
 */

/** One output as MIME type → content. Always has `text/plain`. */
export interface MimeBundle {
  'text/plain': string;
  [mimeType: string]: unknown;
}
