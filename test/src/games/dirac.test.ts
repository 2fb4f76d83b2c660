/**
 * The Dirac-GAN claims of Mescheder, Geiger & Nowozin 2018 (../shared/REFERENCES.md), for all step sizes, starts
 * and regularizer weights. The paper's field is v = −ξ; its Jacobian at the equilibrium (0, 0) is J_v = −J_ξ.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packPoints } from '../../../src/game.ts';
import { dirac } from '../../../src/games/index.ts';
import { createOptimizer, optimizers } from '../../../src/optim/index.ts';
import { close, iterates, norm, runs } from '../../helpers.ts';

/** Eigenvalues of the paper's J_v = −J_ξ at (0, 0), as [re, im] pairs sorted by imaginary then real part. */
function eigenvaluesAtEquilibrium(params: Record<string, unknown>): [number, number][] {
  const game = dirac(params);
  const J = new Float64Array(4);
  game.jacobian(packPoints(game, [[0, 0]]), J, 1);
  const [a, b, c, d] = [-J[0], -J[1], -J[2], -J[3]];
  const tr = a + d;
  const disc = (tr * tr) / 4 - (a * d - b * c);
  const s = Math.sqrt(Math.abs(disc));
  return disc >= 0 ? [[tr / 2 - s, 0], [tr / 2 + s, 0]] : [[tr / 2, -s], [tr / 2, s]];
}
/** The closed form λ = p ± √(p² − q²) as sorted [re, im] pairs. */
function roots(p: number, q: number): [number, number][] {
  const disc = p * p - q * q;
  const s = Math.sqrt(Math.abs(disc));
  return disc >= 0 ? [[p - s, 0], [p + s, 0]] : [[p, -s], [p, s]];
}
function expectEigen(actual: [number, number][], expected: [number, number][]) {
  actual.forEach(([re, im], i) => {
    expect(re).toBeCloseTo(expected[i][0], 9);
    expect(im).toBeCloseTo(expected[i][1], 9);
  });
}
const fPrime0 = { gan: 0.5, wgan: 1 };
const fSecond0 = -0.25;
const start = fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }));

describe('the Dirac-GAN', () => {
  it.each(['gan', 'wgan'] as const)('with the %s loss has eigenvalues ±f′(0)·i at the equilibrium: a center', (loss) => {
    expectEigen(eigenvaluesAtEquilibrium({ loss }), [[0, -fPrime0[loss]], [0, fPrime0[loss]]]);
  });

  it.each(['gan', 'wgan'] as const)('under simultaneous GD with the %s loss: ‖z′‖² = ‖z‖²·(1 + h²f′(θψ)²) exactly, so it never converges', (loss) => {
    const fp = loss === 'gan' ? (t: number) => 1 / (1 + Math.exp(t)) : () => 1;
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1, noNaN: true }), start, (h, z0) => {
        const zs = iterates(dirac({ loss }), createOptimizer('simgda', { lr: h }), z0, 10);
        for (let t = 0; t < 10; t++) {
          const [th, ps] = zs[t];
          const expected = (th * th + ps * ps) * (1 + h * h * fp(th * ps) ** 2);
          expect(close(norm(zs[t + 1]) ** 2, expected, 1e-12)).toBe(true);
        }
      }),
      runs,
    );
  });

  it('under alternating GD with n_g, n_d steps (WGAN, where the game is linear) the map has determinant 1 and conserves n_d·θ² + n_g·ψ² − n_g·n_d·h·θψ: it cycles for α = √(n_g n_d)·h ≤ 2', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.double({ min: 0.01, max: 1, noNaN: true }), start, (ng, nd, u, z0) => {
        const h = (u * 1.95) / Math.sqrt(ng * nd);
        const Q = ([th, ps]: number[]) => nd * th * th + ng * ps * ps - ng * nd * h * th * ps;
        const zs = iterates(dirac({ loss: 'wgan' }), createOptimizer('altgda', { lr: h, ng, nd }), z0, 100);
        for (const z of zs) expect(close(Q(z), Q(z0), 1e-10)).toBe(true);
      }),
      runs,
    );
  });

  it('with instance noise σ has eigenvalues f″(0)σ² ± √(f″(0)²σ⁴ − f′(0)²) at the equilibrium (the expected field, by quadrature)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 3, noNaN: true }), (sigma) => {
        expectEigen(eigenvaluesAtEquilibrium({ reg: 'instance-noise', sigma }), roots(fSecond0 * sigma * sigma, fPrime0.gan));
      }),
      runs,
    );
  });

  it.each(['r1', 'r2'])('with the %s penalty (γ/2)ψ² has eigenvalues −γ/2 ± √(γ²/4 − f′(0)²): stable for every γ > 0, critical at γ = 2f′(0)', (reg) => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 5, noNaN: true }), fc.constantFrom('gan', 'wgan') as fc.Arbitrary<'gan' | 'wgan'>, (gamma, loss) => {
        expectEigen(eigenvaluesAtEquilibrium({ loss, reg, gamma }), roots(-gamma / 2, fPrime0[loss]));
      }),
      runs,
    );
  });

  it('with consensus optimization γ has eigenvalues −γf′(0)² ± f′(0)·i', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 5, noNaN: true }), fc.constantFrom('gan', 'wgan') as fc.Arbitrary<'gan' | 'wgan'>, (gamma, loss) => {
        const fp = fPrime0[loss];
        const [[re0, im0], [re1, im1]] = eigenvaluesAtEquilibrium({ loss, reg: 'consensus', gamma });
        // The consensus Jacobian is taken by central differences: agreement to ~1e-8.
        expect(re0).toBeCloseTo(-gamma * fp * fp, 7);
        expect(re1).toBeCloseTo(-gamma * fp * fp, 7);
        expect(im0).toBeCloseTo(-fp, 7);
        expect(im1).toBeCloseTo(fp, 7);
      }),
      runs,
    );
  });

  it('with weight clipping keeps |ψ| ≤ clip after every step of every optimizer', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(optimizers)), fc.double({ min: 0.05, max: 2, noNaN: true }), start, (name, clip, z0) => {
        const zs = iterates(dirac({ loss: 'wgan-clip', clip }), createOptimizer(name, { lr: 0.2 }), z0, 30);
        for (const [, psi] of zs.slice(1)) expect(Math.abs(psi)).toBeLessThanOrEqual(clip);
      }),
      runs,
    );
  });

  it('the paper’s figure: from (1, 1) with h = 0.2 for 500 steps, simultaneous GD spirals out, R1 (γ = 1) and instance noise (σ = 1) converge', () => {
    const run = (params: Record<string, unknown>) => norm(iterates(dirac(params), createOptimizer('simgda', { lr: 0.2 }), [1, 1], 500)[500]);
    expect(run({})).toBeGreaterThan(Math.SQRT2);
    expect(run({ reg: 'r1', gamma: 1 })).toBeLessThan(1e-6);
    expect(run({ reg: 'instance-noise', sigma: 1 })).toBeLessThan(1e-3);
  });
});
