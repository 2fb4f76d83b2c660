import { atoms, hasDensity, logAddExp, logPdf } from './density.ts';
import type { Distribution } from './distribution.ts';
import { integrate, type IntegrateOptions, type Integral } from './integrate.ts';
import { absolutelyContinuous, breakpoints } from './support.ts';

/**
 * KL, JS and total variation between any two distributions of this module, by integrating a pointwise term of the
 * log densities (log p, log q; either may be −∞) over the density parts and summing the same term over the atoms.
 * Densities are with respect to λ + counting measure on the atoms, so an atom of P facing only a density of Q is
 * mass "where Q has none".
 *
 * - KL(P‖Q) = ∫ p log(p/q) is +∞ exactly when P is not ≪ Q (decided from the supports and atoms first, see
 *   support.ts). Otherwise it is integrated in the form ∫ [p log(p/q) − p + q] (the added terms integrate to
 *   1 − 1 = 0), whose integrand q·φ(p/q), φ(t) = t log t − t + 1 ≥ 0, is nonnegative point by point: the result is
 *   ≥ 0 by construction and exactly 0 for P = Q. With r = log p − log q it is p·(r − 1 + e^{−r}) for r ≥ 0 and
 *   q·(1 + e^{r}(r − 1)) for r < 0, by series when |r| < 0.1 (no cancellation; no overflow for large |r|).
 * - JS(P, Q) = ½KL(P‖M) + ½KL(Q‖M), M = (P + Q)/2 (J. Lin, IEEE Trans. Inf. Theory 37 (1991) 145–151),
 *   = ∫ ½(p + q)·f(u) with u = (p − q)/(p + q) =
 *   tanh(r/2) and f(u) = ½[(1 + u)log(1 + u) + (1 − u)log(1 − u)] = Σₖ u^{2k}/(2k(2k − 1)); f ≤ log 2 with equality
 *   iff |u| = 1 (disjoint supports), so 0 ≤ JS ≤ log 2.
 * - TV(P, Q) = sup_A |P(A) − Q(A)| = ½∫|p − q| = ∫ ½(p + q)|u|, at most 1; its kinks (where p = q) are found and
 *   made panel ends, so the quadrature sees a smooth integrand.
 */

/** A pointwise term from log p(x) and log q(x). */
export type Kernel = (lp: number, lq: number) => number;

/** r − 1 + e^{−r} for r ≥ 0 (= Σ_{n≥2} (−r)ⁿ/n!). */
function klAbove(r: number): number {
  if (r >= 0.1) return r - 1 + Math.exp(-r);
  let term = 1;
  let sum = 0;
  for (let n = 1; n <= 14; n++) {
    term *= -r / n;
    if (n >= 2) sum += term;
  }
  return sum;
}

/** 1 + e^{r}(r − 1) for r < 0 (= Σ_{n≥2} rⁿ(n − 1)/n!). */
function klBelow(r: number): number {
  if (r <= -0.1) return 1 + Math.exp(r) * (r - 1);
  let term = 1;
  let sum = 0;
  for (let n = 1; n <= 14; n++) {
    term *= r / n;
    if (n >= 2) sum += term * (n - 1);
  }
  return sum;
}

/** p log(p/q) − p + q from log p, log q. */
export const klKernel: Kernel = (lp, lq) => {
  if (lp === -Infinity) return lq === -Infinity ? 0 : Math.exp(lq);
  if (lq === -Infinity) return Infinity;
  const r = lp - lq;
  return r >= 0 ? Math.exp(lp) * klAbove(r) : Math.exp(lq) * klBelow(r);
};

/** f(u) = ½[(1 + u)log(1 + u) + (1 − u)log(1 − u)], log 2 at |u| = 1. */
export function jsShape(u: number): number {
  const a = Math.abs(u);
  if (a >= 1) return Math.LN2;
  if (a < 0.1) {
    const u2 = u * u;
    let pow = u2;
    let sum = 0;
    for (let k = 1; k <= 9; k++) {
      sum += pow / (2 * k * (2 * k - 1));
      pow *= u2;
    }
    return sum;
  }
  return 0.5 * ((1 + u) * Math.log1p(u) + (1 - u) * Math.log1p(-u));
}

/** (p − q)/(p + q) from log p, log q. */
const relativeDifference = (lp: number, lq: number) => (lp === -Infinity ? -1 : lq === -Infinity ? 1 : Math.tanh((lp - lq) / 2));

/** ½p log(2p/(p+q)) + ½q log(2q/(p+q)). */
export const jsKernel: Kernel = (lp, lq) => {
  const s = logAddExp(lp, lq);
  return s === -Infinity ? 0 : 0.5 * Math.exp(s) * jsShape(relativeDifference(lp, lq));
};

/** ½|p − q|. */
export const tvKernel: Kernel = (lp, lq) => {
  const s = logAddExp(lp, lq);
  return s === -Infinity ? 0 : 0.5 * Math.exp(s) * Math.abs(relativeDifference(lp, lq));
};

/** p − q from log p, log q: the sign-carrying function whose roots are TV's kinks. */
const densityDifference: Kernel = (lp, lq) => {
  const s = logAddExp(lp, lq);
  return s === -Infinity ? 0 : Math.exp(s) * relativeDifference(lp, lq);
};

/**
 * Σ over the atoms of P and Q of the kernel of their masses, plus ∫ of the kernel of the densities. `signed`, for a
 * kernel that is |signed| times a constant, lets the quadrature split at its sign changes (see integrate.ts).
 */
export function fIntegral(p: Distribution, q: Distribution, kernel: Kernel, options?: IntegrateOptions, signed?: Kernel): Integral {
  const masses = new Map<number, [number, number]>();
  for (const a of atoms(p)) masses.set(a.at, [a.mass, 0]);
  for (const a of atoms(q)) masses.set(a.at, [masses.get(a.at)?.[0] ?? 0, a.mass]);
  let atomic = 0;
  for (const [mp, mq] of masses.values()) atomic += kernel(Math.log(mp), Math.log(mq));
  if (!hasDensity(p) && !hasDensity(q)) return { value: atomic, error: 0, panels: 0, converged: true };
  const withSign = signed ? { ...options, signed: (x: number) => signed(logPdf(p, x), logPdf(q, x)) } : options;
  const dense = integrate((x) => kernel(logPdf(p, x), logPdf(q, x)), breakpoints(p, q), withSign);
  return { ...dense, value: dense.value + atomic };
}

/** KL(P‖Q) by integration: +Infinity exactly when P is not absolutely continuous with respect to Q. */
export function klByIntegration(p: Distribution, q: Distribution, options?: IntegrateOptions): Integral {
  if (!absolutelyContinuous(p, q)) return { value: Infinity, error: 0, panels: 0, converged: true };
  return fIntegral(p, q, klKernel, options);
}

/** JS(P, Q) by integration, in [0, log 2]. */
export function jsByIntegration(p: Distribution, q: Distribution, options?: IntegrateOptions): Integral {
  const r = fIntegral(p, q, jsKernel, options);
  return { ...r, value: Math.min(Math.LN2, Math.max(0, r.value)) };
}

/** TV(P, Q) by integration, in [0, 1]. */
export function tvByIntegration(p: Distribution, q: Distribution, options?: IntegrateOptions): Integral {
  const r = fIntegral(p, q, tvKernel, options, densityDifference);
  return { ...r, value: Math.min(1, Math.max(0, r.value)) };
}
