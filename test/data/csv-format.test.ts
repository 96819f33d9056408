import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Frame } from '../../src/data/frame.ts';
import { frameToCsv, neutralizeFormula } from '../../src/data/csv-format.ts';
import { loadTable } from '../../src/data/load.ts';
import { writeFilesAtomically } from '../../src/data/atomic-write.ts';
import { tempDir, tempFile } from '../helpers.ts';

describe('CSV output', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `'=HYPERLINK("http://evil.example","x")`],
    ['+cmd|calc', `'+cmd|calc`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tTAB', `'\tTAB`],
    ['-12.5', '-12.5'],
    ['+44', '+44'],
    ['-', '-'],
    ['Acme', 'Acme'],
  ])('neutralizes %j', (input, output) => expect(neutralizeFormula(input)).toBe(output));

  it('quotes, neutralizes and leaves missing cells empty', () => {
    const frame = Frame.fromColumns({
      name: ['=cmd()', 'Acme, Inc', 'say "hi"', null],
      n: [1, null, 2.5, -0],
    });
    expect(frameToCsv(frame)).toBe(`name,n\n'=cmd(),1\n"Acme, Inc",\n"say ""hi""",2.5\n,0\n`);
  });

  it('round-trips through the loader', async () => {
    const frame = Frame.fromColumns({
      name: ['Line\nbreak', ' padded ', 'x'],
      v: [1e-12, 123456789.125, NaN],
    });
    const { frame: back } = await loadTable(tempFile('rt.csv', frameToCsv(frame)));
    expect(back.strings('name')).toEqual(['Line\nbreak', ' padded ', 'x']);
    expect(Array.from(back.numbers('v'))).toEqual([1e-12, 123456789.125, NaN]);
  });

  it('writes a batch of files atomically, leaving no temporary files', async () => {
    const dir = tempDir();
    await writeFilesAtomically([
      { path: join(dir, 'a.csv'), content: 'x\n1\n' },
      { path: join(dir, 'sub', 'b.json'), content: '{}' },
    ]);
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('x\n1\n');
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'sub']);
  });

  it('writes nothing when one file of the batch cannot be written', async () => {
    const dir = tempDir();
    const blocker = join(dir, 'not-a-folder');
    await writeFilesAtomically([{ path: blocker, content: 'x' }]);
    await expect(
      writeFilesAtomically([
        { path: join(dir, 'good.csv'), content: 'x' },
        { path: join(blocker, 'bad.csv'), content: 'y' },
      ]),
    ).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['not-a-folder']);
  });
});
