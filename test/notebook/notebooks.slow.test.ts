/**
 * The four notebooks, executed top to bottom through the real Deno kernel (zeromq runner, no Python), and
 * type-checked with `deno check`. Executed copies are written to out/notebooks/.
 */
import { readdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CellOutput } from '../../src/notebook/kernel-client.ts';
import {
  cellSource,
  checkNotebook,
  executeNotebook,
  readNotebook,
  stripOutputs,
  type Notebook,
} from '../../src/notebook/run-notebook.ts';
import { VEGA_LITE_MIME } from '../../src/notebook/chart.ts';
import { tempDir } from '../helpers.ts';

const NOTEBOOKS = fileURLToPath(new URL('../../notebooks/', import.meta.url));
const OUT = fileURLToPath(new URL('../../out/notebooks/', import.meta.url));
const EXPECTED = [
  '01-data-cleansing.ipynb',
  '02-icp-discovery.ipynb',
  '03-spend-potential-and-road.ipynb',
  '04-segment-refresh.ipynb',
];
/** Fewest charts and tables each notebook must show. */
const MIN_OUTPUTS: Record<string, { charts: number; tables: number }> = {
  '01-data-cleansing.ipynb': { charts: 1, tables: 8 },
  '02-icp-discovery.ipynb': { charts: 6, tables: 5 },
  '03-spend-potential-and-road.ipynb': { charts: 4, tables: 6 },
  '04-segment-refresh.ipynb': { charts: 4, tables: 6 },
};

const outputsOf = (nb: Notebook): CellOutput[] => nb.cells.flatMap((c) => c.outputs ?? []);
const data = (o: CellOutput): Record<string, unknown> =>
  o.output_type === 'display_data' || o.output_type === 'execute_result' ? o.data : {};

/** A copy of a notebook beside the originals (so `../src` imports resolve) with one parameter line replaced. */
async function withParameter(
  name: string,
  from: RegExp,
  to: string,
  ...more: [RegExp, string][]
): Promise<string> {
  const nb = await readNotebook(join(NOTEBOOKS, name));
  const cell = nb.cells.find((c) => c.cell_type === 'code');
  if (!cell) throw new Error('no code cell');
  let source = cellSource(cell);
  for (const [pattern, replacement] of [[from, to] as [RegExp, string], ...more]) {
    expect(source).toMatch(pattern);
    source = source.replace(pattern, replacement);
  }
  cell.source = source;
  const path = join(NOTEBOOKS, `.test-${process.pid}-${name}`);
  await writeFile(path, JSON.stringify(nb));
  return path;
}

describe('notebooks', () => {
  it('are the four walkthroughs', () => {
    expect(
      readdirSync(NOTEBOOKS)
        .filter((f) => f.endsWith('.ipynb') && !f.startsWith('.'))
        .sort(),
    ).toEqual(EXPECTED);
  });

  describe.each(EXPECTED)('%s', (name) => {
    const path = join(NOTEBOOKS, name);

    it('is committed without outputs, on the Deno kernel, parameters in the first code cell', async () => {
      const nb = await readNotebook(path);
      expect(nb).toEqual(stripOutputs(nb));
      expect((nb.metadata.kernelspec as { name: string }).name).toBe('deno');
      const first = nb.cells.find((c) => c.cell_type === 'code');
      expect(cellSource(first as Notebook['cells'][number])).toMatch(/^\/\/ Parameters/);
      expect(nb.cells[0]?.cell_type).toBe('markdown');
    });

    it('type-checks (code cells through deno check)', async () => {
      expect(await checkNotebook(path)).toEqual([]);
    });

    it('runs top to bottom in the Deno kernel and shows its charts and tables', async () => {
      const { notebook, error } = await executeNotebook(path, { outPath: join(OUT, name) });
      expect(error).toBeNull();
      const outputs = outputsOf(notebook);
      expect(outputs.filter((o) => o.output_type === 'error')).toEqual([]);
      const charts = outputs.filter((o) => VEGA_LITE_MIME in data(o));
      for (const chart of charts) {
        expect(data(chart)['image/svg+xml']).toBeUndefined(); // a plain nbconvert --to html shows the PNG
        expect(
          Buffer.from(String(data(chart)['image/png']), 'base64')
            .subarray(1, 4)
            .toString(),
        ).toBe('PNG');
      }
      const tables = outputs.filter((o) => String(data(o)['text/html'] ?? '').includes('<table'));
      expect(charts.length).toBeGreaterThanOrEqual(MIN_OUTPUTS[name]?.charts ?? 1);
      expect(tables.length).toBeGreaterThanOrEqual(MIN_OUTPUTS[name]?.tables ?? 1);
      // Every code cell ran (an execution count) and nothing was written to stderr.
      for (const cell of notebook.cells.filter((c) => c.cell_type === 'code'))
        expect(cell.execution_count).toBeGreaterThan(0);
      expect(outputs.filter((o) => o.output_type === 'stream' && o.name === 'stderr')).toEqual([]);
      // A study's progress is one output updated in place, ending on its last step's time.
      const progress = outputs.filter((o) => /^\d+\/\d+ /.test(String(data(o)['text/plain'] ?? '')));
      if (name === '02-icp-discovery.ipynb') {
        expect(progress.length).toBe(1);
        expect(String(data(progress[0] as CellOutput)['text/plain'])).toMatch(
          /^(\d+)\/\1 personas \(k-means\)\ndone in \d+\.\d s$/,
        );
      }
    }, 180_000);
  });

  it("runs from a folder outside the project: the kernelspec finds the project's Deno and sources", async () => {
    // An analyst copies a notebook to ~/analysis: the kernel (node {resource_dir}/launch.mjs) still starts the
    // project's Deno, and relative paths resolve from the project's notebooks/ folder, as for the original.
    const outside = tempDir();
    const copy = join(outside, '01-data-cleansing.ipynb');
    await writeFile(copy, JSON.stringify(await readNotebook(join(NOTEBOOKS, '01-data-cleansing.ipynb'))));
    const { error } = await executeNotebook(copy, { outPath: join(outside, 'executed.ipynb') });
    expect(error).toBeNull();
  }, 180_000);

  it('a bad path in the parameters stops at the load cell with a one-line message', async () => {
    const path = await withParameter(
      '01-data-cleansing.ipynb',
      /const ACCOUNTS_FILE = '[^']*'/,
      "const ACCOUNTS_FILE = '../data/sample/2026-05/acounts.csv'",
    );
    try {
      const { error, notebook } = await executeNotebook(path, { outPath: join(tempDir(), 'out.ipynb') });
      expect(error).toEqual({
        cell: 3,
        ename: 'DataError',
        evalue: '../data/sample/2026-05/acounts.csv: file not found',
      });
      const shown = outputsOf(notebook).find((o) => o.output_type === 'error');
      expect(shown?.output_type === 'error' && shown.traceback).toEqual([
        'DataError: ../data/sample/2026-05/acounts.csv: file not found',
      ]);
    } finally {
      await rm(path, { force: true });
    }
  }, 60_000);

  it('an unknown feature column stops the model cell with a message naming the column', async () => {
    const path = await withParameter(
      '02-icp-discovery.ipynb',
      /const LOOKALIKE_FEATURES = \[[^\]]*\]/,
      "const LOOKALIKE_FEATURES = ['log10_employees', 'tech_fit']",
    );
    try {
      const { error, notebook } = await executeNotebook(path, { outPath: join(tempDir(), 'out.ipynb') });
      expect(error?.ename).toMatch(/Error$/);
      expect(error?.evalue).toMatch(/"tech_fit"/);
      const shown = outputsOf(notebook).find((o) => o.output_type === 'error');
      expect(shown?.output_type === 'error' && shown.traceback.length).toBe(1);
    } finally {
      await rm(path, { force: true });
    }
  }, 60_000);

  it.each([
    [
      '01-data-cleansing.ipynb',
      [
        [
          /const ACCOUNTS_FILE = '[^']*'/,
          "const ACCOUNTS_FILE = '../test/fixtures/exports/planted/hubspot-companies.csv'",
        ],
        [/const OUT_FILE = '[^']*'/, `const OUT_FILE = '../out/notebooks/planted-clean-${process.pid}.csv'`],
      ],
    ],
    [
      '02-icp-discovery.ipynb',
      [
        [
          /const STUDY_CONFIG = '[^']*'/,
          "const STUDY_CONFIG = '../test/fixtures/exports/planted/study.json'",
        ],
        [
          /const LOOKALIKE_FEATURES = \[[^\]]*\]/,
          "const LOOKALIKE_FEATURES = ['log10_employees', 'tech_snowflake']",
        ],
        [
          /const PERSONA_FEATURES = \[[^\]]*\]/,
          "const PERSONA_FEATURES = ['log10_employees', 'log10_revenue']",
        ],
      ],
    ],
    [
      '03-spend-potential-and-road.ipynb',
      [
        [
          /const STUDY_CONFIG = '[^']*'/,
          "const STUDY_CONFIG = '../test/fixtures/exports/planted/study.json'",
        ],
      ],
    ],
  ] as [string, [RegExp, string][]][])(
    '%s runs on a HubSpot + ZoomInfo study by editing only its first cell',
    async (name, [first, ...more]) => {
      const [from, to] = first as [RegExp, string];
      const path = await withParameter(name, from, to, ...more);
      try {
        const { error } = await executeNotebook(path, { outPath: join(tempDir(), 'out.ipynb') });
        expect(error).toBeNull();
      } finally {
        await rm(path, { force: true });
      }
    },
    120_000,
  );

  it('type errors are reported with their cell and line', async () => {
    const nb = await readNotebook(join(NOTEBOOKS, '01-data-cleansing.ipynb'));
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    const third = code[2] as Notebook['cells'][number];
    const lines = cellSource(third).split('\n').length;
    third.source = `${cellSource(third)}\nconst rows: number = 'many';\n`;
    const path = join(NOTEBOOKS, `.test-${process.pid}-typecheck.ipynb`);
    await writeFile(path, JSON.stringify(nb));
    try {
      const errors = await checkNotebook(path);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ cell: 3, line: lines + 1 });
      expect(errors[0]?.message).toMatch(/TS2322/);
    } finally {
      await rm(path, { force: true });
    }
  }, 60_000);
});
