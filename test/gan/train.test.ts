/**
 * The trainer's promises: same configuration and seed give the same numbers; the tensor count stays flat over 1,000
 * steps; a non-finite loss stops training and keeps the last good parameters; a bad configuration is an InputError
 * before any tensor exists; every supported optimizer, loss and regularizer trains; kD gives the discriminator kD
 * updates per generator update.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../gan/backend.ts';
import { lossNames } from '../../gan/losses.ts';
import { blockToArray } from '../../gan/tensor-space.ts';
import { createTrainer, type GanTrainer } from '../../gan/train.ts';
import { InputError } from '../../src/errors.ts';

beforeAll(async () => {
  await useBackend('cpu');
});

const made: GanTrainer[] = [];
const small = (extra: Record<string, unknown> = {}) => {
  const t = createTrainer({ generator: { hidden: [6] }, discriminator: { hidden: [6] }, batch: 16, seed: 7, ...extra });
  made.push(t);
  return t;
};
afterEach(() => {
  while (made.length) made.pop()!.dispose();
});
const params = (t: GanTrainer) => [...blockToArray(t.generator.block), ...blockToArray(t.discriminator.block)];

describe('seeded: same configuration, seed and backend give the same numbers', () => {
  it('two runs of 30 steps end with identical parameters and metrics; another seed differs', () => {
    const config = { optimizer: 'adam', lr: [2e-3, 1e-3], kd: 2, metricsEvery: 10 };
    const [a, b, c] = [small(config), small(config), small({ ...config, seed: 8 })];
    const [ra, rb] = [a.train(30), b.train(30)];
    c.train(30);
    expect(params(a)).toEqual(params(b));
    expect(ra.history).toEqual(rb.history);
    expect(params(c)).not.toEqual(params(a));
    expect(a.score()).toEqual(b.score());
  });

  it('reading metrics more or less often does not change the training numbers', () => {
    const [a, b] = [small({ metricsEvery: 1 }), small({ metricsEvery: 25 })];
    a.train(25);
    b.train(25);
    expect(params(a)).toEqual(params(b));
  });
});

describe('memory discipline', () => {
  it('the tensor count is the same after 1,000 more steps as after warm-up (Adam, kD = 2, metrics every 100)', () => {
    const t = small({ optimizer: 'adam', kd: 2, metricsEvery: 100, batch: 8, generator: { hidden: [4] }, discriminator: { hidden: [4] } });
    t.train(5);
    const before = tf.memory().numTensors;
    t.train(1000);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('dispose frees every tensor the trainer made', () => {
    const before = tf.memory().numTensors;
    const t = small({ optimizer: 'consensus', lr: 0.01 });
    t.train(3);
    made.pop();
    t.dispose();
    // Consensus included: its scratch blocks (ξ, Jᵀξ) are slots of the optimizer state, freed with it.
    expect(tf.memory().numTensors - before).toBe(0);
  });
});

describe('a non-finite loss stops training and keeps the last good parameters', () => {
  it('an exploding critic (unconstrained wgan, η = 10⁶) stops with a message; the kept parameters are finite and are those of the last check', () => {
    const t = small({ loss: 'wgan', optimizer: 'simgda', lr: 1e6, metricsEvery: 5 });
    const seen: number[][] = [];
    const r = t.train(400, { onMetrics: () => seen.push(params(t)) });
    expect(r.stopped).toBeDefined();
    expect(r.stopped!.message).toMatch(/(loss|gradient) is (NaN|-?Infinity) at step \d+; stopped, parameters of step \d+ kept/);
    expect(r.steps).toBe(r.stopped!.keptStep);
    expect(r.stopped!.atStep).toBeGreaterThan(r.stopped!.keptStep);
    const kept = params(t);
    expect(kept.every(Number.isFinite)).toBe(true);
    expect(kept).toEqual(seen.length ? seen.at(-1) : kept);
  });
});

describe('invalid configurations are InputErrors before anything runs', () => {
  it.each([
    [{ dataset: 'ring9' }, /unknown dataset "ring9"/],
    [{ lr: -1e-3 }, /lr/],
    [{ lr: [1e-3, 0] }, /lr\.1/],
    [{ loss: 'wasserstein' }, /loss/],
    [{ optimizer: 'rmsprop' }, /unknown optimizer "rmsprop"/],
    [{ optimizer: 'adam', options: { beta3: 1 } }, /unknown option "beta3"/],
    [{ optimizer: 'sga' }, /Jacobian-vector products/],
    [{ optimizer: 'proximal' }, /implicit-step solver/],
    [{ optimizer: 'unrolled', kd: 2 }, /unrolled already/],
    [{ optimizer: 'adam,eg' }, /gan config, optimizer: optimizer: eg cannot be one player’s rule in "adam,eg"/],
    [{ optimizer: ['consensus', 'adam'] }, /consensus cannot be one player’s rule/],
    [{ optimizer: 'adam,simgda,ogda' }, /expected 1 name or 2 \(one per player\), got 3/],
    [{ optimizer: 'adam,simgda', options: { gamma: 1 } }, /gan config, options: optimizer adam,simgda: unknown option "gamma"/],
    [{ generator: { hidden: [0] } }, /generator\.hidden\.0/],
    [{ latent: { dim: 0 } }, /latent\.dim/],
    [{ batch: 2.5 }, /batch/],
    [{ dataset: { name: 'points', points: [[1, 2, 3]] } }, /point 0 is not a pair/],
    [{ colour: 'red' }, /colour/],
  ])('%o', (config, message) => {
    const before = tf.memory().numTensors;
    expect(() => createTrainer(config as never)).toThrow(InputError);
    expect(() => createTrainer(config as never)).toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('every supported optimizer, loss and regularizer trains (finite, no leak per step)', () => {
  const optimizerCases: [string, Record<string, unknown>][] = [
    ['simgda', { lr: 0.05 }],
    ['altgda', { lr: 0.05, options: { nd: 2 } }],
    ['eg', { lr: 0.05 }],
    ['ogda', { lr: 0.05 }],
    ['momentum', { lr: 0.05, options: { beta: '-0.5,0.5' } }],
    ['momentum', { lr: 0.05, options: { beta: -0.3, alternating: true } }],
    ['adam', { lr: 1e-3, options: { beta1: 0.5, alternating: 'true' } }],
    ['consensus', { lr: 0.02, options: { gamma: 0.5 } }],
    ['unrolled', { lr: 0.02, options: { k: 2 } }],
    ['eg', { lr: 0.05, options: { average: 'ema' }, kd: 2 }],
    ['adam,simgda', { lr: [1e-3, 0.05], options: { beta1: 0.5 }, kd: 2 }],
    ['simgda,momentum', { lr: 0.05, options: { beta: -0.5, alternating: true } }],
    ['altgda,adam', { lr: [0.05, 1e-3], options: { nd: 2, average: 'ema' } }],
  ];
  it.each(optimizerCases)('%s %o', (optimizer, extra) => {
    const t = small({ optimizer, ...extra, metricsEvery: 4 });
    const before0 = params(t);
    t.train(2);
    const before = tf.memory().numTensors;
    const r = t.train(8);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.stopped).toBeUndefined();
    expect(params(t).every(Number.isFinite)).toBe(true);
    expect(params(t)).not.toEqual(before0);
  });

  const lossCases = lossNames.flatMap((loss) => (['none', 'r1', 'r2', 'instance-noise'] as const).map((reg) => [loss, reg] as const));
  it.each(lossCases)('loss %s with regularizer %s', (loss, regularizer) => {
    const t = small({ loss, regularizer, gamma: 0.5, sigma: 0.1, optimizer: 'adam', metricsEvery: 3 });
    const r = t.train(3);
    expect(r.stopped).toBeUndefined();
    expect(r.history).toHaveLength(1);
    expect(Object.values(r.history[0]).every(Number.isFinite)).toBe(true);
    if (loss === 'wgan-clip') expect(Math.max(...blockToArray(t.discriminator.block).map(Math.abs))).toBeLessThanOrEqual(Math.fround(0.01));
  });

  it('batch norm and leaky-relu / elu networks train, also under consensus (second derivatives through them)', () => {
    for (const activation of ['leaky-relu', 'elu', 'tanh'] as const) {
      const net = { hidden: [6, 6], activation, batchNorm: true };
      const t = small({ generator: net, discriminator: { ...net, batchNorm: activation === 'tanh' }, optimizer: 'consensus', lr: 0.01, metricsEvery: 2 });
      const r = t.train(2);
      expect(r.stopped).toBeUndefined();
    }
  });
});

describe('kD discriminator steps per generator step', () => {
  it('after n generator steps the discriminator has had kD·n updates (kD·n_d for altgda), the generator n', () => {
    for (const [optimizer, options] of [['adam', {}], ['momentum', { alternating: true }], ['altgda', { nd: 2 }]] as const) {
      const t = small({ optimizer, kd: 3, lr: 1e-3, options });
      t.train(4);
      const perTurn = optimizer === 'altgda' ? 2 : 1;
      expect(t.state.counts).toEqual([4, 4 * 3 * perTurn]);
    }
  });

  it('the 1-D mixture trains a 1-D generator', () => {
    const t = small({ dataset: 'mixture1d', latent: { prior: 'uniform', dim: 1 } });
    t.train(3);
    expect(t.sample(10)).toHaveLength(10);
    expect(t.score().modes).toBeDefined();
  });
});

describe('an optimizer per player', () => {
  it('is read from a pair or a comma string into one name, or "G,D" when the players differ', () => {
    expect(small({ optimizer: ['adam', 'simgda'] }).config.optimizer).toBe('adam,simgda');
    expect(small({ optimizer: 'adam, simgda' }).config.optimizer).toBe('adam,simgda');
    expect(small({ optimizer: ['ogda', 'ogda'] }).config.optimizer).toBe('ogda');
  });

  it('moves each player as its own optimizer would: one step of simgda,adam is simgda for G and adam for D', () => {
    for (const seed of [1, 2, 3]) {
      const base = { seed, lr: [0.05, 2e-3], options: { beta1: 0.5 } };
      const mixed = small({ ...base, optimizer: 'simgda,adam' });
      const sgdBoth = small({ ...base, optimizer: 'simgda', options: {} });
      const adamBoth = small({ ...base, optimizer: 'adam' });
      for (const t of [mixed, sgdBoth, adamBoth]) t.train(1);
      expect(blockToArray(mixed.generator.block)).toEqual(blockToArray(sgdBoth.generator.block));
      expect(blockToArray(mixed.discriminator.block)).toEqual(blockToArray(adamBoth.discriminator.block));
      expect(blockToArray(mixed.discriminator.block)).not.toEqual(blockToArray(sgdBoth.discriminator.block));
      // Adam's moments live in the discriminator's blocks only: the SGD generator's stay zero.
      expect(blockToArray(mixed.state.slots.m[0]).every((v) => v === 0)).toBe(true);
      expect(blockToArray(mixed.state.slots.m[1]).some((v) => v !== 0)).toBe(true);
    }
  });

  it('steps one player alone with that player’s rule (step D / step G), and its kD discriminator steps use the discriminator’s rule', () => {
    const base = { seed: 4, lr: [0.05, 2e-3], kd: 3 };
    const fresh = (optimizer: string) => small({ ...base, optimizer });
    const [a, b] = [fresh('simgda,adam'), fresh('adam')];
    a.stepPlayer(1);
    b.stepPlayer(1);
    expect(blockToArray(a.discriminator.block)).toEqual(blockToArray(b.discriminator.block));
    const [c, d] = [fresh('simgda,adam'), fresh('simgda')];
    c.stepPlayer(0);
    d.stepPlayer(0);
    expect(blockToArray(c.generator.block)).toEqual(blockToArray(d.generator.block));
    expect(c.step).toBe(1);
    // kD = 3: two discriminator-only Adam steps, then the joint step (Adam for D): D ends where adam's D does.
    const [e, f] = [fresh('simgda,adam'), fresh('adam')];
    e.train(1);
    f.train(1);
    expect(blockToArray(e.discriminator.block)).toEqual(blockToArray(f.discriminator.block));
    expect(blockToArray(e.generator.block)).not.toEqual(blockToArray(f.generator.block));
    expect(e.state.counts).toEqual([1, 3]);
  });

  it('follows a learning-rate schedule: simgda,adam with η·½ from step 0 is simgda,adam at η/2 (kD = 2 included)', () => {
    const base = { optimizer: 'simgda,adam', kd: 2, seed: 5 };
    const scheduled = small({ ...base, lr: [0.05, 2e-3], lrDecay: { shape: 'step', start: 0, end: 0, to: 0.5 } });
    const halved = small({ ...base, lr: [0.025, 1e-3] });
    scheduled.train(4);
    halved.train(4);
    expect(params(scheduled)).toEqual(params(halved));
    expect(scheduled.optimizer.label).toBe(halved.optimizer.label);
  });
});
