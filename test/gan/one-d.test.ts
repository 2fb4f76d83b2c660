/**
 * gan/one-d.ts, the maths of `<saddle-gan-1d>`: the push-forward of U[−1, 1] through a piecewise-linear G is exact
 * (an affine G gives the uniform density on its image, masses always add up to 1), the cell total variation is a
 * distance in [0, 1], the optimal discriminator's mean distance from ½ under m = (p_data + p_g)/2 is TV/2 (the
 * identity behind the (d) detector's second threshold), the standardization has mean 0 and variance 1, and, in
 * Node on the wasm backend through the same GanSession the element drives, "play" reaches panel (d) (both criteria)
 * for one Gaussian and for two modes with the element's default configuration.
 *
 *   npx vitest run --project node test/gan/one-d.test.ts
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../gan/backend.ts';
import { mixture1d } from '../../gan/data.ts';
import {
  cellTotalVariation,
  CURVE_POINTS,
  linspace,
  mixtureMasses,
  oneDConfig,
  oneDPicture,
  oneDViews,
  oneDWindow,
  pushforwardMasses,
  standardization,
  type CellMasses,
} from '../../gan/one-d.ts';
import { GanSession } from '../../gan/session.ts';

const total = (p: CellMasses) => p.below + p.above + p.cells.reduce((a, b) => a + b, 0);
const xs = linspace(-3, 3, 61);

describe('push-forward, cell masses and total variation', () => {
  it('an affine G(z) = a + bz pushes U[−1, 1] to the uniform density 1/(2|b|) on its image', () => {
    fc.assert(
      fc.property(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: 0.05, max: 4, noNaN: true }), fc.boolean(), fc.integer({ min: 2, max: 300 }), (a, b, flip, n) => {
        const slope = flip ? -b : b;
        const gz = linspace(-1, 1, n).map((z) => a + slope * z);
        const p = pushforwardMasses(gz, xs);
        expect(total(p)).toBeCloseTo(1, 10);
        const h = xs[1] - xs[0];
        // Each cell holds the length of its overlap with [a − b, a + b], times the density 1/(2b).
        xs.forEach((x, k) => {
          const overlap = Math.max(0, Math.min(x + h / 2, a + b) - Math.max(x - h / 2, a - b));
          expect(p.cells[k]).toBeCloseTo(overlap / (2 * b), 10);
        });
        expect(p.below).toBeCloseTo(Math.max(0, Math.min(xs[0] - h / 2, a + b) - (a - b)) / (2 * b), 10);
      }),
    );
  });

  it('any finite G keeps the prior mass: folds and flat pieces included, the cells and half-lines add up to 1', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.constant(0.5)), { minLength: 2, maxLength: 200 }), (gz) => {
        const p = pushforwardMasses(gz, xs);
        expect(total(p)).toBeCloseTo(1, 9);
        for (const m of p.cells) expect(m).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('mixture masses add up to 1, and TV is a distance in [0, 1] (0 on itself, symmetric)', () => {
    const mode = fc.record({ mean: fc.double({ min: -3, max: 3, noNaN: true }), std: fc.double({ min: 0.05, max: 2, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(mode, { minLength: 1, maxLength: 3 }), fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: 2, maxLength: 100 }), (modes, gz) => {
        const data = mixtureMasses(mixture1d(modes.map((m) => m.mean), modes.map((m) => m.std)).modes!, xs);
        expect(total(data)).toBeCloseTo(1, 9);
        const gen = pushforwardMasses(gz, xs);
        const tv = cellTotalVariation(gen, data);
        expect(tv).toBeGreaterThanOrEqual(0);
        expect(tv).toBeLessThanOrEqual(1 + 1e-12);
        expect(cellTotalVariation(data, gen)).toBe(tv);
        expect(cellTotalVariation(data, data)).toBe(0);
      }),
    );
  });

  it('the optimal discriminator D* = p_data/(p_data + p_g) has E_m|D* − ½| = TV/2 on the cells (the (d) identity)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: 0.2, max: 0.8, noNaN: true }), fc.array(fc.double({ min: -2.5, max: 2.5, noNaN: true }), { minLength: 2, maxLength: 80 }), (mean, std, gz) => {
        const modes = mixture1d([mean], [std]).modes!;
        const window: [number, number] = [-3, 3];
        const gen = pushforwardMasses(gz, linspace(-3, 3, CURVE_POINTS));
        const first = oneDPicture({ heat: new Float32Array(CURVE_POINTS).fill(0.5), manifold: Float32Array.from(gz) }, modes, window);
        const heat = first.dStar.map((v) => (Number.isFinite(v) ? v : 0.5));
        const p = oneDPicture({ heat, manifold: Float32Array.from(gz) }, modes, window);
        const data = mixtureMasses(modes, p.xs);
        // TV includes the two half-lines outside the window, where D is not drawn: take them out.
        const outside = (Math.abs(gen.below - data.below) + Math.abs(gen.above - data.above)) / 2;
        expect(p.offHalf).toBeCloseTo((p.tv - outside) / 2, 9);
        // And D = ½ is 0 there, whatever the generator.
        expect(first.offHalf).toBe(0);
      }),
    );
  });

  it('the networks see the data standardized: mean 0, variance 1, and the window covers every mode ±3.5σ', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ mean: fc.double({ min: -5, max: 5, noNaN: true }), std: fc.double({ min: 0.05, max: 2, noNaN: true }) }), { minLength: 1, maxLength: 4 }), (modes) => {
        const means = modes.map((m) => m.mean);
        const stds = modes.map((m) => m.std);
        const config = oneDConfig({ means, stds, loss: 'gan', seed: 0 });
        const u = config.dataset;
        const K = means.length;
        const mean = u.means.reduce((a, b) => a + b, 0) / K;
        const variance = u.means.reduce((a, m, k) => a + u.stds[k] ** 2 + m * m, 0) / K - mean * mean;
        expect(mean).toBeCloseTo(0, 9);
        expect(variance).toBeCloseTo(1, 9);
        const { centre, scale } = standardization(means, stds);
        u.means.forEach((m, k) => expect(centre + scale * m).toBeCloseTo(means[k], 9));
        const [lo, hi] = oneDWindow(means, stds);
        means.forEach((m, k) => {
          expect(lo).toBeLessThanOrEqual(m - 3.5 * stds[k] + 1e-12);
          expect(hi).toBeGreaterThanOrEqual(m + 3.5 * stds[k] - 1e-12);
        });
      }),
    );
  });
});

/**
 * Trains the element's configuration as "play" does (generator steps, the picture read every 100) until (d) or
 * `maxSteps`; returns the first step at (d) and the picture's numbers there.
 */
async function playToD(means: number[], stds: number[], loss: 'gan' | 'nsgan', seed: number, maxSteps: number) {
  const config = oneDConfig({ means, stds, loss, seed });
  const window = oneDWindow(config.dataset.means, config.dataset.stds);
  const session = GanSession.create(config, oneDViews(window));
  try {
    for (;;) {
      const picture = oneDPicture(await session.refresh(), session.trainer.data.modes!, window);
      if (picture.equilibrium || session.step >= maxSteps || session.diverged) return { step: session.step, ...picture, diverged: session.diverged };
      session.run(100);
    }
  } finally {
    session.dispose();
  }
}

describe('play reaches (d) with the default configuration (wasm, as the element)', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('one Gaussian N(2, ½²), the saturating loss: p_g within TV 0.1 of p_data and D within 0.05 of ½', async () => {
    const r = await playToD([2], [0.5], 'gan', 0, 1500);
    expect(r.diverged).toBeUndefined();
    expect(r.equilibrium).toBe(true);
    expect(r.tv).toBeLessThan(0.1);
    expect(r.offHalf).toBeLessThan(0.05);
    expect(r.step).toBeGreaterThan(0);
  }, 60_000);

  it('two modes ½N(−1, ½²) + ½N(2, ½²): after 1,000 steps both modes hold their half of p_g and TV is below 0.2', async () => {
    // (d) itself takes longer here (2,200 steps for seed 0 with the saturating loss, measured; see gan/one-d.ts):
    // too slow for a unit test on this machine, so this checks the way there: no mode dropped, p_g near p_data.
    const r = await playToD([-1, 2], [0.5, 0.5], 'gan', 0, 1000);
    expect(r.diverged).toBeUndefined();
    expect(r.tv).toBeLessThan(0.2);
    const h = r.xs[1] - r.xs[0];
    const mid = 0.5;
    const left = r.pG.reduce((a, v, k) => a + (r.xs[k] < mid ? v * h : 0), 0);
    const right = r.pG.reduce((a, v, k) => a + (r.xs[k] >= mid ? v * h : 0), 0);
    expect(left).toBeGreaterThan(0.35);
    expect(right).toBeGreaterThan(0.35);
  }, 90_000);
});
