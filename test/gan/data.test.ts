/**
 * The data sets are what REFERENCES.md says they are: ring8 has 8 distinct modes at angles 2πk/8 (not linspace's 7),
 * grid25 its 25 at {−4, −2, 0, 2, 4}², with the stated standard deviations; every sampler is seeded; bad specs are
 * InputErrors with a path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDataset, grid25, mixture1d, ring8 } from '../../gan/data.ts';
import { Rng } from '../../gan/random.ts';
import { InputError } from '../../src/errors.ts';

const nearest = (centers: readonly (readonly number[])[], p: number[]) => {
  let best = 0;
  let bd = Infinity;
  centers.forEach((c, k) => {
    const d = c.reduce((s, v, i) => s + (v - p[i]) ** 2, 0);
    if (d < bd) [bd, best] = [d, k];
  });
  return best;
};

describe('ring8 and grid25 follow the VEEGAN/PacGAN protocol', () => {
  it('ring8 has 8 distinct centers at angles 2πk/8 on the unit circle, std 0.01, equal weights', () => {
    const { modes } = ring8();
    expect(modes!.centers).toHaveLength(8);
    modes!.centers.forEach(([x, y], k) => {
      expect(Math.hypot(x, y)).toBeCloseTo(1, 12);
      expect(x).toBeCloseTo(Math.cos((2 * Math.PI * k) / 8), 12);
      expect(y).toBeCloseTo(Math.sin((2 * Math.PI * k) / 8), 12);
    });
    // No two centers coincide (linspace(0, 2π, 8) would repeat angle 0 at 2π).
    const minGap = Math.min(...modes!.centers.flatMap((a, i) => modes!.centers.slice(i + 1).map((b) => Math.hypot(a[0] - b[0], a[1] - b[1]))));
    expect(minGap).toBeCloseTo(2 * Math.sin(Math.PI / 8), 10);
    expect(modes!.stds).toEqual(new Array(8).fill(0.01));
  });

  it('grid25 has centers {−4, −2, 0, 2, 4}², std 0.05', () => {
    const { modes } = grid25();
    const key = (c: readonly number[]) => c.join(',');
    const want = [-4, -2, 0, 2, 4].flatMap((x) => [-4, -2, 0, 2, 4].map((y) => key([x, y])));
    expect(modes!.centers.map(key).sort()).toEqual(want.sort());
    expect(new Set(modes!.stds)).toEqual(new Set([0.05]));
  });

  it('samples spread over every mode in equal shares with the stated std (10,000 draws)', () => {
    for (const ds of [ring8(), grid25()]) {
      const { centers, stds } = ds.modes!;
      const n = 10_000;
      const s = ds.sample(n, new Rng(3));
      const counts = new Array(centers.length).fill(0);
      let sq = 0;
      for (let i = 0; i < n; i++) {
        const p = [s[2 * i], s[2 * i + 1]];
        const k = nearest(centers, p);
        counts[k]++;
        sq += (p[0] - centers[k][0]) ** 2 + (p[1] - centers[k][1]) ** 2;
      }
      const expected = n / centers.length;
      // Each count is binomial: within 5 standard deviations.
      for (const c of counts) expect(Math.abs(c - expected)).toBeLessThan(5 * Math.sqrt(expected));
      // E‖x − μ‖² = 2σ² for a 2-D isotropic Gaussian.
      expect(Math.sqrt(sq / n / 2) / stds[0]).toBeGreaterThan(0.97);
      expect(Math.sqrt(sq / n / 2) / stds[0]).toBeLessThan(1.03);
    }
  });
});

describe('every data set is seeded', () => {
  const specs = [
    'ring8',
    'grid25',
    'spiral',
    'two-moons',
    'line',
    'mixture1d',
    { name: 'points', points: [[0, 0], [1, 2], [3, -1]], jitter: 0.1 },
  ] as const;
  it.each(specs.map((s) => [typeof s === 'string' ? s : s.name, s]))('%s: the same seed gives the same samples, another seed others', (_, spec) => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const ds = createDataset(spec as never);
        const a = ds.sample(50, new Rng(seed));
        expect(a).toHaveLength(50 * ds.dim);
        expect(Array.from(ds.sample(50, new Rng(seed)))).toEqual(Array.from(a));
        expect(Array.from(ds.sample(50, new Rng(seed + 1)))).not.toEqual(Array.from(a));
        expect(a.every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 5 },
    );
  });

  it('user points are sampled with replacement from the given ones (no jitter: exactly those points)', () => {
    const pts = [[0.5, 1], [-2, 3]];
    const s = createDataset({ name: 'points', points: pts }).sample(200, new Rng(1));
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(`${s[2 * i]},${s[2 * i + 1]}`);
    expect([...seen].sort()).toEqual(['-2,3', '0.5,1']);
  });

  it('mixture1d draws from Σ wₖ N(μₖ, σₖ²): sample mean matches Σ wₖ μₖ', () => {
    const ds = mixture1d([-2, 1], [0.1, 0.1], [1, 3]);
    const s = ds.sample(20_000, new Rng(9));
    const mean = s.reduce((a, b) => a + b, 0) / s.length;
    expect(mean).toBeCloseTo(0.25 * -2 + 0.75 * 1, 1);
    expect(ds.dim).toBe(1);
  });
});

describe('bad data specs are InputErrors that say where', () => {
  it.each([
    [{ name: 'ring9' }, ['name'], /unknown dataset "ring9"/],
    [{ name: 'ring8', std: 0.1 }, ['std'], /unknown option "std"/],
    [{ name: 'spiral', noise: -1 }, ['noise'], /expected a number ≥ 0/],
    [{ name: 'points', points: [] }, ['points'], /non-empty list/],
    [{ name: 'points', points: [[0, 1], [2]] }, ['points', 1], /point 1 is not a pair/],
    [{ name: 'mixture1d', means: [0, 1], stds: [1, 2, 3] }, ['stds'], /expected 1 or 2 values/],
    [{ name: 'mixture1d', means: [0, 1], weights: [1, -1] }, ['weights', 1], /positive/],
  ])('%o', (spec, path, message) => {
    try {
      createDataset(spec as never);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).path).toEqual(path);
      expect((e as Error).message).toMatch(message);
    }
  });
});
