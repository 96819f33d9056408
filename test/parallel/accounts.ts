/** Test data for the parallel kernels: a little over four chunks of rows, three features and a won/lost target. */
import { Random } from '../../src/core/random.ts';
import { Frame } from '../../src/data/frame.ts';
import { CHUNK_ROWS } from '../../src/parallel/pool.ts';

export const FEATURES = ['size', 'fit', 'intent'];

/** Seeded accounts whose target follows a known logistic model (size +, fit +, intent −). */
export function accounts(n = CHUNK_ROWS * 4 + 1234, seed = 11): Frame {
  const rng = new Random(seed);
  const size = Array.from({ length: n }, () => rng.normal());
  const fit = Array.from({ length: n }, () => rng.uniform());
  const intent = Array.from({ length: n }, () => rng.normal() * 2);
  const won = size.map((s, i) =>
    rng.uniform() < 1 / (1 + Math.exp(-(0.8 * s + 2 * (fit[i] as number) - 0.3 * (intent[i] as number) - 1)))
      ? 1
      : 0,
  );
  return Frame.fromColumns({ size, fit, intent, won });
}
