/**
 * The library's entry (src/index.ts, what notebooks and users import) loads and exposes the main API. The other
 * tests import the modules they test directly, so that each test file loads only what it needs.
 */
import { describe, expect, it } from 'vitest';

describe('the library entry', () => {
  it('loads and exports the study, the models, the loader and the cleanser', async () => {
    const library = await import('../src/index.ts');
    for (const name of [
      'runStudy',
      'runSteps',
      'loadStudyConfig',
      'loadTable',
      'cleanseAccounts',
      'LogisticRegression',
      'KMeans',
      'SpendPotential',
      'Frame',
      'renderSvg',
    ])
      expect({ name, type: typeof (library as Record<string, unknown>)[name] }).toEqual({
        name,
        type: 'function',
      });
  }, 60_000);
});
