/**
 * `<saddle-stability-map for="id">` without a DOM (components/stability-map-model.ts): where a followed phase plot's
 * settings sit in the map's plane, that the map does not depend on the two axis values (so a plot that only changes
 * those moves the mark and nothing else), ρ at the mark, and the attributes a pick writes back to the plot.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readAttributes } from '../../components/phase-plot-model.ts';
import { computeMap, followPlot, plotSettingsFor, readMapAttributes, rhoAt, roundWithin } from '../../components/stability-map-model.ts';
import { InputError } from '../../src/errors.ts';

const MAP = { optimizer: 'momentum', x: 'lr:0.02:1.2', y: 'beta:-0.9:0.9', resolution: '12' };
const lrs = fc.double({ min: 0.02, max: 1.2, noNaN: true });
const betas = fc.double({ min: -0.9, max: 0.9, noNaN: true });

/** A phase plot's settings as its attributes give them. */
const plot = (a: Record<string, string>) => readAttributes(a);

describe('a stability map that follows a phase plot', () => {
  it('puts the plot at its (η, β), and maps the same grid whatever they are', () => {
    const reference = JSON.stringify(followPlot(MAP, plot({ optimizers: 'eg,momentum', lr: '0.5', opts: '{"momentum":{"beta":0,"alternating":true}}' }), 'p').spec);
    fc.assert(
      fc.property(lrs, betas, (lr, beta) => {
        const { spec, point } = followPlot(MAP, plot({ optimizers: 'eg,momentum', lr: String(lr), opts: JSON.stringify({ momentum: { beta, alternating: true } }) }), 'p');
        // (β travels as JSON, which writes −0 as 0.)
        expect(point).toEqual({ optimizer: 'momentum', x: lr, y: beta + 0 });
        expect(JSON.stringify(spec)).toBe(reference);
        // The fixed settings are the plot's, less the two axes: the map is of alternating momentum on x·y.
        expect(spec.options).toEqual({ alternating: true });
        expect(spec).toMatchObject({ game: 'bilinear', optimizer: 'momentum' });
      }),
    );
  });

  it('maps what the map would map with the plot’s settings written on it', () => {
    fc.assert(
      fc.property(lrs, betas, fc.boolean(), (lr, beta, alternating) => {
        const opts = { momentum: { beta, alternating } };
        const { spec } = followPlot(MAP, plot({ game: 'bilinear', params: '{"a":0.7}', optimizers: 'momentum', lr: String(lr), opts: JSON.stringify(opts) }), 'p');
        const own = readMapAttributes({ ...MAP, game: 'bilinear', params: '{"a":0.7}', opts: JSON.stringify({ alternating }) });
        expect(spec).toEqual(own);
      }),
      { numRuns: 30 },
    );
  });

  it('takes an option the plot leaves out at its default, and a game parameter at the game’s default', () => {
    expect(followPlot(MAP, plot({ optimizers: 'momentum' }), 'p').point).toEqual({ optimizer: 'momentum', x: 0.1, y: 0.5 });
    const dirac = { optimizer: 'simgda', x: 'lr:0.02:1', y: 'gamma:0:3' };
    expect(followPlot(dirac, plot({ game: 'dirac', params: '{"loss":"gan","reg":"r1","gamma":2}', optimizers: 'simgda,eg', lr: '0.2' }), 'p').point).toEqual({ optimizer: 'simgda', x: 0.2, y: 2 });
    expect(followPlot(dirac, plot({ game: 'dirac', params: '{"loss":"gan","reg":"r1"}', optimizers: 'simgda', lr: '0.2' }), 'p').point).toEqual({ optimizer: 'simgda', x: 0.2, y: 1 });
  });

  it('says why the plot is no point of the map: a per-player η, a value outside an axis', () => {
    expect(followPlot(MAP, plot({ optimizers: 'momentum', lr: '0.1,0.2' }), 'p').point.problem).toBe('its η differs per player (0.1, 0.2), which is no point of this map');
    fc.assert(
      fc.property(fc.double({ min: 1.21, max: 10, noNaN: true }), (lr) => {
        const { point } = followPlot(MAP, plot({ optimizers: 'momentum', lr: String(lr) }), 'p');
        expect(point).toEqual({ optimizer: 'momentum', problem: `its η = ${lr} is outside this map (η from 0.02 to 1.2)` });
      }),
    );
  });

  it('is an InputError naming the attribute when the optimizer is not one the plot runs', () => {
    const bad = () => followPlot(MAP, plot({ optimizers: 'simgda,eg' }), 'race');
    expect(bad).toThrow(InputError);
    expect(bad).toThrow('optimizer: "momentum" is not one of the optimizers that the phase plot "race" runs (simgda, eg)');
    // No optimizer attribute: the plot's first one (whose options must then fit the axes).
    expect(() => followPlot({ x: 'lr:0.1:1', y: 'beta:-0.5:0.5' }, plot({ optimizers: 'eg' }), 'p')).toThrow(/^y: "beta" is neither an option of eg/);
  });

  it('gives at a cell centre the ρ of that cell', async () => {
    const { spec } = followPlot({ optimizer: 'consensus', x: 'lr:0.05:1.5', y: 'gamma:0:2', resolution: '7x5' }, plot({ optimizers: 'simgda,consensus', lr: '0.3' }), 'p');
    const grid = await computeMap(spec);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 4 }), async (i, j) => {
        expect(await rhoAt(spec, grid.x[i], grid.y[j])).toBe(grid.rho[j][i]);
      }),
      { numRuns: 20 },
    );
    // ρ = √((1 − ηγ)² + η²) for consensus on x·y, anywhere in the plane.
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0.05, max: 1.5, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), async (eta, gamma) => {
        expect(await rhoAt(spec, eta, gamma)).toBeCloseTo(Math.hypot(1 - eta * gamma, eta), 10);
      }),
      { numRuns: 20 },
    );
  });

  it('writes a pick back to the plot’s attributes, so that the plot then sits in the picked cell', () => {
    const spec = followPlot(MAP, plot({ optimizers: 'momentum' }), 'p').spec;
    const width = { x: (1.2 - 0.02) / 12, y: 1.8 / 12 };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 0, max: 11 }),
        fc.constantFrom(null, '{"momentum":{"alternating":true}}', '{"momentum":{"lr":0.3},"eg":{"lr":0.1}}'),
        (i, j, opts) => {
          const attributes = { optimizers: 'eg,momentum', lr: '0.5', opts };
          const set = plotSettingsFor(spec, attributes, 'momentum', spec.x.values[i], spec.y.values[j]);
          // η goes to the shared lr unless the plot gives momentum its own; β always to opts.
          expect(set.lr === undefined).toBe(opts !== null && opts.includes('"lr"'));
          const after = { ...attributes, ...set } as Record<string, string>;
          const { point } = followPlot(MAP, plot(after), 'p');
          expect(Math.abs(point.x! - spec.x.values[i])).toBeLessThanOrEqual(width.x / 20 + 1e-12);
          expect(Math.abs(point.y! - spec.y.values[j])).toBeLessThanOrEqual(width.y / 20 + 1e-12);
          // What the plot kept: eg's options, momentum's other options.
          const runs = plot(after).optimizers;
          if (opts?.includes('"eg"')) expect(runs[0].options).toEqual({ lr: 0.5, ...JSON.parse(opts).eg });
          if (opts?.includes('alternating')) expect(runs[1].options).toMatchObject({ alternating: true });
        },
      ),
    );
  });

  it('rounds a value to the fewest significant digits within the tolerance', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-9, max: 10, noNaN: true }), (v, tol) => {
        const r = roundWithin(v, tol);
        expect(Math.abs(r - v)).toBeLessThanOrEqual(tol);
        // r is v to some precision d, and every coarser precision leaves the tolerance.
        const d = Array.from({ length: 15 }, (_, k) => k + 1).find((k) => Number(v.toPrecision(k)) === r) ?? 15;
        for (let k = 1; k < d; k++) expect(Math.abs(Number(v.toPrecision(k)) - v)).toBeGreaterThan(tol);
      }),
    );
  });
});
