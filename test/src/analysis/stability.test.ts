/**
 * Stable learning rates and stability maps (src/analysis/stability.ts): the intervals of η where an optimizer
 * converges agree with the closed forms of ../shared/REFERENCES.md on x·y, and per singular value on xᵀAy; the maps
 * over two parameters are the closed forms cell by cell.
 */
import fc from 'fast-check';
import { SingularValueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { findEquilibria, linearModel, stabilityMap, stableIntervals, stableLearningRates, updateMap } from '../../../src/analysis/index.ts';
import type { Game } from '../../../src/game.ts';
import { bilinear, dirac, matrix } from '../../../src/games/index.ts';
import { createOptimizer } from '../../../src/optim/index.ts';

const coupling = fc.oneof(fc.double({ min: 0.3, max: 3, noNaN: true }), fc.double({ min: -3, max: -0.3, noNaN: true }));
/** The stable η of `name` with `options` at the origin of `game`, η scanned around 1/ρ(J) = 1/scale. */
const rates = (game: Game, name: string, options: Record<string, unknown> = {}, scale = 1, neutral = 0) =>
  stableLearningRates(linearModel(game, new Array(game.players.reduce((s, p) => s + p.coords.length, 0)).fill(0)), (lr) => createOptimizer(name, { ...options, lr }), { scale, neutral });
function expectIntervals(actual: [number, number][], expected: [number, number][], tol = 1e-12) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach(([lo, hi], k) => {
    expect(Math.abs(lo - expected[k][0])).toBeLessThanOrEqual(tol * Math.max(1, expected[k][0]));
    if (expected[k][1] === Infinity) expect(hi).toBe(Infinity);
    else expect(Math.abs(hi - expected[k][1])).toBeLessThanOrEqual(tol * Math.max(1, expected[k][1]));
  });
}

describe('the stable learning rates on x·y (f = a·x·y)', () => {
  it('extragradient converges exactly for η ∈ (0, 1/|a|)', () => {
    fc.assert(fc.property(coupling, (a) => expectIntervals(rates(bilinear({ a }), 'eg', {}, Math.abs(a)), [[0, 1 / Math.abs(a)]])), { numRuns: 5 });
  });

  it('optimistic GDA converges exactly for η ∈ (0, 1/(√3·|a|))', () => {
    fc.assert(fc.property(coupling, (a) => expectIntervals(rates(bilinear({ a }), 'ogda', {}, Math.abs(a)), [[0, 1 / (Math.sqrt(3) * Math.abs(a))]], 1e-9)), { numRuns: 3 });
  });

  it('consensus with weight γ converges exactly for η ∈ (0, 2γ/(1 + γ²)) (a = 1)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 5, noNaN: true }), (gamma) => expectIntervals(rates(bilinear(), 'consensus', { gamma }), [[0, (2 * gamma) / (1 + gamma * gamma)]])),
      { numRuns: 5 },
    );
  });

  it('simultaneous GDA and alternating GDA (ρ = 1 for η < 2: bounded, not convergent) converge for no η; the proximal point method for every η', () => {
    expect(rates(bilinear(), 'simgda')).toEqual([]);
    expect(rates(bilinear(), 'altgda')).toEqual([]);
    expectIntervals(rates(bilinear(), 'proximal'), [[0, Infinity]]);
  });
});

describe('the stable learning rates on matrix games xᵀAy are those of x·y at the largest singular value (η → ησ_max)', () => {
  const entry = fc.integer({ min: -16, max: 16 }).map((v) => v / 8);
  // Up to 2×2: each scan probes ~300 update maps, of size up to 8×8 for optimistic GDA.
  // "Stable" means ρ < 1 − 1e-9 (stability.ts), and the scan starts at η = 10⁻³/σ_max. A mode with a small
  // singular value σ contracts by only ~(ησ)²/2 per step there: for σ/σ_max below ~0.045 that is under 1e-9, and
  // the reported interval rightly starts later than 0 (that mode needs ~10⁹ steps). So: every nonzero σ at least
  // 0.05·σ_max (zero ones are the neutral subspace of equilibria).
  const sigmas = (A: number[][]) => new SingularValueDecomposition(A, { autoTranspose: true }).diagonal;
  const matrices = fc
    .tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }))
    .chain(([m, k]) => fc.array(fc.array(entry, { minLength: k, maxLength: k }), { minLength: m, maxLength: m }))
    .filter((A) => A.flat().some((v) => v !== 0))
    .filter((A) => sigmas(A).every((v, _, all) => v < 1e-12 || v >= 0.05 * Math.max(...all)));
  const sigmaMax = (A: number[][]) => Math.max(...sigmas(A));
  /** Stable η of `name` at the origin, the subspace of equilibria set aside. */
  const matrixRates = (A: number[][], name: string, options: Record<string, unknown> = {}) => {
    const game = matrix({ A });
    const [eq] = findEquilibria(game);
    return stableLearningRates(linearModel(game, eq.point, eq.jacobian), (lr) => createOptimizer(name, { ...options, lr }), {
      scale: sigmaMax(A),
      neutral: eq.subspace?.dimension ?? 0,
    });
  };

  it('extragradient: (0, 1/σ_max); optimistic GDA: (0, 1/(√3·σ_max)); consensus γ: (0, 2γ/(1 + γ²σ_max²))', () => {
    fc.assert(
      fc.property(matrices, fc.double({ min: 0.1, max: 2, noNaN: true }), (A, gamma) => {
        const s = sigmaMax(A);
        expectIntervals(matrixRates(A, 'eg'), [[0, 1 / s]], 1e-9);
        expectIntervals(matrixRates(A, 'ogda'), [[0, 1 / (Math.sqrt(3) * s)]], 1e-9);
        expectIntervals(matrixRates(A, 'consensus', { gamma }), [[0, (2 * gamma) / (1 + gamma * gamma * s * s)]], 1e-9);
      }),
      { numRuns: 3 },
    );
  });
});

describe('the scan itself', () => {
  it('returns every stable interval, in order, each end where ρ crosses 1: for ρ(η) = 1 + ½·sin η these are (kπ, (k + 1)π) for odd k', () => {
    const found = stableIntervals((eta) => 1 + 0.5 * Math.sin(eta), { from: 0.1, to: 20 });
    expectIntervals(found, [[Math.PI, 2 * Math.PI], [3 * Math.PI, 4 * Math.PI], [5 * Math.PI, 6 * Math.PI]], 1e-12);
  });

  it('reports an interval stable at the smallest η scanned from 0, and one still stable at the largest to Infinity', () => {
    expectIntervals(stableIntervals((eta) => (eta < 2 ? 0.5 : 2), { from: 0.01, to: 100 }), [[0, 2]]);
    expectIntervals(stableIntervals(() => 0.5, { from: 0.01, to: 100 }), [[0, Infinity]]);
    expect(stableIntervals(() => 1, { from: 0.01, to: 100 })).toEqual([]);
  });
});

describe('stability maps over two parameters, as {x, y, rho} with rho[j][i] at (x[i], y[j])', () => {
  const etas = [0.05, 0.2, 0.5, 1, 1.5];
  it('η × γ for consensus on x·y: ρ = √((1 − ηγ)² + η²) in every cell', () => {
    const gammas = [0, 0.3, 1, 2];
    const model = linearModel(bilinear(), [0, 0]);
    const map = stabilityMap(etas, gammas, (lr, gamma) => updateMap(model, createOptimizer('consensus', { lr, gamma })).spectralRadius);
    expect(map.x).toEqual(etas);
    expect(map.y).toEqual(gammas);
    map.rho.forEach((row, j) => row.forEach((r, i) => expect(r).toBeCloseTo(Math.hypot(1 - etas[i] * gammas[j], etas[i]), 12)));
  });

  it('η × β for simultaneous momentum on x·y: every cell is above 1 (momentum never rescues simultaneous play)', () => {
    const betas = [-0.9, -0.5, 0, 0.5, 0.9];
    const model = linearModel(bilinear(), [0, 0]);
    const map = stabilityMap(etas, betas, (lr, beta) => updateMap(model, createOptimizer('momentum', { lr, beta })).spectralRadius);
    expect(map.rho).toHaveLength(betas.length);
    for (const row of map.rho) for (const r of row) expect(r).toBeGreaterThan(1);
  });

  it('η × the R1 weight γ of the Dirac-GAN under simultaneous GDA: ρ = max |1 + ημ| over the eigenvalues μ = −γ/2 ± √(γ²/4 − ¼) of −J (to √ε at the critical γ = 1, where μ is a defective double root)', () => {
    const gammas = [0.1, 0.5, 1, 2];
    const map = stabilityMap(etas, gammas, (lr, gamma) => updateMap(linearModel(dirac({ reg: 'r1', gamma }), [0, 0]), createOptimizer('simgda', { lr })).spectralRadius);
    map.rho.forEach((row, j) =>
      row.forEach((r, i) => {
        const [g, h] = [gammas[j], etas[i]];
        const disc = (g * g) / 4 - 0.25;
        const mus = disc >= 0 ? [[-g / 2 + Math.sqrt(disc), 0], [-g / 2 - Math.sqrt(disc), 0]] : [[-g / 2, Math.sqrt(-disc)], [-g / 2, -Math.sqrt(-disc)]];
        expect(r).toBeCloseTo(Math.max(...mus.map(([re, im]) => Math.hypot(1 + h * re, h * im))), g === 1 ? 7 : 12);
      }),
    );
  });
});
