/**
 * DCGAN-style convolutional networks for 28 × 28 images (Radford, Metz & Chintala 2016, "Unsupervised Representation
 * Learning with Deep Convolutional GANs"), built from raw tensors like models.ts: one flat parameter Variable per
 * network, a forward pass at any parameters, gradients from tfjs autodiff through `tf.conv2d` and
 * `tf.conv2dTranspose`.
 *
 * With base width c (`channels`), kernel k × k (5), "same" padding and stride 2 (the paper's guidelines: strided
 * convolutions instead of pooling, batch norm, ReLU in G and leaky ReLU (slope 0.2) in D, tanh on G's output):
 *   generator      z ∈ ℝ^d (⊕ one-hot y) → dense → 7·7·2c → [BN] ReLU → reshape 7 × 7 × 2c
 *                  → convᵀ k×k/2 → 14 × 14 × c → [BN] ReLU → convᵀ k×k/2 → 28 × 28 × 1 → tanh → 784
 *   discriminator  784 → 28 × 28 × 1 → conv k×k/2 → 14 × 14 × c → leaky ReLU
 *                  → conv k×k/2 → 7 × 7 × 2c → [BN] leaky ReLU → flatten → dense → 1 (+ K class logits, AC-GAN)
 * No batch norm on G's output or D's input layer, as in the paper; a batch-normalized layer has no bias (β plays its
 * part). Images are row-major 784-vectors in [−1, 1] at the boundary, so the trainer, the field and the metrics see
 * a network as a map between flat vectors, exactly as an MLP. Initialization: Glorot uniform, fan = k²·channels.
 *
 * tfjs-backend-wasm 4.22 has no `Conv2DBackpropFilter` kernel, which the gradient of conv2d (and of conv2dTranspose)
 * with respect to the filter needs. {@link registerWasmFilterGradient} supplies it from wasm's own kernels:
 *   ∂ℓ/∂W[a, b, i, o] = Σ_{n, y, x} x̄[n, s·y + a, s·x + b, i] · δ[n, y, x, o]   (x̄ the padded input, δ = ∂ℓ/∂out),
 * which is a stride-1 convolution with dilation s of x̄ (batch and channel axes swapped: [i, H, W, n]) by δ (as a
 * filter [oh, ow, n, o]), cropped to k × k and transposed to [a, b, i, o]. test/gan/conv.test.ts checks it against
 * the cpu backend's kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { backend_util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { InputError, show } from '../src/errors.ts';
import { batchNormalize, differentiableActivation, differentiableTanh, type Network, type NetworkMode, type ParameterSlot, RunningStats } from './models.ts';
import type { Rng } from './random.ts';
import { TensorBlock, variableBlock } from './tensor-space.ts';

/** A DCGAN network's shape: base width, kernel size, batch norm on the inner layers or not. */
export interface DcganSpec {
  readonly kind: 'dcgan';
  /** Base width c: the first conv of D (last convᵀ of G) has c channels, the other 2c. */
  readonly channels: number;
  /** Kernel size k (odd or even, 2 to 7). */
  readonly kernel: number;
  readonly batchNorm: boolean;
}

/** Image side and channels the DCGAN networks are made for. */
export const IMAGE_SIDE = 28;
const QUARTER = IMAGE_SIDE / 4;

type KernelInputs = { x: TensorInfo; dy: TensorInfo };
type KernelBackend = { disposeData(id: object): void };

/** Runs the wasm kernel `name` on its inputs (a backend kernel calling another, as tfjs's own kernels do). */
function run(name: string, inputs: Record<string, TensorInfo>, attrs: Record<string, unknown>, backend: KernelBackend): TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel) throw new Error(`tfjs-backend-wasm has no ${name} kernel`);
  return kernel.kernelFunc({ inputs, attrs: attrs as never, backend: backend as never }) as TensorInfo;
}

/** Conv2DBackpropFilter for the wasm backend, from Transpose, PadV2, Conv2D (dilated) and Slice; see the module comment. */
const wasmFilterGradient: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const { x, dy } = inputs as unknown as KernelInputs;
    const a = attrs as unknown as { strides: [number, number] | number; pad: backend_util.ExplicitPadding | 'same' | 'valid' | number; dimRoundingMode?: 'floor' | 'round' | 'ceil'; filterShape: [number, number, number, number]; dataFormat?: 'NHWC' | 'NCHW' };
    if (a.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter (wasm): only NHWC');
    const b = backend as unknown as KernelBackend;
    const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode);
    const { top, bottom, left, right } = info.padInfo;
    const made: TensorInfo[] = [];
    const keep = (t: TensorInfo) => (made.push(t), t);
    try {
      const xT = keep(run('Transpose', { x }, { perm: [3, 1, 2, 0] }, b));
      const xPad = keep(run('PadV2', { x: xT }, { paddings: [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]], constantValue: 0 }, b));
      const dyT = keep(run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }, b));
      const conv = keep(
        run('Conv2D', { x: xPad, filter: dyT }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [info.strideHeight, info.strideWidth], dimRoundingMode: undefined }, b),
      );
      const [fh, fw, ci, co] = a.filterShape;
      const cropped = keep(run('Slice', { x: conv }, { begin: [0, 0, 0, 0], size: [ci, fh, fw, co] }, b));
      return run('Transpose', { x: cropped }, { perm: [1, 2, 0, 3] }, b);
    } finally {
      for (const t of made) b.disposeData(t.dataId);
    }
  },
};

/** Registers {@link wasmFilterGradient} unless the wasm backend already has the kernel. Idempotent. */
export function registerWasmFilterGradient(): void {
  if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) tf.registerKernel(wasmFilterGradient);
}
registerWasmFilterGradient();

/** Checks a DCGAN spec; `where` names it in errors. */
export function checkDcganSpec(where: string, spec: DcganSpec): void {
  if (!Number.isInteger(spec.channels) || spec.channels < 1 || spec.channels > 512) throw new InputError(where, `channels must be an integer from 1 to 512, got ${show(spec.channels)}`, ['channels']);
  if (!Number.isInteger(spec.kernel) || spec.kernel < 2 || spec.kernel > 7) throw new InputError(where, `kernel must be an integer from 2 to 7, got ${show(spec.kernel)}`, ['kernel']);
}

const glorot = (rng: Rng, n: number, fanIn: number, fanOut: number) => {
  const a = Math.sqrt(6 / (fanIn + fanOut));
  return rng.fillUniform(new Float32Array(n), -a, a);
};

/**
 * A DCGAN generator (`role: 'generator'`, input = latent dim (+ classes), output 784) or discriminator (input 784,
 * output 1 + classes); see the module comment.
 */
export class Dcgan implements Network {
  readonly kind = 'dcgan';
  readonly block: TensorBlock;
  readonly slots: readonly ParameterSlot[];
  readonly stats?: TensorBlock;
  private readonly running?: RunningStats;
  private readonly leaky = differentiableActivation('leaky-relu');

  constructor(
    readonly name: string,
    readonly role: 'generator' | 'discriminator',
    readonly input: number,
    readonly output: number,
    readonly spec: DcganSpec,
    rng: Rng,
  ) {
    const where = `${role} (dcgan)`;
    checkDcganSpec(where, spec);
    const image = IMAGE_SIDE * IMAGE_SIDE;
    if (role === 'generator' && output !== image) throw new InputError(where, `makes ${IMAGE_SIDE} × ${IMAGE_SIDE} images (${image} numbers), the data has ${output}`);
    if (role === 'discriminator' && input !== image) throw new InputError(where, `reads ${IMAGE_SIDE} × ${IMAGE_SIDE} images (${image} numbers), the data has ${input}`);
    const { channels: c, kernel: k, batchNorm } = spec;
    const slots: ParameterSlot[] = [];
    const chunks: Float32Array[] = [];
    let offset = 0;
    const add = (slot: string, shape: number[], values: Float32Array) => {
      slots.push({ name: slot, shape, offset, size: values.length });
      chunks.push(values);
      offset += values.length;
    };
    const ones = (n: number) => new Float32Array(n).fill(1);
    const inner = 2 * c;
    const dense = QUARTER * QUARTER * inner;
    if (role === 'generator') {
      add('dense/kernel', [input, dense], glorot(rng, input * dense, input, dense));
      if (batchNorm) {
        add('dense/gamma', [inner], ones(inner));
        add('dense/beta', [inner], new Float32Array(inner));
      } else add('dense/bias', [dense], new Float32Array(dense));
      // conv2dTranspose filters are [k, k, out channels, in channels].
      add('deconv0/kernel', [k, k, c, inner], glorot(rng, k * k * c * inner, k * k * inner, k * k * c));
      if (batchNorm) {
        add('deconv0/gamma', [c], ones(c));
        add('deconv0/beta', [c], new Float32Array(c));
      } else add('deconv0/bias', [c], new Float32Array(c));
      add('deconv1/kernel', [k, k, 1, c], glorot(rng, k * k * c, k * k * c, k * k));
      add('deconv1/bias', [1], new Float32Array(1));
    } else {
      add('conv0/kernel', [k, k, 1, c], glorot(rng, k * k * c, k * k, k * k * c));
      add('conv0/bias', [c], new Float32Array(c));
      add('conv1/kernel', [k, k, c, inner], glorot(rng, k * k * c * inner, k * k * c, k * k * inner));
      if (batchNorm) {
        add('conv1/gamma', [inner], ones(inner));
        add('conv1/beta', [inner], new Float32Array(inner));
      } else add('conv1/bias', [inner], new Float32Array(inner));
      add('dense/kernel', [dense, output], glorot(rng, dense * output, dense, output));
      add('dense/bias', [output], new Float32Array(output));
    }
    const flat = new Float32Array(offset);
    chunks.forEach((chunk, i) => flat.set(chunk, slots[i].offset));
    const initial = tf.tensor1d(flat);
    this.block = variableBlock([initial], [`${name}/parameters`]);
    initial.dispose();
    this.slots = slots;
    if (batchNorm) {
      this.running = new RunningStats(role === 'generator' ? [inner, c] : [inner]);
      this.stats = this.running.block;
    }
  }

  get size(): number {
    return this.block.size;
  }

  get batchNorm(): boolean {
    return this.spec.batchNorm;
  }

  /** The weights of a flat parameter vector, by slot name (differentiable: split and reshape). */
  private weights(flat: tf.Tensor): Record<string, tf.Tensor> {
    const parts = tf.split(flat, this.slots.map((s) => s.size));
    return Object.fromEntries(parts.map((p, i) => [this.slots[i].name, this.slots[i].shape.length === 1 ? p : tf.reshape(p, this.slots[i].shape as number[])]));
  }

  apply(params: readonly tf.Tensor[], x: tf.Tensor2D, mode: NetworkMode = 'train', collect?: tf.Tensor[]): tf.Tensor2D {
    const w = this.weights(params[0]);
    const n = x.shape[0];
    const c = this.spec.channels;
    const inner = 2 * c;
    const bn = (u: tf.Tensor, layer: string, index: number, axes: number[]) =>
      batchNormalize(u, w[`${layer}/gamma`], w[`${layer}/beta`], axes, { mode, stats: this.running!, layer: index, collect });
    if (this.role === 'generator') {
      let h: tf.Tensor = tf.matMul(x, w['dense/kernel'] as tf.Tensor2D);
      h = tf.reshape(h, [n, QUARTER, QUARTER, inner]);
      h = tf.relu(this.batchNorm ? bn(h, 'dense', 0, [0, 1, 2]) : tf.add(h, tf.reshape(w['dense/bias'], [QUARTER, QUARTER, inner])));
      h = tf.conv2dTranspose(h as tf.Tensor4D, w['deconv0/kernel'] as tf.Tensor4D, [n, 2 * QUARTER, 2 * QUARTER, c], 2, 'same');
      h = tf.relu(this.batchNorm ? bn(h, 'deconv0', 1, [0, 1, 2]) : tf.add(h, w['deconv0/bias']));
      h = tf.conv2dTranspose(h as tf.Tensor4D, w['deconv1/kernel'] as tf.Tensor4D, [n, IMAGE_SIDE, IMAGE_SIDE, 1], 2, 'same');
      return differentiableTanh(tf.reshape(tf.add(h, w['deconv1/bias']), [n, IMAGE_SIDE * IMAGE_SIDE])) as tf.Tensor2D;
    }
    let h: tf.Tensor = tf.reshape(x, [n, IMAGE_SIDE, IMAGE_SIDE, 1]);
    h = this.leaky(tf.add(tf.conv2d(h as tf.Tensor4D, w['conv0/kernel'] as tf.Tensor4D, 2, 'same'), w['conv0/bias']));
    h = tf.conv2d(h as tf.Tensor4D, w['conv1/kernel'] as tf.Tensor4D, 2, 'same');
    h = this.leaky(this.batchNorm ? bn(h, 'conv1', 0, [0, 1, 2]) : tf.add(h, w['conv1/bias']));
    h = tf.reshape(h, [n, QUARTER * QUARTER * inner]);
    return tf.add(tf.matMul(h as tf.Tensor2D, w['dense/kernel'] as tf.Tensor2D), w['dense/bias']) as tf.Tensor2D;
  }

  dispose(): void {
    tf.dispose(this.block.tensors);
    this.running?.dispose();
  }
}
