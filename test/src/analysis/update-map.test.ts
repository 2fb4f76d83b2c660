/**
 * The linearized update map of every optimizer, probed from the optimizer itself (src/analysis/update-map.ts), has
 * the spectral radius of the closed forms in ../shared/REFERENCES.md: on f = a·x·y for all step sizes and couplings,
 * and on f = xᵀAy per singular value σ of A (η → ησ), for all shapes of A.
 */
import fc from 'fast-check';
import { SingularValueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { findEquilibria, linearModel, NotLinearizableError, updateMap } from '../../../src/analysis/index.ts';
import type { Game } from '../../../src/game.ts';
import { bilinear, dirac, matrix, quadratic } from '../../../src/games/index.ts';
import { createOptimizer } from '../../../src/optim/index.ts';

const eta = (max = 2) => fc.double({ min: 0.01, max, noNaN: true });
const coupling = fc.oneof(fc.double({ min: 0.2, max: 3, noNaN: true }), fc.double({ min: -3, max: -0.2, noNaN: true }));
const runs = { numRuns: 50 };

/** ρ of `name` with `options` on the linearization of `game` at the origin. */
const rho = (game: Game, name: string, options: Record<string, unknown>, neutral = 0) =>
  updateMap(linearModel(game, new Array(game.players.reduce((s, p) => s + p.coords.length, 0)).fill(0)), createOptimizer(name, options), { neutral }).spectralRadius;

/** |actual − expected| ≤ tol·max(1, expected) (returns nothing, so that a property that ends with it passes). */
function near(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, expected));
}

describe('the probed update map on x·y (f = a·x·y) has the closed-form spectral radius', () => {
  it('simultaneous GDA: ρ = √(1 + η²a²) > 1 for every η', () => {
    fc.assert(fc.property(eta(), coupling, (h, a) => near(rho(bilinear({ a }), 'simgda', { lr: h }), Math.sqrt(1 + h * h * a * a))), runs);
  });

  it('extragradient: ρ = √(1 − η²a² + η⁴a⁴)', () => {
    fc.assert(
      fc.property(eta(), coupling, (h, a) => {
        const s = h * h * a * a;
        near(rho(bilinear({ a }), 'eg', { lr: h }), Math.sqrt(1 - s + s * s));
      }),
      runs,
    );
  });

  it('optimistic GDA (state: z and the previous gradient): ρ = √((1 + √(1 − 4η²a²))/2) for η|a| ≤ ½', () => {
    fc.assert(
      fc.property(eta(0.5), coupling, (h, a) => {
        fc.pre(h * Math.abs(a) <= 0.5);
        const s = h * h * a * a;
        near(rho(bilinear({ a }), 'ogda', { lr: h }), Math.sqrt((1 + Math.sqrt(1 - 4 * s)) / 2), 1e-7);
      }),
      runs,
    );
  });

  it('consensus optimization: ρ = √((1 − ηγa²)² + η²a²)', () => {
    fc.assert(
      fc.property(eta(), coupling, fc.double({ min: 0, max: 3, noNaN: true }), (h, a, gamma) =>
        near(rho(bilinear({ a }), 'consensus', { lr: h, gamma }), Math.hypot(1 - h * gamma * a * a, h * a)),
      ),
      runs,
    );
  });

  it('the proximal point method: ρ = 1/√(1 + η²a²) < 1 for every η, however large', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 100, noNaN: true }), coupling, (h, a) =>
        near(rho(bilinear({ a }), 'proximal', { lr: h }), 1 / Math.sqrt(1 + h * h * a * a)),
      ),
      runs,
    );
  });

  it('alternating GDA: every eigenvalue has |λ| = 1 for η|a| < 2 (bounded, never convergent), and ρ > 1 beyond', () => {
    fc.assert(
      fc.property(eta(4), coupling, fc.constantFrom('min-first', 'max-first'), (h, a, order) => {
        fc.pre(Math.abs(h * Math.abs(a) - 2) > 1e-3);
        const map = updateMap(linearModel(bilinear({ a }), [0, 0]), createOptimizer('altgda', { lr: h, order }));
        if (h * Math.abs(a) < 2) for (const l of map.eigenvalues) near(Math.hypot(l.re, l.im), 1, 1e-12);
        else expect(map.spectralRadius).toBeGreaterThan(1);
      }),
      runs,
    );
  });

  it('simultaneous heavy-ball momentum (state: z and the velocity): ρ > 1 for every β ∈ (−1, 1), the largest root of λ² − (1 + β + iη)λ + β', () => {
    fc.assert(
      fc.property(eta(1), fc.double({ min: -0.95, max: 0.95, noNaN: true }), (h, beta) => {
        const [br, bi] = [1 + beta, h];
        const [dr, di] = [br * br - bi * bi - 4 * beta, 2 * br * bi];
        const m = Math.hypot(dr, di);
        const [sr, si] = [Math.sqrt((m + dr) / 2), Math.sign(di || 1) * Math.sqrt((m - dr) / 2)];
        const root = Math.max(Math.hypot(br + sr, bi + si), Math.hypot(br - sr, bi - si)) / 2;
        const r = rho(bilinear(), 'momentum', { lr: h, beta });
        expect(r).toBeGreaterThan(1);
        near(r, root, 1e-9);
      }),
      runs,
    );
  });

  it('SGA has the spectral radius of consensus with γ = λ (J is antisymmetric on x·y)', () => {
    fc.assert(
      fc.property(eta(), coupling, fc.double({ min: 0, max: 3, noNaN: true }), (h, a, lambda) =>
        near(rho(bilinear({ a }), 'sga', { lr: h, lambda }), rho(bilinear({ a }), 'consensus', { lr: h, gamma: lambda })),
      ),
      runs,
    );
  });

  it('an EMA of the iterates adds its decay as an eigenvalue: ρ = max(ρ of the optimizer, decay)', () => {
    fc.assert(
      fc.property(eta(1.5), fc.double({ min: 0, max: 0.999, noNaN: true }), (h, decay) => {
        const inner = Math.sqrt(1 - h * h + h ** 4);
        near(rho(bilinear(), 'eg', { lr: h, average: 'ema', decay }), Math.max(inner, decay), 1e-9);
      }),
      runs,
    );
  });
});

/**
 * A random m×k matrix, 1 ≤ m, k ≤ 3, with entries in [−2, 2] on a grid of ⅛: its rank is then exact, and its nonzero
 * singular values are far from 0 (a σ of 1e-10 beside one of 1 is a numerical rank question, not this claim).
 */
const entry = fc.integer({ min: -16, max: 16 }).map((v) => v / 8);
const matrices = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
  .chain(([m, k]) => fc.array(fc.array(entry, { minLength: k, maxLength: k }), { minLength: m, maxLength: m }))
  .filter((A) => A.flat().some((v) => Math.abs(v) > 0.1));

/** The nonzero singular values of A (by SVD, independent of the eigenvalues the analysis computes). */
const singularValues = (A: number[][]) => new SingularValueDecomposition(A, { autoTranspose: true }).diagonal.filter((s) => s > 1e-9);

describe('on matrix games f = xᵀAy the spectral radius is the worst of the x·y closed forms over the singular values σ of A (η → ησ)', () => {
  /** ρ(name, options) at the origin of xᵀAy, the subspace of equilibria (null directions of J) set aside. */
  const rhoMatrix = (A: number[][]) => {
    const game = matrix({ A });
    const [eq] = findEquilibria(game, { box: new Array(A.length + A[0].length).fill([-1, 1]) });
    expect(eq.point.every((v) => v === 0)).toBe(true);
    const model = linearModel(game, eq.point, eq.jacobian);
    return (name: string, options: Record<string, unknown>) =>
      updateMap(model, createOptimizer(name, options), { neutral: eq.subspace?.dimension ?? 0 }).spectralRadius;
  };
  const worst = (sigmas: number[], f: (s: number) => number) => Math.max(...sigmas.map(f));

  it('simultaneous GDA, extragradient, consensus and the proximal point method', () => {
    fc.assert(
      fc.property(matrices, eta(0.8), fc.double({ min: 0, max: 2, noNaN: true }), (A, h, gamma) => {
        const sig = singularValues(A);
        const rhoOf = rhoMatrix(A);
        near(rhoOf('simgda', { lr: h }), worst(sig, (s) => Math.sqrt(1 + h * h * s * s)), 1e-9);
        near(rhoOf('eg', { lr: h }), worst(sig, (s) => Math.sqrt(1 - (h * s) ** 2 + (h * s) ** 4)), 1e-9);
        near(rhoOf('consensus', { lr: h, gamma }), worst(sig, (s) => Math.hypot(1 - h * gamma * s * s, h * s)), 1e-9);
        near(rhoOf('proximal', { lr: h }), worst(sig, (s) => 1 / Math.sqrt(1 + h * h * s * s)), 1e-9);
      }),
      { numRuns: 20 },
    );
  });

  it('optimistic GDA for ησ_max ≤ ½', () => {
    fc.assert(
      fc.property(matrices, eta(0.5), (A, h) => {
        const sig = singularValues(A);
        fc.pre(h * Math.max(...sig) <= 0.5);
        near(rhoMatrix(A)('ogda', { lr: h }), worst(sig, (s) => Math.sqrt((1 + Math.sqrt(1 - 4 * h * h * s * s)) / 2)), 1e-6);
      }),
      { numRuns: 20 },
    );
  });
});

describe('what has no linear update map is refused with a reason', () => {
  it('Adam normalizes the gradient: NotLinearizableError naming Adam', () => {
    expect(() => updateMap(linearModel(bilinear(), [0, 0]), createOptimizer('adam'))).toThrow(NotLinearizableError);
    expect(() => updateMap(linearModel(bilinear(), [0, 0]), createOptimizer('adam'))).toThrow(/Adam normalizes the gradient/);
  });

  it('uniform averaging changes with the step count: NotLinearizableError; EMA averaging is fine', () => {
    expect(() => updateMap(linearModel(bilinear(), [0, 0]), createOptimizer('altgda', { average: 'uniform' }))).toThrow(/changes with the step count/);
    expect(updateMap(linearModel(bilinear(), [0, 0]), createOptimizer('altgda', { average: 'ema' })).coordinates).toEqual(['x', 'y', 'average.x', 'average.y']);
  });
});

describe('the packed state and the fixed point', () => {
  it('lists the optimizer’s persistent slots after z: momentum’s velocity, OGDA’s previous gradient; scratch slots are left out', () => {
    const model = linearModel(quadratic(), [0, 0]);
    expect(updateMap(model, createOptimizer('momentum')).coordinates).toEqual(['x', 'y', 'velocity.x', 'velocity.y']);
    expect(updateMap(model, createOptimizer('ogda')).coordinates).toEqual(['x', 'y', 'previous.x', 'previous.y']);
    expect(updateMap(model, createOptimizer('eg')).coordinates).toEqual(['x', 'y']);
  });

  it('every linearizable optimizer keeps the equilibria of x·y and of the R1 Dirac-GAN fixed (offset 0); unrolled steps move off a general-sum equilibrium where ∇ᵧℓ₀ ≠ 0', () => {
    const model = linearModel(dirac({ reg: 'r1', gamma: 0.5, loss: 'gan' }), [0, 0]);
    for (const name of ['simgda', 'altgda', 'eg', 'ogda', 'momentum', 'consensus', 'sga', 'unrolled', 'proximal']) {
      expect(updateMap(linearModel(bilinear(), [0, 0]), createOptimizer(name)).offset).toEqual([0, 0, ...(name === 'momentum' || name === 'ogda' ? [0, 0] : [])]);
      expect(updateMap(model, createOptimizer(name)).offset.every((v) => v === 0)).toBe(true);
    }
    // In the Dirac-GAN ∇_ψ ℓ_θ vanishes at (0, 0); in this general-sum game the min player's loss still slopes in y there.
    const tilted: Game = {
      ...quadratic(),
      zeroSum: false,
      // ℓ₀ = x²/2 + xy + 3y, ℓ₁ = y²/2 − xy: ξ = (x + y, y − x), ∇ᵧℓ₀ = x + 3 ≠ 0 at the equilibrium (0, 0).
      lossGrad([x, y], p, [gx, gy], n) {
        for (let b = 0; b < n; b++) {
          gx[b] = p === 0 ? x[b] + y[b] : -y[b];
          gy[b] = p === 0 ? x[b] + 3 : y[b] - x[b];
        }
      },
    };
    const u = updateMap(linearModel(tilted, [0, 0]), createOptimizer('unrolled', { lr: 0.1, k: 2 }));
    expect(Math.abs(u.offset[0])).toBeGreaterThan(1e-3);
  });
});
