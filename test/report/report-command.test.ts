import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml, embedJson } from '../../src/report/assets.ts';
import { tempDir } from '../helpers.ts';
import { runCli } from '../cli/run-cli.ts';

describe('segment report', () => {
  it('rebuilds report.html byte for byte, and refuses a tampered or incomplete run folder', async () => {
    const dir = tempDir();
    const run = join(dir, 'run');
    expect((await runCli(['study', '--out', run])).code).toBe(0);
    const before = readFileSync(join(run, 'report.html'));
    const rebuilt = await runCli(['report', run]);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/^rebuilt .*report\.html and 26 chart files\n$/);
    expect(readFileSync(join(run, 'report.html')).equals(before)).toBe(true);

    const tampered = join(dir, 'tampered');
    cpSync(run, tampered, { recursive: true });
    writeFileSync(
      join(tampered, 'segments.csv'),
      readFileSync(join(tampered, 'segments.csv'), 'utf8').replace('Develop', 'Retain'),
    );
    const refused = await runCli(['report', tampered]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /tampered: segments\.csv was modified after the run \(its SHA-256 differs from the manifest\); rerun segment study\n$/,
    );

    const empty = tempDir();
    const incomplete = await runCli(['report', empty]);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toMatch(/the run folder lacks a readable manifest\.json/);
  }, 60_000);

  it('escapes HTML and embeds JSON that cannot close a script element', () => {
    expect(escapeHtml(`<a href="x">O'Brien & Co</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;O&#39;Brien &amp; Co&lt;/a&gt;',
    );
    expect(embedJson({ n: '</script><script>' })).toBe('{"n":"\\u003c/script>\\u003cscript>"}');
  });
});
