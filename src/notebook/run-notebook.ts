/**
 * Headless notebook execution and type-checking, without Python: each code cell goes through the real
 * Deno kernel ({@link KernelClient}); the executed copy keeps every output. Used by `npm test`
 * (test/notebooks) and `npm run notebooks`.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KernelClient, type CellOutput } from './kernel-client.ts';

/** The committed kernelspec (jupyter/kernels/deno/kernel.json). */
export const KERNEL_SPEC = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../jupyter/kernels/deno/kernel.json',
);

/** A notebook cell in nbformat 4. */
export interface NotebookCell {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: CellOutput[];
  execution_count?: number | null;
  id?: string;
}

/** A notebook in nbformat 4. */
export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** The first error a notebook produced. */
export interface NotebookError {
  /** 1-based index among the notebook's code cells. */
  cell: number;
  ename: string;
  evalue: string;
}

/** What {@link executeNotebook} returns. */
export interface NotebookRun {
  /** The executed notebook (also written to `outPath`). */
  notebook: Notebook;
  /** The first error, or null when every cell ran. Execution stops at the first error, as in Jupyter. */
  error: NotebookError | null;
  seconds: number;
}

/** A cell's source as one string. */
export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

/**
 * Reads a notebook file.
 *
 * @example
 * const nb = await readNotebook('notebooks/01-data-cleansing.ipynb');
 * nb.cells.length; // 24
 */
export async function readNotebook(path: string): Promise<Notebook> {
  return JSON.parse(await readFile(path, 'utf8')) as Notebook;
}

/**
 * Runs every code cell of a notebook in a fresh Deno kernel started in the notebook's folder, and writes the
 * executed copy (with outputs) to `outPath`.
 *
 * @example
 * const { error } = await executeNotebook('notebooks/01-data-cleansing.ipynb', { outPath: 'out/notebooks/01-data-cleansing.ipynb' });
 */
export async function executeNotebook(
  path: string,
  options: { outPath: string; cellTimeoutMs?: number; env?: Record<string, string> },
): Promise<NotebookRun> {
  const started = Date.now();
  const notebook = await readNotebook(path);
  const kernel = await KernelClient.start(KERNEL_SPEC, {
    cwd: dirname(resolve(path)),
    ...(options.env ? { env: options.env } : {}),
  });
  let error: NotebookError | null = null;
  let codeCell = 0;
  try {
    for (const cell of notebook.cells) {
      if (cell.cell_type !== 'code') continue;
      codeCell++;
      if (error !== null) {
        cell.outputs = [];
        cell.execution_count = null;
        continue;
      }
      const run = await kernel.execute(cellSource(cell), {
        ...(options.cellTimeoutMs ? { timeoutMs: options.cellTimeoutMs } : {}),
      });
      cell.outputs = run.outputs.map((o) =>
        o.output_type === 'execute_result' ? { ...o, execution_count: run.executionCount } : o,
      );
      cell.execution_count = run.executionCount;
      const failed = run.outputs.find((o) => o.output_type === 'error');
      if (failed?.output_type === 'error')
        error = { cell: codeCell, ename: failed.ename, evalue: failed.evalue };
      else if (run.status !== 'ok') error = { cell: codeCell, ename: 'ExecutionError', evalue: run.status };
    }
  } finally {
    await kernel.shutdown();
  }
  await mkdir(dirname(resolve(options.outPath)), { recursive: true });
  await writeFile(options.outPath, `${JSON.stringify(notebook, null, 1)}\n`);
  return { notebook, error, seconds: (Date.now() - started) / 1000 };
}

/** One type error in a notebook, mapped back to its code cell. */
export interface NotebookTypeError {
  /** 1-based index among the notebook's code cells. */
  cell: number;
  /** 1-based line inside the cell. */
  line: number;
  message: string;
}

/**
 * Type-checks a notebook: its code cells, in order, as one TypeScript module checked by `deno check`
 * (the kernel itself does not type-check). The temporary module sits beside the notebook so relative
 * imports resolve as in the kernel, and is removed afterwards.
 *
 * @example
 * await checkNotebook('notebooks/02-icp-discovery.ipynb'); // [] when it type-checks
 */
export async function checkNotebook(path: string): Promise<NotebookTypeError[]> {
  const notebook = await readNotebook(path);
  const lines: string[] = [];
  const origin: { cell: number; line: number }[] = [];
  let codeCell = 0;
  for (const cell of notebook.cells) {
    if (cell.cell_type !== 'code') continue;
    codeCell++;
    cellSource(cell)
      .split('\n')
      .forEach((text, i) => {
        lines.push(text);
        origin.push({ cell: codeCell, line: i + 1 });
      });
    lines.push('');
    origin.push({ cell: codeCell, line: 0 });
  }
  const module = join(dirname(resolve(path)), `.${basename(path, '.ipynb')}.check.ts`);
  await writeFile(module, `${lines.join('\n')}\nexport {};\n`);
  try {
    const result = spawnSync('npx', ['--no-install', 'deno', 'check', '--quiet', module], {
      cwd: dirname(module),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    if (result.status === 0) return [];
    const output = `${result.stdout}${result.stderr}`;
    const errors: NotebookTypeError[] = [];
    const pattern = /(TS\d+ \[ERROR\]: [^\n]*)[\s\S]*?at file:\/\/(\S+?):(\d+):\d+/g;
    for (const m of output.matchAll(pattern)) {
      if (!(m[2] as string).endsWith(basename(module))) continue;
      const at = origin[Number(m[3]) - 1];
      errors.push({ cell: at?.cell ?? 0, line: at?.line ?? 0, message: m[1] as string });
    }
    if (errors.length === 0)
      errors.push({ cell: 0, line: 0, message: output.trim().split('\n').slice(0, 5).join(' ') });
    return errors;
  } finally {
    await rm(module, { force: true });
  }
}

/**
 * A copy of the notebook without outputs or execution counts — what is committed.
 *
 * @example
 * JSON.stringify(stripOutputs(nb)) === JSON.stringify(nb); // true for a clean committed notebook
 */
export function stripOutputs(notebook: Notebook): Notebook {
  return {
    ...notebook,
    cells: notebook.cells.map((c) =>
      c.cell_type === 'code' ? { ...c, outputs: [], execution_count: null } : { ...c },
    ),
  };
}
