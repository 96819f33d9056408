/** The zeromq Jupyter client against the real Deno kernel (the committed kernelspec). */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KernelClient } from '../../src/notebook/kernel-client.ts';
import { KERNEL_SPEC } from '../../src/notebook/run-notebook.ts';

const NOTEBOOKS = fileURLToPath(new URL('../../notebooks/', import.meta.url));

describe('KernelClient on the Deno kernel', () => {
  let kernel: KernelClient;
  beforeAll(async () => {
    kernel = await KernelClient.start(KERNEL_SPEC, { cwd: NOTEBOOKS });
  });
  afterAll(async () => {
    await kernel.shutdown();
  });

  it('returns the value of the last expression with its execution count', async () => {
    const run = await kernel.execute('const answer = 6 * 7;\nanswer');
    expect(run.status).toBe('ok');
    expect(run.outputs).toEqual([
      {
        output_type: 'execute_result',
        execution_count: run.executionCount,
        data: { 'text/plain': '42' },
        metadata: {},
      },
    ]);
  });

  it('keeps state between cells and collects stdout and stderr as streams', async () => {
    const run = await kernel.execute('console.log(answer); console.log("b"); console.error("warn")');
    expect(run.outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: '42\nb\n' },
      { output_type: 'stream', name: 'stderr', text: 'warn\n' },
    ]);
  });

  it('reports a thrown error with its name and message', async () => {
    const run = await kernel.execute('throw new RangeError("k must be positive")');
    expect(run.status).toBe('error');
    expect(run.outputs).toMatchObject([
      { output_type: 'error', ename: 'RangeError', evalue: 'k must be positive' },
    ]);
  });

  it('keeps outputs that arrive just after the cell finished (the grace period), not without it', async () => {
    const late = await kernel.execute("setTimeout(() => console.log('late'), 40); 1");
    expect(late.outputs.at(-1)).toEqual({ output_type: 'stream', name: 'stdout', text: 'late\n' });
    const dropped = await kernel.execute("setTimeout(() => console.log('gone'), 80); 2", { graceMs: 0 });
    // The output 80 ms late is not kept. (The cell's own result is broadcast by Deno asynchronously and, on a
    // loaded machine, may itself land after the idle status: without a grace period it may be missed too.)
    expect(dropped.outputs.filter((o) => o.output_type === 'stream')).toEqual([]);
    expect(dropped.outputs.every((o) => o.output_type === 'execute_result')).toBe(true);
  });
});
