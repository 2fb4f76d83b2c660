/**
 * fast-check generators of 1-D distributions for the divergence tests. Locations come partly from a small set of
 * round numbers so that atoms coincide and supports touch or nest often (the cases where exact answers matter).
 */
import fc from 'fast-check';
import { mixture, normal, point, uniform, type Distribution } from '../../../src/divergence/distribution.ts';

const round = fc.constantFrom(-2, -1, 0, 0.5, 1, 2);
export const location = fc.oneof(fc.double({ min: -4, max: 4, noNaN: true }), round);
export const scale = fc.oneof(fc.double({ min: 0.2, max: 3, noNaN: true }), fc.constantFrom(0.5, 1, 2));

export const normalArb = fc.tuple(location, scale).map(([m, s]) => normal(m, s));
export const uniformArb = fc.tuple(location, scale).map(([a, w]) => uniform(a, a + w));
export const pointArb = location.map((c) => point(c));
export const componentArb = fc.oneof(normalArb, uniformArb, pointArb);

/** A mixture of 2 or 3 components with weights ≥ 0.05. */
export const mixtureArb = fc
  .array(fc.tuple(fc.double({ min: 0.05, max: 1, noNaN: true }), componentArb), { minLength: 2, maxLength: 3 })
  .map((parts) => {
    const total = parts.reduce((s, [w]) => s + w, 0);
    return mixture(parts.map(([w, d]) => [w / total, d] as [number, Distribution]));
  });

export const distributionArb: fc.Arbitrary<Distribution> = fc.oneof(componentArb, componentArb, mixtureArb);

/** Distributions without atoms (for statements about densities). */
export const continuousArb: fc.Arbitrary<Distribution> = fc.oneof(
  normalArb,
  uniformArb,
  fc
    .array(fc.tuple(fc.double({ min: 0.05, max: 1, noNaN: true }), fc.oneof(normalArb, uniformArb)), { minLength: 2, maxLength: 3 })
    .map((parts) => {
      const total = parts.reduce((s, [w]) => s + w, 0);
      return mixture(parts.map(([w, d]) => [w / total, d] as [number, Distribution]));
    }),
);

/** Wide ranges: tiny and huge scales, far-apart locations (for "never NaN"). */
const wideLocation = fc.oneof(fc.double({ min: -1e5, max: 1e5, noNaN: true }), location);
const wideScale = fc.oneof(fc.double({ min: 1e-5, max: 1e4, noNaN: true }), scale);
const wideComponent = fc.oneof(
  fc.tuple(wideLocation, wideScale).map(([m, s]) => normal(m, s)),
  fc.tuple(wideLocation, wideScale).map(([a, w]) => uniform(a, a + w)),
  wideLocation.map((c) => point(c)),
);
export const wideDistributionArb: fc.Arbitrary<Distribution> = fc.oneof(
  wideComponent,
  fc.array(fc.tuple(fc.double({ min: 0.01, max: 1, noNaN: true }), wideComponent), { minLength: 2, maxLength: 3 }).map((parts) => {
    const total = parts.reduce((s, [w]) => s + w, 0);
    return mixture(parts.map(([w, d]) => [w / total, d] as [number, Distribution]));
  }),
);

/** |a − b| ≤ tol·max(1, |a|, |b|), with equal infinities equal. */
export const near = (a: number, b: number, tol: number) => a === b || Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
