/**
 * Renders Vega-Lite specs to SVG (Vega View with the `none` renderer) and to PNG (resvg with the theme's
 * font files passed explicitly — without them resvg silently drops text or depends on the machine's fonts).
 */
import { xmlText } from '../core/format.ts';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { FONT } from './theme.ts';

const require = createRequire(import.meta.url);
const SOURCE_SANS = join(dirname(require.resolve('source-sans/package.json')), 'TTF');

/** The TTF files of the theme font (regular, semibold, bold), shipped with the `source-sans` package. */
export const FONT_FILES: readonly string[] = [
  'SourceSans3-Regular.ttf',
  'SourceSans3-Semibold.ttf',
  'SourceSans3-Bold.ttf',
].map((f) => join(SOURCE_SANS, f));

/**
 * Compiles a Vega-Lite spec to Vega.
 *
 * @example
 * toVega(spec).marks; // the Vega marks
 */
export function toVega(spec: TopLevelSpec): vega.Spec {
  return compile(spec).spec;
}

/**
 * The chart as a standalone SVG string.
 *
 * @example
 * const svg = await renderSvg(roadScatterSpec(points, thresholds));
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(toVega(spec)), { renderer: 'none' });
  try {
    // An account name with a control character would make the SVG (and the PNG, the deck) unreadable XML.
    return xmlText(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * An SVG rendered to PNG at `scale` (default 2: a 960-pixel-wide chart becomes a 1920-pixel slide image).
 *
 * @example
 * const png = renderPng(await renderSvg(spec)); // Buffer with the PNG
 */
export function renderPng(svg: string, scale = 2): Buffer {
  return new Resvg(svg, pngOptions(scale)).render().asPng();
}

/**
 * `renderPng` off the main thread (libuv's pool): charts rendered together use every core.
 *
 * @example
 * const pngs = await Promise.all(svgs.map((svg) => renderPngAsync(svg)));
 */
export async function renderPngAsync(svg: string, scale = 2): Promise<Buffer> {
  return (await renderAsync(svg, pngOptions(scale))).asPng();
}

function pngOptions(scale: number): ResvgRenderOptions {
  return {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: { fontFiles: [...FONT_FILES], loadSystemFonts: false, defaultFontFamily: FONT },
  };
}
