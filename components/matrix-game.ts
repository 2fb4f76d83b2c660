/**
 * `<saddle-matrix-game>`: learning in a two-player matrix game, drawn where the mixed strategies live — a 2×2 game
 * in the unit square (x = P(row plays strategy 1) across, y = P(column plays strategy 1) up) over the arrows of its
 * replicator dynamics, a 3×3 game on two triangles (the row player's simplex and the column player's, barycentric).
 * Each dynamics' trajectory starts from a point the person drags (or moves with the arrow keys); the Nash
 * equilibria from the solvers are marked; for a zero-sum game with an interior equilibrium (matching pennies,
 * rock–paper–scissors) the legend shows H = KL(x*‖x) + KL(y*‖y), which the replicator flow conserves and MWU
 * increases. All the maths is src/matrix-games' (through ./matrix-game-model.ts); this file only draws.
 *
 * Attributes (all reflected): payoff (a preset — matching-pennies, rock-paper-scissors, prisoners-dilemma,
 * coordination, shapley — or a JSON matrix A of a zero-sum game), a and b (JSON matrices of a bimatrix game),
 * dynamics (comma list of replicator, mwu, omwu, fictitious, regret-matching), lr (η of mwu/omwu, dt of the
 * replicator), opts (JSON per dynamics), steps, init ("x,y" for 2×2, "x₁,x₂,x₃;y₁,y₂,y₃" for 3×3), url-state.
 * A bad one shows its message in the element (a bad matrix entry by its [row][column]).
 *
 * Fires `saddle-change` ({ init: { x, y } }, bubbles, composed) when a person moves the start. Read-only: `runs`
 * (each trajectory with its status; while a pointer drags the start they are drafts, marked `draft`, computed by a
 * cheaper integrator of the replicator flow, and the accurate runs replace them when the drag ends), `equilibria`.
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { interpolateGreys } from 'd3-scale-chromatic';
import { LitElement, html, nothing, svg, type SVGTemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { describeGame, type Equilibrium } from '../src/matrix-games/index.ts';
import { arrowPath, fieldArrows, type Arrow } from './field-arrows.ts';
import { applyUrlState, drawAxis, errorMessage, exportButtons, exportStyles, messageStyles, reflected, saveUrlState, WidthController, type Attribute } from './kit/index.ts';
import {
  equilibriaOf,
  formatInit,
  fromTriangle,
  projectToSimplex,
  readMatrixAttributes,
  runDynamics,
  runRows,
  squareReplicator,
  toTriangle,
  type MatrixRun,
  type MatrixSpec,
} from './matrix-game-model.ts';
import { styles } from './matrix-game.styles.ts';
import { PALETTE } from './phase-plot.ts';

const URL_NAMES = ['payoff', 'a', 'b', 'dynamics', 'lr', 'opts', 'steps', 'init'] as const;
const MARGIN = { top: 14, right: 14, bottom: 44, left: 52 };
/** At most this many dots per trajectory; the other iterates are corners of its polyline. */
const MAX_DOTS = 30;
/** Pixels an iterate must lie from the last corner drawn to add one (below this a corner is invisible). */
const MIN_SEGMENT = 0.5;
const SQRT3_2 = Math.sqrt(3) / 2;

type Scale = ScaleLinear<number, number>;
type XY = readonly [number, number];

/** 3 significant digits; exponent notation when tiny. */
const fmt = (v: number) => (v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(1) : String(Number(v.toPrecision(3))));
const strategy = (p: readonly number[]) => `(${p.map(fmt).join(', ')})`;

/** A legend label without the integrator's tolerances: `replicator, rk45 (dt = 0.1)`. */
const shortLabel = (label: string) => label.replace(/, [ra]tol = [^,)]+/g, '');

/** How a run ended, in words for the legend. */
function statusText(r: MatrixRun): string {
  const gap = r.gap !== undefined ? `, duality gap ${fmt(r.gap)}` : '';
  if (r.status === 'stopped') return `stopped at step ${r.steps}: ${r.warnings[0] ?? ''}`;
  if (r.status === 'converged') return `near an equilibrium after ${r.steps} steps (max regret ${fmt(r.regret)}${gap})`;
  return `after ${r.steps} steps: max regret ${fmt(r.regret)}${gap}`;
}

/** The conserved (or not) H of a run: start → end, and its largest change. */
function divergenceText(r: MatrixRun): string {
  const h = r.divergence!;
  const drift = Math.max(...h.map((v) => Math.abs(v - h[0])));
  // Both ends with the same 4 digits (3 and 4 made a conserved 0.24357 read "0.244 → 0.2436"), the change as fmt does.
  const four = (v: number) => String(Number(v.toPrecision(4)));
  return `H: ${four(h[0])} → ${four(h[h.length - 1])} (largest change ${drift === 0 ? '0' : drift < 1e-3 ? drift.toExponential(1) : fmt(drift)})`;
}

/** What a plot of one kind needs to map strategies to pixels: one "area" per player (one for the square). */
interface Area {
  /** Pixel offset of the area. */
  ox: number;
  oy: number;
  /** The area's size in pixels. */
  size: number;
  /** Strategy pair ↦ pixel (relative to the svg), for the square (x₁, y₁) or one triangle (player's p). */
  px(p: readonly number[]): XY;
}

export class MatrixGame extends LitElement {
  static override properties = reflected(['payoff', 'a', 'b', 'dynamics', 'lr', 'opts', 'steps', 'init']);
  static override styles = [styles, exportStyles, messageStyles];
  declare payoff: Attribute;
  declare a: Attribute;
  declare b: Attribute;
  declare dynamics: Attribute;
  declare lr: Attribute;
  declare opts: Attribute;
  declare steps: Attribute;
  declare init: Attribute;

  readonly #width = new WidthController(this);
  #spec?: MatrixSpec;
  #error?: unknown;
  #gameKey?: string;
  #equilibria: Equilibrium[] = [];
  #solverWarnings: string[] = [];
  #arrows: Arrow[] = [];
  #arrowKey?: string;
  #runs: MatrixRun[] = [];
  #dragging?: { pointer: number; player: 0 | 1 | 'both' };
  /** What the axes were last drawn into, and for which square. */
  #axes?: { gx: SVGGElement | null; key: string };
  /** The spec the runs were computed for (an update that changes none of it, a resize, reuses them). */
  #runsKey?: string;

  /** Each dynamics' run from the current start: frames, status, regret, H (after `updateComplete`). */
  get runs(): readonly MatrixRun[] {
    return this.#runs;
  }

  /** The Nash equilibria marked on the plot (each with max regret ≤ 1e-9 × the payoff scale). */
  get equilibria(): readonly Equilibrium[] {
    return this.#equilibria;
  }

  override connectedCallback(): void {
    applyUrlState(this, URL_NAMES);
    super.connectedCallback();
  }

  protected override willUpdate(): void {
    this.#error = undefined;
    try {
      const spec = readMatrixAttributes(this);
      this.#spec = spec;
      const key = JSON.stringify([spec.game.A, spec.game.B]);
      if (key !== this.#gameKey) {
        const solved = equilibriaOf(spec.game);
        this.#equilibria = solved.equilibria;
        this.#solverWarnings = solved.warnings;
        this.#gameKey = key;
      }
      if (spec.game.m === 2) {
        const cells = Math.min(20, Math.max(8, Math.round(this.#inner() / 30)));
        const arrowKey = `${key}|${cells}`;
        if (arrowKey !== this.#arrowKey) {
          this.#arrows = fieldArrows(squareReplicator(spec.game), { xmin: 0, xmax: 1, ymin: 0, ymax: 1 }, { columns: cells, rows: cells });
          this.#arrowKey = arrowKey;
        }
      }
      // While a pointer drags the start, a draft (see runDynamics) keeps each recompute within a frame.
      const draft = this.#dragging !== undefined;
      const runsKey = JSON.stringify([key, spec.dynamics, spec.steps, spec.x0, spec.y0, draft]);
      if (runsKey !== this.#runsKey) {
        this.#runs = runDynamics(spec, this.#equilibria, spec.x0, spec.y0, { draft });
        this.#runsKey = runsKey;
      }
    } catch (e) {
      this.#error = e;
      this.#runsKey = undefined;
      this.#runs = [];
      this.#gameKey = undefined;
    }
  }

  #inner(): number {
    return Math.max(160, (this.#width.value || this.clientWidth || 460) - MARGIN.left - MARGIN.right);
  }

  /** The areas of the current game: the square, or two triangles side by side. */
  #areas(spec: MatrixSpec): Area[] {
    const inner = this.#inner();
    if (spec.game.m === 2) {
      const size = Math.min(inner, 520);
      const x = scaleLinear([0, 1], [MARGIN.left, MARGIN.left + size]);
      const y = scaleLinear([0, 1], [MARGIN.top + size, MARGIN.top]);
      return [{ ox: MARGIN.left, oy: MARGIN.top, size, px: (p) => [x(p[0]), y(p[1])] }];
    }
    const full = inner + MARGIN.left + MARGIN.right;
    const gap = 28;
    const size = Math.min(360, (full - 3 * gap) / 2);
    const oy = 28;
    return [0, 1].map((i) => {
      const ox = gap + i * (size + gap);
      return { ox, oy, size, px: (p: readonly number[]) => { const [u, v] = toTriangle(p); return [ox + u * size, oy + (SQRT3_2 - v) * size] as XY; } };
    });
  }

  protected override render() {
    if (this.#error !== undefined) return errorMessage(this.#error);
    const spec = this.#spec;
    if (!spec) return nothing;
    const square = spec.game.m === 2;
    const areas = this.#areas(spec);
    const width = square ? areas[0].size + MARGIN.left + MARGIN.right : areas[1].ox + areas[1].size + 28;
    const height = square ? areas[0].size + MARGIN.top + MARGIN.bottom : areas[0].oy + SQRT3_2 * areas[0].size + 40;
    const [rows, cols] = spec.strategies;
    const title = describeGame(spec.game);
    const label = square
      ? `${title}: learning dynamics in the unit square, x = P(row plays ${rows[0]}), y = P(column plays ${cols[0]}), from the start (${fmt(spec.x0[0])}, ${fmt(spec.y0[0])}). Drag the start point or use the arrow keys.`
      : `${title}: learning dynamics on the two players' simplices. Drag a start point, or focus a triangle and use the arrow keys.`;
    return html`
      <div class="toolbar">
        <span class="caption">${title}</span>
        ${exportButtons({
          name: `matrix-game-${spec.preset ?? 'custom'}`,
          svg: () => this.renderRoot.querySelector<SVGSVGElement>('svg.chart'),
          rows: () => runRows(this.#runs),
          data: () => ({ game: { A: spec.game.A, B: spec.game.B }, equilibria: this.#equilibria, runs: this.#runs.map(({ result: _result, ...r }) => r) }),
        })}
      </div>
      <svg
        class="chart"
        width=${width}
        height=${height}
        tabindex=${square ? '0' : '-1'}
        role=${square ? 'application' : 'group'}
        aria-roledescription=${square ? 'strategy square' : 'strategy simplices'}
        aria-label=${label}
        @pointerdown=${this.#onPointerDown}
        @pointermove=${this.#onPointerMove}
        @pointerup=${this.#onPointerUp}
        @pointercancel=${this.#onPointerUp}
        @keydown=${square ? (e: KeyboardEvent) => this.#onKeyDown(e, 'both') : nothing}
      >
        ${square ? this.#square(spec, areas[0]) : areas.map((a, i) => this.#triangle(spec, a, i as 0 | 1))}
      </svg>
      <ul class="legend" aria-live="polite">
        <li class="wide">start: x = ${strategy(spec.x0)}, y = ${strategy(spec.y0)}</li>
        ${this.#runs.map(
          (r, i) => html`<li>
            <svg class="swatch" width="26" height="10" aria-hidden="true"><line x1="1" y1="5" x2="25" y2="5" stroke=${PALETTE[i % PALETTE.length]} stroke-width="2"></line><circle cx="13" cy="5" r="3" fill=${PALETTE[i % PALETTE.length]}></circle></svg>
            <span class="label">${shortLabel(r.label)}</span>
            <span class="status ${r.status}">${statusText(r)}${r.divergence ? html`<br /><span class="conserved">${divergenceText(r)}</span>` : nothing}</span>
          </li>`,
        )}
        <li class="wide">
          ${this.#equilibria.length === 1 ? 'Nash equilibrium' : `${this.#equilibria.length} Nash equilibria`} (◇):
          ${this.#equilibria.map((e, i) => html`${i ? '; ' : ''}x* = ${strategy(e.row)}, y* = ${strategy(e.col)}`)}
          ${this.#runs.some((r) => r.divergence) ? html`<br />H = KL(x*‖x) + KL(y*‖y): constant along the replicator flow (up to the integrator’s error), increasing under MWU.` : nothing}
          ${this.#solverWarnings.map((w) => html`<br />${w}`)}
        </li>
      </ul>
    `;
  }

  /** The 2×2 picture: the square, its axes, the replicator arrows, trajectories, equilibria, the start handle. */
  #square(spec: MatrixSpec, a: Area): SVGTemplateResult {
    const x = scaleLinear([0, 1], [a.ox, a.ox + a.size]);
    const y = scaleLinear([0, 1], [a.oy + a.size, a.oy]);
    const [rows, cols] = spec.strategies;
    const start = a.px([spec.x0[0], spec.y0[0]]);
    return svg`
      <rect class="area" x=${a.ox} y=${a.oy} width=${a.size} height=${a.size}></rect>
      <g class="axis x-axis" transform="translate(0,${a.oy + a.size})"></g>
      <g class="axis y-axis" transform="translate(${a.ox},0)"></g>
      <text class="axis-label" x=${a.ox + a.size / 2} y=${a.oy + a.size + 36} text-anchor="middle">x = P(row plays ${rows[0]})</text>
      <text class="axis-label" transform="translate(${a.ox - 38},${a.oy + a.size / 2}) rotate(-90)" text-anchor="middle">y = P(column plays ${cols[0]})</text>
      ${this.#arrowTemplate(a, x, y)}
      <g class="trajectories" aria-hidden="true">${this.#runs.map((r, i) => this.#trajectory(r.frames.map((f) => a.px([f.x[0], f.y[0]])), i))}</g>
      <g class="equilibria">${this.#equilibria.map((e) => this.#equilibriumMark(a.px([e.row[0], e.col[0]]), e))}</g>
      ${this.#handle(start)}
    `;
  }

  /** The replicator field's arrows, drawn again only when the field or the size changes (not during a drag). */
  #arrowTemplate(a: Area, x: Scale, y: Scale) {
    return guard(
      [this.#arrows, a.size],
      () => svg`<g class="arrows" aria-hidden="true">${this.#arrows.map((r) => (r.finite ? svg`<path d=${arrowPath(r, x, y)} stroke=${interpolateGreys(0.25 + 0.35 * r.level)}></path>` : nothing))}</g>`,
    );
  }

  /** One player's simplex: the triangle with its vertices named, that player's trajectories, equilibria and start. */
  #triangle(spec: MatrixSpec, a: Area, player: 0 | 1): SVGTemplateResult {
    const names = spec.strategies[player];
    const corners = [[1, 0, 0], [0, 1, 0], [0, 0, 1]].map((p) => a.px(p));
    const own = (f: { x: number[]; y: number[] }) => (player === 0 ? f.x : f.y);
    const start = a.px(player === 0 ? spec.x0 : spec.y0);
    const who = player === 0 ? 'row player' : 'column player';
    const p0 = player === 0 ? spec.x0 : spec.y0;
    return svg`<g class="simplex" data-player=${player} tabindex="0" role="application" aria-roledescription="strategy simplex"
        aria-label=${`The ${who}'s mixed strategies over ${names.join(', ')}; start ${strategy(p0)}. Arrow keys move the start.`}
        @keydown=${(e: KeyboardEvent) => this.#onKeyDown(e, player)}>
      <path class="area" d=${`M${corners.map((c) => c.join(',')).join('L')}Z`}></path>
      ${[0.25, 0.5, 0.75].flatMap((t) =>
        [0, 1, 2].map((k) => {
          // Lines where strategy k has probability t: from the point with (t on k, rest on k+1) to (t on k, rest on k+2).
          const p = [0, 0, 0];
          const q = [0, 0, 0];
          p[k] = q[k] = t;
          p[(k + 1) % 3] = 1 - t;
          q[(k + 2) % 3] = 1 - t;
          const [u, v] = [a.px(p), a.px(q)];
          return svg`<g class="grid"><line x1=${u[0]} y1=${u[1]} x2=${v[0]} y2=${v[1]}></line></g>`;
        }),
      )}
      <text class="vertex" x=${corners[0][0] - 4} y=${corners[0][1] + 16} text-anchor="start">${names[0]}</text>
      <text class="vertex" x=${corners[1][0] + 4} y=${corners[1][1] + 16} text-anchor="end">${names[1]}</text>
      <text class="vertex" x=${corners[2][0]} y=${corners[2][1] - 8} text-anchor="middle">${names[2]}</text>
      <text class="axis-label" x=${a.ox + a.size / 2} y=${corners[0][1] + 34} text-anchor="middle">${player === 0 ? 'row player x' : 'column player y'}</text>
      <g class="trajectories" aria-hidden="true">${this.#runs.map((r, i) => this.#trajectory(r.frames.map((f) => a.px(own(f))), i))}</g>
      <g class="equilibria">${this.#equilibria.map((e) => this.#equilibriumMark(a.px(player === 0 ? e.row : e.col), e))}</g>
      ${this.#handle(start)}
    </g>`;
  }

  /**
   * A run's polyline, dots that shrink along the way (at most MAX_DOTS, one path) and its end point. Both path
   * strings are built in one pass over the pixels: an iterate closer than {@link MIN_SEGMENT} px to the last corner
   * drawn adds no corner (no one could see it; a slow spiral of 400 steps keeps a few dozen), the last one always does.
   */
  #trajectory(points: XY[], i: number): SVGTemplateResult {
    const colour = PALETTE[i % PALETTE.length];
    const width = 1.4 + (0.8 * (this.#runs.length - 1 - i)) / Math.max(1, this.#runs.length - 1);
    const every = Math.max(1, Math.ceil(points.length / MAX_DOTS));
    const f = (v: number) => v.toFixed(1);
    let d = '';
    let dots = '';
    let [lx, ly] = [NaN, NaN];
    for (let k = 0; k < points.length; k++) {
      const [px, py] = points[k];
      if (k === 0 || k === points.length - 1 || (px - lx) ** 2 + (py - ly) ** 2 >= MIN_SEGMENT ** 2) {
        d += `${k === 0 ? 'M' : 'L'}${f(px)},${f(py)}`;
        [lx, ly] = [px, py];
      }
      if (k > 0 && k % every === 0) {
        const r = (2.4 - (1.2 * k) / points.length).toFixed(2);
        dots += `M${f(px)},${f(py)}m-${r},0a${r},${r} 0 1,0 ${2 * Number(r)},0a${r},${r} 0 1,0 -${2 * Number(r)},0`;
      }
    }
    const last = points[points.length - 1];
    return svg`<g class="trajectory" data-name=${this.#runs[i].name} stroke=${colour} fill=${colour} stroke-width=${width.toFixed(2)}>
      <path class="line" d=${d}></path>
      <path class="dots" d=${dots}></path>
      ${last ? svg`<circle class="end" cx=${last[0]} cy=${last[1]} r="4"></circle>` : nothing}
    </g>`;
  }

  #equilibriumMark([cx, cy]: XY, e: Equilibrium): SVGTemplateResult {
    return svg`<path class="equilibrium" d=${`M${cx},${cy - 7}L${cx + 7},${cy}L${cx},${cy + 7}L${cx - 7},${cy}Z`}><title>Nash equilibrium x* = ${strategy(e.row)}, y* = ${strategy(e.col)}; payoffs ${e.payoffs.map(fmt).join(', ')}</title></path>`;
  }

  #handle([cx, cy]: XY): SVGTemplateResult {
    return svg`<g class="handle" transform="translate(${cx},${cy})" aria-hidden="true">
      <circle class="hit" data-export="skip" r="14"></circle><circle class="ring" r="6.5"></circle><circle class="dot" r="2"></circle>
    </g>`;
  }

  /** The square's axes are d3-axis's job, redone only when the square moved or was drawn anew (not during a drag). */
  protected override updated(): void {
    const spec = this.#spec;
    if (!spec || this.#error !== undefined || spec.game.m !== 2) return;
    const [a] = this.#areas(spec);
    const gx = this.renderRoot.querySelector<SVGGElement>('g.x-axis');
    const gy = this.renderRoot.querySelector<SVGGElement>('g.y-axis');
    const key = `${a.ox},${a.oy},${a.size}`;
    if (this.#axes?.gx === gx && this.#axes.key === key) return;
    this.#axes = { gx, key };
    drawAxis(gx, axisBottom(scaleLinear([0, 1], [a.ox, a.ox + a.size])).ticks(5).tickSizeOuter(0));
    drawAxis(gy, axisLeft(scaleLinear([0, 1], [a.oy + a.size, a.oy])).ticks(5).tickSizeOuter(0));
  }

  /**
   * The strategies under a pointer: in the square, (x, y) clamped into it; on the triangles, the player whose
   * triangle is nearer and the point projected onto its simplex (Duchi et al. 2008).
   */
  #strategiesAt(e: PointerEvent, player?: 0 | 1 | 'both'): { player: 0 | 1 | 'both'; x: number[]; y: number[] } | undefined {
    const spec = this.#spec;
    if (!spec) return undefined;
    const r = (e.currentTarget as SVGSVGElement).getBoundingClientRect();
    const [px, py] = [e.clientX - r.left, e.clientY - r.top];
    const areas = this.#areas(spec);
    if (spec.game.m === 2) {
      const a = areas[0];
      if (player === undefined && (px < a.ox - 8 || px > a.ox + a.size + 8 || py < a.oy - 8 || py > a.oy + a.size + 8)) return undefined;
      const clamp = (v: number) => Math.min(1, Math.max(0, v));
      const x = clamp((px - a.ox) / a.size);
      const y = clamp((a.oy + a.size - py) / a.size);
      return { player: 'both', x: [x, 1 - x], y: [y, 1 - y] };
    }
    const which = player ?? (px < (areas[0].ox + areas[0].size + areas[1].ox) / 2 ? 0 : 1);
    if (which === 'both') return undefined;
    const a = areas[which];
    const p = projectToSimplex(fromTriangle([(px - a.ox) / a.size, SQRT3_2 - (py - a.oy) / a.size]));
    return { player: which, x: which === 0 ? p : spec.x0, y: which === 1 ? p : spec.y0 };
  }

  #onPointerDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    const s = this.#strategiesAt(e);
    if (!s) return;
    e.preventDefault();
    (e.currentTarget as SVGSVGElement).setPointerCapture?.(e.pointerId);
    const focusTarget = s.player === 'both' ? (e.currentTarget as SVGSVGElement) : this.renderRoot.querySelector<SVGGElement>(`g.simplex[data-player="${s.player}"]`);
    focusTarget?.focus();
    this.#dragging = { pointer: e.pointerId, player: s.player };
    this.#moveStart(s.x, s.y);
  };

  #onPointerMove = (e: PointerEvent) => {
    if (this.#dragging?.pointer !== e.pointerId) return;
    const s = this.#strategiesAt(e, this.#dragging.player);
    if (s) this.#moveStart(s.x, s.y);
  };

  /** The drag ends: the runs are computed again by the accurate rule. */
  #onPointerUp = (e: PointerEvent) => {
    if (this.#dragging?.pointer !== e.pointerId) return;
    this.#dragging = undefined;
    this.requestUpdate();
  };

  /**
   * Arrow keys move the start by 0.02 (0.1 with Shift): in the square, x across and y up; on a triangle, the point
   * moves in the picture's directions and is projected back onto the simplex.
   */
  #onKeyDown(e: KeyboardEvent, player: 0 | 1 | 'both'): void {
    const spec = this.#spec;
    const dir = ({ ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] } as Record<string, [number, number]>)[e.key];
    if (!spec || !dir) return;
    e.preventDefault();
    e.stopPropagation();
    const step = e.shiftKey ? 0.1 : 0.02;
    if (player === 'both') {
      const clamp = (v: number) => Math.min(1, Math.max(0, v));
      const x = clamp(spec.x0[0] + dir[0] * step);
      const y = clamp(spec.y0[0] + dir[1] * step);
      this.#moveStart([x, 1 - x], [y, 1 - y]);
      return;
    }
    const p0 = player === 0 ? spec.x0 : spec.y0;
    const [u, v] = toTriangle(p0);
    const p = projectToSimplex(fromTriangle([u + dir[0] * step, v + dir[1] * step]));
    this.#moveStart(player === 0 ? p : spec.x0, player === 1 ? p : spec.y0);
  }

  /** Sets `init` (rounded to 1/1000) and tells the page. */
  #moveStart(x: readonly number[], y: readonly number[]): void {
    const spec = this.#spec;
    if (!spec) return;
    const value = formatInit(spec.game, x, y);
    if (value === this.init) return;
    this.init = value;
    void this.updateComplete.then(() => {
      const s = this.#spec;
      if (!s) return;
      this.dispatchEvent(new CustomEvent('saddle-change', { detail: { init: { x: s.x0, y: s.y0 } }, bubbles: true, composed: true }));
      saveUrlState(this, URL_NAMES);
    });
  }
}

if (!customElements.get('saddle-matrix-game')) customElements.define('saddle-matrix-game', MatrixGame);

declare global {
  interface HTMLElementTagNameMap {
    'saddle-matrix-game': MatrixGame;
  }
}
