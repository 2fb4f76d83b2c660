/**
 * How good a generator's samples are, on the CPU, from samples read back once (row-major Float32Arrays).
 *
 * Mode collapse on Gaussian mixtures, the protocol of VEEGAN (Srivastava et al. 2017) and PacGAN (Lin et al. 2018),
 * ../shared/REFERENCES.md: draw 2,500 samples; a sample is *high quality* when it lies within 3 standard deviations
 * of its nearest mode; a mode is *captured* when it is the nearest mode of at least one high-quality sample; the
 * *reverse KL* is KL(p̂ ‖ w) = Σₖ p̂ₖ log(p̂ₖ / wₖ) between the histogram p̂ of the samples' nearest modes (all samples)
 * and the true mode weights w (uniform for ring8 and grid25): 0 when the modes are hit in the right proportions,
 * log K when every sample falls to one of K equal modes. True samples of a 2-D mixture are high quality with
 * probability P(χ²₂ ≤ 9) = 1 − e^{−4.5} ≈ 98.89%.
 *
 * Sliced Wasserstein distance (Rabin et al. 2011; Deshpande et al. 2018): SW₂(P, Q)² = E_u W₂²(u·P, u·Q) over
 * directions u on the unit sphere, each 1-D W₂ between equal-size empirical measures computed by sorting, the
 * expectation over a fixed set of seeded directions.
 */
import type { Modes } from './data.ts';
import { Rng } from './random.ts';

/** The PacGAN protocol's sample count. */
export const MODE_SAMPLES = 2500;

export interface ModeScore {
  /** Modes captured. */
  modes: number;
  /** Fraction of samples within 3 std of their nearest mode. */
  highQuality: number;
  /** KL(histogram of nearest modes ‖ mode weights). */
  reverseKl: number;
  /** Samples per nearest mode, high quality or not. */
  histogram: number[];
}

/** Scores `samples` (n × dim, row-major) against a mixture's modes. */
export function modeScore(samples: ArrayLike<number>, dim: number, modes: Modes): ModeScore {
  const K = modes.centers.length;
  const n = Math.floor(samples.length / dim);
  const histogram = new Array<number>(K).fill(0);
  const captured = new Uint8Array(K);
  let good = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestD2 = Infinity;
    for (let k = 0; k < K; k++) {
      const c = modes.centers[k];
      let d2 = 0;
      for (let d = 0; d < dim; d++) {
        const diff = samples[i * dim + d] - c[d];
        d2 += diff * diff;
      }
      if (d2 < bestD2) {
        bestD2 = d2;
        best = k;
      }
    }
    // A NaN sample has no nearest mode: it is neither counted in the histogram nor high quality.
    if (!Number.isFinite(bestD2)) continue;
    histogram[best]++;
    const r = 3 * modes.stds[best];
    if (bestD2 <= r * r) {
      good++;
      captured[best] = 1;
    }
  }
  const total = histogram.reduce((a, b) => a + b, 0);
  let kl = 0;
  for (let k = 0; k < K; k++) {
    if (histogram[k] === 0) continue;
    const p = histogram[k] / total;
    kl += p * Math.log(p / modes.weights[k]);
  }
  return {
    modes: captured.reduce((a, b) => a + b, 0),
    highQuality: n === 0 ? 0 : good / n,
    reverseKl: total === 0 ? Infinity : Math.max(0, kl),
    histogram,
  };
}

/** `count` directions uniform on the unit sphere of ℝ^dim, from a seed; row-major. */
export function randomDirections(dim: number, count: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const out = new Float64Array(dim * count);
  for (let j = 0; j < count; j++) {
    let norm = 0;
    do {
      norm = 0;
      for (let d = 0; d < dim; d++) {
        const v = rng.normal();
        out[j * dim + d] = v;
        norm += v * v;
      }
    } while (norm === 0);
    norm = Math.sqrt(norm);
    for (let d = 0; d < dim; d++) out[j * dim + d] /= norm;
  }
  return out;
}

/**
 * SW₂ between two sample sets of the same size (n × dim each) over the given directions:
 * √(mean over directions of (1/n)Σᵢ (x₍ᵢ₎ − y₍ᵢ₎)²), x₍ᵢ₎, y₍ᵢ₎ the sorted projections.
 */
export function slicedWasserstein(x: ArrayLike<number>, y: ArrayLike<number>, dim: number, directions: ArrayLike<number>): number {
  const n = Math.floor(x.length / dim);
  if (Math.floor(y.length / dim) !== n) throw new RangeError(`slicedWasserstein: ${n} samples against ${Math.floor(y.length / dim)}`);
  const count = Math.floor(directions.length / dim);
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  let total = 0;
  for (let j = 0; j < count; j++) {
    for (let i = 0; i < n; i++) {
      let a = 0;
      let b = 0;
      for (let d = 0; d < dim; d++) {
        const u = directions[j * dim + d];
        a += u * x[i * dim + d];
        b += u * y[i * dim + d];
      }
      px[i] = a;
      py[i] = b;
    }
    px.sort();
    py.sort();
    let s = 0;
    for (let i = 0; i < n; i++) s += (px[i] - py[i]) ** 2;
    total += s / n;
  }
  return Math.sqrt(total / count);
}

/**
 * A digit counts as *captured* when at least this share of uniform, i.e. DIGIT_CAPTURE_SHARE / K of the samples
 * (1% for K = 10), is classified as that digit: a few stray samples do not count, a collapsed generator shows as
 * few digits.
 */
export const DIGIT_CAPTURE_SHARE = 0.1;

/** How a generator's digits are spread, as a digit classifier reads them. */
export interface DigitScore {
  /** Samples classified as each digit. */
  histogram: number[];
  /** H(p̂) = −Σₖ p̂ₖ log p̂ₖ in nats, of the histogram's shares; log 10 ≈ 2.303 when all digits are equally frequent. */
  entropy: number;
  /** KL(p̂ ‖ uniform) = log K − H(p̂), the reverse KL of the mixtures' protocol with the digits as modes. */
  reverseKl: number;
  /** Digits with at least {@link DIGIT_CAPTURE_SHARE} of the uniform share of the samples. */
  digits: number;
  /** Conditional generators: the fraction of samples classified as the digit they were asked for. */
  conditionalAccuracy?: number;
}

/**
 * Scores predicted digits (one per sample, 0 … classes − 1); with `requested` (the label each sample was generated
 * for) also the conditional accuracy.
 */
export function digitScore(predicted: ArrayLike<number>, requested?: ArrayLike<number>, classes = 10): DigitScore {
  const n = predicted.length;
  const histogram = new Array<number>(classes).fill(0);
  for (let i = 0; i < n; i++) histogram[predicted[i]]++;
  let entropy = 0;
  for (const c of histogram) if (c > 0) entropy -= (c / n) * Math.log(c / n);
  const digits = histogram.filter((c) => n > 0 && c / n >= DIGIT_CAPTURE_SHARE / classes).length;
  const out: DigitScore = { histogram, entropy, reverseKl: n === 0 ? Infinity : Math.max(0, Math.log(classes) - entropy), digits };
  if (requested) {
    if (requested.length !== n) throw new RangeError(`digitScore: ${n} predictions, ${requested.length} requested labels`);
    let right = 0;
    for (let i = 0; i < n; i++) if (predicted[i] === requested[i]) right++;
    out.conditionalAccuracy = n === 0 ? 0 : right / n;
  }
  return out;
}

/** An image as canvas's ImageData holds it: width × height RGBA pixels, row-major. */
export interface ImageLike {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/**
 * Tiles `count` square gray images (side × side numbers each, row-major, values in `range`) into a grid of
 * `columns` columns with `pad` pixels of background between and around them; value → gray level
 * round(255·(v − lo)/(hi − lo)), clamped, ink light on dark as MNIST is usually shown. Returns RGBA (ImageData-like:
 * `new ImageData(grid.data, grid.width, grid.height)` draws it on a canvas).
 */
export function sampleGrid(
  samples: ArrayLike<number>,
  side: number,
  options: { count?: number; columns?: number; pad?: number; range?: '[0,1]' | '[-1,1]' } = {},
): ImageLike {
  const size = side * side;
  const available = Math.floor(samples.length / size);
  const count = Math.min(options.count ?? available, available);
  const columns = Math.max(1, Math.min(options.columns ?? Math.ceil(Math.sqrt(count)), Math.max(count, 1)));
  const rows = Math.max(1, Math.ceil(count / columns));
  const pad = options.pad ?? 2;
  const [lo, hi] = options.range === '[0,1]' ? [0, 1] : [-1, 1];
  const width = columns * side + (columns + 1) * pad;
  const height = rows * side + (rows + 1) * pad;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 3; p < data.length; p += 4) data[p] = 255;
  for (let k = 0; k < count; k++) {
    const x0 = pad + (k % columns) * (side + pad);
    const y0 = pad + Math.floor(k / columns) * (side + pad);
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        const v = samples[k * size + r * side + c];
        const gray = Number.isFinite(v) ? Math.round((255 * (v - lo)) / (hi - lo)) : 0;
        const at = ((y0 + r) * width + x0 + c) * 4;
        data[at] = data[at + 1] = data[at + 2] = gray;
      }
    }
  }
  return { width, height, data };
}
