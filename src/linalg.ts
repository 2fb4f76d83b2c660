/**
 * Solves M·x = rhs for one small dense system in place (Gaussian elimination with partial pivoting); the solution
 * overwrites `rhs` and M is destroyed. Returns false when M is singular or not finite.
 *
 * Why not mathjs `lusolve`: this runs once per point per Newton iteration of an implicit step, over batches of
 * 65,536 points; mathjs allocates Matrix objects per call, and src/ must not pull mathjs into pages that only use
 * built-in games. For analysis (eigenvalues, decompositions) the project uses mathjs.
 */
export function luSolveInPlace(M: Float64Array, rhs: Float64Array, d: number): boolean {
  for (let col = 0; col < d; col++) {
    let pivot = col;
    let best = Math.abs(M[col * d + col]);
    for (let r = col + 1; r < d; r++) {
      const v = Math.abs(M[r * d + col]);
      if (v > best) {
        best = v;
        pivot = r;
      }
    }
    if (!(best > 0) || !Number.isFinite(best)) return false;
    if (pivot !== col) {
      for (let c = 0; c < d; c++) {
        const t = M[col * d + c];
        M[col * d + c] = M[pivot * d + c];
        M[pivot * d + c] = t;
      }
      const t = rhs[col];
      rhs[col] = rhs[pivot];
      rhs[pivot] = t;
    }
    const p = M[col * d + col];
    for (let r = col + 1; r < d; r++) {
      const factor = M[r * d + col] / p;
      if (factor === 0) continue;
      for (let c = col; c < d; c++) M[r * d + c] -= factor * M[col * d + c];
      rhs[r] -= factor * rhs[col];
    }
  }
  for (let r = d - 1; r >= 0; r--) {
    let s = rhs[r];
    for (let c = r + 1; c < d; c++) s -= M[r * d + c] * rhs[c];
    rhs[r] = s / M[r * d + r];
  }
  return true;
}
