import { atomMass, cdf, hasDensity, pdf, survival } from './density.ts';
import { asComponent, partsOf, type Component, type Distribution } from './distribution.ts';
import { normalQuantile, normalUpperQuantile } from './normal.ts';
import { distinctBreakpoints } from './support.ts';

/**
 * The quantile function F⁻¹(u) = inf{x : F(x) ≥ u}, u ∈ (0, 1): left-continuous, constant (= c) on the u-interval
 * (F(c−), F(c)] of an atom c, jumping across a gap of the support.
 *
 * A normal, uniform or point has it in closed form (μ + σΦ⁻¹(u); a + u(b − a); c). For a mixture F = Σ wᵢFᵢ:
 * 1. F is tabulated once (per distribution object) at its quadrature breakpoints (support.ts: every atom, every
 *    uniform's ends, each normal's μ + kσ), so a binary search brackets the answer between two neighbours with no
 *    atom strictly between them;
 * 2. an atom c whose jump covers the level, F(c−) < u ≤ F(c), is the answer exactly;
 * 3. otherwise F is continuous on the bracket and the root of F(x) = u is found by Newton's method with F′ = p,
 *    started from linear interpolation and safeguarded by bisection (Press et al., Numerical Recipes, 3rd ed.,
 *    §9.4, rtsafe), to a few ulps. Outside the table (beyond μ ± 40σ) the bracket is the components' own quantiles
 *    at u: below all of them every Fᵢ < u, above all of them every Fᵢ ≥ u.
 *
 * `upperQuantile(d, v)` is the same point for the upper-tail probability v = 1 − u given exactly: it solves
 * S(x) ≤ v with the survival function, so quantiles near u = 1 keep the precision that 1 − u would lose.
 */

const EPS = 2.220446049250313e-16;

function componentQuantile(k: Component, u: number): number {
  if (k.kind === 'normal') return k.mean + k.std * normalQuantile(u);
  if (k.kind === 'uniform') return k.a + u * (k.b - k.a);
  return k.at;
}

function componentUpperQuantile(k: Component, v: number): number {
  if (k.kind === 'normal') return k.mean + k.std * normalUpperQuantile(v);
  if (k.kind === 'uniform') return k.b - v * (k.b - k.a);
  return k.at;
}

/** F and S tabulated at the breakpoints, with the atom masses there. */
interface Table {
  xs: Float64Array;
  F: Float64Array;
  S: Float64Array;
  mass: Float64Array;
  /** The absolute resolution of a root: 1e-16 × the smallest std or width. */
  floor: number;
}

const tables = new WeakMap<Distribution, Table>();

function tableOf(d: Distribution): Table {
  const cached = tables.get(d);
  if (cached) return cached;
  const xs = Float64Array.from(distinctBreakpoints(d));
  let scale = Infinity;
  for (const { component: k } of partsOf(d)) {
    if (k.kind === 'normal') scale = Math.min(scale, k.std);
    else if (k.kind === 'uniform') scale = Math.min(scale, k.b - k.a);
  }
  const t: Table = {
    xs,
    F: xs.map((x) => cdf(d, x)),
    S: xs.map((x) => survival(d, x)),
    mass: xs.map((x) => atomMass(d, x)),
    floor: 1e-16 * scale,
  };
  tables.set(d, t);
  return t;
}

/**
 * The level equation of a quantile: g(x) = F(x) − u (lower), or v − S(x) with v = 1 − u (upper). Both are
 * nondecreasing in x, jump by an atom's mass at the atom, and g(x) ≥ 0 ⟺ F(x) ≥ u.
 */
const level = (d: Distribution, x: number, target: number, upper: boolean) => (upper ? target - survival(d, x) : cdf(d, x) - target);
const levelAt = (t: Table, k: number, target: number, upper: boolean) => (upper ? target - t.S[k] : t.F[k] - target);

/**
 * The least x in [lo, hi] with g(x) ≥ 0, for the level g continuous on (lo, hi) with g′ = p, given
 * g(lo) < 0 ≤ g(hi), starting at x0: Newton inside the bracket, bisection when Newton leaves it or after 60 rounds;
 * stops when the bracket or Newton's step is below a few ulps.
 */
function solve(d: Distribution, target: number, upper: boolean, lo: number, hi: number, x0: number, floor: number): number {
  let x = x0 > lo && x0 < hi ? x0 : lo + 0.5 * (hi - lo);
  for (let iter = 0; iter < 400; iter++) {
    const gx = level(d, x, target, upper);
    if (gx >= 0) hi = x;
    else lo = x;
    const tol = 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi)) + floor;
    if (hi - lo <= tol) break;
    const mid = lo + 0.5 * (hi - lo);
    const dens = iter < 60 ? pdf(d, x) : 0;
    let next = mid;
    if (dens > 0) {
      const step = -gx / dens;
      const xn = x + step;
      // Newton has converged to within the tolerance: its next iterate is the root (to a few ulps).
      if (Math.abs(step) <= tol && xn >= lo && xn <= hi) return xn;
      if (xn > lo && xn < hi) next = xn;
    }
    if (next === x) next = mid;
    x = next;
  }
  return hi;
}

/** The generalized inverse of a mixture: the least x with g(x) ≥ 0 for the level of `target`. */
function mixtureQuantile(d: Distribution, target: number, upper: boolean): number {
  const t = tableOf(d);
  const n = t.xs.length;
  // The first table point where g ≥ 0.
  let a = 0;
  let b = n;
  while (a < b) {
    const m = (a + b) >> 1;
    if (levelAt(t, m, target, upper) >= 0) b = m;
    else a = m + 1;
  }
  const k = a;
  // An atom whose jump covers the level.
  if (k < n && t.mass[k] > 0 && levelAt(t, k, target, upper) - t.mass[k] < 0) return t.xs[k];
  if (!hasDensity(d)) return k < n ? t.xs[k] : t.xs[n - 1];
  let lo: number;
  let hi: number;
  let glo: number;
  let ghi: number;
  if (k === 0 || k === n) {
    // Beyond the table: bracket with the components' own quantiles.
    const qs = partsOf(d).map((p) => (upper ? componentUpperQuantile(p.component, target) : componentQuantile(p.component, target)));
    lo = k === 0 ? Math.min(...qs) : t.xs[n - 1];
    hi = k === 0 ? t.xs[0] : Math.max(...qs);
    if (!(lo < hi) || !Number.isFinite(lo) || !Number.isFinite(hi)) return k === 0 ? Math.min(lo, hi) : Math.max(lo, hi);
    glo = level(d, lo, target, upper);
    ghi = level(d, hi, target, upper);
    if (glo >= 0) return lo;
    if (ghi < 0) return hi;
  } else {
    lo = t.xs[k - 1];
    hi = t.xs[k];
    glo = levelAt(t, k - 1, target, upper);
    ghi = levelAt(t, k, target, upper) - t.mass[k];
  }
  const x0 = ghi > glo ? lo + ((hi - lo) * -glo) / (ghi - glo) : lo + 0.5 * (hi - lo);
  return solve(d, target, upper, lo, hi, x0, t.floor);
}

/** F⁻¹(u) for u ∈ (0, 1); −Infinity/Infinity at 0/1 for an unbounded distribution. */
export function quantile(d: Distribution, u: number): number {
  const single = asComponent(d);
  return single ? componentQuantile(single, u) : mixtureQuantile(d, u, false);
}

/** F⁻¹(1 − v) for the upper-tail probability v ∈ (0, 1), computed from v itself. */
export function upperQuantile(d: Distribution, v: number): number {
  const single = asComponent(d);
  return single ? componentUpperQuantile(single, v) : mixtureQuantile(d, v, true);
}

/** F⁻¹ at u, from the side that keeps the precision: quantile(u) for u ≤ ½, upperQuantile(1 − u) above. */
export const quantileAt = (d: Distribution, u: number): number => (u <= 0.5 ? quantile(d, u) : upperQuantile(d, 1 - u));
