/**
 * Model files as a hostile or careless user writes them: `score` and `sql` refuse the same files with the same
 * line (one validator), and names that survive validation cannot break out of the generated SQL.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { withDuckDB } from '../../src/data/duckdb.ts';
import { LogisticRegression } from '../../src/models/logistic.ts';
import { modelToSql } from '../../src/engine/model-sql.ts';
import { Frame } from '../../src/data/frame.ts';
import { tempDir } from '../helpers.ts';
import { runCli } from '../cli/run-cli.ts';

const dir = tempDir();
const training = 'y,x,segment\n1,1,a\n0,2,b\n1,3,a\n0,4,b\n1,5,a\n0,6,b\n1,2.5,b\n0,3.5,a\n';
let fitted: Record<string, unknown>;

beforeAll(async () => {
  writeFileSync(join(dir, 't.csv'), training);
  const result = await runCli([
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
  ]);
  expect(result.code).toBe(0);
  fitted = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')) as Record<string, unknown>;
});

const EDITS: { name: string; edit: Record<string, unknown>; message: string }[] = [
  {
    name: 'a line break in the target',
    edit: { target: 'y\nDROP TABLE accounts; --' },
    message: 'model file: "target" must be text without line breaks or control characters; refit the model',
  },
  {
    name: 'a line break in the version',
    edit: { version: '0.1.0\n; DROP TABLE accounts; --' },
    message: 'model file: "version" must be a version like "0.1.0"; refit the model',
  },
  {
    name: 'a null intercept',
    edit: { intercept: null },
    message: 'model file: "intercept" must be a finite number; refit the model',
  },
  {
    name: 'a string intercept',
    edit: { intercept: '0.5' },
    message: 'model file: "intercept" must be a finite number; refit the model',
  },
  {
    name: 'a non-finite coefficient (1e999 parses as Infinity)',
    edit: { coefficients: '__INFINITY__' },
    message: 'model file: "coefficients.x" must be a finite number; refit the model',
  },
  {
    name: 'a feature that is not a name',
    edit: { features: [42] },
    message: 'model file: "features" must be text without line breaks or control characters; refit the model',
  },
];

describe('score and sql refuse the same broken model files with the same line', () => {
  for (const c of EDITS) {
    it(c.name, async () => {
      const path = join(dir, `${c.name.replace(/\W+/g, '-')}.json`);
      let text = JSON.stringify({ ...fitted, ...c.edit });
      if (c.edit.coefficients === '__INFINITY__')
        text = JSON.stringify(fitted).replace(/"coefficients":\{"x":[^,}]+/, '"coefficients":{"x":1e999');
      writeFileSync(path, text);
      const out = join(dir, `${c.name.replace(/\W+/g, '-')}.csv`);
      const score = await runCli(['score', join(dir, 't.csv'), '--model', path, '--out', out]);
      const sql = await runCli(['sql', '--model', path]);
      for (const result of [score, sql]) {
        expect(result.code).toBe(2);
        expect(result.stderr).toBe(`error: ${path}: ${c.message}\n`);
        expect(result.stdout).toBe('');
      }
      expect(existsSync(out)).toBe(false);
    });
  }
});

describe('names that pass validation cannot escape the generated SQL', () => {
  it('quotes, comment markers and semicolons in feature, level and target names: only the SELECT runs', async () => {
    const feature = 'x"; DROP TABLE accounts; --';
    const column = "seg' ); DROP TABLE accounts; --";
    const frame = Frame.fromColumns({
      'won */ DROP TABLE accounts; --': [1, 0, 1, 0, 1, 0, 1, 0],
      [feature]: [1, 2, 3, 4, 5, 6, 2.5, 3.5],
      [column]: [
        "a'); DROP TABLE accounts; --",
        'b',
        "a'); DROP TABLE accounts; --",
        'b',
        "a'); DROP TABLE accounts; --",
        'b',
        'b',
        "a'); DROP TABLE accounts; --",
      ],
    });
    const model = new LogisticRegression().fit(frame, {
      target: 'won */ DROP TABLE accounts; --',
      features: [feature],
      categorical: [column],
    });
    const expected = model.predictProba(frame).probability;
    for (const dialect of ['duckdb', 'postgres'] as const) {
      const sql = modelToSql(model.toJSON(), { dialect });
      const rows = await withDuckDB(async (c) => {
        await c.run(
          `CREATE TABLE accounts AS SELECT * FROM (VALUES ${frame
            .strings(column)
            .map(
              (level, i) =>
                `(${frame.numbers(feature)[i]}, '${(level as string).replace(/'/g, "''")}', ${i})`,
            )
            .join(', ')}) AS v("${feature.replace(/"/g, '""')}", "${column}", i)`,
        );
        // runAndReadAll runs every statement of the text: an escape would drop the table before the SELECT.
        const scored = (await c.runAndReadAll(`${sql}\nORDER BY i`)).getRows();
        const tables = (await c.runAndReadAll(`SELECT count(*) FROM accounts`)).getRows();
        return { scored, tables };
      });
      expect(Number(rows.tables[0]?.[0])).toBe(8);
      const probabilities = rows.scored.map((r) => Number(r[r.length - 1]));
      probabilities.forEach((p, i) => expect(p).toBeCloseTo(expected[i] as number, 12));
    }
  });

  it('a hostile target in a model JSON that skips the file check still cannot end the SQL comment', () => {
    const json = {
      ...new LogisticRegression()
        .fit(Frame.fromColumns({ y: [1, 0, 1, 0], x: [1, 2, 4, 3] }), { target: 'y', features: ['x'] })
        .toJSON(),
    };
    expect(() => modelToSql({ ...json, target: 'y\nDROP TABLE accounts' })).toThrow(
      'model file: "target" must be text without line breaks or control characters; refit the model',
    );
  });
});
