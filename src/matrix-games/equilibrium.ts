/**
 * A Nash equilibrium of a bimatrix game as the solvers report it: mixed strategies x (row) and y (column) with
 * neither player able to gain by deviating, regret_row = regret_col = 0 (Nash 1951), and the payoffs
 * (xᵀAy, xᵀBy). Every solver's output passes through {@link verifiedEquilibria}: an equilibrium is reported only if
 * its max regret (src/matrix-games/regret.ts) is at most {@link REGRET_TOLERANCE} × the payoff scale, so a
 * numerical failure shows up as a warning, never as a wrong answer.
 */
import { expectedPayoffs, payoffScale, type BimatrixGame } from './bimatrix.ts';
import { maxRegret } from './regret.ts';

export interface Equilibrium {
  /** The row player's mixed strategy x ∈ Δₘ. */
  row: number[];
  /** The column player's mixed strategy y ∈ Δₖ. */
  col: number[];
  /** [xᵀAy, xᵀBy]. */
  payoffs: [number, number];
}

/** What a solver returns. */
export interface NashResult {
  /** The method's name: `support`, `lemke-howson`, `lp`, `vertex`. */
  method: string;
  equilibria: Equilibrium[];
  /** Things the reader must know: a degenerate game, a subset found, an equilibrium dropped by verification. */
  warnings: string[];
  /** For the linear program of a zero-sum game: the value maxₓ minᵧ xᵀAy. */
  value?: number;
  /** Whether the game was found degenerate (when the method checks). */
  degenerate?: boolean;
}

/** Equilibria are reported when maxRegret ≤ this × max(1, max |payoff|). */
export const REGRET_TOLERANCE = 1e-9;
/** Probabilities this close to 0 are set to 0 (then the vector is rescaled to sum to 1). */
const SNAP = 1e-13;

/** A probability vector cleaned of rounding: tiny or negative entries to 0, rescaled to sum to 1. */
export function cleanStrategy(p: ArrayLike<number>): number[] {
  const out = Array.from(p, (v) => (v <= SNAP ? 0 : v));
  const s = out.reduce((a, b) => a + b, 0);
  return out.map((v) => v / s);
}

/** An equilibrium record from (possibly unnormalized) strategies. */
export function makeEquilibrium(game: BimatrixGame, x: ArrayLike<number>, y: ArrayLike<number>): Equilibrium {
  const row = cleanStrategy(x);
  const col = cleanStrategy(y);
  return { row, col, payoffs: expectedPayoffs(game, row, col) };
}

/** Same strategies to within `tol` in every entry. */
export function sameEquilibrium(a: Equilibrium, b: Equilibrium, tol = 1e-7): boolean {
  const near = (p: number[], q: number[]) => p.length === q.length && p.every((v, i) => Math.abs(v - q[i]) <= tol);
  return near(a.row, b.row) && near(a.col, b.col);
}

/** Lexicographic order on (row, col), larger probabilities of earlier strategies first: pure strategy 1 leads. */
export function compareEquilibria(a: Equilibrium, b: Equilibrium): number {
  const v = [...a.row, ...a.col];
  const w = [...b.row, ...b.col];
  for (let i = 0; i < v.length; i++) if (Math.abs(v[i] - w[i]) > 1e-9) return w[i] - v[i];
  return 0;
}

/** Drops repeats (to `tol`) and sorts. */
export function distinctEquilibria(list: readonly Equilibrium[], tol = 1e-7): Equilibrium[] {
  const out: Equilibrium[] = [];
  for (const e of list) if (!out.some((o) => sameEquilibrium(o, e, tol))) out.push(e);
  return out.sort(compareEquilibria);
}

/**
 * Keeps the candidates whose max regret is within tolerance, distinct and sorted; each one dropped adds a warning
 * to `warnings` (it means the arithmetic failed on an ill-conditioned game, which should not go unsaid).
 */
export function verifiedEquilibria(game: BimatrixGame, candidates: readonly Equilibrium[], warnings: string[], method: string): Equilibrium[] {
  const tol = REGRET_TOLERANCE * payoffScale(game);
  const kept: Equilibrium[] = [];
  for (const e of candidates) {
    const r = maxRegret(game, e.row, e.col);
    if (r <= tol) kept.push(e);
    else warnings.push(`${method}: dropped a candidate with max regret ${r.toExponential(2)} > ${tol.toExponential(0)} (ill-conditioned arithmetic)`);
  }
  return distinctEquilibria(kept);
}
