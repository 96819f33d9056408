/**
 * The folders of src/ are layers, and imports point down: a module may import its own layer and the layers below,
 * never one above (static imports, `export … from` and dynamic `import()` alike). The order is the architecture:
 * what a lower layer needs from a higher one moves down, or is passed in.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** Bottom to top; folders on one line are one layer (they may import each other). */
const LAYERS: readonly (readonly string[])[] = [
  ['core'],
  ['data', 'stats', 'parallel'],
  ['cleanse', 'models'],
  ['segment'],
  ['charts'],
  ['study'],
  ['engine', 'report'],
  ['run'],
  ['notebook'],
  ['cli'],
  ['index.ts'],
];

function layerOf(path: string): number {
  const top = relative(SRC, path).split('/')[0] as string;
  const layer = LAYERS.findIndex((folders) => folders.includes(top));
  if (layer < 0) throw new Error(`src/${top} is in no layer: add it to LAYERS`);
  return layer;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every relative module a file names: `import … from`, `export … from`, `import '…'` and `import('…')`. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const patterns = [/\bfrom\s+'(\.[^']+)'/g, /\bimport\s+'(\.[^']+)'/g, /\bimport\(\s*'(\.[^']+)'\s*\)/g];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1] as string));
}

/** Imports that run up the layers, as "from → to". */
function upwardImports(): string[] {
  return sourceFiles(SRC).flatMap((file) =>
    relativeImports(file)
      .map((specifier) => resolve(dirname(file), specifier))
      .filter((target) => target.startsWith(`${SRC}/`) && existsSync(target)) // not package.json, not examples in comments
      .filter((target) => layerOf(target) > layerOf(file))
      .map((target) => `${relative(SRC, file)} → ${relative(SRC, target)}`),
  );
}

describe('the layers of src/', () => {
  it('every import points down or sideways', () => {
    expect(upwardImports()).toEqual([]);
  });

  it('every folder of src/ is in a layer', () => {
    for (const name of readdirSync(SRC)) expect(() => layerOf(join(SRC, name))).not.toThrow();
  });

  it('the check sees an upward import (so it can fail)', () => {
    const cli = join(SRC, 'cli/main.ts');
    expect(layerOf(cli)).toBeGreaterThan(layerOf(join(SRC, 'core/errors.ts')));
    expect(relativeImports(cli)).toContain('../core/errors.ts');
  });
});
