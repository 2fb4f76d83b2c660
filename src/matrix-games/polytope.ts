/**
 * The best-response polytopes of a bimatrix game and their vertices, with labels (von Stengel 2007, AGT ch. 3.2):
 *
 *   P = {x ∈ ℝᵐ : x ≥ 0, Bᵀx ≤ 1},   Q = {y ∈ ℝᵏ : Ay ≤ 1, y ≥ 0},
 *
 * for payoffs made positive (each player's payoffs mapped into [1, 2] by a positive affine map, which changes no
 * best response). Labels 0…m−1 are the row strategies, m…m+k−1 the columns. A point x ∈ P has label i when xᵢ = 0
 * and label m + j when (Bᵀx)ⱼ = 1 (column j is a best response to x); y ∈ Q has label m + j when yⱼ = 0 and label
 * i when (Ay)ᵢ = 1. A pair (x, y) ≠ (0, 0) that is *completely labeled* (every label 0…m+k−1 appears at x or y)
 * is, rescaled to sum 1 each, a Nash equilibrium; the vertex pairs give exactly the extreme equilibria, in any
 * game (Avis, Rosenberg, Savani & von Stengel 2010, "Enumeration of Nash equilibria for two-player games").
 *
 * The game is nondegenerate iff no point of P has more than m labels and no point of Q more than k (the label form
 * of nondegeneracy in von Stengel 2007, ch. 3): a point x ≠ 0 of P scaled up until some (Bᵀx)ⱼ = 1 has
 * (m − |supp x|) + |best responses to x| labels, so too many labels means a mixed strategy with more pure best
 * responses than the size of its support. A point with too many labels lies on a face whose vertices all have
 * those labels too, so checking the vertices suffices.
 *
 * Vertices are found by brute force: every choice of m of the m + k constraints of P (C(m+k, m) square systems),
 * solved, kept when feasible, merged when they are the same point (same label set). Fine for the small games of a
 * lecture (C(16, 8) = 12,870 at 8×8); {@link MAX_BASES} bounds the work.
 */
import { InputError } from '../errors.ts';
import { payoffScale, type BimatrixGame } from './bimatrix.ts';
import { binomial, subsets } from './combinations.ts';
import { solveSquare } from './linear-system.ts';

/** Most square systems one enumeration may solve: C(m + k, m) ≤ this (C(22, 11) ≈ 7·10⁵). */
export const MAX_BASES = 1_000_000;
/**
 * A constraint counts as tight (a label) within this. Payoffs are mapped into [1, 2] relative to the game's payoff
 * scale, so two payoffs closer than about 1e-12 × max(1, max |payoff|) tie: far below the 1e-9 at which
 * equilibria are verified, so that nothing this tolerance accepts can fail verification.
 */
export const LABEL_TOLERANCE = 1e-12;

/**
 * Payoffs made positive by the affine map M ↦ 1 + (M − min M)/S, which changes no best response. With S the
 * payoff range (the default) the entries fill [1, 2]; with S = max(range, the game's payoff scale), differences
 * that are negligible against the scale stay negligible (ties stay ties), which tolerance tests need.
 */
export function positivePayoffs(M: readonly (readonly number[])[], scale = 0): number[][] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of M) for (const v of row) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const S = Math.max(hi - lo, scale);
  return M.map((row) => row.map((v) => (S > 0 ? 1 + (v - lo) / S : 1)));
}

/** A vertex of P or Q: the point (not normalized) and its labels. */
export interface LabeledVertex {
  readonly point: number[];
  /** Sorted labels (global: 0…m−1 rows, m…m+k−1 columns). */
  readonly labels: number[];
  /** labels as a bit set, for fast union tests. */
  readonly mask: bigint;
}

/**
 * The vertices of {u ∈ ℝᵈ : u ≥ 0, C·u ≤ 1} (C is e×d with positive entries, so the set is a bounded polytope),
 * where uᵢ = 0 carries label `varLabel(i)` and (Cu)ᵣ = 1 carries `rowLabel(r)`.
 */
export function polytopeVertices(C: readonly (readonly number[])[], d: number, varLabel: (i: number) => number, rowLabel: (r: number) => number): LabeledVertex[] {
  const e = C.length;
  const found = new Map<bigint, LabeledVertex>();
  // A basis: which d of the d + e constraints are tight. Constraint c < d is uₖ = 0; c ≥ d is row c − d.
  for (const basis of subsets(d + e, d)) {
    const zero = new Set(basis.filter((c) => c < d));
    const rows = basis.filter((c) => c >= d).map((c) => c - d);
    const free = Array.from({ length: d }, (_, i) => i).filter((i) => !zero.has(i));
    const sol = solveSquare(
      rows.map((r) => free.map((i) => C[r][i])),
      rows.map(() => 1),
    );
    if (!sol) continue;
    const u = new Array<number>(d).fill(0);
    free.forEach((i, t) => (u[i] = sol[t]));
    if (u.some((v) => v < -LABEL_TOLERANCE)) continue;
    const cu = C.map((row) => row.reduce((s, c, i) => s + c * u[i], 0));
    if (cu.some((v) => v > 1 + LABEL_TOLERANCE)) continue;
    const labels: number[] = [];
    u.forEach((v, i) => v <= LABEL_TOLERANCE && labels.push(varLabel(i)));
    cu.forEach((v, r) => v >= 1 - LABEL_TOLERANCE && labels.push(rowLabel(r)));
    labels.sort((a, b) => a - b);
    const mask = labels.reduce((s, l) => s | (1n << BigInt(l)), 0n);
    if (!found.has(mask)) found.set(mask, { point: u.map((v) => Math.max(0, v)), labels, mask });
  }
  return [...found.values()];
}

/** The vertices of both best-response polytopes of `game`, and whether some vertex has too many labels. */
export interface BestResponsePolytopes {
  /** Vertices of P (row strategies x, unnormalized), including the origin. */
  readonly P: LabeledVertex[];
  /** Vertices of Q (column strategies y, unnormalized), including the origin. */
  readonly Q: LabeledVertex[];
  /** True when a vertex of P has more than m labels or one of Q more than k: the game is degenerate. */
  readonly degenerate: boolean;
  /** For a degenerate game, one sentence on where: `row strategy x = (…) has 2 pure best responses`. */
  readonly degeneracyWitness?: string;
}

/** Throws an InputError when enumerating the vertices of `game` would take more than {@link MAX_BASES} solves. */
export function checkEnumerationSize(game: BimatrixGame, method: string): void {
  const bases = binomial(game.m + game.k, game.m);
  if (bases > MAX_BASES) {
    throw new InputError(`method ${method}`, `a ${game.m}×${game.k} game needs C(${game.m + game.k}, ${game.m}) = ${bases.toExponential(2)} linear solves, more than ${MAX_BASES.toExponential(0)}: use lemke-howson (or lp for a zero-sum game)`);
  }
}

/** Enumerates the vertices of P and Q for `game` (after {@link checkEnumerationSize}). */
export function bestResponsePolytopes(game: BimatrixGame): BestResponsePolytopes {
  const { m, k } = game;
  const scale = payoffScale(game);
  const A = positivePayoffs(game.A, scale);
  const B = positivePayoffs(game.B, scale);
  const Bt = Array.from({ length: k }, (_, j) => B.map((row) => row[j]));
  const P = polytopeVertices(Bt, m, (i) => i, (j) => m + j);
  const Q = polytopeVertices(A, k, (j) => m + j, (i) => i);
  const overP = P.find((v) => v.labels.length > m);
  const overQ = Q.find((v) => v.labels.length > k);
  let degeneracyWitness: string | undefined;
  const describe = (v: LabeledVertex, other: number, who: string, otherOffset: number) => {
    const s = v.point.reduce((a, b) => a + b, 0);
    const p = v.point.map((c) => Number((c / s).toPrecision(6)));
    const support = v.point.filter((c) => c > LABEL_TOLERANCE).length;
    const best = v.labels.filter((l) => l >= otherOffset && l < otherOffset + other).length;
    return `the ${who} strategy (${p.join(', ')}) has support ${support} but ${best} pure best responses`;
  };
  if (overP) degeneracyWitness = describe(overP, k, 'row', m);
  else if (overQ) degeneracyWitness = describe(overQ, m, 'column', 0);
  return { P, Q, degenerate: Boolean(overP || overQ), degeneracyWitness };
}
