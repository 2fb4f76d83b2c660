/**
 * How far a strategy pair is from equilibrium: each player's regret, the most it could gain by switching to a
 * pure strategy while the other keeps playing,
 *
 *   regret_row(x, y) = maxᵢ (Ay)ᵢ − xᵀAy ≥ 0,   regret_col(x, y) = maxⱼ (xᵀB)ⱼ − xᵀBy ≥ 0.
 *
 * (x, y) is a Nash equilibrium iff both are 0 (Nash 1951); `maxRegret` is the larger, the ε of an ε-equilibrium.
 * In a zero-sum game (B = −A) their sum is the duality gap maxᵢ (Ay)ᵢ − minⱼ (xᵀA)ⱼ ≥ 0, which bounds how far each
 * strategy's guarantee is from the value v: minⱼ (xᵀA)ⱼ ≤ v ≤ maxᵢ (Ay)ᵢ (von Neumann 1928).
 */
import { colPayoffs, expectedPayoffs, rowPayoffs, type BimatrixGame } from './bimatrix.ts';

/** [regret of the row player, regret of the column player], each ≥ 0 up to rounding. */
export function regrets(game: BimatrixGame, x: readonly number[], y: readonly number[]): [number, number] {
  const [u, w] = expectedPayoffs(game, x, y);
  return [Math.max(...rowPayoffs(game, y)) - u, Math.max(...colPayoffs(game, x)) - w];
}

/** max(regret_row, regret_col): the ε for which (x, y) is an ε-Nash equilibrium. */
export function maxRegret(game: BimatrixGame, x: readonly number[], y: readonly number[]): number {
  const [r, c] = regrets(game, x, y);
  return Math.max(r, c);
}

/**
 * The duality gap of a zero-sum game (uses A only): maxᵢ (Ay)ᵢ − minⱼ (xᵀA)ⱼ, the sum of both regrets when B = −A.
 * It is 0 exactly at the equilibria (the pairs of optimal strategies).
 */
export function dualityGap(game: BimatrixGame, x: readonly number[], y: readonly number[]): number {
  const ay = rowPayoffs(game, y);
  const xa = new Array<number>(game.k).fill(0);
  game.A.forEach((row, i) => row.forEach((a, j) => (xa[j] += x[i] * a)));
  return Math.max(...ay) - Math.min(...xa);
}
