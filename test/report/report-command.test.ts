import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml, embedJson } from '../../src/report/assets.ts';
import { tempDir } from '../helpers.ts';
import { runCli } from '../cli/run-cli.ts';
import { sampleRunCopy } from '../sample-runs.ts';

const sampleStudy = {
  inputs: Object.fromEntries(
    ['accounts', 'market', 'opportunities', 'spend', 'engagement'].map((role) => [
      role,
      resolve(`data/sample/2026-05/${role}.csv`),
    ]),
  ),
};

describe('segment report', () => {
  it('rebuilds report.html byte for byte, and refuses a tampered or incomplete run folder', async () => {
    const dir = tempDir();
    const run = sampleRunCopy('may');
    const before = readFileSync(join(run, 'report.html'));
    const rebuilt = await runCli(['report', run]);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/^rebuilt .*report\.html and 30 chart files\n$/);
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

    // A study whose previous run was tampered with refuses before any work, and writes nothing.
    const config = join(dir, 'study.json');
    writeFileSync(config, JSON.stringify({ ...sampleStudy, previousRun: tampered }));
    const next = await runCli(['study', '--config', config, '--out', join(dir, 'next')]);
    expect(next.code).toBe(2);
    expect(next.stderr).toMatch(/tampered: segments\.csv was modified after the run/);
    expect(existsSync(join(dir, 'next'))).toBe(false);

    // changes.json is verified like every data file: copied in, or edited.
    const copiedIn = join(dir, 'copied-in');
    cpSync(run, copiedIn, { recursive: true });
    writeFileSync(join(copiedIn, 'changes.json'), '{"summary":{"accounts":{"changed":99999}}}\n');
    const copied = await runCli(['report', copiedIn]);
    expect(copied.code).toBe(2);
    expect(copied.stderr).toMatch(
      /copied-in: the manifest does not list changes\.json; the run folder is incomplete or was altered\n$/,
    );
    const withChanges = sampleRunCopy('november'); // its previous run is the May sample: it has changes.json
    const changes = join(withChanges, 'changes.json');
    const original = readFileSync(changes, 'utf8');
    const edit = original.replace(/"changed": (\d+)/, (_, n: string) => `"changed": ${Number(n) + 12}`);
    expect(edit).not.toBe(original);
    writeFileSync(changes, edit);
    const edited = await runCli(['report', withChanges]);
    expect(edited.code).toBe(2);
    expect(edited.stderr).toMatch(/november: changes\.json was modified after the run/);

    const empty = tempDir();
    const incomplete = await runCli(['report', empty]);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toMatch(/the run folder lacks a readable manifest\.json/);
  }, 120_000);

  it('escapes HTML and embeds JSON that cannot close a script element', () => {
    expect(escapeHtml(`<a href="x">O'Brien & Co</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;O&#39;Brien &amp; Co&lt;/a&gt;',
    );
    expect(embedJson({ n: '</script><script>' })).toBe('{"n":"\\u003c/script>\\u003cscript>"}');
  });
});
