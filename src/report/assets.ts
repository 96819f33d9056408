/**
 * What the self-contained report inlines: vega, vega-lite and vega-embed (with its tooltip handler), source-map
 * comments stripped; the theme font as data URLs; JSON embedding that cannot close a <script> element.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** A file of a package's build folder (the packages' `exports` hide these paths from `require.resolve`). */
function script(pkg: string, file: string): string {
  let dir = dirname(require.resolve(pkg));
  while (basename(dir) !== pkg.split('/').pop() && dirname(dir) !== dir) dir = dirname(dir);
  return readFileSync(join(dir, 'build', file), 'utf8')
    .replace(/\/\/# sourceMappingURL=\S+\s*$/gm, '')
    .replace(/<\/script/gi, '<\\/script');
}

/** The theme font's WOFF2 files by CSS weight (the `source-sans` package, as the chart renderer uses). */
const FONT_FACES: readonly (readonly [number, string])[] = [
  [400, 'SourceSans3-Regular.ttf.woff2'],
  [600, 'SourceSans3-Semibold.ttf.woff2'],
  [700, 'SourceSans3-Bold.ttf.woff2'],
];

/**
 * `@font-face` rules carrying the theme font (Source Sans 3 regular, semibold, bold) as WOFF2 data URLs: the
 * report, its charts and its PDF draw every label in the font the layout was measured with, on any machine.
 *
 * @example
 * reportFontFaces().startsWith('@font-face { font-family: "Source Sans 3"; font-weight: 400;'); // true
 */
export function reportFontFaces(): string {
  const folder = join(dirname(require.resolve('source-sans/package.json')), 'WOFF2', 'TTF');
  return FONT_FACES.map(
    ([weight, file]) =>
      `@font-face { font-family: "Source Sans 3"; font-weight: ${weight}; font-style: normal; font-display: block; src: url(data:font/woff2;base64,${readFileSync(join(folder, file)).toString('base64')}) format("woff2"); }`,
  ).join('\n');
}

/** The three libraries, in load order. */
export function reportScripts(): string[] {
  return [
    script('vega', 'vega.min.js'),
    script('vega-lite', 'vega-lite.min.js'),
    script('vega-embed', 'vega-embed.min.js'),
  ];
}

/**
 * JSON safe inside a <script type="application/json"> element: `<` is written as \u003c.
 *
 * @example
 * embedJson({ name: '</script><script>alert(1)</script>' }); // '{"name":"\\u003c/script>\\u003cscript>alert(1)\\u003c/script>"}'
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Escapes text for HTML element content and attribute values.
 *
 * @example
 * escapeHtml('<script>alert("x")</script>'); // '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
