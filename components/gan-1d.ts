/**
 * `<saddle-gan-1d>`: Figure 1 of Goodfellow et al. 2014, "Generative Adversarial Nets", live. A GAN learns a 1-D
 * distribution; the picture shows, over the data axis x:
 * - the data density p_data (black dots): the exact density of the mixture Σ wₖ N(μₖ, σₖ²) (gan/data.ts);
 * - the generator's density p_g (green): a Gaussian kernel density estimate of G on a fixed batch of z (gan/view.ts);
 * - the discriminator D(x) = σ(logit) (blue dashes), and, thin grey, the optimal discriminator for the current
 *   generator, D*(x) = p_data(x) / (p_data(x) + p_g(x)) (the paper's Proposition 1);
 * - below, the map x = G(z): z uniform on [−1, 1] on the lower line, arrows to G(z) on the upper line, so they crowd
 *   where p_g is high.
 * The stage buttons follow the paper's panels: (a) the start, (b) D trained towards D* with G fixed, (c) G updated
 * along ∇D, (d) play until p_g = p_data and D = ½ everywhere, which the element detects (max |D − ½| over the data's
 * support below 0.05 and the total variation between p_g and p_data below 0.1) and labels.
 *
 * Loss switch (attribute `loss`): `gan`, the saturating minimax loss ℓ_G = E log(1 − D(G(z))), or `nsgan`, the
 * non-saturating ℓ_G = −E log D(G(z)). Both generator-gradient norms ‖∇_θ ℓ_G‖ are shown at every refresh at the
 * same parameters, and charted: when D rejects the fakes early in training the saturating one vanishes (the paper's
 * §3 remark that motivates the non-saturating loss).
 *
 * Attributes (reflected): means ("2" or "-1,2"), stds ("0.5"), loss (gan | nsgan), lr ("η" or "η_G,η_D"), seed,
 * backend (order to try; default wasm, then cpu: the lightest that works for networks this small), autoplay.
 * A bad attribute shows its message inside the element; `saddle-change` fires when the person switches the loss.
 * The read-only `drawn` property holds what is on screen.
 */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { LitElement, html, nothing, svg, type PropertyDeclarations, type PropertyValues } from 'lit';
import { InputError, show } from '../src/errors.ts';
import type { GanSession, SessionFrame } from '../gan/session.ts';
import { lineChart } from './gan-trainer-charts.ts';
import { styles } from './gan-trainer.styles.ts';
import { PALETTE } from './phase-plot.ts';

type Engine = typeof import('./gan-trainer-engine.ts');

const COLOUR = { data: '#000000', generator: '#009E73', discriminator: '#0072B2', optimal: '#999999', arrow: '#009E73' };
/** Points where the densities and D are drawn. */
const CURVE_POINTS = 161;
/** Steps of the (b) and (c) buttons. */
const D_STEPS = 200;
const G_STEPS = 25;
/** "D = ½ everywhere": max |D − ½| over the data's support below this. */
const HALF_TOLERANCE = 0.05;

const describe = (e: unknown) => (e instanceof InputError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`);
const fmt = (v: number) => (!Number.isFinite(v) ? String(v) : v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(3))));
const normalPdf = (x: number, m: number, s: number) => Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));

export type Stage = 'a' | 'b' | 'c' | 'd';
export const STAGE_TEXT: Record<Stage, string> = {
  a: '(a) the start: p_g away from p_data, D partly right',
  b: '(b) D trained with G fixed: it approaches D* = p_data / (p_data + p_g)',
  c: '(c) G updated: ∇D moves G(z) towards regions D calls real',
  d: '(d) p_g = p_data: D cannot tell, D = ½ everywhere',
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
    width: { state: true },
  };
  static override styles = styles;
  declare means: string | null;
  declare stds: string | null;
  declare loss: string | null;
  declare lr: string | null;
  declare seed: string | null;
  declare backend: string | null;
  declare autoplay: boolean;
  declare width: number;

  #engine?: Engine;
  #backend?: string;
  #skipped: string[] = [];
  #session?: GanSession;
  #frame?: SessionFrame;
  #other?: { gan: number; nsgan: number };
  #norms: { step: number; gan: number; nsgan: number }[] = [];
  /** Discriminator-only updates taken by the (b) button (a trainer step counts generator updates only). */
  #dSteps = 0;
  #stage: Stage = 'a';
  #drawn?: OneDDrawn;
  #error?: string;
  #running = false;
  #raf = 0;
  #resize?: ResizeObserver;
  #queue: Promise<void> = Promise.resolve();
  #key?: string;
  #resolveReady!: () => void;
  /** Resolves once the first picture is drawn (or an error is shown). */
  readonly ready: Promise<void> = new Promise((resolve) => (this.#resolveReady = resolve));

  constructor() {
    super();
    this.width = 0;
    this.autoplay = false;
  }

  get drawn(): OneDDrawn | undefined {
    return this.#drawn ? { ...this.#drawn, error: this.#error } : this.#error ? ({ error: this.#error } as OneDDrawn) : undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry.contentRect.width);
      requestAnimationFrame(() => {
        if (w !== this.width) this.width = w;
      });
    });
    this.#resize.observe(this);
    this.#enqueue(async () => {
      await this.#apply();
      this.#resolveReady();
      if (this.autoplay && !this.#error && !matchMedia('(prefers-reduced-motion: reduce)').matches) this.play();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize?.disconnect();
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

  /** The configuration from the attributes (the engine validates the rest). */
  #config(): Record<string, unknown> {
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
    const lr = list('lr', this.lr, [1e-3, 4e-3], (x) => x > 0, 'one or two positive learning rates');
    const seed = list('seed', this.seed, [0], (x) => Number.isInteger(x) && x >= 0, 'a non-negative integer')[0];
    const loss = this.loss ?? 'gan';
    if (loss !== 'gan' && loss !== 'nsgan') throw new InputError('attribute loss', `expected gan (saturating) or nsgan (non-saturating), got ${show(loss)}`);
    return {
      dataset: { name: 'mixture1d', means, stds },
      loss,
      optimizer: 'adam',
      lr: lr.length === 1 ? lr[0] : lr,
      seed,
      batch: 256,
      latent: { prior: 'uniform', dim: 1 },
      generator: { hidden: [16, 16], activation: 'tanh' },
      discriminator: { hidden: [32, 32], activation: 'leaky-relu' },
    };
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
        const { means, stds } = config.dataset as { means: number[]; stds: number[] };
        const lo = Math.min(-1.5, ...means.map((m, k) => m - 3.5 * stds[Math.min(k, stds.length - 1)]));
        const hi = Math.max(1.5, ...means.map((m, k) => m + 3.5 * stds[Math.min(k, stds.length - 1)]));
        this.#session = this.#engine.GanSession.create(parsed, { fake: 1000, real: 16, heat: CURVE_POINTS, latentSide: 31, domain: { x: [lo, hi] } });
        this.#norms = [];
        this.#dSteps = 0;
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
    const updates = 2 * s.step + this.#dSteps;
    if (!last || last.step !== updates) this.#norms.push({ step: updates, ...this.#other });
    if (this.#norms.length > 1500) this.#norms = this.#norms.filter((_, k) => k % 2 === 0);
    this.#compute();
    if (s.diverged) {
      this.#error = s.diverged;
      this.pause();
    }
    this.requestUpdate();
  }

  /** The curves of the picture from the last frame. */
  #compute(): void {
    const s = this.#session!;
    const f = this.#frame!;
    const [lo, hi] = s.domain.x;
    const xs = Array.from({ length: CURVE_POINTS }, (_, k) => lo + ((hi - lo) * k) / (CURVE_POINTS - 1));
    const modes = s.trainer.data.modes!;
    const pData = xs.map((x) => modes.centers.reduce((sum, c, k) => sum + modes.weights[k] * normalPdf(x, c[0], modes.stds[k]), 0));
    const pG = Array.from(this.#engine!.gaussianKde(f.fake, xs) ?? xs.map(() => 0));
    const d = Array.from(f.heat);
    const dStar = xs.map((_, k) => (pData[k] + pG[k] > 1e-12 ? pData[k] / (pData[k] + pG[k]) : NaN));
    const n = s.views.latentSide;
    const z = Array.from({ length: n }, (_, k) => -1 + (2 * k) / (n - 1));
    const peak = Math.max(...pData);
    const support = xs.map((_, k) => pData[k] > 0.05 * peak);
    // (d) needs both: D ≈ ½ on the data's support (an untrained D is ½ too) and p_g ≈ p_data (total variation
    // ½∫|p_g − p_data| below 0.1, trapezoid rule).
    const off = Math.max(...d.map((v, k) => (support[k] ? Math.abs(v - 0.5) : 0)));
    const h = xs[1] - xs[0];
    const tv = 0.5 * h * pG.reduce((sum, v, k) => sum + Math.abs(v - pData[k]) * (k === 0 || k === xs.length - 1 ? 0.5 : 1), 0);
    if (off < HALF_TOLERANCE && tv < 0.1) this.#stage = 'd';
    else if (this.#stage === 'd') this.#stage = 'c';
    this.#drawn = { backend: this.#backend, skipped: this.#skipped, step: s.step, dSteps: this.#dSteps, stage: this.#stage, xs, pData, pG, d, dStar, z, gz: Array.from(f.manifold), gradNorm: this.#other ?? { gan: NaN, nsgan: NaN } };
  }

  #switchLoss(loss: string): void {
    this.loss = loss;
    this.dispatchEvent(new CustomEvent('saddle-change', { detail: { attribute: 'loss', value: loss }, bubbles: true, composed: true }));
  }

  protected override render() {
    const dr = this.#drawn;
    const width = Math.max(320, this.width || 640);
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
        <li><span class="swatch" style="background:${COLOUR.generator}"></span>p_g (KDE of G(z))</li>
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
