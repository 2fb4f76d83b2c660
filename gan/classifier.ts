/**
 * The digit classifier that scores a generator's MNIST samples (issue 5 §4): a small convolutional network, trained
 * once on the shipped digits (mnist.ts) with a fixed seed and shipped as `assets/digit-classifier.bin.gz`, made by
 * `npm run data:classifier`.
 *
 * Network (LeCun et al. 1998 in spirit; strided convolutions instead of pooling), on 28 × 28 images in [0, 1]:
 *   conv 5×5/2, 16 channels, ReLU → 14 × 14 × 16 → conv 5×5/2, 32 channels, ReLU → 7 × 7 × 32 → dense → 10 logits,
 * 28,938 parameters. Training: Adam (η = 10⁻³), batch 64, {@link CLASSIFIER_EPOCHS} epochs over the training part
 * of the seeded stratified split {@link CLASSIFIER_SPLIT} (80% / 20%), the cross-entropy of softmax(logits);
 * initialization Glorot uniform from the seed. Its accuracy on the held-out 20% (2,000 digits it never saw) is
 * measured by test/gan/classifier.test.ts.
 *
 * Asset format, gzip-compressed as a whole: the ASCII magic `SDCL`, the format version (uint32 LE), the parameter
 * count (uint32 LE), then that many float32 LE: the flat parameter vector in the order of {@link CLASSIFIER_SLOTS}.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '../src/errors.ts';
import { registerWasmFilterGradient } from './conv.ts';
import { mnistBatch, mnistLabels, readAsset, type Mnist, type PixelRange } from './mnist.ts';
import type { ParameterSlot } from './models.ts';
import { Rng } from './random.ts';

export const CLASSIFIER_MAGIC = 'SDCL';
export const CLASSIFIER_VERSION = 1;
export const CLASSIFIER_ASSET_URL = new URL('./assets/digit-classifier.bin.gz', import.meta.url);
/** The held-out split the shipped classifier was trained without: splitMnist(data, 0.2, 1). */
export const CLASSIFIER_SPLIT = { testFraction: 0.2, seed: 1 } as const;
export const CLASSIFIER_EPOCHS = 8;
const SIDE = 28;
const WHERE = 'digit classifier';

/** The layout of the flat parameter vector. */
export const CLASSIFIER_SLOTS: readonly ParameterSlot[] = (() => {
  const shapes: [string, number[]][] = [
    ['conv0/kernel', [5, 5, 1, 16]],
    ['conv0/bias', [16]],
    ['conv1/kernel', [5, 5, 16, 32]],
    ['conv1/bias', [32]],
    ['dense/kernel', [7 * 7 * 32, 10]],
    ['dense/bias', [10]],
  ];
  let offset = 0;
  return shapes.map(([name, shape]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const slot = { name, shape, offset, size };
    offset += size;
    return slot;
  });
})();
const PARAMETERS = CLASSIFIER_SLOTS.reduce((n, s) => n + s.size, 0);
// Training on wasm needs the filter gradient tfjs-backend-wasm lacks (conv.ts).
registerWasmFilterGradient();

/** A 10-way digit classifier on 784-pixel images; owns one flat Variable. */
export class DigitClassifier {
  readonly inputSize = SIDE * SIDE;
  readonly classes = 10;
  readonly parameters: tf.Variable;

  /** From a flat parameter vector laid out by {@link CLASSIFIER_SLOTS} (copied). */
  constructor(values: Float32Array) {
    if (values.length !== PARAMETERS) throw new InputError(WHERE, `expected ${PARAMETERS} parameters, got ${values.length}`);
    this.parameters = tf.variable(tf.tensor1d(values), true);
  }

  /** Glorot-uniform initial weights from a seed, zero biases. */
  static initial(seed: number): DigitClassifier {
    const rng = Rng.derive(seed, 'digit-classifier');
    const values = new Float32Array(PARAMETERS);
    for (const s of CLASSIFIER_SLOTS) {
      if (s.shape.length === 1) continue;
      const receptive = s.shape.length === 4 ? s.shape[0] * s.shape[1] : 1;
      const fanIn = receptive * s.shape.at(-2)!;
      const fanOut = receptive * s.shape.at(-1)!;
      const a = Math.sqrt(6 / (fanIn + fanOut));
      rng.fillUniform(values.subarray(s.offset, s.offset + s.size), -a, a);
    }
    return new DigitClassifier(values);
  }

  /** Logits [n, 10] of images x ([n, 784], pixels in [0, 1]) at parameters `flat` (differentiable). */
  logits(x: tf.Tensor2D, flat: tf.Tensor = this.parameters): tf.Tensor2D {
    const parts = tf.split(flat, CLASSIFIER_SLOTS.map((s) => s.size));
    const w = parts.map((p, i) => tf.reshape(p, CLASSIFIER_SLOTS[i].shape as number[]));
    const n = x.shape[0];
    let h: tf.Tensor = tf.reshape(x, [n, SIDE, SIDE, 1]);
    h = tf.relu(tf.add(tf.conv2d(h as tf.Tensor4D, w[0] as tf.Tensor4D, 2, 'same'), w[1]));
    h = tf.relu(tf.add(tf.conv2d(h as tf.Tensor4D, w[2] as tf.Tensor4D, 2, 'same'), w[3]));
    return tf.add(tf.matMul(tf.reshape(h, [n, 7 * 7 * 32]), w[4] as tf.Tensor2D), w[5]) as tf.Tensor2D;
  }

  /**
   * The predicted digit of each image of `pixels` (row-major, 784 per image) in `range` ([0, 1] or [−1, 1], mapped to
   * [0, 1] first), in batches of 500; reads back once per batch. Non-finite pixels are an InputError.
   */
  predict(pixels: Float32Array, range: PixelRange = '[0,1]'): Uint8Array {
    const size = this.inputSize;
    if (pixels.length % size !== 0) throw new InputError(WHERE, `expected images of ${size} pixels, got ${pixels.length} numbers`);
    const n = pixels.length / size;
    const out = new Uint8Array(n);
    for (let start = 0; start < n; start += 500) {
      const m = Math.min(500, n - start);
      const chunk = pixels.subarray(start * size, (start + m) * size);
      const p = tf.tidy(() => {
        let x: tf.Tensor2D = tf.tensor2d(chunk, [m, size]);
        if (range === '[-1,1]') x = tf.mul(tf.add(x, 1), 0.5);
        return tf.argMax(this.logits(tf.clipByValue(x, 0, 1) as tf.Tensor2D), 1);
      });
      out.set(p.dataSync(), start);
      p.dispose();
    }
    return out;
  }

  /** The fraction of the images at `indices` of `data` whose digit it predicts correctly. */
  accuracy(data: Mnist, indices: ArrayLike<number>): number {
    const predicted = this.predict(mnistBatch(data, indices));
    const labels = mnistLabels(data, indices);
    let right = 0;
    for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
    return labels.length === 0 ? 0 : right / labels.length;
  }

  /** The asset's uncompressed bytes (see the module comment). */
  toBytes(): Uint8Array {
    const values = this.parameters.dataSync() as Float32Array;
    const out = new Uint8Array(12 + 4 * values.length);
    const view = new DataView(out.buffer);
    for (let i = 0; i < 4; i++) out[i] = CLASSIFIER_MAGIC.charCodeAt(i);
    view.setUint32(4, CLASSIFIER_VERSION, true);
    view.setUint32(8, values.length, true);
    for (let i = 0; i < values.length; i++) view.setFloat32(12 + 4 * i, values[i], true);
    return out;
  }

  /** A classifier from the asset's uncompressed bytes; every inconsistency is an InputError. */
  static fromBytes(bytes: Uint8Array): DigitClassifier {
    if (bytes.length < 12) throw new InputError(WHERE, `truncated: ${bytes.length} bytes, shorter than the 12-byte header`);
    const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
    if (magic !== CLASSIFIER_MAGIC) throw new InputError(WHERE, `not a digit classifier: expected the magic ${JSON.stringify(CLASSIFIER_MAGIC)}, got ${JSON.stringify(magic)}`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const version = view.getUint32(4, true);
    if (version !== CLASSIFIER_VERSION) throw new InputError(WHERE, `unsupported format version ${version} (this reader knows ${CLASSIFIER_VERSION})`);
    const count = view.getUint32(8, true);
    if (count !== PARAMETERS) throw new InputError(WHERE, `holds ${count} parameters, this network has ${PARAMETERS}`);
    if (bytes.length !== 12 + 4 * count) throw new InputError(WHERE, `expected ${12 + 4 * count} bytes, got ${bytes.length} (truncated or trailing data)`);
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = view.getFloat32(12 + 4 * i, true);
    if (!values.every(Number.isFinite)) throw new InputError(WHERE, 'holds non-finite parameters (corrupted)');
    return new DigitClassifier(values);
  }

  dispose(): void {
    this.parameters.dispose();
  }
}

/** Loads the shipped classifier (or one from `source`), in Node or the browser (see mnist.ts `readAsset`). */
export async function loadDigitClassifier(source: string | URL = CLASSIFIER_ASSET_URL): Promise<DigitClassifier> {
  return DigitClassifier.fromBytes(await readAsset(source, WHERE));
}

/**
 * Trains a classifier from its seeded initial weights on the images at `train`: Adam (tfjs's), batch 64, the
 * cross-entropy of softmax, `epochs` passes in a seeded shuffled order. `onEpoch` gets each epoch's mean loss (read
 * back once per epoch).
 */
export function trainDigitClassifier(
  data: Mnist,
  train: ArrayLike<number>,
  options: { seed: number; epochs?: number; batch?: number; lr?: number; onEpoch?(epoch: number, loss: number): void },
): DigitClassifier {
  const { seed, epochs = CLASSIFIER_EPOCHS, batch = 64, lr = 1e-3 } = options;
  const net = DigitClassifier.initial(seed);
  const optimizer = tf.train.adam(lr);
  const rng = Rng.derive(seed, 'digit-classifier-order');
  const order = Array.from(train);
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      let total = tf.scalar(0);
      for (let start = 0; start + batch <= order.length; start += batch) {
        const idx = order.slice(start, start + batch);
        const x = tf.tensor2d(mnistBatch(data, idx), [batch, SIDE * SIDE]);
        const y = tf.oneHot(tf.tensor1d(mnistLabels(data, idx), 'int32'), 10);
        const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, net.logits(x)) as tf.Scalar, true, [net.parameters])!;
        const next = tf.add(total, loss) as tf.Scalar;
        tf.dispose([x, y, loss, total]);
        total = next;
      }
      const steps = Math.floor(order.length / batch);
      options.onEpoch?.(epoch, total.dataSync()[0] / steps);
      total.dispose();
    }
  } finally {
    optimizer.dispose();
  }
  return net;
}
