/**
 * Evenly spaced streamlines of the flow ż = −ξ(z) of a two-coordinate game over a view (Jobard & Lefer 1997,
 * "Creating Evenly-Spaced Streamlines of Arbitrary Density"), for the phase plot's `streamlines` option. No DOM.
 *
 * Work happens in view units (u, v) = ((x − xmin)/w, (y − ymin)/h), so that "evenly spaced" means evenly spaced on
 * the square plot. A streamline is a curve tangent to the unit direction field d = V/‖V‖, V = (−ξx/w, −ξy/h),
 * integrated by classical RK4 (Runge–Kutta, 4th order) with arc-length step ds = sep/4, forward from a seed (along
 * −ξ) and backward (against it), and stopped where it
 * - leaves the view;
 * - comes closer than `test · sep` (default ½·sep) to a point of another streamline, or to an earlier part of itself
 *   (a closed orbit: it stops once round);
 * - reaches a rest point (‖V‖ ≤ 1e-9 × the field's typical speed, or a step's chord is more than 90° from the
 *   direction at either of its ends, which happens only next to a zero of ξ; checking both ends keeps the backward
 *   half, drawn reversed, along −ξ at the start of each of its steps too);
 * - or reaches `maxPoints`.
 * Seeds are tried on a regular grid of spacing sep/2 in order, each one used only if no streamline passes within
 * sep of it. Streamlines of fewer than 4 points are dropped.
 */
import type { Game } from '../src/game.ts';
import type { Domain } from './field-arrows.ts';

export interface StreamlineOptions {
  /** Separation of neighbouring streamlines as a fraction of the view (default 1/24). */
  readonly separation?: number;
  /** How close another streamline may come, as a fraction of the separation (default 0.5). */
  readonly test?: number;
  /** The longest streamline, in points (default 2,000). */
  readonly maxPoints?: number;
}

/** One streamline: its points in the game's coordinates, in the direction of the flow −ξ. */
export type Streamline = readonly (readonly [number, number])[];

/** A uniform grid of cells of side `cell` over the unit square, each holding the points that fall in it. */
class PointGrid {
  readonly #cells = new Map<number, number[]>();
  readonly #side: number;
  constructor(readonly cell: number) {
    this.#side = Math.ceil(1 / cell) + 1;
  }
  #key(u: number, v: number): number {
    return Math.floor(v / this.cell) * this.#side + Math.floor(u / this.cell);
  }
  /** Adds point (u, v) with a tag (its index along the streamline being traced, or −1 for finished ones). */
  add(u: number, v: number, tag: number): void {
    const k = this.#key(u, v);
    const list = this.#cells.get(k);
    if (list) list.push(u, v, tag);
    else this.#cells.set(k, [u, v, tag]);
  }
  /** True when a point whose tag passes `accept` lies within distance r (r ≤ cell) of (u, v). */
  near(u: number, v: number, r: number, accept: (tag: number) => boolean = () => true): boolean {
    const cu = Math.floor(u / this.cell);
    const cv = Math.floor(v / this.cell);
    for (let dv = -1; dv <= 1; dv++) {
      for (let du = -1; du <= 1; du++) {
        if (cu + du < 0 || cv + dv < 0 || cu + du >= this.#side) continue;
        const list = this.#cells.get((cv + dv) * this.#side + cu + du);
        if (!list) continue;
        for (let i = 0; i < list.length; i += 3) {
          const du2 = list[i] - u;
          const dv2 = list[i + 1] - v;
          if (du2 * du2 + dv2 * dv2 < r * r && accept(list[i + 2])) return true;
        }
      }
    }
    return false;
  }
}

/** The streamlines of −ξ over `domain`; see the module's doc. */
export function streamlines(game: Game, domain: Domain, options: StreamlineOptions = {}): Streamline[] {
  const { separation = 1 / 24, test = 0.5, maxPoints = 2000 } = options;
  if (!(separation > 0 && separation <= 0.5)) throw new RangeError(`separation must be in (0, 0.5], got ${separation}`);
  if (!(test > 0 && test <= 1)) throw new RangeError(`test must be in (0, 1], got ${test}`);
  const { xmin, xmax, ymin, ymax } = domain;
  const w = xmax - xmin;
  const h = ymax - ymin;
  const sep = separation;
  const dtest = test * sep;
  const ds = sep / 4;

  // The field in view units at one point, through a reused batch of one.
  const zx = new Float64Array(1);
  const zy = new Float64Array(1);
  const out: [Float64Array, Float64Array] = [new Float64Array(1), new Float64Array(1)];
  const velocity = (u: number, v: number): [number, number] => {
    zx[0] = xmin + u * w;
    zy[0] = ymin + v * h;
    game.field([zx, zy], out, 1);
    return [-out[0][0] / w, -out[1][0] / h];
  };
  const typical = typicalSpeed(velocity);
  const still = 1e-9 * typical;
  /** The unit direction at (u, v) times `sign`, or undefined at a rest point or where ξ is not finite. */
  const direction = (u: number, v: number, sign: number): [number, number] | undefined => {
    const [a, b] = velocity(u, v);
    const s = Math.sqrt(a * a + b * b);
    if (!Number.isFinite(s) || s <= still || typical === 0) return undefined;
    return [(sign * a) / s, (sign * b) / s];
  };
  /**
   * One RK4 step of length ds along the direction field from (u, v), whose direction `k1` the previous step may pass
   * on; returns the new point and the direction there (the next step's k1).
   */
  const rk4 = (u: number, v: number, sign: number, k1 = direction(u, v, sign)): [number, number, [number, number]] | undefined => {
    if (!k1) return undefined;
    const k2 = direction(u + (ds / 2) * k1[0], v + (ds / 2) * k1[1], sign);
    if (!k2) return undefined;
    const k3 = direction(u + (ds / 2) * k2[0], v + (ds / 2) * k2[1], sign);
    if (!k3) return undefined;
    const k4 = direction(u + ds * k3[0], v + ds * k3[1], sign);
    if (!k4) return undefined;
    const du = (ds / 6) * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
    const dv = (ds / 6) * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
    const end = direction(u + du, v + dv, sign);
    // More than 90° between the chord and the direction at either end: a rest point is within a step.
    if (!end || du * k1[0] + dv * k1[1] <= 0 || du * end[0] + dv * end[1] <= 0) return undefined;
    return [u + du, v + dv, end];
  };

  const done = new PointGrid(Math.max(sep, dtest));
  const lines: Streamline[] = [];
  const inside = (u: number, v: number) => u >= 0 && u <= 1 && v >= 0 && v <= 1;
  // Points closer along the curve than dtest are within dtest in space too (a chord is no longer than its arc): a
  // streamline is stopped by its own points only beyond these last `lag` steps, i.e. when it comes back round.
  const lag = Math.ceil(dtest / ds) + 1;

  const trace = (u0: number, v0: number): [number, number][] => {
    const own = new PointGrid(Math.max(sep, dtest));
    const halves: [number, number][][] = [];
    let index = 0;
    own.add(u0, v0, index);
    for (const sign of [1, -1]) {
      const half: [number, number][] = [];
      let u = u0;
      let v = v0;
      let k: [number, number] | undefined;
      const start = index;
      while (half.length < maxPoints / 2) {
        const next = rk4(u, v, sign, k);
        if (!next) break;
        [u, v, k] = next;
        if (!inside(u, v) || done.near(u, v, dtest)) break;
        const me = ++index;
        // Earlier own points, except the last `lag` of this half; the backward half (start > 0) may begin beside the
        // seed and the first `lag` forward points, which it leaves at once unless the forward half closed a loop.
        if (own.near(u, v, dtest, (tag) => (tag <= start ? tag > lag || me - start > lag : tag < me - lag))) break;
        own.add(u, v, me);
        half.push([u, v]);
      }
      halves.push(half);
    }
    return [...halves[1].reverse(), [u0, v0], ...halves[0]];
  };

  for (let sv = sep / 4; sv < 1; sv += sep / 2) {
    for (let su = sep / 4; su < 1; su += sep / 2) {
      if (done.near(su, sv, Math.min(sep, done.cell)) || !direction(su, sv, 1)) continue;
      const line = trace(su, sv);
      if (line.length < 4) continue;
      for (const [u, v] of line) done.add(u, v, -1);
      lines.push(line.map(([u, v]) => [xmin + u * w, ymin + v * h] as const));
    }
  }
  return lines;
}

/** The median speed ‖V‖ over a 12 × 12 grid of the view (0 if the field vanishes or is never finite there). */
function typicalSpeed(velocity: (u: number, v: number) => [number, number]): number {
  const speeds: number[] = [];
  for (let r = 0; r < 12; r++) {
    for (let c = 0; c < 12; c++) {
      const s = Math.hypot(...velocity((c + 0.5) / 12, (r + 0.5) / 12));
      if (Number.isFinite(s)) speeds.push(s);
    }
  }
  speeds.sort((a, b) => a - b);
  return speeds.length ? speeds[Math.floor(speeds.length / 2)] : 0;
}
