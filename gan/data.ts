/**
 * Data sets of the GAN trainer: 2-D toy distributions and 1-D mixtures, each a seeded sampler.
 *
 * Samples are row-major Float32Arrays (`n × dim`), drawn with a {@link Rng}: the same seed gives the same data. A
 * data set that is a mixture of Gaussians also lists its modes (centers and standard deviations), which the
 * mode-collapse metrics of metrics.ts score against (the protocol of VEEGAN and PacGAN, ../shared/REFERENCES.md).
 *
 * - `ring8`: 8 Gaussians with centers (cos 2πk/8, sin 2πk/8), k = 0..7, on the unit circle, std 0.01, equal weights
 *   (not `linspace(0, 2π, 8)`, whose last angle repeats the first and leaves 7 modes).
 * - `grid25`: 25 Gaussians with centers {−4, −2, 0, 2, 4}², std 0.05, equal weights.
 * - `spiral`: t ~ U[0, 1], the point t·(cos 2π·turns·t, sin 2π·turns·t) plus N(0, noise²) per coordinate.
 * - `two-moons`: scikit-learn's make_moons: half the points on (cos πu, sin πu), half on (1 − cos πu, ½ − sin πu),
 *   u ~ U[0, 1], plus N(0, noise²).
 * - `line`: the segment from (−1, −1) to (1, 1), uniform, plus N(0, noise²): a 1-D manifold in the plane.
 * - `points`: a user's points (e.g. drawn on a canvas), sampled uniformly with replacement, plus N(0, jitter²).
 * - `mixture1d`: a 1-D mixture Σ wₖ N(μₖ, σₖ²) (default ½N(−2, 0.25²) + ½N(2, 0.25²)), the lecture's 1-D picture.
 */
import { InputError, show } from '../src/errors.ts';
import type { Rng } from './random.ts';

/** Modes of a Gaussian mixture: what the mode-collapse metrics compare samples with. */
export interface Modes {
  /** Centers, each of the data's dimension. */
  readonly centers: readonly (readonly number[])[];
  /** Standard deviation of each mode (isotropic). */
  readonly stds: readonly number[];
  /** Mixture weights, summing to 1. */
  readonly weights: readonly number[];
}

export interface Dataset {
  /** The registry name: `ring8`, `grid25`, … */
  readonly name: string;
  /** Dimension of one sample: 1 or 2. */
  readonly dim: number;
  /** A sentence for help and legends. */
  readonly description: string;
  /** The mixture's modes, for data sets that are Gaussian mixtures. */
  readonly modes?: Modes;
  /** Draws n samples into a new row-major Float32Array of n·dim numbers. */
  sample(n: number, rng: Rng): Float32Array;
}

/** A Gaussian mixture as a data set: pick a mode by weight, add isotropic noise. */
function mixture(name: string, description: string, modes: Modes): Dataset {
  const dim = modes.centers[0].length;
  const cumulative: number[] = [];
  modes.weights.reduce((s, w, k) => (cumulative[k] = s + w), 0);
  const K = modes.centers.length;
  return {
    name,
    dim,
    description,
    modes,
    sample(n, rng) {
      const out = new Float32Array(n * dim);
      for (let i = 0; i < n; i++) {
        const u = rng.uniform() * cumulative[K - 1];
        let k = 0;
        while (k < K - 1 && u >= cumulative[k]) k++;
        const c = modes.centers[k];
        const s = modes.stds[k];
        for (let d = 0; d < dim; d++) out[i * dim + d] = c[d] + s * rng.normal();
      }
      return out;
    },
  };
}

/** The ring of 8 Gaussians of VEEGAN and PacGAN. */
export function ring8(): Dataset {
  const centers = Array.from({ length: 8 }, (_, k) => [Math.cos((2 * Math.PI * k) / 8), Math.sin((2 * Math.PI * k) / 8)]);
  return mixture('ring8', '8 Gaussians on the unit circle at angles 2πk/8, std 0.01', {
    centers,
    stds: new Array(8).fill(0.01),
    weights: new Array(8).fill(1 / 8),
  });
}

/** The 5 × 5 grid of Gaussians of VEEGAN and PacGAN. */
export function grid25(): Dataset {
  const ticks = [-4, -2, 0, 2, 4];
  const centers = ticks.flatMap((x) => ticks.map((y) => [x, y]));
  return mixture('grid25', '25 Gaussians at {−4, −2, 0, 2, 4}², std 0.05', {
    centers,
    stds: new Array(25).fill(0.05),
    weights: new Array(25).fill(1 / 25),
  });
}

/** A curve plus Gaussian noise: `point(u)` maps u ~ U[0, 1] (and the Rng, for mixtures of curves) to the plane. */
function curve(name: string, description: string, noise: number, point: (u: number, rng: Rng) => [number, number]): Dataset {
  return {
    name,
    dim: 2,
    description,
    sample(n, rng) {
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const [x, y] = point(rng.uniform(), rng);
        out[2 * i] = x + noise * rng.normal();
        out[2 * i + 1] = y + noise * rng.normal();
      }
      return out;
    },
  };
}

export function spiral(noise = 0.02, turns = 2): Dataset {
  return curve('spiral', `a spiral of ${turns} turns from the origin to radius 1, noise ${noise}`, noise, (t) => {
    const a = 2 * Math.PI * turns * t;
    return [t * Math.cos(a), t * Math.sin(a)];
  });
}

export function twoMoons(noise = 0.05): Dataset {
  return curve('two-moons', `two interleaved half circles (make_moons), noise ${noise}`, noise, (u, rng) => {
    const a = Math.PI * u;
    return rng.uniform() < 0.5 ? [Math.cos(a), Math.sin(a)] : [1 - Math.cos(a), 0.5 - Math.sin(a)];
  });
}

export function line(noise = 0.01): Dataset {
  return curve('line', `the segment from (−1, −1) to (1, 1), noise ${noise}`, noise, (u) => [2 * u - 1, 2 * u - 1]);
}

/** A user's points, sampled uniformly with replacement, with optional Gaussian jitter. */
export function points(list: readonly (readonly number[])[], jitter = 0): Dataset {
  const n0 = list.length;
  return {
    name: 'points',
    dim: 2,
    description: `${n0} given points${jitter > 0 ? `, jitter ${jitter}` : ''}`,
    sample(n, rng) {
      const out = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const p = list[rng.int(n0)];
        out[2 * i] = p[0] + (jitter > 0 ? jitter * rng.normal() : 0);
        out[2 * i + 1] = p[1] + (jitter > 0 ? jitter * rng.normal() : 0);
      }
      return out;
    },
  };
}

/** A 1-D Gaussian mixture; weights default to equal and are normalized. */
export function mixture1d(means: readonly number[] = [-2, 2], stds: readonly number[] = [0.25, 0.25], weights?: readonly number[]): Dataset {
  const w = weights ?? means.map(() => 1);
  const total = w.reduce((a, b) => a + b, 0);
  const terms = means.map((m, k) => `${+(w[k] / total).toFixed(3)}·N(${m}, ${stds[k]}²)`).join(' + ');
  return mixture('mixture1d', `the 1-D mixture ${terms}`, {
    centers: means.map((m) => [m]),
    stds,
    weights: w.map((x) => x / total),
  });
}

/** A data set by name, with its options (from a config file, a command line or a component). */
export type DatasetSpec =
  | { name: 'ring8' | 'grid25' }
  | { name: 'spiral'; noise?: number; turns?: number }
  | { name: 'two-moons' | 'line'; noise?: number }
  | { name: 'points'; points: readonly (readonly number[])[]; jitter?: number }
  | { name: 'mixture1d'; means?: readonly number[]; stds?: number | readonly number[]; weights?: readonly number[] };

export const datasetNames = ['ring8', 'grid25', 'spiral', 'two-moons', 'line', 'points', 'mixture1d'] as const;

const OPTIONS: Record<(typeof datasetNames)[number], readonly string[]> = {
  ring8: [],
  grid25: [],
  spiral: ['noise', 'turns'],
  'two-moons': ['noise'],
  line: ['noise'],
  points: ['points', 'jitter'],
  mixture1d: ['means', 'stds', 'weights'],
};

/**
 * Makes the data set a spec names, checking every option: unknown names and options, negative noise, points that
 * are not pairs of finite numbers, mixtures whose lists disagree in length. Errors are {@link InputError}s whose
 * path is relative to the spec (`['points', 3]`).
 */
export function createDataset(spec: Readonly<Record<string, unknown>> | string): Dataset {
  const s: Readonly<Record<string, unknown>> = typeof spec === 'string' ? { name: spec } : spec;
  const name = s.name;
  const where = 'dataset';
  if (typeof name !== 'string' || !(datasetNames as readonly string[]).includes(name)) {
    throw new InputError(where, `unknown dataset ${show(name)} (known: ${datasetNames.join(', ')})`, ['name']);
  }
  const known = OPTIONS[name as (typeof datasetNames)[number]];
  for (const key of Object.keys(s)) {
    if (key !== 'name' && !known.includes(key)) {
      throw new InputError(`${where} ${name}`, `unknown option ${show(key)} (known: ${known.length ? known.join(', ') : 'none'})`, [key]);
    }
  }
  const num = (key: string, dflt: number, ok: (v: number) => boolean, what: string): number => {
    const v = s[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) throw new InputError(`${where} ${name}, option ${key}`, `expected ${what}, got ${show(v)}`, [key]);
    return v;
  };
  const nonNegative = (v: number) => v >= 0;
  const list = (key: string, ok: (v: number) => boolean, what: string): number[] | undefined => {
    const v = s[key];
    if (v === undefined) return undefined;
    const arr = typeof v === 'number' ? [v] : v;
    if (!Array.isArray(arr) || arr.length === 0) throw new InputError(`${where} ${name}, option ${key}`, `expected a non-empty list of numbers, got ${show(v)}`, [key]);
    arr.forEach((x, i) => {
      if (typeof x !== 'number' || !Number.isFinite(x) || !ok(x)) throw new InputError(`${where} ${name}, option ${key}`, `expected ${what}, got ${show(x)} at ${i}`, [key, i]);
    });
    return arr as number[];
  };
  switch (name) {
    case 'ring8':
      return ring8();
    case 'grid25':
      return grid25();
    case 'spiral':
      return spiral(num('noise', 0.02, nonNegative, 'a number ≥ 0'), num('turns', 2, (v) => v > 0, 'a positive number'));
    case 'two-moons':
      return twoMoons(num('noise', 0.05, nonNegative, 'a number ≥ 0'));
    case 'line':
      return line(num('noise', 0.01, nonNegative, 'a number ≥ 0'));
    case 'points': {
      const pts = s.points;
      if (!Array.isArray(pts) || pts.length === 0) throw new InputError(`${where} points`, `expected a non-empty list of [x, y] points, got ${show(pts)}`, ['points']);
      pts.forEach((p: unknown, i) => {
        if (!Array.isArray(p) || p.length !== 2 || !p.every((c) => typeof c === 'number' && Number.isFinite(c))) {
          throw new InputError(`${where} points`, `point ${i} is not a pair of finite numbers [x, y]: ${show(p)}`, ['points', i]);
        }
      });
      return points(pts as number[][], num('jitter', 0, nonNegative, 'a number ≥ 0'));
    }
    default: {
      const means = list('means', () => true, 'a finite number') ?? [-2, 2];
      const stdList = list('stds', (v) => v > 0, 'a positive number') ?? [0.25];
      const stds = stdList.length === 1 ? means.map(() => stdList[0]) : stdList;
      const weights = list('weights', (v) => v > 0, 'a positive number');
      if (stds.length !== means.length) throw new InputError(`${where} mixture1d, option stds`, `expected 1 or ${means.length} values (one per mean), got ${stds.length}`, ['stds']);
      if (weights && weights.length !== means.length) throw new InputError(`${where} mixture1d, option weights`, `expected ${means.length} values (one per mean), got ${weights.length}`, ['weights']);
      return mixture1d(means, stds, weights);
    }
  }
}
