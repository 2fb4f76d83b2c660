import { atomMass, atoms } from './density.ts';
import { partsOf, type Distribution } from './distribution.ts';

/**
 * Where distributions live, for exact answers and for quadrature.
 *
 * - The support of the density part, as merged closed intervals: ℝ when there is a normal, else the union of the
 *   uniforms' [a, b] (touching intervals merge: U[0, 1] and U[1, 2] cover [0, 2]).
 * - P ≪ Q (P absolutely continuous with respect to Q, i.e. Q(A) = 0 ⇒ P(A) = 0) holds exactly when every atom of P
 *   is an atom of Q and the density support of P lies inside that of Q up to a null set. It decides KL(P‖Q) = +∞
 *   exactly, before any number is integrated (a point against a normal, disjoint uniforms, N against U).
 * - Breakpoints for quadrature: every atom, every uniform's ends, and for a normal N(μ, σ²) the points μ + kσ for
 *   k = 0, ±½, ±1, …, ±40; beyond μ ± 40σ its density is below e^{−800}, under the smallest double, so the
 *   outermost breakpoints bound the integration range with nothing representable left outside.
 */

/** Tail cut of a normal, in standard deviations. */
export const NORMAL_TAIL = 40;
const NORMAL_STEPS = [0, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 13, 17, 22, 28, 34, NORMAL_TAIL];

/** The density's support as sorted, disjoint closed intervals (empty for a purely atomic distribution). */
export function densitySupport(d: Distribution): [number, number][] {
  const spans: [number, number][] = [];
  for (const { component: k } of partsOf(d)) {
    if (k.kind === 'normal') return [[-Infinity, Infinity]];
    if (k.kind === 'uniform') spans.push([k.a, k.b]);
  }
  spans.sort((u, v) => u[0] - v[0]);
  const merged: [number, number][] = [];
  for (const [lo, hi] of spans) {
    const last = merged[merged.length - 1];
    if (last && lo <= last[1]) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  return merged;
}

/** P ≪ Q: every set Q gives no mass, P gives none either. */
export function absolutelyContinuous(p: Distribution, q: Distribution): boolean {
  for (const a of atoms(p)) if (atomMass(q, a.at) === 0) return false;
  const sq = densitySupport(q);
  // Each interval of P's density support must sit inside one interval of Q's (both lists are merged).
  return densitySupport(p).every(([lo, hi]) => sq.some(([a, b]) => a <= lo && hi <= b));
}

/** Sorted, distinct (by value) breakpoints of all the given distributions: every atom is among them. */
export function distinctBreakpoints(...ds: Distribution[]): number[] {
  const xs: number[] = [];
  for (const d of ds) {
    for (const { component: k } of partsOf(d)) {
      if (k.kind === 'normal') for (const s of NORMAL_STEPS) xs.push(k.mean - s * k.std, k.mean + s * k.std);
      else if (k.kind === 'uniform') xs.push(k.a, k.b);
      else xs.push(k.at);
    }
  }
  xs.sort((u, v) => u - v);
  return xs.filter((x, i) => i === 0 || x !== xs[i - 1]);
}

/**
 * Quadrature breakpoints of all the given distributions: the distinct breakpoints, with points closer than a few
 * ulps merged (0 and a mean of −5e−324 would make a panel no node fits inside; a jump inside such a sliver costs
 * nothing measurable).
 */
export function breakpoints(...ds: Distribution[]): number[] {
  const out: number[] = [];
  for (const x of distinctBreakpoints(...ds)) {
    const last = out[out.length - 1];
    if (last === undefined || x - last > 4 * Number.EPSILON * Math.max(Math.abs(x), Math.abs(last)) + 1e-300) out.push(x);
  }
  return out;
}
