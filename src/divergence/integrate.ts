/**
 * Globally adaptive Gauss–Kronrod quadrature of ∫ f over [b₀, b_last], split first at given breakpoints (atoms,
 * support ends, a normal's centre and its multiples of σ), then where the error is largest: the scheme of
 * QUADPACK's QAG with the 15-point Kronrod rule (Piessens, de Doncker-Kapenga, Überhuber & Kahaner, QUADPACK,
 * Springer 1983, routines qk15 and qag).
 *
 * On a panel [a, b] with centre c and half-width h, the Kronrod sum K = h·Σ wₖ f(c + h xₖ) is exact for polynomials
 * of degree ≤ 22 and the embedded 7-point Gauss sum G for degree ≤ 13. The error estimate is |K − G| itself (an
 * upper bound on K's error for smooth f; QUADPACK's sharper (200|K − G|/I_asc)^{3/2} rescaling is not used, since
 * it trusts the rule where the integrand has a feature between nodes), floored at 50ε·h·Σ wₖ|f(xₖ)| (the rounding
 * of the sum itself). The worst panel is bisected until Σ errors ≤ max(absTol, relTol·|Σ K|), no panel can be
 * improved (error at its rounding floor, or too narrow to split) or maxPanels is reached.
 *
 * No rule that only samples f can see a kink that falls between two nodes: for an integrand |h(x)| with h smooth
 * (|p − q| for total variation, |F − G| for W₁), pass `signed: h`. Every panel is then first split at the roots
 * of h found between its ends and nodes (bisection to a few ulps), so that |h| is smooth on each piece.
 *
 * f must be finite at every interior point: breakpoints go where f jumps or is infinite (the nodes never touch a
 * panel's ends).
 */

// QUADPACK qk15: Kronrod nodes on [0, 1) (largest first; the last is the centre) and weights; Gauss weights of the
// nodes xgk[1], xgk[3], xgk[5] and of the centre.
const XGK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
  0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
];
const WGK = [
  0.02293532201052922496373200805897, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
  0.140653259715525918745189590510238, 0.16900472663926790282658342659855, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
const WG = [0.129484966168869693270611432679082, 0.27970539148927666790146777142378, 0.381830050505118944950369775488975, 0.417959183673469387755102040816327];

const EPS = 2.220446049250313e-16;

/** One panel: its ends, the Kronrod value and the error estimate. */
interface Panel {
  lo: number;
  hi: number;
  value: number;
  error: number;
  /** The error is at the rounding floor: splitting cannot make it smaller. */
  atFloor: boolean;
}

/** The 15-point Kronrod value of ∫ₐᵇ f with the error estimate |K − G| (floored at the rounding error). */
export function kronrod15(f: (x: number) => number, a: number, b: number): { value: number; error: number; atFloor: boolean } {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const fc = f(c);
  let resK = fc * WGK[7];
  let resG = fc * WG[3];
  let resAbs = Math.abs(resK);
  for (let j = 0; j < 7; j++) {
    const dx = h * XGK[j];
    const u = f(c - dx);
    const v = f(c + dx);
    resK += WGK[j] * (u + v);
    resAbs += WGK[j] * (Math.abs(u) + Math.abs(v));
    if (j % 2 === 1) resG += WG[(j - 1) / 2] * (u + v);
  }
  let error = Math.abs((resK - resG) * h);
  resAbs *= Math.abs(h);
  const floor = 50 * EPS * resAbs;
  const atFloor = error <= floor;
  if (atFloor) error = floor;
  return { value: resK * h, error, atFloor };
}

/**
 * The Kronrod nodes of [a, b] with the ends, in increasing order. The ends are taken 2⁻⁴⁰ of the width inside: the
 * integrand's limit there, not its value at a breakpoint (where it may jump, or be defined only by convention).
 */
function nodesWithEnds(a: number, b: number): number[] {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const inset = (b - a) * 2 ** -40;
  const xs = [a + inset];
  for (let j = 0; j < 7; j++) xs.push(c - h * XGK[j]);
  xs.push(c);
  for (let j = 6; j >= 0; j--) xs.push(c + h * XGK[j]);
  xs.push(b - inset);
  return xs;
}

/** A root of h strictly inside (a, b) where h changes sign between the ends or the nodes, or undefined. */
function signChange(h: (x: number) => number, a: number, b: number): number | undefined {
  const xs = nodesWithEnds(a, b);
  let prevX = xs[0];
  let prev = h(prevX);
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i];
    const v = h(x);
    if ((prev < 0 && v > 0) || (prev > 0 && v < 0)) {
      // Bisection keeps the sign change bracketed: [lo, hi] with h(lo) of prev's sign.
      let lo = prevX;
      let hi = x;
      const below = prev < 0;
      for (let k = 0; k < 200 && hi - lo > 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi)); k++) {
        const mid = lo + 0.5 * (hi - lo);
        if (mid <= lo || mid >= hi) break;
        const hm = h(mid);
        if (hm === 0) return mid;
        if (hm < 0 === below) lo = mid;
        else hi = mid;
      }
      const root = lo + 0.5 * (hi - lo);
      // A jump at a panel's end (a breakpoint) is not a root inside it.
      const margin = 1e-12 * (b - a);
      return root > a + margin && root < b - margin ? root : undefined;
    }
    if (v !== 0) {
      prev = v;
      prevX = x;
    }
  }
  return undefined;
}

export interface IntegrateOptions {
  /** Relative tolerance on the total (default 1e-11). */
  relTol?: number;
  /** Absolute tolerance on the total (default 1e-15). */
  absTol?: number;
  /** Most panels (default 4000). */
  maxPanels?: number;
  /** For an integrand f = |h|: h, whose sign changes become panel ends. */
  signed?: (x: number) => number;
}

export interface Integral {
  value: number;
  /** Estimated absolute error. */
  error: number;
  /** Panels used. */
  panels: number;
  /** The tolerance was met (or no panel could be improved further). */
  converged: boolean;
}

/** A max-heap of panels by error. */
class PanelHeap {
  readonly items: Panel[] = [];
  push(p: Panel) {
    const a = this.items;
    a.push(p);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent].error >= a[i].error) break;
      [a[parent], a[i]] = [a[i], a[parent]];
      i = parent;
    }
  }
  pop(): Panel | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l].error > a[m].error) m = l;
        if (r < a.length && a[r].error > a[m].error) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

/**
 * ∫ f over [breaks[0], breaks[last]], with the breaks (sorted, finite) as the first panels. Returns value 0 for
 * fewer than two distinct breaks.
 */
export function integrate(f: (x: number) => number, breaks: readonly number[], options: IntegrateOptions = {}): Integral {
  const relTol = options.relTol ?? 1e-11;
  const absTol = options.absTol ?? 1e-15;
  const maxPanels = options.maxPanels ?? 4000;
  const heap = new PanelHeap();
  const done: Panel[] = [];
  const signed = options.signed;
  const add = (lo: number, hi: number, depth = 0): void => {
    if (signed && depth < 8) {
      const root = signChange(signed, lo, hi);
      if (root !== undefined) {
        add(lo, root, depth + 1);
        add(root, hi, depth + 1);
        return;
      }
    }
    const r = kronrod15(f, lo, hi);
    const panel = { lo, hi, ...r };
    // A panel that cannot be improved leaves the queue.
    if (r.atFloor || r.error === 0 || hi - lo <= 4 * EPS * Math.max(Math.abs(lo), Math.abs(hi), 1e-300)) done.push(panel);
    else heap.push(panel);
  };
  for (let i = 0; i + 1 < breaks.length; i++) if (breaks[i + 1] > breaks[i]) add(breaks[i], breaks[i + 1]);
  let count = heap.items.length + done.length;
  const totals = () => {
    let value = 0;
    let error = 0;
    for (const list of [heap.items, done]) {
      for (const p of list) {
        value += p.value;
        error += p.error;
      }
    }
    return { value, error };
  };
  for (;;) {
    const t = totals();
    const tol = Math.max(absTol, relTol * Math.abs(t.value));
    if (t.error <= tol || heap.items.length === 0) return { ...t, panels: count, converged: true };
    if (count >= maxPanels) return { ...t, panels: count, converged: false };
    // Split the worst panels; several per round keeps the bookkeeping linear.
    const rounds = Math.max(1, Math.min(heap.items.length, 16));
    for (let k = 0; k < rounds && count < maxPanels; k++) {
      const worst = heap.pop();
      if (!worst) break;
      const mid = 0.5 * (worst.lo + worst.hi);
      add(worst.lo, mid);
      add(mid, worst.hi);
      count = heap.items.length + done.length;
    }
  }
}
