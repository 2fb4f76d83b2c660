/**
 * `<saddle-spectrum-plot>`: the eigenvalues λ of each optimizer's update map at the equilibrium, in the complex plane
 * with the unit circle. Inside the circle a perturbation shrinks by |λ| per step; outside (the shaded region) it grows.
 * An optimizer converges locally iff all its λ are inside: ρ = max |λ| < 1 (./spectrum-plot-model.ts has the maths,
 * src/analysis computes it). Filled markers are inside the circle, hollow ones outside. Faint dots trace where the λ
 * go as η sweeps the slider's range; the slider moves them.
 *
 * Attributes (all reflected): the phase plot's game, params, optimizers, lr, opts, init (the equilibrium analysed is
 * the one nearest it) and domain (where to look for equilibria), plus range ("min:max", the slider's η range, log
 * scale; default 0.01:2). `lr`, when set, is every optimizer's η (over a per-optimizer lr in opts). With `for="id"` it
 * analyses what the `<saddle-phase-plot id="id">` runs, with its η, until a person moves the slider (which sets `lr`
 * here). Moving the slider (mouse, arrow keys, Page Up/Down)
 * fires `saddle-change` ({ lr }, bubbles, composed); with `url-state` and an id, η is kept in the page URL
 * (kit/url-state.ts). Read-only `spectra`: what is drawn, per optimizer; `loci`: the sweep.
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import { symbol, symbolCircle, symbolDiamond, symbolSquare, symbolStar, symbolTriangle, symbolWye, symbolCross, symbolTimes } from 'd3-shape';
import { html, svg } from 'lit';
import { InputError, show } from '../src/errors.ts';
import type { Game } from '../src/game.ts';
import { createGame } from '../src/games/index.ts';
import { drawAxis } from './kit/axis.ts';
import { exportButtons, exportStyles } from './kit/export.ts';
import { LazyModule } from './kit/lazy.ts';
import { describeError, errorMessage, loadingMessage, messageStyles } from './kit/message.ts';
import { reflected, type Attribute } from './kit/properties.ts';
import { axisStyles, hostStyles, legendStyles, plotStyles, toolbarStyles } from './kit/styles.ts';
import { applyUrlState, saveUrlState } from './kit/url-state.ts';
import { PALETTE } from './phase-plot.ts';
import { PhasePlotView } from './phase-plot-view.ts';
import { styles } from './spectrum-plot.styles.ts';
import type { Locus, OptimizerChoice, OptimizerSpectrum, RateRange, Site } from './spectrum-plot-model.ts';

const MARGIN = { top: 12, right: 14, bottom: 40, left: 46 };
/** One marker shape per optimizer, so that they differ without colour too. */
const SHAPES = [symbolCircle, symbolSquare, symbolTriangle, symbolDiamond, symbolStar, symbolWye, symbolCross, symbolTimes];
/** Points of the η sweep drawn as the eigenvalues' paths. */
const SWEEP = 48;
/** What a person changes here, kept in the page URL with the `url-state` attribute (and an id). */
const URL_ATTRIBUTES = ['lr'];
/** Slider positions (log scale over the range). */
const TICKS = 1000;

let model: Promise<typeof import('./spectrum-plot-model.ts')> | undefined;
const loadModel = () => (model ??= import('./spectrum-plot-model.ts'));

const fmt = (v: number) => (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(3))));
const fmtRate = (v: number) => String(Number(v.toPrecision(Math.abs(v - 1) < 1e-3 ? 6 : 4)));
const complex = (l: { re: number; im: number }) => (l.im === 0 ? fmt(l.re) : `${fmt(l.re)} ${l.im < 0 ? '−' : '+'} ${fmt(Math.abs(l.im))}i`);
/** What ρ says, in words. */
const verdict = (s: OptimizerSpectrum) => (s.stable ? 'converges' : Math.abs(s.spectralRadius - 1) <= 1e-9 ? 'neither converges nor diverges' : 'diverges');

/** What is drawn, as the read-only `spectra` property gives it. */
export interface DrawnSpectra {
  /** Player 1's learning rate η the slider is at. */
  readonly lr: number;
  /** The equilibrium analysed. */
  readonly equilibrium: readonly number[];
  readonly optimizers: readonly OptimizerSpectrum[];
}

export class SpectrumPlot extends PhasePlotView {
  static override properties = reflected(['range']);
  static override styles = [hostStyles, plotStyles, axisStyles, legendStyles, toolbarStyles, messageStyles, exportStyles, styles];
  declare range: Attribute;

  #error?: string;
  #drawn?: DrawnSpectra;
  #loci: Locus[] = [];
  #lociKey?: string;
  #range?: RateRange;
  #model = new LazyModule(this, loadModel);
  /** A small id per game object, for the loci's cache key. */
  #gameIds = new WeakMap<Game, number>();

  /** The eigenvalues drawn, per optimizer, at the current η (after `updateComplete`). */
  get spectra(): DrawnSpectra | undefined {
    return this.#drawn;
  }

  /** The eigenvalues' paths over the slider's η range. */
  get loci(): readonly Locus[] {
    return this.#loci;
  }

  override connectedCallback(): void {
    applyUrlState(this, URL_ATTRIBUTES);
    super.connectedCallback();
  }

  /** The `lr` attribute as a learning rate or one per player (undefined when absent). */
  #ownRate(): number | number[] | undefined {
    if (this.lr == null || this.lr.trim() === '') return undefined;
    const values = this.lr.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
    if (values.length > 2 || !values.every((v) => Number.isFinite(v) && v > 0)) throw new InputError('lr', `expected 1 or 2 positive numbers, got ${show(this.lr)}`);
    return values.length === 1 ? values[0] : values;
  }

  protected override willUpdate(): void {
    this.#error = this.#model.error;
    if (this.#error) return;
    try {
      const m = this.#model.value;
      this.#range = m?.readRange(this.range);
      const lr = this.#ownRate();
      // Any game the analysis can linearise: the phase plot's two coordinates are not needed here.
      const source = this.source((spec) => createGame(spec.game, spec.params));
      if (!source || !m) {
        this.#drawn = undefined;
        return;
      }
      const { spec, game } = source;
      const players = game.players.length;
      // This element's own lr (set by its slider) is every optimizer's η, over the followed plot's and over opts.
      const choices: OptimizerChoice[] = spec.optimizers.map((o) => ({ name: o.name, options: lr === undefined ? o.options : { ...o.options, lr } }));
      const site: Site | undefined = m.pickSite(game, m.equilibriaOf(game, m.searchBox(game, spec.domain)), spec.init);
      if (!site) throw new InputError(this.for != null ? 'for' : 'domain', `the game ${spec.game} has no equilibrium in the domain, so there is no update map to analyse`);
      const optimizers = choices.map((c) => m.spectrumAt(site, c, players));
      this.#drawn = { lr: m.rateOf(choices[0]?.options ?? {}), equilibrium: site.equilibrium.point, optimizers };
      let id = this.#gameIds.get(game);
      if (id === undefined) this.#gameIds.set(game, (id = Math.random()));
      const lociKey = JSON.stringify([id, site.equilibrium.point, choices.map((c) => [c.name, { ...c.options, lr: m.withRate(c.options, 1).lr }]), this.#range]);
      if (lociKey !== this.#lociKey) {
        const etas = m.logGrid(this.#range!.min, this.#range!.max, SWEEP);
        this.#loci = choices.map((c) => m.locus(site, c, players, etas));
        this.#lociKey = lociKey;
      }
    } catch (e) {
      this.#error = describeError(e);
      this.#drawn = undefined;
    }
  }

  #layout() {
    const width = Math.max(240, this.width.value || 520);
    const side = Math.min(width, 460);
    const inner = side - MARGIN.left - MARGIN.right;
    const r = this.#model.value!.viewRadius(this.#drawn!.optimizers);
    return { width, side, inner, x: scaleLinear([-r, r], [0, inner]), y: scaleLinear([-r, r], [inner, 0]), r };
  }

  protected override render() {
    if (this.#error) return errorMessage(this.#error);
    const drawn = this.#drawn;
    const range = this.#range;
    if (!drawn || !range) return loadingMessage(this.for != null ? `Waiting for the phase plot "${this.for}"…` : 'Analysing…');
    const { side, inner, x, y, r } = this.#layout();
    const pos = Math.round((Math.log(Math.min(range.max, Math.max(range.min, drawn.lr)) / range.min) / Math.log(range.max / range.min)) * TICKS);
    const label = `Eigenvalues of each optimizer's update map at the equilibrium (${drawn.equilibrium.map(fmt).join(', ')}), η = ${fmt(drawn.lr)}: ${drawn.optimizers
      .map((s) => (s.problem ? `${s.name}: no linear update map` : `${s.label}: ${s.eigenvalues.map(complex).join(', ')}; ρ = ${fmtRate(s.spectralRadius)}, ${verdict(s)}`))
      .join('. ')}.`;
    const unit = x(1) - x(0);
    return html`
      <div class="toolbar"><span class="caption">eigenvalues of the update map at z* = (${drawn.equilibrium.map(fmt).join(', ')})</span>${exportButtons(this.#exports())}</div>
      <div class="body">
        <svg width=${side} height=${side} role="img" aria-roledescription="spectrum plot" aria-label=${label}>
          <defs><clipPath id="plane"><rect width=${inner} height=${inner}></rect></clipPath></defs>
          <g transform="translate(${MARGIN.left},${MARGIN.top})">
            <rect class="outside" width=${inner} height=${inner}></rect>
            <g clip-path="url(#plane)">
              <circle class="disc" cx=${x(0)} cy=${y(0)} r=${unit}></circle>
              <g class="zero-axes"><line x1="0" x2=${inner} y1=${y(0)} y2=${y(0)}></line><line x1=${x(0)} x2=${x(0)} y1="0" y2=${inner}></line></g>
              ${this.#loci.map(
                (l, i) => svg`<g class="locus" fill=${PALETTE[i % PALETTE.length]} aria-hidden="true">${l.eigenvalues.flatMap((ls) =>
                  ls.filter((v) => Math.abs(v.re) <= r && Math.abs(v.im) <= r).map((v) => svg`<circle cx=${x(v.re).toFixed(1)} cy=${y(v.im).toFixed(1)} r="1.3"></circle>`),
                )}</g>`,
              )}
              ${drawn.optimizers.map((s, i) => {
                const colour = PALETTE[i % PALETTE.length];
                const d = symbol(SHAPES[i % SHAPES.length], 70)() ?? '';
                return svg`<g class="eigenvalues" data-optimizer=${s.name}>${s.eigenvalues.map((v) => {
                  const outside = Math.hypot(v.re, v.im) > 1 + 1e-9;
                  const [px, py] = [x(v.re).toFixed(2), y(v.im).toFixed(2)];
                  // A CSS transform, so that the marker moves smoothly as η changes (the SVG export writes where it is).
                  return svg`<g class="eig ${outside ? 'unstable' : 'stable'}" style="transform: translate(${px}px, ${py}px)">
                    <path d=${d} fill=${outside ? '#fff' : colour} stroke=${colour}></path>
                    <title>${s.name}: λ = ${complex(v)}, |λ| = ${fmtRate(Math.hypot(v.re, v.im))}</title>
                  </g>`;
                })}</g>`;
              })}
            </g>
            <text class="note inside" x=${x(0) + 4} y=${y(0) - unit * 0.71 - 4}>|λ| = 1</text>
            <text class="note" x=${inner - 4} y="14" text-anchor="end">|λ| > 1: grows</text>
            <g class="x-axis" transform="translate(0,${inner})"></g>
            <g class="y-axis"></g>
            <text class="axis-label" x=${inner / 2} y=${inner + 34} text-anchor="middle">Re λ</text>
            <text class="axis-label" transform="translate(-34,${inner / 2}) rotate(-90)" text-anchor="middle">Im λ</text>
          </g>
        </svg>
        <div class="side">
          <label class="slider">
            <span>η</span>
            <input
              type="range"
              min="0"
              max=${TICKS}
              step="1"
              .value=${String(pos)}
              aria-label="learning rate η (log scale from ${range.min} to ${range.max})"
              aria-valuetext="η = ${fmt(drawn.lr)}"
              @input=${this.#onSlide}
            />
            <output>${fmt(drawn.lr)}</output>
          </label>
          <ul class="legend" aria-live="polite">
            ${drawn.optimizers.map((s, i) => {
              const colour = PALETTE[i % PALETTE.length];
              const d = symbol(SHAPES[i % SHAPES.length], 60)() ?? '';
              const text = s.problem ? `no eigenvalues: ${s.problem.replace(/^has no linear update map: /, '').split(';')[0]}` : `ρ = ${fmtRate(s.spectralRadius)}: ${verdict(s)}`;
              return html`<li>
                <svg class="swatch" width="16" height="16" aria-hidden="true"><path transform="translate(8,8)" d=${d} fill=${colour} stroke=${colour}></path></svg>
                <span><span class="label">${s.label}</span><span class="status ${s.problem ? '' : s.stable ? 'stable' : 'unstable'}">${text}</span></span>
              </li>`;
            })}
          </ul>
        </div>
      </div>
    `;
  }

  protected override updated(): void {
    if (!this.#drawn || this.#error) return;
    const { x, y } = this.#layout();
    drawAxis(this.renderRoot.querySelector<SVGGElement>('g.x-axis'), axisBottom(x).ticks(5).tickSizeOuter(0));
    drawAxis(this.renderRoot.querySelector<SVGGElement>('g.y-axis'), axisLeft(y).ticks(5).tickSizeOuter(0));
  }

  /** The slider sets `lr` (η on a log scale over the range, 3 significant digits, per-player ratios kept). */
  #onSlide = (e: Event) => {
    const range = this.#range;
    const m = this.#model.value;
    if (!range || !m || !this.#drawn) return;
    const pos = Number((e.currentTarget as HTMLInputElement).value);
    const eta = Number((range.min * Math.pow(range.max / range.min, pos / TICKS)).toPrecision(3));
    const current = this.#ownRate() ?? (this.for != null ? this.follow.current()?.spec.optimizers[0]?.options.lr : undefined);
    const lr = m.withRate({ lr: current }, eta).lr as number | number[];
    const value = Array.isArray(lr) ? lr.map((v) => Number(v.toPrecision(3))).join(',') : String(lr);
    if (value === this.lr) return;
    this.setAttribute('lr', value); // at once (a reflected property would reach the attribute only at the update)
    saveUrlState(this, URL_ATTRIBUTES);
    this.dispatchEvent(new CustomEvent('saddle-change', { detail: { lr: eta }, bubbles: true, composed: true }));
  };

  #exports() {
    return {
      name: 'spectrum-plot',
      svg: () => this.renderRoot.querySelector<SVGSVGElement>('svg[aria-roledescription]'),
      rows: () =>
        (this.#drawn?.optimizers ?? []).flatMap((s) =>
          s.eigenvalues.map((l) => ({ optimizer: s.name, label: s.label, lr: s.lr, re: l.re, im: l.im, modulus: Math.hypot(l.re, l.im), rho: s.spectralRadius })),
        ),
      data: () => ({ ...this.#drawn, loci: this.#loci }),
    };
  }
}

if (!customElements.get('saddle-spectrum-plot')) customElements.define('saddle-spectrum-plot', SpectrumPlot);

declare global {
  interface HTMLElementTagNameMap {
    'saddle-spectrum-plot': SpectrumPlot;
  }
}
