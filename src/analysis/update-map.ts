import { InputError } from '../errors.ts';
import { allocBatch, gameDim, gameField, type Game } from '../game.ts';
import type { Optimizer } from '../optim/types.ts';
import { float64Space } from '../space.ts';
import { owners } from './point.ts';
import { eigenvalues, maxModulus, modulus, type Complex } from './spectrum.ts';

/**
 * What one step of an optimizer does near a stationary point z*: its linearized update map.
 *
 * An optimizer's persistent state s = (δ, slots) — the displacement δ = z − z* and every slot it keeps between steps
 * (heavy ball's velocity, optimistic GDA's previous gradient, the EMA of the iterates; slots named `_…` are scratch)
 * — evolves as s′ = T(s). On the linear model of the game at z* (linear-model.ts) T is affine, T(s) = c + M·s, for
 * every rule that is linear in the gradient, and M is the Jacobian of the optimizer's true update at (z*, 0): the
 * map whose eigenvalues decide local convergence (Mescheder, Nowozin & Geiger 2017, Prop. 3: the iteration converges
 * locally, linearly, iff the spectral radius ρ(M) < 1; Gidel et al. 2019 and Daskalakis et al. 2018 derive the same
 * matrices by hand for momentum and OGDA on bilinear games).
 *
 * M is not written per optimizer: it is read off the optimizer itself. One step over a batch of D + 2 points, where
 * D = dim s, starts point 0 at s = 0 (giving c), point 1 + k at the unit vector eₖ (giving column k, c + M·eₖ), and
 * the last point at a fixed mixture w (a check: T(w) must equal c + M·w). The same step is probed again at another
 * step count t, so that a rule whose map changes with t is caught too. Exact up to rounding for simgda, altgda
 * (any order, n_g, n_d), eg, ogda, momentum (simultaneous or alternating), consensus, sga, unrolled (with or without
 * backpropagation), proximal and EMA averaging; refused with a {@link NotLinearizableError} for Adam (m/(√v + ε)
 * normalizes the gradient: not linear in it) and for uniform averaging (its weight 1/(t + 1) changes every step).
 *
 * c ≠ 0 means z* is not a fixed point of the optimizer, though ξ(z*) = 0: unrolled steps on a general-sum game move
 * the min player by −η·(∂y_k/∂x)ᵀ∇ᵧℓ₀, which need not vanish there.
 *
 * A per-player mix (src/optim per-player.ts, e.g. `simgda,momentum`) is probed the same way. Its state keeps every
 * slot for every player; a slot's block that its player's rule never touches (the velocity of the player on plain
 * steps) is an inert coordinate, left unchanged and moving nothing, and is left out of M and its spectrum.
 *
 * A subspace of equilibria (a singular J of an affine game) gives M the eigenvalue 1 on it, whatever the step:
 * moving along the subspace moves from one equilibrium to another. `neutral` such eigenvalues (those nearest 1) are
 * set aside in the spectral radius, which then measures convergence to the subspace.
 */
export class NotLinearizableError extends InputError {
  constructor(optimizer: string, why: string) {
    super(`optimizer ${optimizer}`, `has no linear update map: ${why}`);
    this.name = 'NotLinearizableError';
  }
}

export interface UpdateMap {
  /** The optimizer's label. */
  label: string;
  /** What each entry of the state s is: `x`, `y`, then `velocity.x`, `velocity.y`, … */
  coordinates: string[];
  /** M, with s′ = offset + M·s. */
  matrix: number[][];
  /** c = T(0); all zero when z* is a fixed point of the optimizer. */
  offset: number[];
  /** Eigenvalues of M, by real part then imaginary part, descending. */
  eigenvalues: Complex[];
  /** Eigenvalues at 1 set aside as belonging to a subspace of equilibria. */
  neutral: number;
  /** ρ = max |λ| over the other eigenvalues: the asymptotic factor by which a perturbation shrinks or grows per step. */
  spectralRadius: number;
}

export interface UpdateMapOptions {
  /** Eigenvalues at 1 to set aside (the dimension of a subspace of equilibria). */
  neutral?: number;
  /** Check linearity and time-invariance (two extra probes; default true). Scans check once, then skip. */
  check?: boolean;
}

export function updateMap(model: Game, optimizer: Optimizer, options: UpdateMapOptions = {}): UpdateMap {
  const { neutral = 0, check = true } = options;
  if (optimizer.name.split(',').includes('adam')) {
    throw new NotLinearizableError(
      optimizer.name,
      'Adam normalizes the gradient (its step is −η·m̂/(√v̂ + ε)), which is not linear in it; simulate it instead (saddle run)',
    );
  }
  const d = gameDim(model);
  const owner = owners(model);
  const comp = model.players.flatMap((p) => p.coords.map((_, c) => c));
  const slots = Object.keys(optimizer.init(float64Space, allocBatch(model, 1)).slots).filter((k) => !k.startsWith('_'));
  const D = d * (1 + slots.length);
  const n = D + 2;
  const names = model.players.flatMap((p) => p.coords);
  const coordinates = [...names, ...slots.flatMap((s) => names.map((c) => `${s}.${c}`))];
  // The mixture probe: fixed, irregular, all entries nonzero.
  const w = Array.from({ length: D }, (_, k) => Math.sin(1.7 * k + 0.9) + 0.1);

  /** One step from every probe; returns out[b][k], entry k of the state of probe point b after the step. */
  const probe = (t: number): number[][] => {
    const z = allocBatch(model, n);
    const state = optimizer.init(float64Space, z);
    state.t = t;
    state.counts = state.counts.map(() => t);
    // Entry k of the state: the array that holds it and the offset of its first point.
    const where = (k: number): [Float64Array, number] => {
      const j = k % d;
      const blocks = k < d ? z : state.slots[slots[Math.floor(k / d) - 1]];
      return [blocks[owner[j]], comp[j] * n];
    };
    const cells = Array.from({ length: D }, (_, k) => where(k));
    cells.forEach(([arr, at], k) => {
      arr[at + 1 + k] = 1;
      arr[at + D + 1] = w[k];
    });
    optimizer.step(float64Space, gameField(model, n), z, state);
    const out: number[][] = Array.from({ length: n }, () => new Array<number>(D));
    for (let k = 0; k < D; k++) {
      const [arr, at] = where(k); // the step may have replaced a slot's arrays
      for (let b = 0; b < n; b++) out[b][k] = arr[at + b];
    }
    return out;
  };

  const T = 1000;
  const out = probe(T);
  const offset = out[0];
  const matrix = Array.from({ length: D }, (_, r) => Array.from({ length: D }, (_, k) => out[1 + k][r] - offset[r]));
  if (check) {
    const size = 1 + Math.max(...matrix.flat().map(Math.abs), ...offset.map(Math.abs));
    const mixed = out[D + 1];
    const linear = mixed.every((v, r) => Math.abs(v - offset[r] - matrix[r].reduce((s, m, k) => s + m * w[k], 0)) <= 1e-9 * size * D);
    if (!linear) throw new NotLinearizableError(optimizer.name, 'its step is not an affine function of its state');
    const early = probe(10);
    const steady = early.every((row, b) => row.every((v, k) => Math.abs(v - out[b][k]) <= 1e-12 * size));
    if (!steady) {
      throw new NotLinearizableError(
        optimizer.name,
        'its step changes with the step count t (uniform averaging weighs the t-th iterate by 1/(t + 1)); use average=ema or none',
      );
    }
  }
  // A slot entry that the step leaves as it is and that moves nothing else is not part of the dynamics: the block of
  // a slot that its player's rule does not use (momentum's velocity of the player on plain steps in a per-player
  // mix). Its row and column of M are the unit vector, an eigenvalue 1 that says nothing: set it aside.
  const inert = (k: number) => k >= d && offset[k] === 0 && matrix.every((row, r) => row[k] === (r === k ? 1 : 0) && matrix[k][r] === (r === k ? 1 : 0));
  const keep = Array.from({ length: D }, (_, k) => k).filter((k) => !inert(k));
  const kept = keep.length === D ? matrix : keep.map((r) => keep.map((k) => matrix[r][k]));
  const eig = eigenvalues(kept);
  const rest = [...eig].sort((a, b) => modulus({ re: a.re - 1, im: a.im }) - modulus({ re: b.re - 1, im: b.im })).slice(neutral);
  return {
    label: optimizer.label,
    coordinates: keep.map((k) => coordinates[k]),
    matrix: kept,
    offset: keep.map((k) => offset[k]),
    eigenvalues: eig,
    neutral,
    spectralRadius: maxModulus(rest),
  };
}
