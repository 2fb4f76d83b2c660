/**
 * The convolutional networks (conv.ts) and batch norm's running statistics (models.ts): the wasm filter gradient
 * equals the cpu backend's kernel over random shapes, strides and paddings; the DCGAN networks have the shapes and
 * ranges they promise, on both backends with the same gradients; eval mode normalizes by the running averages,
 * which the trainer folds exactly as documented; a DCGAN trainer on MNIST is seeded and keeps its tensor count
 * flat; the first-order fast path still applies to MLPs and only to them.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../gan/backend.ts';
import { Dcgan, type DcganSpec } from '../../gan/conv.ts';
import { firstOrderPath } from '../../gan/field.ts';
import { mnistDigits } from '../../gan/mnist.ts';
import { BN_MOMENTUM, Mlp, updateRunningStats } from '../../gan/models.ts';
import { Rng } from '../../gan/random.ts';
import { blockToArray } from '../../gan/tensor-space.ts';
import { createTrainer, type GanTrainer } from '../../gan/train.ts';
import { InputError } from '../../src/errors.ts';

beforeAll(async () => {
  await mnistDigits();
  await useBackend('cpu');
});

const made: GanTrainer[] = [];
afterEach(async () => {
  while (made.length) made.pop()!.dispose();
  await useBackend('cpu');
});

const tiny = (batchNorm: boolean): [DcganSpec, DcganSpec] => [
  { kind: 'dcgan', channels: 2, kernel: 4, batchNorm },
  { kind: 'dcgan', channels: 2, kernel: 4, batchNorm },
];
const mnistTrainer = (extra: Record<string, unknown> = {}) => {
  const [g, d] = tiny(true);
  const t = createTrainer({ dataset: 'mnist', generator: g, discriminator: d, latent: { dim: 4 }, batch: 8, seed: 5, metricsEvery: 10, ...extra });
  made.push(t);
  return t;
};

/** ∂/∂W of Σ r ⊙ conv2d(x, W) on the active backend, read back. */
function filterGradient(x: Float32Array, xShape: readonly number[], w: Float32Array, wShape: readonly number[], r: Float32Array, stride: number, pad: 'same' | 'valid'): Float32Array {
  return tf.tidy(() => {
    const xt = tf.tensor4d(x, [...xShape] as [number, number, number, number]);
    const f = (W: tf.Tensor) => {
      const y = tf.conv2d(xt, W as tf.Tensor4D, stride, pad);
      return tf.sum(tf.mul(y, tf.tensor(r.subarray(0, y.size), y.shape))) as tf.Scalar;
    };
    return tf.grad(f)(tf.tensor4d(w, [...wShape] as [number, number, number, number])).dataSync() as Float32Array;
  });
}

describe('the wasm Conv2DBackpropFilter kernel', () => {
  it('equals the cpu backend’s over random shapes, kernels, strides and paddings', async () => {
    const shapes = fc.record({
      n: fc.integer({ min: 1, max: 3 }),
      h: fc.integer({ min: 4, max: 11 }),
      w: fc.integer({ min: 4, max: 11 }),
      ci: fc.integer({ min: 1, max: 3 }),
      co: fc.integer({ min: 1, max: 3 }),
      k: fc.integer({ min: 1, max: 4 }),
      stride: fc.integer({ min: 1, max: 3 }),
      pad: fc.constantFrom('same' as const, 'valid' as const),
      seed: fc.integer({ min: 0, max: 1e6 }),
    });
    const cases = fc.sample(shapes, { numRuns: 25, seed: 11 });
    for (const c of cases) {
      const rng = new Rng(c.seed);
      const x = rng.fillNormal(new Float32Array(c.n * c.h * c.w * c.ci));
      const w = rng.fillNormal(new Float32Array(c.k * c.k * c.ci * c.co));
      const r = rng.fillNormal(new Float32Array(c.n * c.h * c.w * c.co));
      const args = [x, [c.n, c.h, c.w, c.ci], w, [c.k, c.k, c.ci, c.co], r, c.stride, c.pad] as const;
      await useBackend('cpu');
      const cpu = filterGradient(...args);
      await useBackend('wasm');
      const wasm = filterGradient(...args);
      const scale = Math.max(1, ...cpu.map(Math.abs));
      cpu.forEach((v, i) => expect(Math.abs(v - wasm[i]), `case ${JSON.stringify(c)}, entry ${i}`).toBeLessThan(1e-4 * scale));
    }
  }, 60_000);
});

describe('DCGAN networks', () => {
  it('map latent codes (+ one-hot labels) to 784 pixels in (−1, 1) and images to 1 + K logits, with the slots’ sizes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 5 }), fc.boolean(), fc.constantFrom(0, 10), (n, kernel, batchNorm, K) => {
        const spec: DcganSpec = { kind: 'dcgan', channels: 2, kernel, batchNorm };
        const G = new Dcgan('g', 'generator', 3 + K, 784, spec, new Rng(1));
        const D = new Dcgan('d', 'discriminator', 784, 1 + K, spec, new Rng(2));
        try {
          tf.tidy(() => {
            const x = G.apply(G.block.tensors, tf.randomNormal([n, 3 + K], 0, 1, 'float32', 1) as tf.Tensor2D);
            expect(x.shape).toEqual([n, 784]);
            expect(Math.max(...x.dataSync().map(Math.abs))).toBeLessThan(1);
            expect(D.apply(D.block.tensors, x).shape).toEqual([n, 1 + K]);
          });
          for (const net of [G, D]) expect(net.size).toBe(net.slots.reduce((s, slot) => s + slot.shape.reduce((a, b) => a * b, 1), 0));
          expect(G.stats !== undefined).toBe(batchNorm);
        } finally {
          G.dispose();
          D.dispose();
        }
      }),
      { numRuns: 8 },
    );
  });

  it('give the same gradients on cpu and wasm (autodiff through conv2d and conv2dTranspose)', async () => {
    const grads = async (backend: string) => {
      await useBackend(backend);
      const spec: DcganSpec = { kind: 'dcgan', channels: 3, kernel: 5, batchNorm: true };
      const G = new Dcgan('g', 'generator', 4, 784, spec, new Rng(1));
      const D = new Dcgan('d', 'discriminator', 784, 1, { ...spec, batchNorm: false }, new Rng(2));
      const z = tf.tensor2d(new Rng(3).fillNormal(new Float32Array(5 * 4)), [5, 4]);
      const g = tf.grads((th: tf.Tensor, ps: tf.Tensor) => tf.mean(D.apply([ps], G.apply([th], z))) as tf.Scalar)([G.block.tensors[0], D.block.tensors[0]]);
      const out = g.map((t) => t.dataSync().slice() as Float32Array);
      tf.dispose([...g, z]);
      G.dispose();
      D.dispose();
      return out;
    };
    const cpu = await grads('cpu');
    const wasm = await grads('wasm');
    cpu.forEach((a, p) => {
      const scale = Math.max(...a.map(Math.abs));
      expect(scale).toBeGreaterThan(0);
      a.forEach((v, i) => expect(Math.abs(v - wasm[p][i])).toBeLessThan(1e-4 * scale));
    });
  }, 60_000);
});

describe('batch norm running statistics', () => {
  it('fold in the batch moments with momentum 0.9 and are what eval mode normalizes by', () => {
    const net = new Mlp('m', 3, 2, { hidden: [4, 5], activation: 'relu', batchNorm: true }, new Rng(4));
    try {
      const x = tf.tensor2d(new Rng(5).fillNormal(new Float32Array(32 * 3), 1, 2), [32, 3]);
      const expected = tf.tidy(() => {
        const collect: tf.Tensor[] = [];
        net.apply(net.block.tensors, x, 'train', collect);
        const init = [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
        return tf.add(tf.mul(tf.tensor1d(init), BN_MOMENTUM), tf.mul(tf.concat(collect), 1 - BN_MOMENTUM)).dataSync();
      });
      updateRunningStats(net, net.block.tensors, x);
      const stats = blockToArray(net.stats!);
      stats.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
      // Eval mode: each row on its own, whatever the rest of the batch (train mode mixes rows through the moments).
      const [evalBatch, evalRow, trainBatch, trainRow] = tf.tidy(() => [
        net.apply(net.block.tensors, x, 'eval').dataSync().slice(0, 2),
        net.apply(net.block.tensors, tf.slice(x, [0, 0], [1, 3]) as tf.Tensor2D, 'eval').dataSync(),
        net.apply(net.block.tensors, x, 'train').dataSync().slice(0, 2),
        net.apply(net.block.tensors, tf.slice(x, [0, 0], [2, 3]) as tf.Tensor2D, 'train').dataSync().slice(0, 2),
      ]);
      expect([...evalRow].map((v, i) => v - evalBatch[i]).every((d) => Math.abs(d) < 1e-5)).toBe(true);
      expect([...trainRow].map((v, i) => Math.abs(v - trainBatch[i])).some((d) => d > 1e-3)).toBe(true);
      x.dispose();
    } finally {
      net.dispose();
    }
  });
});

describe('a DCGAN trainer on MNIST', () => {
  // On wasm: the cpu backend's convolutions make a step ~3× slower here; seeding and memory are backend-independent.
  it('is seeded: the same configuration and seed give the same weights and running statistics', async () => {
    await useBackend('wasm');
    const [a, b] = [mnistTrainer(), mnistTrainer()];
    a.train(3);
    b.train(3);
    expect(blockToArray(a.generator.block)).toEqual(blockToArray(b.generator.block));
    expect(blockToArray(a.discriminator.block)).toEqual(blockToArray(b.discriminator.block));
    expect(blockToArray(a.generator.stats!)).toEqual(blockToArray(b.generator.stats!));
    expect(blockToArray(a.discriminator.stats!)).toEqual(blockToArray(b.discriminator.stats!));
    // The running statistics moved off their start (means 0, variances 1).
    expect(blockToArray(a.generator.stats!).some((v, i, all) => v !== (i % all.length < 28 ? 0 : 1))).toBe(true);
    // Samples use eval mode: one code alone gives the same image as in a batch.
    const many = a.sample(6, new Rng(9));
    const one = a.sample(1, new Rng(9));
    one.forEach((v, i) => expect(v).toBeCloseTo(many[i], 5));
  }, 60_000);

  // 200 steps, not train.test.ts's 1,000: a convolutional step costs ~100× an MLP step.
  it('keeps the tensor count flat over 200 steps after warm-up (batch norm in both networks, kD = 2, Adam)', async () => {
    await useBackend('wasm');
    const t = mnistTrainer({ kd: 2, batch: 2, latent: { dim: 2 }, metricsEvery: 50 });
    t.train(3);
    const before = tf.memory().numTensors;
    const r = t.train(200);
    expect(r.stopped).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
  }, 300_000);

  it('checkpoints its weights and optimizer state: a resumed run trains on as the uninterrupted one (no batch norm)', async () => {
    await useBackend('wasm');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { loadTrainer } = await import('../../gan/checkpoint.ts');
    const config = { generator: { kind: 'dcgan', channels: 2, kernel: 4, batchNorm: false }, discriminator: { kind: 'dcgan', channels: 2, kernel: 4, batchNorm: false } };
    const [straight, first] = [mnistTrainer(config), mnistTrainer(config)];
    straight.train(4);
    first.train(2);
    const file = `${mkdtempSync(`${tmpdir()}/saddle-dcgan-`)}/run.json`;
    await first.save(file);
    const resumed = await loadTrainer(file);
    made.push(resumed);
    resumed.train(2);
    expect(blockToArray(resumed.generator.block)).toEqual(blockToArray(straight.generator.block));
    expect(blockToArray(resumed.discriminator.block)).toEqual(blockToArray(straight.discriminator.block));
  }, 120_000);

  it('takes the first-order fast path for plain MLPs, autodiff with batch norm, a Fourier input, scales or convolutions', () => {
    const mlp = createTrainer({ generator: { hidden: [4] }, discriminator: { hidden: [4] } });
    made.push(mlp);
    expect(firstOrderPath(mlp.generator, mlp.discriminator)).toBe(true);
    const conditional = createTrainer({ dataset: 'mnist', conditional: true, generator: { hidden: [4] }, discriminator: { hidden: [4] } });
    made.push(conditional);
    expect(firstOrderPath(conditional.generator, conditional.discriminator)).toBe(true);
    const bn = createTrainer({ generator: { hidden: [4], batchNorm: true }, discriminator: { hidden: [4] } });
    made.push(bn);
    expect(firstOrderPath(bn.generator, bn.discriminator)).toBe(false);
    for (const extra of [{ fourier: { features: 3, scale: 1 } }, { inputScale: 2 }, { outputScale: 2 }]) {
      const t = createTrainer({ generator: { hidden: [4] }, discriminator: { hidden: [4], ...extra } });
      made.push(t);
      expect(firstOrderPath(t.generator, t.discriminator)).toBe(false);
    }
    const conv = mnistTrainer();
    expect(firstOrderPath(conv.generator, conv.discriminator)).toBe(false);
  });
});

describe('gradient penalties on DCGAN networks', () => {
  it('R1 and WGAN-GP train (their input gradients go through Conv2DBackpropInput); consensus is refused with the op named', async () => {
    await useBackend('wasm');
    for (const extra of [{ regularizer: 'r1', gamma: 1 }, { loss: 'wgan-gp' }, { regularizer: 'r2', conditional: true }]) {
      const r = mnistTrainer({ batch: 4, metricsEvery: 2, ...extra }).train(2);
      expect(r.stopped, JSON.stringify(extra)).toBeUndefined();
      expect(Object.values(r.history[0]).every(Number.isFinite)).toBe(true);
    }
    expect(() => mnistTrainer({ optimizer: 'consensus', lr: 0.01 })).toThrow(/consensus optimizer .* tfjs has no gradient for the op Conv2DBackpropFilter/);
  }, 120_000);
});

describe('network configurations are checked', () => {
  it.each([
    [{ dataset: 'ring8', generator: { kind: 'dcgan' } }, /gan config, generator: a dcgan network is for 28 × 28 images/],
    [{ dataset: 'mnist', discriminator: { kind: 'dcgan', channels: 0 } }, /discriminator\.channels: too small/],
    [{ dataset: 'mnist', generator: { kind: 'dcgan', kernel: 9 } }, /generator\.kernel: too big/],
    [{ dataset: 'mnist', generator: { kind: 'conv' } }, /generator\.kind: unknown network kind "conv" \(known: mlp, dcgan\)/],
    [{ dataset: 'mnist', generator: { kind: 'dcgan', hidden: [3] } }, /generator: unrecognized key: "hidden"/],
    [{ dataset: { name: 'mnist', digits: [3, 12] } }, /option digits: expected a digit 0–9, got 12 at 1/],
    [{ dataset: 'ring8', conditional: true }, /conditional training \(AC-GAN\) needs labelled data \(mnist\); ring8 has no labels/],
  ])('%o', (config, message) => {
    const before = tf.memory().numTensors;
    expect(() => createTrainer(config as never)).toThrow(InputError);
    expect(() => createTrainer(config as never)).toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
  });
});
