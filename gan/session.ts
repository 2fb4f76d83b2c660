/**
 * A live GAN session: one {@link GanTrainer} that a page trains a few steps per animation frame, its views
 * ({@link ViewProbe}) refreshed on demand, its configuration changed while it trains, saved and loaded.
 *
 * - **Time-budgeted steps** ({@link run}): steps are taken until a step count or a time budget runs out, whichever
 *   comes first, so a frame never holds the page. Nothing is read back: on webgl the kernels are only queued, so the
 *   budget is kept with the cost per step measured between refreshes ({@link refresh} waits for the GPU, which makes
 *   that measurement include the GPU's time): `stepsPerSecond` and `msPerStep` come from there.
 * - **Live changes** ({@link reconfigure}): the new configuration gets a new trainer that carries over as much of
 *   the old one as fits (gan/carry-over.ts, the same mechanism as `<saddle-gan-images>`'s): everything (weights,
 *   batch-norm statistics, optimizer state, step count, random streams) when only the learning rates, kD, loss,
 *   regularizer, batch, data set or optimizer options change; the weights and statistics (and the state of a player
 *   whose own rule is unchanged) when the optimizer keeps other slots; nothing when the networks' shapes or the seed
 *   change (a fresh start), with the reason.
 * - **Views**: real samples (a fixed draw), fake samples of a fixed latent batch, D's heatmap on a square domain
 *   around the data, G's manifold, gradient arrows, the evaluation losses and gradient norms (view.ts), and for a
 *   Gaussian mixture the mode score (metrics.ts) of the fixed fake batch. History is kept per refresh.
 * - A refresh that finds a non-finite number stops the session (`diverged`) with a message naming it.
 */
import { show } from '../src/errors.ts';
import { carryOver, type CarryOver } from './carry-over.ts';
import { saveTrainer, loadTrainer, type CheckpointTarget } from './checkpoint.ts';
import { parseGanConfig, type GanConfig, type GanConfigInput } from './config.ts';
import { modeScore, type ModeScore } from './metrics.ts';
import { sampleLatent } from './models.ts';
import { Rng } from './random.ts';
import { createTrainer, type GanTrainer } from './train.ts';
import { decisionScale, ViewProbe, type DecisionScale, type Grid, type ViewFrame } from './view.ts';

/** Sizes of what a session draws. */
export interface SessionViewOptions {
  /** Fake samples drawn (a fixed latent batch). */
  fake?: number;
  /** Real samples drawn (a fixed draw). */
  real?: number;
  /** Heatmap resolution per side (2-D) or points (1-D). */
  heat?: number;
  /** Latent grid points per side. */
  latentSide?: number;
  /** The data-space window of the pictures (default: around the data, see {@link dataDomain}). */
  domain?: { x: [number, number]; y?: [number, number] };
}

/** One refresh: the frame of view.ts plus the step, the mode score and the running rate. */
export interface SessionFrame extends ViewFrame {
  step: number;
  modes?: ModeScore;
  stepsPerSecond: number;
}

export interface HistoryPoint {
  step: number;
  lossG: number;
  lossD: number;
  gradNormG: number;
  gradNormD: number;
  /** Modes captured and the high-quality fraction, for mixtures. */
  modes?: number;
  highQuality?: number;
}

/** What {@link GanSession.reconfigure} carried over into the new trainer (gan/carry-over.ts). */
export type { CarryOver };

/** A square domain around the data (from 2,000 samples): their bounding box, widened by a quarter, made square. */
export function dataDomain(sample: Float32Array, dim: number): { x: [number, number]; y?: [number, number] } {
  let lo = [Infinity, Infinity];
  let hi = [-Infinity, -Infinity];
  for (let i = 0; i < sample.length / dim; i++) {
    for (let d = 0; d < dim; d++) {
      const v = sample[i * dim + d];
      if (!Number.isFinite(v)) continue;
      lo[d] = Math.min(lo[d], v);
      hi[d] = Math.max(hi[d], v);
    }
  }
  if (!Number.isFinite(lo[0])) [lo, hi] = [[-1, -1], [1, 1]];
  const centre = lo.map((l, d) => (l + hi[d]) / 2);
  const half = Math.max(0.5, ...lo.slice(0, dim).map((l, d) => ((hi[d] - l) / 2) * 1.25));
  const range = (d: number): [number, number] => [centre[d] - half, centre[d] + half];
  return dim === 2 ? { x: range(0), y: range(1) } : { x: range(0) };
}

export class GanSession {
  /** Fixed draws for the picture. */
  readonly real: Float32Array;
  readonly noise: Float32Array;
  readonly domain: { x: [number, number]; y?: [number, number] };
  readonly grid: Grid;
  readonly scale: DecisionScale;
  history: HistoryPoint[] = [];
  /** Set when a refresh found a non-finite number; {@link run} then does nothing. */
  diverged?: string;
  /** Measured between refreshes (GPU time included). */
  stepsPerSecond = 0;
  /** A cautious first guess (a step of the GAN-Lab-sized model on a software GPU is ~15 ms), corrected at the first refresh. */
  msPerStep = 5;
  /** The last refresh's synchronous work (what it holds the page for), ms. */
  /** How long the last refresh waited for its read-back (on webgl: the queued steps and the probe on the GPU), ms. */
  waitMs = 0;
  refreshMs = 0;
  private probe: ViewProbe;
  private sinceRefresh = { steps: 0, t: performance.now(), busy: 0 };

  private constructor(
    public trainer: GanTrainer,
    readonly views: SessionViews,
  ) {
    const config = trainer.config;
    const data = trainer.data;
    this.real = data.sample(views.real, Rng.derive(config.seed, 'view-real'));
    this.noise = sampleLatent(config.latent, views.fake, Rng.derive(config.seed, 'view-noise'));
    this.domain = views.domain ?? dataDomain(data.sample(2000, Rng.derive(config.seed, 'view-domain')), data.dim);
    this.grid = data.dim === 2 ? { x: this.domain.x, y: this.domain.y, nx: views.heat, ny: views.heat } : { x: this.domain.x, nx: views.heat, ny: 1 };
    this.scale = decisionScale(config.loss);
    this.probe = new ViewProbe({ grid: this.grid, latentSide: views.latentSide, noise: this.noise, real: this.real }, config.latent);
  }

  /** A session on the active tfjs backend; a bad configuration is an InputError (nothing is left allocated). */
  static create(config: GanConfigInput | GanConfig, views: SessionViewOptions = {}): GanSession {
    return new GanSession(createTrainer(config), withDefaults(views));
  }

  /** A session around a trainer made elsewhere (a checkpoint loaded from files or IndexedDB); it owns the trainer from now on. */
  static around(trainer: GanTrainer, views: SessionViewOptions = {}): GanSession {
    return new GanSession(trainer, withDefaults(views));
  }

  /** A session from a checkpoint (see checkpoint.ts for the targets). */
  static async load(source: CheckpointTarget, views: SessionViewOptions = {}): Promise<GanSession> {
    return new GanSession(await loadTrainer(source), withDefaults(views));
  }

  get config(): GanConfig {
    return this.trainer.config;
  }

  get step(): number {
    return this.trainer.step;
  }

  /**
   * Takes up to `maxSteps` steps, stopping once `budgetMs` is spent by the estimate of {@link msPerStep} (or by the
   * clock, whichever says so first). `mode` 'both' is a trainer step (kD − 1 discriminator steps, then the joint
   * step); 'discriminator' and 'generator' step one player alone. Returns the number of steps taken.
   */
  run(maxSteps: number, budgetMs = Infinity, mode: 'both' | 'discriminator' | 'generator' = 'both'): number {
    if (this.diverged) return 0;
    const t0 = performance.now();
    let n = 0;
    while (n < maxSteps) {
      if (n > 0 && (performance.now() - t0 >= budgetMs || (n + 1) * this.msPerStep > budgetMs)) break;
      if (mode === 'both') this.trainer.iterate();
      else this.trainer.stepPlayer(mode === 'generator' ? 0 : 1);
      n++;
    }
    this.sinceRefresh.steps += n;
    this.sinceRefresh.busy += performance.now() - t0;
    return n;
  }

  /** Computes and reads the views (one read-back), appends to the history, updates the measured rate. */
  async refresh(): Promise<SessionFrame> {
    const started = performance.now();
    const pending = this.probe.read(this.trainer);
    // The probe computes synchronously up to its read-back: all of its work on cpu and wasm, the queuing on webgl.
    this.refreshMs = performance.now() - started;
    const view = await pending;
    const now = performance.now();
    this.waitMs = now - started - this.refreshMs;
    const { steps, t, busy } = this.sinceRefresh;
    // The read waits for the queued steps (webgl), so started − t … now − t brackets their time; the probe's own
    // work is the rest. Steps per second count the wall time, refreshes included: what the person sees.
    if (steps > 0 && now > t) {
      // cpu and wasm run each step synchronously: the time inside run() is its cost. webgl only queues kernels,
      // so its cost shows as the wall time until the read-back came (idle frames included: an overestimate).
      this.msPerStep = this.trainer.backend === 'webgl' ? Math.max(started - t, 0.5 * (now - t)) / steps : busy / steps;
      this.stepsPerSecond = (1000 * steps) / (now - t);
    }
    this.sinceRefresh = { steps: 0, t: now, busy: 0 };
    const modes = this.trainer.data.modes ? modeScore(view.fake, this.trainer.data.dim, this.trainer.data.modes) : undefined;
    const numbers = { lossG: view.lossG, lossD: view.lossD, gradNormG: view.gradNormG, gradNormD: view.gradNormD };
    const bad = Object.entries(numbers).find(([, v]) => !Number.isFinite(v)) ?? (view.fake.every(Number.isFinite) ? undefined : ['the fake samples', NaN]);
    if (bad) this.diverged = `${bad[0]} is ${bad[1]} at step ${this.step}: training stopped (reset, or lower the learning rate)`;
    const last = this.history[this.history.length - 1];
    if (!last || last.step !== this.step) {
      this.history.push({ step: this.step, ...numbers, ...(modes ? { modes: modes.modes, highQuality: modes.highQuality } : {}) });
      if (this.history.length > 2000) this.history = this.history.filter((_, k) => k % 2 === 0);
    }
    return { ...view, step: this.step, stepsPerSecond: this.stepsPerSecond, ...(modes ? { modes } : {}) };
  }

  /**
   * The views as they would be under another loss, with the same networks (one more read-back): how the generator's
   * gradient differs between the saturating and the non-saturating loss at the current parameters.
   */
  async readAs(loss: GanConfig['loss']): Promise<ViewFrame> {
    const t = this.trainer;
    return this.probe.read({ generator: t.generator, discriminator: t.discriminator, config: { ...t.config, loss } });
  }

  /** Resets the rate measurement (after a pause: idle time is not training time). */
  resumeClock(): void {
    this.sinceRefresh = { steps: 0, t: performance.now(), busy: 0 };
  }

  /**
   * Moves the session to a new configuration, carrying over what fits (gan/carry-over.ts `carryOver`); `because`
   * says why less than everything was kept. The views are rebuilt when what they depend on changed (data set, latent
   * prior, loss, seed). A bad configuration is an InputError and the session stays as it was.
   */
  async reconfigure(raw: GanConfigInput | GanConfig): Promise<{ session: GanSession; carried: CarryOver; because?: string }> {
    const next = parseGanConfig(raw);
    const old = this.trainer;
    const { trainer, carried, because } = await carryOver(old, next);
    const keepViews = show(next.dataset) === show(old.config.dataset) && next.loss === old.config.loss && next.seed === old.config.seed && show(next.latent) === show(old.config.latent);
    let session: GanSession;
    if (keepViews) {
      this.trainer = trainer;
      this.diverged = undefined;
      session = this;
    } else {
      session = new GanSession(trainer, this.views);
      if (carried !== 'nothing') session.history = this.history;
      this.probe.dispose();
    }
    if (carried === 'nothing') session.history = [];
    old.dispose();
    session.resumeClock();
    return { session, carried, ...(because ? { because } : {}) };
  }

  /** Saves a checkpoint (`indexeddb://name`, `downloads://name`, an IOHandler; a path in Node). */
  async save(target: CheckpointTarget): Promise<void> {
    await saveTrainer(this.trainer, target);
  }

  dispose(): void {
    this.probe.dispose();
    this.trainer.dispose();
  }
}

/** The view options with their defaults filled in. */
export type SessionViews = Required<Omit<SessionViewOptions, 'domain'>> & Pick<SessionViewOptions, 'domain'>;

function withDefaults(v: SessionViewOptions): SessionViews {
  return { ...v, fake: v.fake ?? 512, real: v.real ?? 512, heat: v.heat ?? 48, latentSide: v.latentSide ?? 15 };
}
