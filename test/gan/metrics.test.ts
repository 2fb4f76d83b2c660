/**
 * The mode-collapse metrics reproduce the protocol's reference points: true samples capture every mode with
 * 1 − e^{−4.5} ≈ 98.9% high quality and reverse KL ≈ 0; a generator stuck on one mode scores 1 mode and KL = log K.
 * The sliced Wasserstein distance is exact on translations.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grid25, mixture1d, ring8 } from '../../gan/data.ts';
import { MODE_SAMPLES, modeScore, randomDirections, slicedWasserstein } from '../../gan/metrics.ts';
import { Rng } from '../../gan/random.ts';

const HQ_TRUE = 1 - Math.exp(-4.5);

describe('the PacGAN protocol on true samples', () => {
  it.each([['ring8', ring8()], ['grid25', grid25()]])('%s: all modes, ≈ 98.9% high quality, reverse KL ≈ 0, for any seed', (_, ds) => {
    const K = ds.modes!.centers.length;
    // The high-quality fraction of 2,500 samples is binomial: standard error √(p(1 − p)/2500) ≈ 0.0021.
    const se = Math.sqrt((HQ_TRUE * (1 - HQ_TRUE)) / MODE_SAMPLES);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const s = modeScore(ds.sample(MODE_SAMPLES, new Rng(seed)), 2, ds.modes!);
        expect(s.modes).toBe(K);
        expect(Math.abs(s.highQuality - HQ_TRUE)).toBeLessThan(4.5 * se);
        // Multinomial noise only: E KL ≈ (K − 1)/(2n).
        expect(s.reverseKl).toBeLessThan((10 * (K - 1)) / (2 * MODE_SAMPLES));
        expect(s.histogram.reduce((a, b) => a + b, 0)).toBe(MODE_SAMPLES);
      }),
      { numRuns: 8 },
    );
  });

  it('the high-quality fraction averages to 1 − e^{−4.5} over many samples (ring8, 50,000 draws)', () => {
    const ds = ring8();
    const s = modeScore(ds.sample(50_000, new Rng(11)), 2, ds.modes!);
    expect(Math.abs(s.highQuality - HQ_TRUE)).toBeLessThan(4 * Math.sqrt((HQ_TRUE * (1 - HQ_TRUE)) / 50_000));
  });

  it('in 1-D the same rule gives P(|Z| ≤ 3) ≈ 99.73%', () => {
    const ds = mixture1d();
    const s = modeScore(ds.sample(50_000, new Rng(2)), 1, ds.modes!);
    expect(s.modes).toBe(2);
    expect(Math.abs(s.highQuality - 0.9973)).toBeLessThan(0.0015);
  });
});

describe('mode collapse is scored as collapse', () => {
  it('samples on one ring mode: 1 mode, reverse KL = log 8; far away samples: 0 modes, 0% high quality', () => {
    const ds = ring8();
    const rng = new Rng(1);
    const one = new Float32Array(2 * MODE_SAMPLES).map((_, i) => (i % 2 === 0 ? 1 : 0) + 0.005 * rng.normal());
    const s = modeScore(one, 2, ds.modes!);
    expect(s.modes).toBe(1);
    expect(s.reverseKl).toBeCloseTo(Math.log(8), 12);
    const far = new Float32Array(2 * MODE_SAMPLES).fill(0);
    const f = modeScore(far, 2, ds.modes!);
    expect(f.modes).toBe(0);
    expect(f.highQuality).toBe(0);
  });

  it('half the samples on each of k modes: k modes, reverse KL = log(8/k)', () => {
    const ds = ring8();
    for (const k of [2, 4, 8]) {
      const pts = new Float32Array(2 * 800);
      for (let i = 0; i < 800; i++) {
        const c = ds.modes!.centers[i % k];
        pts[2 * i] = c[0];
        pts[2 * i + 1] = c[1];
      }
      const s = modeScore(pts, 2, ds.modes!);
      expect(s.modes).toBe(k);
      expect(s.reverseKl).toBeCloseTo(Math.log(8 / k), 12);
    }
  });
});

describe('sliced Wasserstein distance', () => {
  it('is zero between a set and itself and exact on translations: SW₂(X, X + t)² = mean over u of ⟨t, u⟩²', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), (seed, tx, ty) => {
        const x = ring8().sample(300, new Rng(seed));
        const y = x.map((v, i) => v + (i % 2 === 0 ? tx : ty));
        const dirs = randomDirections(2, 16, seed);
        expect(slicedWasserstein(x, x, 2, dirs)).toBe(0);
        let want = 0;
        for (let j = 0; j < 16; j++) want += (tx * dirs[2 * j] + ty * dirs[2 * j + 1]) ** 2;
        // y was rounded to float32 after the shift: allow that rounding.
        expect(slicedWasserstein(x, y, 2, dirs)).toBeCloseTo(Math.sqrt(want / 16), 5);
      }),
      { numRuns: 20 },
    );
  });

  it('directions are unit vectors and seeded', () => {
    const d = randomDirections(2, 10, 4);
    for (let j = 0; j < 10; j++) expect(Math.hypot(d[2 * j], d[2 * j + 1])).toBeCloseTo(1, 12);
    expect(Array.from(randomDirections(2, 10, 4))).toEqual(Array.from(d));
  });
});
