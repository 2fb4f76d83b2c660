/**
 * The GAN trainer's speed (issue 5, §8): steps per second of GAN Lab's model (generator 2-14-14-2, discriminator
 * 2-14-14-1, ReLU, batch 256, ring8) on the wasm backend in Node, through the project's trainer (src/optim's Adam on
 * the tensor space) against a naive tfjs loop of the same model in the same run: `optimizer.minimize` with
 * tf.train.adam, a discriminator step then a generator step, layers written as matMul + add + relu and losses
 * through tf.losses.sigmoidCrossEntropy, as a tutorial writes it. Goal: ratio ≥ 1.5. One step is one discriminator
 * update and one generator update in both.
 *
 * Also: the same naive loop with the trainer's network and loss code (one flat parameter Variable per network,
 * fused matMul + bias + ReLU, softplus losses, one discriminator pass over real and fake), which separates what the
 * network code gains from what the rest of the trainer gains; and the tensor count over 1,000 trainer steps after
 * warm-up (flat: no leak).
 *
 * And the MNIST model (issue 5 §8): the DCGAN networks of conv.ts at the command line's defaults (base width 32,
 * kernel 5, batch norm in G), batch 64, non-saturating loss, through the trainer (src/optim's Adam, simultaneous,
 * running statistics updated every step) against the naive `optimizer.minimize` loop of the same networks (tf.train.adam,
 * a discriminator step then a generator step). Convolutions dominate both, so the ratio says what the trainer's
 * bookkeeping costs on a model whose kernels are heavy (≈ 1 is the goal: no overhead). Measured with tf.profile
 * (one step each, wasm): tfjs-backend-wasm's own Conv2DBackpropInput took 72–75% of both loops, 132 ms for
 * [64, 7, 7, 64] → [64, 14, 14, 32] where the forward Conv2D of the same sizes takes 14 ms. That kernel is both G's
 * transposed convolution and D's gradient with respect to its input. The trainer ran 9 of them (871 ms) and the
 * naive loop 8 (711 ms), which is most of the gap between the two. gan/wasm-conv.ts now runs it as a forward
 * convolution in both loops (the naive loop's kernel time per step: 994 → 638 ms).
 */
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../gan/backend.ts';
import { Dcgan } from '../gan/conv.ts';
import { mnistDataset, mnistDigits } from '../gan/mnist.ts';
import { ring8 } from '../gan/data.ts';
import { discriminatorLoss, generatorLoss } from '../gan/losses.ts';
import { Mlp } from '../gan/models.ts';
import { Rng } from '../gan/random.ts';
import { createTrainer } from '../gan/train.ts';
import type { Row } from './core.ts';
import { compare, fmt } from './measure.ts';

const BATCH = 256;
const STEPS = 40;
const SPEC = { hidden: [14, 14], activation: 'relu', batchNorm: false } as const;

/** A naive tfjs GAN loop: minimize per player, with either tutorial-style ops or the trainer's network code. */
function naiveLoop(style: 'tutorial' | 'trainer-network'): { run: () => void; dispose: () => void } {
  const G = new Mlp('naive-g', 2, 2, SPEC, new Rng(1));
  const D = new Mlp('naive-d', 2, 1, SPEC, new Rng(2));
  const data = ring8();
  const rng = new Rng(3);
  const optG = tf.train.adam(1e-3);
  const optD = tf.train.adam(1e-3);
  // Tutorial style: one Variable per weight matrix and bias (the same initial values as the trainer's flat vector).
  const perWeight = (net: Mlp) =>
    tf.tidy(() => net.weights(net.block.tensors[0]).map((w, k) => tf.variable(w, true, `${net.name}-${net.slots[k].name}`)));
  const gVars = style === 'tutorial' ? perWeight(G) : (G.block.tensors as tf.Variable[]);
  const dVars = style === 'tutorial' ? perWeight(D) : (D.block.tensors as tf.Variable[]);
  const dense = (params: readonly tf.Tensor[], x: tf.Tensor2D) => {
    let h = x;
    for (let l = 0; l < params.length; l += 2) {
      h = tf.add(tf.matMul(h, params[l] as tf.Tensor2D), params[l + 1]);
      if (l + 2 < params.length) h = tf.relu(h);
    }
    return h;
  };
  const net = style === 'tutorial' ? dense : (params: readonly tf.Tensor[], x: tf.Tensor2D) => (params === gVars ? G : D).apply(params, x);
  const bce = (logits: tf.Tensor, label: 0 | 1) => tf.losses.sigmoidCrossEntropy(label ? tf.onesLike(logits) : tf.zerosLike(logits), logits) as tf.Scalar;
  const step = () => {
    const real = tf.tensor2d(data.sample(BATCH, rng), [BATCH, 2]);
    const z1 = tf.randomNormal([BATCH, 2]) as tf.Tensor2D;
    const z2 = tf.randomNormal([BATCH, 2]) as tf.Tensor2D;
    optD.minimize(
      () => {
        const fake = net(gVars, z1);
        if (style === 'tutorial') return tf.add(bce(net(dVars, real), 1), bce(net(dVars, fake), 0));
        const both = net(dVars, tf.concat2d([real, fake], 0));
        return discriminatorLoss('nsgan', tf.slice(both, [0, 0], [BATCH, 1]), tf.slice(both, [BATCH, 0], [BATCH, 1]));
      },
      false,
      dVars,
    );
    optG.minimize(() => (style === 'tutorial' ? bce(net(dVars, net(gVars, z2)), 1) : generatorLoss('nsgan', net(dVars, net(gVars, z2)))), false, gVars);
    tf.dispose([real, z1, z2]);
  };
  return {
    run: () => {
      for (let s = 0; s < STEPS; s++) step();
      gVars[0].dataSync();
    },
    dispose: () => {
      optG.dispose();
      optD.dispose();
      if (style === 'tutorial') tf.dispose([...gVars, ...dVars]);
      G.dispose();
      D.dispose();
    },
  };
}

/** The trainer on the same model: Adam from src/optim, simultaneous (its default) or alternating. */
function trainerLoop(alternating: boolean) {
  const trainer = createTrainer({
    dataset: 'ring8',
    loss: 'nsgan',
    optimizer: 'adam',
    lr: 1e-3,
    options: { alternating },
    batch: BATCH,
    seed: 1,
    metricsEvery: 1_000_000,
  });
  return {
    trainer,
    run: () => {
      for (let s = 0; s < STEPS; s++) trainer.iterate();
      trainer.generator.block.tensors[0].dataSync();
    },
  };
}

const MNIST_BATCH = 64;
const MNIST_STEPS = 3;
const DCGAN = { channels: 32, kernel: 5 } as const;

/** The naive minimize loop on the DCGAN model: tf.train.adam, D step then G step, softplus losses. */
async function naiveMnist(): Promise<{ run: () => void; dispose: () => void }> {
  const data = mnistDataset(await mnistDigits());
  const G = new Dcgan('naive-mnist-g', 'generator', 100, 784, { kind: 'dcgan', ...DCGAN, batchNorm: true }, new Rng(1));
  const D = new Dcgan('naive-mnist-d', 'discriminator', 784, 1, { kind: 'dcgan', ...DCGAN, batchNorm: false }, new Rng(2));
  const rng = new Rng(3);
  const [optG, optD] = [tf.train.adam(2e-4, 0.5), tf.train.adam(2e-4, 0.5)];
  const [theta, psi] = [G.block.tensors as tf.Variable[], D.block.tensors as tf.Variable[]];
  const step = () => {
    const real = tf.tensor2d(data.sample(MNIST_BATCH, rng), [MNIST_BATCH, 784]);
    const z1 = tf.randomNormal([MNIST_BATCH, 100]) as tf.Tensor2D;
    const z2 = tf.randomNormal([MNIST_BATCH, 100]) as tf.Tensor2D;
    optD.minimize(() => discriminatorLoss('nsgan', D.apply(psi, real), D.apply(psi, G.apply(theta, z1))), false, psi);
    optG.minimize(() => generatorLoss('nsgan', D.apply(psi, G.apply(theta, z2))), false, theta);
    tf.dispose([real, z1, z2]);
  };
  return {
    run: () => {
      for (let s = 0; s < MNIST_STEPS; s++) step();
      theta[0].dataSync();
    },
    dispose: () => {
      optG.dispose();
      optD.dispose();
      G.dispose();
      D.dispose();
    },
  };
}

/** The trainer on the same model, as `saddle gan --dataset mnist` runs it. */
async function trainerMnist() {
  await mnistDigits();
  const trainer = createTrainer({
    dataset: 'mnist',
    generator: { kind: 'dcgan', ...DCGAN },
    discriminator: { kind: 'dcgan', ...DCGAN },
    latent: { dim: 100 },
    loss: 'nsgan',
    optimizer: 'adam',
    lr: 2e-4,
    options: { beta1: 0.5 },
    batch: MNIST_BATCH,
    seed: 1,
    metricsEvery: 1_000_000,
  });
  return {
    trainer,
    run: () => {
      for (let s = 0; s < MNIST_STEPS; s++) trainer.iterate();
      trainer.generator.block.tensors[0].dataSync();
    },
  };
}

export async function benchGan(): Promise<Row[]> {
  const backend = await useBackend('wasm');
  const naive = naiveLoop('tutorial');
  const naiveFused = naiveLoop('trainer-network');
  const simultaneous = trainerLoop(false);
  const alternating = trainerLoop(true);
  const [n1, t1] = compare(naive.run, simultaneous.run, STEPS, 7);
  const [n2, t2] = compare(naive.run, alternating.run, STEPS, 7);
  const [n3, f3] = compare(naive.run, naiveFused.run, STEPS, 7);
  const naiveRate = (n1.rate + n2.rate + n3.rate) / 3;

  // Tensor count over 1,000 steps after warm-up.
  const t = simultaneous.trainer;
  for (let s = 0; s < 10; s++) t.iterate();
  const before = tf.memory().numTensors;
  for (let s = 0; s < 1000; s++) t.iterate();
  const after = tf.memory().numTensors;

  [naive, naiveFused].forEach((l) => l.dispose());
  [simultaneous, alternating].forEach((l) => l.trainer.dispose());

  const naiveM = await naiveMnist();
  const trainerM = await trainerMnist();
  const [nm, tm] = compare(naiveM.run, trainerM.run, MNIST_STEPS, 3);
  naiveM.dispose();
  trainerM.trainer.dispose();
  return [
    { name: `naive tfjs minimize loop, GAN Lab model, batch ${BATCH} (${backend})`, value: `${fmt(naiveRate)} steps/s` },
    // Each ratio is against the naive loop timed in the same interleaved pair (its rate in parentheses).
    { name: 'trainer, src/optim adam (simultaneous) over tf.Tensors', value: `${fmt(t1.rate)} (naive ${fmt(n1.rate)}) steps/s`, ratio: t1.rate / n1.rate, goal: 1.5 },
    { name: 'trainer, src/optim adam (alternating, as the naive loop)', value: `${fmt(t2.rate)} (naive ${fmt(n2.rate)}) steps/s`, ratio: t2.rate / n2.rate, goal: 1.5 },
    { name: 'naive minimize loop with the trainer’s network code', value: `${fmt(f3.rate)} (naive ${fmt(n3.rate)}) steps/s`, ratio: f3.rate / n3.rate },
    { name: 'trainer tensor count, after warm-up → after 1,000 steps', value: `${before} → ${after}${after === before ? ', flat' : ', GROWING'}` },
    { name: `naive minimize loop, MNIST DCGAN (c = 32), batch ${MNIST_BATCH} (${backend})`, value: `${nm.rate.toFixed(2)} steps/s` },
    { name: 'trainer, src/optim adam, MNIST DCGAN, running BN statistics', value: `${tm.rate.toFixed(2)} (naive ${nm.rate.toFixed(2)}) steps/s`, ratio: tm.rate / nm.rate },
  ];
}

// `node --import ./bin/register.js bench/gan.ts` prints the rows alone.
if (process.argv[1]?.endsWith('bench/gan.ts')) {
  for (const row of await benchGan()) {
    const ratio = row.ratio === undefined ? '' : `  ratio ${row.ratio.toFixed(2)}${row.goal ? ` (goal ≥ ${row.goal})` : ''}`;
    console.log(`  ${row.name.padEnd(66)} ${row.value.padStart(16)}${ratio}`);
  }
}
