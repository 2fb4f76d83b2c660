import type { Space } from '../space.ts';
import { showPerPlayer } from './types.ts';

/**
 * A per-player update rule in the manner of optax's gradient transformations: from player i's gradient g it makes
 * the increment u and applies θᵢ ← θᵢ + u, in place, keeping what it needs in named slots. A scheme (simultaneous,
 * alternating, …) decides where the gradients are taken; the rule decides what a gradient does. Applying the
 * increment inside the rule saves a pass over the parameters (the hot loop of a 65,536-point batch).
 */
export interface Rule {
  /** The slots the rule keeps, one block per player. */
  readonly slots: readonly string[];
  /** θ ← θ + u(g) for player i; g may be overwritten; `count` is player i's update number, starting at 1. */
  apply<V>(space: Space<V>, theta: V, g: V, i: number, slots: Record<string, V[]>, count: number): void;
  /** The rule's hyperparameters, for labels: `η = 0.1, β = −0.5`. */
  readonly label: string;
  /**
   * For stateless rules whose increment is a fixed multiple of the gradient, u = cᵢ·g: the cᵢ. A simultaneous
   * scheme then moves z with the field's fused step when the field has one.
   */
  readonly coefficients?: readonly number[];
}

/** Gradient descent: u = −ηᵢ·g. */
export function sgd(lr: readonly number[]): Rule {
  return {
    slots: [],
    label: `η = ${showPerPlayer(lr)}`,
    apply: (space, theta, g, i) => space.axpy(theta, -lr[i], g),
    coefficients: lr.map((h) => -h),
  };
}

/**
 * Heavy-ball momentum (Polyak 1964), per player: v ← β·v − η·g, u = v, i.e. θ' = θ − η·g + β·(θ − θ₋₁).
 * β may be negative: negative momentum (Gidel et al. 2019, "Negative Momentum for Improved Game Dynamics").
 */
export function heavyBall(lr: readonly number[], beta: readonly number[]): Rule {
  return {
    slots: ['velocity'],
    label: `η = ${showPerPlayer(lr)}, β = ${showPerPlayer(beta)}`,
    apply(space, theta, g, i, slots) {
      const v = slots.velocity[i];
      space.lincomb(v, beta[i], v, -lr[i], g);
      space.axpy(theta, 1, v);
    },
  };
}

/**
 * Adam (Kingma & Ba 2015), per player with its own step count t:
 * m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², u = −η·m̂/(√v̂ + ε), m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ),
 * computed as u = −η·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m/(√v + ε·√(1 − β₂ᵗ)).
 */
export function adam(lr: readonly number[], beta1: readonly number[], beta2: readonly number[], eps: readonly number[]): Rule {
  return {
    slots: ['m', 'v'],
    label: `η = ${showPerPlayer(lr)}, β₁ = ${showPerPlayer(beta1)}, β₂ = ${showPerPlayer(beta2)}`,
    apply(space, theta, g, i, slots, t) {
      const m = slots.m[i];
      const v = slots.v[i];
      space.lincomb(m, beta1[i], m, 1 - beta1[i], g);
      space.scale(v, beta2[i]);
      space.addcmul(v, 1 - beta2[i], g, g);
      const c2 = Math.sqrt(1 - Math.pow(beta2[i], t));
      const c1 = 1 - Math.pow(beta1[i], t);
      space.addcdiv(theta, (-lr[i] * c2) / c1, m, v, eps[i] * c2);
    },
  };
}

/**
 * Optimistic gradient (Popov 1980; Daskalakis, Ilyas, Syrgkanis & Zeng 2018, "Training GANs with Optimism"):
 * u = −η·(2gₜ − gₜ₋₁), with g₋₁ = g₀ so the first step is plain gradient descent.
 */
export function optimistic(lr: readonly number[]): Rule {
  return {
    slots: ['previous'],
    label: `η = ${showPerPlayer(lr)}`,
    apply(space, theta, g, i, slots, count) {
      const prev = slots.previous[i];
      if (count > 1) {
        space.axpy(theta, -2 * lr[i], g);
        space.axpy(theta, lr[i], prev);
      } else {
        space.axpy(theta, -lr[i], g);
      }
      space.copy(prev, g);
    },
  };
}
