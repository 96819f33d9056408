/**
 * `segment study --engine duckdb` on hand-written tables as warehouses write them (BigQuery export, Snowflake
 * unload with capitals and \\N), hostile cell text, and the tables it refuses in one line, writing nothing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { neutralizeFormula } from '../../src/data/csv-format.ts';
import { loadTable } from '../../src/data/load.ts';
import { runCli } from '../cli/run-cli.ts';
import { tempDir, tempFile } from '../helpers.ts';
import { rowsOf } from './engines.ts';

/** `segment study --engine duckdb` on an assembled table (two personas), writing `<dir>/run`. */
function engineStudyOfTable(accounts: string, dir: string): ReturnType<typeof runCli> {
  const config = { inputs: { accounts }, clusters: { k: 2, candidateK: [2, 3] } };
  writeFileSync(join(dir, 'study.json'), JSON.stringify(config));
  return runCli([
    'study',
    '--config',
    join(dir, 'study.json'),
    '--engine',
    'duckdb',
    '--out',
    join(dir, 'run'),
  ]);
}

describe('a hand-written warehouse extract (BigQuery export style)', () => {
  // Quoted names, Salesforce ids, true/false flags, a blank size, one LATAM account (a level one CV fold only has).
  it('is segmented: flags read as 1/0, the rare region does not stop the cross-validation', async () => {
    const dir = tempDir();
    const run = await engineStudyOfTable(
      join(process.cwd(), 'test/fixtures/exports/warehouse/accounts.csv'),
      dir,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/segmented 32 accounts in DuckDB \(12 customers;/);
    const { frame } = await loadTable(join(dir, 'run', 'segments.csv'), { textColumns: ['account_id'] });
    expect(frame.numRows).toBe(32);
    expect(frame.strings('account_id')).toContain('0015g00000A1xRUAAZ');
    const manifest = JSON.parse(readFileSync(join(dir, 'run', 'manifest.json'), 'utf8'));
    expect(manifest.stats).toEqual({ accounts: 32, customers: 12 });
    expect(manifest.warnings.some((w: { code: string }) => w.code === 'level-unseen-in-fold')).toBe(true);
  });
});

describe('a hand-written Snowflake unload of the same table', () => {
  // COPY INTO @stage … HEADER = TRUE: column names in capitals (unquoted identifiers), NULL written as \N,
  // NUMBER(12,2) as 84000.00, strings enclosed in double quotes (FIELD_OPTIONALLY_ENCLOSED_BY = '"').
  it('is the same table: ACCOUNT_ID is account_id, \\N is missing, and the run folder has the same rows', async () => {
    const [bigQuery, snowflake] = [tempDir(), tempDir()];
    const fixture = (path: string) => join(process.cwd(), 'test/fixtures/exports', path);
    expect((await engineStudyOfTable(fixture('warehouse/accounts.csv'), bigQuery)).code).toBe(0);
    const run = await engineStudyOfTable(fixture('snowflake/accounts_0_0_0.csv'), snowflake);
    expect(run.code).toBe(0);
    // The same values (DuckDB writes a column as the table typed it: 84000.00 comes back as 84000.0, not 84000).
    const table = async (dir: string) =>
      (await loadTable(join(dir, 'run', 'segments.csv'), { textColumns: ['account_id'] })).frame;
    const frame = await table(snowflake);
    expect(frame.columnNames).toEqual((await table(bigQuery)).columnNames);
    expect(rowsOf(frame)).toEqual(rowsOf(await table(bigQuery)));
    expect(readFileSync(join(snowflake, 'run', 'road.json'), 'utf8')).toBe(
      readFileSync(join(bigQuery, 'run', 'road.json'), 'utf8'),
    );
    const pickles = frame.strings('account_id').indexOf('0015g00000A1xRRAAZ');
    expect(Number.isNaN(frame.numbers('employees')[pickles] as number)).toBe(true); // \N: missing, not text
  });

  it('a header that mixes capitals and lower case is read as written: no column is guessed', async () => {
    const dir = tempDir();
    const lines = readFileSync('test/fixtures/exports/snowflake/accounts_0_0_0.csv', 'utf8').split('\n');
    // One column added by hand in lower case: no longer an unload, so ACCOUNT_ID is not taken for account_id.
    const table = tempFile(
      'accounts.csv',
      [`${lines[0]},segment_note`, ...lines.slice(1, -1).map((l) => `${l},x`)].join('\n'),
    );
    const run = await engineStudyOfTable(table, dir);
    // Not an assembled table, so an export cleansed as the in-memory study cleanses one — whose CURRENT_SPEND would
    // be a second column beside the study's current_spend, which DuckDB cannot tell apart: refused, naming both.
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /accounts\.csv, column "CURRENT_SPEND": columns "CURRENT_SPEND" and "current_spend" differ only in letter case/,
    );
    expect(existsSync(join(dir, 'run'))).toBe(false);
  });
});

describe('the engine writes CSVs a spreadsheet opens safely', () => {
  it('text cells a spreadsheet would run are neutralized as the in-memory writer does', async () => {
    const hostile = [
      '=HYPERLINK("http://x","click")',
      '+cmd|calc',
      '@SUM(A1:A9)',
      '\tTabbed Co',
      '\rReturn Co',
    ];
    const lines = readFileSync('test/fixtures/exports/warehouse/accounts.csv', 'utf8').split('\n');
    hostile.forEach((name, i) => {
      const fields = (lines[i + 1] as string).split('","');
      fields[1] = name.replaceAll('"', '""');
      lines[i + 1] = fields.join('","');
    });
    const dir = tempDir();
    writeFileSync(join(dir, 'accounts.csv'), lines.join('\n'));
    const out = join(dir, 'run');
    const run = await engineStudyOfTable(join(dir, 'accounts.csv'), dir);
    expect(run.code).toBe(0);
    for (const [file, column] of [
      ['segments.csv', 'name'],
      ['crm-export.csv', 'Name'],
    ] as const) {
      const { frame } = await loadTable(join(out, file), { allText: true });
      const names = frame.strings(column);
      for (const name of hostile) expect(names).toContain(neutralizeFormula(name));
      expect(names).toContain('Litware Inc'); // plain names untouched
      expect(names.filter((n) => n?.startsWith("'")).length).toBe(hostile.length);
    }
  });
});

describe('the duckdb engine refuses what it cannot read right, in one line, writing nothing', () => {
  // A warehouse extract as analysts export it: ids as text, flags as 0/1.
  const header = 'account_id,name,industry,region,employees,annual_revenue,current_spend,is_customer';
  const rows = (n: number) =>
    Array.from(
      { length: n },
      (_, i) =>
        `A${i},Co ${i},Retail,EMEA,${10 + i},${1e6 + i},${i % 5 === 0 ? 1000 + i : 0},${i % 5 === 0 ? 1 : 0}`,
    );

  async function refused(csv: string, extra: Record<string, unknown> = {}) {
    const dir = tempDir();
    const table = join(dir, 'accounts.csv');
    writeFileSync(table, csv);
    const config = join(dir, 'study.json');
    writeFileSync(config, JSON.stringify({ inputs: { accounts: 'accounts.csv' }, ...extra }));
    const out = join(dir, 'run');
    const result = await runCli(['study', '--config', config, '--engine', 'duckdb', '--out', out]);
    return { ...result, written: existsSync(out) };
  }

  it('a table without is_customer is an export like any other: without spend or deals it has no customer', async () => {
    const r = await refused(
      `account_id,name,industry,employees,annual_revenue,current_spend\nA1,X,Retail,10,1,0\n`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/accounts\.csv: no customers: no account has spend > 0 or a won opportunity/);
    expect(r.written).toBe(false);
  });

  it('a repeated account id', async () => {
    const r = await refused([header, ...rows(3), rows(1)[0]].join('\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/account_id "A0" appears 2 times; the table needs one row per account/);
  });

  it('an is_customer that is not 0 or 1 names its line', async () => {
    const lines = [header, ...rows(3)];
    lines[3] = lines[3]?.replace(/,0$/, ',2') as string;
    const r = await refused(lines.join('\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 4.*is_customer is "2"; it must be 1 \(customer\) or 0/);
  });

  it("a spend file named beside a table is read as in memory: the table is an export, its spend the file's", async () => {
    const spend = [
      'account_id,annual_spend',
      ...Array.from({ length: 12 }, (_, i) => `A${i * 3},${5000 + i}`),
    ].join('\n');
    const dir = tempDir();
    writeFileSync(join(dir, 'spend.csv'), spend);
    const r = await refused([header, ...rows(40)].join('\n'), {
      inputs: { accounts: 'accounts.csv', spend: join(dir, 'spend.csv') },
    });
    expect(r.stderr).not.toMatch(/would not read/);
    expect(r.code).toBe(0);
  });
});
