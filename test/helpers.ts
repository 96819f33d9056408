/** Shared test helpers: temporary folders and files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
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
