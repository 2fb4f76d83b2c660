/**
 * The product's claim: an optimizer is written once. The same optimizer objects run, unchanged, over the
 * Float64Array container and over a second container (plain JS arrays, with its own Space) and give identical
 * numbers, bit for bit. gan/ adds a third container (tf.Tensor lists) against the same interface.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Field } from '../../../src/field.ts';
import { gameField, packPoints, type Game } from '../../../src/game.ts';
import { bilinear, dirac, quadratic } from '../../../src/games/index.ts';
import { createOptimizer, optimizers } from '../../../src/optim/index.ts';
import { float64Space, type Space } from '../../../src/space.ts';

/** A Space over plain number arrays: a different container, written from the interface alone. */
const arraySpace: Space<number[]> = {
  zerosLike: (v) => v.map(() => 0),
  clone: (v) => [...v],
  copy: (dst, src) => src.forEach((s, i) => (dst[i] = s)),
  dispose: () => {},
  scale: (dst, a) => dst.forEach((d, i) => (dst[i] = d * a)),
  axpy: (dst, a, x) => dst.forEach((d, i) => (dst[i] = d + a * x[i])),
  lincomb: (dst, a, x, b, y) => dst.forEach((_, i) => (dst[i] = a * x[i] + b * y[i])),
  addcmul: (dst, a, x, y) => dst.forEach((d, i) => (dst[i] = d + a * x[i] * y[i])),
  addcdiv: (dst, a, x, y, eps) => dst.forEach((d, i) => (dst[i] = d + (a * x[i]) / (Math.sqrt(y[i]) + eps))),
  dot: (x, y) => x.reduce((s, v, i) => s + v * y[i], 0),
};

/** The game's field, seen through number[] blocks (it converts at the boundary; the optimizer never knows). */
function arrayField(game: Game): Field<number[]> {
  const f = gameField(game, 1);
  const to = (z: readonly number[][]) => z.map((b) => Float64Array.from(b));
  const back = (src: Float64Array[], out: number[][]) => src.forEach((b, i) => b.forEach((v, k) => (out[i][k] = v)));
  const field: Field<number[]> = {
    players: f.players,
    grad(z, out, player) {
      const o = to(out);
      f.grad(to(z), o, player);
      back(o, out);
    },
    jvp(z, w, out) {
      const o = to(out);
      f.jvp!(to(z), to(w), o);
      back(o, out);
    },
    vjp(z, w, out) {
      const o = to(out);
      f.vjp!(to(z), to(w), o);
      back(o, out);
    },
    lossGrad(z, p, out) {
      const o = to(out);
      f.lossGrad!(to(z), p, o);
      back(o, out);
    },
    solveImplicit(z, h, theta, out) {
      const o = to(out);
      f.solveImplicit!(to(z), h, theta, o);
      back(o, out);
    },
  };
  if (f.project) {
    field.project = (z) => {
      const o = to(z);
      f.project!(o);
      back(o, z);
    };
  }
  return field;
}

/** Runs `name` over both containers for `steps` steps and returns both final iterates (readout), flattened. */
function both(game: Game, name: string, options: Record<string, unknown>, start: number[], steps: number) {
  const optimizer = createOptimizer(name, options);
  const zf = packPoints(game, [start]);
  const ff = gameField(game, 1);
  const sf = optimizer.init(float64Space, zf);
  const za = zf.map((b) => Array.from(b));
  const fa = arrayField(game);
  const sa = optimizer.init(arraySpace, za);
  for (let t = 0; t < steps; t++) {
    optimizer.step(float64Space, ff, zf, sf);
    optimizer.step(arraySpace, fa, za, sa);
  }
  const rf = optimizer.readout ? optimizer.readout(zf, sf) : zf;
  const ra = optimizer.readout ? optimizer.readout(za, sa) : za;
  return [rf.flatMap((b) => Array.from(b)), ra.flat()];
}

const games: [string, Game][] = [
  ['bilinear', bilinear()],
  ['quadratic, dim 2', quadratic({ a: 0.3, b: 1, c: 0.1, dim: 2 })],
  ['Dirac-GAN, non-saturating with R1', dirac({ loss: 'nsgan', reg: 'r1', gamma: 0.5 })],
  ['Dirac-GAN, WGAN with clipping (a projection)', dirac({ loss: 'wgan-clip', clip: 0.5 })],
];
const cases = Object.keys(optimizers).flatMap((name) => [
  [name, {}],
  [name, { average: 'uniform' }],
  [name, { average: 'ema', decay: 0.9, lr: [0.05, 0.2] }],
] as [string, Record<string, unknown>][]);

describe('one optimizer, two containers', () => {
  for (const [gameName, game] of games) {
    it.each(cases)(`%s %o gives identical numbers over Float64Array and over number[] on the ${gameName} game`, (name, options) => {
      fc.assert(
        fc.property(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 }), (coords) => {
          const start = coords.slice(0, game.players.reduce((s, p) => s + p.coords.length, 0));
          const [f64, arr] = both(game, name, options, start, 25);
          expect(arr).toEqual(f64);
          expect(f64.every(Number.isFinite)).toBe(true);
        }),
        { numRuns: 10 },
      );
    });
  }
});
