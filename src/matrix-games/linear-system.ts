/**
 * Solves a small dense square system M·u = r by Gaussian elimination with partial pivoting, and says "singular"
 * when a pivot falls below 1e-11 of the largest entry of M: the equilibrium solvers meet exactly singular systems
 * (two equal payoff columns, a degenerate game), which rounding turns into pivots of size 1e-16; solving those
 * would give arbitrary points on a line instead of the vertex asked for. (src/linalg.ts's luSolveInPlace stops
 * only on an exactly zero pivot, which is right for its Newton steps and wrong here.)
 */

/** Relative pivot threshold below which the matrix is treated as singular. */
export const SINGULAR_PIVOT = 1e-11;

/**
 * u with M·u = r for M given as rows (n×n, not changed), or undefined when M is (numerically) singular.
 */
export function solveSquare(M: readonly (readonly number[])[], r: readonly number[]): number[] | undefined {
  const n = r.length;
  const a = M.map((row) => row.slice());
  const b = r.slice();
  let scale = 0;
  for (const row of a) for (const v of row) scale = Math.max(scale, Math.abs(v));
  if (!(scale > 0) || !Number.isFinite(scale)) return n === 0 ? [] : undefined;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(a[i][c]) > Math.abs(a[p][c])) p = i;
    if (!(Math.abs(a[p][c]) > SINGULAR_PIVOT * scale)) return undefined;
    [a[c], a[p]] = [a[p], a[c]];
    [b[c], b[p]] = [b[p], b[c]];
    for (let i = c + 1; i < n; i++) {
      const f = a[i][c] / a[c][c];
      if (f === 0) continue;
      for (let j = c; j < n; j++) a[i][j] -= f * a[c][j];
      b[i] -= f * b[c];
    }
  }
  const u = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < n; j++) s -= a[i][j] * u[j];
    u[i] = s / a[i][i];
  }
  return u;
}
