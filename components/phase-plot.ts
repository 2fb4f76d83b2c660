/**
 * `<saddle-phase-plot>`: the plane of a two-player game with one coordinate each (x across, y up), the field −ξ as
 * arrows, and the iterates of each optimizer from a start point that the person drags (or moves with the arrow
 * keys). All the maths is in src/ (through ./phase-plot-model.ts and ./field-arrows.ts); this file only draws.
 *
 * Attributes (all reflected): game, params (JSON), optimizers (comma list), lr (one or one per player),
 * opts (JSON per optimizer: {"momentum": {"beta": -0.5}}), steps, init ("x,y"), domain ("xmin,xmax,ymin,ymax").
 * A bad one shows its message in the element. Fires `saddle-change` ({ init: [x, y] }, bubbles, composed) when the
 * person moves the start point.
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { interpolateGreys } from 'd3-scale-chromatic';
import { select } from 'd3-selection';
import { line } from 'd3-shape';
import { LitElement, html, nothing, svg, type PropertyDeclarations } from 'lit';
import { InputError } from '../src/errors.ts';
import type { Game } from '../src/game.ts';
import { fieldArrows, type Arrow, type Domain } from './field-arrows.ts';
import { styles } from './phase-plot.styles.ts';
import { checkOptimizers, loadGame, readAttributes, runTrajectories, type PlotSpec, type PlotTrajectory } from './phase-plot-model.ts';

/** Okabe & Ito's colour-blind-safe palette, the strongest on white first (yellow last). */
export const PALETTE = ['#D55E00', '#0072B2', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
const MARGIN = { top: 10, right: 12, bottom: 46, left: 52 };
/** At most this many dots per trajectory; the rest of the iterates are the polyline's corners. */
const MAX_DOTS = 40;
/** About one arrow per this many pixels across (8 to 24 arrows per side). */
const ARROW_SPACING = 30;

type Scale = ScaleLinear<number, number>;

/** A number for a legend: 3 significant digits, exponent notation when tiny or huge. */
const fmt = (v: number) => (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(3))));

/** The legend's words for how a run ended, and the norm it ended with (two pieces that each stay on one line). */
function statusText(t: PlotTrajectory): [string, string] {
  const norm = `‖z‖ = ${fmt(t.norm)}`;
  if (t.status === 'converged') return [`converged at step ${t.step},`, norm];
  if (t.status === 'diverged') return [`diverged at step ${t.step}, last`, norm];
  return [`running after ${t.step} steps,`, norm];
}

/** The iterates up to the first one far outside the domain (later ones would only stretch the SVG). */
function visible(points: readonly (readonly [number, number])[], d: Domain): (readonly [number, number])[] {
  const w = d.xmax - d.xmin;
  const h = d.ymax - d.ymin;
  const far = ([x, y]: readonly [number, number]) => x < d.xmin - 10 * w || x > d.xmax + 10 * w || y < d.ymin - 10 * h || y > d.ymax + 10 * h;
  const end = points.findIndex(far);
  return end < 0 ? points.slice() : points.slice(0, end + 1);
}

/** An arrow centred on its grid point, with a small open head, as one SVG path in pixels. */
function arrowPath(a: Arrow, x: Scale, y: Scale): string {
  const x0 = x(a.x - a.dx / 2);
  const y0 = y(a.y - a.dy / 2);
  const x1 = x(a.x + a.dx / 2);
  const y1 = y(a.y + a.dy / 2);
  const len = Math.hypot(x1 - x0, y1 - y0);
  if (len < 0.5) return '';
  const ux = (x1 - x0) / len;
  const uy = (y1 - y0) / len;
  const head = Math.min(4, 0.45 * len);
  const bx = x1 - head * ux;
  const by = y1 - head * uy;
  const f = (v: number) => v.toFixed(1);
  return `M${f(x0)},${f(y0)}L${f(x1)},${f(y1)}M${f(bx - 0.6 * head * uy)},${f(by + 0.6 * head * ux)}L${f(x1)},${f(y1)}L${f(bx + 0.6 * head * uy)},${f(by - 0.6 * head * ux)}`;
}

const describe = (e: unknown) => (e instanceof InputError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`);

export class PhasePlot extends LitElement {
  static override properties: PropertyDeclarations = {
    game: { reflect: true },
    params: { reflect: true },
    optimizers: { reflect: true },
    lr: { reflect: true },
    opts: { reflect: true },
    steps: { reflect: true },
    init: { reflect: true },
    domain: { reflect: true },
    size: { state: true },
  };
  static override styles = styles;
  declare game: string | null | undefined;
  declare params: string | null | undefined;
  declare optimizers: string | null | undefined;
  declare lr: string | null | undefined;
  declare opts: string | null | undefined;
  declare steps: string | null | undefined;
  declare init: string | null | undefined;
  declare domain: string | null | undefined;
  /** The host's width in pixels, from a ResizeObserver. */
  declare size: number;

  #spec?: PlotSpec;
  #error?: string;
  #game?: Game;
  #gameKey?: string;
  #gameError?: unknown;
  #arrows: Arrow[] = [];
  #arrowKey?: string;
  #trajectories: readonly PlotTrajectory[] = [];
  #resize?: ResizeObserver;
  #dragging?: number;

  constructor() {
    super();
    this.size = 0;
  }

  /** Each optimizer's run from the current start point (after `updateComplete`). */
  get trajectories(): readonly PlotTrajectory[] {
    return this.#trajectories;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry.contentRect.width);
      if (w !== this.size) this.size = w;
    });
    this.#resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize?.disconnect();
  }

  /** Reads the attributes, makes the game (once per game and params), the arrows and the trajectories. */
  protected override willUpdate(): void {
    this.#error = undefined;
    try {
      const spec = readAttributes(this);
      const key = JSON.stringify([spec.game, spec.params]);
      if (key !== this.#gameKey) {
        this.#gameKey = key;
        this.#game = undefined;
        this.#gameError = undefined;
        void this.#load(spec, key);
      }
      checkOptimizers(spec);
      this.#spec = spec;
      if (this.#gameError !== undefined) throw this.#gameError;
      if (!this.#game) return;
      const cells = Math.min(24, Math.max(8, Math.round(this.#scales(spec).inner / ARROW_SPACING)));
      const arrowKey = JSON.stringify([key, spec.domain, cells]);
      if (arrowKey !== this.#arrowKey) {
        this.#arrows = fieldArrows(this.#game, spec.domain, { columns: cells, rows: cells });
        this.#arrowKey = arrowKey;
      }
      this.#trajectories = runTrajectories(this.#game, spec);
    } catch (e) {
      this.#error = describe(e);
      this.#trajectories = [];
    }
  }

  async #load(spec: PlotSpec, key: string): Promise<void> {
    try {
      const game = await loadGame(spec);
      if (key === this.#gameKey) this.#game = game;
    } catch (e) {
      if (key === this.#gameKey) this.#gameError = e;
    }
    if (key === this.#gameKey) this.requestUpdate();
  }

  #scales(spec: PlotSpec): { x: Scale; y: Scale; inner: number } {
    const inner = Math.max(120, (this.size || 420) - MARGIN.left - MARGIN.right);
    const { xmin, xmax, ymin, ymax } = spec.domain;
    return { x: scaleLinear([xmin, xmax], [0, inner]), y: scaleLinear([ymin, ymax], [inner, 0]), inner };
  }

  protected override render() {
    if (this.#error) return html`<p class="message" role="alert">${this.#error}</p>`;
    const spec = this.#spec;
    const game = this.#game;
    if (!spec || !game) return html`<p class="message loading" role="status">Loading game ${spec?.game ?? ''}…</p>`;
    const { x, y, inner } = this.#scales(spec);
    const [xName, yName] = game.players.map((p) => p.coords[0]);
    const [x0, y0] = spec.init;
    const path = line<readonly [number, number]>((p) => x(p[0]), (p) => y(p[1]));
    const label = `Phase plot of ${game.description}: the field −ξ and ${this.#trajectories.length} trajectories from (${xName}, ${yName}) = (${x0}, ${y0}). Drag the start point, or use the arrow keys.`;
    return html`
      <svg
        width=${inner + MARGIN.left + MARGIN.right}
        height=${inner + MARGIN.top + MARGIN.bottom}
        tabindex="0"
        role="application"
        aria-roledescription="phase plot"
        aria-label=${label}
        @pointerdown=${this.#onPointerDown}
        @pointermove=${this.#onPointerMove}
        @pointerup=${this.#onPointerUp}
        @pointercancel=${this.#onPointerUp}
        @keydown=${this.#onKeyDown}
      >
        <defs>
          <clipPath id="plot-area"><rect width=${inner} height=${inner}></rect></clipPath>
        </defs>
        <g transform="translate(${MARGIN.left},${MARGIN.top})">
          <rect class="background" width=${inner} height=${inner}></rect>
          <g class="x-axis" transform="translate(0,${inner})"></g>
          <g class="y-axis"></g>
          <text class="axis-label" x=${inner / 2} y=${inner + 38} text-anchor="middle">${xName}</text>
          <text class="axis-label" transform="translate(-36,${inner / 2 + 5})${yName.length > 3 ? ' rotate(-90)' : ''}" text-anchor="middle">${yName}</text>
          <g class="arrows" aria-hidden="true">${this.#arrows.map((a) =>
            a.finite
              ? svg`<path d=${arrowPath(a, x, y)} stroke=${interpolateGreys(0.22 + 0.36 * a.level)}></path>`
              : svg`<circle class="nonfinite" cx=${x(a.x)} cy=${y(a.y)} r="1.5"></circle>`,
          )}</g>
          <g class="trajectories" clip-path="url(#plot-area)" aria-hidden="true">
            ${this.#trajectories.map((t, i, all) => this.#trajectory(t, PALETTE[i % PALETTE.length], 1.3 + (0.6 * (all.length - 1 - i)) / Math.max(1, all.length - 1), path, x, y, spec.domain))}
          </g>
          <g class="handle" transform="translate(${x(x0)},${y(y0)})" aria-hidden="true">
            <circle class="hit" r="14"></circle>
            <circle class="ring" r="7"></circle>
            <circle class="dot" r="2"></circle>
          </g>
        </g>
      </svg>
      <ul class="legend" aria-live="polite">
        <li class="start">start (${xName}, ${yName}) = (${x0}, ${y0})</li>
        ${this.#trajectories.map(
          (t, i) => html`<li>
            <svg class="swatch" width="26" height="10" aria-hidden="true"><line x1="1" y1="5" x2="25" y2="5" stroke=${PALETTE[i % PALETTE.length]}></line><circle cx="13" cy="5" r="3" fill=${PALETTE[i % PALETTE.length]}></circle></svg>
            <span class="label">${t.label}</span>
            <span class="status ${t.status}">${statusText(t).map((part) => html`<span>${part}</span> `)}</span>
          </li>`,
        )}
      </ul>
    `;
  }

  /**
   * One optimizer: its polyline, dots that shrink and fade along the way (at most MAX_DOTS), and its last point.
   * Earlier trajectories are drawn wider, so that one hidden under a later one still shows at its edges.
   */
  #trajectory(t: PlotTrajectory, colour: string, width: number, path: ReturnType<typeof line<readonly [number, number]>>, x: Scale, y: Scale, domain: Domain) {
    const points = visible(t.points, domain);
    const every = Math.max(1, Math.ceil(points.length / MAX_DOTS));
    const dots = points.filter((_, k) => k % every === 0 && k > 0);
    const last = points[points.length - 1];
    return svg`<g class="trajectory" stroke=${colour} fill=${colour} stroke-width=${width.toFixed(2)}>
      <path class="line" d=${path(points) ?? ''}></path>
      ${dots.map((p, k) => svg`<circle cx=${x(p[0])} cy=${y(p[1])} r=${2.6 - (1.4 * k) / Math.max(1, dots.length)} opacity=${0.85 - (0.45 * k) / Math.max(1, dots.length)}></circle>`)}
      ${last && points.length > 1 ? svg`<circle class="end" cx=${x(last[0])} cy=${y(last[1])} r="4"></circle>` : nothing}
    </g>`;
  }

  /** Axes are d3-axis's job: it draws into the groups that render() left empty. */
  protected override updated(): void {
    const spec = this.#spec;
    if (!spec || this.#error || !this.#game) return;
    const { x, y } = this.#scales(spec);
    const root = this.renderRoot;
    const gx = root.querySelector<SVGGElement>('g.x-axis');
    const gy = root.querySelector<SVGGElement>('g.y-axis');
    if (gx) select(gx).call(axisBottom(x).ticks(5).tickSizeOuter(0)).attr('font-size', null).attr('font-family', null);
    if (gy) select(gy).call(axisLeft(y).ticks(5).tickSizeOuter(0)).attr('font-size', null).attr('font-family', null);
  }

  /** The data point under a pointer event, inside the domain; undefined when the pointer is off the plot area. */
  #pointerToData(e: PointerEvent, clampOnly: boolean): [number, number] | undefined {
    const spec = this.#spec;
    const svgEl = e.currentTarget as SVGSVGElement;
    if (!spec) return undefined;
    const { x, y, inner } = this.#scales(spec);
    const r = svgEl.getBoundingClientRect();
    const px = e.clientX - r.left - MARGIN.left;
    const py = e.clientY - r.top - MARGIN.top;
    if (!clampOnly && (px < -8 || px > inner + 8 || py < -8 || py > inner + 8)) return undefined;
    const clamp = (v: number, a: number, b: number) => Math.min(b, Math.max(a, v));
    return [clamp(x.invert(px), spec.domain.xmin, spec.domain.xmax), clamp(y.invert(py), spec.domain.ymin, spec.domain.ymax)];
  }

  #onPointerDown = (e: PointerEvent) => {
    if (e.button !== 0 || !this.#game) return;
    const p = this.#pointerToData(e, false);
    if (!p) return;
    e.preventDefault();
    (e.currentTarget as SVGSVGElement).setPointerCapture(e.pointerId);
    (e.currentTarget as SVGSVGElement).focus();
    this.#dragging = e.pointerId;
    this.#moveStart(p);
  };

  #onPointerMove = (e: PointerEvent) => {
    if (this.#dragging !== e.pointerId) return;
    const p = this.#pointerToData(e, true);
    if (p) this.#moveStart(p);
  };

  #onPointerUp = (e: PointerEvent) => {
    if (this.#dragging === e.pointerId) this.#dragging = undefined;
  };

  /** Arrow keys move the start point by 1/50 of the domain (1/10 with Shift). */
  #onKeyDown = (e: KeyboardEvent) => {
    const spec = this.#spec;
    const dir = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[e.key];
    if (!spec || !dir || !this.#game) return;
    e.preventDefault();
    const { xmin, xmax, ymin, ymax } = spec.domain;
    const f = e.shiftKey ? 0.1 : 0.02;
    const clamp = (v: number, a: number, b: number) => Math.min(b, Math.max(a, v));
    this.#moveStart([clamp(spec.init[0] + dir[0] * f * (xmax - xmin), xmin, xmax), clamp(spec.init[1] + dir[1] * f * (ymax - ymin), ymin, ymax)]);
  };

  /** Sets `init` (rounded to 1/1000 of the domain) and tells the page. */
  #moveStart([px, py]: [number, number]): void {
    const spec = this.#spec;
    if (!spec) return;
    const round = (v: number, span: number) => {
      const digits = Math.max(0, Math.ceil(-Math.log10(span / 1000)));
      return Number(v.toFixed(Math.min(digits, 12)));
    };
    const init: [number, number] = [round(px, spec.domain.xmax - spec.domain.xmin), round(py, spec.domain.ymax - spec.domain.ymin)];
    const value = `${init[0]},${init[1]}`;
    if (value === this.init) return;
    this.init = value;
    this.dispatchEvent(new CustomEvent('saddle-change', { detail: { init }, bubbles: true, composed: true }));
  }
}

if (!customElements.get('saddle-phase-plot')) customElements.define('saddle-phase-plot', PhasePlot);

declare global {
  interface HTMLElementTagNameMap {
    'saddle-phase-plot': PhasePlot;
  }
}
