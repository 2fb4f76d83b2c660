/**
 * `<saddle-phase-plot>`: the plane of a two-player game with one coordinate each (x across, y up), the field −ξ as
 * arrows (or streamlines, or animated particles), the equilibria with their kind, and the iterates of each optimizer
 * from a start point that the person drags (or moves with the arrow keys). All the maths is in src/ (through
 * ./phase-plot-model.ts, ./field-arrows.ts, ./streamlines.ts, ./particles.ts, ./phase-plot-equilibria.ts); this file
 * only draws and listens.
 *
 * Attributes (all reflected): game, params (JSON), f (an expression: game="expr"), optimizers (comma list), lr (one
 * or one per player), opts (JSON per optimizer: {"momentum": {"beta": -0.5}}), steps, init ("x,y"), domain
 * ("xmin,xmax,ymin,ymax"), src (a scenario file from sims/: its game and runs; the attributes above override it),
 * particles (how many, e.g. "2000"), streamlines, paused (stops the particles), controls (a toolbar), hide (comma
 * list of controls to leave out), url-state (with an id: the settings live in the page URL).
 * A bad one shows its message in the element. Wheel or drag on the background zooms and pans; double-click resets.
 *
 * Events (bubble, composed): `saddle-change` ({ init, optimizers, lr, steps }) when the person changes something;
 * `saddle-run` (a RunSnapshot, see kit/follow.ts) after every recompute, for linked views. Read-only properties:
 * `trajectories`, `run`, `equilibria`, `view` (the visible domain), `particleFps`, `streamlineCount`.
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { interpolateGreys } from 'd3-scale-chromatic';
import { pointer, select } from 'd3-selection';
import { line } from 'd3-shape';
import { zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3-zoom';
import { LitElement, html, nothing, svg } from 'lit';
import { InputError, show } from '../src/errors.ts';
import type { Game } from '../src/game.ts';
import { arrowPath, fieldArrows, headedSegment, type Arrow, type Domain } from './field-arrows.ts';
import { drawAxis } from './kit/axis.ts';
import { exportStyles, type ExportSource } from './kit/export.ts';
import { dispatchRun, type RunSnapshot } from './kit/follow.ts';
import { errorMessage, loadingMessage, messageStyles } from './kit/message.ts';
import { blank, reflected, type Attribute } from './kit/properties.ts';
import { applyUrlState, saveUrlState } from './kit/url-state.ts';
import { WidthController } from './kit/width.ts';
import { controlsStyles, controlsTemplate, readHide, type ControlName } from './phase-plot-controls.ts';
import { clipLine, findMarkers, SHAPE, type EquilibriumMarker } from './phase-plot-equilibria.ts';
import { checkOptimizers, loadGame, overrideSpec, readAttributes, runTrajectories, specFromScenario, trajectoryRows, type PlotSpec, type PlotTrajectory } from './phase-plot-model.ts';
import { ParticleLayer } from './phase-plot-particles.ts';
import { styles } from './phase-plot.styles.ts';
import { streamlines, type Streamline } from './streamlines.ts';

/** Okabe & Ito's colour-blind-safe palette, the strongest on white first (yellow last). */
export const PALETTE = ['#D55E00', '#0072B2', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
const MARGIN = { top: 10, right: 12, bottom: 46, left: 52 };
/** At most this many dots per trajectory; the rest of the iterates are the polyline's corners. */
const MAX_DOTS = 40;
/** About one arrow per this many pixels across (8 to 24 arrows per side). */
const ARROW_SPACING = 30;
/** The attributes a link can carry (url-state). */
const URL_ATTRIBUTES = ['game', 'params', 'f', 'optimizers', 'lr', 'opts', 'steps', 'init', 'domain'] as const;
/** Zoom from 1/10 to 100 times the domain. */
const SCALE_EXTENT: [number, number] = [0.1, 100];
/** How long a click waits for a second one (a double-click resets the view and moves nothing). */
const CLICK_DELAY = 250;

type Scale = ScaleLinear<number, number>;
type Point = readonly [number, number];

/** A number for a legend: 3 significant digits, exponent notation when tiny or huge. */
const fmt = (v: number) => (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(3))));

/** The legend's words for how a run ended, and the norm it ended with (two pieces that each stay on one line). */
function statusText(t: PlotTrajectory): [string, string] {
  const norm = `‖z‖ = ${fmt(t.norm)}`;
  if (t.status === 'converged') return [`converged at step ${t.step},`, norm];
  if (t.status === 'diverged') return [`diverged at step ${t.step}, last`, norm];
  return [`running after ${t.step} steps,`, norm];
}

/** The iterates up to the first one far outside the view (later ones would only stretch the SVG). */
function visible(points: readonly Point[], d: Domain): Point[] {
  const w = d.xmax - d.xmin;
  const h = d.ymax - d.ymin;
  const far = ([x, y]: Point) => x < d.xmin - 10 * w || x > d.xmax + 10 * w || y < d.ymin - 10 * h || y > d.ymax + 10 * h;
  const end = points.findIndex(far);
  return end < 0 ? points.slice() : points.slice(0, end + 1);
}

/**
 * The polyline's corners in pixels: the iterates, leaving out each one that lies within half a pixel of the last
 * corner kept (a converging run piles hundreds of iterates onto a few pixels), and always the first and the last.
 * The line drawn is then within half a pixel of the one through every iterate, with far less path data to write
 * and parse on each move of a drag.
 */
export function corners(points: readonly Point[], x: Scale, y: Scale): [number, number][] {
  const out: [number, number][] = [];
  let lx = 0;
  let ly = 0;
  for (let k = 0; k < points.length; k++) {
    const px = x(points[k][0]);
    const py = y(points[k][1]);
    if (k > 0 && k < points.length - 1 && (px - lx) * (px - lx) + (py - ly) * (py - ly) < 0.25) continue;
    out.push([px, py]);
    lx = px;
    ly = py;
  }
  return out;
}

/** An expression error (src/games/expr-parse.ts ExprError) carries its text and the offending character. */
const exprFault = (e: unknown): { expression: string; position: number } | undefined =>
  e instanceof InputError && typeof (e as { expression?: unknown }).expression === 'string' && typeof (e as { position?: unknown }).position === 'number'
    ? (e as unknown as { expression: string; position: number })
    : undefined;

/** The equilibrium symbol for a kind, centred on 0, in pixels. */
function markerShape(m: EquilibriumMarker) {
  switch (SHAPE[m.kind]) {
    case 'filled':
      return svg`<circle r="5" class="eq-filled"></circle>`;
    case 'open':
      return svg`<circle r="5" class="eq-open"></circle>`;
    case 'diamond':
      return svg`<path d="M0,-6L6,0L0,6L-6,0Z" class="eq-open"></path>`;
    case 'cross':
      return svg`<path d="M-5,-5L5,5M-5,5L5,-5" class="eq-cross"></path>`;
    default:
      return svg`<rect x="-4.5" y="-4.5" width="9" height="9" class="eq-open"></rect>`;
  }
}

export class PhasePlot extends LitElement {
  static override properties = reflected(['game', 'params', 'f', 'optimizers', 'lr', 'opts', 'steps', 'init', 'domain', 'src', 'particles', 'hide'], {
    streamlines: { type: Boolean, reflect: true },
    paused: { type: Boolean, reflect: true },
    controls: { type: Boolean, reflect: true },
    urlState: { type: Boolean, reflect: true, attribute: 'url-state' },
  });
  static override styles = [styles, messageStyles, exportStyles, controlsStyles];
  declare game: Attribute;
  declare params: Attribute;
  declare f: Attribute;
  declare optimizers: Attribute;
  declare lr: Attribute;
  declare opts: Attribute;
  declare steps: Attribute;
  declare init: Attribute;
  declare domain: Attribute;
  declare src: Attribute;
  declare particles: Attribute;
  declare hide: Attribute;
  declare streamlines: boolean;
  declare paused: boolean;
  declare controls: boolean;
  declare urlState: boolean;

  #width = new WidthController(this);
  #particles = new ParticleLayer(this);
  #spec?: PlotSpec;
  #error?: unknown;
  #game?: Game;
  #gameKey?: string;
  #gameError?: unknown;
  #scenario?: { src: string; spec?: PlotSpec; error?: unknown };
  #hide: ReadonlySet<ControlName> = new Set();
  #particleCount = 0;
  #arrows: Arrow[] = [];
  #arrowKey?: string;
  #arrowPaths?: { key: string; items: unknown[] };
  #lines: Streamline[] = [];
  #linesKey?: string;
  #markers: readonly EquilibriumMarker[] = [];
  #markersKey?: string;
  #markersProblem?: string;
  #trajectories: readonly PlotTrajectory[] = [];
  #runKey?: string;
  #run?: RunSnapshot;
  #announce = false;
  #transform: ZoomTransform = zoomIdentity;
  #zooming = false;
  #zoom?: ZoomBehavior<SVGGElement, unknown>;
  #zoomTarget?: SVGGElement;
  #dragging?: number;
  /** A person changed an attribute: write the URL state once the attributes have been reflected. */
  #saveUrl = false;
  #clickTimer = 0;
  #playFrame = 0;
  /** While the iterates play: how many steps are shown. */
  #shown?: number;
  /** What the axes were last drawn for: their x group and the scales. */
  #axes?: { g: SVGGElement | null; key: string };

  constructor() {
    super();
    this.streamlines = false;
    this.paused = false;
    this.controls = false;
    this.urlState = false;
  }

  /** Each optimizer's run from the current start point (after `updateComplete`). */
  get trajectories(): readonly PlotTrajectory[] {
    return this.#trajectories;
  }

  /** What was last run (settings, game, trajectories), for linked views; undefined until the game has loaded. */
  get run(): RunSnapshot | undefined {
    return this.#run;
  }

  /** The equilibria marked in the view (found asynchronously: after the game loads and after each zoom). */
  get equilibria(): readonly EquilibriumMarker[] {
    return this.#markers;
  }

  /** The part of the plane on screen (the domain, zoomed and panned). */
  get view(): Domain | undefined {
    return this.#spec && this.#viewOf(this.#spec);
  }

  /** Frames per second of the particle animation over the last second (0 when it is not running). */
  get particleFps(): number {
    return this.#particles.fps;
  }

  /** How many streamlines are drawn. */
  get streamlineCount(): number {
    return this.streamlines ? this.#lines.length : 0;
  }

  override connectedCallback(): void {
    applyUrlState(this, URL_ATTRIBUTES);
    super.connectedCallback();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopPlaying();
  }

  /** Reads the attributes, makes the game (once per game and params), the arrows and the trajectories. */
  protected override willUpdate(): void {
    this.#error = undefined;
    try {
      this.#hide = readHide(this.hide);
      this.#particleCount = readParticles(this.particles);
      const spec = this.#readSpec();
      if (!spec) {
        this.#spec = undefined;
        return;
      }
      const key = JSON.stringify([spec.game, spec.params]);
      if (key !== this.#gameKey) {
        this.#gameKey = key;
        this.#game = undefined;
        this.#gameError = undefined;
        this.#markers = [];
        this.#markersKey = undefined;
        void this.#load(spec, key);
      }
      checkOptimizers(spec);
      this.#spec = spec;
      if (this.#gameError !== undefined) throw this.#gameError;
      const game = this.#game;
      if (!game) return;
      const view = this.#viewOf(spec);
      const cells = Math.min(24, Math.max(8, Math.round(this.#inner() / ARROW_SPACING)));
      const arrowKey = JSON.stringify([key, view, cells]);
      if (arrowKey !== this.#arrowKey) {
        this.#arrows = fieldArrows(game, view, { columns: cells, rows: cells });
        this.#arrowKey = arrowKey;
      }
      if (!this.#zooming) this.#settle(game, key, view);
      const runKey = JSON.stringify([key, spec.optimizers, spec.integrators, spec.steps, spec.init]);
      if (runKey !== this.#runKey) {
        this.#trajectories = runTrajectories(game, spec);
        this.#runKey = runKey;
        this.#run = { spec, game, trajectories: this.#trajectories };
        this.#announce = true;
      }
    } catch (e) {
      this.#error = e;
      this.#trajectories = [];
      this.#runKey = undefined;
    }
  }

  /** The settings: from the attributes, or from the scenario file `src` with the attributes on top. */
  #readSpec(): PlotSpec | undefined {
    if (blank(this.src)) {
      this.#scenario = undefined;
      return readAttributes(this);
    }
    const src = this.src.trim();
    if (this.#scenario?.src !== src) {
      this.#scenario = { src };
      void this.#fetchScenario(src);
    }
    if (this.#scenario.error) throw this.#scenario.error;
    return this.#scenario.spec && overrideSpec(this.#scenario.spec, this);
  }

  /** Loads and validates a scenario file (the validator, with zod, is loaded only here). */
  async #fetchScenario(src: string): Promise<void> {
    const entry = this.#scenario!;
    try {
      const url = new URL(src, document.baseURI);
      let text: string;
      try {
        const response = await fetch(url);
        if (!response.ok) throw new InputError('src', `could not load ${show(src)}: HTTP ${response.status} ${response.statusText}`.trim());
        text = await response.text();
        if (/^\s*</.test(text) && /html/i.test(response.headers.get('content-type') ?? '')) {
          throw new InputError('src', `${show(src)} is not a scenario file: the server answered with an HTML page (is the path right?)`);
        }
      } catch (e) {
        throw e instanceof InputError ? e : new InputError('src', `could not load ${show(src)}: ${(e as Error).message}`);
      }
      const { parseScenario } = await import('../src/scenario/parse.ts');
      entry.spec = specFromScenario(parseScenario(text, src));
    } catch (e) {
      entry.error = e;
    }
    if (this.#scenario === entry) this.requestUpdate();
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

  /** After a zoom ends (or the game or domain changes): streamlines and equilibria for the view. */
  #settle(game: Game, key: string, view: Domain): void {
    const linesKey = JSON.stringify([key, view]);
    if (this.streamlines && linesKey !== this.#linesKey) {
      this.#lines = streamlines(game, view);
      this.#linesKey = linesKey;
    }
    if (linesKey !== this.#markersKey) {
      this.#markersKey = linesKey;
      findMarkers(game, view).then(
        (markers) => {
          if (this.#markersKey !== linesKey) return;
          this.#markers = markers;
          this.#markersProblem = undefined;
          this.requestUpdate();
        },
        (e: unknown) => {
          if (this.#markersKey !== linesKey) return;
          this.#markers = [];
          this.#markersProblem = `equilibria not found: ${e instanceof Error ? e.message : String(e)}`;
          this.requestUpdate();
        },
      );
    }
  }

  /** The plot area's side in pixels. */
  #inner(): number {
    return Math.max(120, (this.#width.value || 420) - MARGIN.left - MARGIN.right);
  }

  /** Scales of the whole domain (before zoom) and of the view (after). */
  #scales(spec: PlotSpec): { x: Scale; y: Scale; inner: number } {
    const inner = this.#inner();
    const { xmin, xmax, ymin, ymax } = spec.domain;
    const x = scaleLinear([xmin, xmax], [0, inner]);
    const y = scaleLinear([ymin, ymax], [inner, 0]);
    return { x: this.#transform.rescaleX(x), y: this.#transform.rescaleY(y), inner };
  }

  #viewOf(spec: PlotSpec): Domain {
    const { x, y } = this.#scales(spec);
    const [xmin, xmax] = x.domain();
    const [ymin, ymax] = y.domain();
    return { xmin, xmax, ymin, ymax };
  }

  protected override render() {
    if (this.#error !== undefined) {
      const fault = exprFault(this.#error);
      return errorMessage(this.#error, fault ? html`<pre aria-label="where">${fault.expression}\n${' '.repeat(fault.position)}^</pre>` : undefined);
    }
    const spec = this.#spec;
    const game = this.#game;
    if (!spec || !game) return loadingMessage(this.src && !spec ? `Loading scenario ${this.src}…` : `Loading game ${spec?.game ?? ''}…`);
    const { x, y, inner } = this.#scales(spec);
    const view = this.#viewOf(spec);
    const [xName, yName] = game.players.map((p) => p.coords[0]);
    const [x0, y0] = spec.init;
    // Corners in pixels (see corners()), written to tenths of a pixel: less path data on every move of a drag.
    const path = line().digits(1);
    const particles = this.#particleCount > 0;
    const label = `Phase plot of ${game.description}: the field −ξ and ${this.#trajectories.length} trajectories from (${xName}, ${yName}) = (${x0}, ${y0}). Drag the start point or use the arrow keys; space plays the iterates; wheel or drag the background to zoom and pan, double-click or 0 to reset.`;
    const shown = this.#shown;
    const trajectories = shown === undefined ? this.#trajectories : this.#trajectories.map((t) => ({ ...t, points: t.points.slice(0, shown + 1) }));
    return html`
      ${this.controls ? this.#controls(spec) : nothing}
      <div class="plot-box" style="width:${inner + MARGIN.left + MARGIN.right}px">
        ${particles
          ? html`<canvas
              class="particles"
              aria-hidden="true"
              width=${Math.round(inner * devicePixelRatio)}
              height=${Math.round(inner * devicePixelRatio)}
              style="left:${MARGIN.left}px;top:${MARGIN.top}px;width:${inner}px;height:${inner}px"
            ></canvas>`
          : nothing}
        <svg
          class="plot"
          width=${inner + MARGIN.left + MARGIN.right}
          height=${inner + MARGIN.top + MARGIN.bottom}
          tabindex="0"
          role="application"
          aria-roledescription="phase plot"
          aria-label=${label}
          @keydown=${this.#onKeyDown}
        >
          <defs>
            <clipPath id="plot-area"><rect width=${inner} height=${inner}></rect></clipPath>
          </defs>
          <g class="area" transform="translate(${MARGIN.left},${MARGIN.top})" @click=${this.#onClick} @dblclick=${this.#resetView}>
            <rect class="background ${particles ? 'see-through' : ''}" width=${inner} height=${inner}></rect>
            <g class="x-axis" transform="translate(0,${inner})"></g>
            <g class="y-axis"></g>
            <text class="axis-label" x=${inner / 2} y=${inner + 38} text-anchor="middle">${xName}</text>
            <text class="axis-label" transform="translate(-36,${inner / 2 + 5})${yName.length > 3 ? ' rotate(-90)' : ''}" text-anchor="middle">${yName}</text>
            <g clip-path="url(#plot-area)">
              ${this.streamlines ? this.#streamlineLayer(x, y) : this.#arrowLayer(x, y, particles)}
              ${this.#equilibriumLayer(x, y, view)}
              <g class="trajectories" aria-hidden="true">
                ${trajectories.map((t, i, all) => this.#trajectory(t, PALETTE[i % PALETTE.length], 1.3 + (0.6 * (all.length - 1 - i)) / Math.max(1, all.length - 1), path, x, y, view))}
              </g>
            </g>
            <g
              class="handle"
              transform="translate(${x(x0)},${y(y0)})"
              aria-hidden="true"
              @pointerdown=${this.#onHandleDown}
              @pointermove=${this.#onHandleMove}
              @pointerup=${this.#onHandleUp}
              @pointercancel=${this.#onHandleUp}
            >
              <circle class="hit" r="14" data-export="skip"></circle>
              <circle class="ring" r="7"></circle>
              <circle class="dot" r="2"></circle>
            </g>
          </g>
        </svg>
      </div>
      <ul class="legend" aria-live="polite">
        <li class="start wide">start (${xName}, ${yName}) = (${x0}, ${y0})${shown !== undefined ? html` · showing step ${shown} of ${spec.steps}` : nothing}</li>
        ${this.#trajectories.map(
          (t, i) => html`<li>
            <svg class="swatch" width="26" height="10" aria-hidden="true"><line x1="1" y1="5" x2="25" y2="5" stroke=${PALETTE[i % PALETTE.length]}></line><circle cx="13" cy="5" r="3" fill=${PALETTE[i % PALETTE.length]}></circle></svg>
            <span class="label">${t.label}</span>
            <span class="status ${t.status}">${statusText(t).map((part) => html`<span>${part}</span> `)}</span>
          </li>`,
        )}
        ${this.#equilibriumLegend(xName, yName)}
      </ul>
    `;
  }

  /**
   * The arrows, one path each, grey by length. Their path data depends only on the arrows and the scales, not on
   * the start point, so it is kept between renders: a redraw during a drag only re-checks it.
   */
  #arrowLayer(x: Scale, y: Scale, faint: boolean) {
    const key = `${this.#arrowKey}|${x.domain()}|${x.range()}|${y.domain()}`;
    if (this.#arrowPaths?.key !== key) {
      this.#arrowPaths = {
        key,
        items: this.#arrows.map((a) =>
          a.finite
            ? svg`<path d=${arrowPath(a, x, y)} stroke=${interpolateGreys(0.22 + 0.36 * a.level)}></path>`
            : svg`<circle class="nonfinite" cx=${x(a.x)} cy=${y(a.y)} r="1.5"></circle>`,
        ),
      };
    }
    return svg`<g class="arrows ${faint ? 'faint' : ''}" aria-hidden="true">${this.#arrowPaths.items}</g>`;
  }

  /** Every streamline as one path, plus one arrowhead at its middle (the direction of −ξ). */
  #streamlineLayer(x: Scale, y: Scale) {
    const path = line<Point>((p) => x(p[0]), (p) => y(p[1]));
    const heads = this.#lines
      .map((l) => {
        const k = Math.floor(l.length / 2);
        return headedSegment(x(l[k - 1][0]), y(l[k - 1][1]), x(l[k + 1][0]), y(l[k + 1][1]), 4.5, false);
      })
      .join('');
    return svg`<g class="streamlines" aria-hidden="true"><path class="stream" d=${this.#lines.map((l) => path(l) ?? '').join('')}></path><path class="stream-head" d=${heads}></path></g>`;
  }

  #equilibriumLayer(x: Scale, y: Scale, view: Domain) {
    return svg`<g class="equilibria" aria-hidden="true">${this.#markers.map((m) => {
      if (m.everywhere) return nothing;
      const seg = m.line && clipLine(m, m.line, view);
      return svg`${seg ? svg`<line class="eq-line" x1=${x(seg[0][0])} y1=${y(seg[0][1])} x2=${x(seg[1][0])} y2=${y(seg[1][1])}></line>` : nothing}
        <g class="eq" transform="translate(${x(m.x)},${y(m.y)})">${markerShape(m)}</g>`;
    })}</g>`;
  }

  #equilibriumLegend(xName: string, yName: string) {
    if (this.#markersProblem) return html`<li class="note wide">${this.#markersProblem}</li>`;
    return this.#markers.slice(0, 6).map((m) => {
      const where = m.everywhere ? 'every point' : `${m.line ? 'a line through' : ''} (${xName}, ${yName}) = (${fmt(m.x)}, ${fmt(m.y)})`.trim();
      return html`<li>
        <svg class="swatch" width="26" height="14" viewBox="-13 -7 26 14" aria-hidden="true"><g class="equilibria">${markerShape(m)}</g></svg>
        <span class="label">${m.kind}</span>
        <span class="status">equilibrium at ${where}${m.nash ? ', a local Nash equilibrium' : ''}</span>
      </li>`;
    });
  }

  /**
   * One optimizer: its polyline, dots that shrink along the way (at most MAX_DOTS, drawn as one path), and its last
   * point. Earlier trajectories are drawn wider, so that one hidden under a later one still shows at its edges.
   */
  #trajectory(t: PlotTrajectory, colour: string, width: number, path: ReturnType<typeof line<[number, number]>>, x: Scale, y: Scale, view: Domain) {
    const points = visible(t.points, view);
    const every = Math.max(1, Math.ceil(points.length / MAX_DOTS));
    let dots = '';
    for (let k = every, i = 0; k < points.length; k += every, i++) {
      const r = 2.6 - (1.4 * i * every) / points.length;
      const cx = x(points[k][0]);
      const cy = y(points[k][1]);
      if (Math.abs(cx) > 1e5 || Math.abs(cy) > 1e5) continue;
      dots += `M${(cx - r).toFixed(1)},${cy.toFixed(1)}a${r.toFixed(2)},${r.toFixed(2)} 0 1,0 ${(2 * r).toFixed(2)},0a${r.toFixed(2)},${r.toFixed(2)} 0 1,0 ${(-2 * r).toFixed(2)},0`;
    }
    const last = points[points.length - 1];
    return svg`<g class="trajectory" stroke=${colour} fill=${colour} stroke-width=${width.toFixed(2)}>
      <path class="line" d=${path(corners(points, x, y)) ?? ''}></path>
      <path class="dots" d=${dots}></path>
      ${last && points.length > 1 ? svg`<circle class="end" cx=${x(last[0])} cy=${y(last[1])} r="4"></circle>` : nothing}
    </g>`;
  }

  #controls(spec: PlotSpec) {
    const lr = spec.optimizers[0]?.options.lr;
    return controlsTemplate(
      {
        hide: this.#hide,
        optimizers: spec.optimizers.map((o) => o.name),
        lr: typeof lr === 'number' ? lr : Array.isArray(lr) && typeof lr[0] === 'number' ? lr[0] : 0.1,
        steps: spec.steps,
        playing: this.#shown !== undefined,
        zoomed: this.#transform !== zoomIdentity && (this.#transform.k !== 1 || this.#transform.x !== 0 || this.#transform.y !== 0),
        exportSource: this.exportSource,
      },
      {
        toggle: (name, on) => {
          const names = spec.optimizers.map((o) => o.name);
          const next = on ? [...names, name] : names.filter((n) => n !== name);
          if (next.length === 0) return;
          // opts may name an optimizer that is now off: drop its entry so the attributes stay valid.
          if (!on && !blank(this.opts)) {
            try {
              const opts = JSON.parse(this.opts) as Record<string, unknown>;
              delete opts[name];
              this.opts = Object.keys(opts).length ? JSON.stringify(opts) : null;
            } catch {
              /* a bad opts is already shown as an error */
            }
          }
          this.#changed({ optimizers: next.join(',') });
        },
        setLr: (lr) => this.#changed({ lr: String(lr) }),
        setSteps: (steps) => this.#changed({ steps: String(steps) }),
        play: () => this.#togglePlay(),
        resetView: () => this.#resetView(),
      },
    );
  }

  /** What the export buttons save: the SVG (with the particle canvas under it in the PNG), the iterates, the run. */
  get exportSource(): ExportSource {
    return {
      name: this.id || 'phase-plot',
      svg: () => this.renderRoot.querySelector<SVGSVGElement>('svg.plot'),
      canvases: () => [...this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas.particles')],
      rows: () => trajectoryRows(this.#trajectories),
      data: () => ({
        game: this.#game?.description,
        spec: this.#spec,
        equilibria: this.#markers,
        trajectories: this.#trajectories,
      }),
    };
  }

  /** Axes (d3-axis draws into the groups render() left empty), the zoom behaviour, the particles, `saddle-run`. */
  protected override updated(): void {
    const spec = this.#spec;
    const root = this.renderRoot;
    const area = root.querySelector<SVGGElement>('g.area') ?? undefined;
    const canvas = root.querySelector<HTMLCanvasElement>('canvas.particles') ?? undefined;
    this.#particles.configure(canvas, this.#error === undefined ? this.#game : undefined, spec ? this.#viewOf(spec) : { xmin: 0, xmax: 1, ymin: 0, ymax: 1 }, this.#particleCount, this.paused);
    if (!spec || this.#error !== undefined || !this.#game || !area) return;
    const { x, y, inner } = this.#scales(spec);
    // The axes only when the view or the size changed (not at each move of a drag); d3 keeps what it drew in the groups.
    const xAxis = root.querySelector<SVGGElement>('g.x-axis');
    const axesKey = `${x.domain()}|${x.range()}|${y.domain()}|${y.range()}`;
    if (xAxis !== this.#axes?.g || axesKey !== this.#axes.key) {
      drawAxis(xAxis, axisBottom(x).ticks(5).tickSizeOuter(0));
      drawAxis(root.querySelector<SVGGElement>('g.y-axis'), axisLeft(y).ticks(5).tickSizeOuter(0));
      this.#axes = { g: xAxis, key: axesKey };
    }
    this.#attachZoom(area, inner);
    if (this.#saveUrl) {
      this.#saveUrl = false;
      saveUrlState(this, URL_ATTRIBUTES);
    }
    if (this.#announce && this.#run) {
      this.#announce = false;
      dispatchRun(this, this.#run);
    }
  }

  /** d3-zoom on the plot area: wheel zooms, dragging the background pans; the handle and double-click are ours. */
  #attachZoom(area: SVGGElement, inner: number): void {
    if (!this.#zoom) {
      this.#zoom = zoom<SVGGElement, unknown>()
        .scaleExtent(SCALE_EXTENT)
        .filter((e: Event) => {
          const target = e.target as Element | null;
          if (target?.closest('.handle')) return false;
          const m = e as MouseEvent;
          return (!m.ctrlKey || e.type === 'wheel') && !m.button;
        })
        .on('start', () => {
          this.#zooming = true;
        })
        .on('zoom', (e: { transform: ZoomTransform }) => {
          this.#transform = e.transform;
          this.requestUpdate();
        })
        .on('end', () => {
          this.#zooming = false;
          this.requestUpdate();
        });
    }
    this.#zoom.extent([
      [0, 0],
      [inner, inner],
    ]);
    if (area !== this.#zoomTarget) {
      this.#zoomTarget = area;
      select(area).call(this.#zoom).on('dblclick.zoom', null);
      // A new element (after an error, say) starts where the view was.
      select(area).property('__zoom', this.#transform);
    }
  }

  #resetView = () => {
    clearTimeout(this.#clickTimer);
    if (this.#zoomTarget && this.#zoom) this.#zoom.transform(select(this.#zoomTarget), zoomIdentity);
    this.#transform = zoomIdentity;
    this.requestUpdate();
  };

  /** The data point under a pointer event, clamped to the view. */
  #dataAt(e: MouseEvent): [number, number] | undefined {
    const spec = this.#spec;
    const area = this.#zoomTarget;
    if (!spec || !area) return undefined;
    const { x, y } = this.#scales(spec);
    const [px, py] = pointer(e, area);
    const v = this.#viewOf(spec);
    const clamp = (t: number, a: number, b: number) => Math.min(b, Math.max(a, t));
    return [clamp(x.invert(px), v.xmin, v.xmax), clamp(y.invert(py), v.ymin, v.ymax)];
  }

  /**
   * A click on the background (not a pan: d3-zoom swallows the click that ends a drag) moves the start there, once
   * it is clear that it is no double-click (which resets the view instead).
   */
  #onClick = (e: MouseEvent) => {
    clearTimeout(this.#clickTimer);
    if ((e.target as Element).closest('.handle') || e.detail > 1) return;
    const p = this.#dataAt(e);
    if (p) this.#clickTimer = window.setTimeout(() => this.#moveStart(p, true), CLICK_DELAY);
  };

  #onHandleDown = (e: PointerEvent) => {
    if (e.button !== 0 || !this.#game) return;
    e.preventDefault();
    e.stopPropagation();
    (e.currentTarget as SVGGElement).setPointerCapture(e.pointerId);
    this.renderRoot.querySelector<SVGSVGElement>('svg.plot')?.focus();
    this.#dragging = e.pointerId;
  };

  #onHandleMove = (e: PointerEvent) => {
    if (this.#dragging !== e.pointerId) return;
    const p = this.#dataAt(e);
    if (p) this.#moveStart(p, false);
  };

  #onHandleUp = (e: PointerEvent) => {
    if (this.#dragging !== e.pointerId) return;
    this.#dragging = undefined;
    this.#saveUrl = true;
    this.requestUpdate();
  };

  /**
   * Arrow keys move the start point by 1/50 of the view (1/10 with Shift); space plays or pauses the iterates;
   * + and − zoom about the centre, 0 resets the view.
   */
  #onKeyDown = (e: KeyboardEvent) => {
    const spec = this.#spec;
    if (!spec || !this.#game) return;
    if (e.key === ' ') {
      e.preventDefault();
      this.#togglePlay();
      return;
    }
    if ((e.key === '+' || e.key === '=' || e.key === '-') && this.#zoom && this.#zoomTarget) {
      e.preventDefault();
      this.#zoom.scaleBy(select(this.#zoomTarget), e.key === '-' ? 1 / 1.5 : 1.5);
      return;
    }
    if (e.key === '0') {
      e.preventDefault();
      this.#resetView();
      return;
    }
    const dir = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[e.key];
    if (!dir) return;
    e.preventDefault();
    const { xmin, xmax, ymin, ymax } = this.#viewOf(spec);
    const f = e.shiftKey ? 0.1 : 0.02;
    const clamp = (v: number, a: number, b: number) => Math.min(b, Math.max(a, v));
    this.#moveStart([clamp(spec.init[0] + dir[0] * f * (xmax - xmin), xmin, xmax), clamp(spec.init[1] + dir[1] * f * (ymax - ymin), ymin, ymax)], true);
  };

  /** Sets `init` (rounded to 1/1000 of the view) and tells the page. */
  #moveStart([px, py]: [number, number], save: boolean): void {
    const spec = this.#spec;
    if (!spec) return;
    const v = this.#viewOf(spec);
    const round = (t: number, span: number) => {
      const digits = Math.max(0, Math.ceil(-Math.log10(span / 1000)));
      return Number(t.toFixed(Math.min(digits, 12)));
    };
    const init: [number, number] = [round(px, v.xmax - v.xmin), round(py, v.ymax - v.ymin)];
    const value = `${init[0]},${init[1]}`;
    if (value === this.init) return;
    this.#changed({ init: value }, save);
  }

  /** A person changed settings: set the attributes, save them in the URL (when opted in), fire `saddle-change`. */
  #changed(values: Partial<Record<'init' | 'optimizers' | 'lr' | 'steps', string>>, save = true): void {
    Object.assign(this, values);
    if (save) this.#saveUrl = true;
    const init = this.init ? this.init.split(',').map(Number) : this.#spec?.init;
    const detail = { init, optimizers: this.optimizers ?? undefined, lr: this.lr ?? undefined, steps: this.steps ?? undefined };
    this.dispatchEvent(new CustomEvent('saddle-change', { detail, bubbles: true, composed: true }));
  }

  /** Plays the iterates from step 0 (about 3 s for the whole run; in 10 coarse jumps under reduced motion). */
  #togglePlay(): void {
    if (this.#shown !== undefined) {
      this.#stopPlaying();
      return;
    }
    const steps = this.#spec?.steps ?? 0;
    if (steps <= 0) return;
    const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
    const perFrame = reduced ? steps / 10 : Math.max(steps / 180, 0.25);
    let shown = 0;
    let last = 0;
    this.#shown = 0;
    const tick = (time: number) => {
      if (reduced && time - last < 300) {
        this.#playFrame = requestAnimationFrame(tick);
        return;
      }
      last = time;
      shown = Math.min(steps, shown + perFrame);
      this.#shown = Math.floor(shown);
      this.requestUpdate();
      if (shown >= steps) {
        this.#stopPlaying();
        return;
      }
      this.#playFrame = requestAnimationFrame(tick);
    };
    this.#playFrame = requestAnimationFrame(tick);
    this.requestUpdate();
  }

  #stopPlaying(): void {
    cancelAnimationFrame(this.#playFrame);
    this.#playFrame = 0;
    if (this.#shown !== undefined) {
      this.#shown = undefined;
      this.requestUpdate();
    }
  }
}

/** Reads `particles`: absent or "" is none, otherwise a whole number from 0 to 100,000. */
function readParticles(raw: string | null | undefined): number {
  if (blank(raw)) return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 100_000) throw new InputError('particles', `expected a whole number from 0 to 100000, got ${show(raw)}`);
  return n;
}

if (!customElements.get('saddle-phase-plot')) customElements.define('saddle-phase-plot', PhasePlot);

declare global {
  interface HTMLElementTagNameMap {
    'saddle-phase-plot': PhasePlot;
  }
}
