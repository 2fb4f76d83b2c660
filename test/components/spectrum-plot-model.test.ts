/**
 * The spectrum plot's model (components/spectrum-plot-model.ts): what it draws is src/analysis's update map at the
 * equilibrium, its largest modulus is the ρ that decides convergence, and "stable" agrees with the analysis's own
 * scan of η (stableLearningRates) and with the closed forms of ../shared/REFERENCES.md on x·y.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stableLearningRates } from '../../src/analysis/index.ts';
import { InputError } from '../../src/errors.ts';
import { bilinear, dirac, quadratic } from '../../src/games/index.ts';
import { createOptimizer } from '../../src/optim/index.ts';
import { locus, logGrid, nearestSite, rateOf, readRange, spectrumAt, viewRadius, withRate } from '../../components/spectrum-plot-model.ts';

const unit = fc.double({ min: -1, max: 1, noNaN: true });
const coupling = fc.oneof(fc.double({ min: 0.3, max: 3, noNaN: true }), fc.double({ min: -3, max: -0.3, noNaN: true }));
const linearizable = fc.constantFrom<[string, Record<string, unknown>]>(
  ['simgda', {}],
  ['altgda', {}],
  ['eg', {}],
  ['ogda', {}],
  ['momentum', { beta: -0.4 }],
  ['consensus', { gamma: 0.5 }],
  ['sga', { lambda: 0.7 }],
  ['proximal', {}],
);
const games = fc.oneof(
  coupling.map((a) => bilinear({ a })),
  fc.tuple(unit, unit, unit).map(([a, b, c]) => quadratic({ a: a + 0.3, b, c: c + 0.3 })),
  fc.double({ min: 0.05, max: 2, noNaN: true }).map((gamma) => dirac({ reg: 'r1', gamma })),
);

describe('spectrumAt', () => {
  it('draws eigenvalues whose largest modulus is ρ, and calls the optimizer stable exactly where the analysis’s scan of η says it converges', () => {
    fc.assert(
      fc.property(games, linearizable, fc.double({ min: 0.02, max: 1.5, noNaN: true }), (game, [name, options], lr) => {
        const site = nearestSite(game, [0, 0])!;
        expect(site).toBeDefined();
        const s = spectrumAt(site, { name, options: { ...options, lr } }, 2);
        expect(s.problem).toBeUndefined();
        const top = Math.max(...s.eigenvalues.map((l) => Math.hypot(l.re, l.im)));
        expect(Math.abs(top - s.spectralRadius)).toBeLessThanOrEqual(1e-12 * Math.max(1, top));
        const intervals = stableLearningRates(site.model, (eta) => createOptimizer(name, { ...options, lr: eta }), { from: 1e-3, to: 1e2 });
        const inside = intervals.some(([lo, hi]) => lr > lo && lr < hi);
        // Away from an end of an interval (where rounding decides), stable and "in a stable interval" agree.
        const nearEdge = intervals.some(([lo, hi]) => Math.abs(lr - lo) <= 1e-6 * lr || Math.abs(lr - hi) <= 1e-6 * lr);
        if (!nearEdge) expect(s.stable).toBe(inside);
      }),
      { numRuns: 15 },
    );
  });

  it('extragradient on x·y: eigenvalues 1 − η²a² ± iηa, stable iff η|a| < 1', () => {
    fc.assert(
      fc.property(coupling, fc.double({ min: 0.01, max: 2, noNaN: true }), (a, lr) => {
        fc.pre(Math.abs(lr * Math.abs(a) - 1) > 1e-6);
        const s = spectrumAt(nearestSite(bilinear({ a }), [1, 1])!, { name: 'eg', options: { lr } }, 2);
        const want = [1 - lr * lr * a * a, Math.abs(lr * a)];
        expect(s.eigenvalues).toHaveLength(2);
        for (const l of s.eigenvalues) {
          expect(l.re).toBeCloseTo(want[0], 12);
          expect(Math.abs(l.im)).toBeCloseTo(want[1], 12);
        }
        expect(s.stable).toBe(lr * Math.abs(a) < 1);
      }),
      { numRuns: 100 },
    );
  });

  it('gives a reason, not an exception, for an optimizer with no linear update map (Adam, uniform averaging)', () => {
    const site = nearestSite(bilinear(), [0, 0])!;
    const adam = spectrumAt(site, { name: 'adam', options: { lr: 0.1 } }, 2);
    expect(adam.problem).toMatch(/Adam normalizes the gradient/);
    expect(adam.eigenvalues).toEqual([]);
    expect(adam.stable).toBe(false);
    expect(spectrumAt(site, { name: 'eg', options: { average: 'uniform' } }, 2).problem).toMatch(/step count/);
    expect(() => spectrumAt(site, { name: 'momentum', options: { beta: 3 } }, 2)).toThrow(InputError);
  });
});

describe('η and its sweep', () => {
  it('withRate sets player 1’s rate to η and keeps the other players’ ratios to it', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 10, noNaN: true }), fc.double({ min: 1e-3, max: 10, noNaN: true }), fc.double({ min: 1e-3, max: 10, noNaN: true }), (a, b, eta) => {
        const out = withRate({ lr: [a, b], beta: 0.2 }, eta);
        expect(out.beta).toBe(0.2);
        const [p, q] = out.lr as number[];
        expect(p).toBeCloseTo(eta, 12);
        expect(q / p).toBeCloseTo(b / a, 10);
        expect(rateOf(out)).toBeCloseTo(eta, 12);
        expect(withRate({}, eta).lr).toBe(eta);
        expect(rateOf(withRate({ lr: `${a},${b}` }, eta))).toBeCloseTo(eta, 12);
      }),
    );
    expect(rateOf({})).toBe(0.1);
  });

  it('the locus at each η of the sweep is the spectrum at that η', () => {
    fc.assert(
      fc.property(games, linearizable, fc.double({ min: 0.01, max: 0.2, noNaN: true }), fc.double({ min: 1.1, max: 20, noNaN: true }), (game, [name, options], lo, ratio) => {
        const site = nearestSite(game, [0, 0])!;
        const etas = logGrid(lo, lo * ratio, 5);
        expect(etas[0]).toBeCloseTo(lo, 14);
        expect(etas[4]).toBeCloseTo(lo * ratio, 12);
        const path = locus(site, { name, options }, 2, etas);
        etas.forEach((eta, k) => expect(path.eigenvalues[k]).toEqual(spectrumAt(site, { name, options: { ...options, lr: eta } }, 2).eigenvalues));
      }),
      { numRuns: 15 },
    );
    expect(locus(nearestSite(bilinear(), [0, 0])!, { name: 'adam', options: {} }, 2, [0.1, 0.2]).eigenvalues).toEqual([[], []]);
  });

  it('reads the slider range "min:max" and names what is wrong otherwise', () => {
    expect(readRange(undefined)).toEqual({ min: 0.01, max: 2 });
    expect(readRange(' 0.001 : 5 ')).toEqual({ min: 0.001, max: 5 });
    for (const bad of ['1', '0:1', '2:1', 'a:b', '0.1:1:2', ':1']) expect(() => readRange(bad)).toThrow(/^range: expected the slider's smallest and largest η/);
  });

  it('views a square that holds every eigenvalue with a margin, never smaller than the unit circle’s', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.double({ min: -1e4, max: 1e4, noNaN: true })), { maxLength: 6 }), (pts) => {
        const spectra = [{ name: 'x', label: 'x', lr: 0.1, eigenvalues: pts.map(([re, im]) => ({ re, im })), spectralRadius: 0, stable: false }];
        const r = viewRadius(spectra);
        expect(r).toBeGreaterThanOrEqual(1.25);
        for (const [re, im] of pts) expect(Math.hypot(re, im) * 1.1).toBeLessThanOrEqual(r * (1 + 1e-12));
      }),
    );
  });
});
