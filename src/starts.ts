import { randomLcg } from 'd3-random';
import { InputError, show } from './errors.ts';
import { allocBatch, gameDim, packPoints, type Game } from './game.ts';

/**
 * Starting points of a run, as one batch: a single point, a grid over a box (2-D games), or n points drawn uniformly
 * in a box with a seed. Every point lists all players' coordinates in order (x then y). The simulation takes the
 * batch as it is: one start or 65,536 cost the same code path.
 */
export interface Starts {
  readonly kind: 'point' | 'grid' | 'random';
  /** Number of points. */
  readonly n: number;
  /** The batch, one Float64Array per player (layout of {@link Game}). */
  readonly z: Float64Array[];
  /** For a grid: its size and box; point b sits at column b mod nx, row ⌊b / nx⌋. */
  readonly grid?: { readonly nx: number; readonly ny: number; readonly box: readonly number[] };
  /** For random starts: the seed. */
  readonly seed?: number;
}

/**
 * How a scenario or a command line asks for starts: a point `[x, y]`; `{grid: [nx, ny], box}`; `{random: n, seed,
 * box}`. A box is `[lo, hi]` for every coordinate or `[lo₁, hi₁, lo₂, hi₂, …]` one pair per coordinate
 * (for a 2-D game, `[xmin, xmax, ymin, ymax]`).
 */
export type InitSpec =
  | readonly number[]
  | { readonly grid: readonly [number, number] | readonly number[]; readonly box?: readonly number[] }
  | { readonly random: number; readonly seed: number; readonly box?: readonly number[] };

/** The most points one batch may hold (2²²: a 2048 × 2048 grid); beyond this memory, not maths, is the limit. */
export const MAX_STARTS = 1 << 22;
/** Seeds are integers 0 … 2³¹ − 1 (d3-random's randomLcg keeps 32 bits of state; larger seeds would alias). */
export const MAX_SEED = 2 ** 31 - 1;

const coordNames = (game: Game) => game.players.flatMap((p) => p.coords);

/** One point: `point` lists every coordinate of every player, in order. */
export function pointStart(game: Game, point: readonly number[], where = 'init'): Starts {
  const d = gameDim(game);
  if (point.length !== d) {
    throw new InputError(where, `expected ${d} numbers (${coordNames(game).join(', ')}), got ${point.length}: ${show(point)}`);
  }
  point.forEach((v, k) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(where, `coordinate ${k + 1} is ${show(v)}, not a finite number`);
  });
  return { kind: 'point', n: 1, z: packPoints(game, [point]) };
}

/**
 * Reads a box as one [lo, hi] pair per coordinate: `[lo, hi]` applies to all d coordinates, `[lo₁, hi₁, …]` gives
 * each its own. Every lo < hi, all finite.
 */
export function boxPairs(box: readonly number[], d: number, where: string): [number, number][] {
  if (box.length !== 2 && box.length !== 2 * d) {
    const each = d === 2 ? '[xmin, xmax, ymin, ymax]' : `${2 * d} numbers (a lo, hi pair per coordinate)`;
    throw new InputError(where, `expected [lo, hi] or ${each}, got ${box.length} numbers: ${show(box)}`);
  }
  const pairs: [number, number][] = [];
  for (let k = 0; k < d; k++) {
    const lo = box.length === 2 ? box[0] : box[2 * k];
    const hi = box.length === 2 ? box[1] : box[2 * k + 1];
    if (typeof lo !== 'number' || typeof hi !== 'number' || !Number.isFinite(lo) || !Number.isFinite(hi)) {
      throw new InputError(where, `expected finite numbers, got ${show(box)}`);
    }
    if (!(lo < hi)) throw new InputError(where, `coordinate ${k + 1}: lower end ${lo} is not below upper end ${hi}`);
    pairs.push([lo, hi]);
  }
  return pairs;
}

const countCheck = (where: string, what: string, v: number) => {
  if (!Number.isInteger(v) || v < 1) throw new InputError(where, `${what}: expected an integer ≥ 1, got ${show(v)}`);
};

/**
 * An nx × ny grid over the box [xmin, xmax] × [ymin, ymax] of a game with exactly two coordinates, endpoints
 * included (a side with one point sits at the middle). Point b = j·nx + i is (x_i, y_j): x runs fastest.
 */
export function gridStarts(game: Game, nx: number, ny: number, box: readonly number[], where = 'init'): Starts {
  const d = gameDim(game);
  if (d !== 2) {
    throw new InputError(where, `a grid needs a game with 2 coordinates; ${game.name} has ${d} (${coordNames(game).join(', ')}): use random starts`);
  }
  countCheck(where, 'nx', nx);
  countCheck(where, 'ny', ny);
  if (nx * ny > MAX_STARTS) throw new InputError(where, `${nx} × ${ny} = ${nx * ny} points is more than ${MAX_STARTS}`);
  const [[x0, x1], [y0, y1]] = boxPairs(box, 2, `${where}.box`);
  const at = (lo: number, hi: number, i: number, m: number) => (m === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * i) / (m - 1));
  const n = nx * ny;
  const z = allocBatch(game, n);
  // Two coordinates: either one per player (z[0][b], z[1][b]) or both in one player's block (z[p][b], z[p][n + b]).
  const slot = (k: number): [Float64Array, number] => {
    let c = k;
    for (const block of z) {
      const dim = block.length / n;
      if (c < dim) return [block, c * n];
      c -= dim;
    }
    throw new Error('unreachable: coordinate out of range');
  };
  const [bx, ox] = slot(0);
  const [by, oy] = slot(1);
  for (let j = 0; j < ny; j++) {
    const y = at(y0, y1, j, ny);
    for (let i = 0; i < nx; i++) {
      const b = j * nx + i;
      bx[ox + b] = at(x0, x1, i, nx);
      by[oy + b] = y;
    }
  }
  return { kind: 'grid', n, z, grid: { nx, ny, box: [x0, x1, y0, y1] } };
}

/**
 * n points uniform in the box, from d3-random's randomLcg(seed): the same seed gives the same points. Draws go
 * point by point, coordinate by coordinate, so the first m points of a larger draw with the same seed are the m
 * points of the smaller one.
 */
export function randomStarts(game: Game, n: number, box: readonly number[], seed: number, where = 'init'): Starts {
  countCheck(where, 'random', n);
  if (n > MAX_STARTS) throw new InputError(where, `random: ${n} points is more than ${MAX_STARTS}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new InputError(`${where}.seed`, `expected an integer in [0, ${MAX_SEED}], got ${show(seed)}`);
  }
  const d = gameDim(game);
  const pairs = boxPairs(box, d, `${where}.box`);
  const uniform = randomLcg(seed);
  const z = allocBatch(game, n);
  for (let b = 0; b < n; b++) {
    let k = 0;
    for (const block of z) {
      const dim = block.length / n;
      for (let c = 0; c < dim; c++, k++) {
        const [lo, hi] = pairs[k];
        block[c * n + b] = lo + (hi - lo) * uniform();
      }
    }
  }
  return { kind: 'random', n, z, seed };
}

/**
 * Starts from a spec. A grid or random spec without its own box takes `fallbackBox` (a scenario's plot domain);
 * with neither, it is an error. `where` names the spec in errors: `init`, `sims/xy.json: init`.
 */
export function makeStarts(game: Game, spec: InitSpec, where = 'init', fallbackBox?: readonly number[]): Starts {
  if (Array.isArray(spec)) return pointStart(game, spec as readonly number[], where);
  const box = (s: { box?: readonly number[] }) => {
    const b = s.box ?? fallbackBox;
    if (!b) throw new InputError(`${where}.box`, 'required (or give the scenario a domain)');
    return b;
  };
  if (typeof spec === 'object' && spec !== null && 'grid' in spec) {
    const g = spec.grid;
    if (!Array.isArray(g) || g.length !== 2) throw new InputError(`${where}.grid`, `expected [nx, ny], got ${show(g)}`);
    return gridStarts(game, g[0], g[1], box(spec), where);
  }
  if (typeof spec === 'object' && spec !== null && 'random' in spec) {
    return randomStarts(game, spec.random, box(spec), spec.seed, where);
  }
  throw new InputError(where, `expected a point [x, y, …], {grid: [nx, ny], box} or {random: n, seed, box}, got ${show(spec)}`);
}
