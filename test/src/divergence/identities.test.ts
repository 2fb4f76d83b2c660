/**
 * The identities every divergence obeys, stated for all 1-D distributions of the module (normals, uniforms, points
 * and their mixtures): KL ≥ 0 with equality iff P = Q, JS symmetric and at most log 2, TV at most 1, W₁ ≤ W₂,
 * Pinsker, the triangle inequality of the metrics, exact infinities, and never NaN.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mixture, normal, partsOf, point, shift, uniform, type Distribution } from '../../../src/divergence/distribution.ts';
import { divergence, divergences, DIVERGENCE_NAMES, type DivergenceName } from '../../../src/divergence/divergences.ts';
import { componentArb, continuousArb, distributionArb, near, wideDistributionArb } from './arbitraries.ts';

const quick = { numRuns: 40 };

/** Only the named divergences (each costs a quadrature). */
const some = <K extends DivergenceName>(p: Distribution, q: Distribution, ...names: K[]) =>
  Object.fromEntries(names.map((n) => [n, divergence(n, p, q)])) as Record<K, number>;

/** The same law written differently: every part split into two halves, a uniform into its two halves. */
function rewrite(d: Distribution): Distribution {
  return mixture(
    partsOf(d).flatMap(({ weight, component: k }): [number, Distribution][] =>
      k.kind === 'uniform'
        ? [
            [weight / 2, uniform(k.a, (k.a + k.b) / 2)],
            [weight / 2, uniform((k.a + k.b) / 2, k.b)],
          ]
        : [
            [weight / 2, k],
            [weight / 2, k],
          ],
    ),
  );
}

describe('identities of the six divergences', () => {
  it('KL(P‖Q) ≥ 0 and KL(Q‖P) ≥ 0 for all P, Q', () => {
    fc.assert(
      fc.property(distributionArb, distributionArb, (p, q) => {
        const d = some(p, q, 'kl', 'reverseKl');
        expect(d.kl).toBeGreaterThanOrEqual(0);
        expect(d.reverseKl).toBeGreaterThanOrEqual(0);
      }),
      quick,
    );
  });

  it('all six vanish between P and itself, and between P and the same law written differently (a uniform split in halves)', () => {
    fc.assert(
      fc.property(distributionArb, (p) => {
        for (const q of [p, rewrite(p)]) {
          const d = divergences(p, q);
          for (const name of DIVERGENCE_NAMES) expect(Math.abs(d[name])).toBeLessThan(name === 'w2' ? 1e-6 : 1e-9);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('KL(P‖Q) > 0 when Q ≠ P: Q = P shifted by c ≠ 0, or P with its weights changed', () => {
    fc.assert(
      fc.property(distributionArb, fc.double({ min: 0.01, max: 3, noNaN: true }), fc.boolean(), (p, c, negative) => {
        expect(divergence('kl', p, shift(p, negative ? -c : c))).toBeGreaterThan(0);
      }),
      quick,
    );
    fc.assert(
      fc.property(continuousArb, continuousArb, fc.double({ min: 0.1, max: 0.9, noNaN: true }), (a, b, w) => {
        const p = mixture([[0.5, a], [0.5, b]]);
        const q = mixture([[w, a], [1 - w, b]]);
        // P = Q exactly when w = ½ or when a and b are the same law.
        const same = w === 0.5 || divergence('tv', a, b) < 1e-12;
        if (!same) expect(divergence('kl', p, q)).toBeGreaterThan(0);
      }),
      quick,
    );
  });

  it('JS is symmetric and 0 ≤ JS ≤ log 2', () => {
    fc.assert(
      fc.property(distributionArb, distributionArb, (p, q) => {
        const a = some(p, q, 'js');
        const b = some(q, p, 'js');
        expect(near(a.js, b.js, 1e-10)).toBe(true);
        expect(a.js).toBeGreaterThanOrEqual(0);
        expect(a.js).toBeLessThanOrEqual(Math.LN2);
      }),
      quick,
    );
  });

  it('0 ≤ TV ≤ 1, and W₁ ≤ W₂', () => {
    fc.assert(
      fc.property(distributionArb, distributionArb, (p, q) => {
        const d = some(p, q, 'tv', 'w1', 'w2');
        expect(d.tv).toBeGreaterThanOrEqual(0);
        expect(d.tv).toBeLessThanOrEqual(1);
        expect(d.w1).toBeLessThanOrEqual(d.w2 * (1 + 1e-9) + 1e-12);
      }),
      quick,
    );
  });

  it('Pinsker: TV ≤ √(KL/2), both ways', () => {
    fc.assert(
      fc.property(distributionArb, distributionArb, (p, q) => {
        const d = some(p, q, 'tv', 'kl', 'reverseKl');
        expect(d.tv).toBeLessThanOrEqual(Math.sqrt(d.kl / 2) + 1e-10);
        expect(d.tv).toBeLessThanOrEqual(Math.sqrt(d.reverseKl / 2) + 1e-10);
      }),
      quick,
    );
  });

  it('JS ≤ log 2 · TV (the JS integrand ½(p+q)·f(u), u = (p−q)/(p+q), has f convex with f(0) = 0, f(±1) = log 2)', () => {
    fc.assert(
      fc.property(distributionArb, distributionArb, (p, q) => {
        const d = some(p, q, 'js', 'tv');
        expect(d.js).toBeLessThanOrEqual(Math.LN2 * d.tv + 1e-10);
      }),
      quick,
    );
  });

  it('the triangle inequality holds for the metrics W₁, W₂ and TV', () => {
    fc.assert(
      fc.property(distributionArb, distributionArb, distributionArb, (p, q, r) => {
        const metrics = ['w1', 'w2', 'tv'] as const;
        const pq = some(p, q, ...metrics);
        const qr = some(q, r, ...metrics);
        const pr = some(p, r, ...metrics);
        for (const name of metrics) expect(pr[name]).toBeLessThanOrEqual(pq[name] + qr[name] + 1e-9 * (1 + pr[name]));
      }),
      { numRuns: 40 },
    );
  });

  it('KL(P‖Q) = Infinity exactly when P has mass where Q has none: an atom Q lacks, density outside Q’s support', () => {
    fc.assert(
      fc.property(componentArb, fc.double({ min: -3, max: 3, noNaN: true }), (q, c) => {
        // A point mass at c against a Q without an atom at c.
        if (!(q.kind === 'point' && q.at === c)) expect(divergence('kl', point(c), q)).toBe(Infinity);
        // Anything with a density against a purely atomic Q.
        expect(divergence('kl', normal(c, 1), point(c))).toBe(Infinity);
        expect(divergence('kl', uniform(c, c + 1), mixture([[0.5, point(c)], [0.5, point(c + 1)]]))).toBe(Infinity);
      }),
      quick,
    );
    expect(divergence('kl', uniform(0, 1), uniform(2, 3))).toBe(Infinity);
    expect(divergence('kl', uniform(0, 2), uniform(0, 1))).toBe(Infinity);
    expect(divergence('kl', uniform(0, 1), uniform(0, 2))).toBeCloseTo(Math.log(2), 15);
    expect(divergence('kl', normal(0, 1), uniform(-100, 100))).toBe(Infinity);
    expect(divergence('kl', uniform(-100, 100), normal(0, 1))).toBeLessThan(Infinity);
    // Touching uniforms cover their union.
    expect(divergence('kl', uniform(0, 2), mixture([[0.5, uniform(0, 1)], [0.5, uniform(1, 2)]]))).toBeCloseTo(0, 14);
  });

  it('JS = log 2 and TV = 1 for disjoint supports; TV = 1 between a point and any distribution without that atom', () => {
    fc.assert(
      fc.property(distributionArb, fc.double({ min: 0, max: 5, noNaN: true }), (p, c) => {
        const bounded = partsOf(p).every((x) => x.component.kind !== 'normal');
        if (bounded) {
          // Shift a bounded P past its own support.
          const far = shift(p, 20 + c);
          const d = some(p, far, 'js', 'tv', 'kl');
          expect(d.js).toBeCloseTo(Math.LN2, 12);
          expect(d.tv).toBeCloseTo(1, 12);
          expect(d.kl).toBe(Infinity);
        }
        const e = some(point(100 + c), p, 'tv', 'js');
        expect(e.tv).toBeCloseTo(1, 12);
        expect(e.js).toBeCloseTo(Math.LN2, 12);
      }),
      quick,
    );
  });

  it('never NaN, on any pair including tiny and huge scales, far-apart locations, point masses and disjoint supports', () => {
    fc.assert(
      fc.property(wideDistributionArb, wideDistributionArb, (p, q) => {
        const d = divergences(p, q);
        for (const name of DIVERGENCE_NAMES) {
          expect(Number.isNaN(d[name])).toBe(false);
          expect(d[name]).toBeGreaterThanOrEqual(0);
        }
        expect(Number.isFinite(d.js) && Number.isFinite(d.tv) && Number.isFinite(d.w1) && Number.isFinite(d.w2)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
