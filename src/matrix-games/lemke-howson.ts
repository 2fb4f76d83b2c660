/**
 * The Lemke–Howson algorithm (Lemke & Howson 1964; von Stengel 2007, AGT ch. 3; Shapley 1974), by complementary
 * pivoting on the two best-response polytopes written as tableaux with slacks,
 *
 *   P:  Bᵀx + s = 1,  x, s ≥ 0      (x_i has label i, s_j has label m + j),
 *   Q:  A y + r = 1,  y, r ≥ 0      (r_i has label i, y_j has label m + j),
 *
 * payoffs mapped to [1, 2] first. Start at the artificial equilibrium (0, 0), which has every label. Dropping a
 * label ℓ (letting its variable enter the basis of its tableau) makes the leaving variable's label appear twice;
 * its partner in the other tableau enters next, and so on, until the leaving variable has label ℓ: then every
 * label is present once, the pair is completely labeled, and (x/Σx, y/Σy) is a Nash equilibrium.
 *
 * Each of the m + k starting labels ends at an equilibrium (the endpoints of a path from (0, 0)); together they
 * find **a subset** of the equilibria, not all of them in general (a game can have equilibria that no path from
 * the artificial one reaches; see Savani & von Stengel 2006 for games where every path is exponentially long).
 * The minimum-ratio test is lexicographic (on the rows of the basis inverse, which the slack columns hold), so
 * pivoting terminates in degenerate games too (von Stengel 2007, AGT ch. 3, on degenerate games). Each endpoint
 * is polished by one solve of its indifference equations (src/matrix-games/polish.ts).
 */
import type { BimatrixGame } from './bimatrix.ts';
import { makeEquilibrium, verifiedEquilibria, type Equilibrium, type NashResult } from './equilibrium.ts';
import { polishEquilibrium } from './polish.ts';
import { positivePayoffs } from './polytope.ts';

/** Pivots allowed on one path before giving up (paths are short in practice). */
export const MAX_PIVOTS = 100_000;
/** Entries of the entering column at most this are not pivot candidates. */
const EPS = 1e-12;
/**
 * Two ratios tie when they differ by at most this relative to the larger. Relative, not absolute: after a pivot on
 * a small entry (a nearly degenerate game) ratios can be 1e-9 and still differ in their ninth digit, and calling
 * them equal would pick a row whose ratio is not the minimum and leave the basis infeasible.
 */
const TIE = 1e-12;

/** A tableau T·vars = rhs with one basic variable per row; variable index = label. */
interface Tableau {
  /** rows × (vars + 1); the last column is the right-hand side. */
  readonly T: number[][];
  readonly basis: number[];
  /** The slack variables, whose columns hold the basis inverse, in order: the lexicographic tie-break. */
  readonly slacks: number[];
}

/** P's tableau: rows j (k of them): Σᵢ B_ij xᵢ + s_j = 1; vars 0…m−1 are x, m…m+k−1 are s. */
function tableauP(B: number[][], m: number, k: number): Tableau {
  const T = Array.from({ length: k }, (_, j) => {
    const row = new Array<number>(m + k + 1).fill(0);
    for (let i = 0; i < m; i++) row[i] = B[i][j];
    row[m + j] = 1;
    row[m + k] = 1;
    return row;
  });
  const slacks = Array.from({ length: k }, (_, j) => m + j);
  return { T, basis: slacks.slice(), slacks };
}

/** Q's tableau: rows i (m of them): rᵢ + Σⱼ A_ij yⱼ = 1; vars 0…m−1 are r, m…m+k−1 are y. */
function tableauQ(A: number[][], m: number, k: number): Tableau {
  const T = Array.from({ length: m }, (_, i) => {
    const row = new Array<number>(m + k + 1).fill(0);
    row[i] = 1;
    for (let j = 0; j < k; j++) row[m + j] = A[i][j];
    row[m + k] = 1;
    return row;
  });
  const slacks = Array.from({ length: m }, (_, i) => i);
  return { T, basis: slacks.slice(), slacks };
}

/** The row leaving when `col` enters: lexicographic minimum of (rhs, basis-inverse row) / entry, over entries > 0. */
function leavingRow(t: Tableau, col: number): number | undefined {
  const rhs = t.T[0].length - 1;
  let best: number | undefined;
  for (let r = 0; r < t.T.length; r++) {
    const a = t.T[r][col];
    if (!(a > EPS)) continue;
    if (best === undefined) {
      best = r;
      continue;
    }
    const b = t.T[best][col];
    for (const c of [rhs, ...t.slacks]) {
      const u = t.T[r][c] / a;
      const v = t.T[best][c] / b;
      if (Math.abs(u - v) <= TIE * Math.max(Math.abs(u), Math.abs(v))) continue;
      if (u < v) best = r;
      break;
    }
  }
  return best;
}

function pivot(t: Tableau, row: number, col: number): void {
  const T = t.T;
  const p = T[row][col];
  const R = T[row];
  for (let c = 0; c < R.length; c++) R[c] /= p;
  for (let r = 0; r < T.length; r++) {
    if (r === row) continue;
    const f = T[r][col];
    if (f === 0) continue;
    const Rr = T[r];
    for (let c = 0; c < Rr.length; c++) Rr[c] -= f * R[c];
  }
  t.basis[row] = col;
}

/** Values of variables `from`…`from + n − 1` at the tableau's basic solution. */
function basicValues(t: Tableau, from: number, n: number): number[] {
  const out = new Array<number>(n).fill(0);
  const rhs = t.T[0].length - 1;
  t.basis.forEach((v, r) => {
    if (v >= from && v < from + n) out[v - from] = t.T[r][rhs];
  });
  return out;
}

/**
 * The equilibrium at the end of the Lemke–Howson path that drops `label` (0…m−1: a row strategy, m…m+k−1: a
 * column), with the number of pivots it took; undefined if the path exceeds {@link MAX_PIVOTS}.
 */
export function lemkeHowsonPath(game: BimatrixGame, label: number): { equilibrium: Equilibrium; pivots: number } | undefined {
  const { m, k } = game;
  if (!Number.isInteger(label) || label < 0 || label >= m + k) throw new RangeError(`label ${label} is not in 0…${m + k - 1}`);
  const P = tableauP(positivePayoffs(game.B), m, k);
  const Q = tableauQ(positivePayoffs(game.A), m, k);
  let current = label < m ? P : Q;
  let entering = label;
  for (let pivots = 1; pivots <= MAX_PIVOTS; pivots++) {
    const row = leavingRow(current, entering);
    // P and Q are bounded, so some row always limits the entering variable.
    if (row === undefined) throw new Error(`Lemke–Howson: unbounded ray entering label ${entering} (a bug: P and Q are bounded)`);
    const leaving = current.basis[row];
    pivot(current, row, entering);
    if (leaving === label) {
      const x = basicValues(P, 0, m);
      const y = basicValues(Q, m, k);
      return { equilibrium: makeEquilibrium(game, x, y), pivots };
    }
    entering = leaving;
    current = current === P ? Q : P;
  }
  return undefined;
}

/** Lemke–Howson from every starting label 0…m+k−1; the distinct equilibria found (a subset of all of them). */
export function lemkeHowson(game: BimatrixGame, labels?: readonly number[]): NashResult {
  const { m, k } = game;
  const start = labels ?? Array.from({ length: m + k }, (_, l) => l);
  const found: Equilibrium[] = [];
  const warnings: string[] = [];
  for (const l of start) {
    const end = lemkeHowsonPath(game, l);
    if (end) found.push(polishEquilibrium(game, end.equilibrium));
    else warnings.push(`lemke-howson: the path dropping label ${l} took more than ${MAX_PIVOTS} pivots and was abandoned`);
  }
  const equilibria = verifiedEquilibria(game, found, warnings, 'lemke-howson');
  return { method: 'lemke-howson', equilibria, warnings };
}
