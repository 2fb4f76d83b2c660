/**
 * The DOM-free, tfjs-free half of `<saddle-gan-images>`: its attributes read into a GAN configuration, and the latent
 * codes its views feed the generator, all in one batch (one generator pass and one read-back per refresh).
 *
 * The views, for a generator G of a latent z ∈ ℝᵈ (and, for AC-GAN, a one-hot digit y ∈ {0,1}^K appended):
 * - **sample grid**: G on a fixed batch of codes z₁ … z_n drawn once from the prior, so that from refresh to refresh
 *   the same digits change;
 * - **interpolation** between two fixed codes a and b, at t_k = k/(m − 1), k = 0 … m − 1:
 *     linear  z(t) = (1 − t)·a + t·b                                 (uniform prior: stays in the cube [−1, 1]ᵈ),
 *     slerp   z(t) = sin((1 − t)Ω)/sin Ω · a + sin(tΩ)/sin Ω · b,  cos Ω = a·b/(‖a‖‖b‖)   (Gaussian prior),
 *   the spherical one after White, "Sampling Generative Networks" (2016): a Gaussian code's norm concentrates near
 *   √d, and the straight line's midpoint has norm ≈ √(d/2), a code the generator never saw in training; slerp keeps
 *   the norm when ‖a‖ = ‖b‖ (and moves it monotonically between them otherwise). Both give a at t = 0 and b at t = 1,
 *   exactly; collinear codes (Ω ≈ 0 or π, sin Ω ≈ 0) fall back to the straight line;
 * - **traversal**: for each shown dimension j (a row) and each value v_c (a column) from −s to s (s = 1 for the
 *   uniform prior, 2 for the Gaussian: ±2 standard deviations, the span of gan/view.ts's manifold), the base code
 *   with coordinate j replaced by v_c. A disentangled generator changes one feature of the digit along a row; an
 *   entangled one changes the digit itself (Chen et al., InfoGAN, 2016, show these grids);
 * - **conditional rows** (AC-GAN, Odena et al. 2017): row y holds G(z_c, y) for fixed codes z_c (a column keeps its
 *   code): the digit changes down a column, the style along a row.
 */
import { InputError, show } from '../src/errors.ts';

/** The views that can be switched on and off. */
export const IMAGE_VIEWS = ['grid', 'histogram', 'interpolation', 'traversal', 'conditional'] as const;
export type ImageViewName = (typeof IMAGE_VIEWS)[number];
export const IMAGE_VIEW_LABELS: Record<ImageViewName, string> = {
  grid: 'samples',
  histogram: 'digit histogram',
  interpolation: 'interpolation',
  traversal: 'latent traversal',
  conditional: 'one row per digit',
};

/** The attributes the element reads (strings, as attributes are). */
export interface ImagesAttributes {
  config?: string | null;
  model?: string | null;
  channels?: string | null;
  layers?: string | null;
  loss?: string | null;
  regularizer?: string | null;
  optimizer?: string | null;
  lr?: string | null;
  beta1?: string | null;
  batch?: string | null;
  kd?: string | null;
  latent?: string | null;
  prior?: string | null;
  seed?: string | null;
  digits?: string | null;
  conditional?: string | null;
  views?: string | null;
  samples?: string | null;
  'score-every'?: string | null;
  'score-samples'?: string | null;
  backend?: string | null;
}

export const IMAGES_ATTRIBUTE_NAMES: readonly (keyof ImagesAttributes)[] = [
  'config', 'model', 'channels', 'layers', 'loss', 'regularizer', 'optimizer', 'lr', 'beta1', 'batch', 'kd', 'latent', 'prior', 'seed',
  'digits', 'conditional', 'views', 'samples', 'score-every', 'score-samples', 'backend',
];

/**
 * The attributes that set the GAN's configuration (the others choose views, sizes and the backend). Of these, the
 * ones that change the networks' parameter shapes (or the seed, which names the run) restart training; the rest
 * change live, keeping weights, optimizer state and step (gan/carry-over.ts).
 */
export const CONFIG_ATTRIBUTES = ['config', 'model', 'channels', 'layers', 'loss', 'regularizer', 'optimizer', 'lr', 'beta1', 'batch', 'kd', 'latent', 'prior', 'seed', 'digits', 'conditional'] as const satisfies readonly (keyof ImagesAttributes)[];
export const RESTARTING_ATTRIBUTES: readonly (typeof CONFIG_ATTRIBUTES)[number][] = ['model', 'channels', 'layers', 'latent', 'conditional', 'seed'];

/** Choices the controls offer (the engine accepts more through `config`). */
export const IMAGE_CHOICES = {
  model: ['dcgan', 'mlp'],
  loss: ['nsgan', 'gan', 'lsgan', 'hinge', 'wgan-gp'],
  regularizer: ['none', 'r1', 'r2', 'instance-noise'],
  optimizer: ['adam', 'simgda', 'altgda', 'eg', 'ogda', 'momentum'],
  prior: ['gaussian', 'uniform'],
} as const;

/** What the element needs besides the configuration. */
export interface ImagesSettings {
  /** The configuration for gan/config.ts (the engine validates it). */
  config: Record<string, unknown>;
  views: Set<ImageViewName>;
  /** Samples in the grid (a square number fills the square). */
  samples: number;
  /** Generator steps between two digit histograms. */
  scoreEvery: number;
  /** Samples the classifier reads per histogram. */
  scoreSamples: number;
  backend: string[];
}

/**
 * The defaults, chosen to train visibly on a software GPU: a DCGAN of base width 16 (the engine's 32 is four times
 * the work per convolution), latent dimension 8 (a traversal grid of eight rows), batch 32, Adam with the DCGAN
 * paper's η = 2·10⁻⁴ and β₁ = 0.5 (Radford et al. 2016).
 */
export const IMAGE_DEFAULTS = { model: 'dcgan', channels: 16, layers: [256, 256], lr: 2e-4, beta1: 0.5, batch: 32, latent: 8, samples: 64, scoreEvery: 100, scoreSamples: 500 } as const;

const number = (where: string, v: string, ok: (x: number) => boolean, what: string): number => {
  const x = Number(v.trim());
  if (v.trim() === '' || !Number.isFinite(x) || !ok(x)) throw new InputError(`attribute ${where}`, `expected ${what}, got ${show(v)}`);
  return x;
};
const integer = (where: string, v: string, lo: number, hi: number) => number(where, v, (x) => Number.isInteger(x) && x >= lo && x <= hi, `an integer from ${lo} to ${hi}`);

/**
 * Reads the attributes into the MNIST configuration and the element's settings; a malformed attribute is an
 * InputError naming it. The attributes override the same fields of `config` (JSON, any field of gan/config.ts).
 */
export function readImagesAttributes(a: ImagesAttributes): ImagesSettings {
  let base: Record<string, unknown> = {};
  if (a.config) {
    try {
      base = JSON.parse(a.config) as Record<string, unknown>;
    } catch (e) {
      throw new InputError('attribute config', `is not JSON: ${(e as Error).message}`);
    }
    if (!base || typeof base !== 'object' || Array.isArray(base)) throw new InputError('attribute config', `expected a JSON object, got ${show(base)}`);
  }
  const config: Record<string, unknown> = { loss: 'nsgan', optimizer: 'adam', lr: IMAGE_DEFAULTS.lr, batch: IMAGE_DEFAULTS.batch, metricsEvery: 1_000_000, ...base };
  if (a.model && a.model !== 'dcgan' && a.model !== 'mlp') throw new InputError('attribute model', `expected dcgan or mlp, got ${show(a.model)}`);
  const channels = a.channels ? { channels: integer('channels', a.channels, 1, 128) } : {};
  const layers = a.layers ? { hidden: a.layers.split(',').map((s) => integer('layers', s, 1, 4096)) } : {};
  // Each network is the kind the `model` attribute says, else the kind `config` gives it, else a DCGAN. A spec in
  // `config` of that kind is kept (its kernel, activation, batch norm, widths), `channels` or `layers` overriding.
  const spec = (role: 'generator' | 'discriminator') => {
    const given = base[role] as { kind?: string } | undefined;
    const kind = a.model ?? (given ? (given.kind === 'dcgan' ? 'dcgan' : 'mlp') : IMAGE_DEFAULTS.model);
    if (kind === 'dcgan') return { kind: 'dcgan', channels: IMAGE_DEFAULTS.channels, ...(given?.kind === 'dcgan' ? given : {}), ...channels };
    return { hidden: [...IMAGE_DEFAULTS.layers], activation: 'leaky-relu', ...(given && given.kind !== 'dcgan' ? given : {}), ...layers };
  };
  config.generator = spec('generator');
  config.discriminator = spec('discriminator');
  if (a.loss) config.loss = a.loss.trim();
  if (a.regularizer) config.regularizer = a.regularizer.trim();
  if (a.optimizer) config.optimizer = a.optimizer.trim();
  if (a.lr) {
    const parts = a.lr.split(',').map((s) => number('lr', s, (x) => x > 0, 'one positive learning rate or two (generator, discriminator)'));
    if (parts.length > 2) throw new InputError('attribute lr', `expected one or two learning rates, got ${parts.length}`);
    config.lr = parts.length === 1 ? parts[0] : parts;
  }
  const options = { ...(base.options as object) } as Record<string, unknown>;
  // The DCGAN paper's β₁ unless `config` brings its own options (a loaded checkpoint's, which may be Adam's 0.9).
  if (config.optimizer === 'adam' && base.options === undefined) options.beta1 = IMAGE_DEFAULTS.beta1;
  if (a.beta1) options.beta1 = number('beta1', a.beta1, (x) => x >= 0 && x < 1, 'a number in [0, 1)');
  config.options = options;
  if (a.batch) config.batch = integer('batch', a.batch, 1, 4096);
  if (a.kd) config.kd = integer('kd', a.kd, 1, 100);
  const latent = { prior: 'gaussian', dim: IMAGE_DEFAULTS.latent, ...(base.latent as object) } as Record<string, unknown>;
  if (a.latent) latent.dim = integer('latent', a.latent, 1, 1024);
  if (a.prior) {
    if (a.prior !== 'gaussian' && a.prior !== 'uniform') throw new InputError('attribute prior', `expected gaussian or uniform, got ${show(a.prior)}`);
    latent.prior = a.prior;
  }
  config.latent = latent;
  if (a.seed) config.seed = integer('seed', a.seed, 0, 2 ** 31 - 1);
  const dataset: Record<string, unknown> = { name: 'mnist', ...(typeof base.dataset === 'object' ? (base.dataset as object) : {}) };
  if (a.digits) {
    const digits = a.digits.split(',').map((s) => integer('digits', s, 0, 9));
    if (new Set(digits).size !== digits.length) throw new InputError('attribute digits', `lists a digit twice: ${show(a.digits)}`);
    dataset.digits = digits;
  }
  config.dataset = dataset;
  if (a.conditional !== undefined && a.conditional !== null) {
    if (!['', 'true', 'false'].includes(a.conditional)) throw new InputError('attribute conditional', `expected present (true) or "false", got ${show(a.conditional)}`);
    config.conditional = a.conditional !== 'false';
  }
  const views = new Set<ImageViewName>();
  for (const v of (a.views ?? IMAGE_VIEWS.join(',')).split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(IMAGE_VIEWS as readonly string[]).includes(v)) throw new InputError('attribute views', `unknown view ${show(v)} (known: ${IMAGE_VIEWS.join(', ')})`);
    views.add(v as ImageViewName);
  }
  return {
    config,
    views,
    samples: a.samples ? integer('samples', a.samples, 1, 256) : IMAGE_DEFAULTS.samples,
    scoreEvery: a['score-every'] ? integer('score-every', a['score-every'], 1, 1_000_000) : IMAGE_DEFAULTS.scoreEvery,
    scoreSamples: a['score-samples'] ? integer('score-samples', a['score-samples'], 10, 10_000) : IMAGE_DEFAULTS.scoreSamples,
    backend: (a.backend ?? 'webgl,wasm,cpu').split(',').map((s) => s.trim()).filter(Boolean),
  };
}

/**
 * The attributes that make the element train `config` exactly (a loaded checkpoint's configuration): the whole
 * configuration in `config`, every attribute that would override part of it removed (null). Reading them back with
 * {@link readImagesAttributes} gives a configuration that gan/config.ts completes to `config` itself.
 */
export function attributesOfConfig(config: object): Pick<ImagesAttributes, (typeof CONFIG_ATTRIBUTES)[number]> {
  return { ...Object.fromEntries(CONFIG_ATTRIBUTES.map((n) => [n, null])), config: JSON.stringify(config) };
}

/**
 * `steps` codes from a to b (d numbers each, row-major), t_k = k/(steps − 1): linear or spherical (see the module
 * comment). Row 0 is a and row steps − 1 is b, bit for bit.
 */
export function interpolationLatents(a: ArrayLike<number>, b: ArrayLike<number>, steps: number, kind: 'linear' | 'slerp'): Float32Array {
  const d = a.length;
  if (b.length !== d) throw new RangeError(`interpolationLatents: codes of ${d} and ${b.length} numbers`);
  if (!Number.isInteger(steps) || steps < 2) throw new RangeError(`interpolationLatents: needs at least 2 steps, got ${steps}`);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < d; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  const cos = aa > 0 && bb > 0 ? Math.max(-1, Math.min(1, ab / Math.sqrt(aa * bb))) : 1;
  const omega = Math.acos(cos);
  const spherical = kind === 'slerp' && Math.sin(omega) > 1e-6;
  const out = new Float32Array(steps * d);
  for (let k = 0; k < steps; k++) {
    const t = k / (steps - 1);
    const [wa, wb] = spherical ? [Math.sin((1 - t) * omega) / Math.sin(omega), Math.sin(t * omega) / Math.sin(omega)] : [1 - t, t];
    for (let i = 0; i < d; i++) out[k * d + i] = k === 0 ? a[i] : k === steps - 1 ? b[i] : wa * a[i] + wb * b[i];
  }
  return out;
}

/** `count` values evenly spaced from −span to span (span = 1 for the uniform prior, 2 for the Gaussian). */
export function traversalValues(prior: 'uniform' | 'gaussian', count: number): number[] {
  if (!Number.isInteger(count) || count < 2) throw new RangeError(`traversalValues: needs at least 2 values, got ${count}`);
  const span = prior === 'uniform' ? 1 : 2;
  return Array.from({ length: count }, (_, c) => -span + (2 * span * c) / (count - 1));
}

/**
 * The traversal grid's codes, row-major: row r (dimension dims[r]), column c (value values[c]) is `base` with
 * coordinate dims[r] set to values[c] and every other coordinate kept.
 */
export function traversalLatents(base: ArrayLike<number>, dims: readonly number[], values: readonly number[]): Float32Array {
  const d = base.length;
  for (const j of dims) if (!Number.isInteger(j) || j < 0 || j >= d) throw new RangeError(`traversalLatents: dimension ${j} is not one of 0–${d - 1}`);
  const out = new Float32Array(dims.length * values.length * d);
  dims.forEach((j, r) => {
    values.forEach((v, c) => {
      const at = (r * values.length + c) * d;
      for (let i = 0; i < d; i++) out[at + i] = base[i];
      out[at + j] = v;
    });
  });
  return out;
}

/** The conditional grid's codes: row y (a class), column c the fixed code c; labels[row·columns + c] = y. */
export function conditionalLatents(codes: ArrayLike<number>, dim: number, classes: number): { latents: Float32Array; labels: Uint8Array } {
  const columns = Math.floor(codes.length / dim);
  const latents = new Float32Array(classes * columns * dim);
  const labels = new Uint8Array(classes * columns);
  for (let y = 0; y < classes; y++) {
    for (let c = 0; c < columns; c++) {
      for (let i = 0; i < dim; i++) latents[(y * columns + c) * dim + i] = codes[c * dim + i];
      labels[y * columns + c] = y;
    }
  }
  return { latents, labels };
}

/**
 * The generator's input for codes with labels: each row [z, one-hot(label)] (d + K numbers), as gan/train.ts's
 * `sample` builds it; K = 0 gives the codes unchanged.
 */
export function withOneHot(latents: ArrayLike<number>, dim: number, labels: ArrayLike<number>, classes: number): Float32Array {
  const n = Math.floor(latents.length / dim);
  if (classes === 0) return Float32Array.from(latents);
  if (labels.length !== n) throw new RangeError(`withOneHot: ${n} codes, ${labels.length} labels`);
  const w = dim + classes;
  const out = new Float32Array(n * w);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= classes) throw new RangeError(`withOneHot: label ${y} at ${i} is not a class 0–${classes - 1}`);
    for (let k = 0; k < dim; k++) out[i * w + k] = latents[i * dim + k];
    out[i * w + dim + y] = 1;
  }
  return out;
}

/** One view's images inside the joint batch: rows × columns images from index `offset`. */
export interface BatchPart {
  offset: number;
  rows: number;
  columns: number;
}

/**
 * Lays the views' codes end to end into one batch (one generator pass, one read-back): each part's images follow the
 * previous part's, in the order given. Returns the parts' places and the total count.
 */
export function layoutBatch<K extends string>(parts: readonly (readonly [K, number, number])[]): { parts: Record<K, BatchPart>; count: number } {
  const out = {} as Record<K, BatchPart>;
  let offset = 0;
  for (const [name, rows, columns] of parts) {
    out[name] = { offset, rows, columns };
    offset += rows * columns;
  }
  return { parts: out, count: offset };
}
