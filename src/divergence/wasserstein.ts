import { atoms, cdf, survival } from './density.ts';
import { partsOf, type Distribution } from './distribution.ts';
import { integrate, type IntegrateOptions, type Integral } from './integrate.ts';
import { quantileAt } from './quantile.ts';
import { breakpoints } from './support.ts';

/**
 * Wasserstein distances between distributions on the line, where optimal transport is monotone: the optimal
 * coupling of P and Q is (F⁻¹(U), G⁻¹(U)) with U ~ U(0, 1), so
 *
 *   W_p(P, Q)^p = ∫₀¹ |F⁻¹(u) − G⁻¹(u)|^p du        (Villani, Topics in Optimal Transportation, 2003, Thm 2.18)
 *   W₁(P, Q)    = ∫ |F(x) − G(x)| dx                 (the same area, read sideways)
 *
 * W₁ is integrated in x (cdfs are cheap and exact; the upper tail uses the survival functions), split where F and G
 * cross; W_p in u, split at every u where a quantile function jumps (atoms, gaps) or bends (support ends), see
 * quantileFeatures. Atoms are exact: between F(c−) and F(c) the quantile function is c.
 *
 * (A 1-D W_p is also the W_p of samples drawn by inverse transform; samples.ts does that exactly for samples.)
 */

/** W₁(P, Q) = ∫|F − G| dx by adaptive Gauss–Kronrod quadrature. */
export function w1ByCdf(p: Distribution, q: Distribution, options?: IntegrateOptions): Integral {
  const difference = (x: number) => {
    const F = cdf(p, x);
    const G = cdf(q, x);
    return F + G <= 1 ? F - G : survival(q, x) - survival(p, x);
  };
  // |F − G| has a kink wherever F and G cross: those become panel ends.
  return integrate((x) => Math.abs(difference(x)), breakpoints(p, q), { ...options, signed: difference });
}

/**
 * The u in [0, 1] where the quantile function of d jumps or bends: F(c−) and F(c) at an atom c (F⁻¹ = c between),
 * F at the ends of a uniform; and, to start the adaptive splitting well, F at μ + kσ (k = 0, ±1, ±3) of a normal.
 */
function quantileFeatures(d: Distribution): number[] {
  const us: number[] = [];
  for (const { component: k } of partsOf(d)) {
    if (k.kind === 'uniform') us.push(cdf(d, k.a), cdf(d, k.b));
    else if (k.kind === 'normal') for (const s of [-3, -1, 0, 1, 3]) us.push(cdf(d, k.mean + s * k.std));
  }
  for (const a of atoms(d)) {
    const F = cdf(d, a.at);
    us.push(F - a.mass, F);
  }
  return us;
}

/** The breaks of the u-integral: 0, 1 and the features of both quantile functions, sorted and distinct. */
function quantileBreaks(p: Distribution, q: Distribution): number[] {
  const inside = [0, 1, ...quantileFeatures(p), ...quantileFeatures(q)].filter((u) => u >= 0 && u <= 1).sort((a, b) => a - b);
  return inside.filter((u, i) => i === 0 || u !== inside[i - 1]);
}

/**
 * W_p(P, Q) = (∫₀¹ |F⁻¹(u) − G⁻¹(u)|^p du)^{1/p} for p ≥ 1; the error is propagated from the integral of the p-th
 * power (δW ≈ δ(W^p)/(p·W^{p−1})).
 */
export function wassersteinByQuantiles(p: Distribution, q: Distribution, order = 2, options?: IntegrateOptions): Integral {
  if (!(order >= 1)) throw new RangeError(`Wasserstein order must be ≥ 1, got ${order}`);
  // Nodes of panels at the ends can round onto 0 or 1, where quantiles are infinite: a null set.
  const difference = (u: number) => (u > 0 && u < 1 ? quantileAt(p, u) - quantileAt(q, u) : 0);
  const f = (u: number) => {
    const diff = Math.abs(difference(u));
    return order === 1 ? diff : order === 2 ? diff * diff : Math.pow(diff, order);
  };
  // Between the breaks of two purely atomic distributions both quantile functions are constant: the sum is exact.
  // |d|^p has a kink (or worse) where the quantile functions cross, except for p = 2.
  const r = integrate(f, quantileBreaks(p, q), order === 2 ? options : { ...options, signed: difference });
  const value = Math.pow(Math.max(0, r.value), 1 / order);
  const error = value > 0 ? r.error / (order * Math.pow(value, order - 1)) : Math.pow(r.error, 1 / order);
  return { ...r, value, error };
}
