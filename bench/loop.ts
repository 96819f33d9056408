/**
 * The everyday loop, timed: `segment --help` (the compiled CLI's start), `segment study` on the bundled sample,
 * and the two test lanes (`npm test`, `npm run test:slow`). Wall-clock seconds of real child processes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Seconds one command takes (it must succeed). */
function seconds(command: string, args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  if (result.status !== 0) throw new Error(`bench: ${command} ${args.join(' ')} failed (${result.status})`);
  return (performance.now() - started) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * Markdown lines of the loop section; `tests` false skips the test lanes (about 15 minutes on 2 cores).
 *
 * @example
 * lines.push(...benchLoop({ repeat: 5, tests: false }));
 */
export function benchLoop(options: { repeat: number; tests: boolean }): string[] {
  execFileSync('npm', ['run', 'build'], { stdio: 'ignore' }); // the compiled CLI, as after npm ci
  const help = median(
    Array.from({ length: options.repeat }, () => seconds(process.execPath, ['bin/segment.js', '--help'])),
  );
  const dir = mkdtempSync(join(tmpdir(), 'segment-bench-'));
  const study = seconds(process.execPath, ['bin/segment.js', 'study', '--out', join(dir, 'run')]);
  rmSync(dir, { recursive: true, force: true });
  const rows = [
    `| \`segment --help\` (median of ${options.repeat}) | ${help.toFixed(2)} s | < 1 s |`,
    `| \`segment study\` on the bundled sample (20,000 accounts) | ${study.toFixed(1)} s | < 5 s |`,
  ];
  if (options.tests) {
    rows.push(
      `| \`npm test\` (typecheck, lint, fast lane) | ${seconds('npm', ['test']).toFixed(0)} s | < 300 s |`,
    );
    rows.push(`| \`npm run test:slow\` | ${seconds('npm', ['run', 'test:slow']).toFixed(0)} s | — |`);
  }
  return ['## The everyday loop', '', '| what | wall time | target |', '|---|---:|---:|', ...rows, ''];
}
