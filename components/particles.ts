/**
 * Particles carried by the flow ż = −ξ(z) of a two-coordinate game, as fieldplay draws them: many points, each
 * moved a little every frame along the field, each living a limited number of frames and then reborn at a random
 * place, so that the picture keeps covering the whole view. No DOM: the element draws `x, y` and `px, py` (where each
 * particle was one frame earlier) as short segments on a canvas.
 *
 * One frame is one explicit Euler step of the flow over the whole batch (one call of `game.field` for all particles):
 *   z ← z + h·(−ξ(z)),   h = s / ξ_ref,
 * where ξ_ref is the 90th percentile of the field's speed over a 16 × 16 grid of the view, measured in view widths and
 * heights (‖(ξx / w, ξy / h)‖), and s = 0.003: a typical particle crosses the view in about 330 frames (5 s at 60
 * frames/s), whatever the field's scale. A step longer than 2 % of the view is shortened to that length (fast regions
 * do not teleport particles). Euler is enough here: the particles show the field's direction and relative speed
 * locally; trajectories, which must be accurate, come from src/.
 *
 * A particle is reborn (uniform in the view, seeded) when it leaves the view, reaches a non-finite field, or has lived
 * `life` frames; initial ages are spread over [0, life) so that rebirths do not come in waves.
 */
import { randomLcg } from 'd3-random';
import type { Game } from '../src/game.ts';
import type { Domain } from './field-arrows.ts';

export interface ParticleOptions {
  /** How many particles (1 to 100,000). */
  readonly count: number;
  /** Frames a particle lives before rebirth (default 90). */
  readonly life?: number;
  /** Seed of the rebirth positions (default 1). */
  readonly seed?: number;
  /** View fraction a typical particle moves per frame (default 0.003). */
  readonly speed?: number;
}

/** The longest step, as a fraction of the view's width or height. */
export const MAX_STEP = 0.02;

export class ParticleField {
  /** Positions now, in the game's coordinates. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Positions one frame earlier (equal to x, y for a particle just reborn: no segment to draw). */
  readonly px: Float64Array;
  readonly py: Float64Array;
  /** Frames lived. */
  readonly age: Uint16Array;
  /** 1 where the particle was reborn in the last step. */
  readonly reborn: Uint8Array;
  readonly count: number;
  readonly life: number;
  #game: Game;
  #domain: Domain;
  #h = 0;
  #speed: number;
  #random: () => number;
  #xi: [Float64Array, Float64Array];

  constructor(game: Game, domain: Domain, options: ParticleOptions) {
    const { count, life = 90, seed = 1, speed = 0.003 } = options;
    if (!Number.isInteger(count) || count < 1 || count > 100_000) throw new RangeError(`count must be a whole number from 1 to 100000, got ${count}`);
    if (!Number.isInteger(life) || life < 1 || life > 65_535) throw new RangeError(`life must be a whole number from 1 to 65535, got ${life}`);
    this.count = count;
    this.life = life;
    this.#game = game;
    this.#domain = domain;
    this.#speed = speed;
    this.#random = randomLcg(seed);
    this.x = new Float64Array(count);
    this.y = new Float64Array(count);
    this.px = new Float64Array(count);
    this.py = new Float64Array(count);
    this.age = new Uint16Array(count);
    this.reborn = new Uint8Array(count);
    this.#xi = [new Float64Array(count), new Float64Array(count)];
    for (let i = 0; i < count; i++) {
      this.#rebirth(i);
      this.age[i] = Math.floor(this.#random() * life);
    }
    this.#measure();
  }

  /** The view. Setting it re-measures ξ_ref and rebirths the particles now outside it. */
  get domain(): Domain {
    return this.#domain;
  }
  set domain(d: Domain) {
    this.#domain = d;
    this.#measure();
    for (let i = 0; i < this.count; i++) if (!this.#inside(this.x[i], this.y[i])) this.#rebirth(i);
  }

  /** The step size h of the last measurement (0 where the field vanishes on the whole sample grid). */
  get h(): number {
    return this.#h;
  }

  /** One frame: every particle moves by h·(−ξ) (shortened to MAX_STEP of the view), or is reborn. */
  step(): void {
    const { x, y, px, py, age, reborn, count } = this;
    px.set(x);
    py.set(y);
    this.#game.field([x, y], this.#xi, count);
    const [gx, gy] = this.#xi;
    const { xmin, xmax, ymin, ymax } = this.#domain;
    const w = xmax - xmin;
    const hgt = ymax - ymin;
    const h = this.#h;
    for (let i = 0; i < count; i++) {
      reborn[i] = 0;
      const vx = -gx[i];
      const vy = -gy[i];
      if (++age[i] >= this.life || !Number.isFinite(vx) || !Number.isFinite(vy)) {
        this.#rebirth(i);
        continue;
      }
      // The step in view units, shortened to MAX_STEP.
      const sx = (h * vx) / w;
      const sy = (h * vy) / hgt;
      const len = Math.hypot(sx, sy);
      const k = len > MAX_STEP ? MAX_STEP / len : 1;
      const nx = x[i] + k * sx * w;
      const ny = y[i] + k * sy * hgt;
      if (!this.#inside(nx, ny)) {
        this.#rebirth(i);
        continue;
      }
      x[i] = nx;
      y[i] = ny;
    }
  }

  #inside(x: number, y: number): boolean {
    const d = this.#domain;
    return x >= d.xmin && x <= d.xmax && y >= d.ymin && y <= d.ymax;
  }

  #rebirth(i: number): void {
    const { xmin, xmax, ymin, ymax } = this.#domain;
    this.x[i] = this.px[i] = xmin + this.#random() * (xmax - xmin);
    this.y[i] = this.py[i] = ymin + this.#random() * (ymax - ymin);
    this.age[i] = 0;
    this.reborn[i] = 1;
  }

  /** ξ_ref over a 16 × 16 grid of the view, and h = speed / ξ_ref. */
  #measure(): void {
    const { xmin, xmax, ymin, ymax } = this.#domain;
    const side = 16;
    const n = side * side;
    const gx = new Float64Array(n);
    const gy = new Float64Array(n);
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        gx[r * side + c] = xmin + ((c + 0.5) / side) * (xmax - xmin);
        gy[r * side + c] = ymin + ((r + 0.5) / side) * (ymax - ymin);
      }
    }
    const out: [Float64Array, Float64Array] = [new Float64Array(n), new Float64Array(n)];
    this.#game.field([gx, gy], out, n);
    const speeds = Array.from({ length: n }, (_, b) => Math.hypot(out[0][b] / (xmax - xmin), out[1][b] / (ymax - ymin)))
      .filter((v) => Number.isFinite(v) && v > 0)
      .sort((a, b) => a - b);
    const ref = speeds.length ? speeds[Math.min(speeds.length - 1, Math.floor(0.9 * speeds.length))] : 0;
    this.#h = ref > 0 ? this.#speed / ref : 0;
  }
}
