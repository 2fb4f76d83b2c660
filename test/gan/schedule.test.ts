/**
 * The learning-rate schedule (config `lrDecay`, train.ts `lrFactor`) and the averaged readout:
 * - m(t) is 1 before `start`, `to` from `end` on, in [to, 1] and non-increasing in between, for every shape;
 * - the trainer applies it by remaking the rule with η·m(t) on the same state: a step schedule from step 0 trains
 *   exactly like the constant rate η·m; a schedule from step s leaves the first s steps as the constant run's;
 * - γ of R1/R2 follows its own schedule (`gammaDecay`) the same way: a step schedule from step 0 trains exactly like
 *   the constant γ·m;
 * - the metrics score the optimizer's readout: without averaging the generator's own weights, with `average: 'ema'`
 *   the averaged ones (Yazıcı et al. 2019).
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../gan/backend.ts';
import { parseGanConfig } from '../../gan/config.ts';
import { sampleLatent } from '../../gan/models.ts';
import { Rng } from '../../gan/random.ts';
import { blockToArray } from '../../gan/tensor-space.ts';
import { createTrainer, lrFactor, type GanTrainer } from '../../gan/train.ts';
import { InputError } from '../../src/errors.ts';

beforeAll(async () => {
  await useBackend('cpu');
});

const made: GanTrainer[] = [];
const small = (extra: Record<string, unknown> = {}) => {
  const t = createTrainer({ generator: { hidden: [5] }, discriminator: { hidden: [5] }, batch: 8, seed: 3, ...extra });
  made.push(t);
  return t;
};
afterEach(() => {
  while (made.length) made.pop()!.dispose();
});
const params = (t: GanTrainer) => [...blockToArray(t.generator.block), ...blockToArray(t.discriminator.block)];

const schedule = fc
  .record({
    shape: fc.constantFrom('linear' as const, 'cosine' as const, 'step' as const),
    start: fc.integer({ min: 0, max: 1000 }),
    length: fc.integer({ min: 0, max: 1000 }),
    to: fc.double({ min: 1e-6, max: 1, noNaN: true }),
  })
  .map(({ length, ...d }) => ({ ...d, end: d.start + length }));

describe('lrFactor: the schedule m(t)', () => {
  it('is 1 before start, `to` from end on, within [to, 1] and non-increasing everywhere', () => {
    fc.assert(
      fc.property(schedule, fc.integer({ min: 0, max: 2500 }), fc.integer({ min: 0, max: 200 }), (d, t, dt) => {
        const m = lrFactor(d, t);
        if (t < d.start) expect(m).toBe(1);
        if (t >= d.end) expect(m).toBe(d.to);
        expect(m).toBeGreaterThanOrEqual(d.to - 1e-12);
        expect(m).toBeLessThanOrEqual(1 + 1e-12);
        expect(lrFactor(d, t + dt)).toBeLessThanOrEqual(m + 1e-12);
      }),
    );
  });

  it('linear and cosine pass through their midpoint values; no schedule is 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 500 }), fc.double({ min: 1e-6, max: 1, noNaN: true }), (start, half, to) => {
        const end = start + 2 * half;
        const mid = (1 + to) / 2;
        expect(lrFactor({ shape: 'linear', start, end, to }, start + half)).toBeCloseTo(mid, 12);
        expect(lrFactor({ shape: 'cosine', start, end, to }, start + half)).toBeCloseTo(mid, 12);
        expect(lrFactor(undefined, start + half)).toBe(1);
      }),
    );
  });

  it('a schedule that ends before it starts, or a factor outside (0, 1], is an InputError naming lrDecay', () => {
    expect(() => parseGanConfig({ lrDecay: { start: 10, end: 5, to: 0.1 } })).toThrow(/lrDecay\.end/);
    expect(() => parseGanConfig({ lrDecay: { start: 0, end: 5, to: 0 } })).toThrow(InputError);
    expect(() => parseGanConfig({ lrDecay: { start: 0, end: 5, to: 2 } })).toThrow(/lrDecay\.to/);
  });
});

describe('the trainer follows the schedule', () => {
  it('a step schedule from step 0 with factor m trains exactly like the constant rate η·m (any rule, kD)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('simgda', 'adam', 'ogda'),
        fc.constantFrom(1, 2),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (optimizer, kd, m) => {
          const lr: [number, number] = [2e-3, 3e-3];
          const a = small({ optimizer, kd, lr, lrDecay: { shape: 'step', start: 0, end: 0, to: m } });
          const b = small({ optimizer, kd, lr: [lr[0] * m, lr[1] * m] });
          a.train(6);
          b.train(6);
          expect(params(a)).toEqual(params(b));
          expect(a.optimizer.label).toBe(b.optimizer.label);
          while (made.length) made.pop()!.dispose();
        },
      ),
      { numRuns: 8 },
    );
  });

  it('a schedule starting at step s leaves the first s steps as the constant run’s, then changes the path', () => {
    const decay = { shape: 'linear', start: 5, end: 15, to: 0.1 } as const;
    const [a, b] = [small({ optimizer: 'adam', lrDecay: decay }), small({ optimizer: 'adam' })];
    a.train(5);
    b.train(5);
    expect(params(a)).toEqual(params(b));
    a.train(5);
    b.train(5);
    expect(params(a)).not.toEqual(params(b));
    expect(a.optimizer.label).toMatch(/η = 0\.000/);
  });
});

describe('the schedule of γ (gammaDecay)', () => {
  it('a step schedule of γ from step 0 with factor m trains exactly like the constant γ·m (r1, r2, any rule)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('r1' as const, 'r2' as const),
        fc.constantFrom('simgda', 'adam'),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (regularizer, optimizer, m) => {
          const a = small({ optimizer, regularizer, gamma: 4, gammaDecay: { shape: 'step', start: 0, end: 0, to: m } });
          const b = small({ optimizer, regularizer, gamma: 4 * m });
          a.train(5);
          b.train(5);
          expect(params(a)).toEqual(params(b));
          while (made.length) made.pop()!.dispose();
        },
      ),
      { numRuns: 6 },
    );
  });

  it('a schedule of γ starting at step s leaves the first s steps as the constant run’s, then changes the path', () => {
    const [a, b] = [small({ regularizer: 'r1', gamma: 4, gammaDecay: { shape: 'cosine', start: 4, end: 10, to: 0.01 } }), small({ regularizer: 'r1', gamma: 4 })];
    a.train(4);
    b.train(4);
    expect(params(a)).toEqual(params(b));
    a.train(4);
    b.train(4);
    expect(params(a)).not.toEqual(params(b));
  });

  it('a schedule of γ without r1 or r2 is an InputError naming gammaDecay', () => {
    expect(() => parseGanConfig({ regularizer: 'instance-noise', gammaDecay: { start: 0, end: 5, to: 0.1 } })).toThrow(InputError);
    expect(() => parseGanConfig({ gammaDecay: { start: 0, end: 5, to: 0.1 } })).toThrow(/gammaDecay.*r1 or r2/);
    expect(() => parseGanConfig({ regularizer: 'r1', gammaDecay: { start: 6, end: 5, to: 0.1 } })).toThrow(/gammaDecay\.end/);
  });
});

describe('the metrics score the optimizer’s readout', () => {
  /** Samples of the generator run on `weights`, from the latent stream sample() would use next (a fresh copy). */
  const samplesWith = (t: GanTrainer, weights: tf.Tensor[], n: number) => {
    const rng = new Rng(0);
    rng.setState(t.streams['metrics-latent'].getState());
    const codes = sampleLatent(t.config.latent, n, rng);
    return tf.tidy(() => t.generator.apply(weights, tf.tensor2d(codes, [n, t.config.latent.dim]), 'eval').dataSync() as Float32Array);
  };

  it('without averaging: the generator’s own weights', () => {
    const t = small({ optimizer: 'adam' });
    t.train(10);
    expect(t.scoredGenerator).toBe(t.generator.block);
    const expected = samplesWith(t, t.generator.block.tensors, 50);
    expect(t.sample(50)).toEqual(expected);
  });

  it('with an EMA: the averaged weights, which differ from the last iterate', () => {
    const t = small({ optimizer: 'adam', options: { average: 'ema', decay: 0.9 } });
    t.train(10);
    const average = t.state.slots.average[0];
    expect(t.scoredGenerator).toBe(average);
    expect(blockToArray(average)).not.toEqual(blockToArray(t.generator.block));
    const expected = samplesWith(t, average.tensors, 50);
    expect(t.sample(50)).toEqual(expected);
    expect(samplesWith(t, t.generator.block.tensors, 50)).not.toEqual(expected);
  });
});
