/**
 * The deck opened as a VP's laptop would: LibreOffice converts it to PDF (one page per slide) and poppler renders
 * the pages to PNG. Slow lane: CI installs LibreOffice; elsewhere the test is skipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';
import { tempDir } from '../helpers.ts';
import { sampleRunCopy } from '../sample-runs.ts';
import { slides } from './deck-slides.ts';

const hasLibreOffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].some((p) => existsSync(p));

describe('segment deck in LibreOffice', () => {
  it.skipIf(!hasLibreOffice)(
    'opens in LibreOffice: one PDF page per slide, rendered to PNG',
    async () => {
      const run = sampleRunCopy('may');
      expect((await runCli(['deck', run])).code).toBe(0);
      const out = tempDir();
      const deck = join(run, 'deck.pptx');
      execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', out, deck], {
        stdio: 'ignore',
      });
      execFileSync('pdftoppm', ['-r', '40', '-png', join(out, 'deck.pdf'), join(out, 'slide')]);
      const pages = readdirSync(out).filter((f) => f.endsWith('.png'));
      const { texts } = await slides(readFileSync(deck));
      expect(pages).toHaveLength(texts.length);
    },
    120_000,
  );
});
