import { InputError } from '../src/errors.ts';
import { gameDim, type Game } from '../src/game.ts';

/** The rectangle of the plane a phase plot shows, in the game's coordinates (first player across, second up). */
export interface Domain {
  readonly xmin: number;
  readonly xmax: number;
  readonly ymin: number;
  readonly ymax: number;
}

/** One arrow of the field −ξ, in the game's coordinates. Every number is finite. */
export interface Arrow {
  /** The grid point (a cell's centre). */
  readonly x: number;
  readonly y: number;
  /** The arrow, from (x, y) to (x + dx, y + dy): the direction of −ξ(x, y), its length scaled to fit the cell. */
  readonly dx: number;
  readonly dy: number;
  /** ‖ξ(x, y)‖ (capped at the largest double); 0 where ξ is not finite. */
  readonly magnitude: number;
  /** How long the arrow is drawn, as a fraction of the longest allowed, in [0, 1]: the colour scale's input. */
  readonly level: number;
  /** False where ξ is NaN or infinite: the arrow has length 0 and should be drawn as a mark of its own. */
  readonly finite: boolean;
}

export interface ArrowGridOptions {
  /** Grid cells across and up (default 17 × 17). */
  readonly columns?: number;
  readonly rows?: number;
  /** The longest arrow, as a fraction of its cell (default 0.85), so that neighbours never touch. */
  readonly fill?: number;
}

/** The grid has to be a whole number of cells, at least one and at most 200 per side. */
function cells(what: string, v: number): number {
  if (!Number.isInteger(v) || v < 1 || v > 200) throw new RangeError(`${what} must be an integer in [1, 200], got ${v}`);
  return v;
}

/**
 * The vector field −ξ of a two-coordinate game, sampled at the centres of a columns × rows grid over `domain`
 * (one batched call of `game.field`). Lengths are measured in cells (Δx / cell width, Δy / cell height), so an
 * arrow points where −ξ points once the plot maps the domain onto its square, and scaled as
 *   ℓ = fill · √min(1, L / L_ref),   L = ‖(ξx / w, ξy / h)‖,   L_ref = the 90th percentile of the finite L,
 * so one huge value cannot shrink all the others to dots, and no arrow leaves its cell. The square root keeps
 * slow regions (near a rest point) readable; `magnitude` keeps the true ‖ξ‖ for a colour or a tooltip.
 */
export function fieldArrows(game: Game, domain: Domain, options: ArrowGridOptions = {}): Arrow[] {
  const d = gameDim(game);
  if (game.players.length !== 2 || d !== 2) {
    throw new InputError('game', `${game.name} has ${d} coordinates; a phase plot draws games with exactly 2 (one per player)`);
  }
  const { xmin, xmax, ymin, ymax } = domain;
  if (!(xmin < xmax && ymin < ymax && [xmin, xmax, ymin, ymax].every(Number.isFinite))) {
    throw new RangeError(`domain must be finite with xmin < xmax and ymin < ymax, got ${JSON.stringify(domain)}`);
  }
  const columns = cells('columns', options.columns ?? 17);
  const rows = cells('rows', options.rows ?? 17);
  const fill = options.fill ?? 0.85;
  if (!(fill > 0 && fill <= 1)) throw new RangeError(`fill must be in (0, 1], got ${fill}`);

  const w = (xmax - xmin) / columns;
  const h = (ymax - ymin) / rows;
  const n = columns * rows;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      x[r * columns + c] = xmin + (c + 0.5) * w;
      y[r * columns + c] = ymin + (r + 0.5) * h;
    }
  }
  const xi = [new Float64Array(n), new Float64Array(n)];
  game.field([x, y], xi, n);

  // Per point: the unit-free direction (−ξ / s, s = max |ξ component|, so nothing overflows), and L in cells.
  const ux = new Float64Array(n);
  const uy = new Float64Array(n);
  const L = new Float64Array(n);
  const finite = new Uint8Array(n);
  for (let b = 0; b < n; b++) {
    const gx = xi[0][b];
    const gy = xi[1][b];
    if (!Number.isFinite(gx) || !Number.isFinite(gy)) continue;
    finite[b] = 1;
    const s = Math.max(Math.abs(gx), Math.abs(gy));
    if (s === 0) continue;
    ux[b] = -gx / s / w;
    uy[b] = -gy / s / h;
    L[b] = s * Math.hypot(ux[b], uy[b]); // may be Infinity for ξ near the largest double: still ordered correctly
  }
  const ref = percentile(L.filter((v, b) => finite[b] && v > 0 && Number.isFinite(v)), 0.9);

  const arrows: Arrow[] = [];
  for (let b = 0; b < n; b++) {
    const base = { x: x[b], y: y[b] };
    if (!finite[b]) {
      arrows.push({ ...base, dx: 0, dy: 0, magnitude: 0, level: 0, finite: false });
      continue;
    }
    const ratio = L[b] === 0 ? 0 : ref > 0 ? Math.min(1, L[b] / ref) : 1;
    const level = Math.sqrt(Number.isNaN(ratio) ? 1 : ratio);
    const unit = Math.hypot(ux[b], uy[b]);
    const k = unit > 0 ? (fill * level) / unit : 0;
    arrows.push({
      ...base,
      dx: k * ux[b] * w,
      dy: k * uy[b] * h,
      magnitude: Math.min(Math.hypot(xi[0][b], xi[1][b]), Number.MAX_VALUE),
      level,
      finite: true,
    });
  }
  return arrows;
}

/** The q-quantile of the values (nearest rank); 0 for none. */
function percentile(values: Float64Array, q: number): number {
  if (values.length === 0) return 0;
  const sorted = values.slice().sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * A segment from (x0, y0) to (x1, y1) in pixels with an open head at (x1, y1), as SVG path data: the head's two
 * barbs run back from the tip along the segment by h = min(size, 0.45·length) and out by ±0.6·h across it, so a short
 * arrow keeps a head in proportion. Without the shaft only the head is drawn (a streamline's direction mark). A
 * segment under half a pixel is the empty path (nothing anyone could see). Coordinates are written to 0.1 px.
 */
export function headedSegment(x0: number, y0: number, x1: number, y1: number, size: number, withShaft = true): string {
  const len = Math.hypot(x1 - x0, y1 - y0);
  if (len < 0.5) return '';
  const ux = (x1 - x0) / len;
  const uy = (y1 - y0) / len;
  const head = Math.min(size, 0.45 * len);
  const bx = x1 - head * ux;
  const by = y1 - head * uy;
  const f = (v: number) => v.toFixed(1);
  const shaft = withShaft ? `M${f(x0)},${f(y0)}L${f(x1)},${f(y1)}` : '';
  return `${shaft}M${f(bx - 0.6 * head * uy)},${f(by + 0.6 * head * ux)}L${f(x1)},${f(y1)}L${f(bx + 0.6 * head * uy)},${f(by - 0.6 * head * ux)}`;
}

/** An arrow of the field centred on its grid point, (x, y) ± (dx, dy)/2, with a 4 px head, in the scales' pixels. */
export function arrowPath(a: Arrow, x: (v: number) => number, y: (v: number) => number): string {
  return headedSegment(x(a.x - a.dx / 2), y(a.y - a.dy / 2), x(a.x + a.dx / 2), y(a.y + a.dy / 2), 4);
}
