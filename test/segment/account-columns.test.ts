/**
 * One registry of account columns: `segments.csv`, the CRM export, the workbook's account sheets, the scoring
 * SQL and `docs/outputs.md` derive from it, and the runner checks the steps against it before any work.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputsReference } from '../../scripts/outputs-reference.ts';
import { CANONICAL_COLUMNS } from '../../src/cleanse/headers.ts';
import { SCORING_COLUMNS } from '../../src/engine/scoring-sql.ts';
import { ACCOUNT_COLUMNS, FIRMOGRAPHIC_COLUMNS, segmentsOrder } from '../../src/segment/account-columns.ts';
import { CRM_FIELDS } from '../../src/segment/crm-export.ts';
import { checkStepOrder, runSteps } from '../../src/study/runner.ts';
import { STUDY_STEPS } from '../../src/study/steps/index.ts';
import { loadStudyConfig } from '../../src/study/config.ts';
import type { StudyStep } from '../../src/study/step.ts';
import { sampleRuns } from '../sample-runs.ts';

const header = (path: string): string[] => readFileSync(path, 'utf8').split('\n')[0]!.split(',');

describe('the account-column registry', () => {
  it('names the canonical columns in their order, and every column once', () => {
    expect(FIRMOGRAPHIC_COLUMNS.map((c) => c.name)).toEqual([...CANONICAL_COLUMNS]);
    const names = [...FIRMOGRAPHIC_COLUMNS, ...ACCOUNT_COLUMNS].map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("is segments.csv's columns after the models' inputs, and the CRM export's fields, in order", () => {
    const { may } = sampleRuns();
    const columns = header(join(may, 'segments.csv'));
    const features = ['lookalike', 'clusters'].flatMap(
      (m) =>
        (JSON.parse(readFileSync(join(may, `models/${m}.json`), 'utf8')) as { features: string[] }).features,
    );
    const declared = new Set([...FIRMOGRAPHIC_COLUMNS, ...ACCOUNT_COLUMNS].map((c) => c.name));
    const undeclared = columns.filter((c) => !declared.has(c));
    expect(undeclared.length).toBeGreaterThan(0);
    for (const column of undeclared) expect(features).toContain(column); // the models' numeric inputs
    expect(segmentsOrder([...columns].reverse().filter((c) => declared.has(c)))).toEqual(
      columns.filter((c) => declared.has(c)),
    );
    expect(header(join(may, 'crm-export.csv'))).toEqual(
      CRM_FIELDS.filter(([source]) => columns.includes(source)).map(([, fields]) => fields.salesforce),
    );
    expect(SCORING_COLUMNS).toEqual(ACCOUNT_COLUMNS.filter((c) => c.sql).map((c) => c.name));
  });

  it('docs/outputs.md is what npm run docs:outputs writes (run it after changing a column or a run file)', () => {
    expect(readFileSync('docs/outputs.md', 'utf8')).toBe(outputsReference());
    for (const column of ACCOUNT_COLUMNS) expect(outputsReference()).toContain(`| \`${column.name}\` |`);
  });
});

describe('the runner checks the steps against the registry', () => {
  const byName = (name: string): StudyStep => STUDY_STEPS.find((s) => s.name === name) as StudyStep;

  it('accepts the study, and refuses a step that reads a column a later step writes, before any work', async () => {
    expect(() => checkStepOrder(STUDY_STEPS)).not.toThrow();
    const swapped = [byName('assemble'), byName('road'), byName('lookalike')];
    expect(() => checkStepOrder(swapped)).toThrow(
      /^study step "road" reads probability, which step "lookalike" writes, but "lookalike" does not run before it; run the steps in order$/,
    );
    const config = await loadStudyConfig();
    await expect(runSteps(config, { steps: swapped })).rejects.toThrow(/study step "road" reads probability/);
  });

  it('refuses a step that writes a column the registry gives to another step', async () => {
    const impostor: StudyStep = {
      ...byName('sizeSegments'),
      run: () => ({
        columns: { fit_score: [1] },
        artifact: { rules: { enterprise: {}, midMarket: {} } } as never,
      }),
    };
    const config = await loadStudyConfig();
    await expect(runSteps(config, { steps: [byName('assemble'), impostor] })).rejects.toThrow(
      /^study step "sizeSegments" writes fit_score, which the account-column registry gives to step "lookalike"$/,
    );
  });
});
