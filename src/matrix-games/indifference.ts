/**
 * The indifference equations behind mixed equilibria: a mixed strategy p of one player with support S makes the
 * other player indifferent among the pure strategies T when
 *
 *   Σ_{s∈S} p_s·M(s, t) = w  for every t ∈ T,   Σ_{s∈S} p_s = 1,
 *
 * where M(s, t) is the *other* player's payoff when this one plays s and the other t, and w is the common payoff
 * (Nash 1951; von Stengel 2007, AGT ch. 3). With |S| = |T| it is a square system of |S| + 1 equations in p_S and w.
 */
import { solveSquare } from './linear-system.ts';

/**
 * p (a full vector of length `size`, zero off `support`) and w solving the equations above, or undefined when the
 * system is singular. p may have negative entries: the caller decides whether it is a strategy.
 */
export function equalizingStrategy(
  M: (s: number, t: number) => number,
  support: readonly number[],
  against: readonly number[],
  size: number,
): { p: number[]; w: number } | undefined {
  // Unknowns (p_support…, w); rows: one per t (Σ p M − w = 0), then Σ p = 1.
  const rows = against.map((t) => [...support.map((s) => M(s, t)), -1]);
  rows.push([...support.map(() => 1), 0]);
  const sol = solveSquare(rows, [...against.map(() => 0), 1]);
  if (!sol) return undefined;
  const p = new Array<number>(size).fill(0);
  support.forEach((s, n) => (p[s] = sol[n]));
  return { p, w: sol[support.length] };
}
