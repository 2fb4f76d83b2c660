import { InputError, show } from '../errors.ts';
import { foldedNormalMean, gaussianDominance, gaussianKl, gaussianTv } from './closed-forms.ts';
import { logAddExp, logPdf } from './density.ts';
import { MAX_LOCATION, normal } from './distribution.ts';
import { jsByIntegration } from './f-divergence.ts';
import { integrate } from './integrate.ts';
import { erf, normalPdf } from './normal.ts';
import type { DivergenceCurvePoint } from './parallel-lines.ts';
import { breakpoints } from './support.ts';

/**
 * The contrast to the parallel lines: two Gaussians with overlapping supports, P = N(0, σ_P²) fixed and the
 * generator's Q_t = N(t, σ_Q²) shifted by t. Every divergence is finite and changes with t, and its gradient
 * points back to t = 0 (away from the optimum's kink, where σ_P = σ_Q makes TV and W behave like |t|):
 *
 *   KL(P‖Q_t) = KL₀ + t²/(2σ_Q²),          d/dt = t/σ_Q²
 *   KL(Q_t‖P) = KL₀′ + t²/(2σ_P²),         d/dt = t/σ_P²
 *   W₂ = √(t² + s²), s = |σ_P − σ_Q|,      d/dt = t/W₂
 *   W₁ = E|t + sZ| = t·erf(t/(s√2)) + 2sφ(t/s),  d/dt = erf(t/(s√2)) = 2Φ(t/s) − 1   (|t| and sign t when s = 0)
 *   TV = P(A) − Q_t(A), A = {p > q_t}:      d/dt = Σ over the intervals (α, β) of A of q_t(β) − q_t(α)
 *   JS (no closed form; quadrature):       d/dt = ½∫ ∂_t q_t · log(2q_t/(p + q_t)) dx,  ∂_t q_t = q_t·(x − t)/σ_Q²
 *
 * TV's derivative is Danskin's envelope theorem applied to TV = sup_A (P(A) − Q_t(A)) with ∂_t q_t = −∂_x q_t; JS's
 * follows from differentiating ½∫p log(2p/(p+q)) + ½∫q log(2q/(p+q)) under the integral (the terms in ∂_t of the
 * logarithms cancel because ∫∂_t q_t = 0). At the kinks (t = 0 with s = 0) the symmetric derivative 0 is given.
 */

export interface GaussianOffsetOptions {
  /** σ_P (default 1). */
  stdP?: number;
  /** σ_Q (default 1). */
  stdQ?: number;
}

/** The six divergences between N(0, σ_P²) and N(t, σ_Q²), and their derivatives in t. */
export function gaussianOffset(t: number, options: GaussianOffsetOptions = {}): DivergenceCurvePoint {
  const sp = options.stdP ?? 1;
  const sq = options.stdQ ?? 1;
  if (typeof t !== 'number' || !Number.isFinite(t) || Math.abs(t) > MAX_LOCATION) {
    throw new InputError('offset', `expected a finite number in [−${MAX_LOCATION}, ${MAX_LOCATION}], got ${show(t)}`);
  }
  const p = normal(0, sp, 'stdP');
  const q = normal(t, sq, 'stdQ');
  const s = Math.abs(sp - sq);
  const w2 = Math.hypot(t, s);
  // ∂_t JS = ½∫ q(x − t)/σ_Q² · (log 2 + log q − log(p + q)) dx.
  const jsGradient = integrate((x) => {
    const lp = logPdf(p, x);
    const lq = logPdf(q, x);
    if (lq === -Infinity) return 0;
    return 0.5 * Math.exp(lq) * ((x - t) / (sq * sq)) * (Math.LN2 + lq - logAddExp(lp, lq));
  }, breakpoints(p, q)).value;
  let tvGradient = 0;
  const qAt = (x: number) => (Number.isFinite(x) ? normalPdf((x - t) / sq) / sq : 0);
  for (const [lo, hi] of gaussianDominance(0, sp, t, sq)) tvGradient += qAt(hi) - qAt(lo);
  return {
    theta: t,
    values: {
      kl: gaussianKl(0, sp, t, sq),
      reverseKl: gaussianKl(t, sq, 0, sp),
      js: jsByIntegration(p, q).value,
      tv: gaussianTv(0, sp, t, sq),
      w1: foldedNormalMean(t, s),
      w2,
    },
    gradients: {
      kl: t / (sq * sq),
      reverseKl: t / (sp * sp),
      js: jsGradient,
      tv: tvGradient,
      w1: s > 0 ? erf(t / (s * Math.SQRT2)) : Math.sign(t),
      w2: w2 > 0 ? t / w2 : 0,
    },
  };
}

/** The curve over a grid of offsets (linspace in grid.ts makes one). */
export const gaussianOffsetCurve = (ts: readonly number[], options?: GaussianOffsetOptions): DivergenceCurvePoint[] =>
  ts.map((t) => gaussianOffset(t, options));
