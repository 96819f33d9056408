import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { withDuckDB } from '../../src/data/duckdb.ts';
import { loadTable } from '../../src/data/load.ts';
import { tempDir } from '../helpers.ts';
import { runCli } from './run-cli.ts';

const dir = tempDir();
const clean = join(dir, 'clean.csv');

async function sqlScores(sql: string, key: string, value: string): Promise<Map<string, number | null>> {
  return withDuckDB(async (c) => {
    await c.run(`CREATE TABLE accounts AS SELECT * FROM read_csv('${clean}', header = true)`);
    const rows = (await c.runAndReadAll(`SELECT ${key}, ${value} FROM (${sql}) AS scored`)).getRows();
    return new Map(rows.map((r) => [String(r[0]), r[1] === null ? null : Number(r[1])]));
  });
}

async function cliScores(path: string, key: string, value: string): Promise<Map<string, number | null>> {
  const { frame } = await loadTable(path, { textColumns: [key] });
  const values = frame.column(value);
  return new Map(
    frame
      .strings(key)
      .map((id, i) => [
        id as string,
        values.kind === 'number'
          ? Number.isNaN(values.values[i] as number)
            ? null
            : (values.values[i] as number)
          : null,
      ]),
  );
}

beforeAll(async () => {
  const result = await runCli(['clean', 'data/sample/2026-05/accounts.csv', '--out', clean]);
  expect(result.code).toBe(0);
});

describe('segment lookalike / score / sql on the cleansed sample', () => {
  it('sql run in DuckDB equals score to 1e-9 on every row (categoricals, imputation, both dialects)', async () => {
    const model = join(dir, 'lookalike.json');
    const fit = await runCli([
      'lookalike',
      clean,
      '--target',
      'Type',
      '--positive',
      'Customer',
      '--features',
      'employees,annual_revenue',
      '--categorical',
      'industry,region',
      '--missing',
      'impute',
      '--id',
      'account_id',
      '--out',
      model,
      '--scores',
      join(dir, 'fit.csv'),
    ]);
    expect(fit.stderr).toMatch(
      /^warning: filled [\d,]+ missing feature values with training medians \(numbers\) and "Unknown" or the training mode \(categories\)\n$/,
    );
    expect(fit.stdout).toMatch(
      /^fitted the lookalike model on 20,000 rows \([\d,]+ positive\): AUC 0\.\d{3}, log loss 0\.\d{4}; converged in \d+ iterations; wrote /,
    );
    const json = JSON.parse(readFileSync(model, 'utf8')) as {
      kind: string;
      categorical: Record<string, string[]>;
    };
    expect(json.kind).toBe('logistic');
    // Missing regions are a level of their own, last (never the reference).
    expect(json.categorical.region).toEqual(['APAC', 'EMEA', 'LATAM', 'North America', 'Unknown']);

    const scored = join(dir, 'scores.csv');
    expect(
      (await runCli(['score', clean, '--model', model, '--id', 'account_id', '--out', scored])).code,
    ).toBe(0);
    const expected = await cliScores(scored, 'account_id', 'probability');
    expect(expected.size).toBe(20000);
    for (const dialect of ['duckdb', 'postgres']) {
      const sql = await runCli(['sql', '--model', model, '--dialect', dialect]);
      expect(sql.code).toBe(0);
      const actual = await sqlScores(sql.stdout, 'account_id', 'probability');
      let worst = 0;
      for (const [id, p] of expected)
        worst = Math.max(worst, Math.abs((actual.get(id) as number) - (p as number)));
      expect({ dialect, worst: worst < 1e-9 }).toEqual({ dialect, worst: true });
    }
  });

  it('k-means sql equals score on every row (standardized, imputed)', async () => {
    const model = join(dir, 'clusters.json');
    const fit = await runCli([
      'cluster',
      clean,
      '--features',
      'employees,annual_revenue',
      '--k',
      '4',
      '--standardize',
      '--missing',
      'impute',
      '--seed',
      '7',
      '--out',
      model,
    ]);
    expect(fit.code).toBe(0);
    const scored = join(dir, 'clusters.csv');
    expect(
      (await runCli(['score', clean, '--model', model, '--id', 'account_id', '--out', scored])).code,
    ).toBe(0);
    const expected = await cliScores(scored, 'account_id', 'cluster');
    for (const dialect of ['duckdb', 'postgres']) {
      const actual = await sqlScores(
        (await runCli(['sql', '--model', model, '--dialect', dialect])).stdout,
        'account_id',
        'cluster',
      );
      const mismatches = [...expected].filter(([id, c]) => actual.get(id) !== c).length;
      expect({ dialect, mismatches }).toEqual({ dialect, mismatches: 0 });
    }
  });

  it('rows score cannot score: empty in the CSV, NULL in SQL', async () => {
    const model = join(dir, 'strict.json');
    expect(
      (
        await runCli([
          'lookalike',
          clean,
          '--target',
          'Type',
          '--positive',
          'Customer',
          '--features',
          'employees',
          '--missing',
          'drop',
          '--out',
          model,
        ])
      ).code,
    ).toBe(0);
    const scored = join(dir, 'strict.csv');
    const result = await runCli(['score', clean, '--model', model, '--id', 'account_id', '--out', scored]);
    expect(result.stderr).toMatch(/^warning: [\d,]+ of 20000 rows miss a feature value and get no score/);
    const expected = await cliScores(scored, 'account_id', 'probability');
    const actual = await sqlScores(
      (await runCli(['sql', '--model', model])).stdout,
      'account_id',
      'probability',
    );
    const missing = [...expected].filter(([, p]) => p === null).map(([id]) => id);
    expect(missing.length).toBeGreaterThan(1000);
    for (const id of missing) expect(actual.get(id)).toBeNull();
  });
});

describe('segment lookalike / cluster / score / sql: errors', () => {
  it.each([
    [
      [
        'lookalike',
        'test/fixtures/datasets/birthwt.csv',
        '--target',
        'low',
        '--features',
        'age,nope',
        '--out',
        'X',
      ],
      /^error: test\/fixtures\/datasets\/birthwt\.csv: no feature column "nope" \(columns are "low", "age"/,
    ],
    [
      [
        'lookalike',
        'test/fixtures/datasets/birthwt.csv',
        '--target',
        'low',
        '--features',
        'age',
        '--l2',
        '-1',
        '--out',
        'X',
      ],
      /^error: --l2=-1 must be a number >= 0\n$/,
    ],
    [
      [
        'lookalike',
        'test/fixtures/datasets/birthwt.csv',
        '--target',
        'low',
        '--features',
        'age',
        '--missing',
        'guess',
        '--out',
        'X',
      ],
      /^error: --missing=guess must be error, drop or impute\n$/,
    ],
    [
      [
        'lookalike',
        'test/fixtures/datasets/birthwt.csv',
        '--target',
        'race',
        '--features',
        'age',
        '--out',
        'X',
      ],
      /^error: test\/fixtures\/datasets\/birthwt\.csv, row 1, column "race": target value "black" is not a binary label/,
    ],
    [
      ['cluster', 'test/fixtures/datasets/wine.csv', '--features', 'alcohol', '--k', '0', '--out', 'X'],
      /^error: --k=0 must be an integer >= 1\n$/,
    ],
    [
      ['cluster', 'test/fixtures/datasets/wine.csv', '--features', 'alcohol', '--k', '500', '--out', 'X'],
      /^error: test\/fixtures\/datasets\/wine\.csv: k=500 is larger than the 178 rows to cluster; choose k <= 178\n$/,
    ],
    [
      ['score', 'test/fixtures/datasets/wine.csv', '--model', 'no/model.json', '--out', 'X'],
      /^error: no\/model\.json: model file not found\n$/,
    ],
    [
      ['sql', '--model', 'test/fixtures/datasets/wine.csv'],
      /^error: test\/fixtures\/datasets\/wine\.csv: not valid JSON/,
    ],
    [
      ['sql', '--model', 'package.json'],
      /^error: package\.json: model kind is undefined; score and sql take a model written by segment lookalike/,
    ],
  ])('%j', async (args, message) => {
    const out = join(tempDir(), 'out');
    const result = await runCli(args.map((a) => (a === 'X' ? out : a)));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a model from another version is refused with a clear message', async () => {
    const old = join(tempDir(), 'old.json');
    const good = join(dir, 'v.json');
    await runCli([
      'lookalike',
      'test/fixtures/datasets/birthwt.csv',
      '--target',
      'low',
      '--features',
      'age',
      '--out',
      good,
    ]);
    const json = JSON.parse(readFileSync(good, 'utf8')) as Record<string, unknown>;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(old, JSON.stringify({ ...json, version: '9.0.0' }));
    const result = await runCli([
      'score',
      'test/fixtures/datasets/birthwt.csv',
      '--model',
      old,
      '--out',
      join(dir, 'o.csv'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /old\.json: model version "9\.0\.0" is not readable by segment 0\.1\.0; refit it/,
    );
  });
});
