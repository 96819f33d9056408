/**
 * The deck opened as a VP's laptop would: LibreOffice converts it to PDF (one page per slide) and poppler renders
 * the pages to PNG. Slow lane: CI installs LibreOffice; elsewhere the test is skipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
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

  it.skipIf(!hasLibreOffice)(
    'the deck and the workbook of a study on names with every C0 control character and U+FFFE open in LibreOffice',
    async () => {
      const dir = tempDir();
      const lines = readFileSync('data/sample/2026-05/accounts.csv', 'utf8').split('\n');
      const controls = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1));
      const hostile = [...controls.map((c, i) => `Name${c}Co ${i + 1}`), 'Not\uFFFEXML GmbH'];
      // Rows without quoted fields, so that splitting on commas finds the name.
      const plain = lines.flatMap((line, i) => (i > 0 && !line.includes('"') ? [i] : []));
      hostile.forEach((name, i) => {
        const row = plain[i] as number;
        const fields = (lines[row] as string).split(',');
        fields[1] = `"${name.replaceAll('"', '""')}"`;
        lines[row] = fields.join(',');
      });
      writeFileSync(join(dir, 'accounts.csv'), lines.join('\n'));
      const others = ['market', 'opportunities', 'spend', 'engagement'].map((r) => [
        r,
        resolve(`data/sample/2026-05/${r}.csv`),
      ]);
      const inputs = { ...Object.fromEntries(others), accounts: join(dir, 'accounts.csv') };
      const config = { inputs, outputs: { deck: true, workbook: true } };
      writeFileSync(join(dir, 'study.json'), JSON.stringify(config));
      const run = join(dir, 'run');
      expect((await runCli(['study', '--config', join(dir, 'study.json'), '--out', run])).code).toBe(0);
      const out = tempDir();
      const convert = (file: string, to: string) =>
        execFileSync('soffice', ['--headless', '--convert-to', to, '--outdir', out, join(run, file)], {
          stdio: 'ignore',
        });
      convert('deck.pptx', 'pdf');
      const { texts } = await slides(readFileSync(join(run, 'deck.pptx')));
      execFileSync('pdftoppm', ['-r', '20', '-png', join(out, 'deck.pdf'), join(out, 'slide')]);
      expect(readdirSync(out).filter((f) => f.startsWith('slide') && f.endsWith('.png'))).toHaveLength(
        texts.length,
      );
      // Calc opens the workbook (to ODS: the whole file parsed, faster than laying out a PDF): every sheet there.
      convert('segments.xlsx', 'ods');
      const sheets = async (file: string, part: RegExp, element: RegExp) => {
        const zip = await JSZip.loadAsync(readFileSync(file));
        const xml = await Promise.all(
          Object.keys(zip.files)
            .filter((n) => part.test(n))
            .map((n) => (zip.files[n] as JSZip.JSZipObject).async('string')),
        );
        return xml.reduce((sum, x) => sum + (x.match(element)?.length ?? 0), 0);
      };
      const xlsxSheets = await sheets(
        join(run, 'segments.xlsx'),
        /^xl\/worksheets\/sheet\d+\.xml$/,
        /<worksheet/g,
      );
      expect(xlsxSheets).toBeGreaterThan(4);
      expect(await sheets(join(out, 'segments.ods'), /^content\.xml$/, /<table:table /g)).toBe(xlsxSheets);
    },
    180_000,
  );
});
