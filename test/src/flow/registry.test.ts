import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { fieldEvaluationsPerCall, flowStats, integrate, integrators, resolveIntegrator } from '../../../src/flow/index.ts';
import { allocBatch, packPoints, type Game } from '../../../src/game.ts';
import { bilinear } from '../../../src/games/bilinear.ts';
import { quadratic } from '../../../src/games/quadratic.ts';
import { coord, fewRuns, near, norm2, run } from './util.ts';

const game = bilinear({ a: 1 });
const message = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
};

describe('integrator names and options', () => {
  it('every integrator has a summary, a reference, an order, and options whose defaults are accepted', () => {
    for (const [name, entry] of Object.entries(integrators)) {
      expect(entry.summary.length).toBeGreaterThan(10);
      expect(entry.reference.length).toBeGreaterThan(5);
      expect(entry.order).toBeGreaterThanOrEqual(1);
      const defaults = Object.fromEntries(Object.entries(entry.options).map(([k, s]) => [k, s.default]));
      expect(resolveIntegrator(name, defaults).options).toEqual(defaults);
    }
  });

  it('an unknown name is an InputError listing the known ones', () => {
    expect(message(() => integrate('rk5', {}, game, 1, 0.1))).toBe(
      'integrator: unknown integrator "rk5" (known: euler, rk4, rk45, implicit-euler, implicit-midpoint, leapfrog)',
    );
  });

  it('a bad option value is an InputError naming the integrator and the option', () => {
    expect(message(() => integrate('rk45', { rtol: -1 }, game, 1, 0.1))).toBe(
      'integrator rk45, option rtol: expected a positive number, got -1',
    );
    expect(message(() => integrate('rk45', { atol: 0 }, game, 1, 0.1))).toMatch(/^integrator rk45, option atol: /);
    expect(message(() => integrate('rk45', { rtol: NaN }, game, 1, 0.1))).toMatch(/^integrator rk45, option rtol: /);
    expect(message(() => integrate('rk45', { rtol: 1e-16 }, game, 1, 0.1))).toMatch(/^integrator rk45, option rtol: below 1e-14/);
    expect(message(() => integrate('rk45', { maxSubsteps: 1.5 }, game, 1, 0.1))).toMatch(/^integrator rk45, option maxSubsteps: /);
    expect(message(() => integrate('rk45', { pcoeff: -0.1 }, game, 1, 0.1))).toMatch(/^integrator rk45, option pcoeff: /);
  });

  it('an unknown option is an InputError, also for integrators that take none', () => {
    expect(message(() => integrate('rk45', { tol: 1e-6 }, game, 1, 0.1))).toBe(
      'integrator rk45: unknown option "tol" (known: rtol, atol, pcoeff, icoeff, maxSubsteps)',
    );
    expect(message(() => integrate('rk4', { rtol: 1e-6 }, game, 1, 0.1))).toBe('integrator rk4: unknown option "rtol" (known: none)');
  });

  it('a zero or non-finite dt and a bad batch size are InputErrors', () => {
    expect(message(() => integrate('euler', {}, game, 1, 0))).toMatch(/^integrator euler, dt: /);
    expect(message(() => integrate('euler', {}, game, 1, Infinity))).toMatch(/^integrator euler, dt: /);
    expect(message(() => integrate('euler', {}, game, 0, 0.1))).toMatch(/^integrator euler, n: /);
  });

  it('options may come as strings from a command line', () => {
    expect(resolveIntegrator('rk45', { rtol: '1e-8' }).options.rtol).toBe(1e-8);
  });

  it('labels name the integrator and its step: `rk4 (h = 0.1)`', () => {
    expect(integrate('rk4', {}, game, 1, 0.1).label).toBe('rk4 (h = 0.1)');
    expect(integrate('leapfrog', {}, game, 1, 0.25).label).toBe('leapfrog (h = 0.25)');
    expect(integrate('rk45', { rtol: 1e-8 }, game, 1, 0.5).label).toBe('rk45 (dt = 0.5, rtol = 1e-8, atol = 1e-9)');
    expect(integrate('euler', {}, game, 1, 0.1).dt).toBe(0.1);
  });

  it('a batch of the wrong shape is a RangeError, not silent garbage', () => {
    const flow = integrate('euler', {}, game, 4, 0.1);
    expect(() => flow.step(allocBatch(game, 3))).toThrow(RangeError);
  });

  it('rk45 that needs more than maxSubsteps steps in one interval stops with an InputError saying what to do', () => {
    const stiff = quadratic({ a: 1e4, b: 0, c: 1 });
    const flow = integrate('rk45', { maxSubsteps: 50 }, stiff, 1, 1);
    expect(message(() => flow.step(packPoints(stiff, [[1, 1]])))).toMatch(/option maxSubsteps: more than 50 steps .* implicit-euler/);
  });
});

describe('stats: field evaluations per call', () => {
  const perCall = (name: string, g: Game = game) => {
    const { flow } = run(name, {}, g, [[1, 0.5]], 0.1, 10);
    return { stats: flowStats(flow), perCall: fieldEvaluationsPerCall(flowStats(flow)) };
  };

  it('euler 1, rk4 4, leapfrog 3 (two players); one solver step per call', () => {
    expect(perCall('euler').perCall).toBe(1);
    expect(perCall('rk4').perCall).toBe(4);
    expect(perCall('leapfrog').perCall).toBe(3);
    expect(perCall('rk4').stats).toMatchObject({ calls: 10, accepted: 10, rejected: 0, jacobianEvaluations: 0 });
  });

  it('implicit methods on a linear game: one solve per call, Newton exact after one iteration (3 fields, 2 Jacobians)', () => {
    for (const name of ['implicit-euler', 'implicit-midpoint']) {
      const { stats } = perCall(name);
      expect(stats).toMatchObject({ calls: 10, accepted: 10, implicitSolves: 10, fieldEvaluations: 30, jacobianEvaluations: 20 });
    }
  });

  it('rk45: six evaluations per attempted step plus the first k₁ and two for the starting step size (FSAL)', () => {
    const { stats } = perCall('rk45');
    expect(stats.fieldEvaluations).toBe(2 + 1 + 6 * (stats.accepted + stats.rejected));
  });

  it('flowStats rejects a Dynamics that is not a flow', () => {
    expect(() => flowStats({ label: 'simgda', step: () => {} })).toThrow(TypeError);
  });
});

describe('leapfrog with three players: the symmetric sweep', () => {
  // ξ = B·z with B's diagonal zero: each player's gradient ignores its own parameters (separable), so every substep
  // is the exact flow of its part and the symmetric sweep 0½, 1½, 2, 1½, 0½ is time-reversible.
  const B = [
    [0, 1, -0.5],
    [-1, 0, 2],
    [0.5, -2, 0],
  ];
  const threePlayers: Game = {
    name: 'three',
    description: 'ξ = B·z',
    players: ['x', 'y', 'w'].map((name) => ({ name, coords: [name] })),
    zeroSum: false,
    field(z, out, n) {
      for (let i = 0; i < 3; i++) for (let b = 0; b < n; b++) out[i][b] = B[i][0] * z[0][b] + B[i][1] * z[1][b] + B[i][2] * z[2][b];
    },
    jacobian(_z, J, n) {
      for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) J.fill(B[r][c], (r * 3 + c) * n, (r * 3 + c + 1) * n);
    },
    losses(_z, out) {
      out.forEach((o) => o.fill(0));
    },
  };

  it('costs 2·3 − 1 = 5 evaluations per step and a step with −h undoes a step with h', () => {
    fc.assert(
      fc.property(fc.tuple(coord, coord, coord), fc.double({ min: 0.01, max: 0.5, noNaN: true }), (z, h) => {
        const fwd = run('leapfrog', {}, threePlayers, [z], h, 1);
        expect(fieldEvaluationsPerCall(flowStats(fwd.flow))).toBe(5);
        const back = run('leapfrog', {}, threePlayers, fwd.points, -h, 1).points[0];
        const scale = Math.sqrt(norm2(z)) || 1;
        back.forEach((v, i) => expect(near(v, z[i], 1e-13, scale)).toBe(true));
      }),
      fewRuns,
    );
  });
});
