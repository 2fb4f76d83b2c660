import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_STEP, ParticleField } from '../../components/particles.ts';
import { bilinear, quadratic } from '../../src/games/index.ts';
import type { Domain } from '../../components/field-arrows.ts';

const domain = fc
  .record({ x: fc.double({ min: -5, max: 5, noNaN: true }), y: fc.double({ min: -5, max: 5, noNaN: true }), w: fc.double({ min: 0.1, max: 10, noNaN: true }), h: fc.double({ min: 0.1, max: 10, noNaN: true }) })
  .map(({ x, y, w, h }): Domain => ({ xmin: x, xmax: x + w, ymin: y, ymax: y + h }));
const game = fc.oneof(
  fc.double({ min: -3, max: 3, noNaN: true }).map((a) => bilinear({ a })),
  fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true })).map(([a, c]) => quadratic({ a, b: 1, c })),
);

describe('ParticleField', () => {
  it('moves every surviving particle along −ξ (Euler, at most MAX_STEP of the view) and keeps all in the view', () => {
    fc.assert(
      fc.property(game, domain, fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 30 }), (g, d, count, frames) => {
        const p = new ParticleField(g, d, { count, seed: 7 });
        const w = d.xmax - d.xmin;
        const h = d.ymax - d.ymin;
        const xi = [new Float64Array(count), new Float64Array(count)];
        for (let f = 0; f < frames; f++) {
          const x0 = p.x.slice();
          const y0 = p.y.slice();
          g.field([x0, y0], xi, count);
          p.step();
          // Checked in plain code and asserted once per frame: an expect per particle would dominate the run time.
          const bad: string[] = [];
          for (let i = 0; i < count; i++) {
            if (!(p.x[i] >= d.xmin && p.x[i] <= d.xmax && p.y[i] >= d.ymin && p.y[i] <= d.ymax)) bad.push(`${i} left the view`);
            if (p.reborn[i]) {
              if (p.px[i] !== p.x[i] || p.py[i] !== p.y[i]) bad.push(`${i} reborn with a trail`);
              continue;
            }
            if (p.px[i] !== x0[i] || p.py[i] !== y0[i]) bad.push(`${i} lost where it was`);
            // The step is k·h·(−ξ) with 0 < k ≤ 1: parallel to −ξ, no longer than h·‖ξ‖ nor than MAX_STEP of the view.
            const sx = (p.x[i] - x0[i]) / w;
            const sy = (p.y[i] - y0[i]) / h;
            const vx = (-p.h * xi[0][i]) / w;
            const vy = (-p.h * xi[1][i]) / h;
            const len = Math.hypot(sx, sy);
            const speed = Math.hypot(vx, vy);
            if (len > Math.min(MAX_STEP, speed) * (1 + 1e-9) + 1e-12) bad.push(`${i} stepped ${len} > min(${MAX_STEP}, ${speed})`);
            if (Math.abs(sx * vy - sy * vx) > 1e-9 * len * speed + 1e-15) bad.push(`${i} stepped across −ξ`);
            if (sx * vx + sy * vy < 0) bad.push(`${i} stepped against −ξ`);
          }
          expect(bad).toEqual([]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('rebirths each particle after `life` frames at the latest, at seeded places', () => {
    fc.assert(
      fc.property(domain, fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 100 }), (d, life, seed) => {
        const a = new ParticleField(bilinear({}), d, { count: 50, life, seed });
        const b = new ParticleField(bilinear({}), d, { count: 50, life, seed });
        const lastBirth = new Array<number>(50).fill(-1);
        for (let f = 0; f < 2 * life + 2; f++) {
          a.step();
          b.step();
          for (let i = 0; i < 50; i++) if (a.reborn[i]) lastBirth[i] = f;
          if (!a.x.every((v, i) => v === b.x[i]) || !a.y.every((v, i) => v === b.y[i])) expect.fail('same seed, different particles');
          if (!a.age.every((g) => g < life)) expect.fail(`a particle outlived ${life} frames`);
        }
        // Over 2·life + 2 frames every particle was reborn at least once.
        expect(lastBirth.every((f) => f >= 0)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('scales the step to the field: a typical particle moves `speed` of the view per frame', () => {
    // f = x·y on [−1, 1]²: ‖ξ‖ = ‖z‖, in view units ‖ξ‖/2; the 90th percentile over the 16×16 grid is known exactly.
    const d = { xmin: -1, xmax: 1, ymin: -1, ymax: 1 };
    const p = new ParticleField(bilinear({}), d, { count: 1, speed: 0.01 });
    const speeds: number[] = [];
    for (let r = 0; r < 16; r++) for (let c = 0; c < 16; c++) speeds.push(Math.hypot(-1 + (c + 0.5) / 8, -1 + (r + 0.5) / 8) / 2);
    speeds.sort((a, b) => a - b);
    expect(p.h).toBeCloseTo(0.01 / speeds[Math.floor(0.9 * 256)], 12);
  });

  it('refuses a bad count', () => {
    expect(() => new ParticleField(bilinear({}), { xmin: 0, xmax: 1, ymin: 0, ymax: 1 }, { count: 0 })).toThrow(RangeError);
  });
});
