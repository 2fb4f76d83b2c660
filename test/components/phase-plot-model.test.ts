import { describe, expect, it } from 'vitest';
import { checkOptimizers, loadGame, readAttributes, runTrajectories, type PlotAttributes } from '../../components/phase-plot-model.ts';
import { InputError } from '../../src/errors.ts';
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
