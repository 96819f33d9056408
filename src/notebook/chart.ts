/**
 * A chart as a notebook output: the Vega-Lite spec (interactive in JupyterLab and VS Code) plus the same
 * chart rendered to SVG (shown by GitHub, nbconvert HTML and any front end without a Vega renderer).
 */
import type { TopLevelSpec } from 'vega-lite';
import { renderPng, renderSvg } from '../charts/render.ts';
import type { MimeBundle } from './mime.ts';

/** The MIME type JupyterLab 4 and VS Code render with their built-in Vega-Lite 5 renderer. */
export const VEGA_LITE_MIME = 'application/vnd.vegalite.v5+json';

/** The Vega-Lite 5 schema URL, declared in the bundle so the front end's renderer does not warn. */
const VEGA_LITE_5_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** The chart's title as one line of text, for `text/plain`. */
function titleText(spec: TopLevelSpec): string {
  const title = (spec as { title?: unknown }).title;
  const text = typeof title === 'object' && title !== null ? (title as { text?: unknown }).text : title;
  const line = Array.isArray(text) ? text.join(' ') : typeof text === 'string' ? text : 'chart';
  return `[chart] ${line}`;
}

/**
 * The chart as a MIME bundle: the Vega-Lite spec (interactive in JupyterLab and VS Code), a PNG for every other
 * viewer, and its title as text. No SVG: nbconvert prefers SVG to PNG in HTML exports, and nbconvert 6.5 (as
 * packaged by Debian 12) strips SVG content (jupyter/nbconvert#1849), so a plain `jupyter nbconvert --to html`
 * left blank gaps; with the PNG alone every export keeps the chart. The PNG is rendered with the theme's fonts.
 *
 * @example
 * const bundle = await chartBundle(quadrantBarsSpec(totals));
 * Object.keys(bundle); // ['application/vnd.vegalite.v5+json', 'image/png', 'text/plain']
 */
export async function chartBundle(spec: TopLevelSpec): Promise<MimeBundle> {
  const svg = await renderSvg(spec);
  return {
    [VEGA_LITE_MIME]: { ...spec, $schema: VEGA_LITE_5_SCHEMA },
    'image/png': renderPng(svg, 1).toString('base64'),
    'text/plain': titleText(spec),
  };
}
