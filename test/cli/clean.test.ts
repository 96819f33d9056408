import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { QualityReport } from '../../src/cleanse/quality.ts';
import { loadTable } from '../../src/data/load.ts';
import { tempDir, tempFile } from '../helpers.ts';
import { runCli } from './run-cli.ts';

interface Planted {
  rows: number;
  accounts: number;
  duplicate_records: number;
  duplicate_groups: number;
  duplicate_groups_by_rule: { domain: number; 'name+country': number };
  columns: Record<string, { valid: number; missing: number; invalid: number; approximated: number }>;
  groups: { kept: string; members: string[]; rule: string }[];
}

describe.each(['2026-05', '2026-11'])('segment clean on the bundled sample (%s)', (period) => {
  it('finds exactly the duplicates and invalid values the generator planted', async () => {
    const dir = tempDir();
    const out = join(dir, 'clean.csv');
    const report = join(dir, 'dq.json');
    const result = await runCli([
      'clean',
      `data/sample/${period}/accounts.csv`,
      '--out',
      out,
      '--report',
      report,
    ]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(
      /^cleaned [\d,]+ rows into [\d,]+ accounts \([\d,]+ duplicates merged; [\d,]+ unreadable values left empty, listed in the report\); wrote /,
    );
    expect(result.code).toBe(0);
    const planted = JSON.parse(
      readFileSync(`data/sample/ground-truth/planted-${period}.json`, 'utf8'),
    ) as Planted;
    const dq = JSON.parse(readFileSync(report, 'utf8')) as QualityReport;
    expect(dq.rows_in).toBe(planted.rows);
    expect(dq.rows_out).toBe(planted.accounts);
    expect(dq.duplicates.records_merged).toBe(planted.duplicate_records);
    expect(dq.duplicates.groups).toBe(planted.duplicate_groups);
    expect(dq.duplicates.by_rule).toEqual({ account_id: 0, ...planted.duplicate_groups_by_rule });
    for (const [column, counts] of Object.entries(planted.columns)) {
      const q = dq.columns[column as keyof QualityReport['columns']];
      expect({
        column,
        valid: q.valid,
        missing: q.missing,
        invalid: q.invalid,
        approximated: q.approximated,
      }).toEqual({ column, ...counts });
    }
    // The merged groups are exactly the planted ones (membership, whoever is kept).
    const asSets = (groups: { members: string[] }[]) =>
      groups.map((g) => [...g.members].sort().join('|')).sort();
    expect(asSets(dq.duplicates.merged.map((m) => ({ members: [m.kept, ...m.merged] })))).toEqual(
      asSets(planted.groups),
    );
    const { frame } = await loadTable(out, { allText: true });
    expect(frame.numRows).toBe(planted.accounts);
    expect(new Set(frame.strings('account_id')).size).toBe(planted.accounts);
  });
});

describe('segment clean: errors', () => {
  it('a missing input file: exit 2, one line naming the file, nothing written', async () => {
    const dir = tempDir();
    const result = await runCli([
      'clean',
      'no/such/accounts.csv',
      '--out',
      join(dir, 'x.csv'),
      '--report',
      join(dir, 'dq.json'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: no/such/accounts.csv: file not found\n');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an unreadable row: exit 2, names the file and line, nothing written', async () => {
    const input = tempFile(
      'ragged.csv',
      'Account Name,Website\nAcme,acme.com\nBeta,beta.io,extra\nGamma,gamma.de\n',
    );
    const dir = tempDir();
    const result = await runCli(['clean', input, '--out', join(dir, 'x.csv')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: .*ragged\.csv, line 3: the row has 3 fields but the header has 2; check the delimiter and quoting\n$/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an .xlsx whose first sheet is hidden: the visible Accounts sheet is cleaned, and the note says so', async () => {
    const dir = tempDir();
    const input = join(dir, 'accounts.xlsx');
    const workbook = new ExcelJS.Workbook();
    const old = workbook.addWorksheet('Old', { state: 'hidden' });
    old.addRow(['Account Name', 'Website']);
    old.addRow(['Stale Co', 'stale.example']);
    const accounts = workbook.addWorksheet('Accounts');
    accounts.addRow(['Account Name', 'Website']);
    accounts.addRow(['Acme Corp', 'https://www.acme.com/']);
    await workbook.xlsx.writeFile(input);
    const result = await runCli(['clean', input, '--out', join(dir, 'clean.csv')]);
    expect(result.code).toBe(0);
    expect(result.stderr.split('\n')).toEqual([
      `warning: ${input}: read worksheet "Accounts"; the workbook also has "Old" (hidden); set sheet to read another`,
      'warning: no account id column; accounts are identified by their row as "row-N"',
      '',
    ]);
    const { frame } = await loadTable(join(dir, 'clean.csv'), { allText: true });
    expect([frame.strings('name'), frame.strings('domain')]).toEqual([['Acme Corp'], ['acme.com']]);
  });

  it('no column for the account name: exit 2, says which headers it accepts', async () => {
    const input = tempFile('nocols.csv', 'Id,Website,Foo\n1,acme.com,x\n');
    const dir = tempDir();
    const result = await runCli(['clean', input, '--out', join(dir, 'x.csv')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: .*nocols\.csv, line 1: no column for the account name; expected a header such as "name", "account name", .* \(found "Id", "Website", "Foo"\)\n$/,
    );
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });

  it("a missing --out: exit 2 with commander's one-line message", async () => {
    const result = await runCli(['clean', 'data/sample/2026-05/accounts.csv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: required option '--out <file>' not specified\n");
  });

  it('the same file for --out and --report is refused', async () => {
    const result = await runCli([
      'clean',
      'test/fixtures/salesforce-export.csv',
      '--out',
      '/tmp/same.json',
      '--report',
      '/tmp/same.json',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: clean: --report and --out must be different files\n');
  });

  it('neutralizes formulas in the cleansed CSV', async () => {
    const dir = tempDir();
    const out = join(dir, 'x.csv');
    const result = await runCli(['clean', 'test/fixtures/salesforce-export.csv', '--out', out]);
    expect(result.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
  });
});

/** Every subcommand of `segment`. */
const SUBCOMMANDS = [
  'init',
  'clean',
  'study',
  'lookalike',
  'cluster',
  'score',
  'sql',
  'refresh',
  'backtest',
  'report',
  'deck',
  'workbook',
];

describe('segment --help', () => {
  it.each(SUBCOMMANDS)('%s has help', async (command) => {
    const result = await runCli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: segment ${command} `));
    // The description flows as paragraphs wrapped to the width: no line broken short mid-paragraph.
    const description = result.stdout
      .split(/\n(?:Arguments|Options):/)[0]!
      .split('\n\n')
      .slice(1);
    for (const paragraph of description) {
      const lines = paragraph.trim().split('\n');
      for (const line of lines.slice(0, -1)) expect(line.length, line).toBeGreaterThan(55);
    }
  });

  it('lists every subcommand, all available', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of SUBCOMMANDS) {
      expect(result.stdout).toContain(`  ${command} `);
    }
    expect(result.stdout).not.toMatch(/not available/);
  });

  it('an unknown command is a one-line error', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: unknown command 'frobnicate'\n");
  });
});
