/**
 * The GAN as a game the optimizers of src/optim can play: a {@link Field} over two {@link TensorBlock}s, player 0
 * the generator's parameters θ (it minimizes ℓ_G), player 1 the discriminator's ψ (it minimizes ℓ_D), with the
 * losses of losses.ts on a minibatch.
 *
 * The minibatch is the field's state: real data x, latent codes z, and what the loss and regularizer draw (instance
 * noise, the interpolation weights ε of WGAN-GP). The trainer calls {@link GanField.resample} once before every
 * optimizer step, and every evaluation within that step (both players' gradients, extragradient's second look at the
 * extrapolated point, the Jacobian products of consensus, an alternating scheme's turns) sees the same batch: the
 * step is then exactly the deterministic method on the empirical game of that batch. Extragradient therefore does
 * not resample between its two evaluations (a choice: it makes the extrapolation a look-ahead on one game rather
 * than two independent noisy gradients).
 *
 * Gradients come from tfjs autodiff (autodiff-field.ts): `grad` (ξ_G = ∇_θ ℓ_G, ξ_D = ∇_ψ ℓ_D), `lossGrad` (for
 * unrolled GANs), `vjp` (Jᵀw by double backpropagation, for consensus), and `project` (weight clipping of the
 * discriminator for `wgan-clip`).
 *
 * Conditional training (AC-GAN, losses.ts): with K classes the generator's input is [z, one-hot ỹ] (ỹ uniform,
 * drawn from the latent stream after z) and the discriminator's output is [source logit, K class logits]; the
 * regularizers (R1, R2, WGAN-GP) penalize the gradient of the source logit only.
 *
 * Batch norm: losses are taken in train mode (batch statistics); {@link GanField.updateRunningStats} folds the
 * current batch's moments into the networks' running averages after a step (models.ts).
 *
 * Packing (PacGAN: Lin, Khetan, Fanti & Oh 2018, "PacGAN: The power of two samples in generative adversarial
 * networks"): with pack m the discriminator judges m samples at once. A batch of B samples x₁ … x_B ∈ ℝᵈ (B a
 * multiple of m) becomes B/m packed samples, x̄ₖ = [x_{km+1}, …, x_{km+m}] ∈ ℝ^{m·d} (row-major: the reshape
 * [B, d] → [B/m, m·d], {@link packRows}), real ones from data and fake ones from G, each pack of m independent
 * draws; D: ℝ^{m·d} → ℝ gives one logit per pack, and every loss of losses.ts is taken over the B/m logits unchanged.
 * The paper's reading: D then sees the product distributions Pᵐ and Qᵐ, whose total variation grows much faster with
 * m when Q misses mass of P (a dropped mode) than when it merely differs a little, so a collapsed generator is
 * penalized more (its Theorem 3; its 2-D experiments use m = 2, 3, 4). Everything that acts on D's input acts on the
 * packed input: R1 and R2 penalize ‖∇_{x̄} D(x̄)‖² over packs, WGAN-GP interpolates packs, x̂ = εx̄ + (1 − ε)x̄̃ with
 * one ε per pack; instance noise is added to each sample before packing (the same thing as adding it to the
 * pack). A Fourier input is taken of each sample of a pack (models.ts, Mlp `samples`). Only MLP discriminators
 * pack, and not with conditional training (a pack of m labelled images has no one class). m = 1 is the unpacked
 * GAN, draw for draw.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, show } from '../src/errors.ts';
import type { Field } from '../src/field.ts';
import { autodiffField, gradsOf, type TensorGame } from './autodiff-field.ts';
import type { Dataset } from './data.ts';
import { firstOrderNet, firstOrderSupports } from './first-order.ts';
import {
  classCrossEntropy,
  discriminatorLoss,
  generatorLoss,
  gradientSquaredPenalty,
  wassersteinGradientPenalty,
  type LossSpec,
  type RegularizerSpec,
} from './losses.ts';
import { isLabelled } from './mnist.ts';
import { sampleLatent, updateRunningStats, type LatentSpec, type Mlp, type Network } from './models.ts';
import type { Rng } from './random.ts';
import { setBlock, TensorBlock } from './tensor-space.ts';

/** One minibatch: what both players' losses are evaluated on during one optimizer step. */
interface Batch {
  real: tf.Tensor2D;
  /** The generator's input: latent codes, followed by the one-hot fake labels ỹ when conditional. */
  latent: tf.Tensor2D;
  /** Conditional: one-hot labels of the real images and of the fake samples, [n, K]. */
  realLabels?: tf.Tensor2D;
  fakeLabels?: tf.Tensor2D;
  /** Instance noise added to the real and fake inputs of D. */
  noiseReal?: tf.Tensor2D;
  noiseFake?: tf.Tensor2D;
  /** WGAN-GP interpolation weights, [n, 1]. */
  epsilon?: tf.Tensor2D;
}

export interface GanSetup {
  readonly generator: Network;
  readonly discriminator: Network;
  readonly data: Dataset;
  readonly latent: LatentSpec;
  /** AC-GAN: the number of classes K (the data set must be labelled) and the weight λ of the class loss. */
  readonly conditional?: { readonly classes: number; readonly weight: number };
  readonly loss: LossSpec;
  readonly regularizer: RegularizerSpec;
  readonly batch: number;
  /** PacGAN packing: D judges this many samples concatenated (default 1, no packing); `batch` must be a multiple. */
  readonly pack?: number;
  /**
   * Take gradients on the first-order path (first-order.ts) when the networks allow it (plain MLPs: no batch norm, Fourier input or scales). Only for
   * configurations that never differentiate a gradient: `vjp` and `lossGrad` always use plain autodiff.
   */
  readonly firstOrder?: boolean;
  /** Streams for the data, the latent codes and the loss's own randomness (noise, ε). */
  readonly rng: { data: Rng; latent: Rng; noise: Rng };
}

/** The GAN's field plus what a trainer needs around it. */
export interface GanField extends Field<TensorBlock> {
  /** Draws a new minibatch (disposing the old one). */
  resample(): void;
  /** Sets γ of R1/R2 for the steps from now on (a schedule of γ, train.ts); the setup's γ until then. */
  setGamma(gamma: number): void;
  /** [ℓ_G, ℓ_D] at z on the current batch, read back. */
  losses(z: readonly TensorBlock[]): [number, number];
  /**
   * Folds the current batch's moments into the running batch-norm statistics of the networks of `players` (0: G on
   * the batch's generator input; 1: D on the batch's real data) at parameters z; nothing for networks without
   * batch norm.
   */
  updateRunningStats(z: readonly TensorBlock[], players?: readonly number[]): void;
  /** Frees the batch. */
  dispose(): void;
}

/**
 * Packs a batch for the discriminator: [B, d] → [B/m, m·d], row k the samples km … km + m − 1 side by side (a
 * row-major reshape, so differentiable to every order). m = 1 returns x itself. B must be a multiple of m.
 */
export function packRows(x: tf.Tensor2D, m: number): tf.Tensor2D {
  if (m === 1) return x;
  const [rows, d] = x.shape;
  if (rows % m !== 0) throw new Error(`packRows: ${rows} rows do not split into packs of ${m}`);
  return tf.reshape(x, [rows / m, m * d]);
}

/** What {@link checkPacking} reads of a configuration (config.ts). */
export interface PackingConfig {
  readonly pack: number;
  readonly batch: number;
  readonly conditional: boolean;
  readonly discriminator: { readonly kind?: string };
}

/**
 * A packing the trainer can run, or an {@link InputError} at `pack`: an integer m ≥ 1 that divides the batch, with an
 * MLP discriminator (a DCGAN discriminator reads one image) and without conditional training (a pack has no one
 * class).
 */
export function checkPacking(config: PackingConfig): void {
  const { pack: m, batch } = config;
  if (!Number.isInteger(m) || m < 1) throw new InputError('gan config, pack', `expected an integer ≥ 1, got ${show(m)}`, ['pack']);
  if (m === 1) return;
  if (batch % m !== 0) throw new InputError('gan config, pack', `the batch (${batch}) must be a multiple of pack (${m}): D judges ${batch}/${m} packs`, ['pack']);
  if (config.discriminator.kind === 'dcgan') throw new InputError('gan config, pack', `packing (pack ${m}) needs an MLP discriminator, not dcgan`, ['pack']);
  if (config.conditional) throw new InputError('gan config, pack', `packing (pack ${m}) and conditional training do not mix: a pack of samples has no one class`, ['pack']);
}

export function ganField(setup: GanSetup): GanField {
  const { generator: G, discriminator: D, data, latent, loss, regularizer: reg, batch: n, rng, conditional } = setup;
  const dim = data.dim;
  const K = conditional?.classes ?? 0;
  const m = setup.pack ?? 1;
  let gamma = reg.gamma;
  if (conditional && !isLabelled(data)) throw new Error(`ganField: conditional training needs a labelled data set, ${data.name} has no labels`);
  checkPacking({ pack: m, batch: n, conditional: K > 0, discriminator: D });
  if (D.input !== m * dim) throw new Error(`ganField: with pack ${m} the discriminator must read ${m}·${dim} inputs, it reads ${D.input}`);
  /** The discriminator's view of a batch of samples: packs of m. */
  const packed = (x: tf.Tensor2D) => packRows(x, m);

  // Batch tensors are kept: a batch outlives the tidy scopes of the gradient computations that read it.
  const upload = (values: Float32Array, cols: number) => tf.keep(tf.tensor2d(values, [values.length / cols, cols]));
  const oneHot = (labels: ArrayLike<number>) => {
    const out = new Float32Array(labels.length * K);
    for (let i = 0; i < labels.length; i++) out[i * K + labels[i]] = 1;
    return out;
  };
  const draw = (): Batch => {
    if (conditional && isLabelled(data)) {
      const { x, labels } = data.sampleLabelled(n, rng.data);
      const z = sampleLatent(latent, n, rng.latent);
      const fake = Uint8Array.from({ length: n }, () => rng.latent.int(K));
      const input = new Float32Array(n * (latent.dim + K));
      for (let i = 0; i < n; i++) {
        input.set(z.subarray(i * latent.dim, (i + 1) * latent.dim), i * (latent.dim + K));
        input[i * (latent.dim + K) + latent.dim + fake[i]] = 1;
      }
      return { ...noise(), real: upload(x, dim), latent: upload(input, latent.dim + K), realLabels: upload(oneHot(labels), K), fakeLabels: upload(oneHot(fake), K) };
    }
    const b: Batch = {
      real: upload(data.sample(n, rng.data), dim),
      latent: upload(sampleLatent(latent, n, rng.latent), latent.dim),
    };
    return { ...b, ...noise() };
  };
  /** The loss's and regularizer's own draws, after the data and latent codes. */
  const noise = (): Partial<Batch> => {
    const b: Partial<Batch> = {};
    if (reg.name === 'instance-noise' && reg.sigma > 0) {
      b.noiseReal = upload(rng.noise.fillNormal(new Float32Array(n * dim), 0, reg.sigma), dim);
      b.noiseFake = upload(rng.noise.fillNormal(new Float32Array(n * dim), 0, reg.sigma), dim);
    }
    if (loss.name === 'wgan-gp') b.epsilon = upload(rng.noise.fillUniform(new Float32Array(n / m)), 1);
    return b;
  };
  const dispose = (b: Batch) => tf.dispose(Object.values(b).filter((t): t is tf.Tensor => t !== undefined));

  /** The source logit (column 0 when conditional, else the whole output) and the class logits. */
  const source = (out: tf.Tensor): tf.Tensor => (K ? tf.slice(out, [0, 0], [-1, 1]) : out);
  const classes = (out: tf.Tensor): tf.Tensor => tf.slice(out, [0, 1], [-1, K]);
  /** ℓ_G from D's output on the fake samples. */
  const generatorTerm = (fakeOut: tf.Tensor, b: Batch): tf.Scalar => {
    const l = generatorLoss(loss.name, source(fakeOut));
    return K ? tf.add(l, tf.mul(conditional!.weight, classCrossEntropy(classes(fakeOut), b.fakeLabels!))) : l;
  };
  /** ℓ_D (without gradient penalties) from D's outputs on real and fake samples. */
  const discriminatorTerm = (realOut: tf.Tensor, fakeOut: tf.Tensor, b: Batch): tf.Scalar => {
    const l = discriminatorLoss(loss.name, source(realOut), source(fakeOut));
    if (!K) return l;
    const ce = tf.add(classCrossEntropy(classes(realOut), b.realLabels!), classCrossEntropy(classes(fakeOut), b.fakeLabels!));
    return tf.add(l, tf.mul(conditional!.weight, ce));
  };
  // The first batch is drawn now, outside any scope; resample() replaces it.
  let current: Batch = draw();
  const batch = (): Batch => current;

  /**
   * D's logits on packed real and fake inputs: one pass over both when D has no batch norm (it treats rows alone).
   */
  const logits = (psi: readonly tf.Tensor[], real: tf.Tensor2D, fake: tf.Tensor2D): [tf.Tensor, tf.Tensor] => {
    if (D.batchNorm) return [D.apply(psi, real), D.apply(psi, fake)];
    const both = D.apply(psi, tf.concat2d([real, fake], 0));
    return [tf.slice(both, [0, 0], [real.shape[0], -1]), tf.slice(both, [real.shape[0], 0], [fake.shape[0], -1])];
  };

  const game: TensorGame = {
    players: 2,
    loss(params, player) {
      const b = batch();
      let sample = G.apply(params[0], b.latent);
      if (b.noiseFake) sample = tf.add(sample, b.noiseFake);
      const fake = packed(sample);
      if (player === 0) return generatorTerm(D.apply(params[1], fake), b);
      const real = packed(b.noiseReal ? (tf.add(b.real, b.noiseReal) as tf.Tensor2D) : b.real);
      const [aReal, aFake] = logits(params[1], real, fake);
      let lD = discriminatorTerm(aReal, aFake, b);
      const d = (x: tf.Tensor2D) => source(D.apply(params[1], x));
      if (loss.name === 'wgan-gp') lD = tf.add(lD, wassersteinGradientPenalty(d, real, fake, b.epsilon!, loss.gpWeight));
      if (reg.name === 'r1') lD = tf.add(lD, gradientSquaredPenalty(d, real, gamma));
      if (reg.name === 'r2') lD = tf.add(lD, gradientSquaredPenalty(d, fake, gamma));
      return lD;
    },
  };
  if (loss.name === 'wgan-clip') {
    const c = loss.clip;
    game.project = (z) => setBlock(z[1], tf.tidy(() => z[1].tensors.map((t) => tf.clipByValue(t, -c, c))).map((t) => tf.keep(t)));
  }

  const field = autodiffField(game);

  // The first-order path (first-order.ts): each network one tape node with a hand-written backward, and the
  // discriminator's gradient taken with the fake samples computed before the tape starts (they are constants to ψ).
  let grad = field.grad;
  if (setup.firstOrder && firstOrderPath(G, D)) {
    if (loss.name === 'wgan-gp' || reg.name === 'r1' || reg.name === 'r2') throw new Error('ganField: the first-order path cannot take gradient penalties');
    const gOwn = firstOrderNet(G as Mlp, { params: true, input: false });
    const dInput = firstOrderNet(D as Mlp, { params: false, input: true });
    const dOwn = firstOrderNet(D as Mlp, { params: true, input: false });
    const generatorOwn = (theta: tf.Tensor, psi: tf.Tensor): tf.Scalar => {
      const b = batch();
      let fake = gOwn(theta, b.latent);
      if (b.noiseFake) fake = tf.add(fake, b.noiseFake);
      return generatorTerm(dInput(psi, packed(fake)), b);
    };
    const discriminatorOwn = (psi: tf.Tensor, fake: tf.Tensor2D): tf.Scalar => {
      const b = batch();
      const real = b.noiseReal ? (tf.add(b.real, b.noiseReal) as tf.Tensor2D) : b.real;
      const both = dOwn(psi, tf.concat2d([packed(real), packed(fake)], 0));
      const packs = n / m;
      return discriminatorTerm(tf.slice(both, [0, 0], [packs, -1]), tf.slice(both, [packs, 0], [packs, -1]), b);
    };
    grad = (z, out, player) => {
      for (const i of player === undefined ? [0, 1] : [player]) {
        const g = tf.tidy(() => {
          if (i === 0) return gradsOf(z, [0], (params) => generatorOwn(params[0][0], params[1][0]));
          // Outside the gradient scope: G's forward pass runs fused and unrecorded.
          let fake = G.apply(z[0].tensors, batch().latent);
          if (batch().noiseFake) fake = tf.add(fake, batch().noiseFake!);
          return gradsOf(z, [1], (params) => discriminatorOwn(params[1][0], fake));
        });
        setBlock(out[i], g.map((t) => tf.keep(t)));
      }
    };
  }

  return {
    ...field,
    grad,
    players: 2,
    resample() {
      dispose(current);
      current = draw();
    },
    setGamma(value) {
      gamma = value;
    },
    updateRunningStats(z, players = [0, 1]) {
      const b = batch();
      if (players.includes(0)) updateRunningStats(G, z[0].tensors, b.latent);
      if (players.includes(1) && D.stats) {
        const real = tf.tidy(() => packed(b.noiseReal ? (tf.add(b.real, b.noiseReal) as tf.Tensor2D) : b.real));
        updateRunningStats(D, z[1].tensors, real);
        if (real !== b.real) real.dispose();
      }
    },
    losses(z) {
      const values = tf.tidy(() => {
        const params = z.map((blk) => blk.tensors);
        return tf.stack([game.loss(params, 0), game.loss(params, 1)]);
      });
      const out = values.dataSync();
      values.dispose();
      return [out[0], out[1]];
    },
    dispose() {
      dispose(current);
    },
  };
}

/** Can the gradients go through first-order.ts (both networks plain MLPs)? */
export const firstOrderPath = (G: Network, D: Network): boolean => firstOrderSupports(G) && firstOrderSupports(D);
