/**
 * Regret matching (Hart & Mas-Colell 2000, "A simple adaptive procedure leading to correlated equilibrium", in its
 * unconditional form; Hart & Mas-Colell 2001; Hart 2005): each player keeps its cumulative regret for every pure strategy and plays
 * them in proportion to the positive parts,
 *
 *   R_{t,i} = Σ_{s≤t} ((A y_s)ᵢ − x_sᵀA y_s),   x_{t+1,i} = R⁺_{t,i} / Σₗ R⁺_{t,l}   (uniform when no regret is positive),
 *
 * likewise for the column player with B, both simultaneously, from the given start (x₀, y₀). The reported
 * strategy is the **average** x̄_T = (1/T)·Σ_{t<T} x_t (the `readout`); the iterate z is the current play x_T.
 *
 * This is the expected-payoff version (the one regret-matching⁺ and CFR build on). With `sampled`, each round the
 * players draw pure actions i_t ~ x_t, j_t ~ y_t from a seeded generator, regrets are those of the realized play
 * (A_{i j_t} − A_{i_t j_t}), and the average is the empirical frequency of the actions played: Hart & Mas-Colell's
 * original procedure, whose guarantees hold almost surely.
 *
 * Blackwell's condition gives the bound that the tests check (Hart & Mas-Colell 2000; Cesa-Bianchi & Lugosi 2006,
 * ch. 2, the polynomial potential with p = 2): with r_t the vector of instantaneous regrets, |r_{t,i}| ≤ Δ (the
 * width of the payoff range), and the rule makes R⁺_{t−1}·r_t = 0, so ‖R⁺_t‖² ≤ ‖R⁺_{t−1}‖² + ‖r_t‖² ≤ … ≤ t·n·Δ²
 * and maxᵢ R_{T,i} ≤ Δ·√(n·T) for n actions. In a zero-sum game the duality gap of the averages (x̄_T, ȳ_T) is
 * exactly (R_row + R_col)/T ≤ Δ(√m + √k)/√T: the averages approach the set of equilibria.
 */
import { randomLcg } from 'd3-random';
import type { Dynamics } from '../dynamics.ts';
import type { BimatrixGame } from './bimatrix.ts';
import { colPayoffBatch, meanPayoff, rowPayoffBatch } from './batch-payoffs.ts';

/** p ← R⁺/ΣR⁺ per point, uniform where no entry of R is positive. */
function matchRegrets(R: Float64Array, p: Float64Array, d: number, n: number): void {
  for (let b = 0; b < n; b++) {
    let s = 0;
    for (let i = 0; i < d; i++) s += Math.max(0, R[i * n + b]);
    for (let i = 0; i < d; i++) p[i * n + b] = s > 0 ? Math.max(0, R[i * n + b]) / s : 1 / d;
  }
}

/** A pure strategy drawn from p at point b. */
function draw(p: Float64Array, d: number, n: number, b: number, u: number): number {
  let acc = 0;
  for (let i = 0; i < d; i++) {
    acc += p[i * n + b];
    if (u < acc) return i;
  }
  for (let i = d - 1; i >= 0; i--) if (p[i * n + b] > 0) return i;
  return d - 1;
}

/** Regret matching over n points; `sampled` plays drawn actions (seeded), else expected payoffs. */
export function regretMatching(game: BimatrixGame, n: number, options: { sampled?: boolean; seed?: number } = {}): Dynamics {
  const { A, B, m, k } = game;
  const sampled = options.sampled ?? false;
  const seed = options.seed ?? 0;
  const uniform = randomLcg(seed);
  const Rx = new Float64Array(m * n);
  const Ry = new Float64Array(k * n);
  const sumX = new Float64Array(m * n);
  const sumY = new Float64Array(k * n);
  const ay = new Float64Array(m * n);
  const bx = new Float64Array(k * n);
  const avgX = new Float64Array(m * n);
  const avgY = new Float64Array(k * n);
  let T = 0;
  return {
    label: `regret matching${sampled ? ` (sampled, seed ${seed})` : ''}`,
    step([x, y]) {
      if (sampled) {
        for (let b = 0; b < n; b++) {
          const i = draw(x, m, n, b, uniform());
          const j = draw(y, k, n, b, uniform());
          sumX[i * n + b] += 1;
          sumY[j * n + b] += 1;
          for (let r = 0; r < m; r++) Rx[r * n + b] += A[r][j] - A[i][j];
          for (let c = 0; c < k; c++) Ry[c * n + b] += B[i][c] - B[i][j];
        }
      } else {
        rowPayoffBatch(game, y, n, ay);
        colPayoffBatch(game, x, n, bx);
        for (let q = 0; q < sumX.length; q++) sumX[q] += x[q];
        for (let q = 0; q < sumY.length; q++) sumY[q] += y[q];
        for (let b = 0; b < n; b++) {
          const u = meanPayoff(x, ay, m, n, b);
          const w = meanPayoff(y, bx, k, n, b);
          for (let r = 0; r < m; r++) Rx[r * n + b] += ay[r * n + b] - u;
          for (let c = 0; c < k; c++) Ry[c * n + b] += bx[c * n + b] - w;
        }
      }
      T++;
      matchRegrets(Rx, x, m, n);
      matchRegrets(Ry, y, k, n);
    },
    readout(z) {
      if (T === 0) return z;
      for (let q = 0; q < avgX.length; q++) avgX[q] = sumX[q] / T;
      for (let q = 0; q < avgY.length; q++) avgY[q] = sumY[q] / T;
      return [avgX, avgY];
    },
  };
}
