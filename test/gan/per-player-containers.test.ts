/**
 * The product's claim for per-player optimizers: one mixed optimizer object (player i on its own rule Rᵢ) runs
 * unchanged over Float64Array and over tf.Tensor blocks (gradients by tfjs autodiff, as the GAN trainer takes them)
 * and gives the same numbers to float32 precision, leaking no tensor. Tolerance as in containers.test.ts: the start
 * is rounded to float32 for both runs, and 12 steps of float32 arithmetic stay within 2·10⁻⁴·max(1, |z|).
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { autodiffField, type TensorGame } from '../../gan/autodiff-field.ts';
import { useBackend } from '../../gan/backend.ts';
import { blockToArray, tensorSpace, variableBlock } from '../../gan/tensor-space.ts';
import { gameField, packPoints, type Game } from '../../src/game.ts';
import { bilinear, dirac } from '../../src/games/index.ts';
import { createOptimizer, disposeState, perPlayerOptimizers } from '../../src/optim/index.ts';
import { float64Space } from '../../src/space.ts';
import { bilinearTensor, diracTensor } from './games.ts';

beforeAll(async () => {
  await useBackend('cpu');
});

const STEPS = 12;

/** Runs the mix `names` on both containers from `start` (rounded to float32); both final iterates, flattened. */
function both(game: Game, tgame: TensorGame, names: string[], options: Record<string, unknown>, start: number[]) {
  const s32 = start.map(Math.fround);
  const optimizer = createOptimizer(names, options);
  const zf = packPoints(game, [s32]);
  const sf = optimizer.init(float64Space, zf);
  const initial = tf.memory().numTensors;
  const zt = zf.map((b) => {
    const init = tf.tensor1d(Array.from(b));
    const block = variableBlock([init]);
    init.dispose();
    return block;
  });
  const ft = autodiffField(tgame);
  const st = optimizer.init(tensorSpace, zt);
  let before = 0;
  for (let t = 0; t < STEPS; t++) {
    optimizer.step(float64Space, gameField(game, 1), zf, sf);
    optimizer.step(tensorSpace, ft, zt, st);
    if (t === 0) before = tf.memory().numTensors;
  }
  const leaked = tf.memory().numTensors - before;
  const rf = optimizer.readout ? optimizer.readout(zf, sf) : zf;
  const rt = optimizer.readout ? optimizer.readout(zt, st) : zt;
  const out = { f64: rf.flatMap((b) => Array.from(b)), f32: rt.flatMap((b) => Array.from(blockToArray(b))), moved: Math.abs(zf[0][0] - s32[0]) + Math.abs(zf[1][0] - s32[1]) };
  disposeState(tensorSpace, st);
  for (const b of zt) tensorSpace.dispose(b);
  return { ...out, leaked, remaining: tf.memory().numTensors - initial };
}

const games: [string, Game, TensorGame][] = [
  ['bilinear x·y', bilinear(), bilinearTensor()],
  ['Dirac-GAN, non-saturating with R1', dirac({ loss: 'nsgan', reg: 'r1', gamma: 0.5 }), diracTensor('nsgan', 'r1', 0.5)],
  ['Dirac-GAN, WGAN with clipping (a projection)', dirac({ loss: 'wgan-clip', clip: 0.5 }), diracTensor('wgan-clip', 'none', 1, 0.5)],
];

/** Every ordered pair of different per-player rules, with per-player options and, at random, alternating play. */
const mixes = fc.record({
  names: fc.tuple(fc.constantFrom(...perPlayerOptimizers), fc.constantFrom(...perPlayerOptimizers)).filter(([a, b]) => a !== b),
  lr: fc.tuple(fc.double({ min: 0.01, max: 0.2, noNaN: true }), fc.double({ min: 0.01, max: 0.2, noNaN: true })),
  beta: fc.double({ min: -0.6, max: 0.6, noNaN: true }),
  alternating: fc.boolean(),
  average: fc.constantFrom('none', 'ema'),
});

describe('one mixed optimizer, two containers: Float64Array and tf.Tensor blocks agree to float32 precision', () => {
  for (const [gameName, game, tgame] of games) {
    it(`every pair of per-player rules on the ${gameName} game: same iterates, no tensor leaked`, () => {
      fc.assert(
        fc.property(mixes, fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true })).filter(([a, b]) => Math.hypot(a, b) > 0.05), (m, start) => {
          const has = (n: string) => m.names.includes(n);
          const options = {
            lr: m.lr,
            average: m.average,
            ...(has('momentum') ? { beta: m.beta } : {}),
            ...(has('adam') ? { beta1: 0.5 } : {}),
            ...(has('momentum') || has('adam') ? { alternating: m.alternating } : {}),
          };
          const { f64, f32, leaked, remaining, moved } = both(game, tgame, m.names, options, start);
          expect(f64.every(Number.isFinite)).toBe(true);
          const scale = Math.max(1, ...f64.map(Math.abs));
          expect(f32.every((v, i) => Math.abs(v - f64[i]) <= 2e-4 * scale), `float32 ${f32} vs float64 ${f64}`).toBe(true);
          expect(moved).toBeGreaterThan(0);
          expect(leaked).toBe(0);
          expect(remaining).toBe(0);
        }),
        { numRuns: 12, seed: 11 },
      );
    });
  }
});
