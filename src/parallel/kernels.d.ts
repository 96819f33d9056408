/** Types of kernels.js (the hot passes, in plain JavaScript so that worker threads need no loader). */

/** The arguments of a kernel: typed arrays (shared when written by worker threads), numbers and flags. */
export type KernelArgs = Record<string, Float64Array | Int32Array | number | boolean>;

/** A kernel: reads rows `start … end`, adds the chunk's partial results into `out[o …]`. */
export type Kernel = (args: KernelArgs, start: number, end: number, out: Float64Array, o: number) => void;

export declare const KERNELS: {
  kmeansFirst: Kernel;
  kmeansHamerly: Kernel;
  kmeansAssign: Kernel;
  kmeansCandidate: Kernel;
  logisticPass: Kernel;
};

/** The name of a kernel. */
export type KernelName = keyof typeof KERNELS;

/** One parallel task: its chunks, their partial results, and the shared control words. */
export interface ChunkTask {
  kernel: KernelName;
  args: KernelArgs;
  n: number;
  chunkRows: number;
  chunks: number;
  width: number;
  partials: Float64Array;
  control: Int32Array;
}

export declare function runChunks(task: ChunkTask, inWorker?: boolean): void;
