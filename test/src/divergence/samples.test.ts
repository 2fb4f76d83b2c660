/**
 * Wasserstein distances between samples: exact in 1-D by sorting (any sizes), exact in 2-D by the assignment
 * problem (checked against brute force and against its own dual certificate), and the sliced distance with its
 * exact cases; sample distances converge to the closed forms of the distributions they come from.
 */
import fc from 'fast-check';
import { randomLcg, randomNormal } from 'd3-random';
import { describe, expect, it } from 'vitest';
import { solveAssignment } from '../../../src/divergence/assignment.ts';
import { mixture, normal, point, uniform, type Distribution } from '../../../src/divergence/distribution.ts';
import { divergence } from '../../../src/divergence/divergences.ts';
import { drawSamples, quantileSamples } from '../../../src/divergence/draw.ts';
import { sampleWasserstein1d } from '../../../src/divergence/samples.ts';
import { slicedWasserstein } from '../../../src/divergence/sliced.ts';
import { exactWasserstein } from '../../../src/divergence/transport.ts';
import { InputError } from '../../../src/errors.ts';
import { near } from './arbitraries.ts';

const value = fc.double({ min: -10, max: 10, noNaN: true });
const sample = (min: number, max: number) => fc.array(value, { minLength: min, maxLength: max });
const cloud = (min: number, max: number) => fc.array(fc.tuple(value, value).map(([x, y]) => [x, y]), { minLength: min, maxLength: max });

/** Every permutation of 0..n−1. */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

describe('1-D samples', () => {
  it('for equal sizes, the sorted matching is the best of all matchings: W_p by sorting = min over permutations (n ≤ 6)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(sample(n, n), sample(n, n))), fc.constantFrom(1, 2, 3), ([xs, ys], p) => {
        let best = Infinity;
        for (const perm of permutations(xs.length)) best = Math.min(best, xs.reduce((s, x, i) => s + Math.abs(x - ys[perm[i]]) ** p, 0));
        expect(near(sampleWasserstein1d(xs, ys, p), Math.pow(best / xs.length, 1 / p), 1e-12)).toBe(true);
      }),
    );
  });

  it('for any sizes, W_p of the samples equals W_p between their empirical distributions as mixtures of points', () => {
    fc.assert(
      fc.property(sample(1, 7), sample(1, 7), fc.constantFrom(1, 2), (xs, ys, p) => {
        const empirical = (zs: number[]) => mixture(zs.map((z) => [1 / zs.length, point(z)] as [number, Distribution]));
        const viaDistributions = divergence(p === 1 ? 'w1' : 'w2', empirical(xs), empirical(ys));
        expect(Math.abs(sampleWasserstein1d(xs, ys, p) - viaDistributions)).toBeLessThan(1e-10 * (1 + viaDistributions));
      }),
      { numRuns: 100 },
    );
  });

  it('a sample and its copy shifted by c are |c| apart, in every order p', () => {
    fc.assert(
      fc.property(sample(1, 50), value, fc.double({ min: 1, max: 4, noNaN: true }), (xs, c, p) => {
        expect(near(sampleWasserstein1d(xs, xs.map((x) => x + c), p), Math.abs(c), 1e-12)).toBe(true);
      }),
    );
  });

  it('converges to the closed form: midpoint-quantile samples to 1e-3 at n = 4000, seeded random samples to 0.05 at n = 20,000', () => {
    const pairs: [Distribution, Distribution][] = [
      [normal(0, 1), normal(1, 2)],
      [uniform(0, 1), normal(0.5, 0.3)],
      [mixture([[0.5, normal(-1, 0.5)], [0.5, normal(2, 1)]]), normal(0, 1)],
    ];
    for (const [p, q] of pairs) {
      for (const [order, name] of [[1, 'w1'], [2, 'w2']] as const) {
        const exact = divergence(name, p, q);
        const errors = [250, 4000].map((n) => Math.abs(sampleWasserstein1d(quantileSamples(p, n), quantileSamples(q, n), order) - exact));
        expect(errors[1]).toBeLessThan(1e-3);
        expect(errors[1]).toBeLessThan(errors[0]);
        const random = sampleWasserstein1d(drawSamples(p, 20000, 11), drawSamples(q, 20000, 12), order);
        expect(Math.abs(random - exact)).toBeLessThan(0.05);
      }
    }
  });

  it('rejects empty and non-finite samples with an InputError', () => {
    expect(() => sampleWasserstein1d([], [1])).toThrow(InputError);
    expect(() => sampleWasserstein1d([1, NaN], [1])).toThrow(/^sample x: value 2 is NaN, not a finite number$/);
    expect(() => sampleWasserstein1d([1], [1], 0.5)).toThrow(InputError);
  });
});

describe('the assignment problem', () => {
  const costs = fc
    .integer({ min: 1, max: 7 })
    .chain((n) => fc.tuple(fc.constant(n), fc.array(fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.integer({ min: 0, max: 3 })), { minLength: n * n, maxLength: n * n })));

  it('the Hungarian method finds the minimum over all n! permutations (n ≤ 7, ties included)', () => {
    fc.assert(
      fc.property(costs, ([n, c]) => {
        let best = Infinity;
        for (const perm of permutations(n)) best = Math.min(best, perm.reduce((s, j, i) => s + c[i * n + j], 0));
        const r = solveAssignment(c, n);
        expect(Math.abs(r.cost - best)).toBeLessThan(1e-9);
        expect(new Set(r.columnOf).size).toBe(n);
      }),
      { numRuns: 150 },
    );
  });

  it('its potentials certify optimality: uᵢ + vⱼ ≤ Cᵢⱼ everywhere, with equality on the assignment, and Σu + Σv = the cost', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 1000 }), (n, seed) => {
        const random = randomLcg(seed);
        const c = Array.from({ length: n * n }, () => random() * 10);
        const { columnOf, cost, u, v } = solveAssignment(c, n);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) expect(u[i] + v[j]).toBeLessThanOrEqual(c[i * n + j] + 1e-9);
          expect(Math.abs(u[i] + v[columnOf[i]] - c[i * n + columnOf[i]])).toBeLessThan(1e-9);
        }
        expect(Math.abs(u.reduce((s, x) => s + x, 0) + v.reduce((s, x) => s + x, 0) - cost)).toBeLessThan(1e-8);
      }),
      { numRuns: 30 },
    );
  });
});

describe('exact transport between 2-D clouds', () => {
  it('is scale-equivariant and finite for far-apart points and large p: W_p(2ᵏx, 2ᵏy) = 2ᵏ·W_p(x, y), with 2ᵏ up to 2⁹⁰⁰', () => {
    fc.assert(
      fc.property(cloud(1, 4), cloud(1, 4), fc.constantFrom(1, 2, 7, 40), fc.integer({ min: -900, max: 900 }), (a, b, p, k) => {
        const scale = 2 ** k;
        const big = (c: number[][]) => c.map((pt) => pt.map((v) => v * scale));
        const w = exactWasserstein(a, b, p).value;
        const wScaled = exactWasserstein(big(a), big(b), p).value;
        expect(Number.isFinite(wScaled)).toBe(true);
        expect(Math.abs(wScaled / scale - w)).toBeLessThanOrEqual(1e-9 * (1 + w));
      }),
      { numRuns: 100 },
    );
  });

  it('the assignment solver refuses a non-finite cost, naming the entry (a search over it would never end)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.nat(), fc.constantFrom(Infinity, -Infinity, NaN), (n, at, bad) => {
        const cost = Array.from({ length: n * n }, (_, i) => i % 3);
        const k = at % (n * n);
        cost[k] = bad;
        expect(() => solveAssignment(cost, n)).toThrow(`cost[${Math.floor(k / n)}][${k % n}] is ${bad}`);
      }),
    );
  });

  it('points on a line: the 2-D optimal transport equals the 1-D sorted matching, for equal and unequal sizes', () => {
    fc.assert(
      fc.property(sample(1, 6), sample(1, 6), fc.constantFrom(1, 2), fc.double({ min: 0, max: Math.PI, noNaN: true }), (xs, ys, p, angle) => {
        const [c, s] = [Math.cos(angle), Math.sin(angle)];
        const onLine = (zs: number[]) => zs.map((z) => [z * c, z * s]);
        const exact = exactWasserstein(onLine(xs), onLine(ys), p).value;
        expect(Math.abs(exact - sampleWasserstein1d(xs, ys, p))).toBeLessThan(1e-9 * (1 + exact));
      }),
      { numRuns: 100 },
    );
  });

  it('is a metric on clouds: 0 against itself (and against the cloud with every point repeated), symmetric, triangle inequality', () => {
    fc.assert(
      fc.property(cloud(1, 5), cloud(1, 5), cloud(1, 5), (a, b, c) => {
        expect(exactWasserstein(a, a).value).toBe(0);
        expect(exactWasserstein(a, [...a, ...a]).value).toBeLessThan(1e-12);
        const ab = exactWasserstein(a, b).value;
        expect(near(ab, exactWasserstein(b, a).value, 1e-12)).toBe(true);
        expect(exactWasserstein(a, c).value).toBeLessThanOrEqual(ab + exactWasserstein(b, c).value + 1e-9);
      }),
      { numRuns: 100 },
    );
  });

  it('solves 500 points against 500 in well under two seconds', () => {
    const gauss = randomNormal.source(randomLcg(5))(0, 1);
    const pts = () => Array.from({ length: 500 }, () => [gauss(), gauss()]);
    const t = performance.now();
    const w = exactWasserstein(pts(), pts(), 2).value;
    expect(performance.now() - t).toBeLessThan(2000);
    expect(w).toBeGreaterThan(0);
  });

  it('refuses sizes beyond its limit with an InputError that points to the sliced distance', () => {
    const big = Array.from({ length: 601 }, (_, i) => [i, 0]);
    expect(() => exactWasserstein(big, big)).toThrow(/use the sliced distance/);
    expect(() => exactWasserstein([[0, 0]], [[0, 0, 0]])).toThrow(InputError);
  });
});

describe('the sliced Wasserstein distance', () => {
  it('a cloud and its translate by m are exactly |m|/√2 apart in SW₂ (E_θ⟨θ, m⟩² = |m|²/2 over stratified angles), for every seed', () => {
    fc.assert(
      fc.property(cloud(1, 30), value, value, fc.integer({ min: 2, max: 64 }), fc.integer({ min: 0, max: 1e6 }), (a, mx, my, L, seed) => {
        const b = a.map(([x, y]) => [x + mx, y + my]);
        const sw = slicedWasserstein(a, b, { directions: L, seed }).value;
        expect(near(sw, Math.hypot(mx, my) / Math.SQRT2, 1e-9)).toBe(true);
      }),
    );
  });

  it('never exceeds the exact distance: SW_p ≤ W_p (projections are 1-Lipschitz)', () => {
    fc.assert(
      fc.property(cloud(1, 6), cloud(1, 6), fc.constantFrom(1, 2), fc.integer({ min: 0, max: 1000 }), (a, b, p, seed) => {
        const sw = slicedWasserstein(a, b, { p, directions: 16, seed }).value;
        expect(sw).toBeLessThanOrEqual(exactWasserstein(a, b, p).value * (1 + 1e-9) + 1e-12);
      }),
      { numRuns: 100 },
    );
  });

  it('between isotropic Gaussian clouds N(0, σ₁²I) and N(0, σ₂²I) it approaches its exact value |σ₁ − σ₂| (every projection is N(0, σ²); the 2-D W₂ is √2·|σ₁ − σ₂|)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 3, noNaN: true }), fc.double({ min: 0.5, max: 3, noNaN: true }), fc.integer({ min: 0, max: 1e6 }), (s1, s2, seed) => {
        const gauss = randomNormal.source(randomLcg(seed))(0, 1);
        const n = 4000;
        const a = Array.from({ length: n }, () => [s1 * gauss(), s1 * gauss()]);
        const b = Array.from({ length: n }, () => [s2 * gauss(), s2 * gauss()]);
        const { value: sw, standardError } = slicedWasserstein(a, b, { directions: 50, seed });
        // Two independent samples of one law are ≈ 0.03σ apart in W₂ at n = 4000 (the samples' own error): allow 0.1σ.
        expect(Math.abs(sw - Math.abs(s1 - s2))).toBeLessThan(0.1 * Math.max(s1, s2));
        expect(standardError).toBeLessThan(0.05 * Math.max(s1, s2));
      }),
      { numRuns: 6 },
    );
  });

  it('is reproducible: the same seed gives the same value, and works in any dimension', () => {
    const a = [[0, 0, 0], [1, 2, 3], [2, 0, 1]];
    const b = [[1, 1, 1], [0, 2, 2]];
    expect(slicedWasserstein(a, b, { seed: 4 }).value).toBe(slicedWasserstein(a, b, { seed: 4 }).value);
    expect(slicedWasserstein(a, b, { seed: 4, directions: 2000 }).value).toBeLessThanOrEqual(exactWasserstein(a, b).value);
  });
});
