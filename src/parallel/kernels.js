// @ts-self-types="./kernels.d.ts"
/**
 * The hot passes over the data, one chunk of rows at a time. Plain JavaScript with no imports, so that the same
 * file runs in the calling thread and in worker threads under Node, vitest and Deno (no TypeScript loader is
 * needed in a worker). Types are in kernels.d.ts.
 *
 * Every kernel has the signature `(args, start, end, out, o)`: it reads rows `start … end` and writes the chunk's
 * partial results into `out[o …]` (zeroed beforehand), which the caller adds up in chunk order. The chunks do not
 * depend on the number of threads, so neither do the results.
 *
 * Distances to several centres are computed side by side, each in feature order: four independent sums keep the
 * floating-point unit busy where one sum waits on its previous addition, with the same result bit for bit.
 */

/**
 * Writes into `best` [nearest centre, squared distance to it, squared distance to the second nearest] of the row
 * at `base` (ties to the lower index); `best` has 7 entries (3 … 6 are scratch).
 */
function nearestTwo(x, base, centers, k, d, best) {
  let index = 0;
  let first = Infinity;
  let second = Infinity;
  let c = 0;
  const t = best; // t[3 … 6]: the four sums of a group of centres
  for (; c < k; c += 4) {
    const group = k - c < 4 ? k - c : 4;
    if (group === 4) sumsOfFour(x, base, centers, c, d, t, 3);
    else for (let g = 0; g < group; g++) t[3 + g] = distanceTo(x, base, centers, c + g, d);
    for (let g = 0; g < group; g++) {
      const v = t[3 + g];
      if (v < first) {
        second = first;
        first = v;
        index = c + g;
      } else if (v < second) second = v;
    }
  }
  best[0] = index;
  best[1] = first;
  best[2] = second;
}

/** The squared distances of the row at `base` to centres c … c + 3, into t[at … at + 3]. */
function sumsOfFour(x, base, centers, c, d, t, at) {
  const c0 = c * d;
  const c1 = c0 + d;
  const c2 = c1 + d;
  const c3 = c2 + d;
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  let t3 = 0;
  for (let j = 0; j < d; j++) {
    const v = x[base + j];
    const e0 = v - centers[c0 + j];
    const e1 = v - centers[c1 + j];
    const e2 = v - centers[c2 + j];
    const e3 = v - centers[c3 + j];
    t0 += e0 * e0;
    t1 += e1 * e1;
    t2 += e2 * e2;
    t3 += e3 * e3;
  }
  t[at] = t0;
  t[at + 1] = t1;
  t[at + 2] = t2;
  t[at + 3] = t3;
}

/** Squared distance between the row at `base` and centre `c`. */
function distanceTo(x, base, centers, c, d) {
  let s = 0;
  for (let j = 0, cb = c * d; j < d; j++) {
    const e = x[base + j] - centers[cb + j];
    s += e * e;
  }
  return s;
}

/**
 * k-means, first iteration: every row's nearest and second-nearest centre (Hamerly's bounds start exact).
 * args {x, d, centers, k, labels, upper, lower}; out: cluster sums (k × d), then counts (k).
 */
export function kmeansFirst(args, start, end, out, o) {
  const { x, d, centers, k, labels, upper, lower } = args;
  const best = new Float64Array(7);
  for (let i = start, base = start * d; i < end; i++, base += d) {
    nearestTwo(x, base, centers, k, d, best);
    const c = best[0];
    labels[i] = c;
    upper[i] = Math.sqrt(best[1]);
    lower[i] = Math.sqrt(best[2]);
    out[o + k * d + c] += 1;
    for (let j = 0, s = o + c * d; j < d; j++) out[s + j] += x[base + j];
  }
}

/**
 * k-means, one later iteration with Hamerly's bounds (Hamerly 2010, "Making k-means even faster"; see
 * models/kmeans.ts): a row's distances are measured only when its bounds cannot prove that its centre is still
 * the nearest. With `measureOwn`, every row's own distance is measured in order: on this hardware reading the
 * matrix in order is cheaper than reaching for one row in twenty, so skipping pays only late in a fit.
 * args {x, d, centers, k, halfGap, drift, maxDrift, labels, upper, lower, measureOwn};
 * out: change of the cluster sums (k × d), change of the counts (k), rows moved, rows the bounds did not prove.
 */
export function kmeansHamerly(args, start, end, out, o) {
  const { x, d, centers, k, halfGap, drift, maxDrift, labels, upper, lower, measureOwn } = args;
  const best = new Float64Array(7);
  let moved = 0;
  let unproven = 0;
  for (let i = start, base = start * d; i < end; i++, base += d) {
    const a = labels[i];
    const low = lower[i] - maxDrift;
    const bound = halfGap[a] > low ? halfGap[a] : low;
    const proven = upper[i] + drift[a] <= bound;
    if (!proven) unproven++;
    else if (!measureOwn) continue;
    const own = Math.sqrt(distanceTo(x, base, centers, a, d));
    upper[i] = own - drift[a];
    if (own <= bound) continue;
    nearestTwo(x, base, centers, k, d, best);
    const c = best[0];
    upper[i] = Math.sqrt(best[1]) - drift[c];
    lower[i] = Math.sqrt(best[2]) + maxDrift;
    if (c === a) continue;
    labels[i] = c;
    moved++;
    moveRow(x, base, d, k, a, c, out, o);
  }
  out[o + k * d + k] += moved;
  out[o + k * d + k + 1] += unproven;
}

/** Moves the row at `base` from cluster `from` to `to` in a chunk's partial sums and counts. */
function moveRow(x, base, d, k, from, to, out, o) {
  out[o + k * d + from] -= 1;
  out[o + k * d + to] += 1;
  for (let j = 0; j < d; j++) {
    const v = x[base + j];
    out[o + from * d + j] -= v;
    out[o + to * d + j] += v;
  }
}

/**
 * k-means: every row's nearest centre and squared distance. args {x, d, centers, k, labels, distance}; out: inertia.
 */
export function kmeansAssign(args, start, end, out, o) {
  const { x, d, centers, k, labels, distance } = args;
  const best = new Float64Array(7);
  let inertia = 0;
  for (let i = start, base = start * d; i < end; i++, base += d) {
    nearestTwo(x, base, centers, k, d, best);
    labels[i] = best[0];
    distance[i] = best[1];
    inertia += best[1];
  }
  out[o] += inertia;
}

/**
 * k-means++: each row's squared distance to the chosen centres if `candidate` (a row index) were added.
 * args {x, d, closest, candidate, candidateDistance}; out: the potential (sum of those distances).
 */
export function kmeansCandidate(args, start, end, out, o) {
  const { x, d, closest, candidate, candidateDistance } = args;
  const cb = candidate * d;
  let potential = 0;
  for (let i = start, base = start * d; i < end; i++, base += d) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const e = x[base + j] - x[cb + j];
      s += e * e;
    }
    const m = closest[i] < s ? closest[i] : s;
    candidateDistance[i] = m;
    potential += m;
  }
  out[o] += potential;
}

/** Rows per block inside a logistic chunk: long enough for tight dot products, short enough for the cache. */
const BLOCK = 512;

/** η = β₀ + Σ βⱼ zⱼ for rows `start … start + size` of the column-major design `z` (n rows). */
function linearPredictor(z, n, p, beta, eta, start, size) {
  eta.fill(beta[0], start, start + size);
  for (let j = 0; j < p; j++) {
    const bj = beta[j + 1];
    const col = j * n + start;
    for (let i = 0; i < size; i++) eta[start + i] += bj * z[col + i];
  }
}

/**
 * Per block: the residuals y − μ (into `r`), the weights μ(1 − μ) (into `w`, when given); returns the block's
 * log-likelihood (0 without `w`).
 */
function residuals(y, eta, start, size, r, w) {
  let f = 0;
  for (let i = 0; i < size; i++) {
    const e = eta[start + i];
    const yi = y[start + i];
    const ex = Math.exp(-Math.abs(e));
    const mu = e >= 0 ? 1 / (1 + ex) : ex / (1 + ex);
    r[i] = yi - mu;
    if (w) {
      f += yi * e - (e > 0 ? e : 0) - Math.log1p(ex);
      w[i] = mu * (1 - mu);
    }
  }
  return f;
}

/**
 * Adds the block's lower triangle of Σ w zⱼ zₖ (columns 1…p; row `j + 1` of the q × q matrix at `h`); `row` is
 * scratch for w zⱼ.
 */
function hessianRows(z, n, p, start, size, w, row, out, h) {
  const q = p + 1;
  let h00 = 0;
  for (let i = 0; i < size; i++) h00 += w[i];
  out[h] += h00;
  for (let j = 0; j < p; j++) {
    const col = j * n + start;
    let s = 0;
    for (let i = 0; i < size; i++) {
      const v = w[i] * z[col + i];
      row[i] = v;
      s += v;
    }
    out[h + (j + 1) * q] += s;
    const at = h + (j + 1) * q + 1;
    let k = 0;
    for (; k + 3 <= j; k += 4) {
      const c0 = k * n + start;
      const c1 = c0 + n;
      const c2 = c1 + n;
      const c3 = c2 + n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < size; i++) {
        const v = row[i];
        s0 += v * z[c0 + i];
        s1 += v * z[c1 + i];
        s2 += v * z[c2 + i];
        s3 += v * z[c3 + i];
      }
      out[at + k] += s0;
      out[at + k + 1] += s1;
      out[at + k + 2] += s2;
      out[at + k + 3] += s3;
    }
    for (; k <= j; k++) {
      const ck = k * n + start;
      let s4 = 0;
      for (let i = 0; i < size; i++) s4 += row[i] * z[ck + i];
      out[at + k] += s4;
    }
  }
}

/** Adds Σ r zⱼ of a block to the gradient at `g` (entry 0: Σ r). */
function gradientRows(z, n, p, start, size, r, out, g) {
  let g0 = 0;
  for (let i = 0; i < size; i++) g0 += r[i];
  out[g] += g0;
  for (let j = 0; j < p; j++) {
    const col = j * n + start;
    let s = 0;
    for (let i = 0; i < size; i++) s += r[i] * z[col + i];
    out[g + j + 1] += s;
  }
}

/**
 * Logistic regression at β on a column-major standardized design: writes η, and adds the log-likelihood, the
 * gradient (q = p + 1) and the lower triangle of the Hessian (q × q, row-major) of the unpenalized fit.
 * args {z, n, p, y, beta, eta, hessian (boolean)}; out: [f, gradient…, hessian…] (hessian only when asked).
 */
export function logisticPass(args, start, end, out, o) {
  const { z, n, p, y, beta, eta, hessian } = args;
  const r = new Float64Array(BLOCK);
  const w = hessian ? new Float64Array(BLOCK) : null;
  const row = hessian ? new Float64Array(BLOCK) : null;
  for (let s = start; s < end; s += BLOCK) {
    const size = Math.min(BLOCK, end - s);
    linearPredictor(z, n, p, beta, eta, s, size);
    out[o] += residuals(y, eta, s, size, r, w);
    gradientRows(z, n, p, s, size, r, out, o + 1);
    if (hessian) hessianRows(z, n, p, s, size, w, row, out, o + 1 + (p + 1));
  }
}

/** The kernels by name, for the worker threads. */
export const KERNELS = { kmeansFirst, kmeansHamerly, kmeansAssign, kmeansCandidate, logisticPass };

/**
 * Runs the chunks of `task` that no other thread has claimed (`control[0]` is the next chunk, `control[1]` the
 * chunks finished; `control[2]` is set to 1 + the chunk that threw, if one did; `control[3]` counts the chunks
 * worker threads ran). Called by the calling thread and by every worker thread given the task.
 */
export function runChunks(task, inWorker = false) {
  const kernel = KERNELS[task.kernel];
  const { control, chunks, chunkRows, n, partials, width, args } = task;
  for (;;) {
    const c = Atomics.add(control, 0, 1);
    if (c >= chunks) return;
    const start = c * chunkRows;
    try {
      kernel(args, start, Math.min(n, start + chunkRows), partials, c * width);
    } catch {
      Atomics.compareExchange(control, 2, 0, c + 1);
    }
    if (inWorker) Atomics.add(control, 3, 1);
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
  }
}
