/**
 * Fictitious play (Brown 1951; Robinson 1951), simultaneous, in terms of the empirical frequencies of play: each
 * round both players best-respond to the other's empirical mixed strategy so far, and the frequencies update as
 * running means,
 *
 *   i_t ∈ argmaxᵢ (A ȳ_{t−1})ᵢ,   j_t ∈ argmaxⱼ (Bᵀ x̄_{t−1})ⱼ,
 *   x̄_t = x̄_{t−1} + (e_{i_t} − x̄_{t−1})/(t + 1),   ȳ_t = ȳ_{t−1} + (e_{j_t} − ȳ_{t−1})/(t + 1),
 *
 * with the start (x̄₀, ȳ₀) counted as one round of observations. Ties (payoffs within 1e-12 of the best, relative
 * to the payoff scale) are broken uniformly at random from a seeded generator, the only randomness here.
 *
 * Robinson 1951: in every zero-sum game the frequencies converge to the set of equilibria (the duality gap of
 * (x̄_t, ȳ_t) tends to 0); Karlin conjectured the rate t^(−1/2), typical in practice (../shared/REFERENCES.md),
 * though adversarial tie-breaking can be slower (Daskalakis & Pan 2014).
 *
 * The iterate z of the {@link Dynamics} is the pair of empirical frequencies itself.
 */
import { randomLcg } from 'd3-random';
import type { Dynamics } from '../dynamics.ts';
import { payoffScale, type BimatrixGame } from './bimatrix.ts';
import { colPayoffBatch, rowPayoffBatch } from './batch-payoffs.ts';

/**
 * An index of a maximal entry of g (d strategies, point b of n), ties within `tol` broken by `uniform()`.
 * Exported for regret matching's and the tests' use.
 */
export function argmaxWithTies(g: Float64Array, d: number, n: number, b: number, tol: number, uniform: () => number): number {
  let mx = -Infinity;
  for (let i = 0; i < d; i++) mx = Math.max(mx, g[i * n + b]);
  let count = 0;
  for (let i = 0; i < d; i++) if (g[i * n + b] >= mx - tol) count++;
  let pick = count === 1 ? 0 : Math.min(count - 1, Math.floor(uniform() * count));
  for (let i = 0; i < d; i++) {
    if (g[i * n + b] >= mx - tol) {
      if (pick === 0) return i;
      pick--;
    }
  }
  return d - 1;
}

/** Simultaneous fictitious play over n points; `seed` drives the tie-breaking. */
export function fictitiousPlay(game: BimatrixGame, n: number, seed: number): Dynamics {
  const { m, k } = game;
  const ay = new Float64Array(m * n);
  const bx = new Float64Array(k * n);
  const uniform = randomLcg(seed);
  const tol = 1e-12 * payoffScale(game);
  let t = 1;
  return {
    label: `fictitious play (seed ${seed})`,
    step([x, y]) {
      rowPayoffBatch(game, y, n, ay);
      colPayoffBatch(game, x, n, bx);
      const w = 1 / (t + 1);
      for (let b = 0; b < n; b++) {
        const i = argmaxWithTies(ay, m, n, b, tol, uniform);
        const j = argmaxWithTies(bx, k, n, b, tol, uniform);
        for (let r = 0; r < m; r++) x[r * n + b] += ((r === i ? 1 : 0) - x[r * n + b]) * w;
        for (let c = 0; c < k; c++) y[c * n + b] += ((c === j ? 1 : 0) - y[c * n + b]) * w;
      }
      t++;
    },
  };
}
