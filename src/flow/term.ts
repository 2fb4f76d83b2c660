import type { Field } from '../field.ts';
import { allocBatch, gameField, type Game } from '../game.ts';

/** How often a term asked its game for something, summed over the term's life; each count is one call over n points. */
export interface EvaluationCounts {
  /** Calls of `game.field` (ξ over the whole batch), including those inside implicit solves. */
  field: number;
  /** Calls of `game.jacobian` (made by the implicit solver's Newton iterations). */
  jacobian: number;
  /** Implicit steps solved (each costs one or more field and Jacobian evaluations). */
  implicitSolves: number;
}

/**
 * The term of the gradient flow ż = −ξ(z) of a game, over a batch of n points (struct-of-arrays, see src/game.ts):
 * what the equation is, kept apart from how it is integrated (the solver) and how the step is chosen (the
 * controller), as diffrax separates `ODETerm`, `AbstractSolver` and `AbstractStepSizeController`.
 *
 * Every method writes into `out` and leaves `z` untouched.
 */
export interface FlowTerm {
  readonly game: Game;
  /** Points in the batch. */
  readonly n: number;
  /** Number of players (blocks of z). */
  readonly players: number;
  /** Total dimension d = Σ dᵢ of one point. */
  readonly dim: number;
  /** out ← −ξ(z), every player. */
  vf(z: readonly Float64Array[], out: Float64Array[]): void;
  /** out[p] ← −ξₚ(z) for one player; other blocks of `out` stay as they were. */
  vfPlayer(z: readonly Float64Array[], out: Float64Array[], p: number): void;
  /**
   * out ← w solving w = z + h·(−ξ)(θ·w + (1 − θ)·z), the same h for every player: θ = 1 is implicit Euler,
   * θ = ½ the implicit midpoint rule. Newton's method per point, from the game's Jacobian (`gameField`'s solver).
   */
  solveImplicit(z: readonly Float64Array[], h: number, theta: number, out: Float64Array[]): void;
  /** A new zero batch shaped like the term's points. */
  alloc(): Float64Array[];
  /** Running evaluation counts, for stats and benches. */
  readonly counts: EvaluationCounts;
}

/** Wraps a game so that each call of `field` and `jacobian` is counted; every other member is passed through. */
function countingGame(game: Game, counts: EvaluationCounts): Game {
  const counted: Game = {
    name: game.name,
    description: game.description,
    players: game.players,
    zeroSum: game.zeroSum,
    field(z, out, n) {
      counts.field++;
      game.field(z, out, n);
    },
    jacobian(z, out, n) {
      counts.jacobian++;
      game.jacobian(z, out, n);
    },
    losses: (z, out, n) => game.losses(z, out, n),
  };
  if (game.lossGrad) counted.lossGrad = (z, p, out, n) => game.lossGrad!(z, p, out, n);
  return counted;
}

/**
 * The term ż = −ξ(z) for `game` over n points. The field (and its implicit solver) comes from `gameField(game, n)`,
 * built here once, with its scratch. The game's `project` (weight clipping) is not applied: a projected flow is
 * a different equation.
 */
export function gradientFlowTerm(game: Game, n: number): FlowTerm {
  const counts: EvaluationCounts = { field: 0, jacobian: 0, implicitSolves: 0 };
  const field: Field<Float64Array> = gameField(countingGame(game, counts), n);
  const players = game.players.length;
  const hs = new Array<number>(players).fill(0);
  const negate = (v: Float64Array) => {
    for (let k = 0; k < v.length; k++) v[k] = -v[k];
  };
  return {
    game,
    n,
    players,
    dim: game.players.reduce((s, p) => s + p.coords.length, 0),
    counts,
    vf(z, out) {
      field.grad(z, out);
      for (let i = 0; i < players; i++) negate(out[i]);
    },
    vfPlayer(z, out, p) {
      field.grad(z, out, p);
      negate(out[p]);
    },
    solveImplicit(z, h, theta, out) {
      // w = z − H·ξ(θw + (1 − θ)z) with H = h for every player is w = z + h·(−ξ)(…).
      hs.fill(h);
      counts.implicitSolves++;
      field.solveImplicit!(z, hs, theta, out);
    },
    alloc: () => allocBatch(game, n),
  };
}
