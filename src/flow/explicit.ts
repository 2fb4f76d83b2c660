import type { Solver, Stepper } from './solver.ts';
import { dormandPrinceTableau, eulerTableau, rk4Tableau, type ButcherTableau } from './tableau.ts';
import type { FlowTerm } from './term.ts';

/** The nonzero entries of a row of coefficients: their stage indices and values. */
const nonzero = (row: readonly number[]) => {
  const index: number[] = [];
  const coef: number[] = [];
  row.forEach((v, j) => {
    if (v !== 0) {
      index.push(j);
      coef.push(v);
    }
  });
  return { index, coef };
};
type Row = ReturnType<typeof nonzero>;

/**
 * target ← base + h·Σ_r coef_r·k[index_r], block by block (base absent: target ← h·Σ …). Simple passes over each
 * block, one per term, so that every loop stays monomorphic. One term is z + (h·c)·k, which for Euler (c = 1) is
 * z − h·ξ bit for bit, signed zeros included.
 */
function combine(
  target: Float64Array[],
  base: readonly Float64Array[] | undefined,
  h: number,
  row: Row,
  k: readonly Float64Array[][],
): void {
  const { index, coef } = row;
  const m = index.length;
  for (let i = 0; i < target.length; i++) {
    const t = target[i];
    const z = base?.[i];
    const len = t.length;
    if (m === 0) {
      if (z) t.set(z);
      else t.fill(0);
      continue;
    }
    if (m === 1) {
      const c = h * coef[0];
      const k0 = k[index[0]][i];
      if (z) for (let q = 0; q < len; q++) t[q] = z[q] + c * k0[q];
      else for (let q = 0; q < len; q++) t[q] = c * k0[q];
      continue;
    }
    const c0 = coef[0];
    const k0 = k[index[0]][i];
    for (let q = 0; q < len; q++) t[q] = c0 * k0[q];
    for (let r = 1; r < m; r++) {
      const c = coef[r];
      const kr = k[index[r]][i];
      for (let q = 0; q < len; q++) t[q] += c * kr[q];
    }
    if (z) for (let q = 0; q < len; q++) t[q] = z[q] + h * t[q];
    else for (let q = 0; q < len; q++) t[q] *= h;
  }
}

function sameBatch(x: readonly Float64Array[], y: readonly Float64Array[]): boolean {
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const yi = y[i];
    for (let q = 0; q < xi.length; q++) if (xi[q] !== yi[q]) return false;
  }
  return true;
}

/**
 * A stepper for any explicit tableau. When the tableau has an error estimate or is FSAL, k₁ = f(z) is cached
 * together with the point it was evaluated at: a rejected step retries from the same z without re-evaluating it,
 * and after an accepted FSAL step the last stage becomes the next k₁. The cache is checked against the incoming z
 * (one comparison pass), so a caller that moves the points between calls never gets a stale k₁.
 */
function explicitStepper(tableau: ButcherTableau, term: FlowTerm): Stepper {
  const s = tableau.b.length;
  const k = Array.from({ length: s }, () => term.alloc());
  const stage = term.alloc();
  const rows = tableau.a.map(nonzero);
  const weights = nonzero(tableau.b);
  const errorWeights = tableau.e ? nonzero(tableau.e) : undefined;
  const cache = tableau.fsal || tableau.e ? term.alloc() : undefined;
  let cacheValid = false;
  let lastOut: Float64Array[] | undefined;
  const copy = (dst: Float64Array[], src: readonly Float64Array[]) => dst.forEach((d, i) => d.set(src[i]));

  return {
    step(z, h, out, err) {
      if (!(cache && cacheValid && sameBatch(z, cache))) {
        term.vf(z, k[0]);
        if (cache) {
          copy(cache, z);
          cacheValid = true;
        }
      }
      for (let i = 1; i < s; i++) {
        // FSAL: the last stage point is z' itself (a[s−1] = b), so it is built in `out` and reused.
        const target = tableau.fsal && i === s - 1 ? out : stage;
        combine(target, z, h, rows[i], k);
        term.vf(target, k[i]);
      }
      if (!tableau.fsal) combine(out, z, h, weights, k);
      if (err && errorWeights) combine(err, undefined, h, errorWeights, k);
      lastOut = out;
    },
    accept() {
      if (!tableau.fsal || !cache || !lastOut) return;
      const first = k[0];
      k[0] = k[s - 1];
      k[s - 1] = first;
      copy(cache, lastOut);
      cacheValid = true;
    },
  };
}

/**
 * Explicit Euler, z' = z + h·f(z) = z − h·ξ(z): exactly simultaneous gradient descent–ascent with η = h.
 * Stability function on ż = λz: R(w) = 1 + w (w = hλ). On x·y (λ = ±ia) |R| = √(1 + h²a²) > 1: it spirals out for
 * every h. Order 1, one field evaluation per step. (Euler 1768; Hairer, Nørsett, Wanner, "Solving ODEs I", I.7.)
 */
export const euler: Solver = {
  name: 'euler',
  order: 1,
  create: (term) => explicitStepper(eulerTableau, term),
};

/**
 * The classical Runge–Kutta method of order 4 (Butcher tableau in {@link rk4Tableau}):
 * k₁ = f(z), k₂ = f(z + h/2·k₁), k₃ = f(z + h/2·k₂), k₄ = f(z + h·k₃), z' = z + h/6·(k₁ + 2k₂ + 2k₃ + k₄).
 * Stability function R(w) = 1 + w + w²/2 + w³/6 + w⁴/24; on the imaginary axis |R(iy)|² = 1 − y⁶/72 + y⁸/576, so on
 * x·y it is slightly dissipative for h·a < 2√2 (and unstable beyond). Four field evaluations per step.
 * (Kutta 1901; Hairer, Nørsett, Wanner, "Solving ODEs I", II.1 and IV.2.)
 */
export const rk4: Solver = {
  name: 'rk4',
  order: 4,
  create: (term) => explicitStepper(rk4Tableau, term),
};

/**
 * Dormand–Prince 5(4), the method of MATLAB's ode45 and diffrax's `Dopri5` (tableau in {@link dormandPrinceTableau}):
 * seven stages, the fifth-order solution z' = z + h·Σ bᵢkᵢ is propagated and e = h·Σ (bᵢ − b̂ᵢ)kᵢ, the difference
 * with the embedded fourth-order solution, estimates the local error (O(h⁵), so the controller's exponent is 1/5).
 * First same as last: after an accepted step k₇ = f(z') is the next k₁, so a step costs six field evaluations.
 * Stability function of the propagated solution: R(w) = Σ_{j≤5} wʲ/j! + w⁶/600.
 * (Dormand & Prince 1980, J. Comput. Appl. Math. 6, 19–26; Hairer, Nørsett, Wanner, "Solving ODEs I", II.5.)
 */
export const dormandPrince: Solver = {
  name: 'rk45',
  order: 5,
  errorOrder: 5,
  create: (term) => explicitStepper(dormandPrinceTableau, term),
};
