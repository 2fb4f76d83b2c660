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
