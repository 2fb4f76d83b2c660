/**
 * The product's claim, on a third container: the optimizer objects of src/optim run unchanged over Float64Array (the
 * games of src/games, gradients by hand) and over TensorBlocks of tf.Tensors (the same games written in tfjs ops,
 * gradients, Jacobian products and projections by tfjs autodiff, as the GAN trainer uses them), and give the same
 * numbers to float32 precision.
 *
 * Tolerance: tfjs computes in float32 (unit roundoff u = 2⁻²⁴ ≈ 6·10⁻⁸). The start is rounded to float32 for both
 * runs, so the difference comes only from rounding the arithmetic: a few roundings per coordinate per step, carried
 * forward by update maps whose Lipschitz constants are close to 1 over these short runs. After T = 12 steps that is
 * of order T·10·u ≈ 10⁻⁵ relative to the size of the iterate; the test allows 2·10⁻⁴·max(1, |z|), and checks that the
 * runs moved at all (so that agreement is not the trivial one of two frozen iterates).
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { autodiffField, type TensorGame } from '../../gan/autodiff-field.ts';
import { useBackend } from '../../gan/backend.ts';
import { blockToArray, TensorBlock, tensorSpace, variableBlock } from '../../gan/tensor-space.ts';
import { MissingCapabilityError } from '../../src/field.ts';
import { gameField, packPoints, type Game } from '../../src/game.ts';
import { bilinear, dirac, quadratic } from '../../src/games/index.ts';
import { createOptimizer, disposeState } from '../../src/optim/index.ts';
import { float64Space } from '../../src/space.ts';
import { bilinearTensor, diracTensor, quadraticTensor } from './games.ts';

beforeAll(async () => {
  await useBackend('cpu');
});

const STEPS = 12;

/** Runs `name` on both containers from `start` (rounded to float32) and returns both readouts, flattened. */
function both(game: Game, tgame: TensorGame, name: string, options: Record<string, unknown>, start: number[]) {
  const s32 = start.map(Math.fround);
  const optimizer = createOptimizer(name, options);
  const zf = packPoints(game, [s32]);
  const ff = gameField(game, 1);
  const sf = optimizer.init(float64Space, zf);
  // One tensor per player, of that player's dimension: the parameters as Variables, as a network's would be.
  const initial = tf.memory().numTensors;
  const zt = zf.map((b) => {
    const init = tf.tensor1d(Array.from(b));
    const block = variableBlock([init]);
    init.dispose(); // the variable holds its own copy
    return block;
  });
  const ft = autodiffField(tgame);
  const st = optimizer.init(tensorSpace, zt);
  let before = 0;
  for (let t = 0; t < STEPS; t++) {
    optimizer.step(float64Space, ff, zf, sf);
    optimizer.step(tensorSpace, ft, zt, st);
    if (t === 0) before = tf.memory().numTensors;
  }
  const during = tf.memory().numTensors;
  const rf = optimizer.readout ? optimizer.readout(zf, sf) : zf;
  const rt = optimizer.readout ? optimizer.readout(zt, st) : zt;
  const out = { f64: rf.flatMap((b) => Array.from(b)), f32: rt.flatMap((b) => Array.from(blockToArray(b))), leaked: during - before };
  disposeState(tensorSpace, st);
  for (const b of zt) tensorSpace.dispose(b);
  return { ...out, remaining: tf.memory().numTensors - initial };
}

const closeF32 = (f32: number[], f64: number[]) => {
  const scale = Math.max(1, ...f64.map(Math.abs));
  return f32.every((v, i) => Math.abs(v - f64[i]) <= 2e-4 * scale);
};

const games: [string, Game, TensorGame][] = [
  ['bilinear x·y', bilinear(), bilinearTensor()],
  ['quadratic, dim 2', quadratic({ a: 0.3, b: 1, c: 0.1, dim: 2 }), quadraticTensor(0.3, 1, 0.1)],
  ['Dirac-GAN, non-saturating with R1', dirac({ loss: 'nsgan', reg: 'r1', gamma: 0.5 }), diracTensor('nsgan', 'r1', 0.5)],
  ['Dirac-GAN, WGAN with clipping (a projection)', dirac({ loss: 'wgan-clip', clip: 0.5 }), diracTensor('wgan-clip', 'none', 1, 0.5)],
];

const cases: [string, Record<string, unknown>][] = [
  ['simgda', { lr: 0.1 }],
  ['altgda', { lr: [0.1, 0.05], nd: 2 }],
  ['eg', { lr: 0.3 }],
  ['ogda', { lr: 0.2 }],
  ['momentum', { lr: 0.1, beta: 0.5 }],
  ['momentum', { lr: 0.1, beta: [-0.5, 0], alternating: true }],
  ['adam', { lr: 0.05 }],
  ['adam', { lr: [0.05, 0.02], beta1: 0.5, alternating: true, order: 'max-first' }],
  ['consensus', { lr: 0.1, gamma: 0.5 }],
  ['unrolled', { lr: 0.1, k: 2 }],
  ['simgda', { lr: 0.1, average: 'uniform' }],
  ['eg', { lr: 0.2, average: 'ema', decay: 0.9 }],
];

describe('one optimizer, three containers: Float64Array and tf.Tensor lists agree to float32 precision', () => {
  // `leaked` counts tensors that appeared between step 1 and step 12: each step must leave as many as it found.
  for (const [gameName, game, tgame] of games) {
    const dim = game.players.reduce((s, p) => s + p.coords.length, 0);
    it.each(cases)(`%s %o on the ${gameName} game: same iterates over Float64Array and tf.Tensors, no tensor leaked`, (name, options) => {
      fc.assert(
        fc.property(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: dim, maxLength: dim }), (start) => {
          const { f64, f32, leaked, remaining } = both(game, tgame, name, options, start);
          expect(f64.every(Number.isFinite)).toBe(true);
          expect(closeF32(f32, f64), `float32 ${f32} vs float64 ${f64}`).toBe(true);
          expect(leaked).toBe(0);
          expect(remaining).toBe(0);
        }),
        { numRuns: 3, seed: 5 },
      );
    });
  }

  it('the runs move: simgda on x·y from (1, 1) grows ‖z‖ by √(1 + η²) a step over tf.Tensors too', () => {
    const { f32 } = both(bilinear(), bilinearTensor(), 'simgda', { lr: 0.1 }, [1, 1]);
    expect(Math.hypot(...f32)).toBeCloseTo(Math.SQRT2 * (1 + 0.01) ** (STEPS / 2), 5);
  });

  it('sga and proximal say which capability the tensor field lacks (forward-mode products, an implicit solver)', () => {
    const z = [new TensorBlock([tf.tensor1d([1])]), new TensorBlock([tf.tensor1d([1])])];
    const field = autodiffField(bilinearTensor());
    for (const name of ['sga', 'proximal']) {
      const opt = createOptimizer(name, { lr: 0.1 });
      const state = opt.init(tensorSpace, z);
      expect(() => opt.step(tensorSpace, field, z, state)).toThrow(MissingCapabilityError);
      disposeState(tensorSpace, state);
    }
    z.forEach((b) => tensorSpace.dispose(b));
  });
});
