/**
 * `<saddle-gan-images>`: a GAN trained on the shipped MNIST digits in the page (issue 6 §3). The engine (tfjs, gan/,
 * the digits and the digit classifier) loads by a dynamic import when the element connects
 * (./gan-images-engine.ts), so this file and the embed bundle's eager part hold no tfjs.
 *
 * Views, each switchable (gan-images-model.ts has the maths, gan-images-draw.ts draws them): a grid of samples of a
 * fixed noise batch; the histogram of generated digits as the shipped classifier reads them (mode collapse at a
 * glance: the bars, the entropy H in nats against log 10, the digits captured; for an AC-GAN the share read as the
 * digit asked for), recomputed every `score-every` steps on a fixed batch of `score-samples` codes; the interpolation
 * between two fixed codes (slerp for the Gaussian prior); the traversal grid (row j: latent coordinate j swept from
 * −2σ to 2σ, the rest fixed); and, for an AC-GAN (`conditional`), one row per digit with the codes fixed down the
 * columns.
 *
 * Training never holds the page: each animation frame takes generator steps within a 10 ms budget on cpu and wasm;
 * on webgl the steps are only queued, so the element waits (asynchronously) for them before queuing more, and sizes
 * the next chunk to about 60 ms of GPU work. The pictures are read back every `refresh` ms (one generator pass for
 * all views), the histogram every `score-every` steps.
 *
 * Attributes (reflected): model (dcgan | mlp), channels (DCGAN base width), layers (MLP widths "256,256"), loss,
 * regularizer, optimizer, lr ("η" or "η_G,η_D"), beta1 (Adam's β₁, default 0.5), batch, kd (discriminator steps per
 * generator step), latent (dimension), prior, seed, digits (a subset "0,1,7"), conditional (AC-GAN), config (JSON:
 * any other field of gan/config.ts), views (comma list of grid, histogram, interpolation, traversal, conditional),
 * samples, score-every, score-samples, refresh (ms), backend (order to try), autoplay. A bad attribute or
 * configuration shows its message inside the element. Fires `saddle-change` ({attribute, value}) when the person
 * changes a setting (or loads a checkpoint) and `saddle-frame` ({step, backend}) after each refresh. The read-only
 * `drawn` property says what is on screen.
 *
 * Settings change while it trains (gan/carry-over.ts): learning rates, loss, regularizer, kD, batch, β₁, prior and
 * digits keep the weights, the optimizer state and the step; another optimizer keeps the weights, the batch-norm
 * statistics and the step (and the state of a player whose own rule is unchanged); the settings that change the
 * networks' shapes (model, channels, layers, latent, conditional) or the seed restart, and a note says which one did.
 *
 * Save and load (components/kit/checkpoint-io.ts `saveRun` and `loadRun`, as for `<saddle-gan-trainer>`): a
 * checkpoint (weights, batch-norm statistics, optimizer state, step, random streams, configuration) saved in this
 * browser (IndexedDB, one slot per element id) or downloaded as two files (`.json` + `.weights.bin`, which the
 * command line resumes from too), and loaded from either: the same samples for the same noise, and training continues
 * as the uninterrupted run would. A loaded checkpoint brings its settings (the controls show them). A checkpoint that
 * cannot load here (another element's, broken, weights that do not fit their configuration) is a message in the
 * element, and the run on screen stays as it was. Scripts call {@link GanImages.saveToBrowser},
 * {@link GanImages.saveToFiles}, {@link GanImages.loadFromBrowser} and {@link GanImages.loadFromFiles}.
 */
import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { WidthController } from './kit/width.ts';
import { InputError } from '../src/errors.ts';
import type { CarryOver } from '../gan/carry-over.ts';
import type { GanTrainer } from '../gan/train.ts';
import { digitFigure, digitHistogram, paintDigits, shortNumber as fmt, traversalFigure, type DigitPart, type ScoredDigits } from './gan-images-draw.ts';
import type { ImageLab, ImagesFrame } from './gan-images-engine.ts';
import type { LoadFrom, SaveTo } from './kit/checkpoint-io.ts';
import {
  attributesOfConfig,
  IMAGE_CHOICES,
  IMAGE_VIEW_LABELS,
  IMAGE_VIEWS,
  IMAGES_ATTRIBUTE_NAMES,
  readImagesAttributes,
  RESTARTING_ATTRIBUTES,
  type ImagesAttributes,
  type ImagesSettings,
  type ImageViewName,
} from './gan-images-model.ts';
import { imageStyles } from './gan-images.styles.ts';
import { styles } from './gan-trainer.styles.ts';
import { PALETTE } from './phase-plot.ts';

type Engine = typeof import('./gan-images-engine.ts');

/** Milliseconds of synchronous training per frame at most (cpu, wasm). */
export const IMAGE_FRAME_BUDGET_MS = 10;
/** Milliseconds of queued GPU work per chunk (webgl): long enough to amortize the wait, short enough to pause. */
const GPU_CHUNK_MS = 60;

const describe = (e: unknown) => (e instanceof InputError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`);
const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/** The property behind an attribute: `score-every` ↔ `scoreEvery`, the others by the same name. */
const propertyOf = (attribute: string) => attribute.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** The IndexedDB slot's name before the element's id (`saddle-gan-images-<id>`). */
export const BROWSER_SLOT = 'saddle-gan-images';

/** Resolves after about a frame, also in a background tab (where animation frames stop). */
const aMoment = () => new Promise((resolve) => setTimeout(resolve, 16));

export type { ScoredDigits };

/** What the element shows, for scripts and tests. */
export interface ImagesDrawn {
  backend?: string;
  skipped: string[];
  step: number;
  running: boolean;
  stepsPerSecond: number;
  framesPerSecond: number;
  /** The last images read back (every view's part of one batch). */
  frame?: ImagesFrame;
  /** The last digit histogram, and every one so far (step, entropy, digits captured). */
  score?: ScoredDigits;
  scores: { step: number; entropy: number; digits: number }[];
  /** Is the generator conditional (AC-GAN), so the per-digit rows are drawn? */
  conditional: boolean;
  /** What is loading, while it loads. */
  loading?: string;
  error?: string;
  /** Live tensors on the backend after the last refresh. */
  tensors?: number;
  /** What the last live change kept of the run. */
  carried?: CarryOver;
  /** The last note (a live change, a save, a load) and the last problem that did not stop training (a failed load). */
  note?: string;
  problem?: string;
}

export class GanImages extends LitElement {
  static override properties: PropertyDeclarations = {
    ...Object.fromEntries(IMAGES_ATTRIBUTE_NAMES.map((n) => [propertyOf(n), { reflect: true, attribute: n }])),
    refresh: { reflect: true },
    autoplay: { type: Boolean, reflect: true },
  };
  static override styles = [styles, imageStyles];
  declare config: string | null;
  declare model: string | null;
  declare channels: string | null;
  declare layers: string | null;
  declare loss: string | null;
  declare regularizer: string | null;
  declare optimizer: string | null;
  declare lr: string | null;
  declare beta1: string | null;
  declare batch: string | null;
  declare kd: string | null;
  declare latent: string | null;
  declare prior: string | null;
  declare seed: string | null;
  declare digits: string | null;
  declare conditional: string | null;
  declare views: string | null;
  declare samples: string | null;
  declare scoreEvery: string | null;
  declare scoreSamples: string | null;
  declare backend: string | null;
  declare refresh: string | null;
  declare autoplay: boolean;

  #engine?: Engine;
  #lab?: ImageLab;
  #settings?: ImagesSettings;
  /** The configuration and the view sizes the lab was made for. */
  #configKey?: string;
  #viewKey?: string;
  #carried?: CarryOver;
  #note?: string;
  #problem?: string;
  #error?: string;
  #backend?: { backend: string; skipped: string[] };
  #frame?: ImagesFrame;
  #score?: ScoredDigits;
  #scores: { step: number; entropy: number; digits: number }[] = [];
  #loading?: { what: string; since: number };
  #loadingTimer = 0;
  #running = false;
  #working = false;
  #raf = 0;
  #lastFrameTime = 0;
  #fps = 0;
  /** Steps per chunk on webgl (sized from the measured cost). */
  #chunk = 1;
  #msPerStep = 0;
  #clock = { t: 0, step: 0 };
  #rate = 0;
  #lastRender = 0;
  /** What the last refresh of the pictures took, ms. */
  #renderMs = 0;
  /** When the last histogram was read and what it took, ms. */
  #scoredAt = 0;
  #scoreMs = 0;
  #tensors?: number;
  /** The content width, kept by a ResizeObserver (kit/width.ts). */
  readonly #width = new WidthController(this);
  /** The frame each canvas shows (a re-render that keeps the canvas and the frame does not redraw it). */
  #painted = new WeakMap<HTMLCanvasElement, ImagesFrame>();
  #queue: Promise<void> = Promise.resolve();

  constructor() {
    super();
    this.autoplay = false;
  }

  get drawn(): ImagesDrawn {
    return {
      backend: this.#backend?.backend,
      skipped: this.#backend?.skipped ?? [],
      step: this.#lab?.step ?? 0,
      running: this.#running,
      stepsPerSecond: this.#rate,
      framesPerSecond: this.#fps,
      frame: this.#frame,
      score: this.#score,
      scores: this.#scores,
      conditional: (this.#lab?.classes ?? 0) > 0,
      loading: this.#loading?.what,
      error: this.#error,
      tensors: this.#tensors,
      carried: this.#carried,
      note: this.#note,
      problem: this.#problem,
    };
  }

  #resolveReady!: () => void;
  /** Resolves once the engine, the digits and the classifier have loaded and the first picture is drawn (or an error is shown). */
  readonly ready: Promise<void> = new Promise((resolve) => (this.#resolveReady = resolve));

  override connectedCallback(): void {
    super.connectedCallback();
    this.#enqueue(() => this.#start());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#loadingTimer);
    this.pause();
    this.#enqueue(async () => {
      if (this.isConnected) return;
      this.#lab?.dispose();
      this.#lab = undefined;
      this.#configKey = undefined;
    });
  }

  /** The attributes as the page set them (or as a control reflected them). */
  #attributes(): ImagesAttributes {
    const props = this as unknown as Record<string, string | null | undefined>;
    return Object.fromEntries(IMAGES_ATTRIBUTE_NAMES.map((n) => [n, props[propertyOf(n)] ?? null]));
  }

  /** Runs configuration work one piece at a time; resolves when this piece is done. */
  #enqueue(job: () => Promise<void>): Promise<void> {
    this.#queue = this.#queue.then(async () => {
      try {
        await job();
      } catch (e) {
        this.#error = describe(e);
      } finally {
        this.requestUpdate();
      }
    });
    return this.#queue;
  }

  /**
   * Runs `job` with the trainer to itself: after the frame's steps in flight have settled, and with no step taken
   * until it is done (a save reads the tensors back asynchronously; a live change or a load replaces them).
   */
  async #exclusive<T>(job: () => Promise<T>): Promise<T> {
    while (this.#working) await aMoment();
    this.#working = true;
    try {
      return await job();
    } finally {
      this.#working = false;
    }
  }

  #stage(what: string | undefined): void {
    clearInterval(this.#loadingTimer);
    this.#loading = what ? { what, since: performance.now() } : undefined;
    // A counter while the assets load: the element re-renders the elapsed seconds ten times a second.
    if (what) this.#loadingTimer = window.setInterval(() => this.requestUpdate(), 100);
    this.requestUpdate();
  }

  async #start(): Promise<void> {
    try {
      // The engine loads even when an attribute is bad (#apply shows it), so that fixing the attribute starts training.
      const order = (this.backend ?? 'webgl,wasm,cpu').split(',').map((s) => s.trim()).filter(Boolean);
      this.#stage('the GAN engine (tfjs)');
      this.#engine ??= await import('./gan-images-engine.ts');
      this.#stage('the backend');
      this.#backend ??= await this.#engine.pageBackend(order);
      await this.#engine.loadAssets((what) => this.#stage(what));
      this.#stage(undefined);
      await this.#apply();
    } catch (e) {
      this.#stage(undefined);
      this.#error = describe(e);
    }
    this.#resolveReady();
    if (this.autoplay && !reducedMotion() && !this.#error) this.play();
  }

  /**
   * Brings the lab in line with the attributes: the first time a new trainer; then the running trainer carried over
   * to the new configuration (gan/carry-over.ts: everything, the weights, or a restart, with a note saying which),
   * or, when only the view sizes changed, new views around the same trainer.
   */
  async #apply(): Promise<void> {
    const engine = this.#engine;
    if (!engine) return;
    let settings: ImagesSettings;
    try {
      settings = readImagesAttributes(this.#attributes());
    } catch (e) {
      this.#error = describe(e);
      this.pause();
      return;
    }
    this.#settings = settings;
    const configKey = JSON.stringify(settings.config);
    const viewKey = JSON.stringify([settings.samples, settings.scoreSamples]);
    if (configKey === this.#configKey && viewKey === this.#viewKey && this.#lab) {
      this.#error = undefined;
      return;
    }
    const wasRunning = this.#running;
    this.pause();
    await this.#exclusive(async () => {
      try {
        const classifier = await engine.loadAssets(() => {});
        const old = this.#lab;
        let trainer: GanTrainer;
        if (!old) {
          trainer = engine.createTrainer(engine.imagesConfig(settings.config));
          this.#carried = undefined;
          this.#note = undefined;
        } else if (configKey !== this.#configKey) {
          const { trainer: next, carried, because } = await engine.carryOver(old.trainer, engine.imagesConfig(settings.config));
          trainer = next;
          this.#carried = carried;
          this.#note = carried === 'everything' ? `changed live at step ${next.step}: kept the weights, the optimizer state and the step` : because;
          this.requestUpdate();
        } else {
          trainer = old.trainer;
        }
        const lab = engine.ImageLab.around(trainer, classifier, { ...engine.VIEW_SIZES, samples: settings.samples }, settings.scoreSamples);
        if (old && old.trainer !== trainer) old.dispose();
        this.#adoptLab(lab, configKey, viewKey, this.#carried !== undefined && this.#carried !== 'nothing' && viewKey === this.#viewKey);
        await this.#refresh(true);
      } catch (e) {
        this.#error = describe(e);
      }
    });
    if (wasRunning && !this.#error) this.play();
  }

  /** Shows `lab` from now on; the digit histograms so far are kept when the generator carried over unchanged. */
  #adoptLab(lab: ImageLab, configKey: string, viewKey: string, keepScores: boolean): void {
    this.#lab = lab;
    this.#configKey = configKey;
    this.#viewKey = viewKey;
    this.#error = undefined;
    this.#problem = undefined;
    this.#rate = 0;
    if (!keepScores) {
      this.#score = undefined;
      this.#scores = [];
    }
  }

  protected override willUpdate(changed: PropertyValues): void {
    const touched = [...changed.keys()].some((k) => k !== 'autoplay' && k !== 'refresh' && k !== 'views');
    if (touched && this.#engine && this.hasUpdated) this.#enqueue(() => this.#apply());
    if (changed.has('views') && this.hasUpdated) {
      try {
        this.#settings = readImagesAttributes(this.#attributes());
        if (this.#error?.startsWith('attribute views')) this.#error = undefined;
      } catch (e) {
        this.#error = describe(e);
      }
    }
  }

  /** Starts training (animation frames); does nothing while an error is shown or before the engine is ready. */
  play(): void {
    if (this.#running || this.#error || !this.#lab) return;
    this.#running = true;
    this.#clock = { t: performance.now(), step: this.#lab.step };
    this.#lastFrameTime = 0;
    this.#raf = requestAnimationFrame(this.#tick);
    this.requestUpdate();
  }

  pause(): void {
    this.#running = false;
    cancelAnimationFrame(this.#raf);
    this.requestUpdate();
  }

  /** Takes `n` generator steps (waiting for them on the GPU), then refreshes the pictures and the histogram. */
  async stepOnce(n = 1): Promise<void> {
    this.pause();
    await this.#queue;
    await this.#exclusive(async () => {
      const lab = this.#lab;
      if (!lab || this.#error) return;
      try {
        lab.run(n);
        await lab.settle();
        await this.#refresh(true);
      } catch (e) {
        this.#error = describe(e);
      }
    });
    this.requestUpdate();
  }

  /** This element's slot in the browser's IndexedDB. */
  get #slot(): string {
    return `${BROWSER_SLOT}${this.id ? `-${this.id}` : ''}`;
  }

  /** Saves the run in this browser (IndexedDB, the element's slot); a note says so, or the message why not. */
  async saveToBrowser(): Promise<void> {
    await this.#save(() => ({ browser: this.#slot }));
  }

  /**
   * The run as the two checkpoint files (`<name>.json`, `<name>.weights.bin`); with `download`, handed to the
   * browser's downloads too (what the button does).
   */
  async saveToFiles(download = false): Promise<File[]> {
    return this.#save((lab) => ({ files: `${this.#slot}-step${lab.step}`, download }));
  }

  /** Loads the run saved in this browser; when none can be, a message says why and the run on screen stays. */
  async loadFromBrowser(): Promise<void> {
    await this.#load({ browser: this.#slot });
  }

  /** Loads a checkpoint from its two files (as a person picks them); when it cannot, a message says why. */
  async loadFromFiles(files: readonly File[]): Promise<void> {
    await this.#load({ files });
  }

  /** Saves with the trainer to itself (kit/checkpoint-io.ts `saveRun`); a failure is a problem, and training goes on. */
  async #save(to: (lab: ImageLab) => SaveTo): Promise<File[]> {
    let files: File[] = [];
    await this.#enqueue(() =>
      this.#exclusive(async () => {
        const lab = this.#lab;
        const engine = this.#engine;
        if (!lab || !engine) return;
        try {
          const saved = await engine.saveRun(lab.trainer, to(lab));
          [files, this.#note, this.#problem] = [saved.files, saved.note, undefined];
        } catch (e) {
          this.#problem = describe(e);
        }
      }),
    );
    return files;
  }

  /**
   * Replaces the run by a loaded trainer and the configuration attributes by its configuration (so the controls show
   * it and a later change carries it over). A failure leaves everything as it was and shows its message.
   */
  async #load(from: LoadFrom): Promise<void> {
    this.pause();
    await this.#enqueue(() =>
      this.#exclusive(async () => {
        const engine = this.#engine;
        if (!engine) return;
        let loaded: { trainer: GanTrainer; note: string };
        try {
          loaded = await engine.loadRun(from, engine.imagesCheckpoint);
        } catch (e) {
          this.#problem = describe(e);
          return;
        }
        const trainer = loaded.trainer;
        try {
          const classifier = await engine.loadAssets(() => {});
          const attributes = attributesOfConfig(trainer.config);
          const settings = readImagesAttributes({ ...this.#attributes(), ...attributes });
          const lab = engine.ImageLab.around(trainer, classifier, { ...engine.VIEW_SIZES, samples: settings.samples }, settings.scoreSamples);
          this.#lab?.dispose();
          this.#settings = settings;
          this.#adoptLab(lab, JSON.stringify(settings.config), JSON.stringify([settings.samples, settings.scoreSamples]), false);
          this.#carried = undefined;
          for (const [name, value] of Object.entries(attributes)) (this as unknown as Record<string, string | null>)[propertyOf(name)] = value;
          this.#note = loaded.note;
          this.dispatchEvent(new CustomEvent('saddle-change', { detail: { attribute: 'config', value: attributes.config }, bubbles: true, composed: true }));
          await this.#refresh(true);
        } catch (e) {
          trainer.dispose();
          this.#problem = describe(e);
        }
      }),
    );
  }

  #tick = (now: number) => {
    if (!this.#running) return;
    this.#raf = requestAnimationFrame(this.#tick);
    if (this.#lastFrameTime) this.#fps = this.#fps ? 0.9 * this.#fps + 0.1 * (1000 / (now - this.#lastFrameTime)) : 1000 / (now - this.#lastFrameTime);
    this.#lastFrameTime = now;
    if (this.#working || !this.#lab) return;
    this.#working = true;
    this.#chunkOfSteps(this.#lab)
      .catch((e: unknown) => {
        this.#error = describe(e);
        this.pause();
      })
      .finally(() => {
        this.#working = false;
      });
  };

  /** One frame's training: a budget of steps, then (every `refresh` ms) the pictures. */
  async #chunkOfSteps(lab: ImageLab): Promise<void> {
    const gpu = lab.backend === 'webgl';
    const t0 = performance.now();
    const n = lab.run(gpu ? this.#chunk : Infinity, gpu ? Infinity : IMAGE_FRAME_BUDGET_MS);
    if (gpu) await lab.settle();
    const cost = (performance.now() - t0) / n;
    this.#msPerStep = this.#msPerStep ? 0.7 * this.#msPerStep + 0.3 * cost : cost;
    if (gpu) this.#chunk = Math.max(1, Math.min(64, Math.round(GPU_CHUNK_MS / this.#msPerStep)));
    const now = performance.now();
    if (now - this.#clock.t > 1000) {
      // Steps per second over the last second or more of wall time: what the person sees, refreshes included.
      this.#rate = (1000 * (lab.step - this.#clock.step)) / (now - this.#clock.t);
      this.#clock = { t: now, step: lab.step };
    }
    // On cpu and wasm a refresh runs on this thread too: it gets a frame of its own rather than this one's tail.
    if (!gpu) await new Promise((r) => requestAnimationFrame(r));
    if (this.#running && lab === this.#lab) await this.#refresh(false);
    this.requestUpdate();
  }

  /** Reads the pictures back when `refresh` ms have passed (or when forced), and the histogram when it is due. */
  async #refresh(force: boolean): Promise<void> {
    const lab = this.#lab;
    const engine = this.#engine;
    const settings = this.#settings;
    if (!lab || !engine || !settings) return;
    const every = this.refresh ? Math.max(0, Number(this.refresh)) || 0 : 500;
    const now = performance.now();
    // A refresh costs a generator pass over every view's images (on a software GPU as much as a few steps): it
    // waits until four times its own cost has passed, so it never takes more than a fifth of the training time.
    if (force || now - this.#lastRender >= Math.max(every, 4 * this.#renderMs)) {
      this.#lastRender = now;
      this.#frame = await lab.render();
      this.#renderMs = performance.now() - now;
      if (this.#frame.pixels.some((v) => !Number.isFinite(v))) {
        this.#error = `the generator's images hold non-finite pixels at step ${lab.step}: training stopped (lower the learning rate, or change the seed)`;
        this.pause();
      }
    }
    // The histogram is due every `score-every` steps, and (while playing) no sooner than four times its own cost.
    const due = !this.#score || (force && this.#score.step !== lab.step) || (lab.step - this.#score.step >= settings.scoreEvery && performance.now() - this.#scoredAt >= 4 * this.#scoreMs);
    if (settings.views.has('histogram') && due && !this.#error) {
      const started = performance.now();
      this.#score = await lab.score();
      this.#scoredAt = performance.now();
      this.#scoreMs = this.#scoredAt - started;
      const last = this.#scores[this.#scores.length - 1];
      if (!last || last.step !== this.#score.step) this.#scores.push({ step: this.#score.step, entropy: this.#score.entropy, digits: this.#score.digits });
    }
    this.#tensors = engine.liveTensors();
    this.dispatchEvent(new CustomEvent('saddle-frame', { detail: { step: lab.step, backend: lab.backend }, bubbles: true, composed: true }));
    this.requestUpdate();
  }

  /** A setting changed by the person: reflect it, tell the page. */
  #set(name: keyof ImagesAttributes, value: string | null): void {
    (this as unknown as Record<string, string | null>)[propertyOf(name)] = value === '' ? null : value;
    this.dispatchEvent(new CustomEvent('saddle-change', { detail: { attribute: name, value }, bubbles: true, composed: true }));
  }

  #onKey = (e: KeyboardEvent) => {
    if (e.key === ' ' && (e.target as HTMLElement).localName === 'canvas') {
      e.preventDefault();
      if (this.#running) this.pause();
      else this.play();
    }
  };

  protected override render() {
    const step = this.#lab?.step ?? 0;
    const views = this.#settings?.views ?? new Set<ImageViewName>();
    return html`
      <div class="bar" role="toolbar" aria-label="training" @keydown=${this.#onKey}>
        <button @click=${() => (this.#running ? this.pause() : this.play())} aria-pressed=${this.#running ? 'true' : 'false'} ?disabled=${!this.#lab || !!this.#error}>${this.#running ? '❚❚ pause' : '▶ play'}</button>
        <button @click=${() => this.stepOnce(1)} ?disabled=${!this.#lab || !!this.#error} title="one generator step">step</button>
        <button @click=${() => this.stepOnce(10)} ?disabled=${!this.#lab || !!this.#error} title="ten generator steps">step 10</button>
        <button @click=${this.#reset} ?disabled=${!this.#engine} title="new networks from the seed">reset</button>
        <span class="status" aria-live="polite" title=${this.#backend?.skipped.length ? `skipped: ${this.#backend.skipped.join('; ')}` : 'the first backend tried'}
          >backend <b>${this.#backend?.backend ?? '…'}</b> · step <b>${step}</b> · <b>${fmt(this.#rate)}</b> steps/s${this.#running ? html` · <b>${Math.round(this.#fps)}</b> fps` : nothing}</span
        >
      </div>
      ${this.#controls(views)}
      ${this.#error ? html`<p class="message" role="alert">${this.#error}</p>` : nothing}
      ${this.#problem && !this.#error ? html`<p class="message problem" role="alert">${this.#problem}</p>` : nothing}
      ${this.#note && !this.#error ? html`<p class="note" role="status">${this.#note}</p>` : nothing}
      ${this.#loading && !this.#error
        ? html`<p class="message loading" role="status">Loading ${this.#loading.what}… ${((performance.now() - this.#loading.since) / 1000).toFixed(1)} s</p>`
        : nothing}
      <div class="views-grid">
        ${views.has('grid') ? this.#figure('grid', `samples of a fixed noise batch, step ${this.#frame?.step ?? 0}`) : nothing}
        ${views.has('histogram') ? digitHistogram(this.#score, this.#width.value, PALETTE) : nothing}
        ${views.has('interpolation') ? this.#figure('interpolation', `interpolation between two codes (${this.#lab?.config.latent.prior === 'uniform' ? 'straight line' : 'slerp'})${this.#heldDigit()}`) : nothing}
        ${views.has('traversal') ? traversalFigure(this.#frame, this.#lab?.config.latent, this.#heldDigit(), this.#width.value, this.#onKey) : nothing}
        ${views.has('conditional') && this.drawn.conditional ? this.#figure('conditional', 'AC-GAN: row y is G(z, y) for digits 0–9, one code per column', (r) => String(r)) : nothing}
        ${views.has('conditional') && this.#lab && !this.drawn.conditional ? html`<p class="note">One row per digit needs a conditional generator: add the <code>conditional</code> attribute (AC-GAN).</p>` : nothing}
      </div>
    `;
  }

  #heldDigit() {
    return this.drawn.conditional ? `, digit ${this.#engine?.HELD_DIGIT ?? 3}` : '';
  }

  /** One view's figure of digit tiles (gan-images-draw.ts), painted from the last frame after each update. */
  #figure(part: DigitPart, caption: string, rowLabel?: (row: number) => string) {
    return digitFigure({ frame: this.#frame, part, caption, width: this.#width.value, onKey: this.#onKey, rowLabel });
  }

  /**
   * The settings row shows the configuration that runs (a loaded checkpoint's included), else the attributes; the
   * controls that change the networks' shapes (or the seed) say in their tooltip that they restart training.
   */
  #controls(views: Set<ImageViewName>) {
    const running = this.#lab?.config;
    const lr = running ? (typeof running.lr === 'number' ? String(running.lr) : running.lr.join(',')) : undefined;
    const shown: Partial<Record<keyof ImagesAttributes, string>> = running
      ? {
          model: running.generator.kind ?? 'mlp',
          channels: running.generator.kind === 'dcgan' ? String(running.generator.channels) : undefined,
          layers: running.generator.kind !== 'dcgan' ? running.generator.hidden.join(',') : undefined,
          loss: running.loss,
          regularizer: running.regularizer,
          optimizer: running.optimizer,
          lr,
          batch: String(running.batch),
          kd: String(running.kd),
          latent: String(running.latent.dim),
          prior: running.latent.prior,
          seed: String(running.seed),
        }
      : {};
    const value = (n: keyof ImagesAttributes) => this.getAttribute(n) ?? shown[n] ?? '';
    const title = (n: keyof ImagesAttributes) => ((RESTARTING_ATTRIBUTES as readonly string[]).includes(n) ? "changes the networks' shapes (or the seed): restarts training" : 'changes live: keeps the weights, the optimizer state and the step');
    const select = (name: keyof ImagesAttributes, label: string, options: readonly string[], fallback: string) => html`<label title=${title(name)}
      >${label}
      <select @change=${(e: Event) => this.#set(name, (e.target as HTMLSelectElement).value)} aria-label=${label}>
        ${options.map((o) => html`<option value=${o} ?selected=${(value(name) || fallback) === o}>${o}</option>`)}
      </select></label
    >`;
    const input = (name: keyof ImagesAttributes, label: string, placeholder: string, type = 'text') => html`<label title=${title(name)}
      >${label}
      <input type=${type} .value=${value(name)} placeholder=${placeholder} aria-label=${label} @change=${(e: Event) => this.#set(name, (e.target as HTMLInputElement).value.trim())}
    /></label>`;
    const dcgan = (value('model') || 'dcgan') === 'dcgan';
    const conditional = running ? running.conditional : (this.conditional ?? null) !== null && this.conditional !== 'false';
    return html`
      <div class="settings">
        ${select('model', 'model', IMAGE_CHOICES.model, 'dcgan')} ${dcgan ? input('channels', 'width', '16', 'number') : input('layers', 'layers', '256,256')}
        ${input('latent', 'latent dim', '8', 'number')}
        <label title=${title('conditional')}><input type="checkbox" .checked=${conditional} @change=${(e: Event) => this.#set('conditional', (e.target as HTMLInputElement).checked ? 'true' : 'false')} />AC-GAN</label>
        ${input('seed', 'seed', '0', 'number')}
        ${select('loss', 'loss', IMAGE_CHOICES.loss, 'nsgan')} ${select('regularizer', 'regularizer', IMAGE_CHOICES.regularizer, 'none')}
        ${select('optimizer', 'optimizer', IMAGE_CHOICES.optimizer, 'adam')} ${input('lr', 'η', '2e-4')} ${input('kd', 'kD', '1', 'number')}
        ${input('batch', 'batch', '32', 'number')} ${select('prior', 'prior', IMAGE_CHOICES.prior, 'gaussian')}
      </div>
      <div class="files" role="group" aria-label="save and load the trained model">
        <button @click=${() => this.saveToBrowser()} ?disabled=${!this.#lab} title="keep this run in this browser (IndexedDB)">save in browser</button>
        <button @click=${() => this.loadFromBrowser()} ?disabled=${!this.#engine} title="go back to the run saved in this browser">load from browser</button>
        <button @click=${() => this.saveToFiles(true)} ?disabled=${!this.#lab} title="two files: the .json and the .weights.bin">download</button>
        <label class="upload" title="choose both files of a checkpoint: its .json and its .weights.bin"
          >upload…<input type="file" multiple accept=".json,.bin" ?disabled=${!this.#engine} @change=${this.#upload} aria-label="upload a checkpoint: its .json and .weights.bin files"
        /></label>
      </div>
      <div class="views" role="group" aria-label="views">
        ${IMAGE_VIEWS.map(
          (v) => html`<label><input type="checkbox" .checked=${views.has(v)} @change=${(e: Event) => this.#toggleView(v, (e.target as HTMLInputElement).checked)} />${IMAGE_VIEW_LABELS[v]}</label>`,
        )}
      </div>
    `;
  }

  #toggleView(v: ImageViewName, on: boolean): void {
    const views = new Set(this.#settings?.views ?? []);
    if (on) views.add(v);
    else views.delete(v);
    this.#set('views', IMAGE_VIEWS.filter((x) => views.has(x)).join(','));
  }

  #reset = () => {
    this.pause();
    void this.#enqueue(async () => {
      await this.#exclusive(async () => {
        this.#lab?.dispose();
        this.#lab = undefined;
        this.#frame = undefined;
        this.#configKey = undefined;
      });
      await this.#apply();
      this.#note = 'reset: new networks from the seed';
    });
  };

  #upload = async (e: Event) => {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length) await this.loadFromFiles(files);
  };

  protected override updated(): void {
    this.#paint();
  }

  /** Puts each view's tiles on its canvas at native size (CSS scales them by whole pixels, `image-rendering: pixelated`). */
  #paint(): void {
    if (this.#frame && this.#engine) paintDigits(this.renderRoot, this.#frame, this.#engine.tile, this.#painted);
  }
}

if (!customElements.get('saddle-gan-images')) customElements.define('saddle-gan-images', GanImages);

declare global {
  interface HTMLElementTagNameMap {
    'saddle-gan-images': GanImages;
  }
}
