/**
 * Every closed form agrees with the definition computed by quadrature (Gaussians, uniforms, points, their pairs,
 * and mixtures whose law is a single component), the two numerical routes to W₁ agree with each other, and W
 * between a distribution and its shift by c is |c|.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  foldedNormalMean,
  gaussianKl,
  gaussianTv,
  gaussianW1,
  gaussianW2,
  uniformNormalKl,
} from '../../../src/divergence/closed-forms.ts';
import { mixture, normal, point, shift, uniform, type Distribution } from '../../../src/divergence/distribution.ts';
import { divergence, divergenceReport, DIVERGENCE_NAMES } from '../../../src/divergence/divergences.ts';
import { integrate } from '../../../src/divergence/integrate.ts';
import { breakpoints } from '../../../src/divergence/support.ts';
import { w1ByCdf, wassersteinByQuantiles } from '../../../src/divergence/wasserstein.ts';
import { componentArb, distributionArb, location, near, normalArb, scale, uniformArb } from './arbitraries.ts';

const quick = { numRuns: 40 };

/** Closed forms (where the report used one) against the same quantities by quadrature. */
function expectClosedFormsMatchQuadrature(p: Distribution, q: Distribution, tol: number) {
  const closed = divergenceReport(p, q);
  const numeric = divergenceReport(p, q, { closedForms: false });
  let compared = 0;
  for (const name of DIVERGENCE_NAMES) {
    if (closed.methods[name] !== 'closed form') continue;
    compared++;
    const [a, b] = [closed.values[name], numeric.values[name]];
    if (!near(a, b, tol)) throw new Error(`${name}: closed form ${a}, quadrature ${b}`);
  }
  return compared;
}

describe('closed forms against quadrature', () => {
  it('Gaussians: KL both ways, TV, W₁ and W₂ in closed form equal their definitions integrated', () => {
    fc.assert(
      fc.property(normalArb, normalArb, (p, q) => {
        expect(expectClosedFormsMatchQuadrature(p, q, 1e-9)).toBe(5);
      }),
      quick,
    );
  });

  it('Gaussians of wildly different scales (σ from 1e−5 to 1e4, means up to ±1e5): the closed forms still equal quadrature', () => {
    const wide = fc
      .tuple(fc.double({ min: -1e5, max: 1e5, noNaN: true }), fc.double({ min: -5, max: 4, noNaN: true }))
      .map(([m, e]) => normal(m, 10 ** e));
    fc.assert(
      fc.property(wide, wide, (p, q) => {
        expect(expectClosedFormsMatchQuadrature(p, q, 1e-8)).toBe(5);
      }),
      { numRuns: 40 },
    );
    // The quadratic for the crossings in x would lose every digit here; in standard units it does not.
    // TV = 1 − Q(A), Q(A) ≈ (width of A ≈ 2·7.7e−6) × (Q's density there ≈ φ(2)/1e6) ≈ 8.3e−13.
    const tv = divergence('tv', normal(1e6, 1e-6), normal(-1e6, 1e6));
    expect(1 - tv).toBeGreaterThan(8e-13);
    expect(1 - tv).toBeLessThan(9e-13);
    expect(divergence('kl', normal(1e6, 1e-6), normal(-1e6, 1e6))).toBeCloseTo(Math.log(1e12) + 1.5, 12);
  });

  it('uniforms: all six in closed form equal their definitions integrated (KL = +∞ unless one support contains the other)', () => {
    fc.assert(
      fc.property(uniformArb, uniformArb, (p, q) => {
        expect(expectClosedFormsMatchQuadrature(p, q, 1e-10)).toBe(6);
      }),
      quick,
    );
  });

  it('points against anything, normals against uniforms: the closed forms equal the definitions', () => {
    fc.assert(
      fc.property(componentArb, componentArb, (p, q) => {
        expectClosedFormsMatchQuadrature(p, q, 1e-9);
      }),
      quick,
    );
  });

  it('a mixture whose parts are all the same component is integrated to that component’s closed forms', () => {
    fc.assert(
      fc.property(componentArb, componentArb, fc.double({ min: 0.05, max: 0.95, noNaN: true }), (a, b, w) => {
        const split = mixture([
          [w, a],
          [1 - w, a],
        ]);
        const exact = divergenceReport(a, b).values;
        const integrated = divergenceReport(split, b, { closedForms: false }).values;
        for (const name of DIVERGENCE_NAMES) expect(near(integrated[name], exact[name], 1e-9)).toBe(true);
      }),
      quick,
    );
  });

  it('the formulas of REFERENCES.md: KL(N₁‖N₂) = log(σ₂/σ₁) + (σ₁² + (μ₁−μ₂)²)/(2σ₂²) − ½ and W₂ = √((μ₁−μ₂)² + (σ₁−σ₂)²)', () => {
    fc.assert(
      fc.property(location, scale, location, scale, (m1, s1, m2, s2) => {
        const kl = Math.log(s2 / s1) + (s1 * s1 + (m1 - m2) ** 2) / (2 * s2 * s2) - 0.5;
        expect(near(gaussianKl(m1, s1, m2, s2), kl, 1e-12)).toBe(true);
        expect(near(gaussianW2(m1, s1, m2, s2), Math.sqrt((m1 - m2) ** 2 + (s1 - s2) ** 2), 1e-15)).toBe(true);
      }),
      quick,
    );
  });

  it('W₁ between Gaussians is E|m + sZ| (m = |μ₁−μ₂|, s = |σ₁−σ₂|): the folded-normal formula equals ∫|x|·N(x; m, s²) dx and ∫₀¹|F⁻¹ − G⁻¹| du', () => {
    fc.assert(
      fc.property(location, scale, location, scale, (m1, s1, m2, s2) => {
        const m = Math.abs(m1 - m2);
        const s = Math.abs(s1 - s2);
        // (A nearly degenerate s makes the density a spike no quadrature should be asked to find.)
        if (s > 1e-6) {
          const density = (x: number) => (Math.abs(x) * Math.exp(-0.5 * ((x - m) / s) ** 2)) / (s * Math.sqrt(2 * Math.PI));
          const breaks = [...new Set([0, ...breakpoints(normal(m, s))])].sort((a, b) => a - b);
          const direct = integrate(density, breaks).value;
          expect(near(foldedNormalMean(m, s), direct, 1e-11)).toBe(true);
        } else {
          expect(Math.abs(foldedNormalMean(m, s) - m)).toBeLessThanOrEqual(s);
        }
        const byQuantiles = wassersteinByQuantiles(normal(m1, s1), normal(m2, s2), 1).value;
        expect(near(gaussianW1(m1, s1, m2, s2), byQuantiles, 1e-10)).toBe(true);
      }),
      quick,
    );
  });

  it('TV between Gaussians of equal σ is erf(|Δμ|/(2√2σ)) = 2Φ(|Δμ|/2σ) − 1, and the crossing-point form agrees with quadrature near σ₁ = σ₂', () => {
    fc.assert(
      fc.property(location, scale, location, fc.double({ min: -1e-6, max: 1e-6, noNaN: true }), (m1, s, m2, ds) => {
        const integrated = divergenceReport(normal(m1, s), normal(m2, s + ds), { closedForms: false }).values.tv;
        expect(Math.abs(gaussianTv(m1, s, m2, s + ds) - integrated)).toBeLessThan(1e-9);
      }),
      quick,
    );
  });

  it('KL(U[a, b] ‖ N(μ, σ²)) = log(σ√(2π)/(b−a)) + ((b−a)²/12 + ((a+b)/2 − μ)²)/(2σ²) equals the integral, and KL(N‖U) = +∞', () => {
    fc.assert(
      fc.property(uniformArb, normalArb, (u, n) => {
        if (u.kind !== 'uniform' || n.kind !== 'normal') throw new Error('arbitraries');
        const integrated = divergenceReport(u, n, { closedForms: false }).values.kl;
        expect(near(uniformNormalKl(u.a, u.b, n.mean, n.std), integrated, 1e-10)).toBe(true);
        expect(divergence('kl', n, u)).toBe(Infinity);
      }),
      quick,
    );
  });
});

describe('Wasserstein distances of any two distributions', () => {
  it('W₁ = ∫|F − G| dx equals ∫₀¹|F⁻¹ − G⁻¹| du (two independent quadratures), mixtures and atoms included', () => {
    fc.assert(
      fc.property(distributionArb, distributionArb, (p, q) => {
        const a = w1ByCdf(p, q).value;
        const b = wassersteinByQuantiles(p, q, 1).value;
        expect(Math.abs(a - b)).toBeLessThan(1e-9 * (1 + a));
      }),
      quick,
    );
  });

  it('W₁ and W₂ between P and P shifted by c are exactly |c|, for every P', () => {
    fc.assert(
      fc.property(distributionArb, fc.double({ min: -5, max: 5, noNaN: true }), (p, c) => {
        const q = shift(p, c);
        expect(Math.abs(divergence('w1', p, q) - Math.abs(c))).toBeLessThan(1e-9 * (1 + Math.abs(c)));
        expect(Math.abs(divergence('w2', p, q) - Math.abs(c))).toBeLessThan(1e-8 * (1 + Math.abs(c)));
      }),
      quick,
    );
  });

  it('between mixtures of equally weighted points, W_p is the sorted matching of the points (exact, no quadrature error)', () => {
    const atomsArb = (n: number) => fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n, maxLength: n });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(atomsArb(n), atomsArb(n))), ([xs, ys]) => {
        const asMixture = (zs: number[]) => mixture(zs.map((z) => [1 / zs.length, point(z)] as [number, Distribution]));
        const [sx, sy] = [[...xs].sort((a, b) => a - b), [...ys].sort((a, b) => a - b)];
        const w1 = sx.reduce((s, x, i) => s + Math.abs(x - sy[i]), 0) / xs.length;
        const w2 = Math.sqrt(sx.reduce((s, x, i) => s + (x - sy[i]) ** 2, 0) / xs.length);
        expect(Math.abs(divergence('w1', asMixture(xs), asMixture(ys)) - w1)).toBeLessThan(1e-12 * (1 + w1));
        expect(Math.abs(divergence('w2', asMixture(xs), asMixture(ys)) - w2)).toBeLessThan(1e-12 * (1 + w2));
      }),
      quick,
    );
  });

  it('W₂ of a point against any P is √(Var P + (E P − c)²), closed form and quadrature alike', () => {
    fc.assert(
      fc.property(componentArb, location, (p, c) => {
        expectClosedFormsMatchQuadrature(point(c), p, 1e-9);
        expectClosedFormsMatchQuadrature(p, point(c), 1e-9);
      }),
      quick,
    );
    expect(divergence('w2', point(0), uniform(-1, 1))).toBeCloseTo(1 / Math.sqrt(3), 15);
    expect(divergence('w1', point(0), normal(0, 1))).toBeCloseTo(Math.sqrt(2 / Math.PI), 15);
  });
});
