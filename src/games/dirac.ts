import type { Game } from '../game.ts';
import { normalExpectation } from '../quadrature.ts';
import { checkKnown, choiceParam, numberParam, type Params } from './params.ts';
import { withConsensus } from './consensus.ts';

export const diracLosses = ['gan', 'nsgan', 'wgan', 'wgan-clip', 'wgan-gp'] as const;
export const diracRegularizers = ['none', 'r1', 'r2', 'instance-noise', 'consensus'] as const;
export type DiracLoss = (typeof diracLosses)[number];
export type DiracRegularizer = (typeof diracRegularizers)[number];

/** The loss shape f of Mescheder et al. and its first two derivatives. */
interface Shape {
  f(t: number): number;
  d1(t: number): number;
  d2(t: number): number;
}
const sigmoid = (t: number) => (t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t)));
/** f(t) = −log(1 + e^{−t}): the standard GAN; f′(t) = σ(−t), f″(t) = −σ(t)σ(−t), so f′(0) = ½, f″(0) = −¼. */
const logSigmoid: Shape = {
  f: (t) => (t >= 0 ? -Math.log1p(Math.exp(-t)) : t - Math.log1p(Math.exp(t))),
  d1: (t) => sigmoid(-t),
  d2: (t) => -sigmoid(t) * sigmoid(-t),
};
/** f(t) = t: the Wasserstein GAN. */
const linear: Shape = { f: (t) => t, d1: () => 1, d2: () => 0 };

/**
 * The Dirac-GAN of Mescheder, Geiger & Nowozin 2018, "Which Training Methods for GANs do actually Converge?" (§2):
 * data δ₀, generator δ_θ, discriminator D_ψ(x) = ψ·x, and
 *   L(θ, ψ) = f(ψθ) + f(0),
 * which the generator θ (player 0) minimizes and the discriminator ψ (player 1) maximizes. The paper's field is
 * v = (−ψf′(θψ), θf′(θψ)) = −ξ; the unique equilibrium is (0, 0), where J_v has eigenvalues ±f′(0)·i.
 *
 * Losses: `gan` f(t) = −log(1 + e^{−t}); `nsgan` the same discriminator, but the generator minimizes −f(−ψθ)
 * (the non-saturating loss, general-sum); `wgan` f(t) = t; `wgan-clip` f(t) = t with ψ clipped to [−clip, clip]
 * after every step (a projection); `wgan-gp` f(t) = t with the penalty (γ/2)(|ψ| − g0)² on the discriminator.
 * Regularizers of the discriminator: `r1`, `r2` (γ/2)ψ² (the gradient penalty ‖∇ₓD‖² = ψ² on real data or on fake
 * data: the same for this D); `instance-noise` σ: data and samples both blurred by N(0, σ²), and the field is its
 * expectation (Gauss–Hermite quadrature, not sampling); `consensus` γ: ξ + γ·Jᵀξ (Mescheder et al. 2017).
 * Eigenvalues of J_v at (0, 0) (the paper's Table/§3): instance noise f″(0)σ² ± √(f″(0)²σ⁴ − f′(0)²);
 * R1/R2 −γ/2 ± √(γ²/4 − f′(0)²); consensus −γf′(0)² ± f′(0)i.
 */
export function dirac(params: Params = {}): Game {
  checkKnown('dirac', params, ['loss', 'reg', 'gamma', 'sigma', 'clip', 'g0']);
  const loss = choiceParam('dirac', params, 'loss', diracLosses, 'gan');
  const reg = choiceParam('dirac', params, 'reg', diracRegularizers, 'none');
  const positive = (v: number) => (v > 0 ? undefined : `expected a positive number, got ${v}`);
  const nonNegative = (v: number) => (v >= 0 ? undefined : `expected a number ≥ 0, got ${v}`);
  const gamma = numberParam('dirac', params, 'gamma', 1, nonNegative);
  const sigma = reg === 'instance-noise' ? numberParam('dirac', params, 'sigma', 0.5, nonNegative) : 0;
  const clip = numberParam('dirac', params, 'clip', 1, positive);
  const g0 = numberParam('dirac', params, 'g0', 1, nonNegative);

  const shape = loss === 'gan' || loss === 'nsgan' ? logSigmoid : linear;
  const nonSaturating = loss === 'nsgan';
  // The discriminator's own penalty R(ψ): R′ and R″.
  const penalized = reg === 'r1' || reg === 'r2';
  const gp = loss === 'wgan-gp';
  const R = (psi: number) => (penalized ? 0.5 * gamma * psi * psi : gp ? 0.5 * gamma * (Math.abs(psi) - g0) ** 2 : 0);
  const dR = (psi: number) => (penalized ? gamma * psi : gp ? gamma * (psi - g0 * Math.sign(psi)) : 0);
  const d2R = penalized || gp ? gamma : 0;
  const { points: eps, probs: w } = normalExpectation(sigma);
  const Q = eps.length;

  /** ξ_θ = E[ψ·f′(ψ(θ + ε))] (non-saturating: E[ψ·f′(−ψ(θ + ε))]). */
  const xiTheta = (theta: number, psi: number) => {
    let v = 0;
    for (let q = 0; q < Q; q++) {
      const t = psi * (theta + eps[q]);
      v += w[q] * psi * (nonSaturating ? shape.d1(-t) : shape.d1(t));
    }
    return v;
  };
  /** ξ_ψ = −∂L/∂ψ + R′(ψ) = −E[(θ + ε)·f′(ψ(θ + ε)) − ε·f′(−ψε)] + R′(ψ). */
  const xiPsi = (theta: number, psi: number) => {
    let v = dR(psi);
    for (let q = 0; q < Q; q++) {
      const e = eps[q];
      const s = theta + e;
      v -= w[q] * (s * shape.d1(psi * s) - e * shape.d1(-psi * e));
    }
    return v;
  };

  const base: Game = {
    name: 'dirac',
    description: `Dirac-GAN, loss ${loss}, regularizer ${reg}`,
    players: [
      { name: 'theta', coords: ['θ'] },
      { name: 'psi', coords: ['ψ'] },
    ],
    zeroSum: !nonSaturating && !penalized && !gp,
    field([th, ps], [gt, gp], n) {
      for (let b = 0; b < n; b++) {
        gt[b] = xiTheta(th[b], ps[b]);
        gp[b] = xiPsi(th[b], ps[b]);
      }
    },
    fieldStep([th, ps], [ct, cp], n) {
      for (let b = 0; b < n; b++) {
        const theta = th[b];
        const psi = ps[b];
        th[b] = theta + ct * xiTheta(theta, psi);
        ps[b] = psi + cp * xiPsi(theta, psi);
      }
    },
    jacobian([th, ps], J, n) {
      for (let b = 0; b < n; b++) {
        const theta = th[b];
        const psi = ps[b];
        let tt = 0;
        let tp = 0;
        let pt = 0;
        let pp = d2R;
        for (let q = 0; q < Q; q++) {
          const e = eps[q];
          const s = theta + e;
          const t = psi * s;
          if (nonSaturating) {
            tt -= w[q] * psi * psi * shape.d2(-t);
            tp += w[q] * (shape.d1(-t) - t * shape.d2(-t));
          } else {
            tt += w[q] * psi * psi * shape.d2(t);
            tp += w[q] * (shape.d1(t) + t * shape.d2(t));
          }
          pt -= w[q] * (shape.d1(t) + t * shape.d2(t));
          pp -= w[q] * (s * s * shape.d2(t) + e * e * shape.d2(-psi * e));
        }
        J[b] = tt;
        J[n + b] = tp;
        J[2 * n + b] = pt;
        J[3 * n + b] = pp;
      }
    },
    losses([th, ps], [lg, ld], n) {
      for (let b = 0; b < n; b++) {
        let L = 0;
        let G = 0;
        for (let q = 0; q < Q; q++) {
          const e = eps[q];
          const t = ps[b] * (th[b] + e);
          L += w[q] * (shape.f(t) + shape.f(-ps[b] * e));
          if (nonSaturating) G -= w[q] * shape.f(-t);
        }
        lg[b] = nonSaturating ? G : L;
        ld[b] = -L + R(ps[b]);
      }
    },
    lossGrad([th, ps], player, [gt, gp_], n) {
      for (let b = 0; b < n; b++) {
        const theta = th[b];
        const psi = ps[b];
        let dLt = 0; // ∂L/∂θ
        let dLp = 0; // ∂L/∂ψ
        let dGt = 0; // non-saturating generator loss −f(−ψθ)
        let dGp = 0;
        for (let q = 0; q < Q; q++) {
          const e = eps[q];
          const s = theta + e;
          const t = psi * s;
          dLt += w[q] * psi * shape.d1(t);
          dLp += w[q] * (s * shape.d1(t) - e * shape.d1(-psi * e));
          dGt += w[q] * psi * shape.d1(-t);
          dGp += w[q] * s * shape.d1(-t);
        }
        if (player === 0) {
          gt[b] = nonSaturating ? dGt : dLt;
          gp_[b] = nonSaturating ? dGp : dLp;
        } else {
          gt[b] = -dLt;
          gp_[b] = -dLp + dR(psi);
        }
      }
    },
  };
  if (loss === 'wgan-clip') {
    base.project = ([, ps], n) => {
      for (let b = 0; b < n; b++) ps[b] = Math.min(clip, Math.max(-clip, ps[b]));
    };
  }
  return reg === 'consensus' ? withConsensus(base, gamma) : base;
}
