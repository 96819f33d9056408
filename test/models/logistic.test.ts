import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConvergenceWarning, DataError } from '../../src/core/errors.ts';
import { Frame } from '../../src/data/frame.ts';
import { loadTable } from '../../src/data/load.ts';
import { LogisticRegression } from '../../src/models/logistic.ts';

interface GlmReference {
  n: number;
  coefficients: Record<string, number>;
  standardErrors: Record<string, number>;
  fitted: number[];
}
const reference = (name: string) =>
  JSON.parse(readFileSync(`test/fixtures/reference/${name}.json`, 'utf8')) as GlmReference;
const sklearn = JSON.parse(readFileSync('test/fixtures/reference/sklearn-logistic.json', 'utf8')) as {
  breast_cancer: { features: string[]; 'l2=1': number[]; 'l2=0.1': number[] };
  birthwt: { 'l2=1': number[] };
  pima_unpenalized: { fitted: number[] };
};

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++)
    worst = Math.max(worst, Math.abs((actual[i] as number) - (expected[i] as number)));
  expect(worst).toBeLessThan(tolerance);
}

const BIRTHWT = {
  target: 'low',
  features: ['age', 'lwt', 'smoke', 'ptl', 'ht', 'ui', 'ftv'],
  categorical: ['race'],
};
const PIMA = { target: 'type', features: ['npreg', 'glu', 'bp', 'skin', 'bmi', 'ped', 'age'] };

describe('LogisticRegression equals R glm(family = binomial) with l2 = 0', () => {
  it('on MASS birthwt (numeric + categorical race)', async () => {
    const { frame } = await loadTable('test/fixtures/datasets/birthwt.csv');
    const model = new LogisticRegression().fit(frame, BIRTHWT);
    const ref = reference('glm-birthwt');
    expect(model.converged).toBe(true);
    expect(model.warnings).toEqual([]);
    expectClose(model.predictProba(frame).probability, ref.fitted, 1e-6);
    for (const row of model.coefficientTable()) {
      expect(row.estimate).toBeCloseTo(ref.coefficients[row.name] as number, 6);
      expect(row.stdError).toBeCloseTo(ref.standardErrors[row.name] as number, 6);
    }
    expect(model.featureNames).toEqual([
      'age',
      'lwt',
      'smoke',
      'ptl',
      'ht',
      'ui',
      'ftv',
      'race=other',
      'race=white',
    ]);
  });

  it('on MASS Pima.tr (Yes/No labels), also equal to unpenalized scikit-learn', async () => {
    const { frame } = await loadTable('test/fixtures/datasets/pima.csv');
    const model = new LogisticRegression().fit(frame, PIMA);
    expectClose(model.predictProba(frame).probability, reference('glm-pima').fitted, 1e-6);
    expectClose(model.predictProba(frame).probability, sklearn.pima_unpenalized.fitted, 1e-6);
    expect(model.toJSON().metrics).toMatchObject({ n: 200, positives: 68 });
  });

  it("on the bundled sample, and recovers the generator's true coefficients within 3 standard errors", async () => {
    const { frame: truth } = await loadTable('data/sample/ground-truth/accounts-2026-05.csv');
    const market = truth.filter((i) => truth.numbers('in_market_file')[i] === 1);
    const data = market.withColumn('log10_employees', market.numbers('employees').map(Math.log10));
    const model = new LogisticRegression().fit(data, {
      target: 'is_customer',
      features: ['log10_employees', 'tech_fit_score'],
      categorical: ['industry', 'region'],
    });
    const ref = reference('glm-sample');
    expectClose(model.predictProba(data).probability, ref.fitted, 1e-6);
    const trueModel = JSON.parse(readFileSync('data/sample/ground-truth/propensity.json', 'utf8')) as {
      intercept: number;
      coefficients: Record<string, number>;
    };
    const table = model.coefficientTable();
    const misses = table.filter((c) => {
      const truthValue =
        c.name === '(Intercept)' ? trueModel.intercept : (trueModel.coefficients[c.name] as number);
      return Math.abs(c.estimate - truthValue) > 3 * c.stdError;
    });
    expect(misses.map((c) => c.name)).toEqual([]);
    // The fitted model ranks accounts as well as the true propensity does (AUC of the truth: ~0.74).
    const { rocAuc } = await import('../../src/models/metrics.ts');
    const trueAuc = rocAuc(data.numbers('is_customer'), data.numbers('true_propensity'));
    expect(Math.abs(model.toJSON().metrics.auc - trueAuc)).toBeLessThan(0.01);
  });
});

describe('LogisticRegression with an L2 penalty equals scikit-learn StandardScaler + LogisticRegression(C = 1/l2)', () => {
  it.each([[1], [0.1]])('breast cancer, l2 = %s', async (l2) => {
    const { frame } = await loadTable('test/fixtures/datasets/breast_cancer.csv');
    const model = new LogisticRegression({ l2 }).fit(frame, {
      target: 'malignant',
      features: sklearn.breast_cancer.features,
    });
    expect(model.converged).toBe(true);
    expectClose(model.predictProba(frame).probability, sklearn.breast_cancer[`l2=${l2}` as 'l2=1'], 1e-6);
  });

  it('birthwt with dummies, l2 = 1', async () => {
    const { frame } = await loadTable('test/fixtures/datasets/birthwt.csv');
    const model = new LogisticRegression({ l2: 1 }).fit(frame, BIRTHWT);
    expectClose(model.predictProba(frame).probability, sklearn.birthwt['l2=1'], 1e-6);
  });
});

describe('LogisticRegression: contract and edge cases', () => {
  const small = Frame.fromColumns({
    won: ['won', 'lost', 'won', 'lost', 'lost', 'won', 'lost', 'won'],
    x: [1, 2, 3, 4, 5, 6, 7, 0.5],
    segment: ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b'],
  });

  it('maps won/lost labels and round-trips through JSON', () => {
    const model = new LogisticRegression().fit(small, {
      target: 'won',
      features: ['x'],
      categorical: ['segment'],
    });
    const restored = LogisticRegression.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(restored.predictProba(small).probability)).toEqual(
      Array.from(model.predictProba(small).probability),
    );
    expect(model.toJSON()).toMatchObject({
      kind: 'logistic',
      target: 'won',
      features: ['x'],
      categorical: { segment: ['a', 'b'] },
      l2: 0,
    });
  });

  it('is deterministic and does not modify its input', () => {
    const before = JSON.stringify(small.toRows());
    const a = new LogisticRegression().fit(small, { target: 'won', features: ['x'] });
    const b = new LogisticRegression().fit(small, { target: 'won', features: ['x'] });
    expect(a.toJSON()).toEqual(b.toJSON());
    expect(JSON.stringify(small.toRows())).toBe(before);
  });

  it('refuses to predict before fit', () => {
    expect(() => new LogisticRegression().predictProba(small)).toThrow(/not fitted yet; call fit\(\) first/);
  });

  it('rejects bad options with the parameter and value', () => {
    expect(() => new LogisticRegression({ l2: -1 })).toThrow(/l2=-1 must be a number >= 0/);
  });

  it('names the first missing value, or drops/imputes on request', () => {
    const withGap = small.withColumn('x', [1, 2, null, 4, 5, 6, 7, 0.5]);
    expect(() =>
      new LogisticRegression().fit(withGap, { target: 'won', features: ['x'], file: 'a.csv' }),
    ).toThrow(/^a\.csv, row 3, column "x": value is missing/);
    const dropped = new LogisticRegression().fit(withGap, {
      target: 'won',
      features: ['x'],
      missing: 'drop',
    });
    expect(dropped.toJSON().metrics.n).toBe(7);
    expect(dropped.warnings[0]?.message).toMatch(/dropped 1 of 8 rows/);
    const imputed = new LogisticRegression().fit(withGap, {
      target: 'won',
      features: ['x'],
      missing: 'impute',
    });
    expect(imputed.toJSON().medians.x).toBe(4);
  });

  it('rejects a one-class target, a constant feature and an unknown label', () => {
    const oneClass = small.withColumn('won', Array(8).fill('won'));
    expect(() => new LogisticRegression().fit(oneClass, { target: 'won', features: ['x'] })).toThrow(
      /has only positive rows \(8 positive, 0 negative\)/,
    );
    const constant = small.withColumn('x', Array(8).fill(3));
    expect(() => new LogisticRegression().fit(constant, { target: 'won', features: ['x'] })).toThrow(
      /feature "x" is constant/,
    );
    const odd = small.withColumn('won', ['won', 'maybe', 'won', 'lost', 'lost', 'won', 'lost', 'won']);
    expect(() => new LogisticRegression().fit(odd, { target: 'won', features: ['x'] })).toThrow(DataError);
    expect(() => new LogisticRegression().fit(odd, { target: 'won', features: ['x'] })).toThrow(
      /row 2, column "won": target value "maybe" is not a binary label/,
    );
  });

  it('warns about perfect separation instead of returning a silent answer', () => {
    const separated = Frame.fromColumns({ y: [0, 0, 0, 0, 1, 1, 1, 1], x: [1, 2, 3, 4, 5, 6, 7, 8] });
    const model = new LogisticRegression().fit(separated, { target: 'y', features: ['x'] });
    expect(model.warnings.some((w) => w instanceof ConvergenceWarning && w.code === 'separation')).toBe(true);
    const penalized = new LogisticRegression({ l2: 1 }).fit(separated, { target: 'y', features: ['x'] });
    expect(penalized.warnings).toEqual([]);
    expect(penalized.converged).toBe(true);
  });

  it('names an unseen categorical level at scoring time', () => {
    const model = new LogisticRegression().fit(small, {
      target: 'won',
      features: ['x'],
      categorical: ['segment'],
    });
    const fresh = Frame.fromColumns({ x: [1, 2], segment: ['a', 'zeta'] });
    expect(() => model.predictProba(fresh, { file: 'new.csv' })).toThrow(
      /^new\.csv, row 2, column "segment": level "zeta" was not seen in training/,
    );
  });
});
