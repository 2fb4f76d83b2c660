/**
 * `<saddle-norm-plot>`: the distance to the equilibrium, ‖z_t − z*‖, of each optimizer's iterates on a log scale,
 * with the rate the analysis predicts beside it: ‖z₀ − z*‖·ρ^t, ρ the spectral radius of the optimizer's update map
 * at z*, as a dashed line of the same colour (see ./norm-plot-model.ts for the maths). On a log scale a rate is a
 * slope: a run that converges at the predicted rate runs parallel to its dashed line.
 *
 * Standalone it takes the phase plot's attributes (game, params, optimizers, lr, opts, steps, init, domain; all
 * reflected) and runs the optimizers itself; with `for="id"` it draws what the `<saddle-phase-plot id="id">` runs,
 * and follows it as a person drags its start point. The pointer or the arrow keys move a cursor along t (Home, End,
 * Shift for steps of 10%); it reads the values there and fires `saddle-cursor` ({ step }, bubbles, composed).
 * Read-only `data`: the distances, predicted and measured rates per optimizer. A bad attribute shows its message.
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { html, nothing, svg } from 'lit';
import { drawAxis } from './kit/axis.ts';
import { exportButtons, exportStyles } from './kit/export.ts';
import { LazyModule } from './kit/lazy.ts';
import { describeError, errorMessage, loadingMessage, messageStyles } from './kit/message.ts';
import { reflected, type Attribute } from './kit/properties.ts';
import { axisStyles, hostStyles, legendStyles, plotStyles, toolbarStyles } from './kit/styles.ts';
import type { NormPlotData, NormSeries } from './norm-plot-model.ts';
import { PALETTE } from './phase-plot.ts';
import { loadGame, runTrajectories } from './phase-plot-model.ts';
import { PhasePlotView } from './phase-plot-view.ts';
import { styles } from './norm-plot.styles.ts';

const MARGIN = { top: 12, right: 16, bottom: 42, left: 60 };
/** The analysis (and ml-matrix with it) loads when the first norm plot connects, not with the embed bundle. */
let model: Promise<typeof import('./norm-plot-model.ts')> | undefined;
const loadModel = () => (model ??= import('./norm-plot-model.ts'));

/** A number for a legend: 3 significant digits, exponent notation when tiny or huge. */
const fmt = (v: number) => (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(3))));
/** A rate: 4 significant digits, 6 when within 10⁻³ of 1 (where 0.9995 and 1.0000 differ a lot). */
export const fmtRate = (v: number) => String(Number(v.toPrecision(Math.abs(v - 1) < 1e-3 ? 6 : 4)));
/** Powers of ten as 10⁻³, 10⁰, 10²: the tick labels of a log axis. */
const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
export const powerOfTen = (v: number) => `10${String(Math.round(Math.log10(v))).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c])}`;
/** The legend's short form of why there is no prediction (the analysis's sentence up to its advice). */
const shortProblem = (p: string) => `no predicted rate: ${p.replace(/^has no linear update map: /, '').split(';')[0]}`;

export class NormPlot extends PhasePlotView {
  static override properties = reflected(['steps'], { cursor: { state: true } });
  static override styles = [hostStyles, plotStyles, axisStyles, legendStyles, toolbarStyles, messageStyles, exportStyles, styles];
  declare steps: Attribute;
  /** The step under the cursor (undefined: none). */
  declare cursor: number | undefined;

  #error?: string;
  #data?: NormPlotData;
  #model = new LazyModule(this, loadModel);

  /** What is drawn: per optimizer, ‖z_t − z*‖, the predicted ρ and the measured rate (after `updateComplete`). */
  get data(): NormPlotData | undefined {
    return this.#data;
  }

  protected override willUpdate(): void {
    this.#error = this.#model.error;
    if (this.#error) return;
    try {
      const run = this.source(loadGame);
      const m = this.#model.value;
      if (!run || !m) {
        this.#data = undefined;
        return;
      }
      const site = m.siteFor(run.game, run.spec);
      this.#data = m.normSeries(run.game, run.spec, run.trajectories ?? runTrajectories(run.game, run.spec), site);
      if (this.cursor !== undefined) this.cursor = Math.min(this.cursor, this.#lastStep());
    } catch (e) {
      this.#error = describeError(e);
      this.#data = undefined;
    }
  }

  #lastStep(): number {
    return Math.max(0, ...(this.#data?.series ?? []).map((s) => s.norms.length - 1));
  }

  #layout() {
    const width = Math.max(240, this.width.value || 520);
    const inner = width - MARGIN.left - MARGIN.right;
    const height = Math.round(Math.min(380, Math.max(200, 0.55 * width)));
    const innerH = height - MARGIN.top - MARGIN.bottom;
    const data = this.#data!;
    const values = data.series.flatMap((s) => s.norms).filter((v) => v > 0 && Number.isFinite(v));
    let lo = values.length ? Math.min(...values) : 1e-3;
    let hi = values.length ? Math.max(...values) : 1;
    if (!(hi > lo)) [lo, hi] = [lo / 10, hi * 10];
    const x = scaleLinear([0, Math.max(1, this.#lastStep())], [0, inner]);
    const y = scaleLog([lo, hi], [innerH, 0]).nice();
    return { width, height, inner, innerH, x, y };
  }

  protected override render() {
    const toolbar = (label: string) => html`<div class="toolbar"><span class="caption">${label}</span>${this.#data ? exportButtons(this.#exports()) : nothing}</div>`;
    if (this.#error) return errorMessage(this.#error);
    const data = this.#data;
    if (!data) return loadingMessage(this.for != null ? `Waiting for the phase plot "${this.for}"…` : 'Running…');
    const { width, height, inner, innerH, x, y } = this.#layout();
    const [y0, y1] = y.domain();
    const star = data.equilibrium ? `z* = (${data.equilibrium.map(fmt).join(', ')})` : 'no equilibrium in the domain: ‖z_t‖';
    const what = data.equilibrium && data.equilibrium.every((v) => v === 0) && data.subspace === 0 ? '‖z_t‖' : data.subspace > 0 ? 'distance to the equilibria' : '‖z_t − z*‖';
    const path = line<number>((_, t) => x(t), (v) => y(v)).defined((v) => v > 0 && Number.isFinite(v));
    const every = (s: NormSeries) => Math.max(1, Math.floor(s.norms.length / (2 * inner)));
    const thin = (s: NormSeries) => s.norms.map((v, t) => (t % every(s) === 0 || t === s.norms.length - 1 ? v : NaN));
    const label = `Log-scale plot of ${what} against the step t for ${data.series.length} optimizers, measured (solid) and predicted by the spectral radius of the update map (dashed). ${data.series
      .map((s) => `${s.label}: ${s.rho === undefined ? 'no prediction' : `predicted rate ${fmtRate(s.rho)}`}${s.measured === undefined ? '' : `, measured ${fmtRate(s.measured)}`}, ${s.status}`)
      .join('; ')}. Arrow keys move a cursor along t.`;
    const c = this.cursor;
    return html`
      ${toolbar(`${what} on a log scale · ${star}`)}
      <svg
        width=${width}
        height=${height}
        tabindex="0"
        role="application"
        aria-roledescription="norm plot"
        aria-label=${label}
        @pointermove=${this.#onPointerMove}
        @pointerleave=${() => (this.cursor = undefined)}
        @keydown=${this.#onKeyDown}
      >
        <defs><clipPath id="norm-area"><rect width=${inner} height=${innerH}></rect></clipPath></defs>
        <g transform="translate(${MARGIN.left},${MARGIN.top})">
          <rect class="background" width=${inner} height=${innerH}></rect>
          <g class="x-axis" transform="translate(0,${innerH})"></g>
          <g class="y-axis"></g>
          <text class="axis-label" x=${inner / 2} y=${innerH + 36} text-anchor="middle">step t</text>
           <text class="axis-label" transform="translate(-46,${innerH / 2}) rotate(-90)" text-anchor="middle">${what}</text>
          <g clip-path="url(#norm-area)">
            ${data.series.map((s, i) => {
              const colour = PALETTE[i % PALETTE.length];
              const T = s.norms.length - 1;
              let pred: unknown = nothing;
              if (s.rho !== undefined && s.norms[0] > 0 && s.rho > 0) {
                // A straight line on the log scale; ended where it leaves the view (ρ^t under- or overflows later).
                const bound = s.rho < 1 ? y0 : y1;
                const tEnd = Math.min(Math.max(T, 1), s.rho === 1 ? Infinity : Math.log(bound / s.norms[0]) / Math.log(s.rho));
                pred = svg`<line class="predicted" x1=${x(0)} y1=${y(s.norms[0])} x2=${x(tEnd)} y2=${y(s.norms[0] * Math.pow(s.rho, tEnd))}></line>`;
              }
              const last = s.norms[T];
              return svg`<g class="series" stroke=${colour} fill=${colour}>
                ${pred}
                <path class="measured" d=${path(thin(s)) ?? ''}></path>
                ${last > 0 && Number.isFinite(last) ? svg`<circle class="end" cx=${x(T)} cy=${y(last)} r="3.5"></circle>` : nothing}
              </g>`;
            })}
          </g>
          ${c === undefined ? nothing : svg`<g class="cursor" data-export="skip"><line x1=${x(c)} x2=${x(c)} y1="0" y2=${innerH}></line></g>`}
        </g>
      </svg>
      <p class="readout" aria-live="polite">${c === undefined ? 'Point at the plot (or focus it and use the arrow keys) to read the values at a step.' : this.#readout(c)}</p>
      <ul class="legend">
        ${data.series.map((s, i) => {
          const colour = PALETTE[i % PALETTE.length];
          const rate = s.rho === undefined ? shortProblem(s.problem ?? 'no prediction') : `ρ = ${fmtRate(s.rho)} predicted${s.measured === undefined ? '' : `, ${fmtRate(s.measured)} measured`}`;
          const end = s.status === 'converged' ? `converged at step ${s.step}` : s.status === 'diverged' ? `diverged at step ${s.step}` : `${s.step} steps`;
          return html`<li>
            <svg class="swatch" width="30" height="10" aria-hidden="true"><line x1="1" y1="3" x2="29" y2="3" stroke=${colour}></line><line class="dash" x1="1" y1="8" x2="29" y2="8" stroke=${colour}></line></svg>
            <span><span class="label">${s.label}</span> <span class="status ${s.status}"><span class="rate">${rate}</span>; <span>${end}</span></span></span>
          </li>`;
        })}
      </ul>
    `;
  }

  #readout(t: number): string {
    const data = this.#data!;
    return `step ${t}: ${data.series
      .map((s) => {
        const v = s.norms[t];
        const p = s.rho === undefined ? '' : ` (predicted ${fmt(s.norms[0] * Math.pow(s.rho, t))})`;
        return `${s.name} ${v === undefined ? '—' : fmt(v)}${p}`;
      })
      .join(' · ')}`;
  }

  protected override updated(): void {
    if (!this.#data || this.#error) return;
    const { x, y } = this.#layout();
    drawAxis(this.renderRoot.querySelector<SVGGElement>('g.x-axis'), axisBottom(x).ticks(6).tickSizeOuter(0));
    // Powers of ten when the view spans two decades or more, else d3's own ticks (1, 2, 5 × 10^k) written plainly
    // (2, 0.05; an exponent only past 6 digits: 1e-7), never "2e+0".
    const [lo, hi] = y.domain();
    const decades = Array.from({ length: Math.floor(Math.log10(hi)) - Math.ceil(Math.log10(lo)) + 1 }, (_, k) => Math.pow(10, Math.ceil(Math.log10(lo)) + k));
    const step = Math.ceil(decades.length / 7);
    const yAxis = decades.length >= 3 ? axisLeft(y).tickValues(decades.filter((_, k) => k % step === 0)).tickFormat((v) => powerOfTen(v as number)) : axisLeft(y).ticks(5, '.3~g');
    drawAxis(this.renderRoot.querySelector<SVGGElement>('g.y-axis'), yAxis.tickSizeOuter(0));
  }

  #setCursor(t: number | undefined): void {
    if (t === this.cursor) return;
    this.cursor = t;
    if (t !== undefined) this.dispatchEvent(new CustomEvent('saddle-cursor', { detail: { step: t }, bubbles: true, composed: true }));
  }

  #onPointerMove = (e: PointerEvent) => {
    if (!this.#data) return;
    const { x, inner } = this.#layout();
    const px = e.clientX - (e.currentTarget as SVGSVGElement).getBoundingClientRect().left - MARGIN.left;
    if (px < 0 || px > inner) return;
    this.#setCursor(Math.round(x.invert(px)));
  };

  /** ←/→ one step (Shift: 10% of the run), Home and End; Escape hides the cursor. */
  #onKeyDown = (e: KeyboardEvent) => {
    if (!this.#data) return;
    const last = this.#lastStep();
    const big = Math.max(1, Math.round(last / 10));
    const now = this.cursor ?? 0;
    const to = { ArrowRight: now + (e.shiftKey ? big : 1), ArrowLeft: now - (e.shiftKey ? big : 1), Home: 0, End: last }[e.key];
    if (e.key === 'Escape') return this.#setCursor(undefined);
    if (to === undefined) return;
    e.preventDefault();
    this.#setCursor(Math.max(0, Math.min(last, to)));
  };

  #exports() {
    return {
      name: 'norm-plot',
      svg: () => this.renderRoot.querySelector<SVGSVGElement>('svg[aria-roledescription]'),
      rows: () => (this.#data && this.#model.value ? this.#model.value.normRows(this.#data) : []),
      data: () => this.#data,
    };
  }
}

if (!customElements.get('saddle-norm-plot')) customElements.define('saddle-norm-plot', NormPlot);

declare global {
  interface HTMLElementTagNameMap {
    'saddle-norm-plot': NormPlot;
  }
}
