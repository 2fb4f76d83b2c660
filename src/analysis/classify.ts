import type { Game } from '../game.ts';
import { block, blockIndices } from './point.ts';
import { eigenvalues, minSymmetricEigenvalue, modulus, type Complex, type Rows } from './spectrum.ts';
import { Matrix, inverse } from 'ml-matrix';

/**
 * What kind of stationary point z* (ξ(z*) = 0) a game has, from its Jacobian J = ∂ξ/∂z there.
 *
 * The continuous-time dynamics. Gradient play in continuous time is the flow ż = v(z), v = −ξ, the field of
 * Mescheder, Nowozin & Geiger 2017 and Mescheder, Geiger & Nowozin 2018; its Jacobian is J_v = −J. The eigenvalues
 * reported here are those of J_v (so the paper's numbers appear as they are printed there: R1 at the Dirac-GAN gives
 * −γ/2 ± √(γ²/4 − f′(0)²)), and the kind follows the usual phase-portrait names (Strogatz, "Nonlinear Dynamics and
 * Chaos", §5.2, §6.3) for eigenvalues μ of J_v:
 * - every Re μ < 0: a stable node (all μ real) or a stable focus (some complex pair: trajectories spiral in);
 * - every Re μ > 0: an unstable node or an unstable focus;
 * - Re μ of both signs: a saddle;
 * - every Re μ = 0 and no μ = 0: a center of the linearization (x·y; the nonlinear terms decide);
 * - some μ = 0 (J singular): degenerate, unless that zero belongs to a subspace of equilibria, where the kind
 *   describes the motion across the subspace (`neutral` zero eigenvalues are set aside);
 * - some Re μ = 0 and the others of one sign: non-hyperbolic (linearization inconclusive there).
 * "Zero" is |·| ≤ 1e-9·max|μ| for real parts and moduli; imaginary parts count from 1e-6·max|μ|, because repeated
 * real eigenvalues (a defective J) come out of the QR iteration with imaginary parts of order √ε.
 *
 * Game-theoretic kinds, from the diagonal blocks of J, which are each player's own Hessian
 * J_ii = ∂ξᵢ/∂θᵢ = ∇²_θᵢθᵢ ℓᵢ (Balduzzi et al. 2018; Letcher et al. 2019):
 * - local Nash equilibrium (second-order necessary condition): every J_ii ⪰ 0, i.e. no player can lower its own loss
 *   to second order by moving alone; strict (sufficient) when every J_ii ≻ 0. For a zero-sum f this says ∇²ₓₓf ⪰ 0
 *   and ∇²ᵧᵧf ⪯ 0.
 * - local minimax (Jin, Netrapalli & Jordan 2020, "What is Local Optimality in Nonconvex-Nonconcave Minimax
 *   Optimization?", Props. 18–19), for zero-sum two-player games, where x moves first and y answers: necessary:
 *   ∇²ᵧᵧf ⪯ 0 and, where ∇²ᵧᵧf ≺ 0, the Schur complement S = ∇²ₓₓf − ∇²ₓᵧf(∇²ᵧᵧf)⁻¹∇²ᵧₓf ⪰ 0; sufficient
 *   (strict local minimax): ∇²ᵧᵧf ≺ 0 and S ≻ 0. In terms of J: ∇²ₓₓf = J₀₀, ∇²ᵧᵧf = −J₁₁, ∇²ₓᵧf = J₀₁,
 *   ∇²ᵧₓf = −J₁₀, so S = J₀₀ − J₀₁J₁₁⁻¹J₁₀. Every local Nash equilibrium is local minimax, not conversely:
 *   f = −x² + 5xy − y² at 0 is a strict local minimax point (S = 10.5) but not a local Nash equilibrium (∇²ₓₓf = −2).
 * Positive semi-definiteness is tested on the symmetric part, with tolerance 1e-9·max|J_rc|; a Schur complement
 * that cannot be formed in floating point counts as ∇²ᵧᵧf singular.
 */
export type Kind =
  | 'stable node'
  | 'stable focus'
  | 'center'
  | 'saddle'
  | 'unstable focus'
  | 'unstable node'
  | 'degenerate'
  | 'non-hyperbolic';

export interface Classification {
  /** Eigenvalues of the flow's Jacobian J_v = −J (v = −ξ), sorted by real part, then imaginary part, descending. */
  eigenvalues: Complex[];
  kind: Kind;
  /** Every player's own Hessian J_ii is positive semi-definite. */
  localNash: boolean;
  /** Every J_ii is positive definite: a strict local Nash equilibrium. */
  strictLocalNash: boolean;
  /** Zero-sum two-player games only: Jin et al.'s second-order necessary condition for a local minimax point. */
  localMinimax?: boolean;
  /** Zero-sum two-player games only: Jin et al.'s sufficient condition (a strict local minimax point). */
  strictLocalMinimax?: boolean;
}

/** The kind of the flow's rest point from the eigenvalues μ of J_v; `neutral` zeros (a subspace of equilibria) set aside. */
export function flowKind(mu: readonly Complex[], neutral = 0): Kind {
  const scale = Math.max(0, ...mu.map(modulus));
  const zero = 1e-9 * scale;
  // Set aside the `neutral` eigenvalues nearest 0.
  const rest = [...mu].sort((a, b) => modulus(a) - modulus(b)).slice(neutral);
  if (scale === 0) return rest.length === 0 ? 'center' : 'degenerate';
  const pos = rest.some((m) => m.re > zero);
  const neg = rest.some((m) => m.re < -zero);
  if (pos && neg) return 'saddle';
  if (rest.some((m) => modulus(m) <= zero)) return 'degenerate';
  const onAxis = rest.some((m) => Math.abs(m.re) <= zero);
  if (onAxis) return pos || neg ? 'non-hyperbolic' : 'center';
  const rotating = rest.some((m) => Math.abs(m.im) > 1e-6 * scale);
  if (neg) return rotating ? 'stable focus' : 'stable node';
  return rotating ? 'unstable focus' : 'unstable node';
}

/** Classifies a stationary point of `game` with Jacobian J (of ξ); `neutral` as in {@link flowKind}. */
export function classify(game: Game, J: Rows, neutral = 0): Classification {
  const eig = eigenvalues(J.map((row) => row.map((v) => -v)));
  // The game-theoretic tests are scale-free: run them on J/max|Jᵣc|, so that neither a tiny nor a huge J under- or
  // overflows on the way (a Schur complement of 5e-324 entries is NaN otherwise).
  const top = Math.max(0, ...J.map((row) => Math.max(...row.map(Math.abs))));
  const Jn = top > 0 && Number.isFinite(top) ? J.map((row) => row.map((v) => v / top)) : J;
  const tol = 1e-9;
  const blocks = blockIndices(game);
  const own = blocks.map((idx) => minSymmetricEigenvalue(block(Jn, idx, idx)));
  const out: Classification = {
    eigenvalues: eig,
    kind: flowKind(eig, neutral),
    localNash: own.every((m) => m >= -tol),
    strictLocalNash: own.every((m) => m > tol),
  };
  if (game.zeroSum && blocks.length === 2) Object.assign(out, minimax(Jn, blocks[0], blocks[1], tol));
  return out;
}

/** Jin et al.'s second-order conditions; see the module's doc. */
function minimax(J: Rows, x: number[], y: number[], tol: number): { localMinimax: boolean; strictLocalMinimax: boolean } {
  const negFyy = block(J, y, y); // −∇²ᵧᵧf = J₁₁
  const m = minSymmetricEigenvalue(negFyy);
  if (!(m >= -tol)) return { localMinimax: false, strictLocalMinimax: false };
  if (!(m > tol)) return { localMinimax: true, strictLocalMinimax: false }; // ∇²ᵧᵧf singular: Schur not required
  const correction = new Matrix(block(J, x, y)).mmul(inverse(new Matrix(negFyy))).mmul(new Matrix(block(J, y, x)));
  const S = block(J, x, x).map((row, r) => row.map((v, c) => v - correction.get(r, c)));
  const s = minSymmetricEigenvalue(S);
  if (Number.isNaN(s)) return { localMinimax: true, strictLocalMinimax: false };
  return { localMinimax: s >= -tol, strictLocalMinimax: s > tol };
}
