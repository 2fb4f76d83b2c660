/**
 * `<saddle-stability-map>`: a heatmap of the spectral radius ρ of one optimizer's update map at an equilibrium, over
 * two parameters (η × β for momentum, η × γ for consensus, η × the Dirac-GAN's regularization weight…), with the
 * line ρ = 1 drawn as a contour: inside it the optimizer converges locally, at the rate ρ per step. The maths is
 * src/analysis's, cell by cell (./stability-map-model.ts); the cells are computed in chunks of ~12 ms with a counter,
 * so that the page never freezes.
 *
 * Attributes (all reflected): game, params (JSON), optimizer, opts (the optimizer's fixed options, JSON),
 * x and y ("name:min:max" or "name:min:max:log"; a bare name is the optimizer's option if it has one, else the game's
 * parameter; `game.gamma` says which outright), resolution ("48" or "80x40" cells), near ("x,y": the equilibrium
 * analysed is the one nearest it). The colour scale is viridis (perceptually uniform; Smith & van der Walt 2015).
 * Pointing at a cell reads it out; the arrow keys move a cell cursor; a click, Enter or Space fires `saddle-select`
 * ({ optimizer, options, game, params, x, y, rho }, bubbles, composed) with the chosen parameters, for a page to hand
 * to a phase plot. Read-only `map`: the grid of ρ drawn so far.
 *
 * With `for="id"` it follows the `<saddle-phase-plot id="id">` (kit/follow.ts): it maps the plot's game with its
 * params and the plot's settings of `optimizer` (default the plot's first optimizer; the map's own game, params and
 * opts are then not used), marks where the plot's settings sit in the plane with a ring and states ρ there, and
 * moves the ring as the plot's lr, opts or params change (it recomputes only when a setting off the two axes
 * changes; when the plot stops running the optimizer, the map stays as it was, without its ring). A pick then
 * also sets the plot to the picked cell, as a person would with its attributes: η in its `lr` (or in its opts entry
 * when it gives this optimizer its own), other options in `opts`, game parameters in `params`; the plot recomputes
 * and the ring moves there. A page that calls `preventDefault()` on `saddle-select` keeps the plot as it is; a plot
 * that runs a scenario file (`src`) is never changed. Read-only `followed`.
 */
import { axisBottom, axisLeft, axisRight } from 'd3-axis';
import { scaleLinear, scaleLog, scaleSequential } from 'd3-scale';
import { interpolateViridis } from 'd3-scale-chromatic';
import { color } from 'd3-color';
import { curveLinearClosed, line } from 'd3-shape';
import { html, LitElement, nothing, svg } from 'lit';
import { drawAxis } from './kit/axis.ts';
import { exportButtons, exportStyles } from './kit/export.ts';
import { LazyModule } from './kit/lazy.ts';
import { describeError, errorMessage, loadingMessage, messageStyles } from './kit/message.ts';
import { InputError } from '../src/errors.ts';
import { reflected, type Attribute } from './kit/properties.ts';
import { axisStyles, hostStyles, plotStyles, toolbarStyles } from './kit/styles.ts';
import { WidthController } from './kit/width.ts';
import { styles } from './stability-map.styles.ts';
import { FollowController } from './kit/follow.ts';
import type { FollowedPoint, MapAxis, MapSpec, StabilityGrid } from './stability-map-model.ts';

const MARGIN = { top: 10, right: 14, bottom: 42, left: 56 };
const BAR = { width: 12, gap: 16, labels: 40 };

let model: Promise<typeof import('./stability-map-model.ts')> | undefined;
const loadModel = () => (model ??= import('./stability-map-model.ts'));

const fmt = (v: number) => (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(3))));
const fmtRate = (v: number) => (Number.isNaN(v) ? 'no equilibrium' : String(Number(v.toPrecision(Math.abs(v - 1) < 1e-3 ? 6 : 4))));
const axisName = (a: MapAxis) => ({ lr: 'η', beta: 'β', gamma: 'γ', lambda: 'λ' })[a.key] ?? a.key;
const axisTitle = (a: MapAxis) => `${axisName(a)}${a.target === 'game' ? ' (game)' : ''}${a.log ? ', log scale' : ''}`;

/** Fixed settings as " (reg = r1, sigma = 0.5)", or nothing. */
const settings = (o: Readonly<Record<string, unknown>>) => {
  const entries = Object.entries(o);
  return entries.length ? ` (${entries.map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ')})` : '';
};

/** What `saddle-select` carries: the cell's parameters, ready for a phase plot's opts and params. */
export interface MapSelection {
  readonly optimizer: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly game: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly x: { readonly name: string; readonly value: number };
  readonly y: { readonly name: string; readonly value: number };
  readonly rho: number;
}

/** What the map shows of the phase plot it follows (`for`): its settings as a point of the plane, and ρ there. */
export interface FollowedMark extends FollowedPoint {
  /** The followed plot's id. */
  readonly source: string;
  /** ρ at the point (undefined while it is computed, NaN without an equilibrium). */
  readonly rho?: number;
}

export class StabilityMap extends LitElement {
  static override properties = reflected(['for', 'game', 'params', 'optimizer', 'opts', 'x', 'y', 'resolution', 'near'], { cell: { state: true } });
  static override styles = [hostStyles, plotStyles, axisStyles, toolbarStyles, messageStyles, exportStyles, styles];
  declare game: Attribute;
  declare params: Attribute;
  declare optimizer: Attribute;
  declare opts: Attribute;
  declare x: Attribute;
  declare y: Attribute;
  declare resolution: Attribute;
  declare near: Attribute;
  declare for: Attribute;
  /** The cell under the pointer or the keyboard cursor, [i, j]. */
  declare cell: readonly [number, number] | undefined;

  #error?: string;
  #spec?: MapSpec;
  #specKey?: string;
  #grid?: StabilityGrid;
  #image?: string;
  #abort?: AbortController;
  #width = new WidthController(this);
  #model = new LazyModule(this, loadModel);
  #pointer?: [number, number];
  #follow = new FollowController(this, () => this.for);
  #followed?: FollowedMark;
  #rhoKey?: string;
  #colourCache?: { grid: StabilityGrid; done: number; scale: ReturnType<typeof scaleSequential<string>> };
  #contourCache?: { grid: StabilityGrid; done: number; inner: number; innerH: number; d: string };

  /** The grid of ρ computed so far: rho[j][i] at (x[i], y[j]), NaN where not yet computed or without equilibrium. */
  get map(): StabilityGrid | undefined {
    return this.#grid;
  }

  /** The parameters read from the attributes (axes with their cell centres). */
  get spec(): MapSpec | undefined {
    return this.#spec;
  }

  /** With `for`: the followed plot's optimizer, where its settings put it in the plane (or why not), and ρ there. */
  get followed(): FollowedMark | undefined {
    return this.#followed;
  }

  /** Resolves when the map in progress is complete (or replaced). */
  computing: Promise<void> = Promise.resolve();

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
    this.#specKey = undefined;
  }

  protected override willUpdate(): void {
    const m = this.#model.value;
    if (this.#model.error) this.#error = this.#model.error;
    if (!m) return;
    let spec: MapSpec;
    try {
      this.#follow.sync();
      if (this.for != null) {
        const run = this.#follow.current();
        if (!run) {
          // Waiting for the plot's first run.
          this.#abort?.abort();
          this.#specKey = undefined;
          this.#spec = undefined;
          this.#grid = undefined;
          this.#followed = undefined;
          this.#error = undefined;
          return;
        }
        let followed: { spec: MapSpec; point: FollowedPoint };
        try {
          followed = m.followPlot(this, run.spec, this.for);
        } catch (e) {
          // The plot stopped running the optimizer mapped here (a person switched it off): the map stays, the ring goes.
          const was = this.#followed;
          if (!(e instanceof InputError && e.where === 'optimizer' && this.#spec && was && !this.#error)) throw e;
          followed = { spec: this.#spec, point: { optimizer: was.optimizer, absent: true } };
        }
        spec = followed.spec;
        this.#mark(m, spec, followed.point, this.for);
      } else {
        spec = m.readMapAttributes(this);
        this.#followed = undefined;
        this.#rhoKey = undefined;
      }
    } catch (e) {
      this.#abort?.abort();
      this.#specKey = undefined;
      this.#followed = undefined;
      this.#rhoKey = undefined;
      this.#error = describeError(e);
      return;
    }
    const key = JSON.stringify(spec);
    if (key === this.#specKey) return;
    this.#specKey = key;
    this.#error = undefined;
    this.#spec = spec;
    this.#grid = undefined;
    this.#image = undefined;
    this.cell = undefined;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.computing = m
      .computeMap(spec, {
        signal: abort.signal,
        onProgress: (grid) => {
          if (abort.signal.aborted) return;
          this.#grid = grid;
          this.#paint();
          this.requestUpdate();
        },
      })
      .then(
        (grid) => {
          if (abort.signal.aborted) return;
          this.#grid = grid;
          if (grid.missing === grid.total) this.#error = `game ${spec.game}: no equilibrium in the search box for any cell, so no update map to analyse (try near="x,y" or other params)`;
          this.#paint();
          this.requestUpdate();
        },
        (e) => {
          if (abort.signal.aborted) return;
          this.#error = describeError(e);
          this.requestUpdate();
        },
      );
  }

  /** Sets the followed plot's mark, and computes ρ at it (once per point and map settings). */
  #mark(m: typeof import('./stability-map-model.ts'), spec: MapSpec, point: FollowedPoint, source: string): void {
    const key = JSON.stringify([spec, point]);
    if (key === this.#rhoKey) {
      this.#followed = { ...point, source, rho: this.#followed?.rho };
      return;
    }
    this.#rhoKey = key;
    this.#followed = { ...point, source };
    if (point.x === undefined || point.y === undefined) return;
    m.rhoAt(spec, point.x, point.y).then(
      (rho) => {
        if (this.#rhoKey !== key) return;
        this.#followed = { ...point, source, rho };
        this.requestUpdate();
      },
      (e: unknown) => {
        if (this.#rhoKey !== key) return;
        this.#error = describeError(e);
        this.requestUpdate();
      },
    );
  }

  /** The colour scale over the ρ computed so far: from the smallest to the largest, capped at 2 (ρ ≥ 2 all alike). */
  #colours() {
    const grid = this.#grid;
    const cached = this.#colourCache;
    if (grid && cached && cached.grid === grid && cached.done === grid.done) return cached.scale;
    const scale = this.#colourScale();
    if (grid) this.#colourCache = { grid, done: grid.done, scale };
    return scale;
  }

  #colourScale() {
    const values = (this.#grid?.rho ?? []).flatMap((row) => [...row]).filter((v) => Number.isFinite(v));
    const lo = values.length ? Math.min(...values) : 0;
    let hi = values.length ? Math.min(Math.max(...values), Math.max(2, lo * 1.5)) : 2;
    if (!(hi > lo)) hi = lo + 0.1;
    return scaleSequential(interpolateViridis).domain([lo, hi]).clamp(true);
  }

  /** Paints the grid into a small image, one pixel per cell (row 0, the lowest y, at the bottom). */
  #paint(): void {
    const grid = this.#grid;
    if (!grid || typeof document === 'undefined') return;
    const nx = grid.x.length;
    const ny = grid.y.length;
    const canvas = document.createElement('canvas');
    canvas.width = nx;
    canvas.height = ny;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(nx, ny);
    const scale = this.#colours();
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const k = ((ny - 1 - j) * nx + i) * 4;
        const v = grid.rho[j][i];
        const done = j * nx + i < grid.done;
        const c = done && Number.isFinite(v) ? color(scale(v))!.rgb() : { r: 225, g: 225, b: 225 };
        img.data[k] = c.r;
        img.data[k + 1] = c.g;
        img.data[k + 2] = c.b;
        img.data[k + 3] = done ? 255 : 90;
      }
    }
    ctx.putImageData(img, 0, 0);
    this.#image = canvas.toDataURL('image/png');
  }

  #layout() {
    const spec = this.#spec!;
    const width = Math.max(260, this.#width.value || 520);
    const inner = width - MARGIN.left - MARGIN.right - BAR.gap - BAR.width - BAR.labels;
    const innerH = Math.round(Math.min(420, Math.max(180, 0.62 * inner)));
    const axis = (a: MapAxis, range: [number, number]) => (a.log ? scaleLog([a.min, a.max], range) : scaleLinear([a.min, a.max], range));
    return { width, inner, innerH, height: innerH + MARGIN.top + MARGIN.bottom, x: axis(spec.x, [0, inner]), y: axis(spec.y, [innerH, 0]) };
  }

  /** The ρ = 1 line (the model's stabilityContour) in pixels; the caller clips it to the rectangle of cell centres. */
  #contour(inner: number, innerH: number): string {
    const grid = this.#grid!;
    const c = this.#contourCache;
    if (c && c.grid === grid && c.done === grid.done && c.inner === inner && c.innerH === innerH) return c.d;
    const d = this.#contourPath(grid, inner, innerH);
    this.#contourCache = { grid, done: grid.done, inner, innerH, d };
    return d;
  }

  #contourPath(grid: StabilityGrid, inner: number, innerH: number): string {
    const [nx, ny] = [grid.x.length, grid.y.length];
    const ring = line<number[]>((p) => (p[0] / nx) * inner, (p) => innerH - (p[1] / ny) * innerH).curve(curveLinearClosed);
    return this.#model.value!.stabilityContour(grid).map((r) => ring(r) ?? '').join('');
  }

  protected override render() {
    if (this.#error) return errorMessage(this.#error);
    const spec = this.#spec;
    const grid = this.#grid;
    if (!spec || !grid) return loadingMessage(this.for != null && !spec ? `Waiting for the phase plot "${this.for}"…` : 'Preparing the stability map…');
    const { width, inner, innerH, height, x: xScale, y: yScale } = this.#layout();
    const followed = this.#followed;
    const mark = followed?.x !== undefined && followed.y !== undefined ? [xScale(followed.x), yScale(followed.y)] : undefined;
    const scale = this.#colours();
    const [lo, hi] = scale.domain();
    const bar = scaleLinear([lo, hi], [innerH, 0]);
    const nx = grid.x.length;
    const ny = grid.y.length;
    const cw = inner / nx;
    const ch = innerH / ny;
    const finished = grid.done === grid.total;
    const stable = grid.rho.reduce((s, row) => s + row.filter((v) => v < 1 - 1e-9).length, 0);
    const c = this.cell;
    const contour = this.#contour(inner, innerH);
    const label = `Stability map of ${spec.optimizer} on ${spec.game}: the spectral radius ρ of its update map over ${axisTitle(spec.x)} from ${spec.x.min} to ${spec.x.max} and ${axisTitle(spec.y)} from ${spec.y.min} to ${spec.y.max}, ${nx} by ${ny} cells; ρ < 1 (converges) in ${stable} of ${grid.done} cells computed. Arrow keys move a cell cursor, Enter picks the cell.${followed ? ` ${this.#followedText(followed, spec)}` : ''}`;
    const gradient = Array.from({ length: 11 }, (_, k) => svg`<stop offset=${`${k * 10}%`} stop-color=${scale(hi - ((hi - lo) * k) / 10)}></stop>`);
    return html`
      <div class="toolbar"><span class="caption">ρ of ${spec.optimizer}${settings(spec.options)} on ${spec.game}${settings(spec.params)}</span>${finished ? exportButtons(this.#exports()) : nothing}</div>
      <svg
        width=${width}
        height=${height}
        tabindex="0"
        role="application"
        aria-roledescription="stability map"
        aria-label=${label}
        @pointermove=${this.#onPointerMove}
        @pointerleave=${this.#onPointerLeave}
        @click=${this.#onClick}
        @keydown=${this.#onKeyDown}
      >
        <defs>
          <linearGradient id="ramp" x1="0" y1="0" x2="0" y2="1">${gradient}</linearGradient>
          <clipPath id="centres"><rect x=${cw / 2} y=${innerH - (Math.max(1, Math.floor(grid.done / nx)) - 0.5) * ch} width=${inner - cw} height=${Math.max(0, (Math.floor(grid.done / nx) - 1) * ch)}></rect></clipPath>
        </defs>
        <g transform="translate(${MARGIN.left},${MARGIN.top})">
          ${this.#image ? svg`<image href=${this.#image} width=${inner} height=${innerH} preserveAspectRatio="none"></image>` : nothing}
          <g clip-path="url(#centres)" aria-hidden="true">
            <path class="contour-halo" d=${contour}></path>
            <path class="contour" d=${contour}></path>
          </g>
          ${c
            ? svg`<g data-export="skip"><rect class="picked-halo" x=${c[0] * cw} y=${innerH - (c[1] + 1) * ch} width=${cw} height=${ch}></rect><rect class="picked" x=${c[0] * cw} y=${innerH - (c[1] + 1) * ch} width=${cw} height=${ch}></rect></g>`
            : nothing}
          ${mark
            ? svg`<g class="followed" transform="translate(${mark[0].toFixed(1)},${mark[1].toFixed(1)})" aria-hidden="true">
                <path class="followed-halo" d="M-12,0H-4M4,0H12M0,-12V-4M0,4V12"></path><circle class="followed-halo" r="6"></circle>
                <path class="followed-line" d="M-12,0H-4M4,0H12M0,-12V-4M0,4V12"></path><circle class="followed-line" r="6"></circle>
              </g>`
            : nothing}
          <rect class="frame" width=${inner} height=${innerH}></rect>
          <g class="x-axis" transform="translate(0,${innerH})"></g>
          <g class="y-axis"></g>
          <text class="axis-label" x=${inner / 2} y=${innerH + 36} text-anchor="middle">${axisTitle(spec.x)}</text>
          <text class="axis-label" transform="translate(-42,${innerH / 2}) rotate(-90)" text-anchor="middle">${axisTitle(spec.y)}</text>
          <g transform="translate(${inner + BAR.gap},0)">
            <rect width=${BAR.width} height=${innerH} fill="url(#ramp)"></rect>
            ${lo < 1 && hi > 1 ? svg`<line class="bar-one" x1="-3" x2=${BAR.width + 3} y1=${bar(1)} y2=${bar(1)}></line>` : nothing}
            <g class="bar-axis" transform="translate(${BAR.width},0)"></g>
            <text class="axis-label" x=${BAR.width / 2} y=${innerH + 30} text-anchor="middle">ρ</text>
          </g>
        </g>
      </svg>
      ${c && this.#pointer ? html`<div class="tooltip" style="left:${this.#pointer[0] + 14}px;top:${this.#pointer[1] + 14}px" aria-hidden="true">${this.#cellText(c)}</div>` : nothing}
      <p class="progress" role="status" aria-live="polite">
        ${finished
          ? html`<span>${c ? this.#cellText(c) : `${grid.total.toLocaleString('en')} cells: ρ from ${fmtRate(lo)} to ${fmtRate(Math.max(...grid.rho.flatMap((r) => [...r]).filter(Number.isFinite)))}; it converges (ρ < 1, inside the white line) in ${Math.round((100 * stable) / grid.total)}% of them${grid.missing ? `; ${grid.missing} cells have no equilibrium (grey)` : ''}. Click a cell to pick its parameters.`}</span>`
          : html`<progress max=${grid.total} .value=${grid.done}></progress><span>computing ρ: ${grid.done.toLocaleString('en')} / ${grid.total.toLocaleString('en')} cells</span>`}
      </p>
      ${followed ? html`<p class="followed-note" aria-live="polite">${this.#followedText(followed, spec)}</p>` : nothing}
    `;
  }

  /** The sentence under the map about the followed plot: where its settings are and ρ there, or why it is not on the map. */
  #followedText(f: FollowedMark, spec: MapSpec): string {
    if (f.absent) return `The phase plot "${f.source}" no longer runs ${f.optimizer}: the map stays as it was, without its ring.`;
    const who = `The phase plot "${f.source}" runs ${f.optimizer}`;
    if (f.problem) return `${who}; ${f.problem}.`;
    const at = `${axisName(spec.x)} = ${fmt(f.x!)}, ${axisName(spec.y)} = ${fmt(f.y!)}`;
    if (f.rho === undefined) return `${who} at ${at} (the ring).`;
    if (Number.isNaN(f.rho)) return `${who} at ${at} (the ring), where the game has no equilibrium in the search box.`;
    const verdict = f.rho < 1 - 1e-9 ? 'it converges' : Math.abs(f.rho - 1) <= 1e-9 ? 'it neither converges nor diverges' : 'it diverges';
    return `${who} at ${at} (the ring): ρ = ${fmtRate(f.rho)}, ${verdict}.${this.#source() ? ' Pick a cell to run the plot there.' : ''}`;
  }

  #cellText([i, j]: readonly [number, number]): string {
    const spec = this.#spec!;
    const grid = this.#grid!;
    const r = grid.rho[j][i];
    const done = j * grid.x.length + i < grid.done;
    return `${axisName(spec.x)} = ${fmt(grid.x[i])}, ${axisName(spec.y)} = ${fmt(grid.y[j])}: ${done ? `ρ = ${fmtRate(r)}${Number.isFinite(r) ? (r < 1 - 1e-9 ? ' (converges)' : Math.abs(r - 1) <= 1e-9 ? ' (neither)' : ' (diverges)') : ''}` : 'not computed yet'}`;
  }

  protected override updated(): void {
    if (!this.#spec || !this.#grid || this.#error) return;
    const { x, y, innerH } = this.#layout();
    const root = this.renderRoot;
    drawAxis(root.querySelector<SVGGElement>('g.x-axis'), axisBottom(x).ticks(6, this.#spec.x.log ? '~g' : undefined).tickSizeOuter(0));
    drawAxis(root.querySelector<SVGGElement>('g.y-axis'), axisLeft(y).ticks(5, this.#spec.y.log ? '~g' : undefined).tickSizeOuter(0));
    const [lo, hi] = this.#colours().domain();
    drawAxis(root.querySelector<SVGGElement>('g.bar-axis'), axisRight(scaleLinear([lo, hi], [innerH, 0])).ticks(5).tickSizeOuter(0));
  }

  /** The cell under a pointer event, or undefined off the map. */
  #cellAt(e: PointerEvent | MouseEvent): [number, number] | undefined {
    const grid = this.#grid;
    if (!grid) return undefined;
    const { inner, innerH } = this.#layout();
    const r = (e.currentTarget as SVGSVGElement).getBoundingClientRect();
    const px = e.clientX - r.left - MARGIN.left;
    const py = e.clientY - r.top - MARGIN.top;
    if (px < 0 || px >= inner || py < 0 || py >= innerH) return undefined;
    return [Math.floor((px / inner) * grid.x.length), Math.floor(((innerH - py) / innerH) * grid.y.length)];
  }

  #onPointerMove = (e: PointerEvent) => {
    const c = this.#cellAt(e);
    const host = this.getBoundingClientRect();
    this.#pointer = c && [e.clientX - host.left, e.clientY - host.top];
    if (c?.[0] !== this.cell?.[0] || c?.[1] !== this.cell?.[1]) this.cell = c;
    else this.requestUpdate();
  };

  #onPointerLeave = () => {
    this.#pointer = undefined;
    this.cell = undefined;
  };

  #onClick = (e: MouseEvent) => {
    const c = this.#cellAt(e);
    if (c) this.#select(c);
  };

  /** Arrow keys move the cell cursor (Shift: 5 cells), Home/End to the row's ends, Enter or Space picks the cell. */
  #onKeyDown = (e: KeyboardEvent) => {
    const grid = this.#grid;
    if (!grid) return;
    const nx = grid.x.length;
    const ny = grid.y.length;
    const [i, j] = this.cell ?? [Math.floor(nx / 2), Math.floor(ny / 2)];
    const n = e.shiftKey ? 5 : 1;
    const moves: Record<string, [number, number]> = { ArrowLeft: [i - n, j], ArrowRight: [i + n, j], ArrowUp: [i, j + n], ArrowDown: [i, j - n], Home: [0, j], End: [nx - 1, j] };
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.#select([i, j]);
      this.cell = [i, j];
      return;
    }
    if (e.key === 'Escape') {
      this.cell = undefined;
      return;
    }
    const to = moves[e.key];
    if (!to) return;
    e.preventDefault();
    this.#pointer = undefined;
    this.cell = [Math.max(0, Math.min(nx - 1, to[0])), Math.max(0, Math.min(ny - 1, to[1]))];
  };

  #select([i, j]: readonly [number, number]): void {
    const spec = this.#spec;
    const grid = this.#grid;
    const m = this.#model.value;
    if (!spec || !grid || !m || j * grid.x.length + i >= grid.done) return;
    const { options, params } = m.cellSettings(spec, i, j);
    const detail: MapSelection = {
      optimizer: spec.optimizer,
      options,
      game: spec.game,
      params,
      x: { name: spec.x.key, value: grid.x[i] },
      y: { name: spec.y.key, value: grid.y[j] },
      rho: grid.rho[j][i],
    };
    const go = this.dispatchEvent(new CustomEvent<MapSelection>('saddle-select', { detail, bubbles: true, composed: true, cancelable: true }));
    const plot = this.#source();
    if (go && plot && this.#followed) {
      const settings = m.plotSettingsFor(spec, { lr: plot.getAttribute('lr'), opts: plot.getAttribute('opts'), params: plot.getAttribute('params') }, this.#followed.optimizer, grid.x[i], grid.y[j]);
      for (const [name, value] of Object.entries(settings)) if (value != null) plot.setAttribute(name, value);
    }
  }

  /** The followed phase plot, when a pick may change it (not one that runs a scenario file). */
  #source(): HTMLElement | undefined {
    if (this.for == null || !this.isConnected) return undefined;
    const root = this.getRootNode() as Document | ShadowRoot;
    const plot = root.getElementById?.(this.for) ?? undefined;
    return plot && 'run' in plot && !plot.hasAttribute('src') ? plot : undefined;
  }

  #exports() {
    return {
      name: 'stability-map',
      svg: () => this.renderRoot.querySelector<SVGSVGElement>('svg[aria-roledescription]'),
      rows: () => (this.#spec && this.#grid && this.#model.value ? this.#model.value.mapRows(this.#spec, this.#grid) : []),
      data: () => this.#spec && this.#grid && { spec: this.#spec, x: this.#grid.x, y: this.#grid.y, rho: this.#grid.rho.map((r) => [...r]) },
    };
  }
}

if (!customElements.get('saddle-stability-map')) customElements.define('saddle-stability-map', StabilityMap);

declare global {
  interface HTMLElementTagNameMap {
    'saddle-stability-map': StabilityMap;
  }
}
