/**
 * The norm plot's model (components/norm-plot-model.ts): the distance of each iterate to the equilibrium and the rate
 * the analysis predicts for it. On linear games the prediction is the growth a long run measures; for simultaneous
 * GDA on x·y (a normal update map) it is the whole curve.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measuredRate, normRows, normSeries, predicted, siteFor, distanceTo } from '../../components/norm-plot-model.ts';
import { loadGame, readAttributes, runTrajectories, type PlotAttributes } from '../../components/phase-plot-model.ts';
import { updateMap } from '../../src/analysis/index.ts';
import { createOptimizer } from '../../src/optim/index.ts';

/** The norm plot of a phase plot with these attributes. */
async function plotOf(a: PlotAttributes) {
  const spec = readAttributes(a);
  const game = await loadGame(spec);
  const trajectories = runTrajectories(game, spec);
  return { spec, game, trajectories, data: normSeries(game, spec, trajectories) };
}

const coupling = fc.oneof(fc.double({ min: 0.3, max: 3, noNaN: true }), fc.double({ min: -3, max: -0.3, noNaN: true }));
const start = fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true })).filter(([x, y]) => Math.hypot(x, y) > 0.05);

describe('normSeries', () => {
  it('simultaneous GDA on x·y: ‖z_t‖ is the prediction ‖z₀‖·√(1 + η²a²)^t at every step (its update map is normal)', async () => {
    await fc.assert(
      fc.asyncProperty(coupling, fc.double({ min: 0.01, max: 1, noNaN: true }), start, fc.integer({ min: 1, max: 400 }), async (a, lr, [x, y], steps) => {
        const { data } = await plotOf({ game: 'bilinear', params: JSON.stringify({ a }), optimizers: 'simgda', lr: String(lr), init: `${x},${y}`, steps: String(steps) });
        const [s] = data.series;
        expect(data.equilibrium).toEqual([0, 0]);
        expect(s.rho).toBeCloseTo(Math.sqrt(1 + lr * lr * a * a), 12);
        expect(s.norms[0]).toBeCloseTo(Math.hypot(x, y), 12);
        s.norms.forEach((n, t) => expect(Math.abs(n / predicted(s, t) - 1)).toBeLessThanOrEqual(1e-9 * (1 + t)));
      }),
      { numRuns: 40 },
    );
  });

  it('the rate measured over a long run equals the predicted ρ on linear games, where one eigenvalue modulus dominates', async () => {
    const optimizers = fc.constantFrom<[string, Record<string, unknown>]>(['simgda', {}], ['eg', {}], ['ogda', {}], ['momentum', { beta: -0.3 }], ['consensus', { gamma: 0.3 }], ['sga', { lambda: 0.5 }]);
    const games = fc.oneof(
      coupling.map((a) => ({ game: 'bilinear', params: { a } })),
      fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map(([a, b, c]) => ({ game: 'quadratic', params: { a, b, c } })),
    );
    await fc.assert(
      fc.asyncProperty(games, optimizers, fc.double({ min: 0.05, max: 0.45, noNaN: true }), async (g, [name, options], lr) => {
        const spec = readAttributes({ game: g.game, params: JSON.stringify(g.params), optimizers: name, opts: JSON.stringify({ [name]: { ...options, lr } }), steps: '4000', init: '0.9,-0.6', domain: '-3,3,-3,3' });
        const game = await loadGame(spec);
        const site = siteFor(game, spec);
        fc.pre(site !== undefined && site.neutral === 0);
        const map = updateMap(site!.model, createOptimizer(name, { ...options, lr }));
        const rho = map.spectralRadius;
        const next = Math.max(0, ...map.eigenvalues.map((l) => Math.hypot(l.re, l.im)).filter((m) => m < rho * (1 - 1e-9)));
        // Steps for the dominant mode to win by e¹⁶, and a run whose second half is that long (no early stop at the bound or the tolerance).
        const dominance = Math.ceil(16 / Math.log(rho / Math.max(next, 1e-300)));
        fc.pre(rho >= 0.97 && rho <= 1.003 && rho >= 1.02 * next && dominance <= 1500);
        const trajectories = runTrajectories(game, spec);
        const [s] = normSeries(game, spec, trajectories, site).series;
        fc.pre(s.norms.length >= 2 * dominance);
        expect(s.rho).toBe(rho);
        expect(Math.abs(s.measured! / rho - 1)).toBeLessThanOrEqual(1e-3);
      }),
      { numRuns: 15 },
    );
  });

  it('measures the distance to a subspace of equilibria, not to one point on it: f = (a/2)x² has the equilibria x = 0', async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0.2, max: 2, noNaN: true }), start, async (a, [x, y]) => {
        const { data } = await plotOf({ game: 'quadratic', params: JSON.stringify({ a, b: 0, c: 0 }), optimizers: 'simgda', lr: '0.1', init: `${x},${y}`, steps: '50' });
        expect(data.subspace).toBe(1);
        const [s] = data.series;
        // x_t = (1 − 0.1a)^t x₀ while y stays: the distance to {x = 0} is |x_t|, and ρ = |1 − 0.1a| with the neutral 1 set aside.
        s.norms.forEach((n, t) => expect(n).toBeCloseTo(Math.abs(Math.pow(1 - 0.1 * a, t) * x), 9));
        expect(s.rho).toBeCloseTo(Math.abs(1 - 0.1 * a), 12);
      }),
      { numRuns: 20 },
    );
  });

  it('keeps the measured curve but gives a reason instead of a rate for Adam and when the domain holds no equilibrium', async () => {
    const adam = await plotOf({ optimizers: 'adam,eg', steps: '30' });
    expect(adam.data.series[0].problem).toMatch(/Adam normalizes the gradient/);
    expect(adam.data.series[0].rho).toBeUndefined();
    expect(adam.data.series[0].norms).toHaveLength(31);
    expect(adam.data.series[1].rho).toBeCloseTo(Math.sqrt(1 - 0.01 + 1e-4), 12);
    // f = x·y + 5x: ξ = (y + 5, −x) vanishes at (0, −5), outside the domain [−2, 2]².
    const far = await plotOf({ game: 'matrix', params: '{"A":[[1]],"b":[5]}', optimizers: 'eg', steps: '20' });
    expect(far.data.equilibrium).toBeUndefined();
    expect(far.data.series[0].problem).toMatch(/no equilibrium in the domain/);
    expect(far.data.series[0].norms[0]).toBeCloseTo(Math.SQRT2, 12);
  });

  it('writes one CSV row per optimizer and step, the prediction beside the measurement', async () => {
    const { data } = await plotOf({ optimizers: 'simgda,adam', steps: '10' });
    const rows = normRows(data);
    expect(rows).toHaveLength(22);
    expect(rows[3]).toEqual({ optimizer: 'simgda', label: data.series[0].label, step: 3, norm: data.series[0].norms[3], predicted: predicted(data.series[0], 3) });
    expect(rows[14].predicted).toBe('');
  });
});

describe('measuredRate and distanceTo', () => {
  it('recovers the factor of an exact geometric sequence, and needs 8 usable points', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 1.5, noNaN: true }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.integer({ min: 16, max: 300 }), (r, c, n) => {
        const norms = Array.from({ length: n }, (_, t) => c * Math.pow(r, t));
        expect(measuredRate(norms)! / r).toBeCloseTo(1, 9);
      }),
    );
    expect(measuredRate([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14])).toBeUndefined();
  });

  it('is the plain norm without an equilibrium', () => {
    expect(distanceTo(undefined, [3, 4])).toBe(5);
  });
});
