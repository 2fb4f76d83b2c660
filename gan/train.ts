/**
 * The training loop: a GAN trained by any optimizer of src/optim, unchanged, over the tensor space.
 *
 * One *step* of the trainer is one generator update: with kD discriminator steps per generator step it runs kD − 1
 * discriminator-only steps, then one step of the optimizer on both players (simultaneous or alternating, as the
 * optimizer's scheme says), each on a fresh minibatch. With an optimizer per player (`optimizer: 'adam,simgda'`, src/optim
 * per-player.ts) the generator runs its rule and the discriminator its own within that one joint step; play
 * alternates when either asks for it. A discriminator-only step is the discriminator's rule restricted to the
 * discriminator's block, sharing its slots with the joint optimizer (momentum, Adam's moments and step count,
 * optimistic's previous gradient), with the generator held fixed: so `adam` with kD = 5 is the WGAN recipe of five
 * critic updates per generator update. Iterate averaging is updated once per step.
 *
 * Learning-rate schedule (`config.lrDecay`, {@link lrFactor}): the rules of src/optim close over their step size, and
 * their state (moments, counts, averages) is plain data apart from them (OptState). So a new η is applied the clean
 * way: the rule is made again with η·m(t) and keeps stepping on the same state; nothing is rescaled, and with
 * Adam the moments and bias correction carry on as if η had always been the new one. It is remade only when m(t)
 * changes, and m depends only on the step count, so a checkpointed run resumes on the same schedule.
 *
 * Averaging (`options.average: 'ema' | 'uniform'`): the optimizer's readout, not the last iterate, is what the
 * metrics score: {@link GanTrainer.sample} and {@link GanTrainer.score} run the averaged generator weights
 * (an EMA of the generator sharpens its samples: Yazıcı et al. 2019, "The Unusual Effectiveness of Averaging in GAN
 * Training"). Training itself runs on the last iterate, as the optimizer says.
 *
 * Discipline, as the issue demands:
 * - nothing is read back to the CPU during a step; losses and gradient norms are read every `metricsEvery` steps
 *   (and after the last), and that read is also where a non-finite loss is caught: training stops with a message and
 *   the parameters of the last check that was finite are put back;
 * - every step leaves the number of live tensors as it found it (after the first steps, in which optimizers create
 *   their state);
 * - the same configuration, seed and backend give the same numbers: all randomness is drawn from seeded streams in
 *   JavaScript (random.ts), one stream per purpose, so reading metrics more or less often changes nothing.
 * - a bad configuration (unknown data set, loss or optimizer, a negative learning rate, an optimizer that needs a
 *   capability the GAN field lacks, a network whose second derivatives tfjs cannot take) is an InputError raised by
 *   {@link createTrainer} before training starts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '../src/errors.ts';
import type { Field } from '../src/field.ts';
import { createOptimizer, createPlayerOptimizer, disposeState, type Optimizer, type OptState } from '../src/optim/index.ts';
import { blocks } from '../src/space.ts';
import { checkSecondOrder, SecondOrderError } from './autodiff-field.ts';
import { parseGanConfig, type GanConfig, type GanConfigInput } from './config.ts';
import type { DigitClassifier } from './classifier.ts';
import { Dcgan, IMAGE_SIDE } from './conv.ts';
import { createDataset, type Dataset } from './data.ts';
import { checkPacking, ganField, type GanField } from './field.ts';
import { digitScore, MODE_SAMPLES, modeScore, randomDirections, slicedWasserstein, type DigitScore, type ModeScore } from './metrics.ts';
import { createMnistDataset, isLabelled, loadedMnistDigits, mnistDigits } from './mnist.ts';
import { checkMlpSpec, Mlp, sampleLatent, type MlpSpec, type Network } from './models.ts';
import { Rng } from './random.ts';
import { TensorBlock, tensorSpace } from './tensor-space.ts';

/** What is read back every `metricsEvery` steps. */
export interface StepMetrics {
  step: number;
  /** ℓ_G and ℓ_D on the last minibatch. */
  lossG: number;
  lossD: number;
  /** ‖∇_θ ℓ_G‖ and ‖∇_ψ ℓ_D‖ on the last minibatch. */
  gradNormG: number;
  gradNormD: number;
}

export interface TrainResult {
  /** Generator steps completed with finite losses (the parameters kept are those of step `steps`). */
  steps: number;
  /** Generator steps per second over the run, metrics reads included. */
  stepsPerSecond: number;
  /** Every metrics read, in order. */
  history: StepMetrics[];
  /** Present when training stopped on a non-finite loss. */
  stopped?: { atStep: number; keptStep: number; message: string };
}

export interface TrainOptions {
  onMetrics?(m: StepMetrics): void;
  /** Called every `progressEvery` steps (no read-back). */
  onProgress?(step: number): void;
  progressEvery?: number;
}

/** The random streams a trainer draws from after construction, by the name they are derived under. */
export const STREAMS = ['data', 'latent', 'noise', 'metrics-latent', 'metrics-data'] as const;
export type StreamName = (typeof STREAMS)[number];

/** Optimizers whose rule needs what the GAN field cannot give. */
const UNSUPPORTED: Record<string, string> = {
  sga: 'Jacobian-vector products J·v (forward mode), which tfjs does not provide; consensus uses Jᵀv only',
  proximal: 'an implicit-step solver, which the GAN field does not provide',
};

/** Does this configuration differentiate gradients (double backpropagation)? */
function secondOrderUse(config: GanConfig): string | undefined {
  const differentiate = config.options.differentiate;
  if (config.optimizer === 'consensus') return 'the consensus optimizer (Jᵀξ)';
  if (config.optimizer === 'unrolled' && differentiate !== false && differentiate !== 'false') return 'the unrolled optimizer (backpropagation through the unrolled steps)';
  if (config.loss === 'wgan-gp') return 'the wgan-gp gradient penalty';
  if (config.regularizer === 'r1' || config.regularizer === 'r2') return `the ${config.regularizer} gradient penalty`;
  return undefined;
}

/**
 * The learning-rate factor m(t) of a schedule (config.ts `lrDecay`) for the generator step after t completed ones:
 * 1 before `start`, `to` from `end` on; in between linear, cosine or a step (a step jumps at `start`). 1 without a
 * schedule. Always in [min(to, 1), 1], non-increasing in t.
 */
export function lrFactor(decay: GanConfig['lrDecay'], t: number): number {
  if (!decay || t < decay.start) return 1;
  if (decay.shape === 'step' || t >= decay.end) return decay.to;
  const u = (t - decay.start) / (decay.end - decay.start);
  return decay.shape === 'linear' ? 1 + (decay.to - 1) * u : decay.to + ((1 - decay.to) * (1 + Math.cos(Math.PI * u))) / 2;
}

/** η scaled by m: a number or one per player. */
function scaledLr(lr: GanConfig['lr'], m: number): number | number[] {
  return typeof lr === 'number' ? lr * m : lr.map((v) => v * m);
}

/** Relocates an InputError from a registry (optimizer options) under the config key it came from. */
function under(key: string, e: unknown): never {
  if (e instanceof InputError) throw new InputError(`gan config, ${key}: ${e.where}`, e.what, [key, ...(e.path ?? [])], e.at);
  throw e;
}

/** The data set a configuration names: `mnist` from the shared digits (mnistDigits() must have loaded them). */
export function resolveDataset(spec: GanConfig['dataset']): Dataset {
  const s = typeof spec === 'string' ? { name: spec } : spec;
  if (s.name !== 'mnist') return createDataset(s);
  const digits = loadedMnistDigits();
  if (!digits) throw new InputError('dataset mnist', 'the digits are not loaded yet: await mnistDigits() (gan/mnist.ts) or prepareTrainer() first');
  return createMnistDataset(s, digits);
}

/**
 * A generator or discriminator as its spec says: an MLP, or a DCGAN network (28 × 28 images only). `samples` > 1: an
 * MLP that reads that many samples packed (its Fourier input is per sample).
 */
function makeNetwork(role: 'generator' | 'discriminator', spec: GanConfig['generator'], input: number, output: number, rng: Rng, samples = 1): Network {
  if (spec.kind === 'dcgan') return new Dcgan(role, role, input, output, spec, rng);
  return new Mlp(role, input, output, spec as MlpSpec, rng, samples);
}

export class GanTrainer {
  readonly data: Dataset;
  readonly generator: Network;
  readonly discriminator: Network;
  /** Conditional (AC-GAN): the number of classes the generator is conditioned on; 0 otherwise. */
  readonly classes: number;
  readonly field: GanField;
  readonly state: OptState<TensorBlock>;
  /** The tfjs backend the trainer runs on. */
  readonly backend: string;
  /** Generator steps taken. */
  step = 0;
  /** The seeded streams that advance during training and scoring (a checkpoint saves their positions). */
  readonly streams: Record<StreamName, Rng>;
  private readonly discriminatorOnly?: { optimizer: Optimizer; field: Field<TensorBlock>; scratch: TensorBlock[] };
  /** The joint optimizer, made for the learning-rate factor {@link lrScale}. */
  private joint: Optimizer;
  /** The factor m(t) the optimizers were last made with. */
  private lrScale = 1;
  private readonly metricsRng: { latent: Rng; data: Rng; directions: number };
  private gradScratch: TensorBlock[];

  /** Use {@link createTrainer}, which validates first. */
  constructor(readonly config: GanConfig) {
    this.backend = tf.getBackend();
    this.data = resolveDataset(config.dataset);
    const seed = config.seed;
    this.streams = Object.fromEntries(STREAMS.map((name) => [name, Rng.derive(seed, name)])) as Record<StreamName, Rng>;
    this.classes = config.conditional && isLabelled(this.data) ? this.data.classes : 0;
    const K = this.classes;
    this.generator = makeNetwork('generator', config.generator, config.latent.dim + K, this.data.dim, Rng.derive(seed, 'generator'));
    this.discriminator = makeNetwork('discriminator', config.discriminator, this.data.dim * config.pack, 1 + K, Rng.derive(seed, 'discriminator'), config.pack);
    this.field = ganField({
      ...(K ? { conditional: { classes: K, weight: config.classWeight } } : {}),
      generator: this.generator,
      discriminator: this.discriminator,
      data: this.data,
      latent: config.latent,
      loss: { name: config.loss, clip: config.clip, gpWeight: config.gpWeight },
      regularizer: { name: config.regularizer, gamma: config.gamma, sigma: config.sigma },
      batch: config.batch,
      pack: config.pack,
      firstOrder: secondOrderUse(config) === undefined,
      rng: { data: this.streams.data, latent: this.streams.latent, noise: this.streams.noise },
    });
    const options = { ...config.options, lr: config.lr };
    this.joint = createOptimizer(config.optimizer, options, 2);
    const z = this.z;
    this.state = this.joint.init(tensorSpace, z);
    this.gradScratch = blocks.zerosLike(tensorSpace, z);
    if (config.kd > 1) this.discriminatorOnly = this.restrictToDiscriminator(options);
    this.metricsRng = { latent: this.streams['metrics-latent'], data: this.streams['metrics-data'], directions: Rng.derive(seed, 'directions').int(2 ** 31) };
  }

  /** The optimizer on both players, at the learning rate of the current step of the schedule. */
  get optimizer(): Optimizer {
    return this.joint;
  }

  /**
   * The generator weights the metrics read: the optimizer's readout (the averaged iterate) when it averages, else
   * the generator's own Variable.
   */
  get scoredGenerator(): TensorBlock {
    return this.joint.readout ? (this.joint.readout(this.z, this.state)[0] as TensorBlock) : this.generator.block;
  }

  /**
   * Sets γ from its schedule, and remakes the optimizers when the η schedule's factor for the coming step differs
   * from the one they have.
   */
  private followSchedule(): void {
    if (this.config.gammaDecay) this.field.setGamma(this.config.gamma * lrFactor(this.config.gammaDecay, this.step));
    const m = lrFactor(this.config.lrDecay, this.step);
    if (m === this.lrScale) return;
    this.lrScale = m;
    const options = { ...this.config.options, lr: scaledLr(this.config.lr, m) };
    this.joint = createOptimizer(this.config.optimizer, options, 2);
    if (this.discriminatorOnly) this.discriminatorOnly.optimizer = this.discriminatorOptimizer(options);
  }

  /** The joint parameters [θ, ψ]: the networks' own Variables. */
  get z(): TensorBlock[] {
    return [this.generator.block, this.discriminator.block];
  }

  /**
   * The optimizer restricted to the discriminator: the same rule made for one player with the discriminator's
   * options, stepping on a one-player view of the field (the generator fixed) and on the discriminator's slots.
   */
  private restrictToDiscriminator(options: Record<string, unknown>) {
    const optimizer = this.discriminatorOptimizer(options);
    const field = this.field;
    const g = this.generator.block;
    const scratch = [tensorSpace.zerosLike(g), tensorSpace.zerosLike(g)];
    const [zeroG, outG] = scratch;
    const view: Field<TensorBlock> = {
      players: 1,
      grad: (zv, out) => field.grad([g, zv[0]], [outG, out[0]], 1),
      vjp: (zv, w, out) => field.vjp!([g, zv[0]], [zeroG, w[0]], [outG, out[0]]),
    };
    if (field.project) view.project = (zv) => field.project!([g, zv[0]]);
    return { optimizer, field: view, scratch };
  }

  /**
   * The discriminator's optimizer made for it alone (its name in a per-player pair), with its options (its η, its
   * `nd` for altgda), no averaging: src/optim createPlayerOptimizer.
   */
  private discriminatorOptimizer(options: Record<string, unknown>): Optimizer {
    return createPlayerOptimizer(this.config.optimizer, options, 2, 1);
  }

  /** One generator step: kD − 1 discriminator-only steps, then one joint step, each on a fresh minibatch. */
  iterate(): void {
    this.followSchedule();
    const z = this.z;
    if (this.discriminatorOnly) {
      const { optimizer, field } = this.discriminatorOnly;
      for (let k = 1; k < this.config.kd; k++) {
        this.field.resample();
        const view: OptState<TensorBlock> = {
          t: this.state.t,
          counts: [this.state.counts[1]],
          slots: Object.fromEntries(Object.entries(this.state.slots).map(([name, b]) => [name, [b[1]]])),
        };
        optimizer.step(tensorSpace, field, [z[1]], view);
        this.state.counts[1] = view.counts[0];
        this.field.updateRunningStats(z, [1]);
      }
    }
    this.field.resample();
    this.joint.step(tensorSpace, this.field, z, this.state);
    this.field.updateRunningStats(z);
    this.step++;
  }

  /** Losses and gradient norms at the current parameters, on the last minibatch (reads back). */
  evaluate(): StepMetrics {
    const z = this.z;
    const [lossG, lossD] = this.field.losses(z);
    this.field.grad(z, this.gradScratch);
    const norm = (b: TensorBlock) => Math.sqrt(Math.max(0, tensorSpace.dot(b, b)));
    return { step: this.step, lossG, lossD, gradNormG: norm(this.gradScratch[0]), gradNormD: norm(this.gradScratch[1]) };
  }

  /**
   * Trains for `steps` generator steps (or until a loss turns non-finite). Metrics are read every
   * `config.metricsEvery` steps and after the last.
   */
  train(steps: number, options: TrainOptions = {}): TrainResult {
    const every = this.config.metricsEvery;
    const progressEvery = options.progressEvery ?? Math.max(1, Math.floor(steps / 100));
    const history: StepMetrics[] = [];
    const z = this.z;
    let kept = blocks.clone(tensorSpace, z);
    let keptStep = this.step;
    let stopped: TrainResult['stopped'];
    const start = this.step;
    const t0 = performance.now();
    try {
      for (let s = 1; s <= steps; s++) {
        this.iterate();
        if (s % every === 0 || s === steps) {
          const m = this.evaluate();
          const finite = [m.lossG, m.lossD, m.gradNormG, m.gradNormD].every(Number.isFinite);
          if (!finite) {
            const what = !Number.isFinite(m.lossG) || !Number.isFinite(m.gradNormG) ? "the generator's" : "the discriminator's";
            const value = Number.isFinite(m.lossG) && Number.isFinite(m.lossD) ? 'gradient' : 'loss';
            blocks.copy(tensorSpace, z, kept);
            this.step = keptStep;
            stopped = {
              atStep: m.step,
              keptStep,
              message: `${what} ${value} is ${[m.lossG, m.lossD, m.gradNormG, m.gradNormD].find((v) => !Number.isFinite(v))} at step ${m.step}; stopped, parameters of step ${keptStep} kept`,
            };
            break;
          }
          history.push(m);
          options.onMetrics?.(m);
          blocks.dispose(tensorSpace, kept);
          kept = blocks.clone(tensorSpace, z);
          keptStep = this.step;
        }
        if (options.onProgress && s % progressEvery === 0) options.onProgress(s);
      }
    } finally {
      blocks.dispose(tensorSpace, kept);
    }
    const seconds = (performance.now() - t0) / 1000;
    const done = (stopped ? stopped.atStep : this.step) - start;
    return { steps: this.step, stepsPerSecond: seconds > 0 ? done / seconds : Infinity, history, ...(stopped ? { stopped } : {}) };
  }

  /**
   * n generator samples, row-major (n × data dim), from a latent stream of their own (`rng`, else the metrics
   * stream), batch norm in eval mode (running statistics), from the {@link scoredGenerator} weights (the averaged
   * ones when the optimizer averages). A conditional generator makes sample i of class
   * `labels[i]` (default i mod K: every class equally often).
   */
  sample(n: number, rng: Rng = this.metricsRng.latent, labels?: ArrayLike<number>): Float32Array {
    const d = this.config.latent.dim;
    const K = this.classes;
    const codes = sampleLatent(this.config.latent, n, rng);
    let latent = codes;
    if (K) {
      if (labels && labels.length !== n) throw new InputError('sample', `expected ${n} labels, got ${labels.length}`);
      latent = new Float32Array(n * (d + K));
      for (let i = 0; i < n; i++) {
        const y = labels ? labels[i] : i % K;
        if (!Number.isInteger(y) || y < 0 || y >= K) throw new InputError('sample', `label ${y} at ${i} is not a class 0–${K - 1}`);
        latent.set(codes.subarray(i * d, (i + 1) * d), i * (d + K));
        latent[i * (d + K) + d + y] = 1;
      }
    }
    const weights = this.scoredGenerator.tensors;
    const out = tf.tidy(() => this.generator.apply(weights, tf.tensor2d(latent, [n, d + K]), 'eval'));
    const values = out.dataSync() as Float32Array;
    out.dispose();
    return values;
  }

  /**
   * The sample metrics of metrics.ts on 2,500 generator samples: the mode score for Gaussian mixtures, and the
   * sliced Wasserstein distance (64 seeded directions) to 2,500 fresh data samples.
   */
  score(): { modes?: ModeScore; slicedWasserstein: number } {
    const fake = this.sample(MODE_SAMPLES);
    const real = this.data.sample(MODE_SAMPLES, this.metricsRng.data);
    const directions = randomDirections(this.data.dim, 64, this.metricsRng.directions);
    const sw = slicedWasserstein(fake, real, this.data.dim, directions);
    return { ...(this.data.modes ? { modes: modeScore(fake, this.data.dim, this.data.modes) } : {}), slicedWasserstein: sw };
  }

  /**
   * Saves a checkpoint (config, weights, optimizer state, step, random streams) to a file path in Node, or to a
   * tf.io URL (`indexeddb://name`, `downloads://name`) or IOHandler: see checkpoint.ts.
   */
  async save(destination: string | tf.io.IOHandler): Promise<void> {
    const { saveTrainer } = await import('./checkpoint.ts');
    await saveTrainer(this, destination);
  }

  /**
   * The digit metrics of metrics.ts on `n` generator samples (default 2,500) scored by a digit classifier
   * (classifier.ts): histogram, entropy, digits captured; for a conditional generator also how often the classifier
   * reads the requested digit. For MNIST.
   */
  scoreDigits(classifier: DigitClassifier, n = MODE_SAMPLES): DigitScore {
    if (this.data.dim !== classifier.inputSize) throw new InputError('scoreDigits', `the classifier reads ${classifier.inputSize} pixels, the samples have ${this.data.dim}`);
    const labels = this.classes ? Uint8Array.from({ length: n }, (_, i) => i % this.classes) : undefined;
    const fake = this.sample(n, this.metricsRng.latent, labels);
    const predicted = classifier.predict(fake, '[-1,1]');
    return digitScore(predicted, labels);
  }

  /** Frees every tensor the trainer made. */
  dispose(): void {
    disposeState(tensorSpace, this.state);
    blocks.dispose(tensorSpace, this.gradScratch);
    if (this.discriminatorOnly) blocks.dispose(tensorSpace, this.discriminatorOnly.scratch);
    this.field.dispose();
    this.generator.dispose();
    this.discriminator.dispose();
  }

  /**
   * One update of one player alone, on a fresh minibatch, the other player held fixed: the step buttons of the live
   * trainer (issue 6, "discriminator only" / "generator only"). As for the kD discriminator steps, it is that player's
   * rule (its own, with an optimizer per player) made for one player with that player's options (its learning rate,
   * its `nd`/`ng` count for altgda), on a
   * one-player view of the field, sharing that player's slots with the joint optimizer (Adam's moments and count,
   * momentum's velocity, optimistic's last gradient). A generator step counts in {@link step}; a discriminator step
   * does not (one trainer step is one generator update). Optimizers that need both players (`unrolled`) are an
   * InputError. Leaves the tensor count as it found it (after the slots exist).
   */
  stepPlayer(player: 0 | 1): void {
    const name = this.config.optimizer;
    if (name === 'unrolled') throw new InputError('step', 'unrolled looks ahead at both players: it cannot step one player alone');
    const options = { ...this.config.options, lr: scaledLr(this.config.lr, lrFactor(this.config.lrDecay, this.step)) };
    const optimizer = createPlayerOptimizer(name, options, 2, player);
    const z = this.z;
    const other = z[1 - player];
    const scratch = [tensorSpace.zerosLike(other), tensorSpace.zerosLike(other)];
    const [zeroOther, outOther] = scratch;
    const pair = <T>(own: T, rest: T): T[] => (player === 0 ? [own, rest] : [rest, own]);
    const field = this.field;
    const view: Field<TensorBlock> = {
      players: 1,
      grad: (zv, out) => field.grad(pair(zv[0], other), pair(out[0], outOther), player),
      vjp: (zv, w, out) => field.vjp!(pair(zv[0], other), pair(w[0], zeroOther), pair(out[0], outOther)),
    };
    if (player === 1 && field.project) view.project = (zv) => field.project!([other, zv[0]]);
    const state: OptState<TensorBlock> = {
      t: this.state.t,
      counts: [this.state.counts[player]],
      slots: Object.fromEntries(Object.entries(this.state.slots).map(([slot, b]) => [slot, [b[player]]])),
    };
    try {
      this.field.resample();
      optimizer.step(tensorSpace, view, [z[player]], state);
      // As after a full step: batch norm's running averages follow the player that moved.
      this.field.updateRunningStats(z, [player]);
      this.state.counts[player] = state.counts[0];
      if (player === 0) this.step++;
    } finally {
      blocks.dispose(tensorSpace, scratch);
    }
  }
}

/**
 * Validates `raw` (see config.ts), builds the networks, the field and the optimizer, and checks that the optimizer
 * can run on the GAN field: a missing capability or second derivatives tfjs cannot take are InputErrors here, before
 * any training. The backend is the active tfjs backend (backend.ts chooses it).
 */
export function createTrainer(raw: GanConfigInput | GanConfig): GanTrainer {
  const config = parseGanConfig(raw);
  if (Object.hasOwn(UNSUPPORTED, config.optimizer)) {
    throw new InputError('gan config, optimizer', `${config.optimizer} needs ${UNSUPPORTED[config.optimizer]}`, ['optimizer']);
  }
  let data: Dataset;
  try {
    data = resolveDataset(config.dataset);
  } catch (e) {
    under('dataset', e);
  }
  for (const role of ['generator', 'discriminator'] as const) {
    const spec = config[role];
    if (spec.kind === 'dcgan' && data.dim !== IMAGE_SIDE * IMAGE_SIDE) {
      throw new InputError(`gan config, ${role}`, `a dcgan network is for ${IMAGE_SIDE} × ${IMAGE_SIDE} images (dataset mnist); ${data.name} has ${data.dim}-D samples: use an MLP`, [role, 'kind']);
    }
    if (spec.kind !== 'dcgan') checkMlpSpec(`gan config, ${role}`, spec as MlpSpec);
  }
  checkPacking(config);
  if (config.conditional && !isLabelled(data)) {
    throw new InputError('gan config, conditional', `conditional training (AC-GAN) needs labelled data (mnist); ${data.name} has no labels`, ['conditional']);
  }
  try {
    createOptimizer(config.optimizer, { ...config.options, lr: config.lr }, 2);
  } catch (e) {
    // The registry says `optimizer` for an unknown name, `optimizer adam, option beta1` for an option.
    under(e instanceof InputError && e.where !== 'optimizer' ? 'options' : 'optimizer', e);
  }
  if (config.kd > 1 && config.optimizer === 'unrolled') {
    throw new InputError('gan config, kd', 'unrolled already gives the discriminator its look-ahead steps (option k); use kd = 1', ['kd']);
  }
  const trainer = new GanTrainer(config);
  const use = secondOrderUse(config);
  if (use) {
    try {
      checkSecondOrder(trainer.field, trainer.z, needsJacobian(config));
    } catch (e) {
      trainer.dispose();
      if (!(e instanceof SecondOrderError)) throw e;
      throw new InputError('gan config', `${use} needs second derivatives of the networks, which tfjs cannot take here: ${e.message}`);
    }
  }
  return trainer;
}

/** Does the optimizer ask for Jacobian products (consensus, unrolled with backpropagation)? */
function needsJacobian(config: GanConfig): boolean {
  const differentiate = config.options.differentiate;
  return config.optimizer === 'consensus' || (config.optimizer === 'unrolled' && differentiate !== false && differentiate !== 'false');
}

/**
 * {@link createTrainer} after loading what the configuration needs asynchronously (the MNIST digits for
 * `dataset: 'mnist'`, once per process).
 */
export async function prepareTrainer(raw: GanConfigInput | GanConfig): Promise<GanTrainer> {
  const config = parseGanConfig(raw);
  const name = typeof config.dataset === 'string' ? config.dataset : config.dataset.name;
  if (name === 'mnist') await mnistDigits();
  return createTrainer(config);
}
