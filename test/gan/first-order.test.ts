/**
 * The first-order path (a network as one tape node with a hand-written backward) gives the gradients autodiff
 * gives, to float32 rounding, for every activation, loss and player; and it runs with fewer tfjs kernels.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../gan/backend.ts';
import { ring8 } from '../../gan/data.ts';
import { ganField } from '../../gan/field.ts';
import { lossNames, type LossName, type RegularizerName } from '../../gan/losses.ts';
import { activations, Mlp, type Activation } from '../../gan/models.ts';
import { Rng } from '../../gan/random.ts';
import { blockToArray, tensorSpace } from '../../gan/tensor-space.ts';
import { blocks } from '../../src/space.ts';

beforeAll(async () => {
  await useBackend('cpu');
});

/** ξ at the initial point on the first batch, by the first-order path or by autodiff. */
function gradients(activation: Activation, loss: LossName, reg: RegularizerName, firstOrder: boolean) {
  const spec = { hidden: [7, 5], activation, batchNorm: false };
  const G = new Mlp('g', 3, 2, spec, new Rng(1));
  const D = new Mlp('d', 2, 1, spec, new Rng(2));
  const field = ganField({
    generator: G,
    discriminator: D,
    data: ring8(),
    latent: { prior: 'gaussian', dim: 3 },
    loss: { name: loss, clip: 0.01, gpWeight: 10 },
    regularizer: { name: reg, gamma: 1, sigma: 0.2 },
    batch: 24,
    firstOrder,
    rng: { data: new Rng(3), latent: new Rng(4), noise: new Rng(5) },
  });
  const z = [G.block, D.block];
  const xi = blocks.zerosLike(tensorSpace, z);
  const before = tf.memory().numTensors;
  field.grad(z, xi);
  const g0 = blocks.zerosLike(tensorSpace, z);
  field.grad(z, g0, 0);
  const leaked = tf.memory().numTensors - before - 2;
  const out = { both: xi.map((b) => Array.from(blockToArray(b))), player0: Array.from(blockToArray(g0[0])), leaked };
  [xi, g0].forEach((b) => blocks.dispose(tensorSpace, b));
  field.dispose();
  G.dispose();
  D.dispose();
  return out;
}

const close = (a: number[], b: number[]) => {
  const scale = Math.max(1e-3, ...b.map(Math.abs));
  return a.every((v, i) => Math.abs(v - b[i]) <= 1e-5 * scale);
};

describe('first-order path = autodiff', () => {
  const cases = activations.flatMap((act) =>
    lossNames.filter((l) => l !== 'wgan-gp').map((loss) => [act, loss, loss === 'nsgan' ? 'instance-noise' : 'none'] as const),
  );
  it.each(cases)('%s networks, loss %s, regularizer %s: both players’ gradients agree to float32 rounding', (activation, loss, reg) => {
    const fast = gradients(activation, loss, reg, true);
    const slow = gradients(activation, loss, reg, false);
    expect(close(fast.both[0], slow.both[0])).toBe(true);
    expect(close(fast.both[1], slow.both[1])).toBe(true);
    expect(close(fast.player0, slow.player0)).toBe(true);
    expect(fast.both[0].some((v) => v !== 0) && fast.both[1].some((v) => v !== 0)).toBe(true);
    expect(fast.leaked).toBe(0);
  });
});
