/**
 * `<saddle-gan-trainer>`: a GAN on 2-D data trained live in the page (GAN Lab's picture, and more). The engine
 * (tfjs, gan/) loads by a dynamic import when the element connects (./gan-trainer-engine.ts), so this file and the
 * embed bundle's eager part hold no tfjs.
 *
 * What it shows, each view switchable: real samples, fake samples of a fixed latent batch (the same points move from
 * refresh to refresh), the discriminator's heatmap with its indifference contour, the generator's manifold (a latent
 * grid mapped through G), the gradient arrows of both players' losses on the fake samples (gan/view.ts has the
 * maths); charts of the losses, the gradient norms and (for mixtures) the modes captured; the backend that runs,
 * the step, steps per second and frames per second.
 *
 * Training never holds the page: each animation frame takes at most `speed` steps and never more than fit in a
 * 10 ms budget (measured with the GPU's time included, gan/session.ts); the picture is read back (one transfer)
 * every `refresh` milliseconds, independently of the speed. Every setting changes while training runs: the session
 * carries weights and optimizer state over whenever the new configuration allows it.
 *
 * Attributes (reflected): data (the data set), points (JSON [[x, y], …] for data="points"; drawn with the mouse), loss,
 * regularizer, optimizer ("adam", or "adam,simgda": one per player, generator then discriminator), lr ("η" or "η_G,η_D"), kd, batch, prior, layers (hidden widths "14,14", both networks), seed, config
 * (JSON: any other field of gan/config.ts, overridden by the attributes above), views (comma list of
 * real, fake, heat, manifold, arrows-g, arrows-d), speed (steps per frame or "max"), refresh (ms), backend (order to
 * try, default "webgl,wasm,cpu"), autoplay, url-state (read the settings from the page's link and share them).
 * A bad attribute or configuration shows its message inside the element. Fires `saddle-change` ({attribute, value})
 * when the person changes a setting (or loads a checkpoint), and `saddle-frame` ({step, backend}) after each
 * refresh. The read-only `drawn` property says what is on screen (for scripts and tests).
 *
 * Save and load go through the same pieces as `<saddle-gan-images>` (components/kit/checkpoint-io.ts): a checkpoint
 * (weights, batch-norm statistics, optimizer state, step, random streams, configuration) saved in this browser
 * (IndexedDB, `saddle-gan` or `saddle-gan-<id>`) or downloaded as two files (`.json` + `.weights.bin`, which the
 * command line resumes from too; the weights file may have been renamed by the browser), and loaded from either: the
 * same samples for the same noise, and the next steps of the uninterrupted run. A checkpoint that cannot load here
 * (an MNIST one of `<saddle-gan-images>`, a broken file) is a message of its own, and the run on screen goes on.
 * Scripts call {@link GanTrainerElement.saveToBrowser}, {@link GanTrainerElement.saveToFiles},
 * {@link GanTrainerElement.loadFromBrowser} and {@link GanTrainerElement.loadFromFiles}.
 */
import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { WidthController } from './kit/width.ts';
import { InputError } from '../src/errors.ts';
import type { CarryOver } from '../gan/carry-over.ts';
import type { GanSession, SessionFrame } from '../gan/session.ts';
import type { GanTrainer } from '../gan/train.ts';
import type { LoadFrom, SaveTo } from './kit/checkpoint-io.ts';
import { lineChart } from './gan-trainer-charts.ts';
import { ATTRIBUTE_NAMES, attributesFromUrl, CHOICES, COLOURS, optimizerPair, pickOptimizer, readTrainerAttributes, shareLink, VIEW_LABELS, VIEWS, type TrainerAttributes, type TrainerSettings, type ViewName } from './gan-trainer-state.ts';
import { styles } from './gan-trainer.styles.ts';
import { PALETTE } from './phase-plot.ts';

type Engine = typeof import('./gan-trainer-engine.ts');

/** Milliseconds of training per animation frame at most (a 60 Hz frame is 16.7 ms; drawing needs the rest). */
export const FRAME_BUDGET_MS = 10;

const describe = (e: unknown) => (e instanceof InputError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`);
const fmt = (v: number) => (!Number.isFinite(v) ? String(v) : v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(3))));
const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/** What the element shows, for scripts and tests. */
export interface TrainerDrawn {
  backend?: string;
  /** Why backends before it in the order were skipped. */
  skipped: string[];
  step: number;
  running: boolean;
  stepsPerSecond: number;
  framesPerSecond: number;
  frame?: SessionFrame;
  history: GanSession['history'];
  error?: string;
  /** What the last live change carried over. */
  carried?: CarryOver;
  /** Live tensors on the backend after the last refresh. */
  tensors?: number;
  /** The last note (a live change, a save, a load) and the last problem that did not stop training (a failed load). */
  note?: string;
  problem?: string;
}

export class GanTrainerElement extends LitElement {
  static override properties: PropertyDeclarations = {
    ...Object.fromEntries(ATTRIBUTE_NAMES.map((n) => [n, { reflect: true }])),
    autoplay: { type: Boolean, reflect: true },
    urlState: { type: Boolean, reflect: true, attribute: 'url-state' },
  };
  static override styles = styles;
  declare config: string | null;
  declare data: string | null;
  declare points: string | null;
  declare loss: string | null;
  declare regularizer: string | null;
  declare optimizer: string | null;
  declare lr: string | null;
  declare kd: string | null;
  declare batch: string | null;
  declare prior: string | null;
  declare layers: string | null;
  declare seed: string | null;
  declare views: string | null;
  declare speed: string | null;
  declare refresh: string | null;
  declare backend: string | null;
  declare autoplay: boolean;
  declare urlState: boolean;

  #engine?: Engine;
  #session?: GanSession;
  #settings?: TrainerSettings;
  #configKey?: string;
  #error?: string;
  #backend?: { backend: string; skipped: string[] };
  #frame?: SessionFrame;
  #running = false;
  #busy = false;
  #refreshing = false;
  #lastRefresh = 0;
  #raf = 0;
  #lastFrameTime = 0;
  /** Milliseconds of training the next frames may spend (see #tick). */
  #credit = 0;
  /** Steps queued per frame on webgl (adapted at each refresh). */
  #gpuSteps = 1;
  /** The last read-back waits on webgl, ms. */
  #waits: number[] = [];
  /** How long the last refresh held the page (its synchronous part), ms. */
  #refreshCost = 0;
  #fps = 0;
  #carried?: CarryOver;
  #tensors?: number;
  #link?: string;
  #note?: string;
  #problem?: string;
  /** The content width, kept by a ResizeObserver (kit/width.ts). */
  readonly #width = new WidthController(this);
  #drawing = false;
  #queue: Promise<void> = Promise.resolve();

  constructor() {
    super();
    this.autoplay = false;
    this.urlState = false;
  }

  get drawn(): TrainerDrawn {
    return {
      backend: this.#backend?.backend,
      skipped: this.#backend?.skipped ?? [],
      step: this.#session?.step ?? 0,
      running: this.#running,
      stepsPerSecond: this.#session?.stepsPerSecond ?? 0,
      framesPerSecond: this.#fps,
      frame: this.#frame,
      history: this.#session?.history ?? [],
      error: this.#error,
      carried: this.#carried,
      tensors: this.#tensors,
      note: this.#note,
      problem: this.#problem,
    };
  }

  #resolveReady!: () => void;
  /** Resolves once the engine has loaded and the first picture is drawn (or an error is shown). */
  readonly ready: Promise<void> = new Promise((resolve) => (this.#resolveReady = resolve));

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.urlState && typeof location !== 'undefined') {
      try {
        const fromUrl = attributesFromUrl(location.href, this.id);
        if (fromUrl) for (const [k, v] of Object.entries(fromUrl)) this.setAttribute(k, v as string);
      } catch (e) {
        this.#error = describe(e);
      }
    }
    this.#enqueue(() => this.#start());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.pause();
    this.#enqueue(async () => {
      if (this.isConnected) return;
      this.#session?.dispose();
      this.#session = undefined;
    });
  }

  /** Runs configuration work one piece at a time (the engine is async; the frame loop waits while it works). */
  #enqueue(job: () => Promise<void>): void {
    this.#queue = this.#queue.then(async () => {
      this.#busy = true;
      try {
        await job();
      } catch (e) {
        this.#error = describe(e);
      } finally {
        this.#busy = false;
        this.requestUpdate();
      }
    });
  }

  async #start(): Promise<void> {
    try {
      this.#settings = readTrainerAttributes(this as TrainerAttributes);
    } catch (e) {
      this.#error = describe(e);
      this.#resolveReady();
      return;
    }
    try {
      this.#engine ??= await import('./gan-trainer-engine.ts');
      this.#backend ??= await this.#engine.pageBackend(this.#settings.backend);
    } catch (e) {
      this.#error = describe(e);
      this.#resolveReady();
      return;
    }
    await this.#apply();
    this.#resolveReady();
    if (this.autoplay && !reducedMotion() && !this.#error) this.play();
  }

  /** Makes or reconfigures the session for the current attributes. */
  async #apply(): Promise<void> {
    const engine = this.#engine;
    if (!engine) return;
    let settings: TrainerSettings;
    try {
      settings = readTrainerAttributes(this as TrainerAttributes);
    } catch (e) {
      this.#error = describe(e);
      return;
    }
    this.#settings = settings;
    const key = JSON.stringify(settings.config);
    if (key === this.#configKey && this.#session) {
      this.#error = undefined;
      return;
    }
    if (this.#needsPoints(settings)) {
      this.#error = undefined;
      this.#configKey = key;
      this.#note = 'Draw points on the canvas with the mouse (at least 3), then press play.';
      return;
    }
    try {
      const config = engine.parseGanConfig(settings.config);
      let note: string | undefined;
      if (this.#session) {
        const { session, carried, because } = await this.#session.reconfigure(config);
        this.#session = session;
        this.#carried = carried;
        note = carried === 'everything' ? `changed live at step ${session.step}: kept the weights, the optimizer state and the step` : because;
      } else {
        this.#session = engine.GanSession.create(config);
        this.#carried = undefined;
      }
      this.#configKey = key;
      this.#error = undefined;
      this.#problem = undefined;
      this.#note = note;
      await this.#refresh();
    } catch (e) {
      this.#error = describe(e);
    }
  }

  #needsPoints(s: TrainerSettings): boolean {
    const d = s.config.dataset as { name?: string; points?: unknown[] } | undefined;
    return typeof d === 'object' && d?.name === 'points' && (!Array.isArray(d.points) || d.points.length < 3);
  }

  protected override willUpdate(changed: PropertyValues): void {
    const touched = ATTRIBUTE_NAMES.some((n) => changed.has(n));
    if (touched && this.#engine && this.hasUpdated) this.#enqueue(() => this.#apply());
  }

  /** Starts training (animation frames); does nothing while an error is shown. */
  play(): void {
    if (this.#running || this.#error || !this.#session) return;
    this.#running = true;
    this.#session.resumeClock();
    this.#lastFrameTime = 0;
    this.#raf = requestAnimationFrame(this.#tick);
    this.requestUpdate();
  }

  /** Stops training; the picture then shows the last step (one more refresh if it lags behind). */
  pause(): void {
    const was = this.#running;
    this.#running = false;
    cancelAnimationFrame(this.#raf);
    this.requestUpdate();
    if (was) void this.#catchUp();
  }

  async #catchUp(): Promise<void> {
    while (this.#refreshing) await new Promise((resolve) => setTimeout(resolve, 20));
    if (!this.#running && this.#session && this.#frame?.step !== this.#session.step) await this.#refresh();
  }

  /** Steps `n` times without animation ('discriminator', 'generator' or 'both'), then refreshes. */
  async stepOnce(mode: 'both' | 'discriminator' | 'generator', n = 1): Promise<void> {
    const session = this.#session;
    if (!session || this.#error) return;
    await this.#queue;
    try {
      session.run(n, Infinity, mode);
    } catch (e) {
      this.#error = describe(e);
    }
    await this.#refresh();
  }

  #tick = (now: number) => {
    if (!this.#running) return;
    this.#raf = requestAnimationFrame(this.#tick);
    if (this.#lastFrameTime) {
      const dt = now - this.#lastFrameTime;
      this.#fps = this.#fps ? 0.9 * this.#fps + 0.1 * (1000 / dt) : 1000 / dt;
    }
    this.#lastFrameTime = now;
    const session = this.#session;
    const settings = this.#settings;
    if (!session || !settings || this.#busy) return;
    // On webgl a step only queues GPU work: while a read-back waits for the queue, queuing more would grow it
    // without bound (the read would never catch up on a slow GPU). The page keeps drawing; training resumes after.
    if (this.#refreshing && session.trainer.backend === 'webgl') return;
    // A time credit of FRAME_BUDGET_MS per frame pays for steps at their measured cost: when one step costs more
    // than a frame's budget (a loaded machine, a big model), steps are taken every few frames instead of slowing
    // every frame down, so the page keeps its frame rate on average.
    // On webgl the cost of a step is not seen on the CPU: the number of steps queued per frame adapts instead
    // (additive increase, multiplicative decrease, on how long the last read-back had to wait; see #refresh).
    const gpu = session.trainer.backend === 'webgl';
    const cost = gpu ? 1 : session.msPerStep;
    this.#credit = gpu ? Math.min(this.#credit + this.#gpuSteps, Math.max(1, this.#gpuSteps)) : Math.min(this.#credit + FRAME_BUDGET_MS, Math.max(FRAME_BUDGET_MS, cost));
    const affordable = Math.floor(this.#credit / cost);
    if (affordable < 1) return this.#maybeRefresh(now, settings);
    try {
      const taken = session.run(Math.min(settings.speed, affordable), FRAME_BUDGET_MS);
      this.#credit = Math.max(0, this.#credit - taken * cost);
    } catch (e) {
      this.#error = describe(e);
      this.pause();
      return;
    }
    this.#maybeRefresh(now, settings);
  };

  #maybeRefresh(now: number, settings: TrainerSettings): void {
    // A refresh takes at most a fifth of the time: on a slow backend the picture updates less often, not the page.
    // (At most a second: the first refresh on webgl compiles its shaders and says nothing about the next ones.)
    const every = Math.max(reducedMotion() ? 500 : 0, settings.refresh, Math.min(1000, 4 * this.#refreshCost));
    if (!this.#refreshing && now - this.#lastRefresh >= every) void this.#refresh();
  }

  /** One read-back and one picture. */
  async #refresh(): Promise<void> {
    const session = this.#session;
    if (!session || this.#refreshing) return;
    this.#refreshing = true;
    try {
      this.#frame = await session.refresh();
      this.#refreshCost = session.refreshMs;
      // The read-back waited for the GPU's queue and the probe: longer than half the refresh interval means more
      // was queued than the GPU runs in that time.
      // The probe's own GPU time is the smallest of the recent waits.
      if (session.trainer.backend === 'webgl') {
        this.#waits = [...this.#waits.slice(-9), session.waitMs];
        const probe = Math.min(...this.#waits);
        const overloaded = session.waitMs > probe + Math.max(30, 0.5 * (this.#settings?.refresh ?? 0));
        this.#gpuSteps = overloaded ? Math.max(0.1, 0.7 * this.#gpuSteps) : Math.min(64, this.#gpuSteps + 0.5);
      }
      this.#lastRefresh = performance.now();
      this.#tensors = this.#engine?.liveTensors();
      if (session.diverged) {
        this.#note = session.diverged;
        this.pause();
      }
      this.dispatchEvent(new CustomEvent('saddle-frame', { detail: { step: session.step, backend: this.#backend?.backend }, bubbles: true, composed: true }));
    } catch (e) {
      this.#error = describe(e);
      this.pause();
    } finally {
      this.#refreshing = false;
    }
    this.requestUpdate();
  }

  /** A setting changed by the person: reflect it, tell the page. */
  #set(name: keyof TrainerAttributes, value: string): void {
    (this as unknown as Record<string, string | null>)[name] = value === '' ? null : value;
    this.dispatchEvent(new CustomEvent('saddle-change', { detail: { attribute: name, value }, bubbles: true, composed: true }));
  }

  #planeSize(): number {
    const w = this.#width.value || 640;
    return Math.max(220, Math.min(480, w >= 700 ? w - 300 : w - 4));
  }

  protected override render() {
    const size = this.#planeSize();
    const chartWidth = (this.#width.value || 640) >= 700 ? Math.min(300, (this.#width.value || 640) - size - 14) : size;
    const history = this.#session?.history ?? [];
    const hasModes = history.some((h) => h.modes !== undefined);
    const frame = this.#frame;
    const step = this.#session?.step ?? 0;
    const label = `GAN trained live on ${this.#backend?.backend ?? 'no backend yet'}: step ${step}${frame?.modes ? `, ${frame.modes.modes} of ${frame.modes.histogram.length} modes` : ''}. Space plays or pauses.`;
    return html`
      <div class="bar" role="toolbar" aria-label="training">
        <button @click=${() => (this.#running ? this.pause() : this.play())} aria-pressed=${this.#running ? 'true' : 'false'} ?disabled=${!this.#session || !!this.#error}>${this.#running ? '❚❚ pause' : '▶ play'}</button>
        <button @click=${() => this.stepOnce('discriminator')} ?disabled=${!this.#session} title="one discriminator update">step D</button>
        <button @click=${() => this.stepOnce('generator')} ?disabled=${!this.#session} title="one generator update">step G</button>
        <button @click=${() => this.stepOnce('both')} ?disabled=${!this.#session} title="one trainer step: kD − 1 discriminator updates, then both">step both</button>
        <button @click=${this.#reset} ?disabled=${!this.#engine} title="new networks from the seed">reset</button>
        <span class="status" aria-live="polite" title=${this.#backend?.skipped.length ? `skipped: ${this.#backend.skipped.join('; ')}` : 'the first backend tried'}>backend <b>${this.#backend?.backend ?? '…'}</b> · step <b>${step}</b> · <b>${fmt(this.#session?.stepsPerSecond ?? 0)}</b> steps/s · <b>${Math.round(this.#fps)}</b> fps</span>
      </div>
      ${this.#controls()}
      ${this.#error ? html`<p class="message" role="alert">${this.#error}</p>` : nothing}
      ${this.#problem && !this.#error ? html`<p class="message problem" role="alert">${this.#problem}</p>` : nothing}
      ${!this.#error && !this.#session && !this.#note ? html`<p class="message loading" role="status">Loading the GAN engine (tfjs)…</p>` : nothing}
      ${this.#note ? html`<p class="note" role="status">${this.#note}</p>` : nothing}
      <div class="body">
        <canvas
          width=${Math.round(size * devicePixelRatio)}
          height=${Math.round(size * devicePixelRatio)}
          style="width:${size}px;height:${size}px"
          tabindex="0"
          role="img"
          aria-label=${label}
          @keydown=${this.#onKey}
          @pointerdown=${this.#onPointerDown}
          @pointermove=${this.#onPointerMove}
          @pointerup=${this.#onPointerUp}
        ></canvas>
        <div class="charts">
          ${lineChart('losses (evaluation batch)', [
            { label: 'ℓ_G', colour: PALETTE[0], values: history.map((h) => [h.step, h.lossG] as const) },
            { label: 'ℓ_D', colour: PALETTE[1], values: history.map((h) => [h.step, h.lossD] as const) },
          ], chartWidth, 110)}
          ${lineChart('gradient norms (log)', [
            { label: '‖∇θ ℓ_G‖', colour: PALETTE[0], values: history.map((h) => [h.step, h.gradNormG] as const) },
            { label: '‖∇ψ ℓ_D‖', colour: PALETTE[1], values: history.map((h) => [h.step, h.gradNormD] as const) },
          ], chartWidth, 110, true)}
          ${hasModes
            ? lineChart(`modes captured (of ${frame?.modes?.histogram.length ?? '?'})`, [
                { label: 'modes', colour: PALETTE[2], values: history.map((h) => [h.step, h.modes ?? NaN] as const) },
              ], chartWidth, 100)
            : nothing}
          ${frame ? html`<p class="note">ℓ_G ${fmt(frame.lossG)} · ℓ_D ${fmt(frame.lossD)} · ‖∇ℓ_G‖ ${fmt(frame.gradNormG)} · ‖∇ℓ_D‖ ${fmt(frame.gradNormD)}${frame.modes ? html` · high quality ${fmt(100 * frame.modes.highQuality)}%` : nothing}</p>` : nothing}
        </div>
      </div>
      <ul class="legend" aria-hidden="true">
        <li><span class="swatch" style="background:${COLOURS.real}"></span>real</li>
        <li><span class="swatch" style="background:${COLOURS.fake}"></span>fake (fixed noise)</li>
        <li><span class="swatch" style="background:${COLOURS.dReal}"></span>D says real</li>
        <li><span class="swatch" style="background:${COLOURS.dFake}"></span>D says fake (dashed: ${this.#session?.scale.output === 'score' ? `D = ${this.#session.scale.level}` : 'D = ½'})</li>
        <li><span class="swatch" style="background:${COLOURS.arrowG}"></span>−∇ℓ_G on fakes</li>
        <li><span class="swatch" style="background:${COLOURS.arrowD}"></span>−∇ℓ_D on fakes</li>
      </ul>
      <div class="files">
        <button @click=${() => this.saveToBrowser()} ?disabled=${!this.#session} title="keep this run in this browser (IndexedDB)">save in browser</button>
        <button @click=${() => this.loadFromBrowser()} ?disabled=${!this.#engine} title="go back to the run saved in this browser">load from browser</button>
        <button @click=${() => this.saveToFiles(true)} ?disabled=${!this.#session} title="two files: the .json and the .weights.bin">download</button>
        <label title="choose both files of a checkpoint: its .json and its .weights.bin"
          >upload <input type="file" multiple accept=".json,.bin" ?disabled=${!this.#engine} @change=${this.#upload} aria-label="upload a checkpoint: its .json and .weights.bin files"
        /></label>
        <button @click=${this.#share}>share link</button>
        ${this.#link ? html`<a class="share" href=${this.#link}>${this.#link}</a>` : nothing}
      </div>
    `;
  }

  #controls() {
    const attr = (n: keyof TrainerAttributes) => (this as unknown as Record<string, string | null>)[n] ?? '';
    const select = (name: keyof TrainerAttributes, label: string, options: readonly string[], fallback: string) => html`<label
      >${label}
      <select @change=${(e: Event) => this.#set(name, (e.target as HTMLSelectElement).value)} aria-label=${label}>
        ${options.map((o) => html`<option value=${o} ?selected=${(attr(name) || fallback) === o}>${o}</option>`)}
      </select></label
    >`;
    const input = (name: keyof TrainerAttributes, label: string, placeholder: string, type = 'text') => html`<label
      >${label}
      <input type=${type} .value=${attr(name)} placeholder=${placeholder} aria-label=${label} @change=${(e: Event) => this.#set(name, (e.target as HTMLInputElement).value.trim())}
    /></label>`;
    const [lrG, lrD] = (attr('lr') || '1e-3').split(',');
    const setLr = (which: 0 | 1, v: string) => {
      const parts = [lrG, lrD ?? lrG];
      parts[which] = v.trim() || '1e-3';
      this.#set('lr', parts[0] === parts[1] ? parts[0] : parts.join(','));
    };
    const views = this.#settings?.views ?? new Set<ViewName>();
    return html`
      <div class="settings">
        ${select('data', 'data', CHOICES.data, 'ring8')} ${select('loss', 'loss', CHOICES.loss, 'nsgan')}
        ${select('regularizer', 'regularizer', CHOICES.regularizer, 'none')}
        ${this.#playerControls(0, lrG, setLr)} ${this.#playerControls(1, lrD ?? lrG, setLr)}
        ${input('kd', 'kD', '1', 'number')} ${input('batch', 'batch', '256', 'number')} ${select('prior', 'prior', CHOICES.prior, 'gaussian')}
        ${input('layers', 'hidden layers', '14,14')} ${input('seed', 'seed', '0', 'number')}
        ${select('speed', 'steps/frame', CHOICES.speed, 'max')} ${select('refresh', 'refresh ms', CHOICES.refresh, '250')}
        ${attr('data') === 'points' ? html`<button @click=${() => this.#set('points', '')}>clear points</button>` : nothing}
      </div>
      <div class="views" role="group" aria-label="views">
        ${VIEWS.map(
          (v) => html`<label><input type="checkbox" .checked=${views.has(v)} @change=${(e: Event) => this.#toggleView(v, (e.target as HTMLInputElement).checked)} />${VIEW_LABELS[v]}</label>`,
        )}
      </div>
    `;
  }

  /**
   * One player's optimizer and learning rate side by side, as GAN Lab groups them: `G [adam] η [1e-3]`. The two
   * selects write the attribute `optimizer` ("adam,simgda", one name when both agree); picking a method on the joint
   * game (eg, consensus, unrolled) sets both players to it (gan-trainer-state.ts pickOptimizer).
   */
  #playerControls(which: 0 | 1, lr: string, setLr: (which: 0 | 1, v: string) => void) {
    const [short, role] = which === 0 ? ['G', 'generator'] : ['D', 'discriminator'];
    const current = optimizerPair(this.optimizer)[which];
    const names = (CHOICES.optimizer as readonly string[]).includes(current) ? CHOICES.optimizer : [current, ...CHOICES.optimizer];
    return html`<span class="player" role="group" aria-label="${role}: optimizer and learning rate"
      ><b>${short}</b>
      <select
        aria-label="${role} optimizer"
        title="simgda, altgda, ogda, momentum and adam mix per player; eg, consensus and unrolled act on both players at once"
        @change=${(e: Event) => this.#set('optimizer', pickOptimizer(this.optimizer, which, (e.target as HTMLSelectElement).value))}
      >
        ${names.map((o) => html`<option value=${o} .selected=${current === o}>${o}</option>`)}
      </select>
      <label>η <input type="text" .value=${lr} aria-label="${role} learning rate" @change=${(e: Event) => setLr(which, (e.target as HTMLInputElement).value)} /></label
    ></span>`;
  }

  #toggleView(v: ViewName, on: boolean): void {
    const views = new Set(this.#settings?.views ?? []);
    if (on) views.add(v);
    else views.delete(v);
    this.#set('views', VIEWS.filter((x) => views.has(x)).join(','));
  }

  #reset = () => {
    this.pause();
    this.#enqueue(async () => {
      this.#session?.dispose();
      this.#session = undefined;
      this.#frame = undefined;
      this.#configKey = undefined;
      await this.#apply();
    });
  };

  /** This element's slot in the browser's IndexedDB (`saddle-gan`, or `saddle-gan-<id>`). */
  get #slot(): string {
    return this.#engine?.browserKey('saddle-gan', this.id) ?? 'saddle-gan';
  }

  /** Saves the run in this browser (IndexedDB, the element's slot); a note says so, or a message why not. */
  async saveToBrowser(): Promise<void> {
    await this.#save({ browser: this.#slot });
  }

  /**
   * The run as the two checkpoint files (`<slot>.json`, `<slot>.weights.bin`); with `download`, handed to the
   * browser's downloads too (what the button does).
   */
  async saveToFiles(download = false): Promise<File[]> {
    return this.#save({ files: this.#slot, download });
  }

  /** Loads the run saved in this browser; when none can be, a message says why and the run on screen goes on. */
  async loadFromBrowser(): Promise<void> {
    await this.#load({ browser: this.#slot });
  }

  /** Loads a checkpoint from its two files (as a person picks them, renamed or not); when it cannot, a message says why. */
  async loadFromFiles(files: readonly File[]): Promise<void> {
    await this.#load({ files });
  }

  /**
   * Saves between two frames (the frame loop takes no step while the queue works: a save reads the tensors back
   * asynchronously); a failure is a problem shown apart from `#error`, so training goes on.
   */
  async #save(to: SaveTo): Promise<File[]> {
    let files: File[] = [];
    this.#enqueue(async () => {
      const session = this.#session;
      const engine = this.#engine;
      if (!session || !engine) return;
      try {
        const saved = await engine.saveRun(session.trainer, to);
        [files, this.#note, this.#problem] = [saved.files, saved.note, undefined];
      } catch (e) {
        this.#problem = describe(e);
      }
    });
    await this.#queue;
    return files;
  }

  /**
   * Replaces the session by one around a loaded trainer, and the attributes by its configuration (so the controls
   * show it and a later change carries it over). A checkpoint that cannot load leaves the run as it was, running if
   * it ran, and shows why.
   */
  async #load(from: LoadFrom): Promise<void> {
    this.#enqueue(async () => {
      const engine = this.#engine;
      if (!engine) return;
      let loaded: { trainer: GanTrainer; note: string };
      let session: GanSession;
      try {
        loaded = await engine.loadRun(from, engine.trainerCheckpoint);
      } catch (e) {
        this.#problem = describe(e);
        return;
      }
      try {
        session = engine.GanSession.around(loaded.trainer);
      } catch (e) {
        loaded.trainer.dispose();
        this.#problem = describe(e);
        return;
      }
      // The old session goes once its last picture is read (pausing may start one: #catchUp).
      this.pause();
      while (this.#refreshing) await new Promise((resolve) => setTimeout(resolve, 20));
      this.#session?.dispose();
      this.#session = session;
      this.#frame = undefined;
      this.#carried = undefined;
      for (const n of ATTRIBUTE_NAMES) if (n !== 'views' && n !== 'speed' && n !== 'refresh' && n !== 'backend') this.removeAttribute(n);
      this.config = JSON.stringify(session.config);
      this.#configKey = JSON.stringify(readTrainerAttributes(this as TrainerAttributes).config);
      this.#error = undefined;
      this.#problem = undefined;
      this.#note = loaded.note;
      this.dispatchEvent(new CustomEvent('saddle-change', { detail: { attribute: 'config', value: this.config }, bubbles: true, composed: true }));
      await this.#refresh();
    });
    await this.#queue;
  }

  #upload = async (e: Event) => {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length) await this.loadFromFiles(files);
  };

  #share = async () => {
    const attrs = Object.fromEntries(ATTRIBUTE_NAMES.map((n) => [n, this.getAttribute(n)])) as TrainerAttributes;
    this.#link = shareLink(location.href, this.id, attrs);
    try {
      await navigator.clipboard?.writeText(this.#link);
      this.#note = 'link copied';
    } catch {
      this.#note = 'copy the link below';
    }
    this.requestUpdate();
  };

  #onKey = (e: KeyboardEvent) => {
    if (e.key === ' ') {
      e.preventDefault();
      if (this.#running) this.pause();
      else this.play();
    }
  };

  /** Drawing data with the mouse: only with data="points". */
  #pointToData(e: PointerEvent): [number, number] {
    const r = (e.currentTarget as HTMLCanvasElement).getBoundingClientRect();
    const domain = this.#session?.domain ?? { x: [-1, 1], y: [-1, 1] };
    const [x0, x1] = domain.x;
    const [y0, y1] = domain.y ?? [-1, 1];
    const u = (e.clientX - r.left) / r.width;
    const v = (e.clientY - r.top) / r.height;
    return [Number((x0 + u * (x1 - x0)).toFixed(3)), Number((y1 - v * (y1 - y0)).toFixed(3))];
  }

  #pending: [number, number][] = [];

  #onPointerDown = (e: PointerEvent) => {
    if (this.data !== 'points' || e.button !== 0) return;
    (e.currentTarget as HTMLCanvasElement).setPointerCapture(e.pointerId);
    this.#drawing = true;
    this.#pending = [this.#pointToData(e)];
    this.#paint();
  };

  #onPointerMove = (e: PointerEvent) => {
    if (!this.#drawing) return;
    const p = this.#pointToData(e);
    const last = this.#pending[this.#pending.length - 1];
    if (!last || Math.hypot(p[0] - last[0], p[1] - last[1]) > 0.03) this.#pending.push(p);
    this.#paint();
  };

  #onPointerUp = () => {
    if (!this.#drawing) return;
    this.#drawing = false;
    let old: [number, number][] = [];
    try {
      old = JSON.parse(this.points || '[]') as [number, number][];
    } catch {
      old = [];
    }
    this.#set('points', JSON.stringify([...old, ...this.#pending]));
    this.#pending = [];
  };

  protected override updated(): void {
    this.#paint();
  }

  /** Draws the last frame (and the points being drawn). */
  #paint(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const size = this.#planeSize();
    ctx.setTransform(devicePixelRatio, 0, 0, devicePixelRatio, 0, 0);
    const session = this.#session;
    const frame = this.#frame;
    if (session && frame && this.#engine && session.trainer.data.dim === 2) {
      this.#engine!.drawPlane(ctx, size, { ...frame, domain: session.domain, grid: session.grid, scale: session.scale, latentSide: session.views.latentSide, real: session.real }, this.#settings?.views ?? new Set());
    } else {
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, size, size);
    }
    if (this.data === 'points') {
      const domain = session?.domain ?? { x: [-1, 1] as [number, number], y: [-1, 1] as [number, number] };
      const [x0, x1] = domain.x;
      const [y0, y1] = domain.y ?? [-1, 1];
      let drawnPoints: [number, number][] = [];
      try {
        drawnPoints = JSON.parse(this.points || '[]') as [number, number][];
      } catch {
        drawnPoints = [];
      }
      ctx.fillStyle = COLOURS.real;
      for (const [x, y] of [...drawnPoints, ...this.#pending]) {
        ctx.beginPath();
        ctx.arc(((x - x0) / (x1 - x0)) * size, ((y1 - y) / (y1 - y0)) * size, 2.5, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
  }
}

if (!customElements.get('saddle-gan-trainer')) customElements.define('saddle-gan-trainer', GanTrainerElement);

declare global {
  interface HTMLElementTagNameMap {
    'saddle-gan-trainer': GanTrainerElement;
  }
}
