/**
 * The probability simplex Δₙ = {p ∈ ℝⁿ : pᵢ ≥ 0, Σᵢ pᵢ = 1}: mixed strategies, read and checked, and the
 * Kullback–Leibler divergence KL(p‖q) = Σᵢ pᵢ log(pᵢ/qᵢ) between two of them (0·log 0 = 0; +∞ when q misses part of
 * p's support), which measures distance to an equilibrium in the replicator and Hedge results of
 * ../shared/REFERENCES.md.
 */
import { InputError, show } from '../errors.ts';

/** Sums within this of 1 are accepted as probability vectors (then rescaled to sum to 1 exactly). */
export const SIMPLEX_TOLERANCE = 1e-9;

/** The uniform distribution on n points. */
export const uniform = (n: number): number[] => new Array<number>(n).fill(1 / n);

/**
 * A mixed strategy over n pure strategies: n finite numbers ≥ 0 summing to 1 (within {@link SIMPLEX_TOLERANCE}).
 * `where` names it in errors (`--x0`).
 */
export function readMixedStrategy(where: string, raw: readonly number[], n: number): number[] {
  if (raw.length !== n) throw new InputError(where, `expected ${n} probabilities (one per strategy), got ${raw.length}: ${show(raw)}`);
  raw.forEach((p, i) => {
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0) throw new InputError(where, `entry ${i + 1} is ${show(p)}: probabilities are numbers ≥ 0`);
  });
  const sum = raw.reduce((s, p) => s + p, 0);
  if (!(Math.abs(sum - 1) <= SIMPLEX_TOLERANCE)) throw new InputError(where, `entries sum to ${sum}, not 1: ${show(raw)}`);
  return raw.map((p) => p / sum);
}

/** KL(p‖q) = Σᵢ pᵢ log(pᵢ/qᵢ) ≥ 0, with 0·log(0/q) = 0 and p·log(p/0) = +∞. */
export function klDivergence(p: readonly number[], q: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0) continue;
    if (q[i] <= 0) return Infinity;
    s += p[i] * Math.log(p[i] / q[i]);
  }
  return s;
}

/** How far `p` is from the simplex: the most negative entry (as a positive number) or |Σp − 1|, whichever is larger. */
export function simplexViolation(p: ArrayLike<number>): number {
  let sum = 0;
  let neg = 0;
  for (let i = 0; i < p.length; i++) {
    sum += p[i];
    neg = Math.max(neg, -p[i]);
  }
  return Math.max(neg, Math.abs(sum - 1));
}
