import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrowPath, fieldArrows, headedSegment, type Domain } from '../../components/field-arrows.ts';
import { InputError } from '../../src/errors.ts';
import type { Game } from '../../src/game.ts';
import { bilinear, dirac, matrix } from '../../src/games/index.ts';
import { runs } from '../helpers.ts';

const square: Domain = { xmin: -2, xmax: 2, ymin: -2, ymax: 2 };

/** ξ at one point of a two-coordinate game. */
function xiAt(game: Game, x: number, y: number): [number, number] {
  const out = [new Float64Array(1), new Float64Array(1)];
  game.field([Float64Array.of(x), Float64Array.of(y)], out, 1);
  return [out[0][0], out[1][0]];
}

/** A game whose ξ is whatever `xi` says: for the edge cases of scaling. */
function stubGame(xi: (x: number, y: number) => [number, number]): Game {
  return {
    name: 'stub',
    description: 'a test field',
    players: [
      { name: 'x', coords: ['x'] },
      { name: 'y', coords: ['y'] },
    ],
    zeroSum: true,
    field([x, y], [gx, gy], n) {
      for (let b = 0; b < n; b++) [gx[b], gy[b]] = xi(x[b], y[b]);
    },
    jacobian: (_z, J) => J.fill(0),
    losses: (_z, out) => out.forEach((o) => o.fill(0)),
  };
}

/** Length of an arrow in cells, the unit that scaling bounds. */
const cellLength = (a: { dx: number; dy: number }, d: Domain, columns = 17, rows = 17) =>
  Math.hypot(a.dx / ((d.xmax - d.xmin) / columns), a.dy / ((d.ymax - d.ymin) / rows));

const allFinite = (arrows: ReturnType<typeof fieldArrows>) =>
  arrows.every((a) => [a.x, a.y, a.dx, a.dy, a.magnitude, a.level].every(Number.isFinite));

describe('fieldArrows', () => {
  it('puts one arrow at the centre of every grid cell', () => {
    const arrows = fieldArrows(bilinear(), square, { columns: 10, rows: 8 });
    expect(arrows).toHaveLength(80);
    const xs = [...new Set(arrows.map((a) => a.x))].sort((a, b) => a - b);
    const ys = [...new Set(arrows.map((a) => a.y))].sort((a, b) => a - b);
    expect(xs).toHaveLength(10);
    expect(ys).toHaveLength(8);
    expect(xs[0]).toBeCloseTo(-2 + 0.2, 12);
    expect(xs[9]).toBeCloseTo(2 - 0.2, 12);
    expect(ys[0]).toBeCloseTo(-2 + 0.25, 12);
    expect(fieldArrows(bilinear(), square)).toHaveLength(17 * 17);
  });

  it('points along −ξ, with the true ‖ξ‖ as magnitude', () => {
    for (const game of [bilinear({ a: 2 }), dirac({ loss: 'gan' }), dirac({ reg: 'r1', gamma: 1 })]) {
      for (const a of fieldArrows(game, { xmin: -3, xmax: 1, ymin: -0.5, ymax: 4 })) {
        const [gx, gy] = xiAt(game, a.x, a.y);
        const size = Math.hypot(gx, gy);
        expect(a.magnitude).toBeCloseTo(size, 12);
        if (size === 0) continue;
        const len = Math.hypot(a.dx, a.dy);
        // Unit vectors of the arrow and of −ξ agree.
        expect(a.dx / len).toBeCloseTo(-gx / size, 9);
        expect(a.dy / len).toBeCloseTo(-gy / size, 9);
      }
    }
  });

  it('keeps every arrow inside its cell, the longest at the fill fraction', () => {
    const d: Domain = { xmin: 0, xmax: 10, ymin: -0.1, ymax: 0.1 };
    const arrows = fieldArrows(bilinear(), d, { fill: 0.8 });
    const lengths = arrows.map((a) => cellLength(a, d));
    expect(Math.max(...lengths)).toBeCloseTo(0.8, 12);
    for (const l of lengths) expect(l).toBeLessThanOrEqual(0.8 + 1e-12);
    for (const a of arrows) {
      expect(a.level).toBeGreaterThanOrEqual(0);
      expect(a.level).toBeLessThanOrEqual(1);
    }
  });

  it('stays bounded and finite for any domain and coupling (property)', () => {
    const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(finite, finite, fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.double({ min: -1e300, max: 1e300, noNaN: true }), (x0, y0, w, h, coupling) => {
        const d: Domain = { xmin: x0, xmax: x0 + w, ymin: y0, ymax: y0 + h };
        const arrows = fieldArrows(bilinear({ a: coupling }), d, { columns: 6, rows: 5 });
        expect(arrows).toHaveLength(30);
        expect(allFinite(arrows)).toBe(true);
        for (const a of arrows) expect(cellLength(a, d, 6, 5)).toBeLessThanOrEqual(0.85 + 1e-9);
      }),
      runs,
    );
  });

  it('is finite everywhere when ξ is huge, infinite or NaN at some grid points', () => {
    const game = stubGame((x, y) => {
      if (x < 0 && y < 0) return [NaN, 1];
      if (x > 0 && y < 0) return [Infinity, -Infinity];
      if (x < 0) return [1.7e308, -1.7e308]; // ‖ξ‖ overflows a double
      return [y, -x];
    });
    const arrows = fieldArrows(game, square, { columns: 8, rows: 8 });
    expect(allFinite(arrows)).toBe(true);
    for (const a of arrows) expect(cellLength(a, square, 8, 8)).toBeLessThanOrEqual(0.85 + 1e-12);
    const broken = arrows.filter((a) => !a.finite);
    expect(broken).toHaveLength(32); // the two lower quadrants
    for (const a of broken) expect([a.dx, a.dy, a.magnitude, a.level]).toEqual([0, 0, 0, 0]);
    // The huge quadrant is drawn at full length, still pointing along −ξ; the ordinary one keeps its variation.
    const huge = arrows.filter((a) => a.x < 0 && a.y > 0);
    for (const a of huge) {
      expect(a.level).toBe(1);
      expect(a.magnitude).toBe(Number.MAX_VALUE);
      expect(a.dx).toBeLessThan(0);
      expect(a.dy).toBeGreaterThan(0);
      expect(a.dx).toBeCloseTo(-a.dy, 12);
    }
    const ordinary = arrows.filter((a) => a.x > 0 && a.y > 0).map((a) => a.level);
    expect(Math.min(...ordinary)).toBeGreaterThan(0);
    expect(Math.min(...ordinary)).toBeLessThan(Math.max(...ordinary));
  });

  it('gives zero-length arrows where ξ vanishes, and does not divide by zero when it vanishes everywhere', () => {
    const arrows = fieldArrows(stubGame(() => [0, 0]), square, { columns: 3, rows: 3 });
    expect(arrows.every((a) => a.finite && a.dx === 0 && a.dy === 0 && a.level === 0)).toBe(true);
  });

  it('rejects games that are not one coordinate per player, and bad grids', () => {
    expect(() => fieldArrows(matrix({ A: '[[1,2]]' }), square)).toThrow(InputError);
    expect(() => fieldArrows(matrix({ A: '[[1,2]]' }), square)).toThrow(/3 coordinates/);
    expect(() => fieldArrows(bilinear(), { xmin: 1, xmax: 0, ymin: 0, ymax: 1 })).toThrow(RangeError);
    expect(() => fieldArrows(bilinear(), square, { columns: 0 })).toThrow(RangeError);
    expect(() => fieldArrows(bilinear(), square, { fill: 1.5 })).toThrow(RangeError);
  });
});

/** The numbers of an SVG path made of M and L commands, as points. */
const pathPoints = (d: string) => [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);

describe('headedSegment and arrowPath: an arrow as SVG path data', () => {
  const coordinate = fc.double({ min: -500, max: 500, noNaN: true });

  it('ends at the tip with two barbs of length ≤ min(size, 0.45·length)·√1.36, mirror images across the shaft', () => {
    fc.assert(
      fc.property(coordinate, coordinate, coordinate, coordinate, fc.double({ min: 0.5, max: 20, noNaN: true }), fc.boolean(), (x0, y0, x1, y1, size, shaft) => {
        const d = headedSegment(x0, y0, x1, y1, size, shaft);
        const len = Math.hypot(x1 - x0, y1 - y0);
        if (len < 0.5) {
          expect(d).toBe('');
          return;
        }
        const p = pathPoints(d);
        expect(p).toHaveLength(shaft ? 5 : 3);
        const [b1, tip, b2] = p.slice(-3);
        // Written to 0.1 px: every coordinate within 0.05 of the exact one.
        expect(Math.abs(tip[0] - x1)).toBeLessThanOrEqual(0.0501);
        expect(Math.abs(tip[1] - y1)).toBeLessThanOrEqual(0.0501);
        if (shaft) expect(Math.hypot(p[0][0] - x0, p[0][1] - y0)).toBeLessThanOrEqual(0.0708);
        const head = Math.min(size, 0.45 * len);
        for (const b of [b1, b2]) expect(Math.abs(Math.hypot(b[0] - tip[0], b[1] - tip[1]) - head * Math.sqrt(1.36))).toBeLessThanOrEqual(0.15);
        // The barbs' midpoint lies on the shaft, `head` back from the tip.
        const [ux, uy] = [(x1 - x0) / len, (y1 - y0) / len];
        expect(Math.abs((b1[0] + b2[0]) / 2 - (x1 - head * ux))).toBeLessThanOrEqual(0.1);
        expect(Math.abs((b1[1] + b2[1]) / 2 - (y1 - head * uy))).toBeLessThanOrEqual(0.1);
      }),
      runs,
    );
  });

  it('draws a field arrow centred on its grid point, in the scales given', () => {
    const game = bilinear();
    for (const a of fieldArrows(game, square, { columns: 7, rows: 7 })) {
      const x = (v: number) => 100 + 50 * v;
      const y = (v: number) => 100 - 50 * v;
      expect(arrowPath(a, x, y)).toBe(headedSegment(x(a.x - a.dx / 2), y(a.y - a.dy / 2), x(a.x + a.dx / 2), y(a.y + a.dy / 2), 4));
      const p = pathPoints(arrowPath(a, x, y));
      if (p.length) expect(Math.abs((p[0][0] + p[1][0]) / 2 - x(a.x))).toBeLessThanOrEqual(0.1);
    }
  });
});
