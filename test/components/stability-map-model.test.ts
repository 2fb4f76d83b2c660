/**
 * The stability map's model (components/stability-map-model.ts): ρ over two parameters, cell by cell from
 * src/analysis. Where it is below 1 is where the analysis's own scan of η (stableLearningRates) finds convergence and
 * where the closed forms of ../shared/REFERENCES.md put it: η|a| < 1 for extragradient on a·x·y, η|a| < 1/√3 for
 * optimistic GDA, η < 2γ/(1 + γ²) for consensus; and ρ itself is the closed form in every cell where one is known.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellCentres, cellSettings, computeMap, mapRows, readMapAttributes, stabilityContour, type MapAttributes, type StabilityGrid } from '../../components/stability-map-model.ts';
import { linearModel, stableLearningRates } from '../../src/analysis/index.ts';
import { InputError } from '../../src/errors.ts';
import { bilinear } from '../../src/games/index.ts';
import { createOptimizer } from '../../src/optim/index.ts';

const run = (a: MapAttributes, budget = 1000) => computeMap(readMapAttributes(a), { budget });
/** Every cell whose centre is not within a relative 1e-6 of the boundary: the map says stable iff `inside`. */
function expectRegion(grid: StabilityGrid, inside: (x: number, y: number) => boolean, boundary: (x: number, y: number) => number) {
  grid.rho.forEach((row, j) =>
    row.forEach((r, i) => {
      const [x, y] = [grid.x[i], grid.y[j]];
      if (Math.abs(boundary(x, y)) <= 1e-6) return;
      expect(r < 1 - 1e-9, `cell (${x}, ${y}): ρ = ${r}`).toBe(inside(x, y));
    }),
  );
}
const range = (lo: number, hi: number) =>
  fc.tuple(fc.double({ min: lo, max: hi, noNaN: true }), fc.double({ min: lo, max: hi, noNaN: true })).filter(([a, b]) => b - a > 0.05 * (hi - lo)).map(([a, b]) => [a, b] as const);

describe('the region ρ < 1 is what the analysis and the closed forms say', () => {
  it('extragradient over η × a on a·x·y: stable iff η·a < 1, and in every row exactly on the intervals stableLearningRates finds', async () => {
    await fc.assert(
      fc.asyncProperty(range(0.01, 2.5), range(0.2, 3), fc.integer({ min: 3, max: 9 }), async ([x0, x1], [y0, y1], n) => {
        const grid = await run({ optimizer: 'eg', x: `lr:${x0}:${x1}`, y: `a:${y0}:${y1}`, resolution: String(n) });
        expectRegion(grid, (eta, a) => eta * a < 1, (eta, a) => eta * a - 1);
        for (const [j, a] of grid.y.entries()) {
          const intervals = stableLearningRates(linearModel(bilinear({ a }), [0, 0]), (lr) => createOptimizer('eg', { lr }), { scale: a });
          grid.x.forEach((eta, i) => {
            if (intervals.some(([lo, hi]) => Math.abs(eta - lo) < 1e-6 * eta || Math.abs(eta - hi) < 1e-6 * eta)) return;
            expect(grid.rho[j][i] < 1 - 1e-9).toBe(intervals.some(([lo, hi]) => eta > lo && eta < hi));
          });
        }
      }),
      { numRuns: 6 },
    );
  });

  it('optimistic GDA over η × a on a·x·y: stable iff η·a < 1/√3 (a log axis for η)', async () => {
    await fc.assert(
      fc.asyncProperty(range(0.01, 1.5), range(0.3, 3), async ([x0, x1], [y0, y1]) => {
        const grid = await run({ optimizer: 'ogda', x: `lr:${x0}:${x1}:log`, y: `game.a:${y0}:${y1}`, resolution: '8x5' });
        expect(grid.x).toHaveLength(8);
        expect(grid.y).toHaveLength(5);
        expectRegion(grid, (eta, a) => eta * a < 1 / Math.sqrt(3), (eta, a) => eta * a * Math.sqrt(3) - 1);
      }),
      { numRuns: 8 },
    );
  });

  it('consensus over η × γ on x·y: ρ = √((1 − ηγ)² + η²) in every cell, so stable iff η < 2γ/(1 + γ²)', async () => {
    await fc.assert(
      fc.asyncProperty(range(0.01, 2), range(0, 3), async ([x0, x1], [y0, y1]) => {
        const grid = await run({ optimizer: 'consensus', x: `lr:${x0}:${x1}`, y: `gamma:${y0}:${y1}`, resolution: '6' });
        grid.rho.forEach((row, j) => row.forEach((r, i) => expect(r).toBeCloseTo(Math.hypot(1 - grid.x[i] * grid.y[j], grid.x[i]), 12)));
        expectRegion(grid, (eta, g) => eta < (2 * g) / (1 + g * g), (eta, g) => eta * (1 + g * g) - 2 * g);
      }),
      { numRuns: 10 },
    );
  });

  it('the Dirac-GAN with R1 over η × its weight γ under simultaneous GDA: ρ = max |1 + ημ|, μ = −γ/2 ± √(γ²/4 − ¼)', async () => {
    await fc.assert(
      fc.asyncProperty(range(0.01, 1.5), range(0.05, 3), async ([x0, x1], [y0, y1]) => {
        const grid = await run({ game: 'dirac', params: '{"reg":"r1"}', optimizer: 'simgda', x: `lr:${x0}:${x1}`, y: `gamma:${y0}:${y1}`, resolution: '5' });
        grid.rho.forEach((row, j) =>
          row.forEach((r, i) => {
            const [h, g] = [grid.x[i], grid.y[j]];
            const disc = (g * g) / 4 - 0.25;
            const mus = disc >= 0 ? [[-g / 2 + Math.sqrt(disc), 0], [-g / 2 - Math.sqrt(disc), 0]] : [[-g / 2, Math.sqrt(-disc)], [-g / 2, -Math.sqrt(-disc)]];
            const want = Math.max(...mus.map(([re, im]) => Math.hypot(1 + h * re, h * im)));
            expect(Math.abs(r - want)).toBeLessThanOrEqual(Math.abs(g - 1) < 1e-3 ? 1e-6 : 1e-10);
          }),
        );
      }),
      { numRuns: 5 },
    );
  });
});

describe('reading the attributes', () => {
  it('fills in defaults: extragradient on x·y over η × a, 48 × 48 cells; an optimizer’s own hyperparameter as y', () => {
    const spec = readMapAttributes({});
    expect([spec.game, spec.optimizer, spec.x.key, spec.x.target, spec.y.key, spec.y.target]).toEqual(['bilinear', 'eg', 'lr', 'optimizer', 'a', 'game']);
    expect(spec.x.values).toHaveLength(48);
    expect(readMapAttributes({ optimizer: 'momentum' }).y.key).toBe('beta');
    expect(readMapAttributes({ optimizer: 'consensus' }).y).toMatchObject({ key: 'gamma', target: 'optimizer' });
  });

  it('takes a bare name as the optimizer’s option first, and game.name / optimizer.name outright', () => {
    const both = readMapAttributes({ game: 'dirac', params: '{"reg":"r1"}', optimizer: 'consensus', x: 'gamma:0:1', y: 'game.gamma:0:2' });
    expect([both.x.target, both.y.target]).toEqual(['optimizer', 'game']);
    const c = cellSettings(both, 1, 2);
    expect(c.options.gamma).toBeCloseTo(both.x.values[1], 14);
    expect(c.params).toEqual({ reg: 'r1', gamma: both.y.values[2] });
    expect(readMapAttributes({ optimizer: 'eg', x: 'optimizer.lr:0.1:1', y: 'a:1:2' }).x.target).toBe('optimizer');
  });

  it('puts the cells’ centres inside the range, evenly in the value or in its logarithm', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 10, noNaN: true }), fc.double({ min: 1.01, max: 100, noNaN: true }), fc.integer({ min: 2, max: 60 }), fc.boolean(), (lo, ratio, n, log) => {
        const v = cellCentres(lo, lo * ratio, n, log);
        expect(v).toHaveLength(n);
        expect(v[0]).toBeGreaterThan(lo);
        expect(v[n - 1]).toBeLessThan(lo * ratio);
        const step = (k: number) => (log ? Math.log(v[k + 1] / v[k]) : v[k + 1] - v[k]);
        for (let k = 1; k < n - 1; k++) expect(step(k)).toBeCloseTo(step(0), 9);
      }),
    );
  });

  it('names the bad attribute in one line', async () => {
    const cases: [MapAttributes, RegExp][] = [
      [{ game: 'nope' }, /^game: unknown game "nope"/],
      [{ optimizer: 'sgdx' }, /^optimizer: unknown optimizer "sgdx"/],
      [{ params: '{a:1}' }, /^params: not valid JSON/],
      [{ opts: '[1]' }, /^opts: expected a JSON object/],
      [{ x: 'lr:0.1' }, /^x: expected "name:min:max"/],
      [{ x: 'lr:1:0.1' }, /^x: expected finite min < max/],
      [{ x: 'lr:0:1:log' }, /^x: a log axis needs min > 0/],
      [{ x: 'lr:0.1:1:lin' }, /^x: expected "name:min:max"/],
      [{ y: 'zeta:0:1' }, /^y: "zeta" is neither an option of eg .* nor a parameter of bilinear \(a\)/],
      [{ y: 'game.beta:0:1' }, /^y: game bilinear has no parameter "beta"/],
      [{ optimizer: 'unrolled', y: 'k:1:5' }, /^y: option k of unrolled is a whole number/],
      [{ x: 'lr:0.1:1', y: 'lr:0.2:2' }, /^y: is the same parameter as x/],
      [{ optimizer: 'momentum', y: 'beta:-2:2' }, /^y: the range of beta leaves what momentum allows: expected a number in \(−1, 1\)/],
      [{ resolution: '1' }, /^resolution: expected cells per side/],
      [{ resolution: '10x10x10' }, /^resolution: expected cells per side/],
      [{ near: '0,a' }, /^near: expected a point/],
      [{ optimizer: 'adam', y: 'beta1:0:0.9' }, /^optimizer: adam has no linear update map: Adam normalizes/],
      [{ game: 'dirac', optimizer: 'simgda', y: 'gamma:-1:1' }, /^y: the range of gamma leaves what dirac allows/],
    ];
    for (const [attrs, message] of cases) {
      let m: string | undefined;
      try {
        await run({ resolution: '3', ...attrs });
      } catch (e) {
        expect(e, JSON.stringify(attrs)).toBeInstanceOf(InputError);
        m = (e as Error).message;
      }
      expect(m, JSON.stringify(attrs)).toMatch(message);
      expect(m).not.toContain('\n');
    }
  });
});

describe('computing in chunks', () => {
  it('pauses between chunks, reports the cells done each time, and stops when aborted, keeping what it did', async () => {
    const spec = readMapAttributes({ optimizer: 'momentum', resolution: '6' });
    const seen: number[] = [];
    let pauses = 0;
    const full = await computeMap(spec, { budget: -1, pause: async () => void pauses++, onProgress: (g) => seen.push(g.done) });
    expect(full.done).toBe(36);
    expect(pauses).toBe(35);
    expect(seen).toEqual(Array.from({ length: 36 }, (_, k) => k + 1));
    expect(full.rho.every((row) => row.every((r) => Number.isFinite(r) && r > 0))).toBe(true);

    const stop = new AbortController();
    const part = await computeMap(spec, { budget: -1, signal: stop.signal, pause: async () => { if (pauses++ >= 35 + 9) stop.abort(); } });
    expect(part.done).toBe(10);
    expect(part.rho[0][3]).toBe(full.rho[0][3]);
    expect(Number.isNaN(part.rho[5][5])).toBe(true);
    expect(mapRows(spec, full)).toHaveLength(36);
    expect(mapRows(spec, full)[7]).toEqual({ lr: full.x[1], beta: full.y[1], rho: full.rho[1][1] });
  });

  it('leaves ρ undefined (NaN) where the game has no equilibrium in the box, and counts those cells', async () => {
    // f = x·y + b·x: the equilibrium (0, −b) leaves the search box [−3, 3]² for b > 3.
    const grid = await run({ game: 'matrix', params: '{"A":[[1]]}', optimizer: 'eg', x: 'lr:0.1:0.9', y: 'b:0:6', resolution: '4' });
    grid.rho.forEach((row, j) => row.forEach((r) => expect(Number.isNaN(r)).toBe(grid.y[j] > 3)));
    expect(grid.missing).toBe(8);
  });
});

describe('the contour ρ = 1', () => {
  it('passes where ρ, interpolated linearly between neighbouring cell centres, is 1: consensus over η × γ on x·y', async () => {
    await fc.assert(
      fc.asyncProperty(range(0.01, 2), range(0, 3), fc.integer({ min: 4, max: 16 }), async ([x0, x1], [y0, y1], n) => {
        const grid = await run({ optimizer: 'consensus', x: `lr:${x0}:${x1}`, y: `gamma:${y0}:${y1}`, resolution: String(n) });
        const rings = stabilityContour(grid);
        const crosses = grid.rho.some((row) => row.some((r) => r < 1)) && grid.rho.some((row) => row.some((r) => r >= 1));
        expect(rings.length > 0).toBe(crosses);
        const at = (i: number, j: number) => grid.rho[j][i];
        for (const ring of rings) {
          for (const [gx, gy] of ring) {
            // Vertices on the closing border (outside the centres) are not on the line.
            if (gx <= 0.5 || gx >= n - 0.5 || gy <= 0.5 || gy >= n - 0.5) continue;
            const [u, v] = [gx - 0.5, gy - 0.5];
            const value = Number.isInteger(v)
              ? at(Math.floor(u), v) + (u - Math.floor(u)) * (at(Math.floor(u) + 1, v) - at(Math.floor(u), v))
              : at(u, Math.floor(v)) + (v - Math.floor(v)) * (at(u, Math.floor(v) + 1) - at(u, Math.floor(v)));
            expect(value).toBeCloseTo(1, 9);
          }
        }
      }),
      { numRuns: 15 },
    );
  });

  it('draws nothing before two rows are done', async () => {
    const spec = readMapAttributes({ optimizer: 'consensus', resolution: '5' });
    const stop = new AbortController();
    let pauses = 0;
    const grid = await computeMap(spec, { budget: -1, signal: stop.signal, pause: async () => { if (++pauses >= 8) stop.abort(); } });
    expect(grid.done).toBe(8);
    expect(stabilityContour(grid)).toEqual([]);
  });
});
