/**
 * Nelder–Mead minimization (the adaptive parameters of Gao & Han, 2012), for the maximum-likelihood fits of the
 * customer-value models (their likelihoods are closed-form and smooth, their parameters few). Written here: the
 * npm `fmin` package (0.0.4) exports nothing under Node's ES modules (measured), and the models need only this.
 */

/** What {@link nelderMead} returns: the best point, its value, the iterations used and whether it converged. */
export interface Minimum {
  x: number[];
  fx: number;
  iterations: number;
  converged: boolean;
}

/**
 * Minimizes `f` from `start`: stops when the simplex's values and points differ by less than `tol`.
 *
 * @example
 * nelderMead(([a, b]) => (a - 1) ** 2 + (b + 2) ** 2, [0, 0]).x; // ≈ [1, -2]
 */
export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: { maxIterations?: number; tol?: number; step?: number } = {},
): Minimum {
  const n = start.length;
  const maxIterations = options.maxIterations ?? 2000 * n;
  const tol = options.tol ?? 1e-10;
  const [alpha, beta, gamma, delta] = [1, 1 + 2 / n, 0.75 - 1 / (2 * n), 1 - 1 / n];
  const value = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const along = (from: number[], to: number[], t: number) =>
    from.map((v, i) => v + t * ((to[i] as number) - v));
  let simplex = [
    start.slice(),
    ...start.map((_, i) => start.map((v, j) => (i === j ? v + (options.step ?? 0.5) : v))),
  ];
  let values = simplex.map(value);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const order = values.map((_, i) => i).sort((i, j) => (values[i] as number) - (values[j] as number));
    simplex = order.map((i) => simplex[i] as number[]);
    values = order.map((i) => values[i] as number);
    const spread = Math.max(
      ...simplex.slice(1).map((p) => Math.max(...p.map((v, i) => Math.abs(v - (simplex[0]?.[i] as number))))),
    );
    if ((values[n] as number) - (values[0] as number) <= tol && spread <= Math.sqrt(tol))
      return { x: simplex[0] as number[], fx: values[0] as number, iterations: iteration, converged: true };
    const centroid = start.map((_, i) => simplex.slice(0, n).reduce((s, p) => s + (p[i] as number), 0) / n);
    const worst = simplex[n] as number[];
    const reflected = along(centroid, worst, -alpha);
    const fr = value(reflected);
    if (fr < (values[0] as number)) {
      const expanded = along(centroid, worst, -alpha * beta);
      const fe = value(expanded);
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
      continue;
    }
    if (fr < (values[n - 1] as number)) {
      [simplex[n], values[n]] = [reflected, fr];
      continue;
    }
    const outside = fr < (values[n] as number);
    const contracted = along(centroid, outside ? reflected : worst, gamma);
    const fc = value(contracted);
    if (fc < (outside ? fr : (values[n] as number))) {
      [simplex[n], values[n]] = [contracted, fc];
      continue;
    }
    const best = simplex[0] as number[];
    simplex = simplex.map((p, i) => (i === 0 ? p : along(best, p, delta)));
    values = simplex.map((p, i) => (i === 0 ? (values[0] as number) : value(p)));
  }
  return { x: simplex[0] as number[], fx: values[0] as number, iterations: maxIterations, converged: false };
}

/**
 * {@link nelderMead} from `start`, then restarted from its answer with a small simplex, which polishes a minimum
 * the first simplex collapsed around (the maximum-likelihood fits of the customer-value models use it).
 *
 * @example
 * nelderMeadPolished(([a, b]) => (a - 1) ** 2 + (b + 2) ** 2, [0, 0], 2000).x; // ≈ [1, -2]
 */
export function nelderMeadPolished(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  maxIterations: number,
): Minimum {
  const first = nelderMead(f, start, { maxIterations });
  return nelderMead(f, first.x, { step: 0.05, maxIterations });
}
