/**
 * The heavy half of `<saddle-gan-images>`, loaded by a dynamic `import()` when the element connects: tfjs, the engine
 * (gan/), the shipped MNIST digits and the digit classifier. The backend is the page's, started once by
 * ./gan-trainer-engine.ts (the first GAN element on a page picks it; later ones share it).
 *
 * {@link ImageLab} holds one trainer on MNIST and the fixed codes of the element's views. Its work per animation
 * frame is split as the page needs it:
 * - {@link ImageLab.run}: generator steps, synchronous on cpu and wasm (each one a few ms to a few hundred), only
 *   queued on webgl;
 * - {@link ImageLab.settle}: waits, without holding the page, until the queued steps have run (a one-number
 *   read-back), so the element measures steps per second with the GPU's time included and never queues more than a
 *   budget's worth;
 * - {@link ImageLab.render}: every view's images from one generator pass (batch norm in eval mode, as
 *   gan/train.ts's `sample`) and one asynchronous read-back;
 * - {@link ImageLab.score}: the digit histogram of gan/metrics.ts's `digitScore`, the classifier reading a fixed
 *   batch of codes (the same codes every time, so the histogram moves only because G moves), one read-back.
 * Every tensor made inside is disposed before the promise resolves: the count stays flat from refresh to refresh.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '../src/errors.ts';
import { loadDigitClassifier, type DigitClassifier } from '../gan/classifier.ts';
import type { GanConfig } from '../gan/config.ts';
import { parseGanConfig } from '../gan/config.ts';
import { digitScore, sampleGrid, type DigitScore, type ImageLike } from '../gan/metrics.ts';
import { mnistDigits } from '../gan/mnist.ts';
import { sampleLatent } from '../gan/models.ts';
import { Rng } from '../gan/random.ts';
import { createTrainer, type GanTrainer } from '../gan/train.ts';
import { conditionalLatents, interpolationLatents, layoutBatch, traversalLatents, traversalValues, withOneHot, type BatchPart } from './gan-images-model.ts';

export { pageBackend, liveTensors } from './gan-trainer-engine.ts';
export { carryOver } from '../gan/carry-over.ts';
export { createTrainer } from '../gan/train.ts';
export { loadRun, saveRun } from './kit/checkpoint-io.ts';
export { sampleGrid };

/**
 * Why a checkpoint is not for this element, or undefined when it is: `<saddle-gan-images>` trains on MNIST (its views
 * and classifier read 28 × 28 digits); a checkpoint of `<saddle-gan-trainer>` (2-D data) belongs there.
 */
export function imagesCheckpoint(config: GanConfig): string | undefined {
  const name = typeof config.dataset === 'string' ? config.dataset : config.dataset.name;
  if (name === 'mnist') return undefined;
  return `it was trained on ${name}, not on MNIST digits: a checkpoint of <saddle-gan-trainer> (2-D data), which loads there; <saddle-gan-images> loads MNIST checkpoints only`;
}

/** The shared classifier, loaded once per page. */
let classifier: Promise<DigitClassifier> | undefined;

/**
 * Loads what an MNIST trainer needs (the 10,000 digits, 1.6 MB, and the classifier, 107 kB; each once per page),
 * telling `onStage` what it is waiting for.
 */
export async function loadAssets(onStage: (what: string) => void): Promise<DigitClassifier> {
  onStage('the 10,000 MNIST digits (1.6 MB)');
  await mnistDigits();
  onStage('the digit classifier (107 kB)');
  classifier ??= loadDigitClassifier().catch((e: unknown) => {
    classifier = undefined;
    throw e;
  });
  return classifier;
}

/** The element's configuration validated (gan/config.ts), and on MNIST (the classifier reads digits). */
export function imagesConfig(raw: Record<string, unknown>): GanConfig {
  const config = parseGanConfig(raw);
  const name = typeof config.dataset === 'string' ? config.dataset : config.dataset.name;
  if (name !== 'mnist') throw new InputError('attribute config, dataset', `<saddle-gan-images> trains on mnist, got ${name}`);
  return config;
}

/** How many images each view shows. */
export interface ViewSizes {
  /** Samples of the fixed grid. */
  samples: number;
  /** Images along the interpolation. */
  interpolation: number;
  /** Latent dimensions shown as traversal rows (the first ones), and values per row. */
  traversalDims: number;
  traversalValues: number;
  /** Columns (fixed codes) of the conditional grid. */
  conditionalColumns: number;
}

export const VIEW_SIZES: ViewSizes = { samples: 64, interpolation: 10, traversalDims: 8, traversalValues: 9, conditionalColumns: 10 };

/** The images of one refresh, each view's part of the joint batch (pixels in [−1, 1], 784 per image). */
export interface ImagesFrame {
  step: number;
  pixels: Float32Array;
  parts: Record<'grid' | 'interpolation' | 'traversal' | 'conditional', BatchPart>;
}

/** The label interpolation and traversal hold in an AC-GAN (any fixed digit would do: the grid shows them all). */
export const HELD_DIGIT = 3;

export class ImageLab {
  readonly config: GanConfig;
  readonly classes: number;
  readonly dim: number;
  /** The joint batch of codes and labels of every view (fixed: drawn from the seed once). */
  private readonly input: Float32Array;
  private readonly layout: ReturnType<typeof layoutBatch<'grid' | 'interpolation' | 'traversal' | 'conditional'>>;
  /** The histogram's fixed codes (with their requested labels for an AC-GAN). */
  private readonly scoreInput: Float32Array;
  private readonly scoreLabels?: Uint8Array;

  private constructor(
    readonly trainer: GanTrainer,
    readonly classifier: DigitClassifier,
    sizes: ViewSizes,
    scoreSamples: number,
  ) {
    const config = (this.config = trainer.config);
    const d = (this.dim = config.latent.dim);
    const K = (this.classes = trainer.classes);
    const rng = Rng.derive(config.seed, 'image-views');
    const grid = sampleLatent(config.latent, sizes.samples, rng);
    const ends = sampleLatent(config.latent, 2, rng);
    const interpolation = interpolationLatents(ends.subarray(0, d), ends.subarray(d), sizes.interpolation, config.latent.prior === 'gaussian' ? 'slerp' : 'linear');
    const dims = Array.from({ length: Math.min(d, sizes.traversalDims) }, (_, j) => j);
    const traversal = traversalLatents(ends.subarray(0, d), dims, traversalValues(config.latent.prior, sizes.traversalValues));
    const conditional = K ? conditionalLatents(sampleLatent(config.latent, sizes.conditionalColumns, rng), d, K) : undefined;
    const columns = Math.ceil(Math.sqrt(sizes.samples));
    this.layout = layoutBatch([
      ['grid', Math.ceil(sizes.samples / columns), columns],
      ['interpolation', 1, sizes.interpolation],
      ['traversal', dims.length, sizes.traversalValues],
      ['conditional', K ? K : 0, sizes.conditionalColumns],
    ]);
    // The grid may not fill its last row: the layout counts whole rows, so pad with the first codes.
    const gridCodes = new Float32Array(this.layout.parts.grid.rows * columns * d);
    for (let i = 0; i < gridCodes.length; i++) gridCodes[i] = grid[i % grid.length];
    const codes = new Float32Array(this.layout.count * d);
    codes.set(gridCodes, this.layout.parts.grid.offset * d);
    codes.set(interpolation, this.layout.parts.interpolation.offset * d);
    codes.set(traversal, this.layout.parts.traversal.offset * d);
    if (conditional) codes.set(conditional.latents, this.layout.parts.conditional.offset * d);
    const labels = new Uint8Array(this.layout.count);
    if (K) {
      const { grid: g, interpolation: i, traversal: t, conditional: c } = this.layout.parts;
      for (let k = 0; k < g.rows * g.columns; k++) labels[g.offset + k] = k % K;
      labels.fill(HELD_DIGIT % K, i.offset, i.offset + i.columns);
      labels.fill(HELD_DIGIT % K, t.offset, t.offset + t.rows * t.columns);
      labels.set(conditional!.labels, c.offset);
    }
    this.input = withOneHot(codes, d, labels, K);
    const scoreCodes = sampleLatent(config.latent, scoreSamples, Rng.derive(config.seed, 'image-score'));
    this.scoreLabels = K ? Uint8Array.from({ length: scoreSamples }, (_, i) => i % K) : undefined;
    this.scoreInput = withOneHot(scoreCodes, d, this.scoreLabels ?? new Uint8Array(scoreSamples), K);
  }

  /**
   * A lab for `raw` on the active backend: the configuration is validated, the data set must be MNIST (the classifier
   * reads digits), and a bad configuration is an InputError with nothing left allocated.
   */
  static create(raw: Record<string, unknown>, classifier: DigitClassifier, sizes: ViewSizes, scoreSamples: number): ImageLab {
    return new ImageLab(createTrainer(imagesConfig(raw)), classifier, sizes, scoreSamples);
  }

  /**
   * A lab around a trainer that already exists (a live change carried over, a loaded checkpoint, new view sizes):
   * the lab takes the trainer over (its dispose frees it). An old lab of the same trainer holds no tensor of its own
   * and is simply dropped.
   */
  static around(trainer: GanTrainer, classifier: DigitClassifier, sizes: ViewSizes, scoreSamples: number): ImageLab {
    return new ImageLab(trainer, classifier, sizes, scoreSamples);
  }

  get step(): number {
    return this.trainer.step;
  }

  get backend(): string {
    return this.trainer.backend;
  }

  /** Takes up to `maxSteps` generator steps, stopping once `budgetMs` is spent (at least one). Returns the count. */
  run(maxSteps: number, budgetMs = Infinity): number {
    const t0 = performance.now();
    let n = 0;
    while (n < maxSteps && (n === 0 || performance.now() - t0 < budgetMs)) {
      this.trainer.iterate();
      n++;
    }
    return n;
  }

  /** Resolves when the steps queued so far have run (one number read back); no-op cost on cpu and wasm. */
  async settle(): Promise<void> {
    const one = tf.tidy(() => tf.slice(this.trainer.generator.block.tensors[0], 0, 1));
    try {
      await one.data();
    } finally {
      one.dispose();
    }
  }

  /** Every view's images, one generator pass and one read-back. */
  async render(): Promise<ImagesFrame> {
    const step = this.step;
    const G = this.trainer.generator;
    const out = tf.tidy(() => G.apply(G.block.tensors, tf.tensor2d(this.input, [this.layout.count, this.dim + this.classes]), 'eval'));
    try {
      return { step, pixels: (await out.data()) as Float32Array, parts: this.layout.parts };
    } finally {
      out.dispose();
    }
  }

  /**
   * The digit histogram of the fixed score codes: G's images mapped from [−1, 1] to [0, 1], clipped, read by the
   * classifier (as its `predict` does), scored by gan/metrics.ts's `digitScore` (histogram, entropy, digits captured;
   * for an AC-GAN the share read as the digit asked for). One read-back.
   */
  async score(): Promise<DigitScore & { step: number; samples: number }> {
    const step = this.step;
    const G = this.trainer.generator;
    const n = this.scoreInput.length / (this.dim + this.classes);
    const predicted = tf.tidy(() => {
      const images = G.apply(G.block.tensors, tf.tensor2d(this.scoreInput, [n, this.dim + this.classes]), 'eval');
      const x = tf.clipByValue(tf.mul(tf.add(images, 1), 0.5), 0, 1) as tf.Tensor2D;
      return tf.argMax(this.classifier.logits(x), 1);
    });
    let labels: Int32Array;
    try {
      labels = (await predicted.data()) as Int32Array;
    } finally {
      predicted.dispose();
    }
    return { ...digitScore(labels, this.scoreLabels, this.classifier.classes), step, samples: n };
  }

  dispose(): void {
    this.trainer.dispose();
  }
}

/** One view's images tiled (gan/metrics.ts's `sampleGrid`), rows × columns, 1 pixel of background between them. */
export function tile(frame: ImagesFrame, part: BatchPart, pad = 1): ImageLike {
  const size = 28 * 28;
  const pixels = frame.pixels.subarray(part.offset * size, (part.offset + part.rows * part.columns) * size);
  return sampleGrid(pixels, 28, { columns: part.columns, pad, range: '[-1,1]' });
}
