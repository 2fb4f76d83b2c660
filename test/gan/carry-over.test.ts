/**
 * Live reconfiguration (gan/carry-over.ts): a change that keeps the networks' shapes keeps everything (weights,
 * batch-norm statistics, optimizer state, step, random streams); carrying a run over to its own configuration
 * changes nothing in what it does next; an optimizer change keeps the weights and the step; a shape or seed change
 * starts afresh and names the setting; a player whose own rule is unchanged ('adam' → 'adam,simgda' for the
 * generator) keeps its slots and count, so its next step is the one it would have taken; a bad configuration is an
 * InputError that leaves the old run whole; nothing leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../gan/backend.ts';
import { carryOver, restartReasons } from '../../gan/carry-over.ts';
import { parseGanConfig, type GanConfigInput } from '../../gan/config.ts';
import { blockToArray } from '../../gan/tensor-space.ts';
import { createTrainer, STREAMS, type GanTrainer } from '../../gan/train.ts';
import { InputError } from '../../src/errors.ts';

beforeAll(async () => {
  await useBackend('cpu');
});

/** A tiny MLP GAN on ring8, batch norm in the generator (so the running statistics must carry too). */
const BASE: GanConfigInput = { generator: { hidden: [6], batchNorm: true }, discriminator: { hidden: [5] }, batch: 12, seed: 5, optimizer: 'adam', lr: 2e-3, metricsEvery: 1000, latent: { dim: 3 } };

const params = (t: GanTrainer) => [...blockToArray(t.generator.block), ...blockToArray(t.discriminator.block)];
const stats = (t: GanTrainer) => [...blockToArray(t.generator.stats!)];
const slots = (t: GanTrainer) => Object.fromEntries(Object.entries(t.state.slots).filter(([k]) => !k.startsWith('_')).map(([k, bs]) => [k, bs.map((b) => [...blockToArray(b)])]));
const streams = (t: GanTrainer) => STREAMS.map((s) => t.streams[s].getState());

function trained(config: GanConfigInput, steps: number): GanTrainer {
  const t = createTrainer(config);
  for (let k = 0; k < steps; k++) t.iterate();
  return t;
}

/** Changes that leave every parameter shape alone. */
const keepsShapes = fc.record(
  {
    lr: fc.oneof(fc.double({ min: 1e-4, max: 1e-2, noNaN: true }), fc.tuple(fc.double({ min: 1e-4, max: 1e-2, noNaN: true }), fc.double({ min: 1e-4, max: 1e-2, noNaN: true }))),
    loss: fc.constantFrom('nsgan', 'gan', 'lsgan', 'hinge'),
    regularizer: fc.constantFrom('none', 'instance-noise'),
    kd: fc.integer({ min: 1, max: 3 }),
    batch: fc.integer({ min: 4, max: 20 }),
    options: fc.record({ beta1: fc.double({ min: 0, max: 0.95, noNaN: true }) }),
    latent: fc.constantFrom({ dim: 3, prior: 'uniform' as const }, { dim: 3, prior: 'gaussian' as const }),
  },
  { requiredKeys: [] },
);

describe('carryOver', () => {
  it('a change that keeps the shapes keeps weights, statistics, optimizer state, step and streams, bit for bit', async () => {
    await fc.assert(
      fc.asyncProperty(keepsShapes, fc.integer({ min: 1, max: 3 }), async (change, n) => {
        const old = trained(BASE, n);
        const before = { params: params(old), stats: stats(old), slots: slots(old), t: old.state.t, counts: [...old.state.counts], streams: streams(old) };
        const { trainer, carried, because } = await carryOver(old, { ...BASE, ...change });
        try {
          expect(carried).toBe('everything');
          expect(because).toBeUndefined();
          expect(trainer.config).toEqual(parseGanConfig({ ...BASE, ...change }));
          expect(trainer.step).toBe(n);
          expect(params(trainer)).toEqual(before.params);
          expect(stats(trainer)).toEqual(before.stats);
          expect(slots(trainer)).toEqual(before.slots);
          expect([trainer.state.t, trainer.state.counts]).toEqual([before.t, before.counts]);
          expect(streams(trainer)).toEqual(before.streams);
          // The old run is left as it was (the caller disposes it).
          expect(params(old)).toEqual(before.params);
        } finally {
          trainer.dispose();
          old.dispose();
        }
      }),
      { numRuns: 12 },
    );
  });

  it('carried over to its own configuration, a run takes the very steps the uninterrupted run takes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom('adam', 'ogda', 'momentum'), async (n, m, optimizer) => {
        const config = { ...BASE, optimizer, lr: 0.01 };
        const straight = trained(config, n);
        const old = trained(config, n);
        const { trainer } = await carryOver(old, old.config);
        old.dispose();
        for (let k = 0; k < m; k++) {
          straight.iterate();
          trainer.iterate();
        }
        try {
          expect(params(trainer)).toEqual(params(straight));
          expect(stats(trainer)).toEqual(stats(straight));
          expect(slots(trainer)).toEqual(slots(straight));
        } finally {
          trainer.dispose();
          straight.dispose();
        }
      }),
      { numRuns: 8 },
    );
  });

  it('another optimizer keeps the weights, the statistics and the step, and starts its own state afresh', async () => {
    const old = trained(BASE, 3);
    const { trainer, carried, because } = await carryOver(old, { ...BASE, optimizer: 'simgda', lr: 0.01 });
    expect(carried).toBe('weights');
    expect(because).toMatch(/the optimizer changed \(adam → simgda\)/);
    expect(params(trainer)).toEqual(params(old));
    expect(stats(trainer)).toEqual(stats(old));
    expect(trainer.step).toBe(3);
    expect(trainer.state.t).toBe(0);
    trainer.dispose();
    old.dispose();
  });

  it('a player whose own rule is unchanged keeps its slots and count, and its next step is the one it would have taken', async () => {
    const rules = fc.constantFrom('simgda', 'altgda', 'ogda', 'momentum', 'adam');
    await fc.assert(
      fc.asyncProperty(fc.tuple(rules, rules), fc.tuple(rules, rules), fc.integer({ min: 1, max: 3 }), async (was, now, n) => {
        const pair = ([g, d]: string[]) => (g === d ? g : `${g},${d}`);
        const old = trained({ ...BASE, optimizer: pair(was), lr: 0.01 }, n);
        const before = { slots: slots(old), counts: [...old.state.counts] };
        const { trainer, carried, because } = await carryOver(old, { ...BASE, optimizer: pair(now), lr: 0.01 });
        try {
          expect(params(trainer)).toEqual(params(old));
          expect(stats(trainer)).toEqual(stats(old));
          expect(trainer.step).toBe(n);
          if (pair(was) === pair(now)) {
            expect(carried).toBe('everything');
            return;
          }
          expect(carried).toBe('weights');
          const after = slots(trainer);
          for (const player of [0, 1] as const) {
            const kept = was[player] === now[player];
            expect(trainer.state.counts[player]).toBe(kept ? before.counts[player] : 0);
            for (const [slot, blocks] of Object.entries(after)) {
              // A kept player's blocks are the old ones; a player with a new rule starts from zeros.
              if (kept && before.slots[slot]) expect(blocks[player]).toEqual(before.slots[slot][player]);
              else expect(blocks[player].every((v) => v === 0)).toBe(true);
            }
          }
          const keptWithState = [0, 1].filter((p) => was[p] === now[p] && ['ogda', 'momentum', 'adam'].includes(was[p]));
          for (const p of keptWithState) expect(because).toContain(`${p === 0 ? 'generator' : 'discriminator'}'s ${was[p]} state`);
          // The kept player's next own step: the same numbers as in the run that never changed optimizer.
          for (const p of [0, 1] as const) {
            if (was[p] !== now[p]) continue;
            const straight = trained({ ...BASE, optimizer: pair(was), lr: 0.01 }, n);
            const carriedRun = (await carryOver(straight, { ...BASE, optimizer: pair(now), lr: 0.01 })).trainer;
            straight.stepPlayer(p);
            carriedRun.stepPlayer(p);
            const own = (t: GanTrainer) => [...blockToArray(p === 0 ? t.generator.block : t.discriminator.block)];
            expect(own(carriedRun)).toEqual(own(straight));
            expect(carriedRun.state.counts[p]).toBe(straight.state.counts[p]);
            carriedRun.dispose();
            straight.dispose();
          }
        } finally {
          trainer.dispose();
          old.dispose();
        }
      }),
      { numRuns: 16 },
    );
  });

  it('an average of the iterates switched on starts at the carried weights, and the rules keep their state', async () => {
    const old = trained({ ...BASE, optimizer: 'adam' }, 3);
    const { trainer, carried, because } = await carryOver(old, { ...BASE, optimizer: 'adam', options: { average: 'ema' } });
    expect(carried).toBe('weights');
    expect(because).toMatch(/both players' adam state/);
    const average = trainer.state.slots.average.map((b) => [...blockToArray(b)]);
    expect(average).toEqual([[...blockToArray(old.generator.block)], [...blockToArray(old.discriminator.block)]]);
    expect(slots(trainer).m).toEqual(slots(old).m);
    expect(slots(trainer).v).toEqual(slots(old).v);
    trainer.dispose();
    old.dispose();
  });

  it('a shape or seed change starts afresh from the new configuration and names the setting', async () => {
    const changes: [GanConfigInput, RegExp][] = [
      [{ latent: { dim: 4 } }, /latent size changed \(3 → 4\)/],
      [{ generator: { hidden: [7], batchNorm: true } }, /generator's layer widths changed \(\[6\] → \[7\]\)/],
      [{ discriminator: { hidden: [5, 5] } }, /discriminator's layer widths changed/],
      [{ generator: { hidden: [6], batchNorm: false } }, /generator's batchNorm changed \(true → false\)/],
      [{ seed: 6 }, /the seed changed \(5 → 6\): a new run/],
    ];
    for (const [change, reason] of changes) {
      const old = trained(BASE, 2);
      const { trainer, carried, because } = await carryOver(old, { ...BASE, ...change });
      const fresh = createTrainer({ ...BASE, ...change });
      expect(carried).toBe('nothing');
      expect(because).toMatch(/^restarted: /);
      expect(because).toMatch(reason);
      expect(trainer.step).toBe(0);
      expect(params(trainer)).toEqual(params(fresh));
      for (const t of [trainer, fresh, old]) t.dispose();
    }
  });

  it('a bad configuration is an InputError, the old run is untouched, and nothing leaks', async () => {
    const old = trained(BASE, 2);
    const weights = params(old);
    const count = tf.memory().numTensors;
    await expect(carryOver(old, { ...BASE, lr: -1 })).rejects.toThrow(InputError);
    await expect(carryOver(old, { ...BASE, optimizer: 'nope' })).rejects.toThrow(/optimizer/);
    expect(tf.memory().numTensors).toBe(count);
    expect(params(old)).toEqual(weights);
    // And a carried run, once the old one is disposed, holds what one trainer holds.
    for (const change of [{ lr: 1e-3 }, { optimizer: 'simgda' }, { latent: { dim: 2 } }] as GanConfigInput[]) {
      const { trainer } = await carryOver(old, { ...BASE, ...change });
      trainer.dispose();
      expect(tf.memory().numTensors).toBe(count);
    }
    old.dispose();
  });
});

describe('restartReasons', () => {
  const config = fc.record({
    seed: fc.nat(50),
    latent: fc.record({ dim: fc.integer({ min: 1, max: 9 }), prior: fc.constantFrom('uniform' as const, 'gaussian' as const) }),
    conditional: fc.boolean(),
    generator: fc.oneof(fc.record({ hidden: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 3 }), batchNorm: fc.boolean() }), fc.record({ kind: fc.constant('dcgan' as const), channels: fc.integer({ min: 1, max: 9 }) })),
    discriminator: fc.record({ hidden: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 3 }) }),
    lr: fc.double({ min: 1e-4, max: 1, noNaN: true }),
    batch: fc.integer({ min: 1, max: 64 }),
    loss: fc.constantFrom('nsgan', 'wgan-gp'),
  });

  it('lists exactly the structural settings that differ, one phrase each, and nothing for the others', () => {
    fc.assert(
      fc.property(config, config, (a, b) => {
        const [A, B] = [parseGanConfig(a), parseGanConfig(b)];
        const reasons = restartReasons(A, B);
        expect(reasons.some((r) => r.startsWith('the seed'))).toBe(A.seed !== B.seed);
        expect(reasons.some((r) => r.startsWith('the latent size'))).toBe(A.latent.dim !== B.latent.dim);
        expect(reasons.some((r) => r.startsWith('AC-GAN'))).toBe(A.conditional !== B.conditional);
        expect(reasons.some((r) => r.startsWith("the generator's"))).toBe(JSON.stringify({ kind: 'mlp', ...A.generator }) !== JSON.stringify({ kind: 'mlp', ...B.generator }));
        // The learning rate, batch, loss and prior never force a restart.
        const same = parseGanConfig({ ...a, lr: b.lr, batch: b.batch, loss: b.loss, latent: { ...a.latent, prior: b.latent.prior } });
        expect(restartReasons(A, same)).toEqual([]);
      }),
    );
  });
});
