/**
 * Polishing an approximate equilibrium (from pivoting or a simplex method) by re-solving its indifference
 * equations directly: with supports I = supp x and J = supp y of equal size, y on J solves Σ_{j∈J} A_ij y_j = u
 * (i ∈ I), Σ y = 1, and x on I solves Σ_{i∈I} x_i B_ij = v (j ∈ J), Σ x = 1 — the system of support enumeration
 * (src/matrix-games/support-enumeration.ts). One well-conditioned solve removes the rounding that many pivots
 * accumulate. The polished pair replaces the original only when it is still a probability vector pair and its max
 * regret is no larger; with unequal supports (a degenerate game) the input is returned as it is.
 */
import type { BimatrixGame } from './bimatrix.ts';
import { makeEquilibrium, type Equilibrium } from './equilibrium.ts';
import { equalizingStrategy } from './indifference.ts';
import { maxRegret } from './regret.ts';

/** The equalizing strategy on `support`, when it is a probability vector. */
function equalizer(M: (s: number, t: number) => number, support: number[], against: number[], size: number): number[] | undefined {
  const sol = equalizingStrategy(M, support, against, size);
  return sol && sol.p.every((v) => v >= 0) ? sol.p : undefined;
}

/** The equilibrium with its strategies re-solved on their supports, when that is at least as good. */
export function polishEquilibrium(game: BimatrixGame, e: Equilibrium): Equilibrium {
  const I = e.row.flatMap((p, i) => (p > 0 ? [i] : []));
  const J = e.col.flatMap((p, j) => (p > 0 ? [j] : []));
  if (I.length !== J.length) return e;
  const y = equalizer((j, i) => game.A[i][j], J, I, game.k);
  const x = equalizer((i, j) => game.B[i][j], I, J, game.m);
  if (!x || !y) return e;
  const polished = makeEquilibrium(game, x, y);
  return maxRegret(game, polished.row, polished.col) <= maxRegret(game, e.row, e.col) ? polished : e;
}
