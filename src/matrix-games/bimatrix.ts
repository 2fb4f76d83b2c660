/**
 * A two-player normal-form (bimatrix) game: the row player picks a row i of m, the column player a column j of k,
 * and they receive A[i][j] and B[i][j]. With mixed strategies x ∈ Δₘ and y ∈ Δₖ the expected payoffs are
 * xᵀAy (row) and xᵀBy (column), and **each player maximizes its own**. Omitting B makes the game zero-sum: B = −A,
 * the row player maximizes xᵀAy and the column player minimizes it.
 *
 * Note the sign convention against the rest of src/ (where the first player minimizes f): a matrix game is written
 * as game theory writes it, payoffs to be maximized; the replicator wrapper (src/matrix-games/replicator.ts) turns
 * it into the project's losses ℓ₀ = −xᵀAy, ℓ₁ = −xᵀBy.
 *
 * Source: von Neumann & Morgenstern 1944; Nash 1951; the notation of von Stengel, "Equilibrium computation for
 * two-player games in strategic and extensive form", ch. 3 of Nisan et al., Algorithmic Game Theory (2007).
 */
import { InputError, show } from '../errors.ts';

export interface BimatrixGame {
  /** Row player's payoffs, m rows of k entries. */
  readonly A: readonly (readonly number[])[];
  /** Column player's payoffs, same shape. */
  readonly B: readonly (readonly number[])[];
  /** Rows (row player's pure strategies). */
  readonly m: number;
  /** Columns (column player's pure strategies). */
  readonly k: number;
  /** True when B = −A exactly (as given, or B omitted). */
  readonly zeroSum: boolean;
  /** Optional labels, as a .nfg file carries them. */
  readonly title?: string;
  readonly comment?: string;
  readonly players?: readonly [string, string];
  readonly strategies?: readonly [readonly string[], readonly string[]];
}

/** What a game may carry besides its payoffs. */
export interface BimatrixLabels {
  title?: string;
  comment?: string;
  players?: readonly [string, string];
  strategies?: readonly [readonly string[], readonly string[]];
}

/**
 * Checks a matrix: a non-empty array of equally long non-empty rows of finite numbers. `where` names it in errors
 * (`--A`, `game.A`). A flat array of numbers is one row.
 */
export function readPayoffMatrix(where: string, raw: unknown): number[][] {
  const rows = Array.isArray(raw) && raw.length > 0 && raw.every((r) => typeof r === 'number') ? [raw] : raw;
  if (!Array.isArray(rows) || rows.length === 0 || !rows.every(Array.isArray)) {
    throw new InputError(where, `expected a matrix as JSON rows like [[1,-1],[-1,1]], got ${show(raw)}`);
  }
  const width = (rows[0] as unknown[]).length;
  if (width === 0) throw new InputError(where, 'row 0 is empty: every row needs at least one entry');
  rows.forEach((row: unknown[], r) => {
    if (row.length !== width) throw new InputError(where, `row ${r} has ${row.length} entries; row 0 has ${width}`);
    row.forEach((e, c) => {
      if (typeof e !== 'number' || !Number.isFinite(e)) throw new InputError(where, `entry [${r}][${c}] is ${show(e)}, not a finite number`);
    });
  });
  return (rows as number[][]).map((row) => row.slice());
}

/**
 * A bimatrix game from A and (optionally) B, both validated; B defaults to −A (zero-sum). Labels, when given, must
 * match the shape. `where` prefixes error locations (`--A`, `file.nfg`).
 */
export function bimatrixGame(A: unknown, B?: unknown, labels: BimatrixLabels = {}, where = { A: 'A', B: 'B' }): BimatrixGame {
  const a = readPayoffMatrix(where.A, A);
  const m = a.length;
  const k = a[0].length;
  let b: number[][];
  if (B === undefined) {
    b = a.map((row) => row.map((v) => (v === 0 ? 0 : -v)));
  } else {
    b = readPayoffMatrix(where.B, B);
    if (b.length !== m || b[0].length !== k) {
      throw new InputError(where.B, `is ${b.length}×${b[0].length}; A is ${m}×${k}: both players’ payoffs need the same shape`);
    }
  }
  const zeroSum = a.every((row, i) => row.every((v, j) => v + b[i][j] === 0));
  if (labels.strategies) {
    const [rs, cs] = labels.strategies;
    if (rs.length !== m || cs.length !== k) {
      throw new InputError('strategies', `${rs.length} and ${cs.length} names for a ${m}×${k} game`);
    }
  }
  return { A: a, B: b, m, k, zeroSum, ...labels };
}

/**
 * The constant c with A + B = c everywhere (a constant-sum game, strategically the zero-sum game (A, −A)), or
 * undefined. Equality to within 1e-12 of the payoff scale.
 */
export function constantSum(game: BimatrixGame): number | undefined {
  const c = game.A[0][0] + game.B[0][0];
  const tol = 1e-12 * payoffScale(game);
  for (let i = 0; i < game.m; i++) {
    for (let j = 0; j < game.k; j++) if (Math.abs(game.A[i][j] + game.B[i][j] - c) > tol) return undefined;
  }
  return c;
}

/** max(1, max |A|, max |B|): the scale that tolerances are relative to. */
export function payoffScale(game: BimatrixGame): number {
  let s = 1;
  for (const M of [game.A, game.B]) for (const row of M) for (const v of row) s = Math.max(s, Math.abs(v));
  return s;
}

/** (A·y)ᵢ for every row i: the row player's payoff of each pure strategy against y. */
export function rowPayoffs(game: BimatrixGame, y: readonly number[]): number[] {
  return game.A.map((row) => row.reduce((s, a, j) => s + a * y[j], 0));
}

/** (xᵀB)ⱼ for every column j: the column player's payoff of each pure strategy against x. */
export function colPayoffs(game: BimatrixGame, x: readonly number[]): number[] {
  const out = new Array<number>(game.k).fill(0);
  game.B.forEach((row, i) => row.forEach((b, j) => (out[j] += x[i] * b)));
  return out;
}

/** [xᵀAy, xᵀBy]. */
export function expectedPayoffs(game: BimatrixGame, x: readonly number[], y: readonly number[]): [number, number] {
  const ay = rowPayoffs(game, y);
  const by = game.B.map((row) => row.reduce((s, b, j) => s + b * y[j], 0));
  return [x.reduce((s, xi, i) => s + xi * ay[i], 0), x.reduce((s, xi, i) => s + xi * by[i], 0)];
}

/** The transposed game: the column player becomes the row player (Bᵀ, Aᵀ). */
export function transposeGame(game: BimatrixGame): BimatrixGame {
  const t = (M: readonly (readonly number[])[]) => Array.from({ length: game.k }, (_, j) => M.map((row) => row[j]));
  return { A: t(game.B), B: t(game.A), m: game.k, k: game.m, zeroSum: game.zeroSum };
}

/** `2×3 zero-sum`, `2×2 general-sum`: for summaries. */
export function describeGame(game: BimatrixGame): string {
  const kind = game.zeroSum ? 'zero-sum (B = −A)' : constantSum(game) !== undefined ? `constant-sum (A + B = ${constantSum(game)})` : 'general-sum';
  return `${game.title ? `${game.title}: ` : ''}${game.m}×${game.k} ${kind}`;
}
