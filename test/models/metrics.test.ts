import { describe, expect, it } from 'vitest';
import { Random } from '../../src/core/random.ts';
import { Frame } from '../../src/data/frame.ts';
import {
  brierScore,
  calibrationTable,
  fitScores,
  fitScoreScale,
  scoresOnScale,
  gainsTable,
  logLoss,
  miscalibratedBins,
  rocAuc,
  rocCurve,
} from '../../src/models/metrics.ts';
import { crossValidate, stratifiedFolds } from '../../src/models/cross-validation.ts';
import { loadTable } from '../../src/data/load.ts';

describe('metrics', () => {
  it('AUC: hand cases and a brute-force pairwise check with ties', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNaN();
    const rng = new Random(3);
    const y = Array.from({ length: 300 }, () => (rng.bernoulli(0.3) ? 1 : 0));
    const s = y.map((v) => Math.round((rng.uniform() + v * 0.4) * 20) / 20); // many ties
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < y.length; i++)
      for (let j = 0; j < y.length; j++) {
        if (y[i] === 1 && y[j] === 0) {
          pairs++;
          wins += (s[i] as number) > (s[j] as number) ? 1 : s[i] === s[j] ? 0.5 : 0;
        }
      }
    expect(rocAuc(y, s)).toBeCloseTo(wins / pairs, 12);
  });

  it('log loss and Brier score', () => {
    expect(logLoss([1, 0], [0.9, 0.2])).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, 15);
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 10);
    expect(brierScore([1, 0], [0.9, 0.2])).toBeCloseTo(0.025, 15);
  });

  it('gains table: deciles, lift and cumulative gain', () => {
    const y = [1, 1, 0, 1, 0, 0, 0, 0, 0, 0];
    const s = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05];
    const table = gainsTable(y, s, 5);
    expect(table.map((r) => r.positives)).toEqual([2, 1, 0, 0, 0]);
    // Numbered as the fit-score deciles are everywhere: the highest scores are the highest bucket.
    expect(table.map((r) => r.decile)).toEqual([5, 4, 3, 2, 1]);
    expect(table[0]).toMatchObject({
      decile: 5,
      accounts: 2,
      rate: 1,
      lift: 1 / 0.3,
      cumulativeGain: 2 / 3,
      maxScore: 0.9,
      minScore: 0.8,
    });
    expect(table[4]?.cumulativeGain).toBe(1);
  });

  it('calibration table and ROC curve', () => {
    const cal = calibrationTable([0, 0, 1, 1], [0.1, 0.2, 0.7, 0.9], 2);
    expect(cal).toEqual([
      { bin: 1, accounts: 2, meanPredicted: 0.15000000000000002, observedRate: 0 },
      { bin: 2, accounts: 2, meanPredicted: 0.8, observedRate: 1 },
    ]);
    const roc = rocCurve([0, 1, 1], [0.2, 0.7, 0.7]);
    expect(roc.map((p) => [p.falsePositiveRate, p.truePositiveRate])).toEqual([
      [0, 0],
      [0, 1],
      [1, 1],
    ]);
  });

  it('fit score: mid-rank percentile 0–100, ties share a score, missing stays missing', () => {
    expect(Array.from(fitScores([0.1, 0.5, 0.3]))).toEqual([0, 100, 50]);
    expect(Array.from(fitScores([0.2, 0.2, 0.9]))).toEqual([25, 25, 100]);
    expect(Array.from(fitScores([NaN, 0.4]))).toEqual([NaN, 100]);
  });

  it('fit score on a frozen scale: the population keeps its scores, a new probability takes its step', () => {
    const population = [0.05, 0.2, 0.2, 0.31, 0.5, 0.77, 0.9];
    const scale = fitScoreScale(population, fitScores(population));
    expect(scale[0]).toEqual({ from: 0, score: 0 });
    expect(scale[2]).toEqual({ from: (0.2 + 0.31) / 2, score: 50 });
    expect(Array.from(scoresOnScale(scale, population))).toEqual(Array.from(fitScores(population)));
    // 0.4 is below the midpoint of 0.31 (50) and 0.5 (66.7); 0.41 above it; the ends keep the end scores.
    expect(Array.from(scoresOnScale(scale, [0.4, 0.41, 0.01, 0.99, NaN]))).toEqual([50, 66.7, 0, 100, NaN]);
    // A probability recomputed a last digit lower keeps its score.
    expect(Array.from(scoresOnScale(scale, [0.31 - 1e-16]))).toEqual([50]);
  });
});

describe('cross-validation', () => {
  it('stratified folds keep the class balance and depend only on the seed', () => {
    const y = Float64Array.from({ length: 100 }, (_, i) => (i < 20 ? 1 : 0));
    const folds = stratifiedFolds(y, 5, 9);
    for (let f = 0; f < 5; f++) {
      const rows = Array.from(folds.keys()).filter((i) => folds[i] === f);
      expect(rows).toHaveLength(20);
      expect(rows.filter((i) => y[i] === 1)).toHaveLength(4);
    }
    expect(Array.from(stratifiedFolds(y, 5, 9))).toEqual(Array.from(folds));
    expect(Array.from(stratifiedFolds(y, 5, 10))).not.toEqual(Array.from(folds));
    expect(() => stratifiedFolds(y, 1, 0)).toThrow(/k=1 must be an integer >= 2/);
  });

  it('scores every row out of fold; CV AUC is close to the in-sample AUC on Pima', async () => {
    const { frame } = await loadTable('test/fixtures/datasets/pima.csv');
    const fit = { target: 'type', features: ['npreg', 'glu', 'bp', 'skin', 'bmi', 'ped', 'age'] };
    const cv = crossValidate(frame, fit, { k: 5, seed: 1 });
    expect(cv.folds).toHaveLength(5);
    expect(cv.folds.reduce((s, f) => s + f.n, 0)).toBe(200);
    expect(Array.from(cv.outOfFold).every((p) => p > 0 && p < 1)).toBe(true);
    expect(cv.auc.mean).toBeGreaterThan(0.75);
    expect(cv.auc.mean).toBeLessThan(0.9);
    expect(crossValidate(frame, fit, { k: 5, seed: 1 }).auc).toEqual(cv.auc);
  });

  it('a category only one held-out fold has is scored as missing (impute) or left unscored, not an error', () => {
    // Pima with a "clinic" column: one row from clinic Z, which no other fold's training rows contain.
    const rows = 40;
    const random = new Random(5);
    const y = Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const frame = Frame.fromColumns({
      y: Float64Array.from(y),
      x: Float64Array.from(y, (v) => v + random.normal(0, 1)),
      clinic: y.map((_, i) => (i === 7 ? 'Z' : i % 2 === 0 ? 'A' : 'B')),
    });
    const base = { target: 'y', features: ['x'], categorical: ['clinic'] };
    const imputed = crossValidate(frame, { ...base, missing: 'impute' as const }, { k: 5, seed: 2 });
    expect(Number.isNaN(imputed.outOfFold[7] as number)).toBe(false);
    expect(imputed.warnings.filter((w) => w.code === 'level-unseen-in-fold')).toHaveLength(1);
    const strict = crossValidate(frame, { ...base, missing: 'error' as const }, { k: 5, seed: 2 });
    expect(Number.isNaN(strict.outOfFold[7] as number)).toBe(true);
    expect(Array.from(strict.outOfFold).filter((p) => Number.isNaN(p))).toHaveLength(1);
  });
});

describe('miscalibratedBins', () => {
  it('flags a bin off by more than the tolerance and twice its standard error, not a small noisy one', () => {
    const rows = [
      { bin: 1, accounts: 2000, meanPredicted: 0.1, observedRate: 0.11 },
      { bin: 2, accounts: 2000, meanPredicted: 0.4, observedRate: 0.3 },
      { bin: 3, accounts: 12, meanPredicted: 0.4, observedRate: 0.25 },
    ];
    expect(miscalibratedBins(rows, 0.05).map((r) => r.bin)).toEqual([2]);
  });
});
