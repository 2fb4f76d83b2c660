/**
 * The generator's two losses of Goodfellow et al., "Generative Adversarial Nets", NeurIPS 2014, §3: the minimax
 * game has the generator minimize log(1 − D(G(z))), which saturates when the discriminator rejects fakes
 * confidently (early in training); the paper suggests maximizing log D(G(z)) instead. With D = σ(a), a the
 * discriminator's logit on a generated sample:
 *
 *   saturating      ℓ(a) = log(1 − σ(a)) = −softplus(a),   ∂ₐℓ = −σ(a) = −D          → 0   as D → 0
 *   non-saturating  ℓ(a) = −log σ(a)     =  softplus(−a),  ∂ₐℓ = −(1 − σ(a)) = −(1 − D) → −1  as D → 0
 *
 * Both push a up (the generator wants its samples called real) and have the same fixed points, but where D ≈ 0 only
 * the second has a gradient. softplus(x) = log(1 + eˣ) is computed as max(x, 0) + log1p(e^{−|x|}), σ without
 * overflow, so every value is finite for finite a (and the limits hold exactly at ±Infinity).
 */

/** σ(a) = 1/(1 + e^{−a}). */
export const sigmoid = (a: number): number => (a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a)));

/** softplus(x) = log(1 + eˣ). */
export const softplus = (x: number): number => (x === Infinity ? Infinity : Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))));

/** log(1 − D) with D = σ(a): the minimax generator loss. */
export const saturatingGeneratorLoss = (a: number): number => -softplus(a);
/** ∂ₐ log(1 − σ(a)) = −σ(a) = −D. */
export const saturatingGeneratorGradient = (a: number): number => -sigmoid(a);
/** −log D with D = σ(a): the non-saturating generator loss. */
export const nonSaturatingGeneratorLoss = (a: number): number => softplus(-a);
/** ∂ₐ(−log σ(a)) = −(1 − σ(a)) = −(1 − D). */
export const nonSaturatingGeneratorGradient = (a: number): number => -sigmoid(-a);

export interface GeneratorLossPoint {
  /** The discriminator's logit a on a generated sample. */
  logit: number;
  /** D = σ(a). */
  d: number;
  saturating: { loss: number; gradient: number };
  nonSaturating: { loss: number; gradient: number };
}

/** Both losses and their gradients over a grid of logits (a picture of the saturation). */
export const generatorLossCurve = (logits: readonly number[]): GeneratorLossPoint[] =>
  logits.map((a) => ({
    logit: a,
    d: sigmoid(a),
    saturating: { loss: saturatingGeneratorLoss(a), gradient: saturatingGeneratorGradient(a) },
    nonSaturating: { loss: nonSaturatingGeneratorLoss(a), gradient: nonSaturatingGeneratorGradient(a) },
  }));
