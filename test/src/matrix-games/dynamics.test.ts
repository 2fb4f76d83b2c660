/**
 * The learning dynamics of matrix games, stated as the theorems of ../shared/REFERENCES.md (Matrix games): play
 * stays on the simplices; the replicator flow conserves H = KL(x*‖x) + KL(y*‖y) in zero-sum games with an interior
 * equilibrium, to the accuracy of the integrator; Hedge with a constant step strictly increases H (Bailey &
 * Piliouras 2018) while optimistic Hedge converges (Daskalakis & Panageas 2019); fictitious play's frequencies
 * approach the equilibrium (Robinson 1951) at about t^(−1/2); regret matching's averages obey the Blackwell bound.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flowStats } from '../../../src/flow/index.ts';
import { allocBatch } from '../../../src/game.ts';
import {
  bimatrixGame,
  createLearning,
  dualityGap,
  klDivergence,
  learn,
  learningDynamics,
  replicatorGame,
  simplexViolation,
  type BimatrixGame,
} from '../../../src/matrix-games/index.ts';
import { generalGame, interior2x2, mixed, zeroSumGame } from './arbitraries.ts';

const matchingPennies = bimatrixGame([
  [1, -1],
  [-1, 1],
]);
const half = [0.5, 0.5];
const probability = fc.double({ min: 0.05, max: 0.95, noNaN: true });
/** H = KL(x*‖x) + KL(y*‖y). */
const divergence = (xs: number[], ys: number[]) => (x: number[], y: number[]) => klDivergence(xs, x) + klDivergence(ys, y);
/** max − min payoff of A: the width Δ of the payoff range. */
const width = (g: BimatrixGame) => Math.max(...g.A.flat()) - Math.min(...g.A.flat()) || 1;

describe('every dynamics keeps play on the simplices', () => {
  const settings: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
    replicator: fc.oneof(
      fc.record({ integrator: fc.constant('rk45'), dt: fc.double({ min: 0.01, max: 0.5, noNaN: true }) }),
      fc.record({ integrator: fc.constant('implicit-midpoint'), dt: fc.double({ min: 0.001, max: 0.01, noNaN: true }) }),
    ),
    mwu: fc.record({ lr: fc.double({ min: 0.01, max: 2, noNaN: true }) }),
    omwu: fc.record({ lr: fc.double({ min: 0.01, max: 2, noNaN: true }) }),
    fictitious: fc.record({ seed: fc.nat(1000) }),
    'regret-matching': fc.record({ seed: fc.nat(1000), sampled: fc.boolean() }),
  };
  for (const name of Object.keys(learningDynamics)) {
    it(`${name}: every point of a batch of 4 starts stays within 1e-9 of Δₘ × Δₖ for 50 steps, on random games`, () => {
      fc.assert(
        fc.property(
          generalGame(4, 2).chain((g) => fc.tuple(fc.constant(g), fc.array(fc.tuple(mixed(g.m), mixed(g.k)), { minLength: 4, maxLength: 4 }), settings[name])),
          ([g, starts, options]) => {
            const n = starts.length;
            const z = [new Float64Array(g.m * n), new Float64Array(g.k * n)];
            starts.forEach(([x, y], b) => {
              x.forEach((v, i) => (z[0][i * n + b] = v));
              y.forEach((v, j) => (z[1][j * n + b] = v));
            });
            const d = createLearning(name, g, n, options);
            for (let s = 0; s < 50; s++) {
              d.step(z);
              const [x, y] = d.readout ? d.readout(z) : z;
              for (let b = 0; b < n; b++) {
                expect(simplexViolation(Array.from({ length: g.m }, (_, i) => x[i * n + b]))).toBeLessThanOrEqual(1e-9);
                expect(simplexViolation(Array.from({ length: g.k }, (_, j) => y[j * n + b]))).toBeLessThanOrEqual(1e-9);
              }
            }
          },
        ),
        { numRuns: 15 },
      );
    });
  }

  it('a batch gives each point the numbers it gets alone (mwu, omwu, replicator, regret matching)', () => {
    fc.assert(
      fc.property(generalGame(3, 2).chain((g) => fc.tuple(fc.constant(g), fc.array(fc.tuple(mixed(g.m), mixed(g.k)), { minLength: 3, maxLength: 3 }))), ([g, starts]) => {
        for (const [name, options] of [['mwu', { lr: 0.3 }], ['omwu', { lr: 0.3 }], ['replicator', { integrator: 'rk4', dt: 0.05 }], ['regret-matching', {}]] as const) {
          const n = starts.length;
          const z = [new Float64Array(g.m * n), new Float64Array(g.k * n)];
          starts.forEach(([x, y], b) => (x.forEach((v, i) => (z[0][i * n + b] = v)), y.forEach((v, j) => (z[1][j * n + b] = v))));
          const batch = createLearning(name, g, n, options);
          for (let s = 0; s < 20; s++) batch.step(z);
          const [bx] = batch.readout ? batch.readout(z) : z;
          starts.forEach(([x, y], b) => {
            const alone = learn(g, createLearning(name, g, 1, options), x, y, { steps: 20 });
            alone.x.forEach((v, i) => expect(bx[i * n + b]).toBe(v));
          });
        }
      }),
      { numRuns: 20 },
    );
  });
});

describe('the replicator dynamics as a Game for the integrators', () => {
  it('its Jacobian is the derivative of its field (central differences agree to 1e-6), on random games and points', () => {
    fc.assert(
      fc.property(generalGame(3, 2).chain((g) => fc.tuple(fc.constant(g), mixed(g.m), mixed(g.k))), ([g, x, y]) => {
        const game = replicatorGame(g);
        const d = g.m + g.k;
        const point = [...x, ...y];
        const field = (p: number[]) => {
          const out = allocBatch(game, 1);
          game.field([Float64Array.from(p.slice(0, g.m)), Float64Array.from(p.slice(g.m))], out, 1);
          return [...out[0], ...out[1]];
        };
        const J = new Float64Array(d * d);
        game.jacobian([Float64Array.from(x), Float64Array.from(y)], J, 1);
        const h = 1e-6;
        for (let c = 0; c < d; c++) {
          const up = point.slice();
          const down = point.slice();
          up[c] += h;
          down[c] -= h;
          const fu = field(up);
          const fd = field(down);
          for (let r = 0; r < d; r++) expect(Math.abs(J[r * d + c] - (fu[r] - fd[r]) / (2 * h))).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(J[r * d + c])));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('each player’s total probability is a first integral: the field sums to 0 over each player, on and off the simplex', () => {
    fc.assert(
      fc.property(generalGame(4, 2).chain((g) => fc.tuple(fc.constant(g), fc.array(probability, { minLength: g.m + g.k, maxLength: g.m + g.k }))), ([g, p]) => {
        const game = replicatorGame(g);
        const out = allocBatch(game, 1);
        game.field([Float64Array.from(p.slice(0, g.m)), Float64Array.from(p.slice(g.m))], out, 1);
        for (const block of out) expect(Math.abs(block.reduce((a, b) => a + b, 0))).toBeLessThanOrEqual(1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('runs through src/flow: the implicit midpoint rule solves its steps with the Jacobian', () => {
    const d = createLearning('replicator', matchingPennies, 1, { integrator: 'implicit-midpoint', dt: 0.1 });
    learn(matchingPennies, d, [0.8, 0.2], [0.6, 0.4], { steps: 10 });
    const stats = flowStats(d);
    expect(stats.implicitSolves).toBe(10);
    expect(stats.jacobianEvaluations).toBeGreaterThanOrEqual(10);
  });
});

describe('replicator dynamics conserve H = KL(x*‖x) + KL(y*‖y) in zero-sum games with an interior equilibrium', () => {
  it('matching pennies, rk45 at rtol 1e-10: H stays within 1e-7 of its start for t ≤ 20, from every interior start', () => {
    fc.assert(
      fc.property(probability, probability, (p, q) => {
        const H = divergence(half, half);
        const d = createLearning('replicator', matchingPennies, 1, { integrator: 'rk45', dt: 0.5, rtol: 1e-10, atol: 1e-12 });
        const r = learn(matchingPennies, d, [p, 1 - p], [q, 1 - q], { steps: 40, every: 1 });
        const h0 = H([p, 1 - p], [q, 1 - q]);
        for (const f of r.trajectory!) expect(Math.abs(H(f.x, f.y) - h0)).toBeLessThanOrEqual(1e-7);
      }),
      { numRuns: 20 },
    );
  });

  // The error control is relative to the strategies, and H reads them through logarithms: near the boundary (H₀ ≈ 3
  // for a start at 0.91 against x* = 0.22) the same relative error moves H more, so the bound is relative to 1 + H₀.
  it('random 2×2 zero-sum games with an interior equilibrium, rk45 at rtol 1e-10: |ΔH| ≤ 1e-7·(1 + H₀) for t ≤ 20', () => {
    fc.assert(
      fc.property(interior2x2, probability, probability, ({ game, x: xs, y: ys }, p, q) => {
        const H = divergence(xs, ys);
        const d = createLearning('replicator', game, 1, { integrator: 'rk45', dt: 0.5, rtol: 1e-10, atol: 1e-12 });
        const r = learn(game, d, [p, 1 - p], [q, 1 - q], { steps: 40, every: 1 });
        const h0 = H([p, 1 - p], [q, 1 - q]);
        for (const f of r.trajectory!) expect(Math.abs(H(f.x, f.y) - h0)).toBeLessThanOrEqual(1e-7 * (1 + h0));
      }),
      { numRuns: 15 },
    );
  });

  it('implicit midpoint (order 2): |ΔH| ≤ 5h²(1 + H₀) for t ≤ 20, and halving h divides the drift by 4 (3.5 to 4.5)', () => {
    fc.assert(
      fc.property(interior2x2, probability, probability, ({ game, x: xs, y: ys }, p, q) => {
        // At the equilibrium itself H = 0 stays 0 and there is no drift to compare.
        fc.pre(Math.abs(p - xs[0]) + Math.abs(q - ys[0]) > 0.05);
        const H = divergence(xs, ys);
        const h0 = H([p, 1 - p], [q, 1 - q]);
        const drift = (h: number) => {
          const d = createLearning('replicator', game, 1, { integrator: 'implicit-midpoint', dt: h });
          const r = learn(game, d, [p, 1 - p], [q, 1 - q], { steps: Math.round(20 / h), every: Math.round(0.5 / h) });
          return Math.max(...r.trajectory!.map((f) => Math.abs(H(f.x, f.y) - h0)));
        };
        const coarse = drift(0.02);
        const fine = drift(0.01);
        expect(coarse).toBeLessThanOrEqual(5 * 0.02 ** 2 * (1 + h0));
        expect(fine).toBeLessThanOrEqual(5 * 0.01 ** 2 * (1 + h0));
        expect(coarse / fine).toBeGreaterThan(3.5);
        expect(coarse / fine).toBeLessThan(4.5);
      }),
      { numRuns: 8 },
    );
  });
});

describe('multiplicative weights: Hedge moves away, optimistic Hedge converges', () => {
  it('Hedge with a constant step strictly increases H at every step (Bailey & Piliouras 2018), random 2×2 games, starts, η', () => {
    fc.assert(
      fc.property(interior2x2, probability, probability, fc.double({ min: 0.01, max: 0.5, noNaN: true }), ({ game, x: xs, y: ys }, p, q, eta) => {
        fc.pre(Math.abs(p - xs[0]) + Math.abs(q - ys[0]) > 0.05);
        const H = divergence(xs, ys);
        const r = learn(game, createLearning('mwu', game, 1, { lr: eta }), [p, 1 - p], [q, 1 - q], { steps: 50, every: 1 });
        const hs = r.trajectory!.map((f) => H(f.x, f.y));
        for (let t = 1; t < hs.length; t++) expect(hs[t]).toBeGreaterThan(hs[t - 1]);
      }),
      { numRuns: 60 },
    );
  });

  it('in matching pennies Hedge drifts to the boundary: from any interior start some probability falls below 1e-3', () => {
    fc.assert(
      fc.property(probability, probability, (p, q) => {
        const r = learn(matchingPennies, createLearning('mwu', matchingPennies, 1, { lr: 0.1 }), [p, 1 - p], [q, 1 - q], { steps: 3000, every: 10 });
        expect(Math.min(...r.trajectory!.flatMap((f) => [...f.x, ...f.y]))).toBeLessThan(1e-3);
      }),
      { numRuns: 10 },
    );
  });

  it('optimistic Hedge (η·max|A| = 0.3) converges to the equilibrium: 10× closer from step 1000 to 5000, within 1e-4, random 2×2 games', () => {
    fc.assert(
      fc.property(interior2x2, probability, probability, ({ game, x: xs, y: ys }, p, q) => {
        const lr = 0.3 / Math.max(...game.A.flat().map(Math.abs));
        const r = learn(game, createLearning('omwu', game, 1, { lr }), [p, 1 - p], [q, 1 - q], { steps: 5000, every: 1000 });
        const distance = (t: number) => {
          const f = r.trajectory!.find((s) => s.step === t)!;
          return Math.abs(f.x[0] - xs[0]) + Math.abs(f.y[0] - ys[0]);
        };
        expect(distance(5000)).toBeLessThanOrEqual(1e-4);
        expect(distance(5000)).toBeLessThanOrEqual(distance(1000) / 10 + 1e-15);
      }),
      { numRuns: 20 },
    );
  });

  it('optimistic Hedge reaches uniform play in rock–paper–scissors (η = 0.3): duality gap below 1e-9 after 3000 steps', () => {
    const rps = bimatrixGame([
      [0, -1, 1],
      [1, 0, -1],
      [-1, 1, 0],
    ]);
    fc.assert(
      fc.property(mixed(3, 0.05), mixed(3, 0.05), (x0, y0) => {
        const r = learn(rps, createLearning('omwu', rps, 1, { lr: 0.3 }), x0, y0, { steps: 3000 });
        expect(r.gap).toBeLessThanOrEqual(1e-9);
      }),
      { numRuns: 10 },
    );
  });
});

describe('fictitious play approaches the equilibria of zero-sum games (Robinson 1951)', () => {
  it('the duality gap of the empirical frequencies falls from t = 100 to t = 10⁴, to at most 2Δ/√t, on random zero-sum games', () => {
    fc.assert(
      fc.property(zeroSumGame(4, 2), fc.nat(1000), (g, seed) => {
        const r = learn(g, createLearning('fictitious', g, 1, { seed }), Array(g.m).fill(1 / g.m), Array(g.k).fill(1 / g.k), { steps: 10_000, every: 100 });
        const at = (t: number) => r.trajectory!.find((f) => f.step === t)!;
        const gap = (t: number) => dualityGap(g, at(t).x, at(t).y);
        expect(gap(10_000)).toBeLessThan(gap(100) + 1e-12);
        expect(gap(10_000)).toBeLessThanOrEqual((2 * width(g)) / Math.sqrt(10_000));
      }),
      { numRuns: 12 },
    );
  });

  it('in matching pennies the gap decays like t^(−1/2): the log-log slope from t = 10² to 10⁴ is between −0.7 and −0.3', () => {
    const r = learn(matchingPennies, createLearning('fictitious', matchingPennies, 1, { seed: 1 }), [1, 0], [0, 1], { steps: 10_000, every: 100 });
    const gap = (t: number) => {
      const f = r.trajectory!.find((s) => s.step === t)!;
      return dualityGap(matchingPennies, f.x, f.y);
    };
    const slope = Math.log(gap(10_000) / gap(100)) / Math.log(100);
    expect(slope).toBeGreaterThan(-0.7);
    expect(slope).toBeLessThan(-0.3);
  });

  it('ties are broken by the seed: the same seed gives the same frequencies, and from uniform play seeds differ', () => {
    const run = (seed: number) => learn(matchingPennies, createLearning('fictitious', matchingPennies, 1, { seed }), half, half, { steps: 50 });
    expect(run(7)).toEqual(run(7));
    const finals = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((s) => run(s).x.join(',')));
    expect(finals.size).toBeGreaterThan(1);
  });
});

describe('regret matching (Hart & Mas-Colell 2000): the averages approach the equilibria of zero-sum games', () => {
  it('the duality gap of the average strategies is at most Δ(√m + √k)/√T at every T ≤ 1000, on random zero-sum games', () => {
    fc.assert(
      fc.property(zeroSumGame(4, 2).chain((g) => fc.tuple(fc.constant(g), mixed(g.m), mixed(g.k))), ([g, x0, y0]) => {
        const r = learn(g, createLearning('regret-matching', g, 1), x0, y0, { steps: 1000, every: 1 });
        const bound = width(g) * (Math.sqrt(g.m) + Math.sqrt(g.k));
        for (const f of r.trajectory!.slice(1)) expect(dualityGap(g, f.x, f.y)).toBeLessThanOrEqual(bound / Math.sqrt(f.step) + 1e-12);
      }),
      { numRuns: 12 },
    );
  });

  it('sampled regret matching (drawn actions, seeded) is reproducible and its empirical play approaches the value', () => {
    const rps = bimatrixGame([
      [0, -1, 1],
      [1, 0, -1],
      [-1, 1, 0],
    ]);
    const run = (seed: number) => learn(rps, createLearning('regret-matching', rps, 1, { sampled: true, seed }), [1, 0, 0], [0, 1, 0], { steps: 20_000 });
    expect(run(3)).toEqual(run(3));
    expect(run(3).gap).toBeLessThan(0.1);
  });
});
