import { InputError, show } from '../errors.ts';
import type { Divergences } from './divergences.ts';
import { MAX_LOCATION } from './distribution.ts';

/**
 * The parallel lines of Arjovsky, Chintala & Bottou, "Wasserstein GAN", ICML 2017, Example 1: with Z ~ U[0, 1],
 * P₀ is the law of (0, Z) and P_θ that of (θ, Z): two vertical unit segments at horizontal distance |θ|.
 *
 *   W₁(P₀, P_θ) = W₂(P₀, P_θ) = |θ|
 *   JS(P₀, P_θ) = log 2,  KL(P₀‖P_θ) = KL(P_θ‖P₀) = +∞,  TV(P₀, P_θ) = 1        for θ ≠ 0
 *   all six = 0                                                                  at θ = 0
 *
 * (For θ ≠ 0 the supports are disjoint: P_θ gives mass 1 to a set P₀ gives 0. The coupling (0, Z) ↦ (θ, Z) moves
 * every point by |θ|, and no coupling does better since the first coordinates alone differ by |θ|.) As a function of
 * the generator's parameter θ, W is continuous with gradient sign(θ) everywhere except at the optimum; JS, TV and KL
 * are constant away from θ = 0 and jump there, so their gradient is 0 wherever it exists: a generator trained on JS
 * (the original GAN) or KL learns nothing from this picture, one trained on W moves straight to θ = 0.
 *
 * Gradients as data: for θ ≠ 0, d/dθ W = sign(θ) and 0 for the others (KL is +∞ on both sides; its derivative is
 * reported as 0: it never changes). At θ = 0, where W has a kink and the rest jump, the value given is the symmetric
 * derivative lim (f(h) − f(−h))/2h, which is 0 for all six (for W it is also the minimal-norm subgradient, what
 * autodiff returns for |θ|).
 */

/** One θ of a divergence curve: the six values and their derivatives in θ. */
export interface DivergenceCurvePoint {
  theta: number;
  values: Divergences;
  gradients: Divergences;
}

const checkTheta = (theta: number, where = 'theta') => {
  if (typeof theta !== 'number' || !Number.isFinite(theta) || Math.abs(theta) > MAX_LOCATION) {
    throw new InputError(where, `expected a finite number in [−${MAX_LOCATION}, ${MAX_LOCATION}], got ${show(theta)}`);
  }
};

/** The six divergences between P₀ and P_θ, and their derivatives in θ. */
export function parallelLines(theta: number): DivergenceCurvePoint {
  checkTheta(theta);
  const zero: Divergences = { kl: 0, reverseKl: 0, js: 0, tv: 0, w1: 0, w2: 0 };
  if (theta === 0) return { theta, values: zero, gradients: { ...zero } };
  const d = Math.abs(theta);
  const s = Math.sign(theta);
  return {
    theta,
    values: { kl: Infinity, reverseKl: Infinity, js: Math.LN2, tv: 1, w1: d, w2: d },
    gradients: { ...zero, w1: s, w2: s },
  };
}

/** The curve over a θ grid (linspace in grid.ts makes one). */
export const parallelLinesCurve = (thetas: readonly number[]): DivergenceCurvePoint[] => thetas.map((t) => parallelLines(t));

/**
 * The two lines as point clouds of n points each, at heights zᵢ = (i + ½)/n shared by both: ready for exact
 * transport (transport.ts), which matches (0, zᵢ) with (θ, zᵢ) at cost |θ|.
 */
export function parallelLinesClouds(theta: number, n: number): { p0: number[][]; pTheta: number[][] } {
  checkTheta(theta);
  if (!Number.isInteger(n) || n < 1) throw new InputError('points', `expected an integer ≥ 1, got ${show(n)}`);
  const z = Array.from({ length: n }, (_, i) => (i + 0.5) / n);
  return { p0: z.map((h) => [0, h]), pTheta: z.map((h) => [theta, h]) };
}
