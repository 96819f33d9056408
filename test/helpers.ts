/** Shared test helpers: temporary folders and files. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A new empty temporary folder. */
export function tempDir(prefix = 'segment-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `content` to `name` inside a new temporary folder and returns the path. */
export function tempFile(name: string, content: string | Uint8Array): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

/**
 * A copy of a bundled study config (`data/studies/<name>`) with `changes` merged over it, written to a new
 * temporary folder with its inputs as absolute paths; returns the config's path.
 */
export function bundledConfigWith(name: string, changes: Record<string, unknown>): string {
  const config = JSON.parse(readFileSync(join('data/studies', name), 'utf8')) as {
    inputs: Record<string, string>;
  };
  const inputs = Object.fromEntries(
    Object.entries(config.inputs).map(([k, v]) => [k, join(process.cwd(), 'data/studies', v)]),
  );
  return tempFile('study.json', JSON.stringify({ ...config, inputs, ...changes }));
}
