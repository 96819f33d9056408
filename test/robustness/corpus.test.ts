/**
 * The bad-input corpus: hostile and broken inputs through the public CLI. Each case asserts the exit code,
 * the one-line message and that no output file appears (or, for recoverable inputs, the warning and the
 * documented behaviour).
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTable } from '../../src/data/load.ts';
import { tempDir } from '../helpers.ts';
import { runCli } from '../cli/run-cli.ts';

interface Case {
  name: string;
  /** Input files to create (name → content). */
  files: Record<string, string | Buffer>;
  /** CLI arguments; `IN/<name>` is an input file, `OUT/<name>` an output path. */
  args: string[];
  code: number;
  stderr: RegExp;
  stdout?: RegExp;
}

const training = 'y,x,segment\n1,1,a\n0,2,b\n1,3,a\n0,4,b\n1,5,a\n0,6,b\n1,2.5,b\n0,3.5,a\n';

const CASES: Case[] = [
  {
    name: 'empty file',
    files: { 'a.csv': '' },
    args: ['clean', 'IN/a.csv', '--out', 'OUT/c.csv'],
    code: 2,
    stderr: /^error: .*a\.csv: file is empty; expected a header row and data\n$/,
  },
  {
    name: 'a 50 MB text field (closed quotes): too large, not broken quoting',
    files: {
      'a.csv': `Account Name,Website,Notes\nAcme,acme.com,"${'x'.repeat(50 * 2 ** 20)}"\nBeta,beta.com,short\n`,
    },
    args: ['clean', 'IN/a.csv', '--out', 'OUT/c.csv'],
    code: 2,
    stderr:
      /^error: .*a\.csv, line 2: a field too large to read: the row is 52,428,817 bytes long, over the limit of 2,000,000 bytes per row; shorten the long text field, or leave that column out of the export\n$/,
  },
  {
    name: 'header only',
    files: { 'a.csv': 'Account Name,Website\n' },
    args: ['clean', 'IN/a.csv', '--out', 'OUT/c.csv'],
    code: 2,
    stderr: /^error: .*a\.csv: the file has a header but no data rows\n$/,
  },
  {
    name: 'ragged rows',
    files: { 'a.csv': 'Account Name,Website\nAcme,acme.com\nBeta,beta.io,x\n' },
    args: ['clean', 'IN/a.csv', '--out', 'OUT/c.csv'],
    code: 2,
    stderr:
      /^error: .*a\.csv, line 3: the row has 3 fields but the header has 2; check the delimiter and quoting\n$/,
  },
  {
    name: 'wrong delimiter',
    files: { 'a.csv': 'Account Name;Website\nAcme,acme.com\n' },
    args: ['clean', 'IN/a.csv', '--out', 'OUT/c.csv'],
    code: 2,
    stderr:
      /^error: .*a\.csv, line 2: the row has 1 field but the header has 2; check the delimiter and quoting\n$/,
  },
  {
    name: 'missing required column',
    files: { 'a.csv': 'Id,Website\n1,acme.com\n' },
    args: ['clean', 'IN/a.csv', '--out', 'OUT/c.csv'],
    code: 2,
    stderr: /^error: .*a\.csv, line 1: no column for the account name/,
  },
  {
    name: 'legacy .xls',
    files: { 'a.xls': 'x' },
    args: ['clean', 'IN/a.xls', '--out', 'OUT/c.csv'],
    code: 2,
    stderr:
      /^error: .*a\.xls: legacy Excel \.xls files are not supported; save the sheet as \.xlsx or CSV\n$/,
  },
  {
    name: 'not really .xlsx',
    files: { 'a.xlsx': 'not a zip' },
    args: ['clean', 'IN/a.xlsx', '--out', 'OUT/c.csv'],
    code: 2,
    stderr: /^error: .*a\.xlsx: cannot read as \.xlsx/,
  },
  {
    name: 'text in a numeric feature',
    files: { 't.csv': training.replace('0,4,b', '0,lots,b') },
    args: ['lookalike', 'IN/t.csv', '--target', 'y', '--features', 'x', '--out', 'OUT/m.json'],
    code: 2,
    stderr: /^error: .*t\.csv, row 4, column "x": "lots" is not a number\n$/,
  },
  {
    name: 'NaN (read as missing)',
    files: { 't.csv': training.replace('0,4,b', '0,NaN,b') },
    args: ['lookalike', 'IN/t.csv', '--target', 'y', '--features', 'x', '--out', 'OUT/m.json'],
    code: 2,
    stderr: /^error: .*t\.csv, row 4, column "x": value is missing; fill it, or pass --missing drop/,
  },
  {
    name: 'Infinity',
    files: { 't.csv': training.replace('0,4,b', '0,Infinity,b') },
    args: ['lookalike', 'IN/t.csv', '--target', 'y', '--features', 'x', '--out', 'OUT/m.json'],
    code: 2,
    stderr: /^error: .*t\.csv, row 4, column "x": Infinity is not a finite number\n$/,
  },
  {
    name: '1e400',
    files: { 't.csv': training.replace('0,4,b', '0,1e400,b') },
    args: ['lookalike', 'IN/t.csv', '--target', 'y', '--features', 'x', '--out', 'OUT/m.json'],
    code: 2,
    stderr: /^error: .*t\.csv, row 4, column "x": Infinity is not a finite number\n$/,
  },
  {
    name: 'missing target column',
    files: { 't.csv': training },
    args: ['lookalike', 'IN/t.csv', '--target', 'won', '--features', 'x', '--out', 'OUT/m.json'],
    code: 2,
    stderr: /^error: .*t\.csv: no target column "won" \(columns are "y", "x", "segment"\)\n$/,
  },
  {
    name: 'one-class target',
    files: { 't.csv': training.replace(/^0,/gm, '1,') },
    args: ['lookalike', 'IN/t.csv', '--target', 'y', '--features', 'x', '--out', 'OUT/m.json'],
    code: 2,
    stderr:
      /^error: target "y" has only positive rows \(8 positive, 0 negative\); a model needs both classes\n$/,
  },
  {
    name: 'constant feature',
    files: { 't.csv': training.replace(/,(\d(\.5)?),/g, ',7,') },
    args: ['lookalike', 'IN/t.csv', '--target', 'y', '--features', 'x', '--out', 'OUT/m.json'],
    code: 2,
    stderr: /^error: .*t\.csv: feature "x" is constant \(7\) in the 8 training rows; remove it\n$/,
  },
  {
    name: 'all-missing feature',
    files: { 't.csv': training.replace(/,(\d(\.5)?),/g, ',,') },
    args: [
      'lookalike',
      'IN/t.csv',
      '--target',
      'y',
      '--features',
      'x',
      '--missing',
      'impute',
      '--out',
      'OUT/m.json',
    ],
    code: 2,
    stderr:
      /^error: .*t\.csv, column "x": feature "x" has no values in the training rows; fill it or remove it from the features\n$/,
  },
  {
    name: 'k < 1',
    files: { 't.csv': training },
    args: ['cluster', 'IN/t.csv', '--features', 'x', '--k', '0', '--out', 'OUT/m.json'],
    code: 2,
    stderr: /^error: --k=0 must be an integer >= 1\n$/,
  },
  {
    name: 'k > n',
    files: { 't.csv': training },
    args: ['cluster', 'IN/t.csv', '--features', 'x', '--k', '9', '--out', 'OUT/m.json'],
    code: 2,
    stderr: /^error: .*t\.csv: k=9 is larger than the 8 rows to cluster; choose k <= 8\n$/,
  },
  {
    name: 'model file that is not JSON',
    files: { 'm.json': '{oops', 't.csv': training },
    args: ['score', 'IN/t.csv', '--model', 'IN/m.json', '--out', 'OUT/s.csv'],
    code: 2,
    stderr: /^error: .*m\.json: not valid JSON/,
  },
  {
    name: 'model of another kind',
    files: { 'm.json': JSON.stringify({ kind: 'spend', version: '0.1.0' }), 't.csv': training },
    args: ['score', 'IN/t.csv', '--model', 'IN/m.json', '--out', 'OUT/s.csv'],
    code: 2,
    stderr:
      /^error: .*m\.json: model kind is "spend"; score and sql take a model written by segment lookalike \("logistic"\) or cluster \("kmeans"\)\n$/,
  },
  {
    name: 'model of another version',
    files: { 'm.json': JSON.stringify({ kind: 'kmeans', version: '7.0.0' }), 't.csv': training },
    args: ['score', 'IN/t.csv', '--model', 'IN/m.json', '--out', 'OUT/s.csv'],
    code: 2,
    stderr: /^error: .*m\.json: model version "7\.0\.0" is not readable by segment 0\.1\.0; refit it\n$/,
  },
  {
    name: 'unknown option',
    files: {},
    args: ['clean', 'x.csv', '--out', 'OUT/c.csv', '--frobnicate'],
    code: 2,
    stderr: /^error: unknown option '--frobnicate'\n$/,
  },
];

describe('bad-input corpus: one line, exit 2, nothing written', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const input = tempDir();
    const output = tempDir();
    for (const [file, content] of Object.entries(c.files)) writeFileSync(join(input, file), content);
    const args = c.args.map((a) => a.replace(/^IN\//, `${input}/`).replace(/^OUT\//, `${output}/`));
    const result = await runCli(args);
    expect(result.code).toBe(c.code);
    expect(result.stderr).toMatch(c.stderr);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(output)).toEqual([]);
  });
});

describe('recoverable inputs: a warning and the documented behaviour', () => {
  it('a 9,007-column header (a 100 KB header line): read, every column kept', async () => {
    const dir = tempDir();
    const attributes = Array.from({ length: 9005 }, (_, i) => `attribute_${i}`);
    const values = attributes.map((_, i) => String(i % 10));
    writeFileSync(
      join(dir, 'a.csv'),
      `Account Name,Website,${attributes.join(',')}\nAcme,acme.com,${values.join(',')}\n`,
    );
    const result = await runCli(['clean', join(dir, 'a.csv'), '--out', join(dir, 'c.csv')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^cleaned 1 rows into 1 accounts \(0 duplicates merged\); wrote /);
    const [header, row] = readFileSync(join(dir, 'c.csv'), 'utf8').split('\n');
    expect(header?.split(',').slice(-2)).toEqual(['attribute_9004', 'merged_ids']);
    expect(row?.split(',').slice(-2)).toEqual([String(9004 % 10), '']);
  });

  it('numbers and ids as other tools write them: scientific notation, a zero-width space, one name in NFC and NFD', async () => {
    const dir = tempDir();
    const nfc = 'M\u00fcller S\u00f6hne GmbH';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    writeFileSync(
      join(dir, 'a.csv'),
      [
        'Account ID,Account Name,Billing Country,Employees,Annual Revenue',
        `0011,${nfc},DE,1.2E+03,3.5e6`,
        `0012,${nfd},DE,,`,
        'ACC-0002\u200b,Zero Width Co,US,15,',
        'ACC-0002,Zero Width Co,US,,2e5',
        '',
      ].join('\n'),
    );
    const result = await runCli(['clean', join(dir, 'a.csv'), '--out', join(dir, 'c.csv')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^cleaned 4 rows into 2 accounts \(2 duplicates merged\); wrote /);
    const { frame } = await loadTable(join(dir, 'c.csv'), { allText: true });
    expect(frame.strings('account_id')).toEqual(['0011', 'ACC-0002']);
    expect(frame.strings('name')?.map((n) => n?.normalize('NFC'))).toEqual([nfc, 'Zero Width Co']);
    expect(frame.strings('employees')).toEqual(['1200', '15']);
    expect(frame.strings('annual_revenue')).toEqual(['3500000', '200000']);
  });

  it('BOM: read as if it were not there', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.csv'), '\ufeffAccount Name,Website\nAcme,acme.com\n');
    const result = await runCli(['clean', join(dir, 'a.csv'), '--out', join(dir, 'c.csv')]);
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'c.csv'), 'utf8').split('\n')[1]).toBe('row-1,Acme,acme.com,,,,,,');
  });

  it('non-UTF-8 bytes: read as Windows-1252 (a superset of Latin-1 letters) with a warning', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'a.csv'),
      Buffer.from('Account Name,Website\nCaf\xe9 M\xfcller,cafe.de\n', 'latin1'),
    );
    const result = await runCli(['clean', join(dir, 'a.csv'), '--out', join(dir, 'c.csv')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /warning: .*a\.csv: not valid UTF-8; read as Windows-1252 \(re-save as UTF-8 to silence this\)/,
    );
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).toContain('Café Müller');
  });

  it('duplicate ids: merged into one account and reported', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'a.csv'),
      'Id,Account Name,Website\n1,Acme,acme.com\n1,ACME Inc,\n2,Beta,beta.io\n',
    );
    const result = await runCli([
      'clean',
      join(dir, 'a.csv'),
      '--out',
      join(dir, 'c.csv'),
      '--report',
      join(dir, 'dq.json'),
    ]);
    expect(result.code).toBe(0);
    const dq = JSON.parse(readFileSync(join(dir, 'dq.json'), 'utf8')) as {
      rows_out: number;
      duplicates: { by_rule: Record<string, number> };
    };
    expect(dq.rows_out).toBe(2);
    expect(dq.duplicates.by_rule.account_id).toBe(1);
  });

  it('perfectly separated target: fitted with a warning that says what to do', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 't.csv'), 'y,x\n0,1\n0,2\n0,3\n1,4\n1,5\n1,6\n');
    const result = await runCli([
      'lookalike',
      join(dir, 't.csv'),
      '--target',
      'y',
      '--features',
      'x',
      '--out',
      join(dir, 'm.json'),
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /warning: fitted probabilities numerically 0 or 1 occurred: .* add an L2 penalty \(--l2 1\)/,
    );
    expect(existsSync(join(dir, 'm.json'))).toBe(true);
  });

  it('hostile names: formulas neutralized in every CSV written', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'a.csv'),
      'Account Name,Website,Note\n"=HYPERLINK(""http://evil.example"",""x"")",acme.com,@SUM(A1)\n+cmd,beta.io,-2+3\n',
    );
    expect((await runCli(['clean', join(dir, 'a.csv'), '--out', join(dir, 'c.csv')])).code).toBe(0);
    const lines = readFileSync(join(dir, 'c.csv'), 'utf8').split('\n');
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(lines[1]).toContain("'@SUM(A1)");
    expect(lines[2]).toContain("'+cmd");
    expect(lines[2]).toContain("'-2+3");
  });
});

describe('study inputs', () => {
  it('spend in a currency the study has no rate for: one line naming file, row, column and the fx key; no run folder', async () => {
    // Negative spend rows (credit memos) are netted now; an unconvertible currency is what must stop the study.
    const dir = tempDir();
    const spend = join(dir, 'spend.csv');
    writeFileSync(
      spend,
      readFileSync('data/sample/2026-05/spend.csv', 'utf8').replace(/\n([^,\n]+),(\d+),/, '\n$1,SEK $2,'),
    );
    const config = join(dir, 'study.json');
    const sample = (name: string) => resolve(`data/sample/2026-05/${name}.csv`);
    writeFileSync(
      config,
      JSON.stringify({
        inputs: {
          accounts: sample('accounts'),
          market: sample('market'),
          opportunities: sample('opportunities'),
          spend,
        },
      }),
    );
    const out = join(dir, 'run');
    const result = await runCli(['study', '--config', config, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: .*spend\.csv, row 1, column "annual_spend_usd": an amount in SEK but the study has no exchange rate for SEK; add "fx": \{ "SEK": <USD per 1 SEK> \} to the study config\n$/,
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('no customers at all: nothing to learn an ICP from', async () => {
    const dir = tempDir();
    const config = join(dir, 'study.json');
    writeFileSync(
      config,
      JSON.stringify({
        inputs: { accounts: resolve('data/sample/2026-05/accounts.csv') },
        mapping: { accounts: { customerStatus: { use: 'never' } } },
      }),
    );
    const result = await runCli(['study', '--config', config, '--out', join(dir, 'run')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no customers: no account has spend > 0 or a won opportunity/);
  });

  it('customers only from a status column, with no spend and no deals: says what input is missing', async () => {
    const dir = tempDir();
    const config = join(dir, 'study.json');
    writeFileSync(
      config,
      JSON.stringify({ inputs: { accounts: resolve('data/sample/2026-05/accounts.csv') } }),
    );
    const result = await runCli(['study', '--config', config, '--out', join(dir, 'run')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: .*accounts\.csv: no account has current spend \(no spend file and no opportunities file\); name a spend export in inputs\.spend or a deals export with won deals in inputs\.opportunities\n$/,
    );
    expect(existsSync(join(dir, 'run'))).toBe(false);
  });
});

describe('scoring and interruption', () => {
  it('an unknown categorical level at scoring time names its row and column', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 't.csv'), training);
    expect(
      (
        await runCli([
          'lookalike',
          join(dir, 't.csv'),
          '--target',
          'y',
          '--features',
          'x',
          '--categorical',
          'segment',
          '--out',
          join(dir, 'm.json'),
        ])
      ).code,
    ).toBe(0);
    writeFileSync(join(dir, 'new.csv'), 'x,segment\n1,a\n2,zeta\n');
    const result = await runCli([
      'score',
      join(dir, 'new.csv'),
      '--model',
      join(dir, 'm.json'),
      '--out',
      join(dir, 's.csv'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: .*new\.csv, row 2, column "segment": level "zeta" was not seen in training \(known: "a", "b"\); map it to a known level or refit\n$/,
    );
    expect(existsSync(join(dir, 's.csv'))).toBe(false);
  });

  it('a study killed mid-way leaves no run folder, only a hidden temporary one at most', async () => {
    const { spawn } = await import('node:child_process');
    const dir = tempDir();
    const out = join(dir, 'run');
    const child = spawn(process.execPath, ['bin/segment.js', 'study', '--out', out], { stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).every((f) => f.startsWith('.run.') && f.endsWith('.tmp'))).toBe(true);
  });
});
