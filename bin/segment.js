#!/usr/bin/env node
// Entry point of the `segment` command: runs the TypeScript CLI through tsx's loader,
// so the checkout needs no build step (`npx segment …`, `npm run segment -- …`).
//
// The commands that hold a whole account universe in memory (study, refresh, report, deck, workbook) need more
// than Node's default JavaScript heap (about 4 GB) past a million accounts: they re-run themselves once with a heap
// limit of 3/4 of the machine's memory. The child leaves when the parent does (even on SIGKILL: its IPC channel closes), and the
// parent passes on signals and the exit status.
import { spawn } from 'node:child_process';
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { register } from 'tsx/esm/api';

const LARGE_COMMANDS = new Set(['study', 'refresh', 'report', 'deck', 'workbook']);
const heapMb = Math.floor((totalmem() * 0.75) / 2 ** 20);
const needsLargerHeap =
  LARGE_COMMANDS.has(process.argv[2] ?? '') &&
  process.env.SEGMENT_HEAP_CHILD !== '1' &&
  getHeapStatistics().heap_size_limit < heapMb * 2 ** 20 * 0.9;

if (needsLargerHeap) {
  const child = spawn(
    process.execPath,
    [`--max-old-space-size=${heapMb}`, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env: { ...process.env, SEGMENT_HEAP_CHILD: '1' } },
  );
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
} else {
  if (process.env.SEGMENT_HEAP_CHILD === '1' && process.channel) {
    process.on('disconnect', () => process.exit(137)); // the parent is gone: stop, leaving no run folder
    process.channel.unref();
  }
  register();
  await import('../src/cli/main.ts');
}
