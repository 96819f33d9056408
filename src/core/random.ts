/**
 * Seeded pseudo-random numbers. The library never uses `Math.random`: every function that
 * needs randomness takes a seed (or a {@link Random}) explicitly, so runs are reproducible.
 */

/**
 * A small, fast, seedable generator (mulberry32 for uniforms, Box–Muller for normals).
 *
 * @example
 * const rng = new Random(42);
 * rng.uniform(); // 0.6011037519201636 — the same on every machine for seed 42
 */
export class Random {
  private state: number;
  private spareNormal: number | null = null;

  /** @param seed any integer; the same seed always gives the same sequence. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`Random: seed=${seed} must be a finite number`);
    this.state = Math.trunc(seed) >>> 0;
  }

  /** Uniform number in [0, 1). */
  uniform(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (mean 0, sd 1) unless `mean`/`sd` are given. */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * z;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  /** True with probability `p`. */
  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Random.pick: items must not be empty');
    return items[this.int(items.length)] as T;
  }

  /** Index drawn with probability proportional to `weights` (non-negative, not all zero). */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i] as number;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** A shuffled copy of `items` (Fisher–Yates); the input is not modified. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

/** The seed every seeded step uses when none is given (the study config's default `seed`). */
export const DEFAULT_SEED = 42;
