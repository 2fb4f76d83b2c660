import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamlines } from '../../components/streamlines.ts';
import { bilinear, quadratic } from '../../src/games/index.ts';
import type { Domain } from '../../components/field-arrows.ts';
import type { Game } from '../../src/game.ts';

const domain = fc
  .record({ x: fc.double({ min: -3, max: 1, noNaN: true }), y: fc.double({ min: -3, max: 1, noNaN: true }), w: fc.double({ min: 0.5, max: 6, noNaN: true }), h: fc.double({ min: 0.5, max: 6, noNaN: true }) })
  .map(({ x, y, w, h }): Domain => ({ xmin: x, xmax: x + w, ymin: y, ymax: y + h }));
const game = fc.oneof(
  fc.constantFrom(-1, 0.5, 2).map((a) => bilinear({ a })),
  fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })).map(([a, c]) => quadratic({ a, b: 1, c })),
);
const separation = fc.constantFrom(1 / 8, 1 / 12, 1 / 16);


const velocity = (g: Game, x: number, y: number) => {
  const out = [new Float64Array(1), new Float64Array(1)];
  g.field([Float64Array.of(x), Float64Array.of(y)], out, 1);
  return [-out[0][0], -out[1][0]];
};

describe('streamlines', () => {
  it('stay in the view, step by sep/4 along −ξ, and keep other streamlines at least test·sep away', () => {
    fc.assert(
      fc.property(game, domain, separation, (g, d, sep) => {
        const w = d.xmax - d.xmin;
        const h = d.ymax - d.ymin;
        const lines = streamlines(g, d, { separation: sep });
        const toView = ([x, y]: readonly [number, number]) => [(x - d.xmin) / w, (y - d.ymin) / h];
        // Checked in plain code, asserted once: an expect per point would dominate the run time.
        const bad: string[] = [];
        for (const line of lines) {
          if (line.length < 4) bad.push(`a streamline of ${line.length} points`);
          for (let k = 0; k < line.length; k++) {
            const [u, v] = toView(line[k]);
            if (!(u >= -1e-12 && u <= 1 + 1e-12 && v >= -1e-12 && v <= 1 + 1e-12)) bad.push(`(${u}, ${v}) outside the view`);
            if (k === 0) continue;
            const [u0, v0] = toView(line[k - 1]);
            // RK4 over a unit field: each chord is at most the arc length ds = sep/4…
            if (Math.hypot(u - u0, v - v0) > (sep / 4) * (1 + 1e-9)) bad.push(`a step longer than sep/4 at ${k}`);
            // …and points along −ξ at its start (within 90°).
            const [a, b] = velocity(g, ...line[k - 1]);
            if (!((u - u0) * (a / w) + (v - v0) * (b / h) > 0)) bad.push(`a step against −ξ at ${k}`);
          }
        }
        // Separation: points of different streamlines are at least test·sep = sep/2 apart, in view units.
        const pts = lines.flatMap((l, i) => l.map((p) => [...toView(p), i] as const));
        for (let i = 0; i < pts.length; i++) {
          for (let j = i + 1; j < pts.length; j++) {
            if (pts[i][2] !== pts[j][2] && Math.hypot(pts[i][0] - pts[j][0], pts[i][1] - pts[j][1]) < sep / 2 - 1e-12) bad.push(`lines ${pts[i][2]} and ${pts[j][2]} too close`);
          }
        }
        expect(bad.slice(0, 5)).toEqual([]);
      }),
      {
        numRuns: 12,
        // A draw of a 600-run hunt: x·y with its rest point on the view's lower edge. The backward half, drawn
        // reversed, stepped against −ξ next to the rest point while the integrator checked only each step's start.
        examples: [[quadratic({ a: 0, b: 1, c: 0 }), { xmin: -0.042580402959859875, xmax: 1.4656733702771931, ymin: 0, ymax: 0.5005602681910056 }, 1 / 12]],
      },
    );
  });

  it('covers the view: no spot of it farther than 2·sep from a streamline, away from the rest point', () => {
    const d = { xmin: -2, xmax: 2, ymin: -2, ymax: 2 };
    const sep = 1 / 12;
    const lines = streamlines(bilinear({}), d, { separation: sep });
    const pts = lines.flat().map(([x, y]) => [(x + 2) / 4, (y + 2) / 4]);
    for (let u = 0.02; u < 1; u += 0.05) {
      for (let v = 0.02; v < 1; v += 0.05) {
        if (Math.hypot(u - 0.5, v - 0.5) < 2 * sep) continue;
        const nearest = pts.reduce((m, [a, b]) => Math.min(m, Math.hypot(a - u, b - v)), Infinity);
        if (nearest > 2 * sep) expect.fail(`(${u}, ${v}) is ${nearest} from every streamline`);
      }
    }
  });

  it('draws each closed orbit of f = x·y once: a circle stops when it comes round', () => {
    const lines = streamlines(bilinear({}), { xmin: -2, xmax: 2, ymin: -2, ymax: 2 }, { separation: 1 / 10 });
    for (const l of lines) {
      const radii = l.map(([x, y]) => Math.hypot(x, y));
      // A streamline of a rotation is a circle, which RK4 shrinks by its gain per step on ż = iz with step θ = ds/r:
      // |1 + iθ − θ²/2 − iθ³/6 + θ⁴/24| = √(1 − θ⁶/72 + θ⁸/576). Over the line's N steps the radii spread by at most
      // r·(1 − gainᴺ) (ds = sep/4 of the 4-wide view = 0.1).
      const rmin = Math.min(...radii);
      const rmax = Math.max(...radii);
      const theta = 0.1 / rmin;
      const gain = Math.sqrt(1 - theta ** 6 / 72 + theta ** 8 / 576);
      expect(rmax - rmin).toBeLessThanOrEqual(rmax * (1 - gain ** (l.length - 1)) * 1.05 + 1e-12);
      // Total turning at most one turn plus a step or two.
      const angle = l.slice(1).reduce((s, [x, y], k) => {
        const [px, py] = l[k];
        return s + Math.abs(Math.atan2(px * y - py * x, px * x + py * y));
      }, 0);
      expect(angle).toBeLessThan(2 * Math.PI + 0.5);
    }
  });
});
