/**
 * Runs the hot passes (kernels.js) over all cores: the rows are cut into chunks of {@link CHUNK_ROWS}, the
 * calling thread and the worker threads claim chunks until none are left, and each chunk's partial results
 * (sums, counts) are added up in chunk order. The chunks do not depend on the number of threads, so results are
 * the same bit for bit with 1 thread or 8.
 *
 * The call is synchronous (the calling thread waits with `Atomics.wait`), so `fit()` stays synchronous. Arrays
 * that worker threads write, and large arrays they read, must live on a `SharedArrayBuffer`
 * ({@link sharedFloat64}, {@link sharedInt32}). Workers start on first use and do not keep the process alive.
 *
 * Node runs `node:worker_threads`; Deno (the notebook kernel) runs its web Workers, because Deno's
 * `node:worker_threads` delivers a message only when the sending thread's event loop turns (measured: the
 * workers got no chunk while the calling thread computed). Deno's workers cannot be unreferenced, so they stop
 * after {@link DENO_IDLE_MS} without work (and start again, in about 50 ms, when needed).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { UsageError } from '../core/errors.ts';
import { KERNELS, runChunks, type ChunkTask, type KernelArgs, type KernelName } from './kernels.js';

/** Rows per chunk (a multiple of the logistic kernel's block of 512 rows). */
export const CHUNK_ROWS = 16_384;
/** How long the calling thread waits for a chunk before deciding a worker thread died. */
const STALL_MS = 120_000;

/** A worker thread of the pool, whichever runtime started it. */
interface PoolWorker {
  post(task: ChunkTask): void;
  stop(): void;
}

/** Deno's globals that the pool uses (absent in Node). */
interface DenoRuntime {
  unrefTimer(id: number): void;
}
/** The web Worker constructor of Deno (Node's types do not declare it). */
type WebWorker = new (
  url: URL,
  options: { type: 'module' },
) => {
  postMessage(message: unknown): void;
  terminate(): void;
};
const deno = (globalThis as { Deno?: DenoRuntime }).Deno;
const DENO_IDLE_MS = 1000;
let denoIdleTimer: ReturnType<typeof setTimeout> | null = null;

const workers: PoolWorker[] = [];
let threads: number | null = null;
let chunksInWorkers = 0;

/** `SEGMENT_THREADS` when set (an integer from 1 to 256, else an error), or the machine's cores (at most 16). */
function threadsFromEnvironment(): number {
  const set = process.env.SEGMENT_THREADS;
  if (set === undefined || set === '') return Math.max(1, Math.min(availableParallelism(), 16));
  const count = Number(set);
  if (!Number.isInteger(count) || count < 1 || count > 256)
    throw new UsageError(`SEGMENT_THREADS=${set}: must be an integer from 1 to 256 (or unset: all cores)`);
  return count;
}

/**
 * Sets the number of threads the hot passes use (the calling thread included); 1 runs everything in the calling
 * thread. The default is the machine's cores (or the `SEGMENT_THREADS` environment variable).
 *
 * @example
 * setThreads(1); // single-threaded; results are identical with any count
 */
export function setThreads(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > 256)
    throw new RangeError(`setThreads: ${count} must be an integer from 1 to 256`);
  threads = count;
  for (const worker of workers.splice(count - 1)) worker.stop();
}

/**
 * Stops the worker threads (the next hot pass starts them again). A worker keeps the row-sized SharedArrayBuffers
 * of the tasks it ran for as long as it lives, even after collecting its garbage (measured: a k-means fit on
 * 2M × 10 rows left 175 MB held, none once the workers stop; nodejs/node#34703): a pass stops them once they may
 * hold more than 256 MB, and the engine after fitting its models.
 *
 * @example
 * stopWorkers(); // after the fits: their shared arrays are let go
 */
export function stopWorkers(): void {
  for (const worker of workers.splice(0)) worker.stop();
  postedToWorkers = new WeakSet();
  postedBytes = 0;
}

/** The shared arrays posted to the running workers, and their bytes: each is held by a worker until it stops. */
let postedToWorkers = new WeakSet<SharedArrayBuffer>();
let postedBytes = 0;
/** Bytes of shared arrays the workers may hold before they are stopped after a pass (restarting costs ~50 ms). */
const WORKERS_MAY_HOLD = 256 * 2 ** 20;

/** Counts the shared arrays of a task posted to the workers (each buffer once). */
function notePosted(args: KernelArgs): void {
  for (const value of Object.values(args)) {
    if (!ArrayBuffer.isView(value) || !isShared(value)) continue;
    const buffer = value.buffer as SharedArrayBuffer;
    if (postedToWorkers.has(buffer)) continue;
    postedToWorkers.add(buffer);
    postedBytes += buffer.byteLength;
  }
}

/**
 * The number of threads the hot passes use.
 *
 * @example
 * getThreads(); // 2 on a two-core machine
 */
export function getThreads(): number {
  threads ??= threadsFromEnvironment();
  return threads;
}

/**
 * A zeroed Float64Array on a SharedArrayBuffer (readable and writable by the worker threads).
 *
 * @example
 * const eta = sharedFloat64(1000);
 */
export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}

/**
 * A zeroed Int32Array on a SharedArrayBuffer.
 *
 * @example
 * const labels = sharedInt32(1000);
 */
export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * Int32Array.BYTES_PER_ELEMENT));
}

/**
 * Whether `values` lives on a SharedArrayBuffer (worker threads see its writes).
 *
 * @example
 * isShared(sharedFloat64(3)); // true
 */
export function isShared(values: ArrayBufferView): boolean {
  return values.buffer instanceof SharedArrayBuffer;
}

/** A copy of `values` on a SharedArrayBuffer (the same array when it already is shared). */
export function toShared(values: Float64Array): Float64Array {
  if (isShared(values)) return values;
  const shared = sharedFloat64(values.length);
  shared.set(values);
  return shared;
}

function startWorker(): PoolWorker {
  const url = new URL('./worker.js', import.meta.url);
  if (deno) {
    const worker = new (globalThis as unknown as { Worker: WebWorker }).Worker(url, { type: 'module' });
    return { post: (task) => worker.postMessage(task), stop: () => worker.terminate() };
  }
  const worker = new Worker(url);
  worker.unref();
  return { post: (task) => worker.postMessage(task), stop: () => void worker.terminate() };
}

function workerPool(count: number): PoolWorker[] {
  while (workers.length < count) workers.push(startWorker());
  return workers.slice(0, count);
}

/** In Deno, stops the workers once the calling thread has been idle for {@link DENO_IDLE_MS}. */
function stopDenoWorkersWhenIdle(): void {
  if (!deno) return;
  if (denoIdleTimer !== null) clearTimeout(denoIdleTimer);
  denoIdleTimer = setTimeout(() => {
    for (const worker of workers.splice(0)) worker.stop();
    denoIdleTimer = null;
  }, DENO_IDLE_MS);
  deno.unrefTimer(denoIdleTimer as unknown as number);
}

/** Row-sized arrays must be shared: a copy per message would be slow, and writes would be lost. */
function checkShared(kernel: KernelName, args: KernelArgs, n: number): void {
  for (const [name, value] of Object.entries(args)) {
    if (ArrayBuffer.isView(value) && value.length >= n && !isShared(value))
      throw new TypeError(`runKernel(${kernel}): "${name}" must be on a SharedArrayBuffer (sharedFloat64)`);
  }
}

function waitForChunks(task: ChunkTask): void {
  const { control, chunks } = task;
  for (let done = Atomics.load(control, 1); done < chunks; done = Atomics.load(control, 1)) {
    if (Atomics.wait(control, 1, done, STALL_MS) === 'timed-out' && Atomics.load(control, 1) === done)
      throw new Error(`runKernel(${task.kernel}): a worker thread stopped answering`);
  }
}

/**
 * Runs `kernel` over rows 0 … n and returns its partial results added up in chunk order (`width` numbers).
 *
 * @example
 * const [inertia] = runKernel('kmeansAssign', { x, d, centers, k, labels, distance }, n, 1);
 */
export function runKernel(kernel: KernelName, args: KernelArgs, n: number, width: number): Float64Array {
  const chunks = Math.max(1, Math.ceil(n / CHUNK_ROWS));
  const helpers = Math.min(getThreads(), chunks) - 1;
  const task: ChunkTask = {
    kernel,
    args,
    n,
    chunkRows: CHUNK_ROWS,
    chunks,
    width,
    partials: helpers > 0 ? sharedFloat64(chunks * width) : new Float64Array(chunks * width),
    control: helpers > 0 ? sharedInt32(4) : new Int32Array(4),
  };
  if (helpers > 0) {
    checkShared(kernel, args, n);
    notePosted(args);
    for (const worker of workerPool(helpers)) worker.post(task);
  }
  runChunks(task);
  if (helpers > 0) {
    waitForChunks(task);
    stopDenoWorkersWhenIdle();
    // Past a million rows the workers would hold every design matrix of a fit's folds: they let go of them here.
    if (postedBytes > WORKERS_MAY_HOLD) stopWorkers();
  }
  chunksInWorkers += task.control[3] as number;
  const failed = task.control[2] as number;
  if (failed > 0) {
    // Run the chunk that threw again here, so that its error reaches the caller.
    const start = (failed - 1) * CHUNK_ROWS;
    KERNELS[kernel](args, start, Math.min(n, start + CHUNK_ROWS), new Float64Array(width), 0);
    throw new Error(`runKernel(${kernel}): chunk ${failed - 1} failed in a worker thread`);
  }
  return addChunks(task.partials, chunks, width);
}

/**
 * How many chunks worker threads have run since the process started (a check that the threads do work).
 *
 * @example
 * chunksRunByWorkers(); // 0 with setThreads(1)
 */
export function chunksRunByWorkers(): number {
  return chunksInWorkers;
}

/** Σ over chunks of the partial results, in chunk order. */
function addChunks(partials: Float64Array, chunks: number, width: number): Float64Array {
  const total = new Float64Array(width);
  for (let c = 0; c < chunks; c++)
    for (let w = 0; w < width; w++) total[w] = (total[w] as number) + (partials[c * width + w] as number);
  return total;
}
