import { randomLcg, randomNormal } from 'd3-random';
import { InputError, show } from '../errors.ts';
import { sortedWassersteinPower } from './samples.ts';
import { checkCloud, type Cloud } from './transport.ts';

/**
 * The sliced Wasserstein distance between two point clouds in ℝᵈ (Rabin, Peyré, Delon & Bernot, SSVM 2011;
 * Bonneel, Rabin, Peyré & Pfister, J. Math. Imaging Vis. 51 (2015)):
 *
 *   SW_p(P, Q)^p = E_θ W_p(θ#P, θ#Q)^p,  θ uniform on the unit sphere,
 *
 * where θ#P is the law of ⟨θ, X⟩: each direction is a 1-D problem solved exactly by sorting (samples.ts), so one
 * direction costs O(n log n) and any n is fine. Projections are 1-Lipschitz, so SW_p ≤ W_p.
 *
 * Estimator. The expectation over θ is replaced by an average over L directions drawn with the seed (d3-random's
 * randomLcg): the same seed gives the same value.
 * - d = 2: stratified angles θₗ = π(l + U)/L, l = 0..L−1, one U ~ U[0, 1) (θ and θ + π give the same 1-D problem).
 *   The average is unbiased for SW_p^p, and its error falls like L⁻¹ or faster for a smooth dependence on θ
 *   (against L^{−1/2} for independent directions). The standard error is estimated by pairing adjacent strata,
 *   Var ≈ L⁻² Σ_pairs (w₂ₖ − w₂ₖ₊₁)² (the collapsed-strata estimator; Cochran, Sampling Techniques, 3rd ed., §5A.12),
 *   which is conservative.
 * - d ≠ 2: L independent directions, normalized standard normal vectors; standard error s/√L of the per-direction
 *   values.
 * The standard error of SW_p is that of SW_p^p divided by p·SW_p^{p−1} (delta method). It measures the error from
 * the directions only; the samples' own error (SW of the empirical clouds versus the population) is separate.
 */

/** Seeds are integers 0 … 2³¹ − 1, as for random starts (src/starts.ts). */
const MAX_SEED = 2 ** 31 - 1;

export interface SlicedOptions {
  /** Order p ≥ 1 (default 2). */
  p?: number;
  /** Number of directions L (default 200). */
  directions?: number;
  /** Seed of the directions (default 0). */
  seed?: number;
}

export interface Sliced {
  /** SW_p. */
  value: number;
  /** Estimated standard error of `value` from the choice of directions. */
  standardError: number;
  /** The per-direction W_p^p, in the order of the directions. */
  perDirection: Float64Array;
  /** The directions used, one unit vector each. */
  directions: number[][];
}

/** Unit directions for a d-dimensional problem, as described above. */
export function slicingDirections(d: number, count: number, seed: number): number[][] {
  const random = randomLcg(seed);
  if (d === 2) {
    const offset = random();
    return Array.from({ length: count }, (_, l) => {
      const angle = (Math.PI * (l + offset)) / count;
      return [Math.cos(angle), Math.sin(angle)];
    });
  }
  const gauss = randomNormal.source(random)(0, 1);
  return Array.from({ length: count }, () => {
    for (;;) {
      const v = Array.from({ length: d }, () => gauss());
      const norm = Math.hypot(...v);
      if (norm > 1e-12) return v.map((c) => c / norm);
    }
  });
}

const project = (cloud: Cloud, theta: readonly number[]) => {
  const out = new Float64Array(cloud.length);
  cloud.forEach((pt, i) => {
    let s = 0;
    for (let k = 0; k < theta.length; k++) s += pt[k] * theta[k];
    out[i] = s;
  });
  return out.sort();
};

/** Sliced W_p between two clouds of any sizes. */
export function slicedWasserstein(xs: Cloud, ys: Cloud, options: SlicedOptions = {}): Sliced {
  const p = options.p ?? 2;
  const count = options.directions ?? 200;
  const seed = options.seed ?? 0;
  const d = checkCloud(xs, 'cloud x');
  if (checkCloud(ys, 'cloud y') !== d) throw new InputError('cloud y', `points have ${ys[0].length} coordinates; cloud x has ${d}`);
  if (!(p >= 1) || !Number.isFinite(p)) throw new InputError('p', `expected a number ≥ 1, got ${show(p)}`);
  if (!Number.isInteger(count) || count < 2) throw new InputError('directions', `expected an integer ≥ 2, got ${show(count)}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new InputError('seed', `expected an integer in [0, ${MAX_SEED}], got ${show(seed)}`);
  const directions = slicingDirections(d, count, seed);
  const perDirection = Float64Array.from(directions, (theta) => sortedWassersteinPower(project(xs, theta), project(ys, theta), p));
  const mean = perDirection.reduce((s, w) => s + w, 0) / count;
  let variance: number;
  if (d === 2) {
    let s = 0;
    for (let k = 0; k + 1 < count; k += 2) s += (perDirection[k] - perDirection[k + 1]) ** 2;
    variance = s / (count * count);
  } else {
    const ss = perDirection.reduce((s, w) => s + (w - mean) ** 2, 0);
    variance = ss / (count - 1) / count;
  }
  const value = Math.pow(Math.max(0, mean), 1 / p);
  const sePower = Math.sqrt(variance);
  const standardError = value > 0 ? sePower / (p * Math.pow(value, p - 1)) : Math.pow(sePower, 1 / p);
  return { value, standardError, perDirection, directions };
}
