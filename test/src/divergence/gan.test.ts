/**
 * Goodfellow et al. 2014 on 1-D distributions: the optimal discriminator D* = p_data/(p_data + p_g), the value
 * V(G, D*) = C(G) = −log 4 + 2·JS(p_data‖p_g) ≥ −log 4 (equality iff p_g = p_data), V(G, D) ≤ C(G) for every D;
 * and the saturating versus non-saturating generator gradients.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pdf } from '../../../src/divergence/density.ts';
import { normal, point, shift, uniform } from '../../../src/divergence/distribution.ts';
import { ganValue, optimalDiscriminator, optimalDiscriminatorLogit, virtualTrainingCriterion } from '../../../src/divergence/discriminator.ts';
import {
  generatorLossCurve,
  nonSaturatingGeneratorGradient,
  nonSaturatingGeneratorLoss,
  saturatingGeneratorGradient,
  saturatingGeneratorLoss,
  sigmoid,
} from '../../../src/divergence/generator-loss.ts';
import { continuousArb, distributionArb } from './arbitraries.ts';

const LOG4 = Math.log(4);

describe('the optimal discriminator and C(G)', () => {
  it('V(G, D*) integrated equals −log 4 + 2·JS(p_data‖p_g), for all pairs, atoms and disjoint supports included', () => {
    fc.assert(
      fc.property(distributionArb, distributionArb, (pData, pG) => {
        const v = ganValue(pData, pG, optimalDiscriminatorLogit(pData, pG));
        expect(Math.abs(v - virtualTrainingCriterion(pData, pG))).toBeLessThan(1e-9);
      }),
      { numRuns: 60 },
    );
  });

  it('C(G) ≥ −log 4, with equality when p_g = p_data and strict inequality when p_g is p_data shifted', () => {
    fc.assert(
      fc.property(distributionArb, fc.double({ min: 0.05, max: 3, noNaN: true }), (p, c) => {
        expect(Math.abs(virtualTrainingCriterion(p, p) + LOG4)).toBeLessThan(1e-12);
        expect(virtualTrainingCriterion(p, shift(p, c))).toBeGreaterThan(-LOG4);
      }),
      { numRuns: 60 },
    );
    // Disjoint supports: the discriminator wins outright, C(G) = −log 4 + 2 log 2 = 0.
    expect(virtualTrainingCriterion(point(0), uniform(1, 2))).toBeCloseTo(0, 14);
  });

  it('D* maximizes V: V(G, D) ≤ C(G) for every logistic discriminator D(x) = σ(αx + β)', () => {
    fc.assert(
      fc.property(continuousArb, continuousArb, fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true }), (pData, pG, a, b) => {
        const v = ganValue(pData, pG, (x) => a * x + b);
        expect(v).toBeLessThanOrEqual(virtualTrainingCriterion(pData, pG) + 1e-9);
      }),
      { numRuns: 60 },
    );
  });

  it('D*(x) = p_data(x)/(p_data(x) + p_g(x)) where there are densities; 1 on an atom only p_data has, ½ where neither lives', () => {
    fc.assert(
      fc.property(continuousArb, continuousArb, fc.double({ min: -5, max: 8, noNaN: true }), (pData, pG, x) => {
        const [pd, pg] = [pdf(pData, x), pdf(pG, x)];
        const d = optimalDiscriminator(pData, pG)(x);
        if (pd + pg > 1e-300) expect(Math.abs(d - pd / (pd + pg))).toBeLessThan(1e-12);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
    expect(optimalDiscriminator(point(1), normal(0, 1))(1)).toBe(1);
    expect(optimalDiscriminator(uniform(0, 1), uniform(2, 3))(10)).toBe(0.5);
  });
});

describe('saturating versus non-saturating generator losses, D = σ(a)', () => {
  const logit = fc.double({ min: -30, max: 30, noNaN: true });

  it('∂ₐ log(1 − D) = −D and ∂ₐ(−log D) = −(1 − D): the formulas equal central differences of the losses', () => {
    fc.assert(
      fc.property(logit, (a) => {
        const h = 1e-5;
        const fdSat = (saturatingGeneratorLoss(a + h) - saturatingGeneratorLoss(a - h)) / (2 * h);
        const fdNon = (nonSaturatingGeneratorLoss(a + h) - nonSaturatingGeneratorLoss(a - h)) / (2 * h);
        expect(Math.abs(fdSat - saturatingGeneratorGradient(a))).toBeLessThan(1e-8);
        expect(Math.abs(fdNon - nonSaturatingGeneratorGradient(a))).toBeLessThan(1e-8);
        expect(saturatingGeneratorGradient(a)).toBe(-sigmoid(a));
        expect(Math.abs(nonSaturatingGeneratorGradient(a) + (1 - sigmoid(a)))).toBeLessThan(1e-15);
      }),
    );
  });

  it('as D → 0 (a confident discriminator) the saturating gradient vanishes while the non-saturating one tends to −1', () => {
    for (const a of [-5, -10, -20, -40, -700]) {
      const d = sigmoid(a);
      expect(Math.abs(saturatingGeneratorGradient(a))).toBeLessThanOrEqual(d);
      expect(Math.abs(nonSaturatingGeneratorGradient(a) + 1)).toBeLessThanOrEqual(d * (1 + 1e-6) + 1e-16);
    }
    expect(saturatingGeneratorGradient(-Infinity)).toBe(-0);
    expect(nonSaturatingGeneratorGradient(-Infinity)).toBe(-1);
    expect(nonSaturatingGeneratorLoss(-1000)).toBe(1000);
  });

  it('both losses are finite for every finite logit, and their gradients agree at D = ½', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e300, max: 1e300, noNaN: true }), (a) => {
        for (const v of [saturatingGeneratorLoss(a), nonSaturatingGeneratorLoss(a), saturatingGeneratorGradient(a), nonSaturatingGeneratorGradient(a)]) {
          expect(Number.isFinite(v)).toBe(true);
        }
      }),
    );
    const [mid] = generatorLossCurve([0]);
    expect(mid.saturating.gradient).toBe(mid.nonSaturating.gradient);
  });
});
