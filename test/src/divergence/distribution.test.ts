/**
 * 1-D distributions: their text form reads back what it writes and names the character of every error; the density
 * integrates to the cdf; the quantile function is the generalized inverse of the cdf, atoms and gaps included;
 * seeded draws are reproducible and have the right law.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { atoms, cdf, mean, pdf, survival, variance } from '../../../src/divergence/density.ts';
import { formatDistribution, mixture, normal, point, uniform } from '../../../src/divergence/distribution.ts';
import { drawSamples, quantileSamples } from '../../../src/divergence/draw.ts';
import { integrate } from '../../../src/divergence/integrate.ts';
import { parseDistribution } from '../../../src/divergence/parse.ts';
import { quantile, upperQuantile } from '../../../src/divergence/quantile.ts';
import { breakpoints } from '../../../src/divergence/support.ts';
import { distributionArb, near } from './arbitraries.ts';

describe('the text form', () => {
  it('parse(format(P)) is P, for every distribution', () => {
    fc.assert(
      fc.property(distributionArb, (d) => {
        expect(parseDistribution(formatDistribution(d))).toEqual(d);
      }),
    );
  });

  it('reads the forms of the lecture, with spaces and nesting', () => {
    expect(parseDistribution('normal(0,1)')).toEqual(normal(0, 1));
    expect(parseDistribution(' uniform( -1 , 2 ) ')).toEqual(uniform(-1, 2));
    expect(parseDistribution('point(.5)')).toEqual(point(0.5));
    expect(parseDistribution('mix(0.3*normal(0,1), 0.7*point(2))')).toEqual(mixture([[0.3, normal(0, 1)], [0.7, point(2)]]));
    expect(parseDistribution('mix(0.5*mix(0.5*point(1), 0.5*point(2)), 0.5*uniform(0, 1e0))')).toEqual(
      mixture([[0.25, point(1)], [0.25, point(2)], [0.5, uniform(0, 1)]]),
    );
  });

  const bad: [string, RegExp][] = [
    ['', /^--p, char 0: expected a distribution \(normal, uniform, point, mix\), got the end$/],
    ['nrmal(0,1)', /^--p, char 0: expected a distribution .*got "nrmal"$/],
    ['normal(0)', /^--p, char 0: normal takes 2 numbers \(mean, std\), got 1$/],
    ['normal(0,x)', /^--p, char 9: expected a number/],
    ['normal(0,1', /^--p, char 10: expected "," or "\)"/],
    ['normal(0,0)', /^--p, char 0: normal: std must be a positive number, got 0 \(use point\(0\) for a point mass\)$/],
    ['normal(0,-1)', /^--p, char 0: normal: std must be a positive number/],
    ['uniform(2,1)', /^--p, char 0: uniform: needs a < b, got a = 2, b = 1$/],
    ['point(1e400)', /^--p, char 6: 1e400 is not a finite number$/],
    ['point(2e6)', /^--p, char 0: point: location = 2000000 is outside/],
    ['point(1) extra', /^--p, char 9: unexpected "extra" after the distribution$/],
    ['mix(0.3*normal(0,1), 0.6*point(2))', /^--p, char 0: mixture weights sum to 0\.9, not 1$/],
    ['mix(0.3 normal(0,1))', /^--p, char 8: expected "\*" between a weight and its distribution/],
    ['mix(-1*point(0), 2*point(1))', /^--p, char 4: a mixture weight must be positive, got -1$/],
    ['mix(0.5*point(0), 0.5*normal(0,0))', /^--p, char 22: normal: std must be a positive number/],
    ['mix()', /^--p, char 4: expected a weight/],
  ];

  it.each(bad)('%j is an InputError that names the character', (text, message) => {
    let error: unknown;
    try {
      parseDistribution(text, '--p');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
  });

  it('any string either parses or is an InputError, never another exception', () => {
    const alphabet = fc.constantFrom(...'normalunifmpxi(),*.0123456789e+- '.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(alphabet, { maxLength: 40 }).map((cs) => cs.join(''))), (text) => {
        try {
          parseDistribution(text);
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('density, cdf and quantile', () => {
  it('F(x) = ∫_{−∞}^x p + the atoms ≤ x, and S(x) = 1 − F(x)', () => {
    fc.assert(
      fc.property(distributionArb, fc.double({ min: -6, max: 8, noNaN: true }), (d, x) => {
        const br = breakpoints(d);
        const below = [...br.filter((b) => b < x), x];
        const dense = below.length > 1 ? integrate((t) => pdf(d, t), below).value : 0;
        const atomic = atoms(d)
          .filter((a) => a.at <= x)
          .reduce((s, a) => s + a.mass, 0);
        expect(Math.abs(cdf(d, x) - (dense + atomic))).toBeLessThan(1e-10);
        expect(Math.abs(cdf(d, x) + survival(d, x) - 1)).toBeLessThan(1e-15);
      }),
      { numRuns: 200 },
    );
  });

  it('F⁻¹ is the generalized inverse: F(F⁻¹(u)) ≥ u > F(x) for every x < F⁻¹(u), on atoms, gaps and far tails', () => {
    fc.assert(
      fc.property(distributionArb, fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (d, u) => {
        for (const x of [quantile(d, u), upperQuantile(d, 1 - u)]) {
          expect(cdf(d, x)).toBeGreaterThanOrEqual(u - 1e-13);
          const left = x - 1e-9 * (1 + Math.abs(x));
          expect(cdf(d, left)).toBeLessThanOrEqual(u + 1e-13);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('an atom c is the quantile for every u in (F(c−), F(c)]; a gap is jumped over', () => {
    const d = mixture([[0.25, uniform(0, 1)], [0.5, point(2)], [0.25, uniform(3, 4)]]);
    for (const u of [0.2500001, 0.4, 0.75]) expect(quantile(d, u)).toBe(2);
    expect(quantile(d, 0.125)).toBeCloseTo(0.5, 14);
    expect(quantile(d, 0.875)).toBeCloseTo(3.5, 14);
    expect(upperQuantile(d, 0.125)).toBeCloseTo(3.5, 14);
  });

  it('mean and variance are those of the parts: E = Σwᵢμᵢ, Var = Σwᵢ(σᵢ² + (μᵢ − E)²), as ∫x dF and ∫(x − E)² dF', () => {
    fc.assert(
      fc.property(distributionArb, (d) => {
        const br = breakpoints(d);
        const m = mean(d);
        const first = integrate((x) => x * pdf(d, x), br).value + atoms(d).reduce((s, a) => s + a.mass * a.at, 0);
        const second = integrate((x) => (x - m) ** 2 * pdf(d, x), br).value + atoms(d).reduce((s, a) => s + a.mass * (a.at - m) ** 2, 0);
        expect(near(first, m, 1e-10)).toBe(true);
        expect(near(second, variance(d), 1e-10)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('samples of a distribution', () => {
  it('the same seed gives the same draws, and a longer draw begins with the shorter one', () => {
    fc.assert(
      fc.property(distributionArb, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (d, seed) => {
        const a = drawSamples(d, 50, seed);
        expect(drawSamples(d, 50, seed)).toEqual(a);
        expect(drawSamples(d, 80, seed).slice(0, 50)).toEqual(a);
      }),
      { numRuns: 50 },
    );
  });

  it('draws have the law: the Kolmogorov–Smirnov distance of 20,000 draws is below 1.95/√n (the 0.1% level), for fixed seeds', () => {
    const laws = [normal(0, 1), uniform(-1, 2), mixture([[0.3, normal(-2, 0.5)], [0.5, uniform(0, 1)], [0.2, normal(3, 1)]])];
    const n = 20000;
    for (const d of laws) {
      for (const seed of [1, 2, 3]) {
        const xs = drawSamples(d, n, seed).sort();
        let ks = 0;
        xs.forEach((x, i) => (ks = Math.max(ks, Math.abs(cdf(d, x) - (i + 1) / n), Math.abs(cdf(d, x) - i / n))));
        expect(ks).toBeLessThan(1.95 / Math.sqrt(n));
      }
    }
  });

  it('quantile samples are sorted and their empirical cdf is within 1/n of F everywhere', () => {
    fc.assert(
      fc.property(distributionArb, fc.integer({ min: 1, max: 200 }), (d, n) => {
        const xs = quantileSamples(d, n);
        xs.forEach((x, i) => {
          if (i) expect(x).toBeGreaterThanOrEqual(xs[i - 1]);
          expect(cdf(d, x)).toBeGreaterThanOrEqual((i + 0.5) / n - 1e-12);
        });
      }),
      { numRuns: 50 },
    );
  });
});
