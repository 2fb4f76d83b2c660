/**
 * The GAN field computes what its doc says: each player's gradient of its own loss (not the other's), Jᵀw as the
 * derivative of ⟨ξ, w⟩, the loss formulas of losses.ts, and one minibatch per optimizer step.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { autodiffField, checkSecondOrder, SecondOrderError } from '../../gan/autodiff-field.ts';
import { useBackend } from '../../gan/backend.ts';
import { discriminatorLoss, generatorLoss, lossNames, type LossName } from '../../gan/losses.ts';
import { blockFromArray, blockToArray, TensorBlock, tensorSpace } from '../../gan/tensor-space.ts';
import { createTrainer, type GanTrainer } from '../../gan/train.ts';
import { blocks } from '../../src/space.ts';

beforeAll(async () => {
  await useBackend('cpu');
});

let trainer: GanTrainer | undefined;
afterEach(() => {
  trainer?.dispose();
  trainer = undefined;
});

/** A small smooth GAN (tanh, so that finite differences see a smooth loss). */
const smooth = (extra: Record<string, unknown> = {}) =>
  createTrainer({
    dataset: 'ring8',
    generator: { hidden: [5], activation: 'tanh' },
    discriminator: { hidden: [5], activation: 'tanh' },
    batch: 16,
    seed: 3,
    ...extra,
  });

/** z with coordinate k of block b moved by h (new plain blocks; the caller disposes them). */
function moved(z: readonly TensorBlock[], b: number, k: number, h: number): TensorBlock[] {
  return z.map((blk, i) => {
    const values = blockToArray(blk);
    if (i === b) values[k] += h;
    return blockFromArray(blk.shapes, values);
  });
}

describe('the GAN field', () => {
  it.each(['nsgan', 'gan', 'wgan-gp', 'lsgan'] as const)('%s (tanh networks): ξ_G = ∇_θ ℓ_G and ξ_D = ∇_ψ ℓ_D (central differences, float32)', (loss) => {
    trainer = smooth({ loss, regularizer: loss === 'nsgan' ? 'r1' : 'none', gamma: 0.5 });
    const t = trainer;
    t.field.resample();
    const z = t.z;
    const xi = blocks.zerosLike(tensorSpace, z);
    t.field.grad(z, xi);
    const g = xi.map(blockToArray);
    const h = 1e-2;
    for (const b of [0, 1]) {
      for (const k of [0, 3, 7, z[b].size - 1]) {
        const plus = moved(z, b, k, h);
        const minus = moved(z, b, k, -h);
        const fd = (t.field.losses(plus)[b] - t.field.losses(minus)[b]) / (2 * h);
        expect(Math.abs(fd - g[b][k])).toBeLessThan(2e-3 + 2e-2 * Math.abs(fd));
        blocks.dispose(tensorSpace, plus);
        blocks.dispose(tensorSpace, minus);
      }
    }
    blocks.dispose(tensorSpace, xi);
  });

  // Central differences need a smooth ⟨ξ, w⟩: with kinks (leaky-relu, elu″) a small step, so that few cross one.
  it.each([
    ['tanh', 'r1', 1e-2],
    ['tanh', 'none', 1e-2],
    ['elu', 'none', 1e-3],
    ['leaky-relu', 'none', 1e-3],
    ['tanh, Fourier D, scaled', 'r1', 1e-2],
  ] as const)('Jᵀw from double backpropagation matches central differences of ⟨ξ(z), w⟩ (%s networks, regularizer %s)', (name, regularizer, h) => {
    const activation = name.split(',')[0] as 'tanh' | 'elu' | 'leaky-relu';
    const extra = name.includes('Fourier') ? { inputScale: 1.5, fourier: { features: 4, scale: 0.6, includeInput: true } } : {};
    trainer = smooth({ generator: { hidden: [5], activation, ...(name.includes('Fourier') ? { outputScale: 1.5 } : {}) }, discriminator: { hidden: [5], activation, ...extra }, regularizer });
    const t = trainer;
    t.field.resample();
    const z = t.z;
    const w = z.map((blk, i) => blockFromArray(blk.shapes, Array.from({ length: blk.size }, (_, k) => Math.sin(k + 3 * i))));
    const out = blocks.zerosLike(tensorSpace, z);
    t.field.vjp!(z, w, out);
    const jtw = out.map(blockToArray);
    const xi = blocks.zerosLike(tensorSpace, z);
    const inner = (zz: TensorBlock[]) => {
      t.field.grad(zz, xi);
      return blocks.dot(tensorSpace, xi, w);
    };
    for (const b of [0, 1]) {
      for (const k of [1, 4, z[b].size - 2]) {
        const plus = moved(z, b, k, h);
        const minus = moved(z, b, k, -h);
        const fd = (inner(plus) - inner(minus)) / (2 * h);
        expect(Math.abs(fd - jtw[b][k])).toBeLessThan(5e-3 + 3e-2 * Math.abs(fd));
        blocks.dispose(tensorSpace, plus);
        blocks.dispose(tensorSpace, minus);
      }
    }
    [w, out, xi].forEach((bl) => blocks.dispose(tensorSpace, bl));
  });

  it('wgan-clip: project clips every discriminator parameter to [−c, c] and leaves the generator alone', () => {
    trainer = smooth({ loss: 'wgan-clip', clip: 0.05 });
    const g0 = blockToArray(trainer.generator.block);
    trainer.field.project!(trainer.z);
    expect(Math.max(...blockToArray(trainer.discriminator.block).map(Math.abs))).toBeLessThanOrEqual(Math.fround(0.05));
    expect(Array.from(blockToArray(trainer.generator.block))).toEqual(Array.from(g0));
  });

  it('one minibatch per optimizer step: extragradient resamples once per step and both looks see the same batch', () => {
    trainer = smooth({ optimizer: 'eg', lr: 0.01 });
    const t = trainer;
    let resamples = 0;
    const original = t.field.resample.bind(t.field);
    t.field.resample = () => {
      resamples++;
      original();
    };
    // The losses at a fixed point are the same before and after a step's gradient evaluations: the batch is kept.
    t.field.resample();
    const before = t.field.losses(t.z);
    const xi = blocks.zerosLike(tensorSpace, t.z);
    t.field.grad(t.z, xi);
    t.field.grad(t.z, xi);
    expect(t.field.losses(t.z)).toEqual(before);
    blocks.dispose(tensorSpace, xi);
    resamples = 0;
    for (let s = 0; s < 5; s++) t.iterate();
    expect(resamples).toBe(5);
  });
});

describe('second derivatives tfjs cannot take are named before training', () => {
  it('a loss through tf.leakyRelu (whose gradient uses Greater, which has no gradient): SecondOrderError naming Greater', () => {
    const z = [new TensorBlock([tf.tensor1d([0.5])]), new TensorBlock([tf.tensor1d([-1])])];
    const field = autodiffField({
      players: 2,
      loss: (p, i) => {
        const f = tf.sum(tf.leakyRelu(tf.mul(p[0][0], p[1][0]), 0.2)) as tf.Scalar;
        return i === 0 ? f : (tf.neg(f) as tf.Scalar);
      },
    });
    const before = tf.memory().numTensors;
    expect(() => checkSecondOrder(field, z, false)).not.toThrow();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => checkSecondOrder(field, z, true)).toThrow(SecondOrderError);
    expect(() => checkSecondOrder(field, z, true)).toThrow(/no gradient for the op Greater/);
    z.forEach((b) => tensorSpace.dispose(b));
  });
});

describe('loss formulas on logits (a real, ã fake), against their closed forms', () => {
  const sp = (x: number) => Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0);
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const want: Record<LossName, (a: number[], f: number[]) => [number, number]> = {
    gan: (a, f) => [mean(a.map((x) => sp(-x))) + mean(f.map(sp)), -mean(f.map(sp))],
    nsgan: (a, f) => [mean(a.map((x) => sp(-x))) + mean(f.map(sp)), mean(f.map((x) => sp(-x)))],
    wgan: (a, f) => [mean(f) - mean(a), -mean(f)],
    'wgan-clip': (a, f) => [mean(f) - mean(a), -mean(f)],
    'wgan-gp': (a, f) => [mean(f) - mean(a), -mean(f)],
    hinge: (a, f) => [mean(a.map((x) => Math.max(0, 1 - x))) + mean(f.map((x) => Math.max(0, 1 + x))), -mean(f)],
    lsgan: (a, f) => [0.5 * mean(a.map((x) => (x - 1) ** 2)) + 0.5 * mean(f.map((x) => x * x)), 0.5 * mean(f.map((x) => (x - 1) ** 2))],
  };
  it.each(lossNames.map((n) => [n]))('%s', (name) => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: -8, max: 8, noNaN: true }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.float({ min: -8, max: 8, noNaN: true }), { minLength: 1, maxLength: 6 }),
        (a, f) => {
          const [lD, lG] = tf.tidy(() => {
            const ta = tf.tensor2d(a, [a.length, 1]);
            const tf_ = tf.tensor2d(f, [f.length, 1]);
            return [discriminatorLoss(name, ta, tf_).dataSync()[0], generatorLoss(name, tf_).dataSync()[0]];
          });
          const [wD, wG] = want[name](a, f);
          expect(Math.abs(lD - wD)).toBeLessThan(1e-5 * (1 + Math.abs(wD)));
          expect(Math.abs(lG - wG)).toBeLessThan(1e-5 * (1 + Math.abs(wG)));
        },
      ),
      { numRuns: 20 },
    );
  });
});
