import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchErrorNorm, flowStats, integrate } from '../../../src/flow/index.ts';
import { packPoints, pointAt, type Game } from '../../../src/game.ts';
import { bilinear } from '../../../src/games/bilinear.ts';
import { matrix } from '../../../src/games/matrix.ts';
import { quadratic } from '../../../src/games/quadratic.ts';
import { coord, coupling, distance, fewRuns, near, norm2, run } from './util.ts';

/** The exact flow of x·y: ẋ = −a·y, ẏ = a·x, a rotation by a·t. */
const rotation = ([x, y]: readonly number[], a: number, t: number) => [
  x * Math.cos(a * t) - y * Math.sin(a * t),
  x * Math.sin(a * t) + y * Math.cos(a * t),
];

/**
 * exp(M) for a real 2×2 matrix M = [[p, q], [r, s]], in closed form: with m = (p + s)/2 and δ = m² − det M,
 * exp(M) = e^m·(c·I + σ·(M − m·I)) where (c, σ) = (cosh √δ, sinh √δ/√δ), (cos √−δ, sin √−δ/√−δ) or (1, 1).
 */
function expm2([[p, q], [r, s]]: number[][]): number[][] {
  const m = (p + s) / 2;
  const delta = m * m - (p * s - q * r);
  const root = Math.sqrt(Math.abs(delta));
  const [c, sigma] =
    root < 1e-12 ? [1, 1] : delta > 0 ? [Math.cosh(root), Math.sinh(root) / root] : [Math.cos(root), Math.sin(root) / root];
  const e = Math.exp(m);
  return [
    [e * (c + sigma * (p - m)), e * sigma * q],
    [e * sigma * r, e * (c + sigma * (s - m))],
  ];
}

const starts = (count: number) => fc.array(fc.tuple(coord, coord), { minLength: count, maxLength: count });

describe('rk45 against exact solutions', () => {
  it('with rtol = atol = 1e-9 matches the exact rotation of x·y to 1e-7·‖z₀‖ at t = 10, on a batch of random starts', () => {
    fc.assert(
      fc.property(starts(64), coupling, fc.constantFrom(0.5, 0.37, 2.5), (zs, a, dt) => {
        const steps = Math.round(10 / dt);
        const { points } = run('rk45', { rtol: 1e-9, atol: 1e-9 }, bilinear({ a }), zs, dt, steps);
        points.forEach((p, b) => {
          const exact = rotation(zs[b], a, steps * dt);
          expect(distance(p, exact)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.sqrt(norm2(zs[b]))));
        });
      }),
      fewRuns,
    );
  });

  it('on a stiff-ish quadratic game (a ≫ c) matches the closed form exp(−J·t)·z₀ to 1e-6·‖z₀‖', () => {
    const param = (min: number, max: number) => fc.double({ min, max, noNaN: true });
    fc.assert(
      fc.property(starts(16), param(10, 200), param(-3, 3), param(0.1, 2), (zs, a, b, c) => {
        const t = 2;
        const { points, flow } = run('rk45', { rtol: 1e-8, atol: 1e-10 }, quadratic({ a, b, c }), zs, 0.5, 4);
        const E = expm2([
          [-a * t, -b * t],
          [b * t, -c * t],
        ]);
        points.forEach((p, k) => {
          const [x, y] = zs[k];
          const exact = [E[0][0] * x + E[0][1] * y, E[1][0] * x + E[1][1] * y];
          expect(distance(p, exact)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.sqrt(norm2(zs[k]))));
        });
        // Explicit stability alone needs about a·t/3.3 steps; the controller should not take wildly more.
        expect(flowStats(flow).accepted).toBeLessThan(10 * a * t);
      }),
      fewRuns,
    );
  });

  it('integrates backwards with negative dt: forward to t = 5 then back returns to z₀ within 1e-6', () => {
    fc.assert(
      fc.property(starts(8), (zs) => {
        const game = quadratic({ a: 0.5, b: 2, c: 0.2, dim: 1 });
        const fwd = integrate('rk45', { rtol: 1e-10, atol: 1e-12 }, game, zs.length, 0.5);
        const back = integrate('rk45', { rtol: 1e-10, atol: 1e-12 }, game, zs.length, -0.5);
        const z = packPoints(game, zs);
        for (let k = 0; k < 10; k++) fwd.step(z);
        for (let k = 0; k < 10; k++) back.step(z);
        zs.forEach((z0, b) => {
          expect(distance(pointAt(game, z, zs.length, b), z0)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.sqrt(norm2(z0))));
        });
      }),
      fewRuns,
    );
  });

  it('keeps its proposed step across calls: with dt far below the step it needs, one solver step per call', () => {
    const game = bilinear({ a: 1 });
    const flow = integrate('rk45', { rtol: 1e-6 }, game, 1, 0.01);
    const z = packPoints(game, [[1, 0.5]]);
    flow.step(z); // the first call picks the starting step size (two evaluations) and may take a few steps
    const first = flowStats(flow);
    for (let k = 0; k < 199; k++) flow.step(z);
    const s = flowStats(flow);
    expect(s.accepted - first.accepted).toBe(199);
    expect(s.rejected - first.rejected).toBe(0);
    // First same as last, across calls too: six new evaluations per step.
    expect(s.fieldEvaluations - first.fieldEvaluations).toBe(6 * 199);
  });

  it('lets a point that blows up in finite time turn non-finite without stalling the rest of the batch', () => {
    // One player, ξ(x) = −x², so ẋ = x²: x(t) = x₀/(1 − x₀t) blows up at t = 1/x₀.
    const blowUp: Game = {
      name: 'blow-up',
      description: 'ẋ = x²',
      players: [{ name: 'x', coords: ['x'] }],
      zeroSum: false,
      field([x], [g], n) {
        for (let b = 0; b < n; b++) g[b] = -x[b] * x[b];
      },
      jacobian([x], J, n) {
        for (let b = 0; b < n; b++) J[b] = -2 * x[b];
      },
      losses([x], [l], n) {
        for (let b = 0; b < n; b++) l[b] = -(x[b] ** 3) / 3;
      },
    };
    const { points } = run('rk45', { rtol: 1e-9, atol: 1e-12 }, blowUp, [[0.5], [4]], 0.25, 4);
    expect(points[0][0]).toBeCloseTo(0.5 / (1 - 0.5), 6);
    expect(Number.isFinite(points[1][0])).toBe(false);
  });
});

describe('orders of convergence', () => {
  /** log₂ of the error ratio when h is halved, at t = 1 on `game` from `start`, against a tight rk45 reference. */
  const observedOrder = (name: string, game: Game, start: number[], h: number) => {
    const exact = run('rk45', { rtol: 1e-13, atol: 1e-15 }, game, [start], 1, 1).points[0];
    const err = (k: number) => distance(run(name, {}, game, [start], h / k, Math.round(k / h)).points[0], exact);
    return Math.log2(err(1) / err(2));
  };
  const linear = quadratic({ a: 0.7, b: 1.3, c: 0.2, dim: 1 });
  const separable = matrix({ A: [[1, 0.5], [-0.3, 2]], b: [0.1, 0], c: [0, -0.2] });
  const cases: [string, Game, number[], number, number][] = [
    ['euler', linear, [1, -0.5], 1 / 64, 1],
    ['implicit-euler', linear, [1, -0.5], 1 / 64, 1],
    ['implicit-midpoint', linear, [1, -0.5], 1 / 32, 2],
    ['rk4', linear, [1, -0.5], 1 / 8, 4],
    ['leapfrog', separable, [1, -0.5, 0.3, 0.8], 1 / 32, 2],
    ['leapfrog', linear, [1, -0.5], 1 / 64, 1],
  ];
  for (const [name, game, start, h, order] of cases) {
    it(`${name} converges with order ${order} on ${game.name === 'matrix' ? 'a separable matrix game' : 'the quadratic game'}`, () => {
      expect(observedOrder(name, game, start, h)).toBeCloseTo(order, 0);
    });
  }
});

describe('the step-size controller', () => {
  it('as a PI controller (pcoeff 0.2, icoeff 0.65: dopri5’s β = 0.04) also matches the rotation of x·y to 1e-7', () => {
    const zs = [
      [1, 0.5],
      [-3, 2],
      [0, 1e-3],
    ];
    const { points } = run('rk45', { rtol: 1e-9, atol: 1e-9, pcoeff: 0.2, icoeff: 0.65 }, bilinear({ a: 1.5 }), zs, 0.5, 20);
    points.forEach((p, b) => expect(distance(p, rotation(zs[b], 1.5, 10))).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.sqrt(norm2(zs[b])))));
  });

  it('judges a batch by its worst point’s RMS error norm, leaving out points that already diverged', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(coord, coord, coord, coord), { minLength: 1, maxLength: 8 }), (rows) => {
        const n = rows.length;
        // Two players of one coordinate; per point: z, candidate, error of each coordinate.
        const z = [new Float64Array(rows.map((r) => r[0])), new Float64Array(rows.map((r) => r[1]))];
        const cand = [new Float64Array(rows.map((r) => r[2])), new Float64Array(rows.map((r) => r[3]))];
        const err = [new Float64Array(rows.map((r) => r[2] * 1e-7)), new Float64Array(rows.map((r) => r[0] * 1e-7))];
        const scale = (zk: number, ck: number) => 1e-9 + 1e-6 * Math.max(Math.abs(zk), Math.abs(ck));
        const expected = Math.max(
          ...rows.map(([z0, z1, c0, c1]) => Math.sqrt(((c0 * 1e-7) / scale(z0, c0)) ** 2 / 2 + ((z0 * 1e-7) / scale(z1, c1)) ** 2 / 2)),
        );
        const got = batchErrorNorm(z, cand, err, 1e-6, 1e-9, n, new Float64Array(n), new Uint8Array(n));
        expect(near(got, expected, 1e-12)).toBe(true);
        // A diverged point (non-finite start) does not count.
        const zBad = [new Float64Array([...z[0], NaN]), new Float64Array([...z[1], 0])];
        const pad = (v: Float64Array[], x: number) => v.map((a) => new Float64Array([...a, x]));
        const withBad = batchErrorNorm(zBad, pad(cand, 1), pad(err, 1e300), 1e-6, 1e-9, n + 1, new Float64Array(n + 1), new Uint8Array(n + 1));
        expect(withBad).toBe(got);
      }),
      fewRuns,
    );
  });
});
