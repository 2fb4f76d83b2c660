import type { Field } from './field.ts';
import { luSolveInPlace } from './linalg.ts';
import { float64Space } from './space.ts';

/** One player: a named block of parameters. */
export interface Player {
  /** The block's name: `x`, `y`, `theta`, `psi`. */
  readonly name: string;
  /** The name of each coordinate, in order (`x1`, `x2`, …); its length is the block's dimension. */
  readonly coords: readonly string[];
}

/**
 * A differentiable game over Float64 batches: n points at once, in struct-of-arrays layout.
 *
 * Block i of a batch is a Float64Array of length dᵢ·n holding coordinate c of point b at index c·n + b. Player 0
 * (x, θ, the generator) minimizes its loss; in a zero-sum game player 1 (y, ψ, the discriminator) maximizes the
 * same f, i.e. minimizes −f. Each method loops over the n points itself, so that a batch of 65,536 starts costs one
 * call, not 65,536.
 */
export interface Game {
  /** A short name: `bilinear`, `matrix`, `dirac`, … */
  readonly name: string;
  /** The formula in words, for help and legends. */
  readonly description: string;
  readonly players: readonly Player[];
  /** True when ℓ₂ = −ℓ₁ = −f. */
  readonly zeroSum: boolean;
  /** out[i] ← ξᵢ(z) = ∇_θᵢ ℓᵢ(z) for every player, over n points. */
  field(z: readonly Float64Array[], out: Float64Array[], n: number): void;
  /**
   * The fused gradient step zᵢ ← zᵢ + cᵢ·ξᵢ(z) for every player, all of ξ taken at the z before the step. Optional:
   * one pass over the batch instead of two (field, then update), for games whose field is computed point by point.
   */
  fieldStep?(z: Float64Array[], coef: readonly number[], n: number): void;
  /**
   * out ← J(z) = ∂ξ/∂z, a d×d matrix per point (d = Σ dᵢ), entry (r, c) of point b at index (r·d + c)·n + b; rows and
   * columns run over the players' coordinates in order.
   */
  jacobian(z: readonly Float64Array[], out: Float64Array, n: number): void;
  /** out[i][b] ← ℓᵢ at point b (for a zero-sum game, ℓ₀ = f and ℓ₁ = −f). */
  losses(z: readonly Float64Array[], out: Float64Array[], n: number): void;
  /** out[j] ← ∇_θⱼ ℓ_player for every block j. Optional for zero-sum games, where it follows from ξ. */
  lossGrad?(z: readonly Float64Array[], player: number, out: Float64Array[], n: number): void;
  /** Maps each point onto the feasible set in place (WGAN weight clipping). */
  project?(z: Float64Array[], n: number): void;
}

/** Total dimension d = Σ dᵢ. */
export const gameDim = (game: Game): number => game.players.reduce((s, p) => s + p.coords.length, 0);

/** Allocates a batch of n points for `game`, all zeros. */
export function allocBatch(game: Game, n: number): Float64Array[] {
  return game.players.map((p) => new Float64Array(p.coords.length * n));
}

/** Packs points (each a flat list of all coordinates, x then y) into a batch. */
export function packPoints(game: Game, points: readonly (readonly number[])[]): Float64Array[] {
  const n = points.length;
  const z = allocBatch(game, n);
  const d = gameDim(game);
  points.forEach((p, b) => {
    if (p.length !== d) throw new RangeError(`point ${b} has ${p.length} coordinates; the game ${game.name} has ${d}`);
    let k = 0;
    game.players.forEach((pl, i) => {
      for (let c = 0; c < pl.coords.length; c++) z[i][c * n + b] = p[k++];
    });
  });
  return z;
}

/** Reads point b of a batch as a flat list of all coordinates. */
export function pointAt(game: Game, z: readonly Float64Array[], n: number, b: number): number[] {
  const out: number[] = [];
  game.players.forEach((pl, i) => {
    for (let c = 0; c < pl.coords.length; c++) out.push(z[i][c * n + b]);
  });
  return out;
}

/** For each global coordinate k: its player and its index inside the player's block. */
function coordinateMap(game: Game): { player: Int32Array; comp: Int32Array } {
  const d = gameDim(game);
  const player = new Int32Array(d);
  const comp = new Int32Array(d);
  let k = 0;
  game.players.forEach((p, i) => {
    for (let c = 0; c < p.coords.length; c++, k++) {
      player[k] = i;
      comp[k] = c;
    }
  });
  return { player, comp };
}

/**
 * The optimizer's view of a Float64 game over a batch of n points: ξ from the game, Jacobian products and the
 * implicit-step solver from its per-point Jacobian. Scratch buffers are allocated once, here.
 */
export function gameField(game: Game, n: number): Field<Float64Array> {
  const d = gameDim(game);
  const { player, comp } = coordinateMap(game);
  const scratch = allocBatch(game, n);
  const jac = new Float64Array(d * d * n);

  /** out_r ← Σ_c M(r, c)·w_c per point, with M(r, c) read from the Jacobian at (r, c) or (c, r) when transposed. */
  const multiply = (z: readonly Float64Array[], w: readonly Float64Array[], out: Float64Array[], transpose: boolean) => {
    game.jacobian(z, jac, n);
    for (let r = 0; r < d; r++) {
      const o = out[player[r]];
      const or = comp[r] * n;
      for (let b = 0; b < n; b++) o[or + b] = 0;
      for (let c = 0; c < d; c++) {
        const jOff = (transpose ? c * d + r : r * d + c) * n;
        const wc = w[player[c]];
        const wOff = comp[c] * n;
        for (let b = 0; b < n; b++) o[or + b] += jac[jOff + b] * wc[wOff + b];
      }
    }
  };

  const field: Field<Float64Array> = {
    players: game.players.length,
    grad(z, out, p) {
      if (p === undefined) return game.field(z, out, n);
      game.field(z, scratch, n);
      out[p].set(scratch[p]);
    },
    step: game.fieldStep
      ? (z, coef) => game.fieldStep!(z, coef, n)
      : (z, coef) => {
          game.field(z, scratch, n);
          for (let i = 0; i < z.length; i++) float64Space.axpy(z[i], coef[i], scratch[i]);
        },
    jvp: (z, w, out) => multiply(z, w, out, false),
    vjp: (z, w, out) => multiply(z, w, out, true),
    lossGrad(z, p, out) {
      if (game.lossGrad) return game.lossGrad(z, p, out, n);
      if (!game.zeroSum) throw new Error(`game ${game.name} is general-sum but gives no loss gradients`);
      // Zero-sum: ℓ₀ = f, ℓ₁ = −f, ξ = (∇ₓf, −∇ᵧf), so ∇ℓ₀ = (ξ₀, −ξ₁) and ∇ℓ₁ = (−ξ₀, ξ₁).
      game.field(z, out, n);
      for (let i = 0; i < out.length; i++) {
        if (i !== p) for (let k = 0; k < out[i].length; k++) out[i][k] = -out[i][k];
      }
    },
    solveImplicit: implicitSolver(game, n, player, comp),
  };
  if (game.project) {
    const project = game.project.bind(game);
    field.project = (z) => project(z, n);
  }
  return field;
}

/**
 * Newton's method, point by point, for w = z − H·ξ(u), u = θ·w + (1 − θ)·z:
 * G(w) = w − z + H·ξ(u), G'(w) = I + θ·H·J(u), w ← w − G'(w)⁻¹G(w), started from the explicit step w = z − H·ξ(z).
 * Each point stops on its own (so a batch gives every point the numbers it gets alone): once its Newton update is
 * below 1e-14 of its largest coordinate, or once the update stops shrinking at a level below 1e-8 of it (a field
 * computed with rounding noise, such as the quadrature of the instance-noise Dirac-GAN, cannot go lower). Exact
 * after one update for linear games. A point whose Newton matrix is singular, or whose update is still above 1e-8
 * of its coordinates after 50 iterations, has no implicit step here: it is set to NaN, which the simulation reports
 * as diverged at that step.
 */
function implicitSolver(game: Game, n: number, player: Int32Array, comp: Int32Array) {
  const d = player.length;
  const u = allocBatch(game, n);
  const xi = allocBatch(game, n);
  const jac = new Float64Array(d * d * n);
  const M = new Float64Array(d * d);
  const rhs = new Float64Array(d);
  const done = new Uint8Array(n);
  const lastChange = new Float64Array(n);
  return (z: readonly Float64Array[], h: readonly number[], theta: number, out: Float64Array[]): void => {
    game.field(z, xi, n);
    for (let i = 0; i < out.length; i++) {
      const o = out[i];
      for (let k = 0; k < o.length; k++) o[k] = z[i][k] - h[i] * xi[i][k];
    }
    done.fill(0);
    lastChange.fill(Infinity);
    let open = n;
    for (let iter = 0; iter < 50 && open > 0; iter++) {
      for (let i = 0; i < out.length; i++) {
        for (let k = 0; k < u[i].length; k++) u[i][k] = theta * out[i][k] + (1 - theta) * z[i][k];
      }
      game.field(u, xi, n);
      game.jacobian(u, jac, n);
      for (let b = 0; b < n; b++) {
        if (done[b]) continue;
        for (let r = 0; r < d; r++) {
          const pr = player[r];
          const idx = comp[r] * n + b;
          rhs[r] = out[pr][idx] - z[pr][idx] + h[pr] * xi[pr][idx];
          for (let c = 0; c < d; c++) M[r * d + c] = (r === c ? 1 : 0) + theta * h[pr] * jac[(r * d + c) * n + b];
        }
        const solved = luSolveInPlace(M, rhs, d);
        let change = 0;
        let scale = 1e-300;
        for (let r = 0; r < d; r++) {
          const idx = comp[r] * n + b;
          const w = player[r];
          const next = solved ? out[w][idx] - rhs[r] : NaN;
          change = Math.max(change, Math.abs(next - out[w][idx]));
          scale = Math.max(scale, Math.abs(next), Math.abs(z[w][idx]));
          out[w][idx] = next;
        }
        const stalled = iter >= 2 && change >= lastChange[b] && change <= 1e-8 * scale;
        lastChange[b] = change;
        if (!solved || !(change > 1e-14 * scale) || stalled) {
          done[b] = 1;
          open--;
        }
      }
    }
    // Points still open after the last iteration: accepted if their update is down at the noise level, else no step.
    if (open > 0) {
      for (let b = 0; b < n; b++) {
        if (done[b]) continue;
        let scale = 1e-300;
        for (let r = 0; r < d; r++) scale = Math.max(scale, Math.abs(out[player[r]][comp[r] * n + b]));
        if (lastChange[b] <= 1e-8 * scale) continue;
        for (let r = 0; r < d; r++) out[player[r]][comp[r] * n + b] = NaN;
      }
    }
  };
}
