/**
 * Multiplicative weights (Hedge) and its optimistic variant, both players updating simultaneously with constant
 * steps η (row) and η′ (column), over a batch of strategy pairs:
 *
 *   MWU:   x_{t+1,i} ∝ x_{t,i}·exp(η·(Ay_t)ᵢ),                     y_{t+1,j} ∝ y_{t,j}·exp(η′·(Bᵀx_t)ⱼ)
 *   OMWU:  x_{t+1,i} ∝ x_{t,i}·exp(η·(2(Ay_t)ᵢ − (Ay_{t−1})ᵢ)),    likewise for y, with y_{−1} = y₀ (a first MWU step).
 *
 * MWU: Littlestone & Warmuth 1994; Freund & Schapire 1997/1999 (Hedge, and its average play approaching the value
 * of a zero-sum game). In a zero-sum game with an interior equilibrium the last iterate of MWU with a constant step
 * moves *away*: H = KL(x*‖x) + KL(y*‖y) strictly increases and play drifts to the boundary (Bailey & Piliouras 2018,
 * "Multiplicative weights update in zero-sum games"). The optimistic step, which adds the last change of the
 * payoffs as a prediction, makes the last iterate converge to the equilibrium for small η when it is unique
 * (Daskalakis & Panageas 2019, "Last-iterate convergence: zero-sum games and constrained min-max optimization").
 *
 * The exponent is shifted by its maximum before exp() (normalization cancels the shift), so no weight overflows.
 */
import type { Dynamics } from '../dynamics.ts';
import type { BimatrixGame } from './bimatrix.ts';
import { colPayoffBatch, rowPayoffBatch } from './batch-payoffs.ts';

/** p ← p·exp(η·g) normalized, per point (d strategies, n points); g is the exponent's payoff vector. */
function multiplicativeStep(p: Float64Array, g: Float64Array, eta: number, d: number, n: number): void {
  for (let b = 0; b < n; b++) {
    let mx = -Infinity;
    for (let i = 0; i < d; i++) if (p[i * n + b] > 0) mx = Math.max(mx, g[i * n + b]);
    let s = 0;
    for (let i = 0; i < d; i++) {
      const q = p[i * n + b];
      const v = q > 0 ? q * Math.exp(eta * (g[i * n + b] - mx)) : 0;
      p[i * n + b] = v;
      s += v;
    }
    for (let i = 0; i < d; i++) p[i * n + b] /= s;
  }
}

const rate = (lr: number | readonly number[]): [number, number] => (typeof lr === 'number' ? [lr, lr] : [lr[0], lr[1]]);
const showRate = ([a, b]: [number, number]) => (a === b ? `η = ${a}` : `η = ${a}, ${b}`);

/** Simultaneous multiplicative weights with constant steps (one η, or [η_row, η_col]). */
export function hedge(game: BimatrixGame, n: number, lr: number | readonly number[]): Dynamics {
  const { m, k } = game;
  const [eta, etaCol] = rate(lr);
  const ay = new Float64Array(m * n);
  const bx = new Float64Array(k * n);
  return {
    label: `mwu (${showRate([eta, etaCol])})`,
    step([x, y]) {
      rowPayoffBatch(game, y, n, ay);
      colPayoffBatch(game, x, n, bx);
      multiplicativeStep(x, ay, eta, m, n);
      multiplicativeStep(y, bx, etaCol, k, n);
    },
  };
}

/** Simultaneous optimistic multiplicative weights: the exponent is 2·(payoffs now) − (payoffs one step ago). */
export function optimisticHedge(game: BimatrixGame, n: number, lr: number | readonly number[]): Dynamics {
  const { m, k } = game;
  const [eta, etaCol] = rate(lr);
  const ay = new Float64Array(m * n);
  const bx = new Float64Array(k * n);
  const prevAy = new Float64Array(m * n);
  const prevBx = new Float64Array(k * n);
  const gx = new Float64Array(m * n);
  const gy = new Float64Array(k * n);
  let first = true;
  return {
    label: `omwu (${showRate([eta, etaCol])})`,
    step([x, y]) {
      rowPayoffBatch(game, y, n, ay);
      colPayoffBatch(game, x, n, bx);
      if (first) {
        prevAy.set(ay);
        prevBx.set(bx);
        first = false;
      }
      for (let q = 0; q < gx.length; q++) gx[q] = 2 * ay[q] - prevAy[q];
      for (let q = 0; q < gy.length; q++) gy[q] = 2 * bx[q] - prevBx[q];
      prevAy.set(ay);
      prevBx.set(bx);
      multiplicativeStep(x, gx, eta, m, n);
      multiplicativeStep(y, gy, etaCol, k, n);
    },
  };
}
