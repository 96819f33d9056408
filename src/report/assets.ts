/**
 * The scripts inlined into the self-contained report: vega, vega-lite and vega-embed (with its tooltip
 * handler), source-map comments stripped, and JSON embedding that cannot close a <script> element.
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
