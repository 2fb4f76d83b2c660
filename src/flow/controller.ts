import type { FlowTerm } from './term.ts';

/**
 * Chooses step sizes, and for adaptive solvers judges each attempted step: the third, swappable piece beside the
 * term and the solver (diffrax's `AbstractStepSizeController`). Step sizes are signed like the output interval dt.
 */
export interface StepSizeController {
  /** Whether `adapt` needs an error estimate (the solver must provide one). */
  readonly adaptive: boolean;
  /** The first step size to try from z, for output intervals of length dt. */
  init(z: readonly Float64Array[], dt: number): number;
  /**
   * Judges the attempted step z → cand of size h whose local error estimate is err: returns whether to keep it, and
   * sets {@link next} (and {@link capped}).
   */
  adapt(h: number, z: readonly Float64Array[], cand: readonly Float64Array[], err?: readonly Float64Array[]): boolean;
  /** The step size proposed by the last `adapt`. */
  readonly next: number;
  /** True when the last proposal was limited by the maximal growth factor: the error said "much larger is fine". */
  readonly capped: boolean;
}

/** A constant step: every step has size dt and is kept (diffrax's `ConstantStepSize`). */
export function constantStep(): StepSizeController {
  const c = {
    adaptive: false,
    next: 0,
    capped: false,
    init: (_z: readonly Float64Array[], dt: number) => dt,
    adapt(h: number) {
      c.next = h;
      return true;
    },
  };
  return c;
}

/**
 * The error norm of Hairer, Nørsett, Wanner ("Solving ODEs I", II.4, (4.11)), per point b of the batch:
 *   ‖e‖_b = √( (1/d)·Σₖ (eₖ / (atol + rtol·max(|zₖ|, |z'ₖ|)))² ),
 * the RMS over the point's d coordinates; returns the largest over the batch. Points whose start z is not finite
 * (diverged earlier) are left out, so they cannot hold the others back; a finite point whose candidate or error is
 * not finite counts as +∞ (the step is too large for it). `acc` and `bad` are scratch of length n.
 */
export function batchErrorNorm(
  z: readonly Float64Array[],
  cand: readonly Float64Array[],
  err: readonly Float64Array[],
  rtol: number,
  atol: number,
  n: number,
  acc: Float64Array,
  bad: Uint8Array,
): number {
  acc.fill(0);
  bad.fill(0);
  let d = 0;
  for (let i = 0; i < z.length; i++) {
    const zi = z[i];
    const ci = cand[i];
    const ei = err[i];
    for (let off = 0; off < zi.length; off += n) {
      d++;
      for (let b = 0; b < n; b++) {
        const k = off + b;
        const zk = zi[k];
        if (zk - zk !== 0) bad[b] = 1; // ±∞ or NaN
        const r = ei[k] / (atol + rtol * Math.max(Math.abs(zk), Math.abs(ci[k])));
        acc[b] += r * r;
      }
    }
  }
  let worst = 0;
  for (let b = 0; b < n; b++) {
    if (bad[b]) continue;
    const s = acc[b];
    if (!(s <= Number.MAX_VALUE)) return Infinity; // NaN or +∞ at a finite start
    if (s > worst) worst = s;
  }
  return Math.sqrt(worst / d);
}

/** Options of the {@link pidController}. */
export interface PidOptions {
  rtol: number;
  atol: number;
  /** Proportional coefficient β_P (0: an I controller). */
  pcoeff: number;
  /** Integral coefficient β_I. */
  icoeff: number;
}

/** Safety factor and bounds on the change of the step size, as in diffrax's `PIDController` defaults. */
const SAFETY = 0.9;
const FACTOR_MIN = 0.2;
const FACTOR_MAX = 10;

/**
 * The adaptive PI controller (an I controller when pcoeff = 0), in diffrax's form: with ε the error norm of the step
 * ({@link batchErrorNorm}) and k the solver's error order,
 *   h_next = h·clip(safety·(1/εₙ)^((β_I + β_P)/k)·(1/εₙ₋₁)^(−β_P/k), factormin, factormax),
 * keeping the step when εₙ ≤ 1; after a rejection the factor is at most `safety` (the step shrinks). εₙ₋₁ is the error
 * of the last kept step. (Hairer, Nørsett, Wanner, "Solving ODEs I", II.4; Hairer & Wanner, "Solving ODEs II",
 * IV.2; Söderlind 2002, "Automatic control and adaptive time-stepping".)
 *
 * In a batch the step size is shared by every point: a step is kept only when the worst point's error norm is ≤ 1.
 * This is conservative (points with an easy trajectory take the steps the hardest point needs) but correct for
 * every point: each point's local error meets the tolerance at every kept step, as if it had been integrated
 * alone with these (smaller than needed) steps. The numbers of one point therefore depend on its batch-mates
 * through the step sequence, though only within the tolerance.
 */
export function pidController(term: FlowTerm, options: PidOptions, errorOrder: number): StepSizeController {
  const { rtol, atol, pcoeff, icoeff } = options;
  const n = term.n;
  const acc = new Float64Array(n);
  const bad = new Uint8Array(n);
  const exponentNow = (icoeff + pcoeff) / errorOrder;
  const exponentPrev = -pcoeff / errorOrder;
  let prevInverse = 1;
  const c = {
    adaptive: true,
    next: 0,
    capped: false,
    init: (z: readonly Float64Array[], dt: number) => initialStepSize(term, z, dt, errorOrder, rtol, atol),
    adapt(h: number, z: readonly Float64Array[], cand: readonly Float64Array[], err?: readonly Float64Array[]) {
      if (!err) throw new Error('an adaptive step-size controller needs a solver with an error estimate');
      const e = batchErrorNorm(z, cand, err, rtol, atol, n, acc, bad);
      const keep = e <= 1;
      const inverse = 1 / e;
      let factor = SAFETY * inverse ** exponentNow * (exponentPrev === 0 ? 1 : prevInverse ** exponentPrev);
      const hi = keep ? FACTOR_MAX : SAFETY;
      c.capped = keep && !(factor < hi);
      if (!(factor < hi)) factor = hi;
      if (!(factor > FACTOR_MIN)) factor = FACTOR_MIN;
      c.next = h * factor;
      // An error of exactly 0 or +∞ says nothing about the next step: do not let it steer the PI term.
      if (keep) prevInverse = inverse > 0 && inverse < Infinity ? inverse : 1;
      return keep;
    },
  };
  return c;
}

/**
 * The starting step size of Hairer, Nørsett, Wanner ("Solving ODEs I", II.4, p. 169), per point, with
 * sc = atol + rtol·|z₀| and the RMS norm: d₀ = ‖z₀‖, d₁ = ‖f(z₀)‖, h₀ = 0.01·d₀/d₁ (10⁻⁶ when either is < 10⁻⁵),
 * d₂ = ‖f(z₀ + h₀f(z₀)) − f(z₀)‖/h₀, h₁ = (0.01/max(d₁, d₂))^(1/k), h = min(100·h₀, h₁). The batch starts with the
 * smallest h over its finite points (a point where f and its change vanish imposes nothing), at most |dt|, signed
 * like dt. Two field evaluations, once per Dynamics; the buffers live only for this call.
 */
function initialStepSize(
  term: FlowTerm,
  z: readonly Float64Array[],
  dt: number,
  errorOrder: number,
  rtol: number,
  atol: number,
): number {
  const n = term.n;
  const f0 = term.alloc();
  const f1 = term.alloc();
  const z1 = term.alloc();
  term.vf(z, f0);
  /** Per point: RMS of (u − v)/sc over its coordinates (v absent: of u/sc). */
  const norms = (u: readonly Float64Array[], v?: readonly Float64Array[]) => {
    const s = new Float64Array(n);
    let d = 0;
    for (let i = 0; i < z.length; i++) {
      for (let off = 0; off < z[i].length; off += n, d++) {
        for (let b = 0; b < n; b++) {
          const k = off + b;
          const r = (u[i][k] - (v ? v[i][k] : 0)) / (atol + rtol * Math.abs(z[i][k]));
          s[b] += r * r;
        }
      }
    }
    return s.map((x) => Math.sqrt(x / d));
  };
  const d0 = norms(z);
  const d1 = norms(f0);
  const h0 = d0.map((x, b) => (x < 1e-5 || d1[b] < 1e-5 ? 1e-6 : (0.01 * x) / d1[b]));
  const sign = Math.sign(dt);
  for (let i = 0; i < z.length; i++) {
    for (let k = 0; k < z[i].length; k++) z1[i][k] = z[i][k] + sign * h0[k % n] * f0[i][k];
  }
  term.vf(z1, f1);
  const d2 = norms(f1, f0);
  let h = Math.abs(dt);
  for (let b = 0; b < n; b++) {
    const m = Math.max(d1[b], d2[b] / h0[b]);
    if (!(m > 1e-15 && m < Infinity) || !Number.isFinite(d0[b])) continue;
    h = Math.min(h, 100 * h0[b], (0.01 / m) ** (1 / errorOrder));
  }
  return sign * Math.max(h, 1e-12 * Math.abs(dt));
}
