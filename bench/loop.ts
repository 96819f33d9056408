/**
 * The everyday loop, timed: `segment --help` (the compiled CLI's start), `segment study` on the bundled sample,
 * and the two test lanes (`npm test`, `npm run test:slow`). Wall-clock seconds of real child processes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HeadlineRow } from './readme-table.ts';

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
 * The loop section's figures; `tests` false skips the test lanes (about 10 minutes on 2 cores).
 *
 * @example
 * lines.push(...loopLines(benchLoop({ repeat: 5, tests: false })));
 */
export function benchLoop(options: { repeat: number; tests: boolean }): HeadlineRow[] {
  execFileSync('npm', ['run', 'build'], { stdio: 'ignore' }); // the compiled CLI, as after npm ci
  const help = median(
    Array.from({ length: options.repeat }, () => seconds(process.execPath, ['bin/segment.js', '--help'])),
  );
  const dir = mkdtempSync(join(tmpdir(), 'segment-bench-'));
  const study = seconds(process.execPath, ['bin/segment.js', 'study', '--out', join(dir, 'run')]);
  rmSync(dir, { recursive: true, force: true });
  const rows: HeadlineRow[] = [
    {
      what: `\`segment --help\` (median of ${options.repeat})`,
      measured: `${help.toFixed(2)} s`,
      target: '< 1 s',
    },
    {
      what: '`segment study` on the bundled sample (20,000 accounts)',
      measured: `${study.toFixed(1)} s`,
      target: '< 5 s',
    },
  ];
  if (options.tests) {
    const fast = seconds('npm', ['test']);
    rows.push({
      what: '`npm test` (typecheck, lint, fast lane)',
      measured: `${fast.toFixed(0)} s`,
      target: '< 300 s',
    });
    const slow = seconds('npm', ['run', 'test:slow']);
    rows.push({ what: '`npm run test:slow`', measured: `${slow.toFixed(0)} s`, target: '—' });
  }
  return rows;
}

/**
 * The loop section as Markdown lines.
 *
 * @example
 * loopLines([{ what: '`segment --help`', measured: '0.19 s', target: '< 1 s' }]); // ['## The everyday loop', …]
 */
export function loopLines(rows: readonly HeadlineRow[]): string[] {
  return [
    '## The everyday loop',
    '',
    '| what | wall time | target |',
    '|---|---:|---:|',
    ...rows.map((r) => `| ${r.what} | ${r.measured} | ${r.target} |`),
    '',
  ];
}
