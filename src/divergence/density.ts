import { MAX_PARTS, partsOf, type Distribution } from './distribution.ts';
import { normalCdf, normalSurvival } from './normal.ts';

/**
 * Evaluating a distribution P = P_ac + P_atoms (distribution.ts): its density, cdf, survival function and atoms.
 *
 * - density p(x) = Σ wᵢ pᵢ(x) of the normal and uniform parts, in log space (log-sum-exp of log wᵢ + log pᵢ(x)) so
 *   that far tails never underflow to 0 before two densities are compared; a uniform's density is 1/(b − a) on
 *   [a, b] (the endpoints are a null set).
 * - cdf F(x) = P(X ≤ x), right-continuous; survival S(x) = P(X > x) = 1 − F(x), computed from the upper tails
 *   themselves (Φ(−z) for a normal) so that they keep their relative precision.
 * - atoms: the points, merged by location, sorted.
 *
 * Quadrature calls these millions of times, so each distribution object is flattened once into typed arrays
 * (cached in a WeakMap: distributions are immutable values).
 */

/** log-sum-exp of two log values, −Infinity when both are. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** An atom: a location with positive mass. */
export interface Atom {
  readonly at: number;
  readonly mass: number;
}

const NORMAL = 0;
const UNIFORM = 1;
const POINT = 2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** A distribution flattened into arrays, built once per distribution object: the hot loops of quadrature read it. */
interface Compiled {
  kind: Uint8Array;
  w: Float64Array;
  /** log w − log σ − log √(2π) for a normal, log w − log(b − a) for a uniform. */
  logNorm: Float64Array;
  /** mean or a (or the atom's location). */
  a: Float64Array;
  /** std or b. */
  b: Float64Array;
  atoms: Atom[];
  mass: Map<number, number>;
  hasDensity: boolean;
}

const compiledCache = new WeakMap<Distribution, Compiled>();
const scratch = new Float64Array(MAX_PARTS);

function compile(d: Distribution): Compiled {
  const cached = compiledCache.get(d);
  if (cached) return cached;
  const parts = partsOf(d);
  const n = parts.length;
  const c: Compiled = {
    kind: new Uint8Array(n),
    w: new Float64Array(n),
    logNorm: new Float64Array(n),
    a: new Float64Array(n),
    b: new Float64Array(n),
    atoms: [],
    mass: new Map(),
    hasDensity: false,
  };
  parts.forEach(({ weight, component: k }, i) => {
    c.w[i] = weight;
    if (k.kind === 'normal') {
      c.kind[i] = NORMAL;
      c.a[i] = k.mean;
      c.b[i] = k.std;
      c.logNorm[i] = Math.log(weight) - Math.log(k.std) - LOG_SQRT_2PI;
      c.hasDensity = true;
    } else if (k.kind === 'uniform') {
      c.kind[i] = UNIFORM;
      c.a[i] = k.a;
      c.b[i] = k.b;
      c.logNorm[i] = Math.log(weight) - Math.log(k.b - k.a);
      c.hasDensity = true;
    } else {
      c.kind[i] = POINT;
      c.a[i] = k.at;
      c.mass.set(k.at, (c.mass.get(k.at) ?? 0) + weight);
    }
  });
  c.atoms = [...c.mass].map(([at, mass]) => ({ at, mass })).sort((u, v) => u.at - v.at);
  compiledCache.set(d, c);
  return c;
}

/** log p(x): the log density of the absolutely continuous part (−Infinity where it is 0), by log-sum-exp. */
export function logPdf(d: Distribution, x: number): number {
  const c = compile(d);
  const n = c.kind.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    let v = -Infinity;
    if (c.kind[i] === NORMAL) {
      const z = (x - c.a[i]) / c.b[i];
      v = c.logNorm[i] - 0.5 * z * z;
    } else if (c.kind[i] === UNIFORM && x >= c.a[i] && x <= c.b[i]) {
      v = c.logNorm[i];
    }
    scratch[i] = v;
    if (v > max) max = v;
  }
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) if (scratch[i] !== -Infinity) sum += Math.exp(scratch[i] - max);
  return max + Math.log(sum);
}

/** p(x): the density of the absolutely continuous part. */
export const pdf = (d: Distribution, x: number): number => Math.exp(logPdf(d, x));

/** F(x) = P(X ≤ x). */
export function cdf(d: Distribution, x: number): number {
  const c = compile(d);
  let s = 0;
  for (let i = 0; i < c.kind.length; i++) {
    const k = c.kind[i];
    const F =
      k === NORMAL ? normalCdf((x - c.a[i]) / c.b[i]) : k === UNIFORM ? (x <= c.a[i] ? 0 : x >= c.b[i] ? 1 : (x - c.a[i]) / (c.b[i] - c.a[i])) : x >= c.a[i] ? 1 : 0;
    s += c.w[i] * F;
  }
  return Math.min(1, s);
}

/** S(x) = P(X > x) = 1 − F(x), computed from the upper tails themselves. */
export function survival(d: Distribution, x: number): number {
  const c = compile(d);
  let s = 0;
  for (let i = 0; i < c.kind.length; i++) {
    const k = c.kind[i];
    const S =
      k === NORMAL ? normalSurvival((x - c.a[i]) / c.b[i]) : k === UNIFORM ? (x <= c.a[i] ? 1 : x >= c.b[i] ? 0 : (c.b[i] - x) / (c.b[i] - c.a[i])) : x >= c.a[i] ? 0 : 1;
    s += c.w[i] * S;
  }
  return Math.min(1, s);
}

/** The atoms of a distribution, sorted by location, points at the same location merged. */
export const atoms = (d: Distribution): readonly Atom[] => compile(d).atoms;

/** The mass of the atom at x (0 when there is none). */
export const atomMass = (d: Distribution, x: number): number => compile(d).mass.get(x) ?? 0;

/** Whether the distribution has a density part (a normal or uniform component). */
export const hasDensity = (d: Distribution): boolean => compile(d).hasDensity;

/** E[X]. */
export function mean(d: Distribution): number {
  let s = 0;
  for (const { weight, component: k } of partsOf(d)) s += weight * (k.kind === 'normal' ? k.mean : k.kind === 'uniform' ? (k.a + k.b) / 2 : k.at);
  return s;
}

/** Var[X] = Σ wᵢ(Var Xᵢ + (E Xᵢ − E X)²). */
export function variance(d: Distribution): number {
  const m = mean(d);
  let s = 0;
  for (const { weight, component: k } of partsOf(d)) {
    const [mi, vi] =
      k.kind === 'normal' ? [k.mean, k.std * k.std] : k.kind === 'uniform' ? [(k.a + k.b) / 2, (k.b - k.a) ** 2 / 12] : [k.at, 0];
    s += weight * (vi + (mi - m) ** 2);
  }
  return s;
}
