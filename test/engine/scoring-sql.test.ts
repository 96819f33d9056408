/**
 * The study's scoring as SQL gives the in-memory study's numbers: executed in DuckDB and in PostgreSQL (PGlite, a
 * real PostgreSQL compiled to WebAssembly), on the sample with its config and with a config that takes every other
 * branch (log-log spend potential, engagement-gated tiers, a fixed spend threshold, routing on persona and region).
 * Spark SQL, Trino, BigQuery and Snowflake are parsed only.
 */
import nodeSqlParser from 'node-sql-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../src/data/frame.ts';
import { scoringSpecOfState } from '../../src/engine/scoring-spec.ts';
import { studyToSql, type ScoringSpec } from '../../src/engine/scoring-sql.ts';
import type { SqlDialectName } from '../../src/engine/sql-dialect.ts';
import { loadStudyConfig } from '../../src/study/config.ts';
import { runSteps } from '../../src/study/runner.ts';
import type { StudyState } from '../../src/study/step.ts';
import type { StudyConfig } from '../../src/study/types.ts';
import {
  NO_DIFFERENCES,
  scoreInDuckDB,
  scoreInPglite,
  scoreInPostgresServer,
  scoringDifferences,
} from './engines.ts';

/** Every other branch of the scoring. */
function variantConfig(config: StudyConfig): StudyConfig {
  const tiers = config.tiers.map((t) => ({ ...t }));
  (tiers[0] as { minEngagement?: number }).minEngagement = 60;
  (tiers[2] as { minEngagement?: number }).minEngagement = 20;
  return {
    ...config,
    spend: { ...config.spend, method: 'log-log' },
    tiers,
    road: { spend: { value: 50_000 }, opportunity: { percentile: 0.8 } },
    routing: {
      rules: [
        { when: { cluster: [1, 3], region: 'EMEA' }, queue: 'EMEA_Personas', reps: 4 },
        { when: { tier: ['P0', 'P1'], road_quadrant: 'Acquire' }, queue: 'Hunters', reps: 6 },
        { when: { motion: 'Strategic farming (expansion)' }, queue: 'Farmers' },
      ],
      default: { queue: 'Digital' },
    },
  };
}

/** The in-memory study of the sample config and of its variant, each run once for the whole file. */
const studies = new Map<string, Promise<StudyState>>();
function studyOf(configure: (c: StudyConfig) => StudyConfig): Promise<StudyState> {
  const key = configure === variantConfig ? 'variant' : 'sample';
  const state = studies.get(key) ?? loadStudyConfig().then((c) => runSteps(configure(c)));
  studies.set(key, state);
  return state;
}
const asIs = (c: StudyConfig) => c;

describe.each([
  ['the sample config', asIs],
  ['every other branch', variantConfig],
])('the study scoring as SQL, %s', (_label, configure) => {
  let frame: Frame;
  let spec: ScoringSpec;
  beforeAll(async () => {
    const state = await studyOf(configure);
    frame = state.frame;
    spec = scoringSpecOfState(state);
  });

  it('DuckDB gives the study’s values for every account (probabilities to 1e-9)', async () => {
    const rows = await scoreInDuckDB(frame, spec);
    expect(rows).toHaveLength(frame.numRows);
    expect(scoringDifferences(frame, rows)).toEqual(NO_DIFFERENCES);
  });

  it('PostgreSQL (PGlite) gives the study’s values for every account', async () => {
    const rows = await scoreInPglite(frame, spec);
    expect(rows).toHaveLength(frame.numRows);
    expect(scoringDifferences(frame, rows)).toEqual(NO_DIFFERENCES);
  });

  // A real server: CI starts one (.ci/start-postgres) and sets SEGMENT_POSTGRES; elsewhere it is skipped.
  it.runIf(process.env.SEGMENT_POSTGRES !== undefined)(
    'a real PostgreSQL server gives the study’s values for every account',
    async () => {
      const rows = await scoreInPostgresServer(frame, spec, process.env.SEGMENT_POSTGRES as string);
      expect(rows).toHaveLength(frame.numRows);
      expect(scoringDifferences(frame, rows)).toEqual(NO_DIFFERENCES);
    },
  );
});

describe('the variant config takes the branches it is meant to', () => {
  it('log-log potential, engagement-gated tiers and the fixed spend threshold change the answers', async () => {
    const base = (await studyOf(asIs)).frame;
    const variant = (await studyOf(variantConfig)).frame;
    const changed = (column: string) => {
      const a = base.column(column).values;
      const b = variant.column(column).values;
      return Array.from(
        { length: base.numRows },
        (_, i) => a[i] !== b[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i])),
      ).filter(Boolean).length;
    };
    expect(changed('spend_potential')).toBeGreaterThan(1000);
    expect(changed('tier')).toBeGreaterThan(100);
    expect(changed('road_quadrant')).toBeGreaterThan(100);
    expect(new Set(variant.strings('queue'))).toEqual(
      new Set(['EMEA_Personas', 'Hunters', 'Farmers', 'Digital']),
    );
  });
});

describe('the study scoring in the dialects that are parsed only', () => {
  const { Parser } = nodeSqlParser;
  const parser = new Parser();
  let spec: ScoringSpec;
  beforeAll(async () => {
    spec = scoringSpecOfState(await studyOf(asIs));
  });

  it.each([
    ['spark', 'hive'],
    ['trino', 'trino'],
    ['bigquery', 'bigquery'],
    ['snowflake', 'snowflake'],
    ['postgres', 'postgresql'],
  ] as const)('%s parses with node-sql-parser (%s grammar)', (dialect, grammar) => {
    const sql = studyToSql(spec, { dialect: dialect as SqlDialectName, table: 'crm.accounts' });
    expect(() => parser.astify(sql, { database: grammar })).not.toThrow();
    // The assignment's frozen variant: the fit-score scale as an inline table, the thresholds as constants.
    const frozen = {
      fitScores: [
        { from: 0, score: 0 },
        { from: 0.02, score: 33.3 },
        { from: 0.07, score: 66.7 },
        { from: 0.2, score: 100 },
      ],
      thresholds: { spend_threshold: 36_454.5, opportunity_threshold: 1_481.15 },
    };
    const assign = studyToSql(
      { ...spec, frozen },
      { dialect: dialect as SqlDialectName, table: 'crm.leads' },
    );
    expect(() => parser.astify(assign, { database: grammar })).not.toThrow();
  });

  it('the check tells dialects apart: the PostgreSQL script is not BigQuery, the BigQuery one not PostgreSQL', () => {
    expect(() =>
      parser.astify(studyToSql(spec, { dialect: 'postgres' }), { database: 'bigquery' }),
    ).toThrow();
    expect(() =>
      parser.astify(studyToSql(spec, { dialect: 'bigquery' }), { database: 'postgresql' }),
    ).toThrow();
  });

  it('names and text are quoted the dialect’s way', () => {
    expect(studyToSql(spec, { dialect: 'bigquery', table: 'crm.accounts' })).toContain(
      'FROM `crm`.`accounts`',
    );
    expect(studyToSql(spec, { dialect: 'spark' })).toContain("WHEN 'Accommodation & Food'");
    expect(studyToSql(spec, { dialect: 'snowflake' })).toContain('LOG(10, CAST("employees" AS DOUBLE))');
    expect(studyToSql(spec, { dialect: 'postgres' })).toContain('CAST("employees" AS DOUBLE PRECISION)');
  });
});
