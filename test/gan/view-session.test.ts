/**
 * gan/session.ts and GanTrainer.stepPlayer, in Node on the cpu backend: a one-player step moves only that player's
 * parameters, a live change of the learning rate carries the whole run over (the next steps equal those of a run
 * configured that way from the start, from the same state), a change of optimizer keeps the weights, the batch-norm
 * statistics and an unchanged player's optimizer state (gan/carry-over.ts), a change of the networks' shape starts
 * afresh, a session wraps a loaded trainer (`around`), refreshes leave the tensor count flat, and `dataDomain`
 * contains the data.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../gan/backend.ts';
import { trainerArtifacts, trainerFromArtifacts } from '../../gan/checkpoint.ts';
import { dataDomain, GanSession } from '../../gan/session.ts';
import { blockToArray } from '../../gan/tensor-space.ts';

beforeAll(async () => {
  await useBackend('cpu');
});

const params = (s: GanSession) => [blockToArray(s.trainer.generator.block), blockToArray(s.trainer.discriminator.block)];
const small = { dataset: 'ring8', batch: 32, generator: { hidden: [8] }, discriminator: { hidden: [8] } };

describe('GanTrainer.stepPlayer', () => {
  it('moves only the stepped player, counts generator steps only, and keeps the tensor count after warm-up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom('adam', 'simgda', 'ogda', 'momentum', 'eg', 'altgda'), (seed, optimizer) => {
        const s = GanSession.create({ ...small, seed, optimizer, lr: 0.01 });
        const [g0, d0] = params(s);
        s.run(1, Infinity, 'discriminator');
        const [g1, d1] = params(s);
        expect(g1).toEqual(g0);
        expect(d1).not.toEqual(d0);
        expect(s.step).toBe(0);
        s.run(1, Infinity, 'generator');
        const [g2, d2] = params(s);
        expect(d2).toEqual(d1);
        expect(g2).not.toEqual(g1);
        expect(s.step).toBe(1);
        const before = tf.memory().numTensors;
        s.run(2, Infinity, 'discriminator');
        s.run(2, Infinity, 'generator');
        expect(tf.memory().numTensors).toBe(before);
        s.dispose();
      }),
      { numRuns: 8 },
    );
  });

  it('unrolled cannot step one player alone: an InputError that says so', () => {
    const s = GanSession.create({ ...small, optimizer: 'unrolled', options: { differentiate: false } });
    expect(() => s.run(1, Infinity, 'generator')).toThrow(/unrolled looks ahead at both players/);
    s.dispose();
  });
});

describe('GanSession', () => {
  it('a live learning-rate change carries everything: the next steps equal a run restored with the new rate', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 4 }), fc.double({ min: 1e-4, max: 1e-2, noNaN: true }), async (seed, k, lr) => {
        const s = GanSession.create({ ...small, seed });
        s.run(k);
        // The reference: the same state through a checkpoint, then the new rate.
        const art = await trainerArtifacts(s.trainer);
        const meta = (art.userDefinedMetadata as { saddle: { config: object } }).saddle;
        const ref = trainerFromArtifacts({ ...art, userDefinedMetadata: { saddle: { ...meta, config: { ...meta.config, lr } } } });
        const { session, carried } = await s.reconfigure({ ...small, seed, lr });
        expect(carried).toBe('everything');
        expect(session.step).toBe(k);
        session.run(3);
        for (let i = 0; i < 3; i++) ref.iterate();
        expect(params(session)[0]).toEqual(blockToArray(ref.generator.block));
        expect(params(session)[1]).toEqual(blockToArray(ref.discriminator.block));
        ref.dispose();
        session.dispose();
      }),
      { numRuns: 5 },
    );
  });

  it('another optimizer keeps the weights, other networks start afresh, refreshes keep the tensor count', async () => {
    const s = GanSession.create({ ...small, seed: 3 });
    s.run(4);
    await s.refresh();
    const before = tf.memory().numTensors;
    await s.refresh();
    await s.refresh();
    expect(tf.memory().numTensors).toBe(before);
    const weights = params(s);
    const r1 = await s.reconfigure({ ...small, seed: 3, optimizer: 'simgda' });
    expect(r1.carried).toBe('weights');
    expect(params(r1.session)).toEqual(weights);
    expect(r1.session.step).toBe(4);
    const r2 = await r1.session.reconfigure({ ...small, seed: 3, generator: { hidden: [9] } });
    expect(r2.carried).toBe('nothing');
    expect(r2.session.step).toBe(0);
    expect(r2.session.history).toEqual([]);
    r2.session.dispose();
  });

  it('a live optimizer change goes through carryOver: batch-norm statistics and an unchanged player’s state stay, with the reason', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom('simgda', 'ogda', 'momentum'), async (seed, k, other) => {
        const config = { ...small, seed, generator: { hidden: [8], batchNorm: true } };
        const s = GanSession.create({ ...config, optimizer: 'adam' });
        s.run(k);
        const before = { params: params(s), stats: [...blockToArray(s.trainer.generator.stats!)], m: [...blockToArray(s.trainer.state.slots.m[0])], count: s.trainer.state.counts[0] };
        const { session, carried, because } = await s.reconfigure({ ...config, optimizer: `adam,${other}` });
        expect(carried).toBe('weights');
        expect(because).toMatch(new RegExp(`generator's adam state.*the optimizer changed \\(adam → adam,${other}\\)`));
        expect(params(session)).toEqual(before.params);
        expect([...blockToArray(session.trainer.generator.stats!)]).toEqual(before.stats);
        expect([...blockToArray(session.trainer.state.slots.m[0])]).toEqual(before.m);
        expect(session.trainer.state.counts[0]).toBe(before.count);
        expect(session.step).toBe(k);
        session.dispose();
      }),
      { numRuns: 4 },
    );
  });

  it('around() wraps a trainer made elsewhere: the same views as a session made from its configuration', async () => {
    const made = GanSession.create({ ...small, seed: 9 });
    const art = await trainerArtifacts(made.trainer);
    const wrapped = GanSession.around(trainerFromArtifacts(art));
    expect(wrapped.config).toEqual(made.config);
    expect([...wrapped.noise]).toEqual([...made.noise]);
    expect((await wrapped.refresh()).fake).toEqual((await made.refresh()).fake);
    made.dispose();
    wrapped.dispose();
  });

  it('a packed discriminator (pack > 1) is drawn: finite views of the right sizes, and the tensor count stays flat', async () => {
    const s = GanSession.create({ ...small, pack: 2 });
    s.run(3);
    await s.refresh();
    const before = tf.memory().numTensors;
    const frame = await s.refresh();
    expect(tf.memory().numTensors).toBe(before);
    expect(frame.heat.length).toBe(s.grid.nx * s.grid.ny);
    expect(frame.gradG.length).toBe(frame.fake.length);
    for (const v of [...frame.heat, ...frame.gradG, ...frame.gradD, frame.lossG, frame.lossD]) expect(Number.isFinite(v)).toBe(true);
    s.dispose();
  });

  it('dataDomain is a square (2-D) window that contains every finite sample', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 2, maxLength: 60 }), fc.constantFrom(1, 2), (values, dim) => {
        const n = Math.floor(values.length / dim) * dim;
        const sample = Float32Array.from(values.slice(0, n));
        const d = dataDomain(sample, dim);
        for (let i = 0; i < n; i++) {
          const [lo, hi] = i % dim === 0 ? d.x : d.y!;
          expect(sample[i]).toBeGreaterThanOrEqual(lo - 1e-9);
          expect(sample[i]).toBeLessThanOrEqual(hi + 1e-9);
        }
        if (dim === 2) expect(d.x[1] - d.x[0]).toBeCloseTo(d.y![1] - d.y![0], 9);
      }),
    );
  });
});
