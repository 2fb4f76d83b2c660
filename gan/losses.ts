/**
 * GAN losses and discriminator regularizers, on the discriminator's logits a = D(x) (real) and ã = D(G(z)) (fake),
 * each an average over the batch. The generator (player 0) minimizes ℓ_G, the discriminator (player 1) minimizes
 * ℓ_D; σ is the logistic function and softplus(t) = log(1 + eᵗ), so −log σ(a) = softplus(−a) and
 * −log(1 − σ(a)) = softplus(a).
 *
 * - `gan`, the minimax (saturating) loss of Goodfellow et al. 2014, "Generative Adversarial Nets":
 *     ℓ_D = E softplus(−a) + E softplus(ã),   ℓ_G = −E softplus(ã) = E log(1 − σ(ã)) — zero-sum, ℓ_G = −ℓ_D + const.
 *   When D rejects the fakes (ã → −∞), ∂ℓ_G/∂ã = −σ(ã) → 0: the generator's gradient vanishes.
 * - `nsgan`, the non-saturating loss of the same paper: ℓ_D as above, ℓ_G = E softplus(−ã) = −E log σ(ã), whose
 *   derivative −(1 − σ(ã)) → −1 there instead.
 * - `wgan`, Arjovsky, Chintala & Bottou 2017, "Wasserstein GAN": ℓ_D = E ã − E a, ℓ_G = −E ã, D unconstrained
 *   (diverges: it is the lecture's example of why the critic needs a constraint).
 * - `wgan-clip`: the same, with every discriminator parameter clipped to [−c, c] after each update (the paper's
 *   c = 0.01): a projection, applied through the field's `project` by every optimizer.
 * - `wgan-gp`, Gulrajani et al. 2017, "Improved Training of Wasserstein GANs": the same losses plus
 *     λ·E(‖∇ₓ D(x̂)‖ − 1)² in ℓ_D, x̂ = εx + (1 − ε)G(z), ε ~ U[0, 1] per sample, λ = 10.
 * - `hinge`, Lim & Ye 2017; Miyato et al. 2018: ℓ_D = E relu(1 − a) + E relu(1 + ã), ℓ_G = −E ã.
 * - `lsgan`, Mao et al. 2017, "Least Squares GANs" (targets 0, 1, 1): ℓ_D = ½E(a − 1)² + ½E ã², ℓ_G = ½E(ã − 1)².
 *
 * Regularizers of the discriminator (Mescheder, Geiger & Nowozin 2018, "Which Training Methods for GANs do actually
 * Converge?"; Roth et al. 2017):
 * - `r1`: + (γ/2)·E‖∇ₓ D(x)‖² on real data;
 * - `r2`: + (γ/2)·E‖∇ₓ D(x̃)‖² on fake samples x̃ = G(z) (as data: the penalty trains D only);
 * - `instance-noise` σ (Sønderby et al. 2017; Arjovsky & Bottou 2017): D sees x + σε and G(z) + σε', ε, ε' ~ N(0, I)
 *   drawn afresh for every batch, in both players' losses.
 * The input gradients are those of Σ_b D(x_b), per sample when D treats samples independently (no batch norm in D;
 * with batch norm, the gradient of the batch sum, as PyTorch implementations take it).
 *
 * Conditional training, AC-GAN (Odena, Olah & Shlens 2017, "Conditional Image Synthesis with Auxiliary Classifier
 * GANs"): D also outputs class logits c(x), and with the class cross-entropy CE(c, y) = logΣₖ e^{cₖ} − c_y,
 *   ℓ_D += λ·(E CE(c(x), y) + E CE(c(G(z, ỹ)), ỹ)),   ℓ_G += λ·E CE(c(G(z, ỹ)), ỹ),
 * the paper's L_C, which both players maximize as log-likelihood (both minimize the cross-entropy), added to the
 * source loss above; ỹ is drawn uniformly.
 */
import * as tf from '@tensorflow/tfjs-core';
import { exp } from './models.ts';

export const lossNames = ['gan', 'nsgan', 'wgan', 'wgan-clip', 'wgan-gp', 'hinge', 'lsgan'] as const;
export type LossName = (typeof lossNames)[number];
export const regularizerNames = ['none', 'r1', 'r2', 'instance-noise'] as const;
export type RegularizerName = (typeof regularizerNames)[number];

/** A loss with its constants: `clip` c of wgan-clip, `gpWeight` λ of wgan-gp. */
export interface LossSpec {
  readonly name: LossName;
  readonly clip: number;
  readonly gpWeight: number;
}

/** A regularizer with its constants: γ of r1/r2, σ of instance noise. */
export interface RegularizerSpec {
  readonly name: RegularizerName;
  readonly gamma: number;
  readonly sigma: number;
}

const mean = (t: tf.Tensor) => tf.mean(t) as tf.Scalar;

/** ℓ_D from the logits on real data (`real`, [n, 1]) and on fake samples (`fake`, [m, 1]). */
export function discriminatorLoss(name: LossName, real: tf.Tensor, fake: tf.Tensor): tf.Scalar {
  switch (name) {
    case 'gan':
    case 'nsgan':
      return tf.add(mean(tf.softplus(tf.neg(real))), mean(tf.softplus(fake)));
    case 'wgan':
    case 'wgan-clip':
    case 'wgan-gp':
      return tf.sub(mean(fake), mean(real));
    case 'hinge':
      return tf.add(mean(tf.relu(tf.sub(1, real))), mean(tf.relu(tf.add(1, fake))));
    case 'lsgan':
      return tf.mul(0.5, tf.add(mean(tf.square(tf.sub(real, 1))), mean(tf.square(fake))));
  }
}

/** ℓ_G from the logits on fake samples. */
export function generatorLoss(name: LossName, fake: tf.Tensor): tf.Scalar {
  switch (name) {
    case 'gan':
      return tf.neg(mean(tf.softplus(fake)));
    case 'nsgan':
      return mean(tf.softplus(tf.neg(fake)));
    case 'wgan':
    case 'wgan-clip':
    case 'wgan-gp':
    case 'hinge':
      return tf.neg(mean(fake));
    case 'lsgan':
      return tf.mul(0.5, mean(tf.square(tf.sub(fake, 1))));
  }
}

/** ∇ₓ Σ_b D(x_b): per-sample input gradients of the discriminator, [n, dim], differentiable again. */
export function inputGradient(discriminator: (x: tf.Tensor2D) => tf.Tensor, x: tf.Tensor2D): tf.Tensor2D {
  return tf.grad((input: tf.Tensor) => tf.sum(discriminator(input as tf.Tensor2D)) as tf.Scalar)(x) as tf.Tensor2D;
}

/** (γ/2)·E‖∇ₓ D(x)‖²: R1 on real x, R2 on fake x. */
export function gradientSquaredPenalty(discriminator: (x: tf.Tensor2D) => tf.Tensor, x: tf.Tensor2D, gamma: number): tf.Scalar {
  const g = inputGradient(discriminator, x);
  return tf.mul(gamma / 2, mean(tf.sum(tf.square(g), 1)));
}

/**
 * λ·E(‖∇ D(x̂)‖ − 1)² at x̂ = εx + (1 − ε)x̃, ε ([n, 1]) given. The norm is √(‖g‖² + 10⁻¹²), so that a zero gradient
 * (a dead ReLU region) has a finite derivative.
 */
export function wassersteinGradientPenalty(
  discriminator: (x: tf.Tensor2D) => tf.Tensor,
  real: tf.Tensor2D,
  fake: tf.Tensor2D,
  epsilon: tf.Tensor2D,
  weight: number,
): tf.Scalar {
  const mixed = tf.add(tf.mul(epsilon, real), tf.mul(tf.sub(1, epsilon), fake)) as tf.Tensor2D;
  const g = inputGradient(discriminator, mixed);
  const norm = tf.sqrt(tf.add(tf.sum(tf.square(g), 1), 1e-12));
  return tf.mul(weight, mean(tf.square(tf.sub(norm, 1))));
}

/**
 * The row maxima of x ([n, K] → [n, 1]) as a constant: value max_k x, gradient zero, computed inside one custom
 * gradient so that max's own gradient (which uses Equal, an op without a gradient) never reaches the tape. Used only
 * where the result's derivative is exactly zero anyway (the shift of a log-sum-exp): no derivative of any order is
 * lost.
 */
const rowMaxConstant = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor;
  return { value: tf.max(x, 1, true), gradFunc: () => tf.zerosLike(x) };
}) as never) as unknown as (x: tf.Tensor) => tf.Tensor;

/**
 * The mean class cross-entropy E[logΣₖ e^{cₖ} − ⟨y, c⟩] of logits c ([n, K]) against one-hot labels y ([n, K]), with
 * the log-sum-exp shifted by its row maximum m (held constant: LSE(c) = m + log Σ e^{c − m} for every m) and the
 * exponential of models.ts, so its derivatives of every order are right (consensus differentiates it again).
 */
export function classCrossEntropy(logits: tf.Tensor, oneHot: tf.Tensor): tf.Scalar {
  const m = rowMaxConstant(logits);
  const lse = tf.add(tf.log(tf.sum(exp(tf.sub(logits, m)), 1, true)), m);
  return mean(tf.sub(lse, tf.sum(tf.mul(oneHot, logits), 1, true)));
}
