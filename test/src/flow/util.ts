import fc from 'fast-check';
import { packPoints, pointAt, type Game } from '../../../src/game.ts';
import { integrate, type Flow } from '../../../src/flow/index.ts';

/** Runs `steps` calls of a flow from the given starts; returns the flow and each point's final coordinates. */
export function run(
  name: string,
  options: Record<string, number>,
  game: Game,
  starts: readonly (readonly number[])[],
  dt: number,
  steps: number,
): { flow: Flow; points: number[][] } {
  const n = starts.length;
  const flow = integrate(name, options, game, n, dt);
  const z = packPoints(game, starts);
  for (let s = 0; s < steps; s++) flow.step(z);
  return { flow, points: starts.map((_, b) => pointAt(game, z, n, b)) };
}

/** One step from one start, as a flat point. */
export const oneStep = (name: string, game: Game, start: readonly number[], h: number) => run(name, {}, game, [start], h, 1).points[0];

export const norm2 = (v: readonly number[]) => v.reduce((s, x) => s + x * x, 0);
export const distance = (u: readonly number[], v: readonly number[]) => Math.sqrt(norm2(u.map((x, i) => x - v[i])));

/** |a − b| ≤ tol·scale. */
export const near = (a: number, b: number, tol: number, scale = Math.max(Math.abs(a), Math.abs(b), 1e-300)) =>
  Math.abs(a - b) <= tol * scale;

/** A start coordinate. */
export const coord = fc.double({ min: -10, max: 10, noNaN: true });
/** A start of x·y away from the origin (so ratios of norms mean something). */
export const start2 = fc.tuple(coord, coord).filter(([x, y]) => Math.hypot(x, y) > 1e-3);
/** A step size. */
export const step = fc.double({ min: 1e-3, max: 1, noNaN: true });
/** The coupling a of x·y, either sign. */
export const coupling = fc
  .tuple(fc.double({ min: 0.1, max: 3, noNaN: true }), fc.boolean())
  .map(([a, neg]) => (neg ? -a : a));

/** Property-test sizes, kept small so the folder runs in a few seconds; `FLOW_RUNS_SCALE=20` for a soak. */
const scale = Number(process.env.FLOW_RUNS_SCALE ?? 1);
export const runs = { numRuns: 100 * scale };
export const fewRuns = { numRuns: 20 * scale };
