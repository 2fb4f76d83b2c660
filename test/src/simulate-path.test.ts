/**
 * simulatePath (src/simulate.ts) is simulate for one start point with the iterates in one flat Float64Array: the
 * claim is that it gives exactly the numbers of `trajectoryOf(game, simulate(…))` (iterates, status, step, final
 * state, norm) for every optimizer and integrator, every start, step size, recording interval, bound and tolerance,
 * diverging, converging and still-running runs alike.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { integrate } from '../../src/flow/index.ts';
import { packPoints, type Game } from '../../src/game.ts';
import { bilinear, createGame, quadratic } from '../../src/games/index.ts';
import { createOptimizer, optimizers } from '../../src/optim/index.ts';
import type { Dynamics } from '../../src/dynamics.ts';
import { optimizerDynamics, simulate, simulatePath, trajectoryOf, type SimulationOptions } from '../../src/simulate.ts';

/** The same run both ways; `make` is called once per run, so each gets a fresh optimizer state. */
function both(game: Game, make: (z0: Float64Array[]) => Dynamics, start: readonly number[], options: SimulationOptions) {
  const z0 = packPoints(game, [start]);
  const reference = trajectoryOf(game, simulate(game, make(z0), z0, 1, options));
  const path = simulatePath(game, make(z0), z0, options);
  const iterates = Array.from({ length: path.count }, (_, k) => [...path.points.subarray(k * path.dim, (k + 1) * path.dim)]);
  return { reference, path, iterates };
}

const coordinate = fc.double({ min: -3, max: 3, noNaN: true });
const settings = fc.record({
  steps: fc.integer({ min: 1, max: 300 }),
  every: fc.integer({ min: 1, max: 7 }),
  bound: fc.constantFrom(5, 50, 1e6),
  tol: fc.constantFrom(1e-8, 1e-3, 1e-1),
});
// Every optimizer of the registry that runs on a two-player Float64 game with its defaults.
const names = Object.keys(optimizers);

describe('simulatePath', () => {
  it('gives the iterates, status, step, final state and norm of trajectoryOf(simulate(…)) for every optimizer', async () => {
    const dirac = await createGame('dirac', { loss: 'gan', reg: 'r1', gamma: 0.3 });
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.constantFrom(bilinear(), quadratic({ a: 0.2, b: 1, c: -0.1 }), dirac),
        fc.tuple(coordinate, coordinate),
        fc.double({ min: 0.01, max: 1.5, noNaN: true }),
        settings,
        (name, game, start, lr, options) => {
          const { reference, path, iterates } = both(game, (z0) => optimizerDynamics(game, createOptimizer(name, { lr }, 2), z0, 1), start, options);
          expect(iterates).toEqual(reference.trajectory);
          expect(path.status).toBe(reference.status);
          expect(path.step).toBe(reference.step);
          expect(path.final).toEqual(reference.final);
          expect(path.norm).toBe(reference.norm);
          // Recorded at the start, every `every` steps, and at the last step taken.
          expect(path.steps[0]).toBe(0);
          path.steps.forEach((s, k) => k > 0 && k < path.count - 1 && expect(s).toBe(k * options.every));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the numbers of trajectoryOf(simulate(…)) for every integrator of the gradient flow too', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('euler', 'rk4', 'rk45', 'leapfrog', 'implicit-euler', 'implicit-midpoint'),
        fc.tuple(coordinate, coordinate),
        fc.double({ min: 0.05, max: 0.5, noNaN: true }),
        settings,
        (name, start, dt, options) => {
          const game = bilinear();
          const { reference, path, iterates } = both(game, () => integrate(name, {}, game, 1, dt), start, { ...options, steps: Math.min(options.steps, 60) });
          expect(iterates).toEqual(reference.trajectory);
          expect([path.status, path.step, path.final, path.norm]).toEqual([reference.status, reference.step, reference.final, reference.norm]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('ends a diverging run at the divergence, its last iterate the last state inside the bound', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.2, max: 2, noNaN: true }), fc.double({ min: 10, max: 1e4, noNaN: true }), (lr, bound) => {
        const game = bilinear();
        const z0 = packPoints(game, [[1, 1]]);
        const path = simulatePath(game, optimizerDynamics(game, createOptimizer('simgda', { lr }, 2), z0, 1), z0, { steps: 10_000, bound });
        expect(path.status).toBe('diverged');
        expect(path.count).toBe(path.step + 1);
        expect(Math.hypot(path.points[path.points.length - 2], path.points[path.points.length - 1])).toBeLessThanOrEqual(bound);
        expect([...path.points.subarray(-2)]).toEqual(path.final);
      }),
      { numRuns: 100 },
    );
  });
});
