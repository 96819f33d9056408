/**
 * Beyond the classic malformed files: outputs that must never clobber (devices, links, one file named twice,
 * folders), text files as other systems save them (UTF-16, Windows-1252, lone CR, binary, a 5 MB field, a blank
 * header), and config values without sensible bounds — all through the real CLI, each asserting the exit code,
 * the one line and that nothing was written or replaced.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.ts';
import { runCli } from '../cli/run-cli.ts';

const training = 'y,x,segment\n1,1,a\n0,2,b\n1,3,a\n0,4,b\n1,5,a\n0,6,b\n1,2.5,b\n0,3.5,a\n';
const fit = (dir: string, ...out: string[]) => [
  'lookalike',
  join(dir, 't.csv'),
  '--target',
  'y',
  '--features',
  'x',
  ...out,
];
const oneLine = (stderr: string) => expect(stderr.trim().split('\n')).toHaveLength(1);
const noTemporaries = (dir: string) =>
  expect(readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.bak'))).toEqual([]);

describe('outputs never clobber', () => {
  it('a device: /dev/null is refused and left a character device', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 't.csv'), training);
    const result = await runCli(fit(dir, '--out', '/dev/null'));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: /dev/null is not a regular file (a device, pipe or socket); give a file path; nothing was written\n',
    );
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('a symbolic link is refused; neither the link nor its target changes', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 't.csv'), training);
    writeFileSync(join(dir, 'precious.txt'), 'keep me\n');
    symlinkSync(join(dir, 'precious.txt'), join(dir, 'm.json'));
    const result = await runCli(fit(dir, '--out', join(dir, 'm.json')));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: .*m\.json is a symbolic link; outputs are never written through links \(give the real path\); nothing was written\n$/,
    );
    expect(lstatSync(join(dir, 'm.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'precious.txt'), 'utf8')).toBe('keep me\n');
    noTemporaries(dir);
  });

  it('two outputs naming one file, spelled differently: refused, nothing written', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 't.csv'), training);
    mkdirSync(join(dir, 'sub'));
    const result = await runCli(fit(dir, '--out', join(dir, 'm.json'), '--scores', `${dir}/sub/../m.json`));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: .*m\.json and .*sub\/\.\.\/m\.json are the same file; give each output its own file\n$/,
    );
    expect(existsSync(join(dir, 'm.json'))).toBe(false);
    noTemporaries(dir);
  });

  it('clean --out x --report ./x (the same file spelled differently): refused', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.csv'), 'Account Name,Website\nAcme,acme.com\n');
    const result = await runCli([
      'clean',
      join(dir, 'a.csv'),
      '--out',
      join(dir, 'x'),
      '--report',
      join(dir, 'x'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: clean: --report and --out must be different files\n$/);
    expect(readdirSync(dir)).toEqual(['a.csv']);
  });

  it('a second output that cannot be written leaves the first untouched (all or nothing)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 't.csv'), training);
    writeFileSync(join(dir, 'm.json'), 'the previous model\n');
    mkdirSync(join(dir, 'scores.csv'));
    const result = await runCli(fit(dir, '--out', join(dir, 'm.json'), '--scores', join(dir, 'scores.csv')));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: .*scores\.csv is a folder; give a file path; nothing was written\n$/,
    );
    expect(readFileSync(join(dir, 'm.json'), 'utf8')).toBe('the previous model\n');
    noTemporaries(dir);
  });

  it('--out naming a folder, or a path under a file: exit 2, one line', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 't.csv'), training);
    mkdirSync(join(dir, 'folder'));
    const folder = await runCli(fit(dir, '--out', join(dir, 'folder')));
    expect([folder.code, folder.stderr]).toEqual([
      2,
      `error: ${join(dir, 'folder')} is a folder; give a file path; nothing was written\n`,
    ]);
    const under = await runCli(fit(dir, '--out', join(dir, 't.csv', 'm.json')));
    expect(under.code).toBe(2);
    expect(under.stderr).toMatch(
      /^error: .*t\.csv\/m\.json: a folder on this path is a file; give a path inside a folder\n$/,
    );
    const study = await runCli(['study', '--out', join(dir, 't.csv', 'run')]);
    expect(study.code).toBe(2);
    oneLine(study.stderr);
    expect(readFileSync(join(dir, 't.csv'), 'utf8')).toBe(training);
  });
});

describe('text files as other systems save them', () => {
  const clean = async (name: string, content: Buffer | string) => {
    const dir = tempDir();
    writeFileSync(join(dir, name), content);
    const result = await runCli(['clean', join(dir, name), '--out', join(dir, 'c.csv')]);
    const out = existsSync(join(dir, 'c.csv')) ? readFileSync(join(dir, 'c.csv'), 'utf8').split('\n') : null;
    return { ...result, out, dir };
  };

  it('UTF-16 LE with BOM and tabs (Excel "Unicode Text")', async () => {
    const text = 'Account Name\tWebsite\r\nAcme’s Widgets\tacme.com\r\nBeta\tbeta.io\r\n';
    const r = await clean(
      'unicode.txt',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: .*unicode\.txt: read as UTF-16LE text \(Excel "Unicode Text"\)/);
    expect(r.out?.[1]).toBe('row-1,Acme’s Widgets,acme.com,,,,,,');
  });

  it('UTF-16 BE with BOM', async () => {
    const text = Buffer.from('Account Name,Website\nZoë Bakery,zoe.fr\n', 'utf16le');
    const be = Buffer.alloc(text.length);
    for (let i = 0; i < text.length; i += 2) [be[i], be[i + 1]] = [text[i + 1] as number, text[i] as number];
    const r = await clean('be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    expect(r.code).toBe(0);
    expect(r.out?.[1]).toBe('row-1,Zoë Bakery,zoe.fr,,,,,,');
  });

  it('Windows-1252: a single ’ (0x92) is the right quotation mark, with a warning', async () => {
    const bytes = Buffer.from('Account Name,Website\nAcme\x92s Widgets \x96 Europe,acme.com\n', 'latin1');
    const r = await clean('win.csv', bytes);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: .*win\.csv: not valid UTF-8; read as Windows-1252/);
    expect(r.out?.[1]).toBe('row-1,Acme’s Widgets – Europe,acme.com,,,,,,');
  });

  it('old-Mac lone-CR line ends', async () => {
    const r = await clean('mac.csv', 'Account Name,Website\rAcme,acme.com\rBeta,beta.io\r');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /warning: .*mac\.csv: lines end with a lone CR \(old Mac format\); read as lines/,
    );
    expect(r.out?.slice(1, 3)).toEqual(['row-1,Acme,acme.com,,,,,,', 'row-2,Beta,beta.io,,,,,,']);
  });

  it('gzipped CSV (UTF-8 or Windows-1252) is read; a file that is not gzip is one line', async () => {
    const utf8 = await clean('a.csv.gz', gzipSync('Account Name,Website\nZoë Bakery,zoe.fr\n'));
    expect(utf8.code).toBe(0);
    expect(utf8.out?.[1]).toBe('row-1,Zoë Bakery,zoe.fr,,,,,,');
    const legacy = await clean(
      'w.csv.gz',
      gzipSync(Buffer.from('Account Name,Website\nAcme\x92s,acme.com\n', 'latin1')),
    );
    expect(legacy.code).toBe(0);
    expect(legacy.out?.[1]).toBe('row-1,Acme’s,acme.com,,,,,,');
    const broken = await clean('b.csv.gz', 'not gzip at all');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^error: .*b\.csv\.gz: cannot decompress: not a valid gzip file\n$/);
  });

  it('binary content: refused without echoing any of it', async () => {
    const r = await clean(
      'a.csv',
      Buffer.concat([Buffer.from('secret: hunter2\n'), Buffer.from([0, 1, 2, 0xff])]),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: .*a\.csv: holds binary data, not a text table; expected a CSV or TSV file/,
    );
    expect(r.stderr).not.toContain('hunter2');
    expect(r.out).toBeNull();
  });

  it('a text file that is not a table: the error does not echo its first line', async () => {
    const r = await clean('notes.txt', 'secret: hunter2\npassword=abc\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /the first line has no delimiter: is this a CSV or TSV file with a header row\?\)\n$/,
    );
    expect(r.stderr).not.toContain('hunter2');
  });

  it('a 5 MB field: one short line with the real reason', async () => {
    const r = await clean('big.csv', `Account Name,Notes\nAcme,${'x'.repeat(5_000_000)}\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: .*big\.csv, line 2: a row is 5,000,005 bytes long, over the limit of 2,000,000 bytes per row; look for a quote that is never closed, or shorten the long text field\n$/,
    );
    expect(r.stderr.length).toBeLessThan(400);
  });

  it('a blank header name: named by its column number', async () => {
    const r = await clean('blank.csv', 'Account Name,,Website\nAcme,1,acme.com\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: .*blank\.csv, line 1: column 2 of the header has no name; name it, or delete the column if it holds nothing\n$/,
    );
  });
});

describe('config values with bounds', () => {
  const study = async (extra: Record<string, unknown>, raw?: string) => {
    const dir = tempDir();
    const config = join(dir, 'study.json');
    const inputs = { accounts: resolve('data/sample/2026-05/accounts.csv') };
    writeFileSync(config, raw ?? JSON.stringify({ inputs, ...extra }));
    const result = await runCli(['study', '--config', config, '--out', join(dir, 'run')]);
    expect(existsSync(join(dir, 'run'))).toBe(false);
    oneLine(result.stderr);
    return result;
  };

  it.each([
    [
      'routing.default.reps = 1e9',
      { routing: { rules: [], default: { queue: 'Pool', reps: 1e9 } } },
      /routing\.default\.reps=1000000000 must be an integer from 1 to 100,000\n$/,
    ],
    [
      'clusters.nInit = 1e9',
      { clusters: { nInit: 1e9 } },
      /clusters: KMeans: nInit=1000000000 must be an integer from 1 to 1,000\n$/,
    ],
    ['clusters.k = 500', { clusters: { k: 500 } }, /clusters\.k=500 must be an integer from 1 to 50\n$/],
    [
      'lookalike.l2 = 1e300',
      { lookalike: { l2: 1e300 } },
      /lookalike\.l2=1e\+300 must be a number from 0 to 1,000,000\n$/,
    ],
    ['seed = -1', { seed: -1 }, /seed=-1 must be an integer from 0 to 4,294,967,295\n$/],
    [
      'a prototype key inside a slice',
      JSON.parse('{"lookalike": {"__proto__": {"l2": 5}}}') as Record<string, unknown>,
      /"lookalike\.__proto__" is not a configuration key\n$/,
    ],
  ])('%s', async (_name, extra, message) => {
    const result = await study(extra);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('monthlyTouches = 1e309 (Infinity once parsed) never reaches the CRM export', async () => {
    const tiers = [95, 85, 70, 50, 25, 0].map((minScore, i) => ({
      tier: `P${i}`,
      minScore,
      monthlyTouches: i === 0 ? '__TOUCHES__' : 1,
    }));
    const raw = JSON.stringify({
      inputs: { accounts: resolve('data/sample/2026-05/accounts.csv') },
      tiers,
    }).replace('"__TOUCHES__"', '1e309');
    const result = await study({}, raw);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/tiers: P0\.monthlyTouches=Infinity must be a number from 0 to 1000\n$/);
  });
});

describe('limits on the data', () => {
  it('a categorical feature with 300 levels: an error suggesting grouping, at once', async () => {
    const dir = tempDir();
    const rows = Array.from({ length: 600 }, (_, i) => `${i % 2},${i},city-${i % 300}`);
    writeFileSync(join(dir, 't.csv'), `y,x,city\n${rows.join('\n')}\n`);
    const result = await runCli([
      'lookalike',
      join(dir, 't.csv'),
      '--target',
      'y',
      '--features',
      'x',
      '--categorical',
      'city',
      '--out',
      join(dir, 'm.json'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: .*t\.csv, column "city": 300 distinct values; a categorical feature may have at most 200 — group rare values \(e\.g\. into "Other"\) or use a coarser column\n$/,
    );
    expect(existsSync(join(dir, 'm.json'))).toBe(false);
  });
});
