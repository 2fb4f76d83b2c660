/**
 * gan/rematerialize.ts: rewriting a trainer's restored tensors as x + 0 changes no value (weights, batch-norm
 * statistics, optimizer slots) and no tensor count, for any optimizer and any number of steps taken. (That it makes
 * a loaded run's samples on webgl equal to the saved run's is checked in Chromium:
 * test/browser/gan-images.browser.test.ts.)
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../gan/backend.ts';
import { rematerialize } from '../../gan/rematerialize.ts';
import { blockToArray } from '../../gan/tensor-space.ts';
import { createTrainer, type GanTrainer } from '../../gan/train.ts';

beforeAll(async () => {
  await useBackend('cpu');
});

const values = (t: GanTrainer) => [
  ...[t.generator.block, t.discriminator.block, t.generator.stats!].map((b) => [...blockToArray(b)]),
  ...Object.entries(t.state.slots)
    .filter(([k]) => !k.startsWith('_'))
    .flatMap(([, bs]) => bs.map((b) => [...blockToArray(b)])),
];

describe('rematerialize', () => {
  it('keeps every value and the tensor count', () => {
    fc.assert(
      fc.property(fc.constantFrom('adam', 'ogda', 'momentum', 'simgda'), fc.integer({ min: 0, max: 3 }), (optimizer, steps) => {
        const t = createTrainer({ generator: { hidden: [5], batchNorm: true }, discriminator: { hidden: [4] }, batch: 8, optimizer, lr: 0.01, seed: 1 });
        for (let k = 0; k < steps; k++) t.iterate();
        const before = values(t);
        const count = tf.memory().numTensors;
        expect(rematerialize(t)).toBe(t);
        expect(values(t)).toEqual(before);
        expect(tf.memory().numTensors).toBe(count);
        t.dispose();
      }),
      { numRuns: 12 },
    );
  });
});
