import { gameDim, gameField, packPoints, pointAt, type Game } from '../game.ts';

/**
 * A game at one point, in the flat coordinates of the analysis (all players' coordinates in order, x then y): its
 * simultaneous gradient ξ(z) = (∇_θ₁ℓ₁, …, ∇_θnℓn), its Jacobian J = ∂ξ/∂z as rows, and a player's gradient of its
 * own loss in every block. Thin wrappers over the batch methods of {@link Game} with n = 1.
 */

/** ξ(z) */
export function fieldAt(game: Game, z: readonly number[]): number[] {
  const batch = packPoints(game, [z]);
  const out = batch.map((b) => new Float64Array(b.length));
  game.field(batch, out, 1);
  return pointAt(game, out, 1, 0);
}

/** J(z) = ∂ξ/∂z: row r is the gradient of ξ_r. */
export function jacobianAt(game: Game, z: readonly number[]): number[][] {
  const d = gameDim(game);
  const flat = new Float64Array(d * d);
  game.jacobian(packPoints(game, [z]), flat, 1);
  return Array.from({ length: d }, (_, r) => Array.from(flat.subarray(r * d, (r + 1) * d)));
}

/** ∇_z ℓ_player(z) in every block (for a zero-sum game derived from ξ, as the optimizers see it). */
export function lossGradAt(game: Game, z: readonly number[], player: number): number[] {
  const batch = packPoints(game, [z]);
  const out = batch.map((b) => new Float64Array(b.length));
  gameField(game, 1).lossGrad!(batch, player, out);
  return pointAt(game, out, 1, 0);
}

/** For each flat coordinate, the player that owns it. */
export const owners = (game: Game): number[] => game.players.flatMap((p, i) => p.coords.map(() => i));

/** The flat indices of each player's block. */
export const blockIndices = (game: Game): number[][] => {
  let k = 0;
  return game.players.map((p) => p.coords.map(() => k++));
};

/** The sub-matrix of M with rows `rows` and columns `cols`. */
export const block = (M: readonly (readonly number[])[], rows: readonly number[], cols: readonly number[]): number[][] =>
  rows.map((r) => cols.map((c) => M[r][c]));

/** Euclidean norm. */
export const norm2 = (v: readonly number[]): number => Math.hypot(...v);
