import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packPoints, pointAt } from '../../src/game.ts';
import { bilinear, quadratic } from '../../src/games/index.ts';
import { createOptimizer } from '../../src/optim/index.ts';
import { optimizerDynamics, simulate, STATUS, trajectoryOf, type SimulationOptions } from '../../src/simulate.ts';
import { iterates, norm } from '../helpers.ts';

const run = (game = bilinear(), name = 'simgda', options: Record<string, unknown> = {}, points: number[][] = [[1, 1]], sim: SimulationOptions = { steps: 100 }) => {
  const z0 = packPoints(game, points);
  return simulate(game, optimizerDynamics(game, createOptimizer(name, options), z0, points.length), z0, points.length, sim);
};

describe('simulation', () => {
  it('a trajectory that leaves the bound ends “diverged” at the first step past it, keeping the last state inside the bound', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.2, max: 2, noNaN: true }), fc.double({ min: 10, max: 1e4, noNaN: true }), (h, bound) => {
        const r = run(bilinear(), 'simgda', { lr: h }, [[1, 1]], { steps: 10_000, bound });
        const t = trajectoryOf(bilinear(), r);
        // ‖z_k‖ = √2·(1 + h²)^{k/2}: the first k with ‖z_k‖ > bound.
        const k = Math.floor(Math.log(bound / Math.SQRT2) / Math.log(Math.sqrt(1 + h * h))) + 1;
        expect(t.status).toBe('diverged');
        expect(Math.abs(t.step - k)).toBeLessThanOrEqual(1);
        expect(t.norm).toBeLessThanOrEqual(bound);
        expect(t.final.every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('a trajectory that overflows to non-finite numbers ends “diverged” and never throws', () => {
    const r = run(bilinear({ a: 1e200 }), 'simgda', { lr: 1e200 }, [[1, 1]], { steps: 50, bound: Infinity });
    const t = trajectoryOf(bilinear(), r);
    expect(t.status).toBe('diverged');
    expect(t.step).toBeLessThan(5);
    expect(t.final.every(Number.isFinite)).toBe(true);
  });

  it('a trajectory ends “converged” at the first step where ‖ξ‖ < tol, and stays “running” otherwise', () => {
    const r = run(bilinear(), 'eg', { lr: 0.5 }, [[1, 1]], { steps: 1000, tol: 1e-6 });
    const zs = iterates(bilinear(), createOptimizer('eg', { lr: 0.5 }), [1, 1], 1000);
    const first = zs.findIndex((z) => norm(z) < 1e-6);
    expect(trajectoryOf(bilinear(), r)).toMatchObject({ status: 'converged', step: first });
    expect(trajectoryOf(bilinear(), run(bilinear(), 'altgda', {}, [[1, 1]], { steps: 1000 })).status).toBe('running');
  });

  it('a batch gives each point exactly the numbers it gets alone, statuses and steps included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true })), { minLength: 2, maxLength: 20 }),
        fc.constantFrom('simgda', 'altgda', 'eg', 'ogda', 'momentum', 'adam', 'consensus', 'sga', 'unrolled', 'proximal'),
        (points, name) => {
          const game = quadratic({ a: 0.1, b: 1, c: -0.05 });
          const opts = { steps: 200, every: 50, bound: 50, tol: 1e-4 };
          const batch = run(game, name, { lr: 0.3 }, points, opts);
          points.forEach((p, b) => {
            const alone = run(game, name, { lr: 0.3 }, [p], opts);
            const tb = trajectoryOf(game, batch, b);
            const ta = trajectoryOf(game, alone, 0);
            expect(tb.final).toEqual(ta.final);
            expect(tb.status).toBe(ta.status);
            expect(tb.step).toBe(ta.step);
            // Frames after a point's end repeat its final state; the alone run stopped recording then.
            ta.trajectory!.forEach((frame, i) => expect(tb.trajectory![i]).toEqual(frame));
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('records the start and every k-th step, and stops early once every point has ended', () => {
    const r = run(bilinear(), 'simgda', { lr: 0.5 }, [[1, 1]], { steps: 1000, every: 10, bound: 100 });
    expect(r.frameSteps.slice(0, 3)).toEqual([0, 10, 20]);
    expect(r.stepsTaken).toBe(r.step[0]);
    expect(r.stepsTaken).toBeLessThan(1000);
    expect(STATUS[r.status[0]]).toBe('diverged');
  });

  it('reports progress up to the last step', () => {
    const seen: number[] = [];
    const z0 = packPoints(bilinear(), [[1, 1]]);
    simulate(bilinear(), optimizerDynamics(bilinear(), createOptimizer('altgda'), z0, 1), z0, 1, {
      steps: 500,
      onProgress: (done, total) => seen.push(done / total),
    });
    expect(seen.length).toBeGreaterThan(10);
    expect(seen[seen.length - 1]).toBe(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('does not change the start it is given', () => {
    const z0 = packPoints(bilinear(), [[1, 2]]);
    simulate(bilinear(), optimizerDynamics(bilinear(), createOptimizer('simgda'), z0, 1), z0, 1, { steps: 10 });
    expect(pointAt(bilinear(), z0, 1, 0)).toEqual([1, 2]);
  });
});
