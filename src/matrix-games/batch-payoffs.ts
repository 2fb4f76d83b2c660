/**
 * Payoff vectors over a batch of n strategy pairs, in the struct-of-arrays layout of src/game.ts (coordinate c of
 * point b at index c·n + b): the row player's payoff of each pure strategy against y, (Ay)ᵢ, and the column
 * player's against x, (Bᵀx)ⱼ = (xᵀB)ⱼ. The learning dynamics are all built from these two products.
 */
import type { BimatrixGame } from './bimatrix.ts';

/** out[i·n + b] ← Σⱼ A_ij·y[j·n + b]. */
export function rowPayoffBatch(game: BimatrixGame, y: Float64Array, n: number, out: Float64Array): void {
  const { A, m, k } = game;
  out.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < k; j++) {
      const a = A[i][j];
      if (a === 0) continue;
      for (let b = 0; b < n; b++) out[i * n + b] += a * y[j * n + b];
    }
  }
}

/** out[j·n + b] ← Σᵢ B_ij·x[i·n + b]. */
export function colPayoffBatch(game: BimatrixGame, x: Float64Array, n: number, out: Float64Array): void {
  const { B, m, k } = game;
  out.fill(0, 0, k * n);
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < m; i++) {
      const v = B[i][j];
      if (v === 0) continue;
      for (let b = 0; b < n; b++) out[j * n + b] += v * x[i * n + b];
    }
  }
}

/** Σᵢ p[i·n + b]·g[i·n + b] for point b: the expected payoff of a mixed strategy p given pure payoffs g. */
export function meanPayoff(p: Float64Array, g: Float64Array, d: number, n: number, b: number): number {
  let s = 0;
  for (let i = 0; i < d; i++) s += p[i * n + b] * g[i * n + b];
  return s;
}
