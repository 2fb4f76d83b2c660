/**
 * The value and optimal strategies of a zero-sum game by linear programming (von Neumann 1928; Dantzig 1951):
 * the row player's guarantee maxₓ minⱼ (xᵀA)ⱼ and the column player's minᵧ maxᵢ (Ay)ᵢ are two linear programs,
 * dual to each other, with the same optimum v, the value (the minimax theorem). With the payoffs shifted to be
 * positive (A′ = 1 + (A − min A)/(max A − min A) ∈ [1, 2], v′ > 0), the substitution u = x/v′, w = y/v′ gives
 *
 *   min Σᵢ uᵢ  s.t. A′ᵀu ≥ 1, u ≥ 0      (x = u/Σu, v′ = 1/Σu),
 *   max Σⱼ wⱼ  s.t. A′w ≤ 1,  w ≥ 0      (y = w/Σw, v′ = 1/Σw).
 *
 * A constant-sum game (A + B = c) is the zero-sum game (A, −A) for strategy, with payoffs (v, c − v).
 *
 * The LP solver is yalps (npm `yalps`, MIT, by Ian Manske): a dense simplex method in plain TypeScript, 10 kB
 * minified (4 kB gzipped) plus the 8 kB `heap`, ESM with types, synchronous, the same code in Node, a worker and a
 * page, and maintained (releases through 2025–26). Compared: javascript-lp-solver (the project yalps rewrote; its
 * browser bundles are 170–360 kB, JSON models, weaker types) and highs (the HiGHS C++ solver compiled to
 * WebAssembly: far stronger on large LPs, but a 3.5 MB wasm file behind an async loader, which a page that only
 * solves a 3×3 game should not download). Matrix games here are small, so a plain simplex is the right size; its
 * answer is polished by one solve of its indifference equations (src/matrix-games/polish.ts) and then checked,
 * like every solver's, by the max-regret test (src/matrix-games/equilibrium.ts).
 */
import { solve, type Model } from 'yalps';
import { InputError } from '../errors.ts';
import { constantSum, type BimatrixGame } from './bimatrix.ts';
import { makeEquilibrium, verifiedEquilibria, type NashResult } from './equilibrium.ts';
import { polishEquilibrium } from './polish.ts';
import { positivePayoffs } from './polytope.ts';

/** Entries below this are zero to the simplex method (payoffs are in [1, 2] when it runs). */
const LP_PRECISION = 1e-12;

/** Solves one of the two programs; the variables' values by index. */
function solveLp(direction: 'minimize' | 'maximize', n: number, constraintCount: number, coef: (v: number, c: number) => number, bound: { min: number } | { max: number }): number[] {
  const model: Model = {
    direction,
    objective: 'sum',
    constraints: Object.fromEntries(Array.from({ length: constraintCount }, (_, c) => [`c${c}`, bound])),
    variables: Object.fromEntries(
      Array.from({ length: n }, (_, v) => [`v${v}`, { sum: 1, ...Object.fromEntries(Array.from({ length: constraintCount }, (_, c) => [`c${c}`, coef(v, c)])) }]),
    ),
  };
  const sol = solve(model, { precision: LP_PRECISION, includeZeroVariables: true });
  if (sol.status !== 'optimal') throw new Error(`yalps: ${direction} program ended ${sol.status} (a bug: both programs are feasible and bounded)`);
  const out = new Array<number>(n).fill(0);
  for (const [key, value] of sol.variables) out[Number(key.slice(1))] = value;
  return out;
}

/**
 * The value of a zero-sum (or constant-sum) game and one pair of optimal strategies, which is an equilibrium;
 * every pair of optimal strategies is one, with the same payoffs (the set of them is a product of polytopes).
 * Throws an InputError for a general-sum game.
 */
export function zeroSumLp(game: BimatrixGame): NashResult & { value: number } {
  const c = game.zeroSum ? 0 : constantSum(game);
  if (c === undefined) {
    throw new InputError('method lp', 'needs a zero-sum game (B = −A, or A + B constant); this game is general-sum: use support or lemke-howson');
  }
  const { A, m, k } = game;
  const Ap = positivePayoffs(A);
  const u = solveLp('minimize', m, k, (i, j) => Ap[i][j], { min: 1 });
  const w = solveLp('maximize', k, m, (j, i) => Ap[i][j], { max: 1 });
  const warnings: string[] = [];
  const candidate = polishEquilibrium(game, makeEquilibrium(game, u, w));
  const equilibria = verifiedEquilibria(game, [candidate], warnings, 'lp');
  // The value from the polished strategies (exact at an equilibrium), not from 1/Σu, which carries the LP's rounding.
  const value = candidate.payoffs[0];
  return { method: 'lp', equilibria, warnings, value };
}
