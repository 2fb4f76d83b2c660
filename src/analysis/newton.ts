import { luSolveInPlace } from '../linalg.ts';

/**
 * A zero of a vector field ξ: ℝᵈ → ℝᵈ from one start, by Newton's method globalized on the merit function
 * φ(z) = ½‖ξ(z)‖² (Nocedal & Wright, "Numerical Optimization", 2nd ed., §11.2–11.3):
 * - Newton step: solve J·δ = −ξ, then backtrack z + t·δ, t = 1, ½, ¼, … until the Armijo condition
 *   ‖ξ(z + tδ)‖² ≤ (1 − 2c·t)‖ξ(z)‖², c = 10⁻⁴ (δ is a descent direction of φ: ∇φ·δ = ξᵀJδ = −‖ξ‖²);
 * - where J is singular or the Newton step finds no decrease: a Levenberg–Marquardt step (JᵀJ + μI)·δ = −Jᵀξ
 *   (Moré 1978), μ raised tenfold until ‖ξ‖² decreases and lowered tenfold after each success. It is a descent step
 *   of φ for every μ > 0, so it makes progress where Newton cannot (and may stall at a local minimum of ‖ξ‖ that is
 *   not a zero: the caller judges the final residual).
 * Near a zero with J invertible the full Newton step is accepted and convergence is quadratic; at a zero with J
 * singular it is linear (‖ξ‖² still falls by a factor ≥ 4 a step at a double root). A search that lowers ‖ξ‖² by
 * less than half over 10 iterations is crawling towards a zero at infinity or a non-zero minimum of ‖ξ‖, and stops.
 */
export interface RootOptions {
  /** Stop once ‖ξ‖ ≤ this (a zero to working precision). */
  tol: number;
  /** Give up after this many iterations (default 100). */
  maxIterations?: number;
  /** Give up once this is false (the search left the region of interest). */
  within?: (z: readonly number[]) => boolean;
}

export interface RootResult {
  point: number[];
  /** ‖ξ(point)‖ */
  residual: number;
  iterations: number;
}

export function findRoot(
  field: (z: readonly number[]) => number[],
  jacobian: (z: readonly number[]) => number[][],
  start: readonly number[],
  options: RootOptions,
): RootResult {
  const { tol, maxIterations = 100, within } = options;
  const d = start.length;
  const sq = (v: readonly number[]) => v.reduce((s, x) => s + x * x, 0);
  const at = (z: readonly number[], delta: readonly number[], t: number) => z.map((v, k) => v + t * delta[k]);
  let z = [...start];
  let xi = field(z);
  let r = sq(xi);
  let mu: number | undefined;
  let it = 0;
  let checkpoint = r;
  const M = new Float64Array(d * d);
  const rhs = new Float64Array(d);
  for (; it < maxIterations && Number.isFinite(r) && r > tol * tol; it++) {
    const J = jacobian(z);
    if (!J.every((row) => row.every(Number.isFinite))) break;
    let next: { z: number[]; xi: number[]; r: number } | undefined;

    // Newton with backtracking.
    for (let i = 0; i < d; i++) {
      rhs[i] = -xi[i];
      for (let c = 0; c < d; c++) M[i * d + c] = J[i][c];
    }
    if (luSolveInPlace(M, rhs, d) && rhs.every(Number.isFinite)) {
      const delta = Array.from(rhs);
      for (let t = 1, k = 0; k < 30; k++, t /= 2) {
        const zt = at(z, delta, t);
        const xt = field(zt);
        const rt = sq(xt);
        if (rt <= (1 - 2e-4 * t) * r) {
          next = { z: zt, xi: xt, r: rt };
          break;
        }
      }
    }

    // Levenberg–Marquardt where Newton made no progress.
    if (!next) {
      const A = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, c) => J.reduce((s, row) => s + row[i] * row[c], 0)));
      const g = Array.from({ length: d }, (_, i) => J.reduce((s, row, k) => s + row[i] * xi[k], 0));
      const diag = Math.max(...A.map((row, i) => row[i]));
      if (!(diag > 0)) break;
      mu ??= 1e-3 * diag;
      for (let k = 0; k < 40; k++) {
        for (let i = 0; i < d; i++) {
          rhs[i] = -g[i];
          for (let c = 0; c < d; c++) M[i * d + c] = A[i][c] + (i === c ? mu : 0);
        }
        if (luSolveInPlace(M, rhs, d)) {
          const zt = at(z, Array.from(rhs), 1);
          const xt = field(zt);
          const rt = sq(xt);
          if (rt < r) {
            next = { z: zt, xi: xt, r: rt };
            mu = Math.max(mu / 10, 1e-15 * diag);
            break;
          }
        }
        mu *= 10;
      }
    }
    if (!next) break; // no direction decreases ‖ξ‖: stalled
    ({ z, xi, r } = next);
    if (within && !within(z)) break;
    if ((it + 1) % 10 === 0) {
      if (r > 0.5 * checkpoint) break;
      checkpoint = r;
    }
  }
  return { point: z, residual: Math.sqrt(r), iterations: it };
}
