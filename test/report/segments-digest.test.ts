import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSegmentsDigest, type SegmentsDigest } from '../../src/report/segments-digest.ts';
import { customerValueSummary } from '../../src/segment/customer-value.ts';
import type { QuadrantTotals } from '../../src/segment/road.ts';
import { readRun } from '../../src/study/run-folder.ts';
import { tempDir } from '../helpers.ts';
import { sampleRuns } from '../sample-runs.ts';

/** Both digests of a run folder: in memory, and by SQL (as for a segments.csv too large to hold). */
async function bothDigests(dir: string, totals: readonly QuadrantTotals[]) {
  return {
    memory: await readSegmentsDigest(dir, totals, 42),
    sql: await readSegmentsDigest(dir, totals, 42, 0),
  };
}

const scatterSummary = (d: SegmentsDigest) => ({
  ...d.scatter,
  drawn: d.scatter.drawn.length,
  top: d.scatter.drawn.filter((p) => p.top).map((p) => p.name),
});

describe('the digest of segments.csv by SQL (runs too large to hold)', () => {
  it('gives the sample run the same counts, top accounts, cells, whitespace and customer value as in memory', async () => {
    const { may } = sampleRuns();
    const { memory, sql } = await bothDigests(may, (await readRun(may, 'road')).totals);
    expect(sql.accounts).toBe(20_000);
    expect(sql.customers).toBe(memory.customers);
    expect(sql.top).toEqual(memory.top);
    expect([...(sql.priorityCounts ?? [])]).toEqual([...(memory.priorityCounts ?? [])]);
    expect(sql.segmentWhitespace).toEqual(memory.segmentWhitespace);
    const value = (d: SegmentsDigest) => customerValueSummary(d.valued, { atRiskBelow: 0.5, top: 10 });
    expect(value(sql)).toEqual(value(memory));
    expect(sql.valued.numRows).toBe(memory.customers); // only the valued accounts are held
    // The scatter: the same totals, extents and top accounts; another seeded sample of the same size.
    expect(scatterSummary(sql)).toEqual(scatterSummary(memory));
    expect(sql.scatter.sampled).toBe(true);
  }, 60_000);

  it('picks the top ten among ties at the tenth as the in-memory digest does (by account id), blanks as zero', async () => {
    // Twelve Opportunistic accounts ranked by fit score: four share the tenth place; one has no fit score.
    const header =
      'account_id,name,industry,tier,road_quadrant,motion,owner,size_segment,is_customer,current_spend,opportunity,whitespace,fit_score,fit_reasons,priority_cell';
    const fit = [90, 80, 70, 60, 50, 40, 30, 20, 20, 20, 20, ''];
    const ids = [
      '0015g00000Zq',
      '0015g00000Ab',
      '0015g00000Mm',
      '0015g00000Cc',
      '0015g00000Xx',
      '0015g00000Dd',
    ];
    const rows = fit.map((f, i) => {
      const id = ids[i] ?? `0015g00001${String.fromCharCode(90 - i)}`;
      return `${id},"Acme ${i}, Inc.",Retail,P4,Opportunistic,Digital / self-serve,Opportunistic pool,SMB,0,,${100 + i},${200 + i},${f},,`;
    });
    rows.push('0015g00009Rt,Keep Co,Retail,P1,Retain,Account management,Retain rep 01,SMB,1,5000,,0,55,,');
    const dir = tempDir();
    mkdirSync(join(dir, 'run'));
    writeFileSync(join(dir, 'run', 'segments.csv'), `${[header, ...rows].join('\n')}\n`);
    const totals = [
      { quadrant: 'Opportunistic', accounts: 12 },
      { quadrant: 'Retain', accounts: 1 },
    ] as QuadrantTotals[];
    const { memory, sql } = await bothDigests(join(dir, 'run'), totals);
    expect(sql.top).toEqual(memory.top);
    const names = (sql.top.Opportunistic ?? []).map((a) => a.name);
    expect(names).toHaveLength(10);
    // Places 7–10 go to four of the five tied at 20 (in account-id order): "Acme 11" (no score) is last.
    expect(names.slice(0, 6)).toEqual([
      'Acme 0, Inc.',
      'Acme 1, Inc.',
      'Acme 2, Inc.',
      'Acme 3, Inc.',
      'Acme 4, Inc.',
      'Acme 5, Inc.',
    ]);
    expect(names).not.toContain('Acme 11, Inc.');
    expect(sql.top.Retain?.[0]).toMatchObject({ name: 'Keep Co', spend: 5000, rankedBy: 'current spend' });
    expect(sql.customers).toBe(1);
    expect([...(sql.priorityCounts ?? [])]).toEqual([]);
    expect(sql.segmentWhitespace).toEqual(memory.segmentWhitespace);
  }, 60_000);
});
