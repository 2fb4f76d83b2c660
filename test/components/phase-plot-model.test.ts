import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOptimizers, loadGame, overrideSpec, readAttributes, runTrajectories, specFromScenario, trajectoryRows, type PlotAttributes } from '../../components/phase-plot-model.ts';
import { InputError } from '../../src/errors.ts';
import type { Scenario } from '../../src/scenario/schema.ts';
import { close } from '../helpers.ts';

/** The message a bad attribute shows, or undefined when it reads fine. */
async function problem(a: PlotAttributes): Promise<string | undefined> {
  try {
    const spec = readAttributes(a);
    checkOptimizers(spec);
    await loadGame(spec);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
}

describe('readAttributes', () => {
  it('fills in the defaults', () => {
    const spec = readAttributes({});
    expect(spec.game).toBe('bilinear');
    expect(spec.optimizers.map((o) => o.name)).toEqual(['simgda', 'altgda', 'eg']);
    expect(spec.steps).toBe(200);
    expect(spec.init).toEqual([1, 1]);
    expect(spec.domain).toEqual({ xmin: -2, xmax: 2, ymin: -2, ymax: 2 });
  });

  it('merges lr with the per-optimizer opts, opts winning', () => {
    const spec = readAttributes({ optimizers: 'momentum, eg', lr: '0.1,0.2', opts: '{"momentum":{"beta":-0.5},"eg":{"lr":0.3}}' });
    expect(spec.optimizers).toEqual([
      { name: 'momentum', options: { lr: [0.1, 0.2], beta: -0.5 } },
      { name: 'eg', options: { lr: 0.3 } },
    ]);
  });

  it('names the bad attribute in one line', async () => {
    const cases: [PlotAttributes, RegExp][] = [
      [{ game: 'nope' }, /^game: unknown game "nope"/],
      [{ params: '{a:1}' }, /^params: not valid JSON/],
      [{ params: '[1]' }, /^params: expected a JSON object/],
      [{ params: '{"a":"x"}' }, /^game bilinear, param a: expected a finite number/],
      [{ optimizers: 'simgda,,eg' }, /^optimizers: expected names/],
      [{ optimizers: 'eg,eg' }, /^optimizers: "eg" is listed twice/],
      [{ optimizers: 'sgdx' }, /^optimizer: unknown optimizer "sgdx"/],
      [{ lr: 'fast' }, /^lr: expected a learning rate/],
      [{ lr: '-1' }, /^lr: expected 1 or 2 positive numbers/],
      [{ opts: '{"adam":{}}' }, /^opts: "adam" is not one of the plotted optimizers/],
      [{ optimizers: 'momentum', opts: '{"momentum":{"beta":2}}' }, /^optimizer momentum, option beta/],
      [{ steps: '2.5' }, /^steps: expected a whole number/],
      [{ init: '1' }, /^init: expected a start point/],
      [{ domain: '1,0,0,1' }, /^domain: expected xmin < xmax/],
      [{ game: 'matrix', params: '{"A":[[1,0],[0,1]]}' }, /^game: matrix has 4 coordinates \(x1, x2, y1, y2\)/],
    ];
    for (const [attrs, message] of cases) {
      const m = await problem(attrs);
      expect(m, JSON.stringify(attrs)).toMatch(message);
      expect(m).not.toContain('\n');
    }
    expect(await problem({ game: 'dirac', params: '{"reg":"r1","gamma":1}', lr: '0.2' })).toBeUndefined();
  });
});

describe('runTrajectories', () => {
  it('reproduces the closed forms on f = x·y', async () => {
    const spec = readAttributes({ lr: '0.2', steps: '100' });
    const [sim, alt, eg] = runTrajectories(await loadGame(spec), spec);
    expect(sim.points).toHaveLength(101);
    expect(sim.label).toBe('simgda (η = 0.2)');
    expect(close(sim.norm, Math.SQRT2 * 1.04 ** 50, 1e-12)).toBe(true);
    expect(close(eg.norm, Math.SQRT2 * 0.9616 ** 50, 1e-12)).toBe(true);
    const invariant = ([x, y]: readonly [number, number]) => x * x - 0.2 * x * y + y * y;
    for (const p of alt.points) expect(close(invariant(p), invariant(alt.points[0]), 1e-12)).toBe(true);
    expect([sim.status, alt.status, eg.status]).toEqual(['running', 'running', 'running']);
  });

  it('reports where each run ended', async () => {
    const spec = readAttributes({ game: 'dirac', params: '{"reg":"r1","gamma":1}', lr: '0.2', steps: '500' });
    for (const t of runTrajectories(await loadGame(spec), spec)) {
      expect(t.status).toBe('converged');
      expect(t.points).toHaveLength(t.step + 1);
      expect(t.norm).toBeLessThan(1e-6);
    }
    const blowUp = readAttributes({ optimizers: 'simgda', lr: '1.5', steps: '1000', init: '0.5,-1' });
    const [t] = runTrajectories(await loadGame(blowUp), blowUp);
    expect(t.status).toBe('diverged');
    expect(t.step).toBeLessThan(1000);
    expect(t.points[0]).toEqual([0.5, -1]);
  });
});

describe('the f attribute', () => {
  it('makes the expr game from f, keeping other params as constants', async () => {
    const spec = readAttributes({ f: 'a*x*y - x^2/2', params: '{"a":2}' });
    expect(spec.game).toBe('expr');
    expect(spec.params).toEqual({ a: 2, f: 'a*x*y - x^2/2' });
    const game = await loadGame(spec);
    const xi = [new Float64Array(1), new Float64Array(1)];
    game.field([Float64Array.of(0.5), Float64Array.of(3)], xi, 1);
    // ξ = (∂f/∂x, −∂f/∂y) = (2y − x, −2x)
    expect([xi[0][0], xi[1][0]]).toEqual([5.5, -1]);
  });

  it('says where an expression is wrong, and refuses f with another game', async () => {
    await expect(problem({ f: 'x*y + sin(x' })).resolves.toMatch(/^f, char 11: syntax error/);
    await expect(problem({ f: 'x*y + foo(x)' })).resolves.toMatch(/^f, char 6: unknown function "foo"/);
    await expect(problem({ f: 'x*y', game: 'dirac' })).resolves.toMatch(/^f: an expression needs game="expr"/);
  });
});

describe('scenarios (src)', () => {
  const scenario = (over: Partial<Scenario> = {}): Scenario => ({
    source: 'sims/test.json',
    title: 't',
    description: 'd',
    game: { name: 'bilinear', params: { a: 1 } },
    init: [1, 1],
    steps: 50,
    every: 1,
    domain: [-3, 3, -2, 2],
    runs: [
      { optimizer: 'altgda', lr: 0.1, label: 'alternating' },
      { optimizer: 'altgda', lr: 0.1, options: { average: 'uniform' } },
      { integrator: 'rk4', dt: 0.1 },
    ],
    ...over,
  });

  it('turns every run into a trajectory, the same optimizer twice and the flow included', async () => {
    const spec = specFromScenario(scenario());
    expect(spec.domain).toEqual({ xmin: -3, xmax: 3, ymin: -2, ymax: 2 });
    const ts = runTrajectories(await loadGame(spec), spec);
    expect(ts.map((t) => t.label)).toEqual(['alternating', expect.stringMatching(/^altgda/), 'rk4 (h = 0.1)']);
    // The rk4 flow of x·y keeps ‖z‖ (a rotation), to RK4's accuracy.
    for (const p of ts[2].points) expect(close(Math.hypot(...p), Math.SQRT2, 1e-5)).toBe(true);
    expect(ts.every((t) => t.points.length === 51)).toBe(true);
  });

  it('lets the attributes override the runs, the steps, the start and the domain', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: -5, max: 5, noNaN: true }).map((v) => v + 0 /* −0 → 0: the attribute text of −0 is "0" */), (steps, x) => {
        const base = specFromScenario(scenario());
        const spec = overrideSpec(base, { steps: String(steps), init: `${x},0` });
        expect(spec.steps).toBe(steps);
        expect(spec.init).toEqual([x, 0]);
        expect(spec.optimizers).toEqual(base.optimizers);
        expect(spec.integrators).toEqual(base.integrators);
        const runs = overrideSpec(base, { optimizers: 'eg' });
        expect(runs.optimizers.map((o) => o.name)).toEqual(['eg']);
        expect(runs.integrators).toEqual([]);
      }),
    );
  });

  it('refuses a grid of starts, naming the file', () => {
    expect(() => specFromScenario(scenario({ init: { grid: [3, 3] } }))).toThrow(/^sims\/test\.json: init: the phase plot runs from one start point/);
  });
});

describe('trajectoryRows', () => {
  it('has one row per iterate, in order, with the exact coordinates', async () => {
    const spec = readAttributes({ optimizers: 'simgda,eg', steps: '30' });
    const ts = runTrajectories(await loadGame(spec), spec);
    const rows = trajectoryRows(ts);
    expect(rows).toHaveLength(ts.reduce((s, t) => s + t.points.length, 0));
    let i = 0;
    for (const t of ts) {
      t.points.forEach(([x, y], k) => {
        expect(rows[i++]).toEqual({ run: t.name, label: t.label, status: t.status, k, x, y });
      });
    }
  });
});
