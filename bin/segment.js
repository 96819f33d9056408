#!/usr/bin/env node
// Entry point of the `segment` command. It runs the compiled CLI (dist/, built by `npm ci` through the `prepare`
// script, or `npm run build`), whose commands import their work only when they run: `segment --help` loads commander
// and nothing else. When a file under src/ is newer than the build (an edited checkout), it runs the TypeScript
// sources through tsx's loader instead, so the command never runs stale code.
//
// The commands that hold a whole account universe in memory (study, refresh, report, deck, workbook) need more
// than Node's default JavaScript heap (about 4 GB) past a million accounts: they re-run themselves once with a heap
// limit of 3/4 of the machine's memory. `study --engine duckdb` keeps the accounts in DuckDB and only a fit sample in
// JavaScript: it re-runs with a heap of 1,280 MB instead, so that V8 collects early and the process (DuckDB's
// memory limit included) stays under 2 GB — and so does a study whose config (or "auto") chooses the engine: its
// child asks for a second run as `--engine duckdb` once it has decided. The child leaves when the parent does (even on SIGKILL: its IPC channel closes), and the
// parent passes on signals and the exit status.
import { spawn } from 'node:child_process';
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';

const LARGE_COMMANDS = new Set(['study', 'refresh', 'report', 'deck', 'workbook']);
const ENGINE_HEAP_MB = Number(process.env.SEGMENT_ENGINE_HEAP_MB) || 1280;
const args = process.argv.slice(3);
const engine = args.some((a, i) => a === '--engine=duckdb' || (a === '--engine' && args[i + 1] === 'duckdb'));
const heapMb = engine ? ENGINE_HEAP_MB : Math.floor((totalmem() * 0.75) / 2 ** 20);
const limitMb = getHeapStatistics().heap_size_limit / 2 ** 20;
const needsOtherHeap =
  LARGE_COMMANDS.has(process.argv[2] ?? '') &&
  process.env.SEGMENT_HEAP_CHILD !== '1' &&
  (engine ? Math.abs(limitMb - heapMb) > heapMb * 0.1 : limitMb < heapMb * 0.9);

if (needsOtherHeap) runChild(heapMb, engine, process.argv.slice(1));
else {
  if (process.env.SEGMENT_HEAP_CHILD === '1' && process.channel) {
    process.on('disconnect', () => process.exit(137)); // the parent is gone: stop, leaving no run folder
    process.channel.unref();
  }
  if (buildIsCurrent()) await import('../dist/cli/main.js');
  else {
    const { register } = await import('tsx/esm/api');
    register();
    await import('../src/cli/main.ts');
  }
}

/**
 * Runs this command again in a child with a heap of `heap` MB and passes on signals and the exit status. A study
 * whose config (or "auto") chooses the engine asks, through the IPC channel, to be run again as
 * `--engine duckdb`: then it gets the engine's heap too, not only a command-line `--engine duckdb`.
 */
function runChild(heap, withEngine, argv) {
  const child = spawn(
    process.execPath,
    [
      `--max-old-space-size=${heap}`,
      // The engine collects JavaScript's garbage between its steps, so the heap shrinks before DuckDB's next one.
      ...(withEngine ? ['--expose-gc'] : []),
      ...process.execArgv,
      ...argv,
    ],
    {
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, SEGMENT_HEAP_CHILD: '1', SEGMENT_ENGINE_HEAP: withEngine ? '1' : '0' },
    },
  );
  let again = false;
  child.on('message', (message) => (again = !withEngine && message?.runAgainWithEngine === true));
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  child.on('exit', (code, signal) => {
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.removeListener(s, forward);
    if (again && code === 0) return runChild(ENGINE_HEAP_MB, true, [...argv, '--engine', 'duckdb']);
    if (signal === null) process.exit(code ?? 1);
    process.kill(process.pid, signal);
  });
}

/** True when dist/ was built after the last change to any file under src/. */
function buildIsCurrent() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const built = statSync(join(root, 'dist/cli/main.js'), { throwIfNoEntry: false });
  if (built === undefined) return false;
  const newest = (dir) =>
    readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
      const path = join(dir, entry.name);
      return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
    }, 0);
  return newest(join(root, 'src')) <= built.mtimeMs;
}
