import { InputError, show } from '../errors.ts';
import { solveAssignment } from './assignment.ts';

/**
 * Exact optimal transport between two point clouds in ℝᵈ (d = 2 for the lecture) with uniform weights:
 *
 *   W_p(P̂, Q̂)^p = min over couplings γ of Σᵢⱼ γᵢⱼ‖xᵢ − yⱼ‖^p,  P̂ = (1/n)Σδ_{xᵢ}, Q̂ = (1/m)Σδ_{yⱼ}.
 *
 * For n = m the optimal coupling can be taken to be a permutation (Birkhoff–von Neumann: the extreme points of the
 * doubly stochastic matrices are permutations), so the problem is the assignment problem on C = (‖xᵢ − yⱼ‖^p),
 * solved exactly in O(n³) (assignment.ts). For n ≠ m each xᵢ is repeated L/n times and each yⱼ L/m times,
 * L = lcm(n, m): every coupling of the originals spreads evenly over the copies and every permutation of the
 * copies sums back to a coupling, so the same value comes out (Peyré & Cuturi, Computational Optimal Transport,
 * 2019, §2.2–2.3). L is limited to MAX_TRANSPORT_POINTS; above that, use the sliced distance (sliced.ts).
 */

/** Largest (replicated) cloud size solved exactly: n = 600 takes about a second. */
export const MAX_TRANSPORT_POINTS = 600;

export type Cloud = readonly (readonly number[])[];

export interface Transport {
  /** W_p. */
  value: number;
  /** An optimal plan as L = lcm(n, m) moves of mass 1/L each: from x-point `from` to y-point `to` (indices). */
  match: { from: number; to: number }[];
}

/** Checks a cloud: nonempty, points of one dimension, finite coordinates; returns the dimension. */
export function checkCloud(cloud: Cloud, where: string): number {
  if (!Array.isArray(cloud) || cloud.length === 0) throw new InputError(where, 'expected at least one point');
  const d = cloud[0]?.length;
  if (!d) throw new InputError(where, `point 1 is ${show(cloud[0])}, not a list of coordinates`);
  cloud.forEach((pt, i) => {
    if (!Array.isArray(pt) || pt.length !== d) throw new InputError(where, `point ${i + 1} has ${pt?.length} coordinates, not ${d}`);
    pt.forEach((c) => {
      if (typeof c !== 'number' || !Number.isFinite(c)) throw new InputError(where, `point ${i + 1} has a coordinate ${typeof c === 'number' ? String(c) : show(c)}, not a finite number`);
    });
  });
  return d;
}

/** v·2ᵉ in two factors, so that 2ᵉ itself may overflow or underflow while the product does not. */
const ldexp = (v: number, e: number) => v * 2 ** Math.trunc(e / 2) * 2 ** (e - Math.trunc(e / 2));

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** ‖a − b‖^p. */
function costOf(a: readonly number[], b: readonly number[], p: number): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) ** 2;
  return p === 2 ? s : Math.pow(Math.sqrt(s), p);
}

/**
 * Exact W_p between two clouds with uniform weights (p ≥ 1). The clouds are first scaled by a power of two s that
 * brings the largest |coordinate| into (½, 1] (W_p(sP, sQ) = s·W_p(P, Q), exactly, since scaling by 2ᵏ rounds nothing),
 * so that ‖xᵢ − yⱼ‖^p stays finite for far-apart points and large p.
 */
export function exactWasserstein(xs: Cloud, ys: Cloud, p = 2): Transport {
  const d = checkCloud(xs, 'cloud x');
  if (checkCloud(ys, 'cloud y') !== d) throw new InputError('cloud y', `points have ${ys[0].length} coordinates; cloud x has ${d}`);
  if (!(p >= 1) || !Number.isFinite(p)) throw new InputError('p', `expected a number ≥ 1, got ${show(p)}`);
  const n = xs.length;
  const m = ys.length;
  const L = (n / gcd(n, m)) * m;
  if (L > MAX_TRANSPORT_POINTS) {
    const why = n === m ? `${n} points` : `${n} and ${m} points need ${L} copies (lcm)`;
    throw new InputError('exact transport', `${why}; at most ${MAX_TRANSPORT_POINTS}: use the sliced distance`);
  }
  const rx = L / n;
  const ry = L / m;
  const top = Math.max(...xs.flat().map(Math.abs), ...ys.flat().map(Math.abs));
  // 2ᵉ ≥ top, with e kept where both 2⁻ᵉ and 2ᵉ⁄² are normal numbers (subnormal or huge clouds).
  const e = top > 0 ? Math.min(1024, Math.max(-1000, Math.ceil(Math.log2(top)))) : 0;
  const scaled = (c: Cloud) => c.map((pt) => pt.map((v) => ldexp(v, -e)));
  const [sx, sy] = [scaled(xs), scaled(ys)];
  const cost = new Float64Array(L * L);
  for (let i = 0; i < L; i++) {
    const a = sx[Math.floor(i / rx)];
    for (let j = 0; j < L; j++) cost[i * L + j] = costOf(a, sy[Math.floor(j / ry)], p);
  }
  const { columnOf, cost: total } = solveAssignment(cost, L);
  const match = Array.from(columnOf, (j, i) => ({ from: Math.floor(i / rx), to: Math.floor(j / ry) }));
  return { value: ldexp(Math.pow(Math.max(0, total) / L, 1 / p), e), match };
}
