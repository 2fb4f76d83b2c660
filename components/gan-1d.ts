/**
 * `<saddle-gan-1d>`: Figure 1 of Goodfellow et al. 2014, "Generative Adversarial Nets", live. A GAN learns a 1-D
 * distribution; the picture shows, over the data axis x:
 * - the data density p_data (black dots): the exact density of the mixture Σ wₖ N(μₖ, σₖ²) (gan/data.ts);
 * - the generator's density p_g (green): the push-forward of uniform z through G, exact up to G's linear
 *   interpolation on a grid of 961 latent points, averaged over the picture's cells (gan/one-d.ts; no kernel
 *   estimate, whose bandwidth would blur two modes);
 * - the discriminator D(x) = σ(logit) (blue dashes), and, thin grey, the optimal discriminator for the current
 *   generator, D*(x) = p_data(x) / (p_data(x) + p_g(x)) (the paper's Proposition 1);
 * - below, the map x = G(z): z uniform on [−1, 1] on the lower line, arrows to G(z) on the upper line, so they crowd
 *   where p_g is high.
 * The stage buttons follow the paper's panels: (a) the start, (b) D trained towards D* with G fixed, (c) G updated
 * along ∇D, (d) play until p_g = p_data and D = ½, which the element detects and where play stops: the total
 * variation TV(p_g, p_data) below 0.1 and the mean of |D − ½| under (p_data + p_g)/2 below 0.05 (for the optimal D
 * that mean is exactly TV/2: gan/one-d.ts derives both and shows why a pointwise max |D − ½| cannot be asked for).
 * Both numbers are shown under the stage label.
 *
 * The run (gan/one-d.ts `oneDConfig`, measured there): the networks see the data standardized (mean 0, variance 1;
 * the picture maps back), G is a leaky-ReLU MLP 1-32-32-1 on z ~ U[−1, 1], D a leaky-ReLU MLP 1-32-32-1, Adam with
 * β₁ = 0.5, η = (10⁻³, 4·10⁻³) for (G, D), kD = 3 discriminator steps per generator step, batch 256. Measured in
 * Node on wasm: N(2, ½²) reaches (d) at generator step 600–800 (seeds 0–2, both losses); two modes ½N(−1, ½²) +
 * ½N(2, ½²) at step 2,200 (seed 0, saturating loss), while seeds 1, 2 and the non-saturating loss hover at
 * TV 0.11–0.18 within 2,500–3,000 steps (a continuous G keeps a bridge of mass between the modes). In headless
 * Chromium on wasm, on a busy 2-core machine, play from (a) to (d) for the gallery's N(2, ½²), seed 2, took ≈ 60 s.
 * The old defaults (tanh G, β₁ = 0.9, kD = 1, data unstandardized) plateaued at TV ≈ 0.24 with D flat at ½.
 *
 * Loss switch (attribute `loss`): `gan`, the saturating minimax loss ℓ_G = E log(1 − D(G(z))), or `nsgan`, the
 * non-saturating ℓ_G = −E log D(G(z)). Both reach (d) for one Gaussian (the same fixed point: the paper's Theorem 1
 * holds for both, only the gradient far from it differs). Both generator-gradient norms ‖∇_θ ℓ_G‖ are shown at every
 * refresh at the same parameters, and charted: when D rejects the fakes early in training the saturating one
 * vanishes (the paper's §3 remark that motivates the non-saturating loss).
 *
 * Attributes (reflected): means ("2" or "-1,2"), stds ("0.5", or one per mean), loss (gan | nsgan), lr ("η" or
 * "η_G,η_D"), seed, backend (order to try; default wasm, then cpu: the lightest that works for networks this small),
 * autoplay. A bad attribute shows its message inside the element; `saddle-change` fires when the person switches the
 * loss. The read-only `drawn` property holds what is on screen, with the detector's numbers `tv` and `offHalf`.
 */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { LitElement, html, nothing, svg, type PropertyDeclarations, type PropertyValues } from 'lit';
import { WidthController } from './kit/width.ts';
import { InputError, show } from '../src/errors.ts';
import { ARROWS, EQUILIBRIUM, LATENT_POINTS, oneDConfig, oneDPicture, oneDViews, oneDWindow, standardization, type OneDSettings, type Standardization } from '../gan/one-d.ts';
import type { GanSession, SessionFrame } from '../gan/session.ts';
import { lineChart } from './gan-trainer-charts.ts';
import { styles } from './gan-trainer.styles.ts';
import { PALETTE } from './phase-plot.ts';

type Engine = typeof import('./gan-trainer-engine.ts');

const COLOUR = { data: '#000000', generator: '#009E73', discriminator: '#0072B2', optimal: '#999999', arrow: '#009E73' };
/** Steps of the (b) and (c) buttons. */
const D_STEPS = 200;
const G_STEPS = 25;

const describe = (e: unknown) => (e instanceof InputError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`);
const fmt = (v: number) => (!Number.isFinite(v) ? String(v) : v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(3))));

export type Stage = 'a' | 'b' | 'c' | 'd';
export const STAGE_TEXT: Record<Stage, string> = {
  a: '(a) the start: p_g away from p_data, D partly right',
  b: '(b) D trained with G fixed: it approaches D* = p_data / (p_data + p_g)',
  c: '(c) G updated: ∇D moves G(z) towards regions D calls real',
  d: '(d) p_g ≈ p_data: D cannot tell them apart, D ≈ ½ where the data is',
};

/** What the element shows, for scripts and tests. */
export interface OneDDrawn {
  backend?: string;
  /** Why backends before it in the order did not start. */
  skipped: string[];
  step: number;
  /** Discriminator-only updates (the (b) button). */
  dSteps: number;
  stage: Stage;
  xs: number[];
  pData: number[];
  pG: number[];
  d: number[];
  dStar: number[];
  /** G on the latent grid: the arrows' heads; `z` their tails. */
  z: number[];
  gz: number[];
  gradNorm: { gan: number; nsgan: number };
  /** TV(p_g, p_data) on the picture's cells, and E_m|D − ½| with m = (p_data + p_g)/2: the (d) detector's numbers. */
  tv: number;
  offHalf: number;
  error?: string;
}

export class Gan1d extends LitElement {
  static override properties: PropertyDeclarations = {
    means: { reflect: true },
    stds: { reflect: true },
    loss: { reflect: true },
    lr: { reflect: true },
    seed: { reflect: true },
    backend: { reflect: true },
    autoplay: { type: Boolean, reflect: true },
  };
  static override styles = styles;
  declare means: string | null;
  declare stds: string | null;
  declare loss: string | null;
  declare lr: string | null;
  declare seed: string | null;
  declare backend: string | null;
  declare autoplay: boolean;

  #engine?: Engine;
  #backend?: string;
  #skipped: string[] = [];
  #session?: GanSession;
  #frame?: SessionFrame;
  #other?: { gan: number; nsgan: number };
  /** The networks' units u = (x − centre)/scale, and the picture's window in them. */
  #units: Standardization = { centre: 0, scale: 1 };
  #window: [number, number] = [-1, 1];
  #norms: { step: number; gan: number; nsgan: number }[] = [];
  /** Discriminator-only updates taken by the (b) button (a trainer step counts generator updates only). */
  #dSteps = 0;
  /** Generator-only updates (the (c) button): each is one trainer step without its kD discriminator updates. */
  #gSteps = 0;
  #stage: Stage = 'a';
  #drawn?: OneDDrawn;
  #error?: string;
  #running = false;
  #raf = 0;
  /** The content width, kept by a ResizeObserver (kit/width.ts). */
  readonly #width = new WidthController(this);
  #queue: Promise<void> = Promise.resolve();
  #key?: string;
  #resolveReady!: () => void;
  /** Resolves once the first picture is drawn (or an error is shown). */
  readonly ready: Promise<void> = new Promise((resolve) => (this.#resolveReady = resolve));

  constructor() {
    super();
    this.autoplay = false;
  }

  get drawn(): OneDDrawn | undefined {
    return this.#drawn ? { ...this.#drawn, error: this.#error } : this.#error ? ({ error: this.#error } as OneDDrawn) : undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#enqueue(async () => {
      await this.#apply();
      this.#resolveReady();
      if (this.autoplay && !this.#error && !matchMedia('(prefers-reduced-motion: reduce)').matches) this.play();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.pause();
    this.#enqueue(async () => {
      if (this.isConnected) return;
      this.#session?.dispose();
      this.#session = undefined;
      this.#key = undefined;
    });
  }

  #enqueue(job: () => Promise<void>): void {
    this.#queue = this.#queue.then(async () => {
      try {
        await job();
      } catch (e) {
        this.#error = describe(e);
      }
      this.requestUpdate();
    });
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (this.hasUpdated && ['means', 'stds', 'loss', 'lr', 'seed'].some((k) => changed.has(k))) this.#enqueue(() => this.#apply());
  }

  /** The run's settings from the attributes; a bad one is an InputError naming it. */
  #settings(): OneDSettings {
    const list = (name: string, v: string | null, dflt: number[], ok: (x: number) => boolean, what: string) => {
      if (!v) return dflt;
      return v.split(',').map((s) => {
        const x = Number(s.trim());
        if (s.trim() === '' || !Number.isFinite(x) || !ok(x)) throw new InputError(`attribute ${name}`, `expected ${what}, got ${show(v)}`);
        return x;
      });
    };
    const means = list('means', this.means, [2], () => true, 'comma-separated numbers');
    const stds = list('stds', this.stds, [0.5], (x) => x > 0, 'comma-separated positive numbers');
    if (stds.length !== 1 && stds.length !== means.length) throw new InputError('attribute stds', `expected one standard deviation, or one per mean (${means.length}), got ${show(this.stds)}`);
    const lr = this.lr ? list('lr', this.lr, [], (x) => x > 0, 'one or two positive learning rates') : undefined;
    if (lr && lr.length > 2) throw new InputError('attribute lr', `expected one or two positive learning rates, got ${show(this.lr)}`);
    const seed = list('seed', this.seed, [0], (x) => Number.isInteger(x) && x >= 0, 'a non-negative integer')[0];
    const loss = this.loss ?? 'gan';
    if (loss !== 'gan' && loss !== 'nsgan') throw new InputError('attribute loss', `expected gan (saturating) or nsgan (non-saturating), got ${show(loss)}`);
    return { means, stds, loss, lr: lr && (lr.length === 1 ? lr[0] : lr), seed };
  }

  /** The engine's configuration (gan/one-d.ts oneDConfig; the engine validates the rest). */
  #config(): Record<string, unknown> {
    return oneDConfig(this.#settings());
  }

  async #apply(): Promise<void> {
    let config: Record<string, unknown>;
    try {
      config = this.#config();
      this.#engine ??= await import('./gan-trainer-engine.ts');
      if (!this.#backend) {
        const choice = await this.#engine.pageBackend((this.backend ?? 'wasm,cpu').split(','));
        this.#backend = choice.backend;
        this.#skipped = choice.skipped;
      }
    } catch (e) {
      this.#error = describe(e);
      return;
    }
    const key = JSON.stringify(config);
    if (key === this.#key) return;
    try {
      const parsed = this.#engine.parseGanConfig(config);
      const old = this.#session;
      const onlyLoss = old && JSON.stringify({ ...old.config, loss: parsed.loss }) === JSON.stringify(parsed);
      if (old && onlyLoss) {
        this.#session = (await old.reconfigure(parsed)).session;
      } else {
        old?.dispose();
        // The picture's window in data units, and in the networks' standardized units (gan/one-d.ts).
        const { means, stds } = this.#settings();
        const [lo, hi] = oneDWindow(means, stds);
        const units = standardization(means, stds);
        this.#units = units;
        this.#window = [(lo - units.centre) / units.scale, (hi - units.centre) / units.scale];
        this.#session = this.#engine.GanSession.create(parsed, oneDViews(this.#window));
        this.#norms = [];
        this.#dSteps = 0;
        this.#gSteps = 0;
        this.#stage = 'a';
      }
      this.#key = key;
      this.#error = undefined;
      await this.#refresh();
    } catch (e) {
      this.#error = describe(e);
    }
  }

  play(): void {
    if (this.#running || !this.#session || this.#error) return;
    this.#running = true;
    const tick = () => {
      if (!this.#running) return;
      this.#raf = requestAnimationFrame(tick);
      if (this.#busy) return;
      this.#busy = true;
      this.#session!.run(20, 10);
      if (this.#stage !== 'd') this.#stage = 'c';
      void this.#refresh().finally(() => (this.#busy = false));
    };
    this.#raf = requestAnimationFrame(tick);
    this.requestUpdate();
  }
  #busy = false;

  pause(): void {
    this.#running = false;
    cancelAnimationFrame(this.#raf);
    this.requestUpdate();
  }

  /** Runs the panel's steps: (b) D alone, (c) G alone, (a) a fresh start. */
  async stage(which: 'a' | 'b' | 'c'): Promise<void> {
    this.pause();
    this.#enqueue(async () => {
      if (which === 'a') {
        this.#key = undefined;
        this.#session?.dispose();
        this.#session = undefined;
        await this.#apply();
        return;
      }
      const s = this.#session;
      if (!s) return;
      s.run(which === 'b' ? D_STEPS : G_STEPS, Infinity, which === 'b' ? 'discriminator' : 'generator');
      if (which === 'b') this.#dSteps += D_STEPS;
      else this.#gSteps += G_STEPS;
      this.#stage = which;
      await this.#refresh();
    });
    await this.#queue;
  }

  async #refresh(): Promise<void> {
    const s = this.#session;
    if (!s) return;
    const frame = await s.refresh();
    const other = await s.readAs(s.config.loss === 'gan' ? 'nsgan' : 'gan');
    this.#frame = frame;
    this.#other = s.config.loss === 'gan' ? { gan: frame.gradNormG, nsgan: other.gradNormG } : { gan: other.gradNormG, nsgan: frame.gradNormG };
    const last = this.#norms[this.#norms.length - 1];
    // A trainer step is kD discriminator updates and one generator update; (b) adds discriminator updates.
    const updates = (1 + s.config.kd) * (s.step - this.#gSteps) + this.#gSteps + this.#dSteps;
    if (!last || last.step !== updates) this.#norms.push({ step: updates, ...this.#other });
    if (this.#norms.length > 1500) this.#norms = this.#norms.filter((_, k) => k % 2 === 0);
    this.#compute();
    if (s.diverged) {
      this.#error = s.diverged;
      this.pause();
    }
    this.requestUpdate();
  }

  /** The curves of the picture from the last frame (gan/one-d.ts), in the data's units. */
  #compute(): void {
    const s = this.#session!;
    const f = this.#frame!;
    const p = oneDPicture(f, s.trainer.data.modes!, this.#window);
    const { centre, scale } = this.#units;
    const toData = (u: number) => centre + scale * u;
    const every = (LATENT_POINTS - 1) / (ARROWS - 1);
    const z = Array.from({ length: ARROWS }, (_, k) => -1 + (2 * k) / (ARROWS - 1));
    const gz = z.map((_, k) => toData(f.manifold[k * every]));
    if (p.equilibrium) {
      // "Play to (d)" stops on arriving there (the paper's panel (d), not the jitter around it); play again goes on.
      if (this.#stage !== 'd' && this.#running) this.pause();
      this.#stage = 'd';
    } else if (this.#stage === 'd') this.#stage = 'c';
    this.#drawn = {
      backend: this.#backend,
      skipped: this.#skipped,
      step: s.step,
      dSteps: this.#dSteps,
      stage: this.#stage,
      xs: p.xs.map(toData),
      pData: p.pData.map((v) => v / scale),
      pG: p.pG.map((v) => v / scale),
      d: p.d,
      dStar: p.dStar,
      z,
      gz,
      gradNorm: this.#other ?? { gan: NaN, nsgan: NaN },
      tv: p.tv,
      offHalf: p.offHalf,
    };
  }

  #switchLoss(loss: string): void {
    this.loss = loss;
    this.dispatchEvent(new CustomEvent('saddle-change', { detail: { attribute: 'loss', value: loss }, bubbles: true, composed: true }));
  }

  protected override render() {
    const dr = this.#drawn;
    const width = Math.max(320, this.#width.value || 640);
    const loss = this.loss ?? 'gan';
    const controls = html`<div class="bar" role="toolbar" aria-label="training">
      <button @click=${() => this.stage('a')}>(a) restart</button>
      <button @click=${() => this.stage('b')} ?disabled=${!this.#session} title="${D_STEPS} discriminator steps, G fixed">(b) train D</button>
      <button @click=${() => this.stage('c')} ?disabled=${!this.#session} title="${G_STEPS} generator steps, D fixed">(c) update G</button>
      <button @click=${() => (this.#running ? this.pause() : this.play())} aria-pressed=${this.#running ? 'true' : 'false'} ?disabled=${!this.#session}>${this.#running ? '❚❚ pause' : '▶ play to (d)'}</button>
      <label>generator loss
        <select aria-label="generator loss" @change=${(e: Event) => this.#switchLoss((e.target as HTMLSelectElement).value)}>
          <option value="gan" ?selected=${loss === 'gan'}>saturating: E log(1 − D(G(z)))</option>
          <option value="nsgan" ?selected=${loss === 'nsgan'}>non-saturating: −E log D(G(z))</option>
        </select></label>
      <span class="status" title=${this.#skipped.length ? `skipped: ${this.#skipped.join('; ')}` : 'the first backend tried'}>backend <b>${this.#backend ?? '…'}</b> · generator steps <b>${dr?.step ?? 0}</b> · extra discriminator steps <b>${dr?.dSteps ?? 0}</b></span>
    </div>`;
    if (this.#error) return html`${controls}<p class="message" role="alert">${this.#error}</p>`;
    if (!dr) return html`${controls}<p class="message loading" role="status">Loading the GAN engine (tfjs)…</p>`;
    const m = { left: 36, right: 36, top: 10 };
    const inner = width - m.left - m.right;
    const [lo, hi] = [dr.xs[0], dr.xs[dr.xs.length - 1]];
    const x = scaleLinear([lo, hi], [0, inner]);
    const top = 190;
    // One scale for both densities, up to 3× the data's peak (a collapsed p_g is cut at the top, not the data squashed).
    const peak = Math.max(1e-9, ...dr.pData);
    const maxDensity = Math.min(3 * peak, Math.max(peak, ...dr.pG.filter(Number.isFinite)));
    const yDensity = scaleLinear([0, maxDensity * 1.1], [top, 0]);
    const yD = scaleLinear([0, 1], [top, 0]);
    const xLine = top + 24;
    const zLine = xLine + 70;
    const z = scaleLinear([-1, 1], [0.12 * inner, 0.88 * inner]);
    const curve = (ys: number[], scale: (v: number) => number) => line<number>((_, k) => x(dr.xs[k]), (v) => scale(v)).defined((v) => Number.isFinite(v))(ys) ?? '';
    const dots = dr.xs.filter((_, k) => k % 2 === 0).map((xv, k) => svg`<circle cx=${x(xv)} cy=${yDensity(dr.pData[2 * k])} r="1.6" fill=${COLOUR.data}></circle>`);
    const label = `${STAGE_TEXT[dr.stage]}. Step ${dr.step}. Generator gradient norm: saturating ${fmt(dr.gradNorm.gan)}, non-saturating ${fmt(dr.gradNorm.nsgan)}.`;
    return html`${controls}
      <p class="note" aria-live="polite"><b>${STAGE_TEXT[dr.stage]}</b></p>
      <p class="note" title="(d) needs both: the total variation between p_g and p_data, and the mean of |D − ½| under (p_data + p_g)/2, which equals TV/2 for the optimal discriminator">
        TV(p_g, p_data) <b>${fmt(dr.tv)}</b> (${dr.tv < EQUILIBRIUM.tv ? '<' : '≥'} ${EQUILIBRIUM.tv}) · mean |D − ½| <b>${fmt(dr.offHalf)}</b> (${dr.offHalf < EQUILIBRIUM.halfTolerance ? '<' : '≥'} ${EQUILIBRIUM.halfTolerance})
      </p>
      <svg width=${width} height=${zLine + 34} role="img" aria-label=${label}>
        <g transform="translate(${m.left},${m.top})">
          <line x1="0" x2=${inner} y1=${top} y2=${top} stroke="#ccc"></line>
          ${[0, 0.5, 1].map((v) => svg`<text x=${inner + 4} y=${yD(v) + 4} font-size="10" fill=${COLOUR.discriminator}>${v === 0.5 ? '½' : v}</text>`)}
          <line x1="0" x2=${inner} y1=${yD(0.5)} y2=${yD(0.5)} stroke=${COLOUR.discriminator} stroke-opacity="0.15"></line>
          <path d=${curve(dr.dStar, yD)} fill="none" stroke=${COLOUR.optimal} stroke-width="1"></path>
          <clipPath id="panel"><rect x="-2" y="-4" width=${inner + 4} height=${top + 6}></rect></clipPath>
          <path clip-path="url(#panel)" d=${curve(dr.pG, yDensity)} fill="none" stroke=${COLOUR.generator} stroke-width="2"></path>
          <path d=${curve(dr.d, yD)} fill="none" stroke=${COLOUR.discriminator} stroke-width="2" stroke-dasharray="6 4"></path>
          ${dots}
          <line x1="0" x2=${inner} y1=${xLine} y2=${xLine} stroke="#333"></line>
          <line x1=${z(-1)} x2=${z(1)} y1=${zLine} y2=${zLine} stroke="#333"></line>
          <text x="-28" y=${xLine + 4} font-size="12">x</text>
          <text x="-28" y=${zLine + 4} font-size="12">z</text>
          ${dr.z.map((zv, k) => {
            const gx = Math.max(-8, Math.min(inner + 8, x(dr.gz[k])));
            return svg`<line x1=${z(zv)} y1=${zLine} x2=${gx} y2=${xLine + 3} stroke=${COLOUR.arrow} stroke-width="1" marker-end="url(#head)"></line>`;
          })}
          <defs><marker id="head" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="5" markerHeight="5" orient="auto"><path d="M0,0L6,3L0,6z" fill=${COLOUR.arrow}></path></marker></defs>
          ${x.ticks(7).map((t) => svg`<text x=${x(t)} y=${xLine + 16} font-size="10" text-anchor="middle" fill="#555">${t}</text>`)}
          ${[-1, 0, 1].map((t) => svg`<text x=${z(t)} y=${zLine + 16} font-size="10" text-anchor="middle" fill="#555">${t}</text>`)}
        </g>
      </svg>
      <ul class="legend">
        <li><span class="swatch" style="background:${COLOUR.data}"></span>p_data (dots)</li>
        <li><span class="swatch" style="background:${COLOUR.generator}"></span>p_g (uniform z pushed through G)</li>
        <li><span class="swatch" style="background:${COLOUR.discriminator}"></span>D(x) (dashes)</li>
        <li><span class="swatch" style="background:${COLOUR.optimal}"></span>D* = p_data/(p_data + p_g)</li>
        <li>arrows: z ↦ G(z)</li>
      </ul>
      <p class="note">‖∇θ ℓ_G‖ at these parameters: saturating <b>${fmt(dr.gradNorm.gan)}</b> · non-saturating <b>${fmt(dr.gradNorm.nsgan)}</b>${loss === 'gan' ? ' (training with the saturating loss)' : ' (training with the non-saturating loss)'}</p>
      ${lineChart('generator gradient norm (log) over updates of G and D', [
        { label: 'saturating', colour: PALETTE[0], values: this.#norms.map((p) => [p.step, p.gan] as const) },
        { label: 'non-saturating', colour: PALETTE[1], values: this.#norms.map((p) => [p.step, p.nsgan] as const) },
      ], Math.min(width, 520), 120, true)}
      ${nothing}`;
  }
}

if (!customElements.get('saddle-gan-1d')) customElements.define('saddle-gan-1d', Gan1d);

declare global {
  interface HTMLElementTagNameMap {
    'saddle-gan-1d': Gan1d;
  }
}
