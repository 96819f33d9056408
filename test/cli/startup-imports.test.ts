/**
 * `segment --help` must answer at once: the command tree (src/cli/main.ts and src/cli/commands/) loads commander
 * and nothing heavy; each command imports its work (src/cli/actions/) only when it runs.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** The modules a file imports when it loads: static value imports (`import type` and `import()` excluded). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  for (const match of text.matchAll(/^import\s+(type\s+)?([^'";]*?)\s*from\s+'([^']+)';/gms)) {
    const [, typeOnly, clause, specifier] = match;
    const onlyTypes =
      /^\{[^}]*\}$/s.test(clause ?? '') && /^\{(\s*type\s+[^,}]+,?)*\s*\}$/s.test(clause ?? '');
    if (typeOnly === undefined && !onlyTypes) specifiers.push(specifier as string);
  }
  for (const match of text.matchAll(/^import\s+'([^']+)';/gm)) specifiers.push(match[1] as string);
  return specifiers;
}

/** Every file and package loaded when `file` loads. */
function loadedBy(file: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (path: string): void => {
    if (files.has(path)) return;
    files.add(path);
    for (const specifier of staticImports(path)) {
      if (specifier.startsWith('.')) visit(resolve(dirname(path), specifier));
      else if (!specifier.startsWith('node:')) packages.add(specifier);
    }
  };
  visit(file);
  return { files, packages };
}

describe('the CLI loads only its command tree at start', () => {
  const { files, packages } = loadedBy(resolve(SRC, 'cli/main.ts'));

  it('reads no package but commander', () => {
    expect([...packages]).toEqual(['commander']);
  });

  it('reads no analysis module: only the command tree, errors, version, output and flag helpers', () => {
    const loaded = [...files].map((f) => f.slice(SRC.length + 1)).sort();
    const outside = loaded.filter((f) => !f.startsWith('cli/commands/'));
    expect(outside).toEqual([
      'cli/main.ts',
      'cli/output.ts',
      'core/errors.ts',
      'core/version.ts',
      'engine/sql-dialect.ts',
    ]);
    expect(loaded.filter((f) => f.startsWith('cli/commands/')).length).toBe(12);
  });

  it('sees through type-only imports (the check itself can fail)', () => {
    const { packages: heavy } = loadedBy(resolve(SRC, 'cli/actions/deck.ts'));
    expect([...heavy]).toContain('pptxgenjs');
  });
});
