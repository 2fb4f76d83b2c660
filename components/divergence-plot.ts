/**
 * `<saddle-divergence-plot>`: KL, JS, TV and W between a fixed P and a moving Q_θ, against θ, with their
 * derivatives in θ in a second panel — the WGAN paper's point (Arjovsky, Chintala & Bottou 2017, Example 1) made
 * visible: on the parallel lines JS sits at log 2 and gives no gradient anywhere but θ = 0, KL is +∞, while W = |θ|
 * has slope ±1 all the way to the optimum. The numbers are src/divergence's (through ./divergence-plot-model.ts);
 * this file only draws them.
 *
 * Attributes (all reflected): example (`parallel-lines` | `gaussians` | `mixture`), divergences (comma list of kl,
 * reverse-kl, js, tv, w1, w2), theta ("from,to"), params (JSON: {"stdP", "stdQ"} for gaussians, {"p", "q"} as
 * distribution text for mixture), value (the marker's θ), gradients (boolean: show the d/dθ panel), url-state
 * (opt-in, with an id). A bad one shows its message in the element.
 *
 * Fires `saddle-change` (bubbles, composed) when a person moves the marker ({ theta, values, gradients } at θ) or
 * toggles the d/dθ panel ({ gradients: boolean }). Read-only: `curves` (what is drawn), `readout` (the values at θ).
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { LitElement, html, nothing, svg, type SVGTemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import type { DivergenceName } from '../src/divergence/index.ts';
import { CurveComputation, curveRows, readDivergenceAttributes, readoutAt, type Curve, type Curves, type DivergenceSpec, type Sample } from './divergence-plot-model.ts';
import { styles } from './divergence-plot.styles.ts';
import { applyUrlState, drawAxis, errorMessage, exportButtons, exportStyles, messageStyles, reflected, saveUrlState, WidthController, type Attribute } from './kit/index.ts';

/** One Okabe–Ito colour per divergence, the same in every example (PALETTE of phase-plot.ts, by name). */
export const DIVERGENCE_COLOURS: Record<DivergenceName, string> = {
  kl: '#D55E00',
  reverseKl: '#CC79A7',
  js: '#0072B2',
  tv: '#009E73',
  w1: '#E69F00',
  w2: '#56B4E9',
};
const URL_NAMES = ['example', 'divergences', 'theta', 'params', 'value', 'gradients'] as const;
const MARGIN = { right: 16, bottom: 40, left: 54 };
/** Vertical room of one "+∞" lane above the values panel. */
const LANE = 16;
/** Between the two panels (room for the first one's x axis). */
const GAP = 34;

type Scale = ScaleLinear<number, number>;
type Point = { theta: number; value: number };
/** Sizes and scales of one drawing: the plot width, the values panel (h1, y1) and the d/dθ panel (h2, y2). */
interface Layout {
  inner: number;
  top: number;
  h1: number;
  h2: number;
  x: Scale;
  y1: Scale;
  y2: Scale;
  height: number;
}

/** A number for the readout: 4 significant digits, ∞ for +∞, "—" where there is none. */
export const formatValue = (v: number | undefined): string =>
  v === undefined || Number.isNaN(v) ? '—' : v === Infinity ? '∞' : v === -Infinity ? '−∞' : v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5) ? v.toExponential(3) : String(Number(v.toPrecision(4)));

/** The finite range of some curves' values. */
function extent(curves: readonly Curve[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of curves) {
    for (const p of c.pieces) if (!p.infinite) for (const q of p.points) [lo, hi] = [Math.min(lo, q.value), Math.max(hi, q.value)];
    for (const j of c.jumps) for (const v of [j.value, j.left, j.right]) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  }
  return lo > hi ? [0, 1] : [lo, hi];
}

export class DivergencePlot extends LitElement {
  static override properties = reflected(['example', 'divergences', 'theta', 'params', 'value'], { gradients: { type: Boolean, reflect: true } });
  static override styles = [styles, exportStyles, messageStyles];
  declare example: Attribute;
  declare divergences: Attribute;
  declare theta: Attribute;
  declare params: Attribute;
  declare value: Attribute;
  declare gradients: boolean;

  readonly #width = new WidthController(this);
  #spec?: DivergenceSpec;
  #error?: unknown;
  #computation?: CurveComputation;
  #key?: string;
  #curves?: Curves;
  #readout?: Sample;
  #readoutKey?: string;
  #timer?: ReturnType<typeof setTimeout>;
  #dragging?: number;
  /** The layout the axes were last drawn for. */
  #axesKey?: string;

  constructor() {
    super();
    this.gradients = false;
  }

  /** What is drawn: each divergence's curve and its d/dθ, cut into pieces, jumps and +∞ runs (after `updateComplete`). */
  get curves(): Curves | undefined {
    return this.#curves;
  }

  /** The values and d/dθ at the marker's θ. */
  get readout(): Sample | undefined {
    return this.#readout;
  }

  override connectedCallback(): void {
    applyUrlState(this, URL_NAMES);
    super.connectedCallback();
    // Moved in the page while computing: the computation was stopped at disconnect, start it again.
    if (this.hasUpdated && !this.#curves) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#key = undefined; // a reconnected element starts its computation again
  }

  protected override willUpdate(): void {
    this.#error = undefined;
    try {
      const spec = readDivergenceAttributes(this);
      this.#spec = spec;
      const key = JSON.stringify([spec.example, spec.names, spec.range, spec.stdP, spec.stdQ, spec.pText, spec.qText]);
      if (key !== this.#key) {
        this.#key = key;
        this.#curves = undefined;
        this.#readoutKey = undefined;
        clearTimeout(this.#timer);
        this.#computation = new CurveComputation(spec);
        this.#advance(40);
      }
      const readoutKey = `${key}|${spec.value}`;
      if (readoutKey !== this.#readoutKey && this.#computation) {
        this.#readout = readoutAt(spec, spec.value, this.#computation.step);
        this.#readoutKey = readoutKey;
      }
    } catch (e) {
      this.#error = e;
      this.#curves = undefined;
      this.#readout = undefined;
      this.#key = undefined;
      clearTimeout(this.#timer);
    }
  }

  /** Evaluates for about budgetMs; when not done, continues in a later task (so the page stays responsive). */
  #advance(budgetMs: number): void {
    const c = this.#computation;
    if (!c) return;
    try {
      c.next(budgetMs);
      if (c.done === c.total) this.#curves = c.curves();
      else this.#timer = setTimeout(() => {
        if (c !== this.#computation) return;
        this.#advance(14);
        this.requestUpdate();
      }, 0);
    } catch (e) {
      this.#error = e;
      this.requestUpdate();
    }
  }

  #layout(spec: DivergenceSpec, curves: Curves): Layout {
    const inner = Math.max(160, (this.#width.value || this.clientWidth || 480) - MARGIN.left - MARGIN.right);
    const lanes = curves.values.filter((c) => c.pieces.some((p) => p.infinite) || c.jumps.some((j) => j.value === Infinity)).length;
    const top = 10 + lanes * LANE;
    const h1 = Math.round(Math.min(320, Math.max(170, inner * 0.5)));
    const h2 = this.gradients ? Math.round(Math.min(200, Math.max(120, inner * 0.3))) : 0;
    const x = scaleLinear(spec.range, [0, inner]);
    const [lo, hi] = extent(curves.values);
    const y1 = scaleLinear([Math.min(0, lo), hi > 0 ? hi * 1.08 : 1], [h1, 0]).nice();
    const [glo, ghi] = extent(curves.gradients);
    const pad = 0.1 * Math.max(ghi - glo, 1e-9);
    const y2 = scaleLinear(glo === ghi ? [glo - 1, ghi + 1] : [Math.min(0, glo - pad), Math.max(0, ghi + pad)], [h2, 0]).nice();
    const height = top + h1 + (this.gradients ? GAP + h2 : 0) + MARGIN.bottom;
    return { inner, top, h1, h2, x, y1, y2, height };
  }

  protected override render() {
    if (this.#error !== undefined) return errorMessage(this.#error);
    const spec = this.#spec;
    const curves = this.#curves;
    const c = this.#computation;
    if (!spec || !c) return nothing;
    const toolbar = html`<div class="toolbar">
      <span class="caption">${curves?.description ?? ''}</span>
      <span class="controls">
        <button type="button" class="toggle" aria-pressed=${this.gradients ? 'true' : 'false'} title="Show the derivatives in θ" @click=${this.#toggleGradients}>d/dθ</button>
        ${exportButtons({
          name: `divergence-${spec.example}`,
          svg: () => this.renderRoot.querySelector<SVGSVGElement>('svg.chart'),
          rows: () => (this.#curves ? curveRows(this.#curves) : []),
          data: () => ({ curves: this.#curves, readout: this.#readout }),
        })}
      </span>
    </div>`;
    if (!curves) {
      return html`${toolbar}<p class="message loading progress" role="status">Computing the divergences: ${c.done} of ${c.total} points…</p>`;
    }
    const L = this.#layout(spec, curves);
    const theta = spec.value;
    const r = this.#readout;
    const valueText = r ? spec.names.map((n) => `${curves.values.find((k) => k.name === n)!.label} = ${formatValue(r.values[n])}`).join(', ') : '';
    return html`
      ${toolbar}
      <svg
        class="chart"
        width=${L.inner + MARGIN.left + MARGIN.right}
        height=${L.height}
        tabindex="0"
        role="slider"
        aria-label=${`Divergences against θ for ${curves.description}. Drag, or use the arrow keys, to move θ.`}
        aria-valuemin=${spec.range[0]}
        aria-valuemax=${spec.range[1]}
        aria-valuenow=${theta}
        aria-valuetext=${`θ = ${formatValue(theta)}: ${valueText}`}
        @pointerdown=${this.#onPointerDown}
        @pointermove=${this.#onPointerMove}
        @pointerup=${this.#onPointerUp}
        @pointercancel=${this.#onPointerUp}
        @keydown=${this.#onKeyDown}
      >
        <g transform="translate(${MARGIN.left},${L.top})">
          ${this.#panelsTemplate(curves, L)}
          <text class="axis-label" x=${L.inner / 2} y=${L.height - L.top - 6} text-anchor="middle" font-style="italic">θ</text>
          ${this.#marker(L.x(theta), L, r)}
        </g>
      </svg>
      <table class="readout" aria-live="polite">
        <thead>
          <tr><th scope="col">at θ = ${formatValue(theta)}</th><th scope="col">value</th>${this.gradients ? html`<th scope="col">d/dθ</th>` : nothing}</tr>
        </thead>
        <tbody>
          ${curves.values.map(
            (k) => html`<tr>
              <th scope="row"><span class="swatch" style="background:${DIVERGENCE_COLOURS[k.name]}"></span>${k.label}</th>
              <td>${formatValue(r?.values[k.name])}</td>
              ${this.gradients ? html`<td>${formatValue(r?.gradients[k.name])}</td>` : nothing}
            </tr>`,
          )}
        </tbody>
      </table>
    `;
  }

  /** Both panels, drawn again only when the curves or the sizes change (moving θ redraws the marker and readout). */
  #panelsTemplate(curves: Curves, L: Layout) {
    return guard(
      [curves, L.inner, L.h1, L.h2, this.gradients],
      () => svg`${this.#panel('values', curves.values, L.x, L.y1, L.inner, L.h1, 'divergence')}
        ${this.gradients ? svg`<g transform="translate(0,${L.h1 + GAP})">${this.#panel('gradients', curves.gradients, L.x, L.y2, L.inner, L.h2, 'd/dθ')}</g>` : nothing}`,
    );
  }

  /** One panel: background, axes (drawn by d3-axis in updated()), the zero line, the curves. */
  #panel(which: 'values' | 'gradients', curves: readonly Curve[], x: Scale, y: Scale, inner: number, h: number, label: string): SVGTemplateResult {
    const path = line<Point>((p) => x(p.theta), (p) => y(p.value));
    const [d0, d1] = y.domain();
    return svg`<g class="panel ${which}">
      <rect class="panel-bg" width=${inner} height=${h}></rect>
      ${d0 < 0 && d1 > 0 ? svg`<line class="zero" x1="0" x2=${inner} y1=${y(0)} y2=${y(0)}></line>` : nothing}
      <g class="axis x-axis" data-panel=${which} transform="translate(0,${h})"></g>
      <g class="axis y-axis" data-panel=${which}></g>
      <text class="axis-label" transform="translate(-40,${h / 2}) rotate(-90)" text-anchor="middle">${label}</text>
      ${curves.map((c, i) => {
        const colour = DIVERGENCE_COLOURS[c.name];
        const lane = -10 - LANE * curves.slice(0, i).filter((k) => k.pieces.some((p) => p.infinite) || k.jumps.some((j) => j.value === Infinity)).length;
        // Earlier curves are drawn wider, so that one hidden under a later one (three zero gradients) shows at its edges.
        const width = 2 + (2.4 * (curves.length - 1 - i)) / Math.max(1, curves.length - 1);
        const first = c.pieces.findIndex((p) => p.infinite);
        return svg`<g class="divergence" data-name=${c.name} stroke=${colour} fill=${colour}>
          ${c.pieces.map((p, k) => (p.infinite ? this.#infinite(p.points, x, lane, k === first ? c.label : '', colour) : svg`<path class="curve" stroke-width=${width.toFixed(2)} d=${path(p.points) ?? ''}></path>`))}
          ${c.jumps.map(
            (j) => svg`${[j.left, j.right].map((v) => (Number.isFinite(v) ? svg`<circle class="open" cx=${x(j.theta)} cy=${y(v)} r="3.6"></circle>` : nothing))}
              ${Number.isFinite(j.value) ? svg`<circle class="at-jump" cx=${x(j.theta)} cy=${y(j.value)} r="3.6"></circle>` : this.#infinite([j], x, lane, c.label, colour)}`,
          )}
        </g>`;
      })}
    </g>`;
  }

  /**
   * A run where the value is +∞: a dashed line above the panel over its θ, with upward arrows every ~70 px and the
   * label "∞" (the value is off the top of every scale; it is never drawn as a number).
   */
  #infinite(points: readonly Point[], x: Scale, lane: number, label: string, colour: string): SVGTemplateResult {
    const a = x(points[0].theta);
    const b = x(points[points.length - 1].theta);
    // The label (once per curve) takes the run's first ~64 px when it fits; arrows spread over the rest.
    const text = label && b - a > 110 ? `${label.split('(')[0]} = ∞` : '∞';
    const start = text === '∞' ? a + 14 : a + 64;
    const count = Math.max(1, Math.floor((b - start) / 70));
    const arrows = b - start < 8 ? [(a + b) / 2] : Array.from({ length: count }, (_, i) => start + ((i + 0.5) * (b - start)) / count);
    return svg`<g class="infinite" aria-hidden="true">
      ${b - a > 1 ? svg`<line x1=${a} x2=${b} y1=${lane} y2=${lane}></line>` : nothing}
      ${arrows.map((c) => svg`<path d="M${c - 4},${lane + 1}L${c},${lane - 5}L${c + 4},${lane + 1}M${c},${lane - 5}V${lane + 6}"></path>`)}
      ${label || b - a > 30 ? svg`<text x=${a + 3} y=${lane - 4} stroke="none" fill=${colour}>${text}</text>` : nothing}
    </g>`;
  }

  /** The θ marker: a dashed line through both panels, a knob on the first panel's axis, a dot on each curve. */
  #marker(px: number, L: Layout, r: Sample | undefined): SVGTemplateResult {
    const bottom = L.h1 + (this.gradients ? GAP + L.h2 : 0);
    const dots = (which: 'values' | 'gradients', y: Scale, dy: number) =>
      this.#curves![which].map((c) => {
        const v = which === 'values' ? r?.values[c.name] : r?.gradients[c.name];
        return v !== undefined && Number.isFinite(v) ? svg`<circle class="at" cx=${px} cy=${dy + y(v)} r="4" fill=${DIVERGENCE_COLOURS[c.name]}></circle>` : nothing;
      });
    return svg`<g class="marker">
      <line x1=${px} x2=${px} y1="0" y2=${bottom}></line>
      ${dots('values', L.y1, 0)}
      ${this.gradients ? dots('gradients', L.y2, L.h1 + GAP) : nothing}
      <rect class="hit" data-export="skip" x=${px - 10} y="0" width="20" height=${bottom}></rect>
      <circle class="knob" cx=${px} cy=${L.h1} r="7"></circle>
    </g>`;
  }

  /** Axes are d3-axis's job: it draws into the groups render() left empty. */
  protected override updated(): void {
    const spec = this.#spec;
    const curves = this.#curves;
    if (!spec || !curves || this.#error !== undefined) return;
    const L = this.#layout(spec, curves);
    const key = `${L.inner}|${L.h1}|${L.h2}|${L.x.domain()}|${L.y1.domain()}|${L.y2.domain()}`;
    const axes = this.renderRoot.querySelectorAll<SVGGElement>('g.axis');
    // The axis groups keep their ticks while the panels are reused; draw them again only for new groups or scales.
    if (key === this.#axesKey && [...axes].every((g) => g.childElementCount > 0)) return;
    this.#axesKey = key;
    for (const g of axes) {
      const panel = g.dataset.panel;
      const y = panel === 'gradients' ? L.y2 : L.y1;
      const axis = g.classList.contains('x-axis') ? axisBottom(L.x).ticks(Math.max(3, Math.round(L.inner / 80))) : axisLeft(y).ticks(panel === 'gradients' ? 4 : 5);
      drawAxis(g, axis.tickSizeOuter(0));
    }
  }

  /** θ under the pointer, clamped to the range. */
  #thetaAt(e: PointerEvent): number | undefined {
    const spec = this.#spec;
    const curves = this.#curves;
    if (!spec || !curves) return undefined;
    const L = this.#layout(spec, curves);
    const r = (e.currentTarget as SVGSVGElement).getBoundingClientRect();
    const px = e.clientX - r.left - MARGIN.left;
    return Math.min(spec.range[1], Math.max(spec.range[0], L.x.invert(px)));
  }

  #onPointerDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    const t = this.#thetaAt(e);
    if (t === undefined) return;
    e.preventDefault();
    const target = e.currentTarget as SVGSVGElement;
    target.setPointerCapture?.(e.pointerId);
    target.focus();
    this.#dragging = e.pointerId;
    this.#moveTo(t);
  };

  #onPointerMove = (e: PointerEvent) => {
    if (this.#dragging !== e.pointerId) return;
    const t = this.#thetaAt(e);
    if (t !== undefined) this.#moveTo(t);
  };

  #onPointerUp = (e: PointerEvent) => {
    if (this.#dragging === e.pointerId) this.#dragging = undefined;
  };

  /** ←/→ (and ↓/↑) move θ by 1/100 of the range, with Shift or PageUp/PageDown by 1/10; Home/End go to the ends. */
  #onKeyDown = (e: KeyboardEvent) => {
    const spec = this.#spec;
    if (!spec || !this.#curves) return;
    const span = spec.range[1] - spec.range[0];
    const small = (e.shiftKey ? 0.1 : 0.01) * span;
    const moves: Record<string, number> = {
      ArrowLeft: spec.value - small,
      ArrowDown: spec.value - small,
      ArrowRight: spec.value + small,
      ArrowUp: spec.value + small,
      PageDown: spec.value - 0.1 * span,
      PageUp: spec.value + 0.1 * span,
      Home: spec.range[0],
      End: spec.range[1],
    };
    if (!(e.key in moves)) return;
    e.preventDefault();
    this.#moveTo(Math.min(spec.range[1], Math.max(spec.range[0], moves[e.key])));
  };

  /** Sets `value` (rounded to 1/1000 of the range), recomputes the readout, and tells the page. */
  #moveTo(t: number): void {
    const spec = this.#spec;
    if (!spec) return;
    const digits = Math.min(12, Math.max(0, Math.ceil(-Math.log10((spec.range[1] - spec.range[0]) / 1000))));
    const v = Number(t.toFixed(digits));
    const text = String(v);
    if (text === this.value) return;
    this.value = text;
    const readout = readoutAt(spec, v, this.#computation?.step ?? 0);
    this.#readout = readout;
    this.#readoutKey = `${this.#key}|${v}`;
    this.dispatchEvent(new CustomEvent('saddle-change', { detail: { theta: v, values: readout.values, gradients: readout.gradients }, bubbles: true, composed: true }));
    void this.updateComplete.then(() => saveUrlState(this, URL_NAMES));
  }

  #toggleGradients = () => {
    this.gradients = !this.gradients;
    this.dispatchEvent(new CustomEvent('saddle-change', { detail: { gradients: this.gradients }, bubbles: true, composed: true }));
    void this.updateComplete.then(() => saveUrlState(this, URL_NAMES));
  };
}

if (!customElements.get('saddle-divergence-plot')) customElements.define('saddle-divergence-plot', DivergencePlot);

declare global {
  interface HTMLElementTagNameMap {
    'saddle-divergence-plot': DivergencePlot;
  }
}
