import { atomMass, atoms, hasDensity, logPdf } from './density.ts';
import type { Distribution } from './distribution.ts';
import { js } from './divergences.ts';
import { softplus } from './generator-loss.ts';
import { integrate, type IntegrateOptions } from './integrate.ts';
import { breakpoints } from './support.ts';

/**
 * The GAN value function and its optimal discriminator, for 1-D distributions (Goodfellow et al., "Generative
 * Adversarial Nets", NeurIPS 2014, §4):
 *
 *   V(G, D) = E_{x~p_data} log D(x) + E_{x~p_g} log(1 − D(x))
 *   D*(x) = p_data(x)/(p_data(x) + p_g(x))                               (Proposition 1)
 *   C(G) = max_D V(G, D) = V(G, D*) = −log 4 + 2·JS(p_data‖p_g) ≥ −log 4   (Theorem 1; = −log 4 iff p_g = p_data)
 *
 * The discriminator is given by its logit a(x), D = σ(a), so that log D = −softplus(−a) and log(1 − D) =
 * −softplus(a) stay exact where D is within rounding of 0 or 1. D*'s logit is a*(x) = log p_data(x) − log p_g(x);
 * at an atom of either distribution the masses replace the densities (with respect to λ + counting measure an atom
 * outweighs any density), so a* = ±∞ where only one of them has an atom; where neither has mass nor density D* is
 * arbitrary and ½ (a* = 0) is returned. V integrates the density parts by adaptive quadrature and sums the atoms;
 * 0·log 0 counts as 0.
 */

/** a*(x) = log p_data(x) − log p_g(x), atoms first: D* = σ(a*). */
export function optimalDiscriminatorLogit(pData: Distribution, pG: Distribution): (x: number) => number {
  return (x) => {
    const md = atomMass(pData, x);
    const mg = atomMass(pG, x);
    const [ld, lg] = md > 0 || mg > 0 ? [Math.log(md), Math.log(mg)] : [logPdf(pData, x), logPdf(pG, x)];
    if (ld === -Infinity && lg === -Infinity) return 0;
    return ld - lg;
  };
}

/** D*(x) = p_data(x)/(p_data(x) + p_g(x)). */
export function optimalDiscriminator(pData: Distribution, pG: Distribution): (x: number) => number {
  const logit = optimalDiscriminatorLogit(pData, pG);
  return (x) => {
    const a = logit(x);
    return a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a));
  };
}

/** m·log D and m·log(1 − D) with 0·log 0 = 0. */
const weighted = (m: number, logValue: number) => (m === 0 ? 0 : m * logValue);

/** V(G, D) for the discriminator D = σ(logit(x)). */
export function ganValue(pData: Distribution, pG: Distribution, logit: (x: number) => number, options?: IntegrateOptions): number {
  const term = (md: number, mg: number, a: number) => {
    if (Number.isNaN(a)) throw new Error('bug: discriminator logit is NaN');
    return weighted(md, -softplus(-a)) + weighted(mg, -softplus(a));
  };
  let total = 0;
  const locations = new Set([...atoms(pData), ...atoms(pG)].map((a) => a.at));
  for (const c of locations) total += term(atomMass(pData, c), atomMass(pG, c), logit(c));
  if (hasDensity(pData) || hasDensity(pG)) {
    // The atoms' locations are a null set for the densities (and there D is the atoms' discriminator).
    const dense = (x: number) => (locations.has(x) ? 0 : term(Math.exp(logPdf(pData, x)), Math.exp(logPdf(pG, x)), logit(x)));
    total += integrate(dense, breakpoints(pData, pG), options).value;
  }
  return total;
}

/** C(G) = max_D V(G, D) = −log 4 + 2·JS(p_data‖p_g). */
export const virtualTrainingCriterion = (pData: Distribution, pG: Distribution): number => -Math.log(4) + 2 * js(pData, pG);
