/**
 * Account hierarchies: a hand-written Salesforce export with ParentId (a three-level family, an orphan whose
 * parent was deleted, a loop loaded past validation, a self-parent), and the sample with families planted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTable } from '../../src/data/load.ts';
import { accountFamilies, familyTotals, hierarchyWarnings } from '../../src/segment/hierarchy.ts';
import { runCli } from '../cli/run-cli.ts';
import { bundledConfigWith, tempDir } from '../helpers.ts';
import { sampleRuns } from '../sample-runs.ts';

const id = (suffix: string) => `0015g00000B7a${suffix}AAZ`;

describe('accountFamilies on a Salesforce export with ParentId', () => {
  it('finds each ultimate parent and depth; reports the orphan and the loop', async () => {
    const { frame } = await loadTable('test/fixtures/exports/salesforce/account-hierarchy.csv', {
      allText: true,
    });
    const families = accountFamilies(frame.strings('Id') as string[], frame.strings('ParentId'));
    expect(families.ultimateParent).toEqual([
      id('AA'), // Acme Corporation
      id('AA'), // Acme Europe → Acme
      id('AA'), // Acme Deutschland → Acme Europe → Acme
      id('AA'), // Acme Japan → Acme
      id('AE'), // Globex
      id('AF'), // Globex Labs: parent 0015g00000B7zZZAAZ is not in the file
      id('AH'), // Initech LLC ↔ Initech Holdings: the loop's smallest id heads it
      id('AH'),
      id('AJ'), // Umbrella names itself
      id('AH'), // Initech Payments → Initech Holdings (in the loop)
    ]);
    expect([...families.depth]).toEqual([0, 1, 2, 1, 0, 0, 0, 0, 0, 1]);
    expect(families.orphans).toEqual([[id('AF'), '0015g00000B7zZZAAZ']]);
    expect(families.cycles).toEqual([[id('AH'), id('AI')]]);
    const warnings = hierarchyWarnings(families, 'ParentId');
    expect(warnings.map((w) => w.code)).toEqual(['hierarchy-orphan', 'hierarchy-cycle']);
    expect(warnings[1]?.message).toContain(`${id('AH')} → ${id('AI')} → ${id('AH')}`);
  });

  it('sums a column over each family', () => {
    expect([...familyTotals(['a', 'a', 'b'], [1, Number.NaN, 5])]).toEqual([1, 1, 5]);
  });
});

/** The sample's accounts with a ParentId column (account id → parent id; the file's ids are unquoted). */
function withParents(source: string, parents: Map<string, string>): string {
  const lines = readFileSync(source, 'utf8').trimEnd().split('\n');
  const out = lines.map((line, k) =>
    k === 0 ? `${line},ParentId` : `${line},${parents.get(line.split(',')[0] as string) ?? ''}`,
  );
  const path = join(tempDir(), 'accounts.csv');
  writeFileSync(path, `${out.join('\n')}\n`);
  return path;
}

/** segments.csv rows as objects. */
async function segmentsOf(dir: string, family = true) {
  const text = ['account_id', 'owner', ...(family ? ['ultimate_parent_id'] : [])];
  const { frame } = await loadTable(join(dir, 'segments.csv'), { textColumns: text });
  return frame;
}

describe('the sample with families planted', () => {
  it('rolls up to the ultimate parent, keeps a family with one rep, reports the loop and the orphan', async () => {
    const dir = tempDir();
    const config = JSON.parse(readFileSync('data/studies/sample-2026-05.json', 'utf8')) as {
      inputs: Record<string, string>;
    };
    const accountsCsv = join(process.cwd(), 'data/studies', config.inputs.accounts as string);
    // The plain sample run: which accounts are named in which quadrant.
    const plain = await segmentsOf(sampleRuns().may, false); // the bundled sample as it is
    const quadrant = plain.strings('road_quadrant');
    const owner = plain.strings('owner');
    const idOf = plain.strings('account_id') as string[];
    const named = (q: string) =>
      idOf[quadrant.findIndex((v, i) => v === q && / rep /.test(owner[i] ?? ''))] as string;
    const [acquire, develop, retain] = [named('Acquire'), named('Develop'), named('Retain')];
    const others = idOf.filter((a) => ![acquire, develop, retain].includes(a)).slice(0, 3) as [
      string,
      string,
      string,
    ];
    // Family: the Retain account heads it, the Develop and Acquire accounts are its children; two other accounts
    // loop; a third names a parent that does not exist.
    const path = withParents(
      accountsCsv,
      new Map([
        [develop, retain],
        [acquire, develop],
        [others[0], others[1]],
        [others[1], others[0]],
        [others[2], '0015g00000ZZZZZZZZ'],
      ]),
    );
    const study = bundledConfigWith('sample-2026-05.json', {
      inputs: {
        ...Object.fromEntries(
          Object.entries(config.inputs).map(([k, v]) => [k, join(process.cwd(), 'data/studies', v)]),
        ),
        accounts: path,
      },
      hierarchy: { parentColumn: 'ParentId' },
    });
    const run = await runCli(['study', '--config', study, '--out', join(dir, 'families')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/1 accounts name a parent in "ParentId" that is not among the accounts/);
    expect(run.stderr).toMatch(/1 parent chains in "ParentId" loop/);
    const seg = await segmentsOf(join(dir, 'families'));
    const rowOf = new Map(seg.strings('account_id').map((a, i) => [a, i]));
    const family = [retain, develop, acquire].map((a) => rowOf.get(a) as number);
    const up = seg.strings('ultimate_parent_id');
    expect(family.map((r) => up[r])).toEqual([retain, retain, retain]);
    const whitespace = seg.numbers('whitespace');
    const expected = family.reduce(
      (s, r) => s + (Number.isNaN(whitespace[r] as number) ? 0 : (whitespace[r] as number)),
      0,
    );
    for (const r of family) expect(seg.numbers('family_whitespace')[r]).toBeCloseTo(expected, 1);
    expect(seg.numbers('family_accounts')[family[0] as number]).toBe(3);
    // One rep for the family, in the quadrant with most of its opportunity.
    expect(new Set(family.map((r) => seg.strings('owner')[r])).size).toBe(1);
    const loop = others.slice(0, 2).map((a) => up[rowOf.get(a) as number]);
    expect(loop).toEqual([[...others.slice(0, 2)].sort()[0], [...others.slice(0, 2)].sort()[0]]);
    expect(up[rowOf.get(others[2]) as number]).toBe(others[2]);
    const crm = readFileSync(join(dir, 'families', 'crm-export.csv'), 'utf8').split('\n')[0] as string;
    expect(crm).toContain('Ultimate_Parent_Account__c');
    expect(crm).toContain('Family_Whitespace__c');
    const html = readFileSync(join(dir, 'families', 'report.html'), 'utf8');
    expect(html).toContain('data-table="families"');
    expect(html).toMatch(/Not resolved: 1 accounts name a parent that is not in the file/);
  }, 180_000);

  it('refuses a parent column the accounts do not have, naming the columns there are', async () => {
    const study = bundledConfigWith('sample-2026-05.json', {
      hierarchy: { parentColumn: 'Parent Account ID' },
    });
    const run = await runCli(['study', '--config', study, '--out', join(tempDir(), 'x')]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(
      /hierarchy\.parentColumn names column "Parent Account ID", which the accounts input does not have/,
    );
  }, 120_000);
});
