/**
 * An MLP's Fourier input and its data scales (models.ts): the network computes exactly
 *   y = s_out · MLP([cos 2π(x/s_in)B, sin 2π(x/s_in)B]),   Bᵢⱼ ~ N(0, scale²) drawn from the network's Rng,
 * with x/s_in read beside the waves when `includeInput` is set,
 * checked against a plain Float64 evaluation of its own parameters over random shapes, inputs and scales; the same
 * Rng gives the same B; and a bad Fourier or scale setting is an InputError that names the field.
 */
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../gan/backend.ts';
import { type GanConfigInput, parseGanConfig } from '../../gan/config.ts';
import { checkMlpSpec, Mlp, type MlpSpec } from '../../gan/models.ts';
import { Rng } from '../../gan/random.ts';
import { blockToArray } from '../../gan/tensor-space.ts';
import { createTrainer } from '../../gan/train.ts';
import { InputError } from '../../src/errors.ts';

beforeAll(async () => {
  await useBackend('cpu');
});

/**
 * The network's output on rows x, evaluated in Float64 from its flat parameters, slots and Fourier matrix, and for
 * each row the part of the float32 error that comes from the phase: float32 rounds the phase xB to within
 * ~2⁻²⁴·Σᵢ|xᵢBᵢⱼ| (2⁻²⁰ here, for the division and the sum), a feature moves by at most that much, and the network
 * carries it to its output at most multiplied by s_out·Πₗ maxⱼ Σᵢ|Wₗ,ᵢⱼ| (ReLU is 1-Lipschitz). Large phases
 * (a small input scale, a large Fourier scale) are where float32 is least exact.
 */
function reference(net: Mlp, x: number[][]): { y: number[]; phaseSlack: number }[] {
  const flat = blockToArray(net.block);
  const param = (l: number, kind: 'kernel' | 'bias') => net.slots.find((s) => s.name === `dense${l}/${kind}`)!;
  const B = net.fourierMatrix ? (net.fourierMatrix.arraySync() as number[][]) : undefined;
  const sIn = net.spec.inputScale ?? 1;
  const sOut = net.spec.outputScale ?? 1;
  const layers = net.spec.hidden.length + 1;
  return x.map((row) => {
    let h = row.map((v) => v / sIn);
    let phaseSlack = 0;
    if (B) {
      const phase = B[0].map((_, j) => h.reduce((acc, v, i) => acc + v * B[i][j], 0));
      phaseSlack = 2 ** -20 * Math.max(...B[0].map((_, j) => h.reduce((acc, v, i) => acc + Math.abs(v * B[i][j]), 0)));
      h = [...(net.spec.fourier!.includeInput ? h : []), ...phase.map(Math.cos), ...phase.map(Math.sin)];
    }
    for (let l = 0; l < layers; l++) {
      const W = param(l, 'kernel');
      const b = param(l, 'bias');
      const [fanIn, fanOut] = W.shape;
      const next = Array.from({ length: fanOut }, (_, j) => flat[b.offset + j] + h.reduce((acc, v, i) => acc + v * flat[W.offset + i * fanOut + j], 0));
      h = l + 1 < layers ? next.map((v) => Math.max(0, v)) : next;
      let gain = 0;
      for (let j = 0; j < fanOut; j++) {
        let column = 0;
        for (let i = 0; i < fanIn; i++) column += Math.abs(flat[W.offset + i * fanOut + j]);
        gain = Math.max(gain, column);
      }
      phaseSlack *= gain;
      if (l === 0) expect(fanIn).toBe(B ? 2 * B[0].length + (net.spec.fourier!.includeInput ? row.length : 0) : row.length);
    }
    return { y: h.map((v) => v * sOut), phaseSlack: phaseSlack * sOut };
  });
}

describe('Fourier input and data scales', () => {
  it('the network computes s_out · MLP(φ(x / s_in)) for every shape, scale and input', () => {
    fc.assert(
      fc.property(
        fc.record({
          input: fc.integer({ min: 1, max: 4 }),
          output: fc.integer({ min: 1, max: 3 }),
          hidden: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 0, maxLength: 2 }),
          features: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
          includeInput: fc.boolean(),
          scale: fc.double({ min: 0.05, max: 3, noNaN: true }),
          inputScale: fc.option(fc.double({ min: 0.2, max: 5, noNaN: true }), { nil: undefined }),
          outputScale: fc.option(fc.double({ min: 0.2, max: 5, noNaN: true }), { nil: undefined }),
          seed: fc.integer({ min: 0, max: 1e6 }),
          rows: fc.integer({ min: 1, max: 5 }),
        }),
        (c) => {
          const spec: MlpSpec = {
            hidden: c.hidden,
            activation: 'relu',
            batchNorm: false,
            ...(c.features === undefined ? {} : { fourier: { features: c.features, scale: c.scale, includeInput: c.includeInput } }),
            ...(c.inputScale === undefined ? {} : { inputScale: c.inputScale }),
            ...(c.outputScale === undefined ? {} : { outputScale: c.outputScale }),
          };
          const net = new Mlp('d', c.input, c.output, spec, new Rng(c.seed));
          const rng = new Rng(c.seed + 1);
          const x = Array.from({ length: c.rows }, () => Array.from({ length: c.input }, () => 3 * rng.normal()));
          const y = tf.tidy(() => net.apply(net.block.tensors, tf.tensor2d(x, [c.rows, c.input])).arraySync());
          const want = reference(net, x);
          y.forEach((row, i) =>
            row.forEach((v, j) => expect(Math.abs(v - want[i].y[j])).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(want[i].y[j])) + want[i].phaseSlack)),
          );
          if (c.features !== undefined) expect(net.fourierMatrix!.shape).toEqual([c.input, c.features]);
          net.dispose();
        },
      ),
      { numRuns: 120 },
    );
  });

  it('B is drawn from the network’s Rng with standard deviation 2π·scale: the same seed gives the same B', () => {
    const spec: MlpSpec = { hidden: [4], activation: 'relu', batchNorm: false, fourier: { features: 2000, scale: 0.5 } };
    const [a, b, c] = [new Mlp('d', 2, 1, spec, new Rng(7)), new Mlp('d', 2, 1, spec, new Rng(7)), new Mlp('d', 2, 1, spec, new Rng(8))];
    const [ba, bb, bc] = [a, b, c].map((n) => n.fourierMatrix!.dataSync() as Float32Array);
    expect(ba).toEqual(bb);
    expect(ba).not.toEqual(bc);
    const sd = Math.sqrt(ba.reduce((acc, v) => acc + v * v, 0) / ba.length);
    // 4,000 draws: the sample standard deviation is within ±5% of 2π·0.5 = π with overwhelming probability.
    expect(sd / Math.PI).toBeGreaterThan(0.95);
    expect(sd / Math.PI).toBeLessThan(1.05);
    [a, b, c].forEach((n) => n.dispose());
  });

  it('a packed network (m samples side by side) reads [x̄, cos x₁B … cos x_mB, sin x₁B … sin x_mB] with the B of one sample', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 4 }),
        (m, d, features, includeInput, seed, rows) => {
          const spec: MlpSpec = { hidden: [3], activation: 'relu', batchNorm: false, fourier: { features, scale: 0.7, includeInput } };
          const packed = new Mlp('d', m * d, 1, spec, new Rng(seed), m);
          const one = new Mlp('d', d, 1, spec, new Rng(seed));
          const rng = new Rng(seed + 1);
          const x = Array.from({ length: rows }, () => Array.from({ length: m * d }, () => 2 * rng.normal()));
          const got = tf.tidy(() => packed.features(tf.tensor2d(x, [rows, m * d])).arraySync());
          const each = tf.tidy(() =>
            Array.from({ length: m }, (_, k) => one.features(tf.tensor2d(x.map((r) => r.slice(k * d, (k + 1) * d)), [rows, d])).arraySync()),
          );
          const offset = includeInput ? d : 0;
          x.forEach((row, i) => {
            const waves = (part: 0 | 1) => each.flatMap((f) => f[i].slice(offset + part * features, offset + (part + 1) * features));
            const want = [...(includeInput ? row : []), ...waves(0), ...waves(1)];
            expect(got[i].length).toBe(want.length);
            got[i].forEach((v, j) => expect(v).toBeCloseTo(want[j], 4));
          });
          expect(packed.slots[0].shape[0]).toBe(got[0].length);
          [packed, one].forEach((n) => n.dispose());
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a trainer packing m samples gives its discriminator per-sample Fourier features', () => {
    const t = createTrainer({ dataset: 'grid25', pack: 2, batch: 8, generator: { hidden: [4] }, discriminator: { hidden: [4], fourier: { features: 3, scale: 1 } } });
    expect((t.discriminator as Mlp).samples).toBe(2);
    expect((t.discriminator as Mlp).fourierMatrix!.shape).toEqual([4, 6]);
    t.dispose();
  });

  it('a trainer with them keeps its tensor count flat and disposes the Fourier matrix', () => {
    const before = tf.memory().numTensors;
    const t = createTrainer({ dataset: 'grid25', generator: { hidden: [6], outputScale: 2.8 }, discriminator: { hidden: [6], inputScale: 2.8, fourier: { features: 8, scale: 1 } }, batch: 16, seed: 1, metricsEvery: 5 });
    t.train(5);
    const warm = tf.memory().numTensors;
    const result = t.train(20);
    expect(result.stopped).toBeUndefined();
    expect(tf.memory().numTensors).toBe(warm);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each([
    [{ fourier: { features: 0, scale: 1 } }, /discriminator.*fourier/],
    [{ fourier: { features: 8, scale: -1 } }, /discriminator.*fourier/],
    [{ fourier: { features: 8, scale: 1, includeInput: 'yes' } }, /discriminator.*fourier.*includeInput/],
    [{ inputScale: 0 }, /discriminator.*inputScale/],
  ])('%j is an InputError naming the field', (extra, message) => {
    // As a configuration read from JSON would be: not type-checked.
    const config = { discriminator: { hidden: [4], ...extra } } as GanConfigInput;
    expect(() => createTrainer(config)).toThrow(InputError);
    expect(() => createTrainer(config)).toThrow(message);
  });

  it('checkMlpSpec rejects a non-positive scale given directly', () => {
    expect(() => checkMlpSpec('here', { hidden: [2], activation: 'relu', batchNorm: false, outputScale: Number.NaN })).toThrow(/outputScale must be a positive number/);
    const fourier = { features: 2, scale: 1, includeInput: 1 as unknown as boolean };
    expect(() => checkMlpSpec('here', { hidden: [2], activation: 'relu', batchNorm: false, fourier })).toThrow(/includeInput must be true or false, got 1/);
    expect(parseGanConfig({ generator: { hidden: [3], outputScale: 2 } }).generator).toMatchObject({ outputScale: 2 });
  });
});
