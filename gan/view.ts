/**
 * What the live views of a GAN draw, computed with tfjs and read back once per refresh (issue 6): DOM-free, so the
 * same numbers are drawn by a page and checked by a Node test.
 *
 * For a generator G_θ, a discriminator D_ψ with logits a = D_ψ(x), and the losses of losses.ts:
 * - the **heatmap** is D on a grid of points x_ij of the data space, shown on the scale where the players' target
 *   is visible: σ(D(x)) ∈ (0, 1) for the logistic losses (`gan`, `nsgan`: D's probability that x is real, ½ where it
 *   cannot tell), the raw output D(x) for the others (`lsgan`'s targets are 0 and 1; a Wasserstein or hinge critic
 *   has no probability, its level 0 separates "more real" from "more fake"). {@link decisionScale} says which, and
 *   the level of the contour that marks indifference (½ or 0);
 * - the **manifold** is G on a grid of latent codes in the first one or two latent coordinates (the others 0):
 *   [−1, 1] for the uniform prior, [−2, 2] (±2 standard deviations) for the Gaussian one. Drawn as a deformed grid,
 *   it shows how G folds the latent space onto the data (GAN Lab's "generator transformation");
 * - the **fake samples** are G on a fixed batch of latent codes, drawn once, so that refresh after refresh the same
 *   points move;
 * - the **gradient arrows** on the fake samples x̃_b are each player's loss gradient with respect to that sample:
 *     g^G_b = ∇_{x̃_b} [m·ℓ_G(x̃_1…x̃_m)],   g^D_b = ∇_{x̃_b} [m·ℓ_D(x̃_1…x̃_m)],
 *   where ℓ_D's real-data term does not depend on x̃ and m is the batch size, so g_b is the gradient of the b-th
 *   sample's own term (the mean's 1/m undone). −g^G_b is where the generator's update pushes the sample (by the
 *   chain rule ∇_θ ℓ_G = Σ_b (∂x̃_b/∂θ)ᵀ g^G_b); −g^D_b is how the sample would have to move to lower the
 *   discriminator's loss. For the minimax loss g^G = −g^D; for the non-saturating loss they point the same way
 *   where D rejects the sample (ã → −∞), where the minimax g^G vanishes. Regularizers (R1, R2, instance noise) are
 *   not part of these arrows: they are the losses of losses.ts alone.
 * - the **evaluation numbers**: ℓ_G and ℓ_D on a fixed evaluation batch (fixed real samples and the fixed latent
 *   codes) and the norms ‖∇_θ ℓ_G‖, ‖∇_ψ ℓ_D‖ there, without regularizers: curves that move only because the
 *   networks move, not because the minibatch changed.
 *
 * A packed discriminator (PacGAN, pack m > 1; field.ts) judges m samples at once, so the views read it through the
 * cyclic packs of a batch, P(x)_b = [x_b, x_{b+1}, …, x_{b+m−1}] (indices mod n, {@link cyclicPacks}): every sample
 * sits once in each of the m slots. The losses are taken over D(P(x̃)) and D(P(r)); the arrow of x̃_b is
 * (n/m)·∇_{x̃_b} ℓ(P(x̃)), the mean over the m packs that hold x̃_b of the gradient of that pack's own term (what the
 * sample feels in the pack training puts it in, averaged over where it sits); and the heatmap is D averaged over the
 * slot and over {@link PACKED_COMPANIONS} packs of fake companions, D̄(x) = mean_{j, k} s(D(P(x̃)_k with slot j set
 * to x)), s the decision scale: how D rates x among the generator's samples. For m = 1 each is the unpacked view.
 *
 * {@link ViewProbe} uploads the grids and the fixed batches once, computes everything inside one `tf.tidy`, and
 * reads it back with one `data()` call: the refresh costs one GPU→CPU transfer and leaves the tensor count as it was.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '../src/errors.ts';
import { discriminatorLoss, generatorLoss, type LossName } from './losses.ts';
import type { LatentSpec, Network } from './models.ts';

/** How D is shown: through σ (a probability) or as it is, and the level that means "cannot tell". */
export interface DecisionScale {
  readonly output: 'probability' | 'score';
  readonly level: number;
}

/** σ(D) with level ½ for the logistic losses, D itself with level ½ for lsgan and 0 for the critics. */
export function decisionScale(loss: LossName): DecisionScale {
  if (loss === 'gan' || loss === 'nsgan') return { output: 'probability', level: 0.5 };
  if (loss === 'lsgan') return { output: 'score', level: 0.5 };
  return { output: 'score', level: 0 };
}

/** A rectangle of the data space sampled at nx × ny points (ny = 1 and no y range for 1-D data). */
export interface Grid {
  readonly x: readonly [number, number];
  readonly y?: readonly [number, number];
  readonly nx: number;
  readonly ny: number;
}

/**
 * The grid's points, row-major: point (i, j) (column i, row j) at index j·nx + i, x_i = x₀ + i·(x₁ − x₀)/(nx − 1),
 * y_j likewise from y₀ (bottom) to y₁. One coordinate per point without a y range, two with one.
 */
export function gridPoints(grid: Grid): Float32Array {
  const { nx, ny } = grid;
  if (!(Number.isInteger(nx) && nx >= 2 && Number.isInteger(ny) && ny >= 1)) throw new InputError('view grid', `needs integer nx ≥ 2 and ny ≥ 1, got ${nx} × ${ny}`);
  const at = (r: readonly [number, number], k: number, n: number) => (n === 1 ? r[0] : r[0] + (k * (r[1] - r[0])) / (n - 1));
  const dim = grid.y ? 2 : 1;
  const out = new Float32Array(nx * ny * dim);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const p = (j * nx + i) * dim;
      out[p] = at(grid.x, i, nx);
      if (grid.y) out[p + 1] = at(grid.y, j, ny);
    }
  }
  return out;
}

/** The latent range the manifold covers: [−1, 1] for the uniform prior, [−2, 2] for the Gaussian. */
export const latentSpan = (latent: LatentSpec): number => (latent.prior === 'uniform' ? 1 : 2);

/**
 * n × n latent codes (n for a one-dimensional latent space) on a grid of the first two coordinates over
 * [−s, s]², s = {@link latentSpan}, the other coordinates 0; row-major like {@link gridPoints}.
 */
export function latentGrid(latent: LatentSpec, n: number): Float32Array {
  const s = latentSpan(latent);
  const plane = gridPoints(latent.dim >= 2 ? { x: [-s, s], y: [-s, s], nx: n, ny: n } : { x: [-s, s], nx: n, ny: 1 });
  const used = latent.dim >= 2 ? 2 : 1;
  const count = plane.length / used;
  const out = new Float32Array(count * latent.dim);
  for (let k = 0; k < count; k++) for (let d = 0; d < used; d++) out[k * latent.dim + d] = plane[k * used + d];
  return out;
}

/** What one refresh reads back. Arrays are row-major, `dim` numbers per point. */
export interface ViewFrame {
  /** D on the grid, on its {@link DecisionScale} (σ(D) or D), index j·nx + i. */
  heat: Float32Array;
  /** G on the latent grid. */
  manifold: Float32Array;
  /** G on the fixed latent batch. */
  fake: Float32Array;
  /** ∇_{x̃_b}(m·ℓ_G) and ∇_{x̃_b}(m·ℓ_D) at the fake samples (unregularized losses). */
  gradG: Float32Array;
  gradD: Float32Array;
  /** ℓ_G, ℓ_D on the evaluation batch, and ‖∇_θ ℓ_G‖, ‖∇_ψ ℓ_D‖ there (unregularized losses). */
  lossG: number;
  lossD: number;
  gradNormG: number;
  gradNormD: number;
}

/** The networks and loss a probe reads: a {@link GanTrainer} has all of these. */
export interface ProbedGan {
  readonly generator: Network;
  readonly discriminator: Network;
  /** `pack` as in config.ts: D judges this many samples at once (default 1). */
  readonly config: { readonly loss: LossName; readonly latent: LatentSpec; readonly pack?: number };
}

/** How many packs of fake companions a packed discriminator's heatmap averages over. */
export const PACKED_COMPANIONS = 4;

/**
 * The cyclic packs of a batch: [n, d] → [n, m·d], row b = [x_b, x_{b+1}, …, x_{b+m−1}] with indices mod n, so that
 * each sample sits once in each slot. m = 1 returns x. Slot j is the batch rotated by j: two slices and a
 * concatenation, differentiable on every backend (gather's gradient needs UnsortedSegmentSum, which tfjs-wasm lacks).
 */
export function cyclicPacks(x: tf.Tensor2D, m: number): tf.Tensor2D {
  if (m === 1) return x;
  const [n, d] = x.shape;
  const rotated = (j: number) => (j % n === 0 ? x : tf.concat2d([tf.slice(x, [j % n, 0], [n - (j % n), d]), tf.slice(x, [0, 0], [j % n, d])], 0));
  return tf.concat2d(Array.from({ length: m }, (_, j) => rotated(j)), 1);
}

export interface ProbeSetup {
  /** The data-space grid of the heatmap (its dimension is the data's). */
  grid: Grid;
  /** Points per side of the latent grid. */
  latentSide: number;
  /** The fixed latent codes of the fake samples, row-major [m, latent dim]. */
  noise: Float32Array;
  /** The fixed real samples of the evaluation batch, row-major [r, data dim]. */
  real: Float32Array;
}

/**
 * The view tensors of a GAN at its current parameters, all inside the caller's tidy scope: one flat tensor holding
 * heat, manifold, fake, gradG, gradD and the four evaluation numbers, in that order.
 */
function viewTensor(gan: ProbedGan, inputs: { grid: tf.Tensor2D; latentGrid: tf.Tensor2D; noise: tf.Tensor2D; real: tf.Tensor2D }): tf.Tensor1D {
  const G = gan.generator;
  const D = gan.discriminator;
  const loss = gan.config.loss;
  const theta = G.block.tensors;
  const psi = D.block.tensors;
  // Networks with batch norm are shown as they sample: with their running statistics (a grid is not a batch).
  const g = (params: readonly tf.Tensor[], x: tf.Tensor2D) => G.apply(params, x, G.batchNorm ? 'eval' : 'train');
  const d = (params: readonly tf.Tensor[], x: tf.Tensor2D) => D.apply(params, x, D.batchNorm ? 'eval' : 'train');
  const pack = gan.config.pack ?? 1;
  // D on a batch of samples: on its cyclic packs when D is packed.
  const dOn = (params: readonly tf.Tensor[], x: tf.Tensor2D) => d(params, cyclicPacks(x, pack));
  const shown = (logits: tf.Tensor) => (decisionScale(loss).output === 'probability' ? tf.sigmoid(logits) : logits);
  const manifold = g(theta, inputs.latentGrid);
  const fake = g(theta, inputs.noise);
  const heat = pack === 1 ? shown(d(psi, inputs.grid)) : packedHeat(inputs.grid, cyclicPacks(fake, pack), pack, (x) => shown(d(psi, x)));
  const n = fake.shape[0];
  const realLogits = dOn(psi, inputs.real);
  // Each player's loss as a function of the fake samples alone (the real term of ℓ_D is a constant to x̃).
  const lossGOf = (x: tf.Tensor) => generatorLoss(loss, dOn(psi, x as tf.Tensor2D));
  const lossDOf = (x: tf.Tensor) => discriminatorLoss(loss, realLogits, dOn(psi, x as tf.Tensor2D));
  const gradG = tf.mul(n / pack, tf.grad(lossGOf)(fake));
  const gradD = tf.mul(n / pack, tf.grad(lossDOf)(fake));
  // The parameter gradients on the evaluation batch, and the losses.
  const { value: lossG, grads: gTheta } = tf.variableGrads(() => generatorLoss(loss, dOn(psi, g(theta, inputs.noise))), theta as tf.Variable[]);
  const { value: lossD, grads: gPsi } = tf.variableGrads(
    () => discriminatorLoss(loss, dOn(psi, inputs.real), dOn(psi, fake)),
    psi as tf.Variable[],
  );
  const norm = (grads: tf.NamedTensorMap) => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))));
  return tf.concat([heat, manifold, fake, gradG, gradD, lossG, lossD, norm(gTheta), norm(gPsi)].map((t) => tf.reshape(t, [-1]))) as tf.Tensor1D;
}

/**
 * A packed D's heatmap: for each grid point x ([H, d]), the mean of `shown(D(·))` over the packs `companions`
 * ([n, m·d], the first {@link PACKED_COMPANIONS}) with one slot j < m set to x.
 */
function packedHeat(grid: tf.Tensor2D, companions: tf.Tensor2D, m: number, shown: (x: tf.Tensor2D) => tf.Tensor): tf.Tensor {
  const [h, dim] = grid.shape;
  const k = Math.min(PACKED_COMPANIONS, companions.shape[0]);
  const blocks: tf.Tensor2D[] = [];
  for (let c = 0; c < k; c++) {
    const row = tf.slice(companions, [c, 0], [1, m * dim]);
    for (let j = 0; j < m; j++) {
      const parts = [tf.tile(tf.slice(row, [0, 0], [1, j * dim]), [h, 1]), grid, tf.tile(tf.slice(row, [0, (j + 1) * dim], [1, (m - j - 1) * dim]), [h, 1])];
      blocks.push(tf.concat2d(parts.filter((p) => p.shape[1] > 0) as tf.Tensor2D[], 1));
    }
  }
  return tf.mean(tf.reshape(shown(tf.concat2d(blocks, 0)), [k * m, h]), 0);
}

/**
 * The probe of a live GAN's views: the grids and fixed batches uploaded once (kept until {@link dispose}), and each
 * {@link read} one tidy computation and one read-back.
 */
export class ViewProbe {
  readonly dim: number;
  readonly latentDim: number;
  private readonly inputs: { grid: tf.Tensor2D; latentGrid: tf.Tensor2D; noise: tf.Tensor2D; real: tf.Tensor2D };
  private readonly sizes: { heat: number; manifold: number; fake: number };

  constructor(
    readonly setup: ProbeSetup,
    latent: LatentSpec,
  ) {
    this.dim = setup.grid.y ? 2 : 1;
    this.latentDim = latent.dim;
    const upload = (v: Float32Array, cols: number, what: string) => {
      if (v.length === 0 || v.length % cols !== 0) throw new InputError('view probe', `${what} must hold rows of ${cols} numbers, got ${v.length} numbers`);
      return tf.tensor2d(v, [v.length / cols, cols]);
    };
    const grid = upload(gridPoints(setup.grid), this.dim, 'the grid');
    const lat = latentGrid(latent, setup.latentSide);
    this.inputs = {
      grid,
      latentGrid: upload(lat, latent.dim, 'the latent grid'),
      noise: upload(setup.noise, latent.dim, 'the fixed noise'),
      real: upload(setup.real, this.dim, 'the real batch'),
    };
    const points = (t: tf.Tensor2D) => t.shape[0] * this.dim;
    this.sizes = { heat: grid.shape[0], manifold: points(this.inputs.latentGrid), fake: points(this.inputs.noise) };
  }

  /** The flat view tensor of `gan` (the caller disposes it). */
  private compute(gan: ProbedGan): tf.Tensor1D {
    const pack = gan.config.pack ?? 1;
    if (gan.discriminator.input !== pack * this.dim || gan.config.latent.dim !== this.latentDim) {
      const data = pack === 1 ? gan.discriminator.input : `${gan.discriminator.input / pack} (its D reads packs of ${pack})`;
      throw new InputError('view probe', `made for data dimension ${this.dim} and latent dimension ${this.latentDim}, the GAN has ${data} and ${gan.config.latent.dim}`);
    }
    return tf.tidy(() => viewTensor(gan, this.inputs));
  }

  /** Splits the flat read-back into its parts. */
  private split(flat: Float32Array): ViewFrame {
    const { heat, manifold, fake } = this.sizes;
    let at = 0;
    const take = (n: number) => flat.slice(at, (at += n));
    const frame = { heat: take(heat), manifold: take(manifold), fake: take(fake), gradG: take(fake), gradD: take(fake) };
    const [lossG, lossD, gradNormG, gradNormD] = flat.slice(at, at + 4);
    return { ...frame, lossG, lossD, gradNormG, gradNormD };
  }

  /** One refresh: compute in one tidy, read back once (asynchronously: the page keeps drawing while the GPU works). */
  async read(gan: ProbedGan): Promise<ViewFrame> {
    const t = this.compute(gan);
    try {
      return this.split((await t.data()) as Float32Array);
    } finally {
      t.dispose();
    }
  }

  /** {@link read}, synchronously (Node, tests). */
  readSync(gan: ProbedGan): ViewFrame {
    const t = this.compute(gan);
    try {
      return this.split(t.dataSync() as Float32Array);
    } finally {
      t.dispose();
    }
  }

  dispose(): void {
    tf.dispose(Object.values(this.inputs));
  }
}
