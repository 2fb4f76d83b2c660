import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clipLine, findMarkers, markersOf, SHAPE } from '../../components/phase-plot-equilibria.ts';
import { bilinear, matrix, quadratic } from '../../src/games/index.ts';
import { findEquilibria } from '../../src/analysis/index.ts';

describe('equilibrium markers', () => {
  it('mark the centre of x·y, the node of a strongly monotone game, the saddle of an anti-game', async () => {
    const d = { xmin: -2, xmax: 2, ymin: -2, ymax: 2 };
    expect(await findMarkers(bilinear({}), d)).toEqual([{ x: 0, y: 0, kind: 'center', nash: false }]);
    const [node] = await findMarkers(quadratic({ a: 1, b: 0, c: 2 }), d);
    expect(node.kind).toBe('stable node');
    expect(node.nash).toBe(true);
    const [saddle] = await findMarkers(quadratic({ a: -1, b: 0, c: 1 }), d);
    expect(saddle.kind).toBe('saddle');
    expect(SHAPE[saddle.kind]).toBe('cross');
  });

  it('report a line of equilibria with its unit direction, and a plane of them as everywhere', () => {
    // f = −y²/2 (quadratic with a = 0, b = 0, c = 1): ξ = (0, y), J singular, the equilibria are the line y = 0.
    const eq = findEquilibria(quadratic({ a: 0, b: 0, c: 1 }), { box: [[-2, 2], [-2, 2]] });
    const [m] = markersOf(eq);
    expect(m.line).toBeDefined();
    expect(Math.abs(m.line![0])).toBeCloseTo(1, 12);
    expect(m.line![1]).toBeCloseTo(0, 12);
    expect(m.y).toBeCloseTo(0, 12);
    expect(markersOf(findEquilibria(matrix({ A: [[0]] }), { box: [[-1, 1], [-1, 1]] }))[0].everywhere).toBe(true);
  });

  it('clip a line to the view: both ends on the border, on the line, inside the view', () => {
    const coord = fc.double({ min: -3, max: 3, noNaN: true });
    fc.assert(
      fc.property(coord, coord, fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), (x, y, t) => {
        const d = { xmin: -1, xmax: 2, ymin: -1.5, ymax: 1 };
        const dir = [Math.cos(t), Math.sin(t)] as const;
        const seg = clipLine({ x, y }, dir, d);
        if (!seg) {
          // Missed: the nearest point of the line to the view's centre lies outside it.
          const s = (0.5 - x) * dir[0] + (-0.25 - y) * dir[1];
          const px = x + s * dir[0];
          const py = y + s * dir[1];
          expect(px >= d.xmin && px <= d.xmax && py >= d.ymin && py <= d.ymax).toBe(false);
          return;
        }
        for (const [px, py] of seg) {
          const eps = 1e-9;
          expect(px >= d.xmin - eps && px <= d.xmax + eps && py >= d.ymin - eps && py <= d.ymax + eps).toBe(true);
          const onBorder = [px - d.xmin, d.xmax - px, py - d.ymin, d.ymax - py].some((v) => Math.abs(v) < 1e-9);
          expect(onBorder).toBe(true);
          expect(Math.abs((px - x) * dir[1] - (py - y) * dir[0])).toBeLessThan(1e-9);
        }
      }),
    );
  });
});
