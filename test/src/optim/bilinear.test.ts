/**
 * The closed forms of ../shared/REFERENCES.md for the bilinear game f = a·x·y, each stated for all step sizes,
 * couplings and starts. Convention: x minimizes, y maximizes, ξ = (a·y, −a·x).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bilinear, matrix } from '../../../src/games/index.ts';
import { createOptimizer } from '../../../src/optim/index.ts';
import { close, iterates, norm, runs } from '../../helpers.ts';

const eta = (max = 2) => fc.double({ min: 0.01, max, noNaN: true });
const coupling = fc.oneof(fc.double({ min: 0.2, max: 3, noNaN: true }), fc.double({ min: -3, max: -0.2, noNaN: true }));
const start = fc
  .tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true }))
  .filter(([x, y]) => Math.hypot(x, y) > 1e-3);

/** Every per-step ratio ‖z_{t+1}‖/‖z_t‖ along a run equals `factor` to 1e-12. */
function expectFactor(zs: number[][], factor: number) {
  for (let t = 0; t + 1 < zs.length; t++) expect(norm(zs[t + 1]) / norm(zs[t])).toBeCloseTo(factor, 11);
}

describe('bilinear game f = a·x·y', () => {
  it('simultaneous GDA multiplies ‖z‖ by exactly √(1 + η²a²) every step, from every start: it never converges', () => {
    fc.assert(
      fc.property(eta(), coupling, start, (h, a, z0) => {
        expectFactor(iterates(bilinear({ a }), createOptimizer('simgda', { lr: h }), z0, 20), Math.sqrt(1 + h * h * a * a));
      }),
      runs,
    );
  });

  const stable = fc.tuple(eta(1.9), coupling).filter(([h, a]) => h * Math.abs(a) < 1.9);

  it('alternating GDA with x first conserves Q = x² + y² − ηa·xy exactly', () => {
    fc.assert(
      fc.property(stable, start, ([h, a], z0) => {
        const Q = ([x, y]: number[]) => x * x + y * y - h * a * x * y;
        const zs = iterates(bilinear({ a }), createOptimizer('altgda', { lr: h }), z0, 50);
        for (const z of zs) expect(close(Q(z), Q(z0), 1e-11)).toBe(true);
      }),
      runs,
    );
  });

  it('alternating GDA with y first conserves Q = x² + y² + ηa·xy exactly', () => {
    fc.assert(
      fc.property(stable, start, ([h, a], z0) => {
        const Q = ([x, y]: number[]) => x * x + y * y + h * a * x * y;
        const zs = iterates(bilinear({ a }), createOptimizer('altgda', { lr: h, order: 'max-first' }), z0, 50);
        for (const z of zs) expect(close(Q(z), Q(z0), 1e-11)).toBe(true);
      }),
      runs,
    );
  });

  it('alternating GDA stays bounded for η·|a| < 2 and does not converge (its orbit keeps ‖z‖ within √((2+η|a|)/(2−η|a|)) of the start)', () => {
    fc.assert(
      fc.property(eta(1.9), coupling.filter((a) => Math.abs(a) <= 1), start, (h, a, z0) => {
        const k = Math.sqrt((2 + h * Math.abs(a)) / (2 - h * Math.abs(a)));
        for (const z of iterates(bilinear({ a }), createOptimizer('altgda', { lr: h }), z0, 300)) {
          expect(norm(z)).toBeLessThanOrEqual(k * norm(z0) * (1 + 1e-9));
          expect(norm(z)).toBeGreaterThanOrEqual((norm(z0) / k) * (1 - 1e-9));
        }
      }),
      runs,
    );
  });

  it('alternating GDA diverges for η·|a| > 2: from (1, 0) the norm grows without bound', () => {
    fc.assert(
      fc.property(fc.double({ min: 2.05, max: 6, noNaN: true }), (h) => {
        const zs = iterates(bilinear(), createOptimizer('altgda', { lr: h }), [1, 0], 200);
        expect(norm(zs[200])).toBeGreaterThan(1e3);
      }),
      runs,
    );
  });

  it('extragradient multiplies ‖z‖ by exactly √(1 − η²a² + η⁴a⁴): it converges iff η|a| < 1', () => {
    fc.assert(
      fc.property(eta(), coupling, start, (h, a, z0) => {
        const s = h * h * a * a;
        expectFactor(iterates(bilinear({ a }), createOptimizer('eg', { lr: h }), z0, 20), Math.sqrt(1 - s + s * s));
      }),
      runs,
    );
  });

  it('optimistic GDA contracts at the rate √((1 + √(1 − 4η²))/2) for η ≤ ½ (the spectral radius of its map)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 0.45, noNaN: true }), start, (h, z0) => {
        const rho = Math.sqrt((1 + Math.sqrt(1 - 4 * h * h)) / 2);
        const zs = iterates(bilinear(), createOptimizer('ogda', { lr: h }), z0, 400);
        const rate = Math.pow(norm(zs[400]) / norm(zs[350]), 1 / 50);
        expect(rate).toBeCloseTo(rho, 9);
      }),
      runs,
    );
  });

  it('optimistic GDA converges iff η < 1/√3: its rate for η > ½ is |1 + i(2η + √(4η² − 1))|/2', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.52, max: 0.9, noNaN: true }), start, (h, z0) => {
        const rho = Math.hypot(1, 2 * h + Math.sqrt(4 * h * h - 1)) / 2;
        const zs = iterates(bilinear(), createOptimizer('ogda', { lr: h }), z0, 300);
        const rate = Math.pow(norm(zs[300]) / norm(zs[250]), 1 / 50);
        expect(rate).toBeCloseTo(rho, 6);
        expect(rate < 1).toBe(h < 1 / Math.sqrt(3));
      }),
      runs,
    );
  });

  it('consensus optimization multiplies ‖z‖ by exactly √((1 − ηγa²)² + η²a²): it converges iff η < 2γ/(1 + γ²) (a = 1)', () => {
    fc.assert(
      fc.property(eta(), coupling, fc.double({ min: 0, max: 3, noNaN: true }), start, (h, a, gamma, z0) => {
        const zs = iterates(bilinear({ a }), createOptimizer('consensus', { lr: h, gamma }), z0, 20);
        expectFactor(zs, Math.hypot(1 - h * gamma * a * a, h * a));
        if (a === 1) expect(Math.hypot(1 - h * gamma, h) < 1).toBe(h < (2 * gamma) / (1 + gamma * gamma));
      }),
      runs,
    );
  });

  it('SGA equals consensus with γ = λ on every bilinear game xᵀAy (J is antisymmetric there)', () => {
    const mat = fc.integer({ min: 1, max: 4 }).chain((m) =>
      fc.integer({ min: 1, max: 4 }).chain((k) =>
        fc.tuple(
          fc.array(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: k, maxLength: k }), { minLength: m, maxLength: m }),
          fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: m + k, maxLength: m + k }),
        ),
      ),
    );
    fc.assert(
      fc.property(mat, fc.double({ min: 0.01, max: 0.5, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), ([A, z0], h, lambda) => {
        const game = matrix({ A });
        const a = iterates(game, createOptimizer('sga', { lr: h, lambda }), z0, 10);
        const b = iterates(game, createOptimizer('consensus', { lr: h, gamma: lambda }), z0, 10);
        a.forEach((z, t) => z.forEach((v, i) => expect(close(v, b[t][i], 1e-12)).toBe(true)));
      }),
      runs,
    );
  });

  it('the proximal point method contracts ‖z‖ by exactly 1/√(1 + η²a²) for every η, however large', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 50, noNaN: true }), coupling, start, (h, a, z0) => {
        expectFactor(iterates(bilinear({ a }), createOptimizer('proximal', { lr: h }), z0, 10), 1 / Math.sqrt(1 + h * h * a * a));
      }),
      runs,
    );
  });

  it('simultaneous heavy-ball momentum never converges on x·y: its rate is the largest root of λ² − (1 + β + iη)λ + β, always > 1', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 1, noNaN: true }), fc.double({ min: -0.9, max: 0.9, noNaN: true }), start, (h, beta, z0) => {
        // Roots of λ² − (1 + β + iη)λ + β in complex arithmetic: b = 1 + β + iη, disc = b² − 4β.
        const [br, bi] = [1 + beta, h];
        const [dr, di] = [br * br - bi * bi - 4 * beta, 2 * br * bi];
        const m = Math.hypot(dr, di);
        const [sr, si] = [Math.sqrt((m + dr) / 2), Math.sign(di || 1) * Math.sqrt((m - dr) / 2)];
        const rho = Math.max(Math.hypot(br + sr, bi + si), Math.hypot(br - sr, bi - si)) / 2;
        expect(rho).toBeGreaterThan(1);
        const zs = iterates(bilinear(), createOptimizer('momentum', { lr: h, beta }), z0, 400);
        const rate = Math.pow(norm(zs[400]) / norm(zs[300]), 1 / 100);
        expect(rate).toBeCloseTo(rho, 5);
      }),
      runs,
    );
  });

  it('alternating GDA with negative momentum converges on x·y (Gidel et al. 2019): for η ∈ [0.3, 0.7], β ∈ [−0.5, −0.1], ‖z‖ shrinks by 1e3 in 2,000 steps', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.3, max: 0.7, noNaN: true }), fc.double({ min: -0.5, max: -0.1, noNaN: true }), start, (h, beta, z0) => {
        const zs = iterates(bilinear(), createOptimizer('momentum', { lr: h, beta, alternating: true }), z0, 2000);
        expect(norm(zs[2000])).toBeLessThan(1e-3 * norm(z0));
      }),
      { numRuns: 50 },
    );
  });

  it('the uniform average of alternating GDA goes to the equilibrium like 1/(ηT): ‖z̄_T‖ ≤ (1 + 1/η)(1 + K)‖z₀‖/(T + 1), K = √((2 + η)/(2 − η))', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 1.5, noNaN: true }), fc.integer({ min: 10, max: 400 }), start, (h, T, z0) => {
        const zs = iterates(bilinear(), createOptimizer('altgda', { lr: h, average: 'uniform' }), z0, T);
        const K = Math.sqrt((2 + h) / (2 - h));
        expect(norm(zs[T])).toBeLessThanOrEqual(((1 + 1 / h) * (1 + K) * norm(z0)) / (T + 1));
      }),
      runs,
    );
  });

  it('per-player learning rates: simultaneous GDA with (η₁, η₂) is x′ = x − η₁·a·y, y′ = y + η₂·a·x', () => {
    fc.assert(
      fc.property(eta(), eta(), coupling, start, (h1, h2, a, [x, y]) => {
        const [, z1] = iterates(bilinear({ a }), createOptimizer('simgda', { lr: [h1, h2] }), [x, y], 1);
        expect(z1[0]).toBe(x - h1 * (a * y));
        expect(z1[1]).toBe(y - h2 * (-a * x));
      }),
      runs,
    );
  });
});
