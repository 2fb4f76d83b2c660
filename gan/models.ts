/**
 * Generator and discriminator networks: multilayer perceptrons built from raw tensors, so that the optimizer owns
 * every parameter as one {@link TensorBlock} per player (no tf.layers, whose weights live inside layer objects).
 *
 * A network is a function of its parameters: `mlp.apply(params, x)` reads the weights it is handed, which may be
 * the network's own Variables (`mlp.block`) or any other tensors of the same shapes (an extrapolated point of
 * extragradient, the stand-ins of a gradient function). That is what lets a {@link Field} differentiate it with
 * respect to any point.
 *
 * Layout of one network (widths w₀ = input, w₁ … w_L = hidden, w_{L+1} = output), per hidden layer ℓ:
 *   without batch norm: h ← act(h·Wℓ + bℓ)
 *   with batch norm:    h ← act(γℓ ⊙ (u − mean(u))/√(var(u) + 10⁻⁵) + βℓ), u = h·Wℓ (no bias: β plays its part)
 * then the linear output layer h·W + b. The first layer reads x/s_in and the output is s_out·y when the spec gives
 * those scales, and with a Fourier input the first layer reads [cos 2πxB, sin 2πxB] instead of x ({@link FourierSpec}).
 * Batch normalization (Ioffe & Szegedy 2015) has two modes: `train` normalizes by the statistics of the batch at hand,
 * `eval` by running averages (the network's `stats`, not trained by the optimizer): after every update the trainer
 * folds the batch moments in,
 *   μ̂ ← m·μ̂ + (1 − m)·mean(u),   σ̂² ← m·σ̂² + (1 − m)·var(u),   m = {@link BN_MOMENTUM} = 0.9 (PyTorch's 0.1),
 * with the biased batch variance (as Keras), starting from μ̂ = 0, σ̂² = 1. Sampling and scoring use `eval`, so a
 * sample does not depend on the other samples of its batch.
 * Initialization (Glorot & Bengio 2010, uniform): W ~ U[−a, a], a = √(6/(fan_in + fan_out)); b = β = 0, γ = 1; drawn
 * from a seeded {@link Rng} in JavaScript, so the same seed gives the same weights on every backend.
 *
 * Activations: `relu` (fused into the matrix product: one tfjs op per layer), `leaky-relu` (slope 0.2), `tanh`,
 * `elu`. All are twice differentiable as written here, and correctly so (consensus optimization and gradient
 * penalties differentiate gradients): the last three carry their own gradient, see {@link activationFromInput}.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError, show } from '../src/errors.ts';
import type { Rng } from './random.ts';
import { setBlock, TensorBlock, variableBlock } from './tensor-space.ts';

export const activations = ['relu', 'leaky-relu', 'tanh', 'elu'] as const;
export type Activation = (typeof activations)[number];

/**
 * Random Fourier features of an MLP's input (Tancik et al. 2020, "Fourier Features Let Networks Learn High Frequency
 * Functions in Low Dimensional Domains"; Rahimi & Recht 2007): the network reads
 *   φ(x) = [cos 2πxB, sin 2πxB],   B ∈ ℝ^{input × features}, Bᵢⱼ ~ N(0, scale²),
 * instead of x, or [x, φ(x)] with `includeInput` (as NeRF's positional encoding keeps x; Mildenhall et al. 2020).
 * φ is bounded and nearly periodic, so a network that reads φ alone cannot tell a point far outside the data from
 * some point inside it: a discriminator on φ alone let a generator run off to |x| ≈ 100 on one seed of grid25
 * (gan/README.md). With x kept, it can. B is drawn once from the network's seeded Rng (so a seed and a checkpoint
 * give it back) and is not trained. `scale` is in cycles per unit of the input: an MLP on raw coordinates learns
 * low frequencies first and resolves detail finer than its input's spread only slowly, while on φ(x) a detail
 * 1/scale wide is a low-frequency function. The point of it here: 25 modes 0.05 wide and 2 apart (grid25), which a discriminator on
 * (x, y) does not resolve within a short budget (gan/README.md).
 */
export interface FourierSpec {
  readonly features: number;
  readonly scale: number;
  /** Read x beside φ(x): [x, cos 2πxB, sin 2πxB]. Default false. */
  readonly includeInput?: boolean;
}

/**
 * The shape of an MLP: hidden widths, their activation, batch norm on the hidden layers or not, a Fourier input, and
 * the unit its data are measured in. `inputScale` s divides the input first (the network reads x/s) and
 * `outputScale` multiplies the output (it writes s·y): a generator with `outputScale: s` and a discriminator with
 * `inputScale: s` are the two networks trained on the data divided by s, seen from outside in the data's own units
 * (samples, scores and views unchanged). Standardizing data is what makes a network's initial scale and its
 * optimizer's step sizes fit the data (grid25's coordinates have standard deviation √8 ≈ 2.83 per axis).
 */
export interface MlpSpec {
  readonly hidden: readonly number[];
  readonly activation: Activation;
  readonly batchNorm: boolean;
  readonly fourier?: FourierSpec;
  readonly inputScale?: number;
  readonly outputScale?: number;
}

export const LEAKY_SLOPE = 0.2;
export const BN_EPS = 1e-5;
/** Weight of the old running average in each batch-norm update. */
export const BN_MOMENTUM = 0.9;

/** Train mode: batch statistics; eval mode: the running averages (sampling, scoring). */
export type NetworkMode = 'train' | 'eval';

/**
 * What the trainer and the field need of a network, MLP (this file) or convolutional (conv.ts): its trainable
 * parameters as one flat Variable, a forward pass at any parameters, and its batch-norm running statistics.
 */
export interface Network {
  readonly name: string;
  readonly kind: 'mlp' | 'dcgan';
  /** Input and output widths (a 28 × 28 image is 784 numbers, row-major). */
  readonly input: number;
  readonly output: number;
  /** The trainable parameters: one flat Variable. */
  readonly block: TensorBlock;
  /** The weights inside it, in order. */
  readonly slots: readonly ParameterSlot[];
  readonly size: number;
  /** Does the network normalize batches (then its outputs on a batch are not computed row by row in train mode)? */
  readonly batchNorm: boolean;
  /** The running averages of batch norm, one flat plain tensor (absent without batch norm). */
  readonly stats?: TensorBlock;
  /**
   * The network at parameters `params` on a batch x ([n, input]) → [n, output]. In train mode (default) the batch
   * moments of every batch-norm layer are pushed to `collect` when given, in the order of {@link RunningStats}.
   */
  apply(params: readonly tf.Tensor[], x: tf.Tensor2D, mode?: NetworkMode, collect?: tf.Tensor[]): tf.Tensor2D;
  dispose(): void;
}

/**
 * Running means and variances of a network's batch-norm layers, as one flat tensor (so updating them is one kernel):
 * layer l's C_l means, then its C_l variances, layer after layer.
 */
export class RunningStats {
  readonly block: TensorBlock;
  private readonly offsets: number[] = [];

  constructor(readonly channels: readonly number[]) {
    const values: number[] = [];
    for (const c of channels) {
      this.offsets.push(values.length);
      values.push(...new Array<number>(c).fill(0), ...new Array<number>(c).fill(1));
    }
    this.block = new TensorBlock([tf.keep(tf.tensor1d(values))]);
  }

  /** Layer l's running mean and variance (inside the caller's scope). */
  layer(l: number): { mean: tf.Tensor; variance: tf.Tensor } {
    const c = this.channels[l];
    const all = this.block.tensors[0];
    return { mean: tf.slice(all, [this.offsets[l]], [c]), variance: tf.slice(all, [this.offsets[l] + c], [c]) };
  }

  dispose(): void {
    tf.dispose(this.block.tensors);
  }
}

/**
 * γ ⊙ (u − μ)/√(σ² + ε) + β over the channel axis (the last), with μ, σ² the moments of u over `axes` (train mode,
 * pushed to `collect`) or layer l's running averages (eval mode).
 */
export function batchNormalize(
  u: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  axes: number[],
  at: { mode: NetworkMode; stats: RunningStats; layer: number; collect?: tf.Tensor[] },
): tf.Tensor {
  let mean: tf.Tensor;
  let variance: tf.Tensor;
  if (at.mode === 'train') {
    ({ mean, variance } = tf.moments(u, axes));
    at.collect?.push(mean, variance);
  } else {
    ({ mean, variance } = at.stats.layer(at.layer));
  }
  return tf.add(tf.mul(tf.mul(tf.sub(u, mean), tf.rsqrt(tf.add(variance, BN_EPS))), gamma), beta);
}

/**
 * Folds the batch moments of a train-mode pass of `net` on x (mean₀, var₀, mean₁, …) into its running statistics:
 * the update after a training step; nothing without batch norm. Leaves the tensor count unchanged.
 */
export function updateRunningStats(net: Network, params: readonly tf.Tensor[], x: tf.Tensor2D): void {
  const block = net.stats;
  if (!block) return;
  const next = tf.tidy(() => {
    const collect: tf.Tensor[] = [];
    net.apply(params, x, 'train', collect);
    const batch = tf.concat(collect.map((t) => tf.reshape(t, [-1])));
    return tf.add(tf.mul(block.tensors[0], BN_MOMENTUM), tf.mul(batch, 1 - BN_MOMENTUM));
  });
  setBlock(block, [tf.keep(next)]);
}

/**
 * An activation with its derivative written from the saved *input* x: f′(x)·dy. Two tfjs 4.22 defects make this
 * necessary for second derivatives (consensus, R1/R2, WGAN-GP differentiate gradients):
 * - ops whose gradient reads their saved *output* (tanh, sigmoid, exp) give silently wrong second derivatives:
 *   the copy of the output they save is put on the tape before the op itself, so backpropagation reaches it too
 *   late and drops its contribution (test/gan/field.test.ts measures tanh against finite differences);
 * - leakyRelu's and elu's gradients use ops that have no gradient (Greater, EluGrad), so they fail.
 * Saving the input instead puts its copy on the tape after x is made: the order backpropagation needs. The
 * derivatives are themselves built from these functions, so third derivatives (consensus on an R1-penalized
 * discriminator) are right too.
 */
function activationFromInput(value: (x: tf.Tensor) => tf.Tensor, derivative: (x: tf.Tensor) => tf.Tensor): (x: tf.Tensor) => tf.Tensor {
  const f = (...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([x]);
    return { value: value(x), gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => tf.mul(dy as tf.Tensor, derivative(saved[0])) };
  };
  return tf.customGrad(f) as unknown as (x: tf.Tensor) => tf.Tensor;
}

const leakyDerivative = (x: tf.Tensor) => tf.add(LEAKY_SLOPE, tf.mul(1 - LEAKY_SLOPE, tf.step(x)));
/** exp with exp′ = exp, computed from the input: derivatives of every order stay on the input-saving path. */
export const exp: (x: tf.Tensor) => tf.Tensor = activationFromInput(tf.exp, (x) => exp(x));
/** f′(x) = 1 − tanh²(x), with this same tanh. */
const tanh: (x: tf.Tensor) => tf.Tensor = activationFromInput(tf.tanh, (x) => tf.sub(1, tf.square(tanh(x))));
/** f′(x) = 1 for x > 0, eˣ = e^{−relu(−x)} otherwise (no overflow for large x). */
const eluDerivative = (x: tf.Tensor) => {
  const s = tf.step(x);
  return tf.add(s, tf.mul(tf.sub(1, s), exp(tf.neg(tf.relu(tf.neg(x))))));
};

/**
 * Each activation three ways: its value (plain tfjs op), its derivative f′(x) from the input (for the hand-written
 * backward of first-order.ts), and a version whose derivatives of every order are right (for autodiff).
 */
const ACTIVATIONS: Record<Activation, { value(x: tf.Tensor): tf.Tensor; derivative(x: tf.Tensor): tf.Tensor; differentiable(x: tf.Tensor): tf.Tensor }> = {
  relu: { value: tf.relu, derivative: tf.step, differentiable: tf.relu },
  'leaky-relu': {
    value: (x) => tf.leakyRelu(x, LEAKY_SLOPE),
    derivative: leakyDerivative,
    differentiable: activationFromInput((x) => tf.leakyRelu(x, LEAKY_SLOPE), leakyDerivative),
  },
  tanh: { value: tf.tanh, derivative: (x) => tf.sub(1, tf.square(tf.tanh(x))), differentiable: tanh },
  elu: { value: tf.elu, derivative: eluDerivative, differentiable: activationFromInput(tf.elu, eluDerivative) },
};

/** The activation as a function whose derivatives of every order are right (autodiff, second order included). */
export const differentiableActivation = (activation: Activation): ((x: tf.Tensor) => tf.Tensor) => ACTIVATIONS[activation].differentiable;
/** tanh with a second derivative tfjs 4.22 gets right (see {@link activationFromInput}). */
export const differentiableTanh = tanh;

const activate = (h: tf.Tensor2D, activation: Activation): tf.Tensor2D => ACTIVATIONS[activation].differentiable(h) as tf.Tensor2D;

/** Where one weight lives inside a network's flat parameter vector. */
export interface ParameterSlot {
  readonly name: string;
  readonly shape: readonly number[];
  readonly offset: number;
  readonly size: number;
}

/**
 * An MLP from `input` to `output` units. Its parameters are one flat tf.Variable (`block.tensors[0]`): every
 * weight matrix, bias, γ and β in layer order, laid out by `slots`. One tensor per player makes each of the
 * optimizer's elementwise operations one tfjs kernel per player instead of one per weight (Adam takes 12 per
 * tensor); the network splits the vector into its weights at the start of a forward pass (one `split`, whose
 * gradient is one `concat`).
 */
export class Mlp implements Network {
  readonly kind = 'mlp';
  /** The trainable parameters: one flat Variable. */
  readonly block: TensorBlock;
  /** Running batch-norm statistics of the hidden layers (with batch norm only). */
  readonly stats?: TensorBlock;
  private readonly running?: RunningStats;
  /** The weights inside it, in order: `dense0/kernel`, `dense0/bias` (or `dense0/gamma`, `dense0/beta`), … */
  readonly slots: readonly ParameterSlot[];
  /**
   * 2π·B of the Fourier input ({@link FourierSpec}), [input, samples·features]: for `samples` m > 1 the block
   * diagonal of m copies of one [input/m, features] draw; not a parameter.
   */
  readonly fourierMatrix?: tf.Tensor2D;

  /**
   * `samples` m: the input is m vectors of input/m coordinates side by side (a PacGAN pack, field.ts), and a Fourier
   * input takes the features of each with one B: [x̄, φ(x₁), …, φ(x_m)] (the waves in the order cos x₁B … cos x_mB,
   * sin x₁B … sin x_mB). Features of the packed vector as one would mix the samples' coordinates in every phase; a
   * discriminator on those stayed at chance on grid25 (gan/README.md). m = 1 draws the same B as before packing.
   */
  constructor(
    readonly name: string,
    readonly input: number,
    readonly output: number,
    readonly spec: MlpSpec,
    rng: Rng,
    readonly samples = 1,
  ) {
    if (!Number.isInteger(samples) || samples < 1 || input % samples !== 0) throw new Error(`Mlp ${name}: ${input} inputs do not split into ${samples} samples`);
    const waves = spec.fourier ? 2 * samples * spec.fourier.features : 0;
    if (spec.fourier) {
      const { features, scale } = spec.fourier;
      const d = input / samples;
      const one = rng.fillNormal(new Float32Array(d * features)).map((v) => 2 * Math.PI * scale * v);
      const b = new Float32Array(input * samples * features);
      for (let k = 0; k < samples; k++) {
        for (let i = 0; i < d; i++) b.set(one.subarray(i * features, (i + 1) * features), (k * d + i) * samples * features + k * features);
      }
      this.fourierMatrix = tf.keep(tf.tensor2d(b, [input, samples * features]));
    }
    const widths = [spec.fourier ? waves + (spec.fourier.includeInput ? input : 0) : input, ...spec.hidden, output];
    const slots: ParameterSlot[] = [];
    const chunks: Float32Array[] = [];
    let offset = 0;
    const add = (name: string, shape: number[], values: Float32Array) => {
      slots.push({ name, shape, offset, size: values.length });
      chunks.push(values);
      offset += values.length;
    };
    for (let l = 0; l + 1 < widths.length; l++) {
      const [fanIn, fanOut] = [widths[l], widths[l + 1]];
      const a = Math.sqrt(6 / (fanIn + fanOut));
      add(`dense${l}/kernel`, [fanIn, fanOut], rng.fillUniform(new Float32Array(fanIn * fanOut), -a, a));
      const hidden = l + 2 < widths.length;
      if (hidden && spec.batchNorm) {
        add(`dense${l}/gamma`, [fanOut], new Float32Array(fanOut).fill(1));
        add(`dense${l}/beta`, [fanOut], new Float32Array(fanOut));
      } else {
        add(`dense${l}/bias`, [fanOut], new Float32Array(fanOut));
      }
    }
    const flat = new Float32Array(offset);
    chunks.forEach((c, k) => flat.set(c, slots[k].offset));
    const initial = tf.tensor1d(flat);
    this.block = variableBlock([initial], [`${name}/parameters`]);
    initial.dispose();
    this.slots = slots;
    if (spec.batchNorm && spec.hidden.length > 0) {
      this.running = new RunningStats(spec.hidden);
      this.stats = this.running.block;
    }
  }

  get batchNorm(): boolean {
    return this.spec.batchNorm;
  }

  /** Number of scalar parameters. */
  get size(): number {
    return this.block.size;
  }

  /** The hidden activation's value (a plain tfjs op, for unrecorded forward passes). */
  activationValue(x: tf.Tensor): tf.Tensor {
    return ACTIVATIONS[this.spec.activation].value(x);
  }

  /** The hidden activation's derivative f′ at pre-activations x. */
  activationDerivative(x: tf.Tensor): tf.Tensor {
    return ACTIVATIONS[this.spec.activation].derivative(x);
  }

  /** The weights of a flat parameter vector, shaped (differentiable: split and reshape). */
  weights(flat: tf.Tensor): tf.Tensor[] {
    const parts = tf.split(flat, this.slots.map((s) => s.size));
    return parts.map((p, k) => (this.slots[k].shape.length === 1 ? p : tf.reshape(p, this.slots[k].shape as number[])));
  }

  /**
   * The network at parameters `params` (shaped like `block`: one flat vector) on a batch x of shape [n, input]; batch
   * norm in `mode` (see the module comment), the batch moments pushed to `collect` in train mode.
   */
  apply(params: readonly tf.Tensor[], x: tf.Tensor2D, mode: NetworkMode = 'train', collect?: tf.Tensor[]): tf.Tensor2D {
    const w = this.weights(params[0]);
    const layers = this.spec.hidden.length + 1;
    let h = this.features(this.spec.inputScale === undefined ? x : tf.div(x, this.spec.inputScale));
    let k = 0;
    for (let l = 0; l < layers; l++) {
      const W = w[k++] as tf.Tensor2D;
      const hidden = l + 1 < layers;
      if (hidden && this.spec.batchNorm) {
        const gamma = w[k++];
        const beta = w[k++];
        const u = tf.matMul(h, W);
        const normalized = batchNormalize(u, gamma, beta, [0], { mode, stats: this.running!, layer: l, collect });
        h = activate(normalized as tf.Tensor2D, this.spec.activation);
      } else {
        const bias = w[k++];
        if (!hidden) h = tf.fused.matMul({ a: h, b: W, bias }) as tf.Tensor2D;
        else if (this.spec.activation === 'relu') h = tf.fused.matMul({ a: h, b: W, bias, activation: 'relu' }) as tf.Tensor2D;
        else h = activate(tf.fused.matMul({ a: h, b: W, bias }) as tf.Tensor2D, this.spec.activation);
      }
    }
    return this.spec.outputScale === undefined ? h : tf.mul(h, this.spec.outputScale);
  }

  /** What the first layer reads: x, or its Fourier features [cos 2πxB, sin 2πxB] (after x with `includeInput`); differentiable in x. */
  features(x: tf.Tensor2D): tf.Tensor2D {
    if (!this.fourierMatrix) return x;
    const phase = tf.matMul(x, this.fourierMatrix);
    const waves = [tf.cos(phase) as tf.Tensor2D, tf.sin(phase) as tf.Tensor2D];
    return tf.concat2d(this.spec.fourier!.includeInput ? [x, ...waves] : waves, 1);
  }

  dispose(): void {
    for (const t of this.block.tensors) t.dispose();
    this.running?.dispose();
    this.fourierMatrix?.dispose();
  }
}

/** The latent prior p(z): uniform on [−1, 1]^dim or standard normal, of a chosen dimension. */
export interface LatentSpec {
  readonly prior: 'uniform' | 'gaussian';
  readonly dim: number;
}

/** Draws n latent codes, row-major [n, dim]. */
export function sampleLatent(spec: LatentSpec, n: number, rng: Rng): Float32Array {
  const out = new Float32Array(n * spec.dim);
  return spec.prior === 'uniform' ? rng.fillUniform(out, -1, 1) : rng.fillNormal(out);
}

/** Checks an MLP spec (widths positive integers, a known activation); `where` names it in errors. */
export function checkMlpSpec(where: string, spec: MlpSpec): void {
  spec.hidden.forEach((w, i) => {
    if (!Number.isInteger(w) || w < 1 || w > 4096) throw new InputError(where, `hidden width ${i} must be an integer from 1 to 4096, got ${show(w)}`, ['hidden', i]);
  });
  if (!(activations as readonly string[]).includes(spec.activation)) {
    throw new InputError(where, `unknown activation ${show(spec.activation)} (known: ${activations.join(', ')})`, ['activation']);
  }
  for (const key of ['inputScale', 'outputScale'] as const) {
    const v = spec[key];
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new InputError(where, `${key} must be a positive number, got ${show(v)}`, [key]);
  }
  if (spec.fourier) {
    const { features, scale } = spec.fourier;
    if (!Number.isInteger(features) || features < 1 || features > 1024) throw new InputError(where, `fourier features must be an integer from 1 to 1024, got ${show(features)}`, ['fourier', 'features']);
    if (!(Number.isFinite(scale) && scale > 0)) throw new InputError(where, `fourier scale must be a positive number (cycles per unit of the input), got ${show(scale)}`, ['fourier', 'scale']);
    const { includeInput } = spec.fourier;
    if (includeInput !== undefined && typeof includeInput !== 'boolean') throw new InputError(where, `fourier includeInput must be true or false, got ${show(includeInput)}`, ['fourier', 'includeInput']);
  }
}
