/** How the CLI talks to the user: results on stdout, warnings and errors on stderr, one line each. */
import { SegmentError, type Warning } from '../core/errors.ts';

/**
 * The library names its options (`missing: 'drop'`, `l2: 1`); on the command line they are flags. Commands whose
 * flags these are turn them into flags (`--missing drop`, `--l2 1`).
 *
 * @example
 * asFlags("fill it, or set missing: 'drop'"); // 'fill it, or pass --missing drop'
 */
export function asFlags(text: string): string {
  return text
    .replace(/\bset (missing: '\w+')/g, 'pass $1')
    .replace(/\bmissing: '(\w+)'/g, '--missing $1')
    .replace(/\bl2: (\d+(?:\.\d+)?)/g, '--l2 $1');
}

/** Prints warnings as `warning: …` lines on stderr (options as flags when `flags`). */
export function printWarnings(warnings: readonly Warning[], flags = false): void {
  for (const w of warnings) process.stderr.write(`warning: ${flags ? asFlags(w.message) : w.message}\n`);
}

/** Prints a result line on stdout. */
export function printResult(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * Turns any thrown value into the one-line message the CLI prints after `error: `.
 * Our own errors carry a complete message; anything else is an internal failure.
 */
export function errorLine(error: unknown): string {
  if (error instanceof SegmentError) return error.message;
  if (error instanceof Error) {
    const { code, path } = error as NodeJS.ErrnoException;
    const where = path === undefined ? '' : `: ${path}`;
    if (code === 'EACCES' || code === 'EPERM')
      return `permission denied: ${path ?? error.message}; choose a folder you can write, or change its permissions`;
    if (code === 'EROFS') return `read-only file system${where}; choose an output folder on a writable disk`;
    if (code === 'ENOSPC') return `no space left on the device${where}; free some space or write elsewhere`;
    const first = error.message.split('\n')[0] ?? '';
    return `internal error: ${first.length > 300 ? `${first.slice(0, 300)}…` : first} — a bug in segment, not in your data: run the command again with --debug and report it with that output`;
  }
  return `internal error: ${String(error)}`;
}

/** Formats an integer with thousands separators: 20812 → "20,812". */
export { formatCount as count } from '../core/format.ts';
