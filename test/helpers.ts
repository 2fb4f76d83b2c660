import { gameField, packPoints, pointAt, type Game } from '../src/game.ts';
import type { Optimizer } from '../src/optim/index.ts';
import { float64Space } from '../src/space.ts';

/** The iterates z₀, z₁, …, z_steps of `optimizer` on `game` from one start, each as a flat list (x then y). */
export function iterates(game: Game, optimizer: Optimizer, start: readonly number[], steps: number): number[][] {
  const z = packPoints(game, [start]);
  const field = gameField(game, 1);
  const state = optimizer.init(float64Space, z);
  const out = [pointAt(game, z, 1, 0)];
  for (let s = 0; s < steps; s++) {
    optimizer.step(float64Space, field, z, state);
    out.push(pointAt(game, optimizer.readout ? (optimizer.readout(z, state) as Float64Array[]) : z, 1, 0));
  }
  return out;
}

export const norm = (v: readonly number[]) => Math.hypot(...v);

/** |a − b| ≤ tol·max(1, |a|, |b|). */
export const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

/** fast-check options shared by the property tests: enough runs to mean something, few enough to stay fast. */
export const runs = { numRuns: 200 };
