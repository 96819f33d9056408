/**
 * A finished study, frozen for assigning new accounts: its verified run folder's rows, models, thresholds and
 * rules, and the full-precision probabilities of its own accounts (the population a new account's fit score is
 * ranked in).
 */
import { join } from 'node:path';
import { sniffHeader } from '../../data/csv-dialect.ts';
import { DataError } from '../../core/errors.ts';
import type { Frame } from '../../data/frame.ts';
import { KMeans } from '../../models/kmeans.ts';
import { LogisticRegression } from '../../models/logistic.ts';
import { fitScores, fitScoreScale, type FitScoreStep } from '../../models/metrics.ts';
import { SpendPotential } from '../../models/spend-potential.ts';
import { ACCOUNT_COLUMNS, FIRMOGRAPHIC_COLUMNS } from '../../segment/account-columns.ts';
import type { MoneyRecord } from '../../segment/assemble.ts';
import type { RoadThresholds } from '../../segment/road.ts';
import type { StudyConfig } from '../types.ts';
import { readRun, readRunTable, verifyRun } from '../run-folder.ts';

/** Everything assignment reads from a run folder. */
export interface FrozenStudy {
  dir: string;
  config: StudyConfig;
  /** The study's money record (currency, rates, study date), when its run folder has one. */
  money: MoneyRecord | null;
  /** The study's `segments.csv`, one row per account. */
  segments: Frame;
  lookalike: LogisticRegression;
  clusters: KMeans;
  spend: SpendPotential;
  thresholds: RoadThresholds;
  /** Lift of each industry among the study's customers. */
  industryLift: ReadonlyMap<string, number>;
  /** The study's fit-score scale: where each of its scores starts (probabilities at full precision). */
  scale: FitScoreStep[];
  /** The study's probability of each of its rows, at full precision. */
  probability: Float64Array;
}

/** The text columns of `segments.csv`: the registry's and the lookalike's categorical features. */
async function textColumns(dir: string, categorical: readonly string[]): Promise<string[]> {
  const header = new Set((await sniffHeader(join(dir, 'segments.csv'))).columns);
  const text = [...FIRMOGRAPHIC_COLUMNS, ...ACCOUNT_COLUMNS].filter((c) => c.kind === 'text');
  return [...new Set([...text.map((c) => c.name), ...categorical])].filter((c) => header.has(c));
}

function requireFeatures(dir: string, segments: Frame, model: LogisticRegression): void {
  const json = model.toJSON();
  const missing = [...json.features, ...Object.keys(json.categorical)].filter((f) => !segments.has(f));
  if (missing.length > 0)
    throw new DataError(
      `segments.csv lacks the lookalike's features ${missing.join(', ')}; rerun segment study with this version to assign accounts`,
      { file: dir },
    );
}

/**
 * Reads and verifies a run folder for assignment (made in memory or by `--engine duckdb`); refuses one whose files
 * fail their manifest hashes.
 *
 * @example
 * const study = await loadFrozenStudy('out/2026-11');
 * study.thresholds; // { spend_threshold: 98500, opportunity_threshold: 3017.9 }
 */
export async function loadFrozenStudy(dir: string): Promise<FrozenStudy> {
  const manifest = await verifyRun(dir);
  const lookalikeJson = await readRun(dir, 'lookalike');
  const lookalike = LogisticRegression.fromJSON(lookalikeJson, `${dir}/models/lookalike.json`);
  const segments = await readRunTable(
    dir,
    'segments.csv',
    await textColumns(dir, Object.keys(lookalikeJson.categorical)),
  );
  requireFeatures(dir, segments, lookalike);
  const clusters = KMeans.fromJSON(await readRun(dir, 'clusters'), `${dir}/models/clusters.json`);
  const icp = await readRun(dir, 'icp');
  const industry = icp.lift.find((table) => table[0]?.attribute === 'industry') ?? [];
  const { probability } = lookalike.predictProba(segments, { file: `${dir}/segments.csv` });
  return {
    dir,
    config: manifest.config,
    money: (await readRun(dir, 'study')).money ?? null,
    segments,
    lookalike,
    clusters,
    spend: SpendPotential.fromJSON(await readRun(dir, 'spend'), `${dir}/models/spend.json`),
    thresholds: (await readRun(dir, 'road')).thresholds,
    industryLift: new Map(industry.map((row) => [row.value, row.lift])),
    scale: fitScoreScale(probability, fitScores(probability)),
    probability,
  };
}
