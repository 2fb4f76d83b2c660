/**
 * Support enumeration (von Stengel 2007, in Nisan et al., Algorithmic Game Theory, ch. 3; Dickhaut & Kaplan 1991;
 * Porter, Nudelman & Shoham 2008): in a nondegenerate game every equilibrium has supports I (rows) and J (columns) of equal size s,
 * and is the unique solution of the indifference equations
 *
 *   Σ_{j∈J} A_ij y_j = u  (i ∈ I),   Σ_{j∈J} y_j = 1,   Σ_{i∈I} x_i B_ij = v  (j ∈ J),   Σ_{i∈I} x_i = 1,
 *
 * with x, y > 0 on I, J and no pure strategy outside doing better: (Ay)ᵢ ≤ u for all i, (xᵀB)ⱼ ≤ v for all j.
 * Trying every pair of supports of equal size, s = 1 … min(m, k), finds **all** equilibria of a nondegenerate game.
 *
 * Degenerate games break the premise (equilibria with |I| ≠ |J|, continua of them). The game's degeneracy is
 * decided first, exactly, from the labels of the best-response polytopes (src/matrix-games/polytope.ts); for a
 * degenerate game the result is the set of extreme equilibria from vertex enumeration, with a warning saying so and
 * naming the components that are continua (src/matrix-games/vertex-enumeration.ts).
 */
import { payoffScale, type BimatrixGame } from './bimatrix.ts';
import { subsets } from './combinations.ts';
import { makeEquilibrium, verifiedEquilibria, type Equilibrium, type NashResult } from './equilibrium.ts';
import { equalizingStrategy } from './indifference.ts';
import { bestResponsePolytopes, checkEnumerationSize } from './polytope.ts';
import { vertexEnumeration } from './vertex-enumeration.ts';

/**
 * Feasibility tolerance of a candidate (probabilities ≥ −this, payoffs within this × the payoff scale of the best),
 * as tight as the labels of the degeneracy test (src/matrix-games/polytope.ts), far below the 1e-9 of verification.
 */
const FEASIBLE = 1e-12;

/** Every equilibrium of a nondegenerate game; for a degenerate one, its extreme equilibria with a warning. */
export function supportEnumeration(game: BimatrixGame): NashResult {
  checkEnumerationSize(game, 'support');
  const polytopes = bestResponsePolytopes(game);
  if (polytopes.degenerate) {
    const v = vertexEnumeration(game, polytopes);
    return { method: 'support', equilibria: v.equilibria, warnings: v.warnings, degenerate: true };
  }
  const { A, B, m, k } = game;
  const tol = FEASIBLE * payoffScale(game);
  const found: Equilibrium[] = [];
  for (let size = 1; size <= Math.min(m, k); size++) {
    for (const I of subsets(m, size)) {
      for (const J of subsets(k, size)) {
        const col = equalizingStrategy((j, i) => A[i][j], J, I, k);
        if (!col || col.p.some((v) => v < -FEASIBLE)) continue;
        const row = equalizingStrategy((i, j) => B[i][j], I, J, m);
        if (!row || row.p.some((v) => v < -FEASIBLE)) continue;
        const y = col.p;
        const x = row.p;
        const bestRow = A.every((r) => r.reduce((s, a, j) => s + a * y[j], 0) <= col.w + tol);
        if (!bestRow) continue;
        const bestCol = Array.from({ length: k }, (_, j) => x.reduce((s, xi, i) => s + xi * B[i][j], 0)).every((v) => v <= row.w + tol);
        if (!bestCol) continue;
        found.push(makeEquilibrium(game, x, y));
      }
    }
  }
  const warnings: string[] = [];
  const equilibria = verifiedEquilibria(game, found, warnings, 'support enumeration');
  return { method: 'support', equilibria, warnings, degenerate: false };
}
