import { EigenvalueDecomposition, inverse, Matrix, SingularValueDecomposition } from 'ml-matrix';

/**
 * Eigenvalues, singular values and null spaces of small dense real matrices, for the analysis of games and
 * optimizers (this folder only: built-in games never load it).
 *
 * Eigenvalues of a real, possibly non-symmetric M come from ml-matrix's `EigenvalueDecomposition`, a port of JAMA's:
 * reduction to upper Hessenberg form by orthogonal similarity, then the Francis double-shift QR iteration to real
 * Schur form (EISPACK `orthes` + `hqr2`; Golub & Van Loan, "Matrix Computations", 4th ed., §7.4–7.5). Symmetric M
 * take the tridiagonal QL route (`tred2` + `tql2`, §8.3). A simple eigenvalue is accurate to about ε‖M‖; an
 * eigenvalue of a k×k Jordan block only to about (ε‖M‖)^(1/k), which is why the classifiers of this folder use
 * looser tolerances for "is this imaginary part zero" than for "is this real part zero".
 *
 * Why not mathjs `eigs`: on this machine it failed to converge ("The eigenvalues failed to converge") on about 5% of
 * random real 4×4 matrices and on half of 12×12 ones (its QR iteration stops after a fixed number of steps;
 * josdejong/mathjs#3036), and took ~1.5 ms per 4×4 matrix against ~0.1 ms here. ml-matrix's own weakness, a QR
 * iteration without a cap that can cycle on structured matrices, is worked around in {@link eigenvalues}.
 */

/** A complex number, as the JSON output writes it. */
export interface Complex {
  re: number;
  im: number;
}

export type Rows = readonly (readonly number[])[];

const finite = (M: Rows) => M.every((row) => row.every(Number.isFinite));

/**
 * M = s·M̃ with s a power of 2 near max|Mᵢⱼ| (exact scaling), and entries of M̃ below 1e-30 set to 0. The QR
 * iterations of JAMA's `hqr2` and SVD have no iteration cap and loop forever on subnormal numbers (an entry of
 * 4.4e-323 did it here); flushing what lies 14 orders of magnitude below the eigenvalues' own accuracy (ε·‖M‖)
 * changes no result, and the scaling keeps a matrix that is tiny as a whole from being flushed entirely.
 */
function sanitize(M: Rows): { A: number[][]; s: number } {
  const top = Math.max(0, ...M.map((row) => Math.max(0, ...row.map(Math.abs))));
  const s = top > 0 ? Math.pow(2, Math.round(Math.log2(top))) : 1;
  return { A: M.map((row) => row.map((v) => (Math.abs(v / s) < 1e-30 ? 0 : v / s))), s };
}

/**
 * The eigenvalues of the square matrix M, each listed with its algebraic multiplicity, sorted by real part then
 * imaginary part, both descending (a conjugate pair reads a + bi, a − bi). Parts below 4ε·max|λ| are set to 0, so
 * that a center reads ±bi, not 1e-17 ± bi. A non-finite M gives NaN eigenvalues (the QR iteration never stops on NaN).
 *
 * A symmetric M takes the symmetric route. Any other M is first moved by a fixed similarity, M̃ = T·M·T⁻¹ with
 * T = I + ¼·R (R a fixed pseudo-random matrix with entries in [−1, 1]/√d, so that cond(T) stays below ~2): the
 * eigenvalues are unchanged (up to rounding of order cond(T)·ε‖M‖), but exact structure is gone. JAMA's `hqr2` has
 * no iteration cap and only two exceptional shifts (LAPACK's `dlahqr` has one every 10 iterations, and a cap), and
 * here it looped forever on exactly the matrices this project makes: the skew-symmetric Jacobian of a matrix game,
 * [[0, 0, −a], [0, 0, 1], [a, −1, 0]] for a = 0.1, never converged, while its similar matrix converges at once.
 */
export function eigenvalues(M: Rows): Complex[] {
  const d = M.length;
  if (d === 0) return [];
  if (!finite(M)) return Array.from({ length: d }, () => ({ re: NaN, im: NaN }));
  const { A, s } = sanitize(M);
  const symmetric = A.every((row, r) => row.every((v, c) => v === A[c][r]));
  let evd: EigenvalueDecomposition;
  if (symmetric) evd = new EigenvalueDecomposition(new Matrix(A), { assumeSymmetric: true });
  else {
    const [T, Tinv] = mixer(d);
    evd = new EigenvalueDecomposition(T.mmul(new Matrix(A)).mmul(Tinv));
  }
  const re = evd.realEigenvalues.map((v) => v * s);
  const im = evd.imaginaryEigenvalues.map((v) => v * s);
  const scale = Math.max(...re.map((r, k) => Math.hypot(r, im[k])));
  const snap = (v: number) => (Math.abs(v) <= 4 * Number.EPSILON * scale ? 0 : v);
  return re.map((r, k) => ({ re: snap(r), im: snap(im[k]) })).sort((a, b) => b.re - a.re || b.im - a.im);
}

const mixers = new Map<number, [Matrix, Matrix]>();
/** T = I + ¼·R and T⁻¹ for {@link eigenvalues}, the same for every call of one size. */
function mixer(d: number): [Matrix, Matrix] {
  let pair = mixers.get(d);
  if (!pair) {
    const T = new Matrix(Array.from({ length: d }, (_, r) => Array.from({ length: d }, (_, c) => (r === c ? 1 : 0) + (0.25 * Math.sin(12.9898 * r + 78.233 * c + 1)) / Math.sqrt(d))));
    pair = [T, inverse(T)];
    mixers.set(d, pair);
  }
  return pair;
}

/** |λ| */
export const modulus = (z: Complex): number => Math.hypot(z.re, z.im);

/** The largest modulus of the values: the spectral radius when they are all of a matrix's eigenvalues. */
export const maxModulus = (values: readonly Complex[]): number => values.reduce((m, z) => Math.max(m, modulus(z)), 0);

/** The smallest eigenvalue of the symmetric part ½(M + Mᵀ): M is positive semi-definite iff it is ≥ 0. */
export function minSymmetricEigenvalue(M: Rows): number {
  const d = M.length;
  if (d === 0) return Infinity;
  if (!finite(M)) return NaN;
  const { A, s } = sanitize(M.map((row, r) => row.map((v, c) => 0.5 * (v + M[c][r]))));
  return s * Math.min(...new EigenvalueDecomposition(new Matrix(A), { assumeSymmetric: true }).realEigenvalues);
}

/**
 * From the singular value decomposition M = U·diag(σ)·Vᵀ (Golub–Kahan–Reinsch, Golub & Van Loan §8.6), what the
 * analysis uses: the singular values in descending order, the numerical rank (σ > tol·σ_max, tol = 1e-10 by
 * default), an orthonormal basis of the null space {v : M·v = 0} (the right singular vectors of the other σ), and,
 * given b, the minimum-norm least-squares solution x = M⁺b of M·x = b.
 */
export function nullSpace(M: Rows, b?: readonly number[], tol = 1e-10): { singularValues: number[]; rank: number; basis: number[][]; solution: number[] } {
  const d = M[0]?.length ?? 0;
  if (d === 0) return { singularValues: [], rank: 0, basis: [], solution: [] };
  // A wide M gets zero rows, so that V is d×d (a thin SVD would drop null directions).
  const { A: rows, s } = sanitize(M);
  while (rows.length < d) rows.push(new Array<number>(d).fill(0));
  const svd = new SingularValueDecomposition(new Matrix(rows));
  const sigma = svd.diagonal;
  const U = svd.leftSingularVectors;
  const V = svd.rightSingularVectors;
  const top = Math.max(0, ...sigma);
  const rankOf = (v: number) => top > 0 && v > tol * top;
  const rank = sigma.filter(rankOf).length;
  const basis: number[][] = [];
  const solution = new Array<number>(d).fill(0);
  for (let k = 0; k < d; k++) {
    if (!rankOf(sigma[k])) {
      basis.push(Array.from({ length: d }, (_, r) => V.get(r, k) + 0));
    } else if (b) {
      // x = Σₖ vₖ(uₖᵀb)/σₖ over the kept σ, on the scaled M̃ = M/s: x = M̃⁺b/s.
      let ub = 0;
      for (let r = 0; r < M.length; r++) ub += U.get(r, k) * b[r];
      for (let c = 0; c < d; c++) solution[c] += (V.get(c, k) * ub) / (sigma[k] * s);
    }
  }
  return { singularValues: sigma.map((v) => v * s).sort((x, y) => y - x).slice(0, Math.min(M.length, d)), rank, basis, solution };
}

/** M·v */
export const multiply = (M: Rows, v: readonly number[]): number[] => M.map((row) => row.reduce((s, m, c) => s + m * v[c], 0));
