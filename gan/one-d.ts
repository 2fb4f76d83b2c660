/**
 * The maths of the lecture's 1-D picture (Goodfellow et al. 2014, "Generative Adversarial Nets", Figure 1), drawn by
 * `<saddle-gan-1d>` and checked headless by test/gan/one-d.test.ts: the same functions in both places. No tfjs and
 * no DOM here: the numbers come from a view frame (gan/view.ts) of a GanSession made with {@link oneDConfig} and
 * {@link oneDViews}.
 *
 * **p_g without a kernel.** The generator maps z ~ U[−1, 1] to x = G(z), so its density is the push-forward
 *   p_g(x) = Σ_{z : G(z) = x} p_z(z) / |G′(z)|,   p_z = ½ on [−1, 1].
 * The session evaluates G on the regular latent grid z_i = −1 + 2i/(n − 1), n = {@link LATENT_POINTS} (the manifold
 * of view.ts). Between grid points G is taken as linear, so the latent interval [z_i, z_{i+1}], of prior mass
 * 1/(n − 1), spreads its mass uniformly over [G(z_i), G(z_{i+1})] (folds of a non-monotone G add up, a flat piece is
 * a point mass). {@link pushforwardMasses} integrates that exactly over the picture's cells: no bandwidth, no
 * sampling noise. A kernel estimate cannot serve the (d) test: Silverman's bandwidth h = 0.9·min(s, IQR/1.34)·n^(−1/5)
 * takes s from the whole sample, so with two modes it blurs each one. Measured on 1,000 samples of the data itself
 * (20 draws): median TV to p_data 0.028 for N(2, ½²), 0.098 for ½N(−1, ½²) + ½N(2, ½²), 0.32 for
 * ½N(−2, ¼²) + ½N(2, ¼²): a perfect generator would fail "TV < 0.1".
 *
 * **Cells and total variation.** The window [lo, hi] is cut into N cells of width h centred on x_k = lo + k·h, plus
 * the two half-lines outside; p_data's cell masses are exact (normal CDFs, src/divergence/normal.ts), p_g's come from
 * the push-forward. TV_h = ½ Σ_cells |P_g(cell) − P_data(cell)| is a lower bound of TV(p_g, p_data) (merging outcomes
 * never increases it, the data-processing inequality) and equals it up to O(h) where the densities vary slowly over
 * a cell; with 161 points h ≤ σ/4.
 *
 * **The (d) detector.** The paper's global optimum (its Theorem 1): p_g = p_data and D = ½. Both must be tested (an
 * untrained D is ½ too), each with a tolerance a finite run can meet, and the two tolerances must agree. With
 * m = (p_data + p_g)/2, the distribution D is trained on (half real, half fake), the optimal D* = p_data/(p_data + p_g)
 * satisfies D* − ½ = (p_data − p_g)/(2(p_data + p_g)), hence
 *   E_m |D* − ½| = ¼ ∫ |p_data − p_g| = ½ TV(p_g, p_data).
 * So (d) is TV_h < 0.1 and E_m |D − ½| < 0.05 (the cell sum Σ_k ½(P_data + P_g)(cell k)·|D(x_k) − ½|): D is no
 * further from ½, where it is trained, than the best discriminator of a generator within the TV tolerance. A pointwise
 * max |D − ½| < 0.05 over the data's support (the earlier test) cannot hold at that tolerance: TV < 0.1 leaves room
 * for a tail of p_data that p_g misses, where D* = 1 however small its mass; measured, D went to 0.9–1 at the edges
 * of the support while TV was 0.07.
 *
 * **Why play stalled, and the defaults ({@link oneDConfig}).** Measured in Node on wasm through GanSession, TV_h and
 * the D test against generator steps, N(2, ½²), saturating loss, seed 0:
 * - the old defaults (G tanh 16-16, D leaky-ReLU 32-32, Adam β₁ = 0.9, η = [10⁻³, 4·10⁻³], data in x) plateau at
 *   TV_h ≈ 0.24 from step 2,000 on, with D flat at ½ (0.48–0.50) while D* ranges 0.18–0.61: D does not see the
 *   difference. Cause: the data sit at x ∈ [1, 3], and every ReLU-type unit of D starts with its kink at x = 0
 *   (biases initialized to 0), so on the data D is nearly affine: it can tilt, which G follows by shifting, but not
 *   bend, which a wrong width needs. 800 discriminator-only steps there moved D towards D* only in the tails.
 *   Fix: the networks see standardized data u = (x − centre)/scale ({@link standardization}), as data are in practice;
 *   the picture maps back to x. With the tanh generator this alone brings TV_h to 0.20–0.23.
 * - a tanh (or ELU) generator stays bounded: its range ends short of the data's tails (D* = 1 there); a leaky-ReLU G
 *   (32-32, piecewise linear) stretches its ends: TV_h 0.14–0.16 (with Adam β₁ = 0.5, Radford et al. 2016).
 * - with one discriminator step per generator step D lags and hovers near ½; kD = 3 (Algorithm 1's k) lets D track
 *   D*, which G then follows: TV_h 0.07–0.09 from step 1,000.
 *   Tried on the way, all worse at 2,000–2,500 steps (TV_h): before standardizing, batch 1,024, R1 with γ = 1 or 0.1,
 *   instance noise σ = 0.1, batch norm in G (0.2–0.47); after, η = [5·10⁻⁴, 4·10⁻³] (0.09–0.14), a cosine decay of
 *   η (0.14), and on two modes η_G = 2·10⁻³ (0.17–0.27), kD = 2 (0.14–0.15), a 64-64 generator (0.13–0.28).
 * With these defaults, (d) (both tests, read every 100 steps) comes at step 700, 600, 600 for seeds 0, 1, 2 with the
 * saturating loss and 800 for seed 0 with the non-saturating one (N(2, ½²)). Two modes ½N(−1, ½²) + ½N(2, ½²) take
 * longer: step 2,200 for seed 0 with the saturating loss; with the non-saturating loss and for seeds 1 and 2, TV_h
 * hovers at 0.11–0.18 up to step 2,500–3,000 (kD = 5 too) with D inside its tolerance: the generator, a continuous
 * map of a connected latent interval, must keep a bridge of mass between the modes (measured: p_g ≈ 0.076 across the
 * gap where p_data ≈ 0.02) and its ends fall short of the outer tails.
 */
import { normalInterval } from '../src/divergence/normal.ts';
import type { GanConfigInput } from './config.ts';
import type { Modes } from './data.ts';

/** Thresholds of the (d) detector: the mean |D − ½| under (p_data + p_g)/2, and the total variation TV_h. */
export const EQUILIBRIUM = { halfTolerance: 0.05, tv: 0.1 } as const;

/** The attributes of the element that choose the run. */
export interface OneDSettings {
  means: readonly number[];
  stds: readonly number[];
  loss: 'gan' | 'nsgan';
  /** η for both players, or [η_G, η_D]; absent: the default. */
  lr?: number | readonly number[];
  seed: number;
}

/** The default learning rates [η_G, η_D]. */
export const ONE_D_LR: readonly [number, number] = [1e-3, 4e-3];

/**
 * The affine map between the data's units x and the networks' units u = (x − centre)/scale: the mixture's mean and
 * standard deviation (equal weights), centre = (1/K)Σμₖ, scale² = (1/K)Σ(σₖ² + μₖ²) − centre².
 */
export interface Standardization {
  centre: number;
  scale: number;
}

export function standardization(means: readonly number[], stds: readonly number[]): Standardization {
  const K = means.length;
  const sd = (k: number) => stds[Math.min(k, stds.length - 1)];
  const centre = means.reduce((a, m) => a + m, 0) / K;
  const second = means.reduce((a, m, k) => a + sd(k) ** 2 + m * m, 0) / K;
  return { centre, scale: Math.sqrt(Math.max(second - centre * centre, Number.MIN_VALUE)) };
}

/** A configuration of the engine whose data set is a 1-D mixture (in the networks' units). */
export type OneDConfig = GanConfigInput & { dataset: { name: 'mixture1d'; means: number[]; stds: number[] } };

/** The engine configuration of the element: the data set standardized (see the file's comment), the rest its defaults. */
export function oneDConfig(s: OneDSettings): OneDConfig {
  const { centre, scale } = standardization(s.means, s.stds);
  const sd = (k: number) => s.stds[Math.min(k, s.stds.length - 1)];
  const lr = s.lr === undefined ? [...ONE_D_LR] : typeof s.lr === 'number' ? s.lr : [...s.lr];
  return {
    dataset: { name: 'mixture1d', means: s.means.map((m) => (m - centre) / scale), stds: s.means.map((_, k) => sd(k) / scale) },
    loss: s.loss,
    optimizer: 'adam',
    options: { beta1: 0.5 },
    lr: lr as number | number[],
    kd: 3,
    seed: s.seed,
    batch: 256,
    latent: { prior: 'uniform', dim: 1 },
    generator: { hidden: [32, 32], activation: 'leaky-relu' },
    discriminator: { hidden: [32, 32], activation: 'leaky-relu' },
  };
}

/** Points of the curves (cells of the picture). */
export const CURVE_POINTS = 161;
/** Arrows z ↦ G(z) drawn. */
export const ARROWS = 31;
/** Latent grid points the push-forward is integrated on: ARROWS − 1 intervals of 32, so every 32nd is an arrow. */
export const LATENT_POINTS = 32 * (ARROWS - 1) + 1;

/** The picture's window: every mode's ±3.5σ, and at least [−1.5, 1.5] (the latent line's span). */
export function oneDWindow(means: readonly number[], stds: readonly number[]): [number, number] {
  const sd = (k: number) => stds[Math.min(k, stds.length - 1)];
  const lo = Math.min(-1.5, ...means.map((m, k) => m - 3.5 * sd(k)));
  const hi = Math.max(1.5, ...means.map((m, k) => m + 3.5 * sd(k)));
  return [lo, hi];
}

/** The session's view sizes for the picture (gan/session.ts SessionViewOptions). */
export function oneDViews(window: readonly [number, number]) {
  return { fake: 256, real: 16, heat: CURVE_POINTS, latentSide: LATENT_POINTS, domain: { x: [window[0], window[1]] as [number, number] } };
}

/** n points from lo to hi, both included. */
export function linspace(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, k) => lo + ((hi - lo) * k) / (n - 1));
}

/**
 * Cell masses of a distribution on the cells of `xs` (equally spaced, cell k = [x_k − h/2, x_k + h/2]): `cells[k]`,
 * and `below`, `above` the masses of the half-lines outside. They add up to 1.
 */
export interface CellMasses {
  cells: Float64Array;
  below: number;
  above: number;
}

/** The mixture Σ wⱼ N(μⱼ, σⱼ²) on the cells of `xs`, exactly (normal CDFs). */
export function mixtureMasses(modes: Modes, xs: readonly number[]): CellMasses {
  const h = xs[1] - xs[0];
  const edges = [...xs.map((x) => x - h / 2), xs[xs.length - 1] + h / 2];
  const mass = (a: number, b: number) => modes.centers.reduce((s, c, j) => s + modes.weights[j] * normalInterval((a - c[0]) / modes.stds[j], (b - c[0]) / modes.stds[j]), 0);
  const cells = new Float64Array(xs.length);
  for (let k = 0; k < xs.length; k++) cells[k] = mass(edges[k], edges[k + 1]);
  return { cells, below: mass(-Infinity, edges[0]), above: mass(edges[edges.length - 1], Infinity) };
}

/**
 * The push-forward of U[−1, 1] through G, G known on the regular latent grid (`gz[i]` = G(z_i), z from −1 to 1) and
 * linear between grid points (see the file's comment), on the cells of `xs`. A non-finite G(z_i) loses its two
 * intervals' mass (the result then sums to less than 1: the caller reports divergence).
 */
export function pushforwardMasses(gz: ArrayLike<number>, xs: readonly number[]): CellMasses {
  const n = gz.length;
  if (n < 2) throw new RangeError(`the push-forward needs G on at least 2 latent points, got ${n}`);
  const N = xs.length;
  const h = xs[1] - xs[0];
  const start = xs[0] - h / 2;
  const end = xs[N - 1] + h / 2;
  const cells = new Float64Array(N);
  let below = 0;
  let above = 0;
  const w = 1 / (n - 1);
  /** Puts mass m, spread uniformly over [u, v] (u < v), into the cells. */
  const spread = (u: number, v: number, m: number) => {
    const density = m / (v - u);
    if (u < start) below += density * (Math.min(v, start) - u);
    if (v > end) above += density * (v - Math.max(u, end));
    const a = Math.max(u, start);
    const b = Math.min(v, end);
    if (!(a < b)) return;
    const first = Math.min(N - 1, Math.floor((a - start) / h));
    const last = Math.min(N - 1, Math.floor((b - start) / h));
    for (let k = first; k <= last; k++) {
      const lo = start + k * h;
      const overlap = Math.min(b, lo + h) - Math.max(a, lo);
      if (overlap > 0) cells[k] += density * overlap;
    }
  };
  /** Puts mass m at the point x. */
  const atPoint = (x: number, m: number) => {
    if (x < start) below += m;
    else if (x >= end) above += m;
    else cells[Math.min(N - 1, Math.floor((x - start) / h))] += m;
  };
  for (let i = 0; i + 1 < n; i++) {
    const [p, q] = [gz[i], gz[i + 1]];
    if (!Number.isFinite(p) || !Number.isFinite(q)) continue;
    // A piece too flat for its density to be a finite number is a point mass.
    if (Number.isFinite(w / Math.abs(q - p))) spread(Math.min(p, q), Math.max(p, q), w);
    else atPoint(p, w);
  }
  return { cells, below, above };
}

/** ½ Σ |P − Q| over the cells and the two half-lines. */
export function cellTotalVariation(p: CellMasses, q: CellMasses): number {
  let s = Math.abs(p.below - q.below) + Math.abs(p.above - q.above);
  for (let k = 0; k < p.cells.length; k++) s += Math.abs(p.cells[k] - q.cells[k]);
  return s / 2;
}

/** What the picture draws and the detector reads. */
export interface OneDPicture {
  xs: number[];
  /** p_data at the points (exact density). */
  pData: number[];
  /** p_g averaged over each cell (cell mass / h). */
  pG: number[];
  /** D at the points (σ of the discriminator's logit). */
  d: number[];
  /** D* = p_data/(p_data + p_g) on each cell (cell masses), NaN where both vanish. */
  dStar: number[];
  /** TV_h(p_g, p_data) of the file's comment. */
  tv: number;
  /** E_m |D − ½| over the cells, m = (p_data + p_g)/2 (NaN when D is not finite). */
  offHalf: number;
  /** Is (d) reached: offHalf < 0.05 and tv < 0.1? */
  equilibrium: boolean;
}

const normalDensity = (x: number, m: number, s: number) => Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));

/**
 * The picture from one view frame: D on the window's points (`heat`, σ(logit) for the logistic losses), G on the
 * latent grid (`manifold`), the data's modes, and the window.
 */
export function oneDPicture(frame: { heat: ArrayLike<number>; manifold: ArrayLike<number> }, modes: Modes, window: readonly [number, number]): OneDPicture {
  const xs = linspace(window[0], window[1], frame.heat.length);
  const h = xs[1] - xs[0];
  const data = mixtureMasses(modes, xs);
  const gen = pushforwardMasses(frame.manifold, xs);
  const pData = xs.map((x) => modes.centers.reduce((s, c, j) => s + modes.weights[j] * normalDensity(x, c[0], modes.stds[j]), 0));
  const pG = Array.from(gen.cells, (m) => m / h);
  const dStar = xs.map((_, k) => (data.cells[k] + gen.cells[k] > 0 ? data.cells[k] / (data.cells[k] + gen.cells[k]) : NaN));
  const d = Array.from(frame.heat);
  let offHalf = 0;
  for (let k = 0; k < xs.length; k++) offHalf += ((data.cells[k] + gen.cells[k]) / 2) * Math.abs(d[k] - 0.5);
  const tv = cellTotalVariation(gen, data);
  return { xs, pData, pG, d, dStar, tv, offHalf, equilibrium: offHalf < EQUILIBRIUM.halfTolerance && tv < EQUILIBRIUM.tv };
}
