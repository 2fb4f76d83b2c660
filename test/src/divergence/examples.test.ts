/**
 * The lecture's picture (Arjovsky, Chintala & Bottou 2017, Example 1): for two parallel lines at distance |θ|,
 * W = |θ| has gradient sign θ while JS, TV and KL are constant away from θ = 0 (log 2, 1, +∞) and give a generator
 * no gradient; for two Gaussians every divergence is finite and its gradient points back to the target.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normal, point } from '../../../src/divergence/distribution.ts';
import { divergences, DIVERGENCE_NAMES } from '../../../src/divergence/divergences.ts';
import { gaussianOffset, gaussianOffsetCurve } from '../../../src/divergence/gaussian-offset.ts';
import { linspace } from '../../../src/divergence/grid.ts';
import { parallelLines, parallelLinesClouds, parallelLinesCurve } from '../../../src/divergence/parallel-lines.ts';
import { exactWasserstein } from '../../../src/divergence/transport.ts';
import { InputError } from '../../../src/errors.ts';
import { near } from './arbitraries.ts';

const theta = fc.double({ min: -10, max: 10, noNaN: true }).filter((t) => t !== 0);

describe('the parallel lines P₀ = (0, Z), P_θ = (θ, Z), Z ~ U[0, 1]', () => {
  it('for θ ≠ 0: W₁ = W₂ = |θ|, JS = log 2, KL = +∞ both ways, TV = 1', () => {
    fc.assert(
      fc.property(theta, (t) => {
        const { values } = parallelLines(t);
        expect(values).toEqual({ kl: Infinity, reverseKl: Infinity, js: Math.LN2, tv: 1, w1: Math.abs(t), w2: Math.abs(t) });
      }),
    );
  });

  it('at θ = 0 all six are 0, and so are their (symmetric) derivatives', () => {
    const { values, gradients } = parallelLines(0);
    for (const name of DIVERGENCE_NAMES) {
      expect(values[name]).toBe(0);
      expect(gradients[name]).toBe(0);
    }
  });

  it('the gradient in θ is sign θ for W and 0 for JS, TV and KL: only W tells the generator where to go', () => {
    fc.assert(
      fc.property(theta.filter((t) => Math.abs(t) > 1e-6), (t) => {
        const { gradients } = parallelLines(t);
        expect(gradients.w1).toBe(Math.sign(t));
        expect(gradients.w2).toBe(Math.sign(t));
        for (const name of ['js', 'tv', 'kl', 'reverseKl'] as const) expect(gradients[name]).toBe(0);
        // The finite ones are constant on each side: central differences agree.
        const h = Math.abs(t) / 4;
        for (const name of ['w1', 'js', 'tv'] as const) {
          const fd = (parallelLines(t + h).values[name] - parallelLines(t - h).values[name]) / (2 * h);
          expect(near(fd, parallelLines(t).gradients[name], 1e-12)).toBe(true);
        }
      }),
    );
  });

  it('agrees with the general machinery: the lines are δ₀ ⊗ U and δ_θ ⊗ U, and a common factor leaves f-divergences and W unchanged', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), (t) => {
        expect(divergences(point(0), point(t))).toEqual(parallelLines(t).values);
      }),
    );
  });

  it('exact optimal transport between n points on each line costs exactly |θ| (W₁ and W₂)', () => {
    fc.assert(
      fc.property(theta, fc.integer({ min: 1, max: 40 }), (t, n) => {
        const { p0, pTheta } = parallelLinesClouds(t, n);
        expect(near(exactWasserstein(p0, pTheta, 1).value, Math.abs(t), 1e-12)).toBe(true);
        expect(near(exactWasserstein(p0, pTheta, 2).value, Math.abs(t), 1e-12)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('makes plot data over a θ grid, and refuses a non-finite θ', () => {
    const curve = parallelLinesCurve(linspace(-1, 1, 21));
    expect(curve).toHaveLength(21);
    expect(curve[10].theta).toBe(0);
    expect(curve.map((c) => c.values.w1)).toEqual(linspace(-1, 1, 21).map(Math.abs));
    expect(() => parallelLines(NaN)).toThrow(InputError);
    expect(() => parallelLines(Infinity)).toThrow(InputError);
  });
});

describe('the contrast: N(0, σ_P²) against N(t, σ_Q²)', () => {
  const sigma = fc.double({ min: 0.3, max: 3, noNaN: true });
  const offset = fc.double({ min: -4, max: 4, noNaN: true });

  it('values equal the general divergences of the two Gaussians (closed forms and quadrature)', () => {
    fc.assert(
      fc.property(offset, sigma, sigma, (t, sp, sq) => {
        const curve = gaussianOffset(t, { stdP: sp, stdQ: sq }).values;
        const general = divergences(normal(0, sp), normal(t, sq));
        for (const name of DIVERGENCE_NAMES) expect(near(curve[name], general[name], 1e-10)).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it('every gradient in t equals the central difference of its value (KL, reverse KL, JS, TV, W₁, W₂)', () => {
    fc.assert(
      fc.property(offset.filter((t) => Math.abs(t) > 0.05), sigma, sigma, (t, sp, sq) => {
        const h = 1e-4;
        const at = gaussianOffset(t, { stdP: sp, stdQ: sq });
        const plus = gaussianOffset(t + h, { stdP: sp, stdQ: sq }).values;
        const minus = gaussianOffset(t - h, { stdP: sp, stdQ: sq }).values;
        for (const name of DIVERGENCE_NAMES) {
          const fd = (plus[name] - minus[name]) / (2 * h);
          expect(Math.abs(fd - at.gradients[name])).toBeLessThan(1e-6 * (1 + Math.abs(fd)));
        }
      }),
      { numRuns: 20 },
    );
  });

  it('for t ≠ 0 every divergence is finite and every gradient has the sign of t: each of them pulls the generator back', () => {
    fc.assert(
      fc.property(offset.filter((t) => Math.abs(t) > 1e-3), sigma, sigma, (t, sp, sq) => {
        const { values, gradients } = gaussianOffset(t, { stdP: sp, stdQ: sq });
        for (const name of DIVERGENCE_NAMES) {
          expect(Number.isFinite(values[name])).toBe(true);
          expect(Math.sign(gradients[name])).toBe(Math.sign(t));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('equal variances at t = 0: all six vanish and the gradients are 0; the curve is symmetric in t', () => {
    const zero = gaussianOffset(0);
    for (const name of DIVERGENCE_NAMES) {
      expect(Math.abs(zero.values[name])).toBeLessThan(1e-14);
      expect(Math.abs(zero.gradients[name])).toBeLessThan(1e-12);
    }
    const curve = gaussianOffsetCurve(linspace(-2, 2, 9));
    for (let i = 0; i < 4; i++) {
      for (const name of DIVERGENCE_NAMES) {
        expect(near(curve[i].values[name], curve[8 - i].values[name], 1e-10)).toBe(true);
        expect(near(curve[i].gradients[name], -curve[8 - i].gradients[name], 1e-9)).toBe(true);
      }
    }
  });
});
