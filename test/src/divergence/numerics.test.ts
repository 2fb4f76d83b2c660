/**
 * The numerical ground the divergences stand on: the standard normal to full precision in both tails, and the
 * adaptive Gauss–Kronrod quadrature (exact for polynomials up to degree 22 on a panel, to tolerance on smooth and
 * singular integrands, and exact at kinks it is told about).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normal } from '../../../src/divergence/distribution.ts';
import { integrate, kronrod15 } from '../../../src/divergence/integrate.ts';
import { breakpoints } from '../../../src/divergence/support.ts';
import { erf, erfc, normalCdf, normalQuantile, normalSurvival, normalUpperQuantile } from '../../../src/divergence/normal.ts';
import { near } from './arbitraries.ts';

describe('the standard normal', () => {
  it('erf matches reference values (CPython’s math.erf) to 1e-15 on each of Cody’s three intervals', () => {
    const table: [number, number][] = [
      [-5.5, -0.9999999999999927],
      [-3.2, -0.9999939742388483],
      [-2, -0.9953222650189527],
      [-1.3, -0.9340079449406524],
      [-0.75, -0.7111556336535151],
      [-0.46875, -0.49261347321793797],
      [-0.3, -0.3286267594591274],
      [-0.01, -0.011283415555849616],
      [1e-9, 1.1283791670955127e-9],
      [0.1, 0.1124629160182849],
      [0.2, 0.22270258921047847],
      [0.46875, 0.49261347321793797],
      [0.5, 0.5204998778130465],
      [0.9, 0.7969082124228322],
      [1.5, 0.9661051464753108],
      [2.5, 0.999593047982555],
      [3.9, 0.9999999652077514],
      [4.1, 0.9999999932999724],
      [5.7, 0.9999999999999992],
    ];
    for (const [x, v] of table) expect(near(erf(x), v, 1e-15)).toBe(true);
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        expect(erf(-x) + erf(x)).toBe(0);
      }),
    );
  });

  it('erfc keeps its relative precision far into the tail (reference values to 16 digits)', () => {
    const table: [number, number][] = [
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028513],
      [2, 0.004677734981047265],
      [5, 1.5374597944280351e-12],
      [10, 2.088487583762545e-45],
      [20, 5.3958656116079005e-176],
      [26, 5.663192408856143e-296],
      [-1, 1.842700792949715],
    ];
    for (const [x, v] of table) expect(near(erfc(x), v, 2e-15)).toBe(true);
  });

  it('Φ(z) + Φ̄(z) = 1, Φ̄(z) = Φ(−z) and both are monotone', () => {
    fc.assert(
      fc.property(fc.double({ min: -40, max: 40, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (z, dz) => {
        expect(Math.abs(normalCdf(z) + normalSurvival(z) - 1)).toBeLessThanOrEqual(2e-16);
        expect(normalSurvival(z)).toBe(normalCdf(-z));
        expect(normalCdf(z + dz)).toBeGreaterThanOrEqual(normalCdf(z));
      }),
      { numRuns: 500 },
    );
  });

  it('Φ⁻¹(Φ(z)) = z for z ≤ 3 and Φ̄⁻¹(Φ̄(z)) = z for z ≥ −3, to 1e-14 relative, down to probabilities of 1e-300', () => {
    fc.assert(
      fc.property(fc.double({ min: -37, max: 3, noNaN: true }), (z) => {
        expect(near(normalQuantile(normalCdf(z)), z, 1e-14)).toBe(true);
        expect(near(normalUpperQuantile(normalSurvival(-z)), -z, 1e-14)).toBe(true);
      }),
      { numRuns: 500 },
    );
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(0.5)).toBe(0);
  });
});

describe('adaptive Gauss–Kronrod quadrature', () => {
  it('one 15-point Kronrod panel integrates every polynomial of degree ≤ 22 exactly (to rounding)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 23, maxLength: 23 }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: 0.1, max: 2, noNaN: true }),
        (c, a, w) => {
          const b = a + w;
          const f = (x: number) => c.reduce((s, ck, k) => s + ck * x ** k, 0);
          const exact = c.reduce((s, ck, k) => s + (ck * (b ** (k + 1) - a ** (k + 1))) / (k + 1), 0);
          const scale = c.reduce((s, ck, k) => s + (Math.abs(ck) * Math.max(Math.abs(a), Math.abs(b)) ** (k + 1)) / (k + 1), 1);
          expect(Math.abs(kronrod15(f, a, b).value - exact)).toBeLessThan(1e-13 * scale);
        },
      ),
    );
  });

  it('reaches its tolerance on smooth, peaked and endpoint-singular integrands', () => {
    expect(integrate((x) => Math.exp(-x * x / 2), [-40, 0, 40]).value).toBeCloseTo(Math.sqrt(2 * Math.PI), 13);
    expect(integrate((x) => Math.log(x), [0, 1]).value).toBeCloseTo(-1, 10);
    expect(integrate((x) => 1 / Math.sqrt(x), [0, 1]).value).toBeCloseTo(2, 7);
    fc.assert(
      fc.property(fc.double({ min: 1e-4, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), (s, m) => {
        // A narrow bump, with the breakpoints a normal N(m, s²) gives the integrator (m + ks, |k| ≤ 40).
        const r = integrate((x) => Math.exp(-0.5 * ((x - m) / s) ** 2), breakpoints(normal(m, s)));
        expect(near(r.value, s * Math.sqrt(2 * Math.PI), 1e-10)).toBe(true);
      }),
    );
  });

  it('with `signed`, a kink anywhere (even between the last node and a panel’s end) costs no accuracy: ∫|x − c| is exact', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), (c) => {
        const exact = (c * c + (1 - c) * (1 - c)) / 2;
        const r = integrate((x) => Math.abs(x - c), [0, 1], { signed: (x) => x - c });
        expect(Math.abs(r.value - exact)).toBeLessThan(1e-15);
      }),
    );
  });
});
