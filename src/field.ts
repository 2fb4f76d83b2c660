import type { Space } from './space.ts';

/**
 * The game as an optimizer sees it: the simultaneous gradient and, for the methods that need them, products with
 * its Jacobian.
 *
 * Players i = 1..n each own a parameter block θᵢ and minimize their own loss ℓᵢ. The simultaneous gradient is
 * ξ(z) = (∇_θ₁ ℓ₁, …, ∇_θn ℓn); for a zero-sum f with x minimizing and y maximizing, ξ = (∇ₓf, −∇ᵧf).
 * J = ∂ξ/∂z is the game Jacobian, and Jᵀξ = ∇ ½‖ξ‖² is the gradient of the Hamiltonian
 * (Balduzzi et al. 2018, "The Mechanics of n-Player Differentiable Games").
 *
 * Every method writes into `out` and leaves `z` untouched.
 */
export interface Field<V> {
  /** Number of players (blocks of z). */
  readonly players: number;
  /** out[i] ← ξᵢ(z) for i = `player`, or for every player when `player` is omitted. Other blocks stay as they were. */
  grad(z: readonly V[], out: V[], player?: number): void;
  /**
   * zᵢ ← zᵢ + cᵢ·ξᵢ(z) for every player, all of ξ taken at the z before the step: a gradient step in one pass where
   * the container allows it. Optional; without it, optimizers take `grad` and then update.
   */
  step?(z: V[], coef: readonly number[]): void;
  /** out ← J(z)·w. */
  jvp?(z: readonly V[], w: readonly V[], out: V[]): void;
  /** out ← J(z)ᵀ·w. */
  vjp?(z: readonly V[], w: readonly V[], out: V[]): void;
  /** out[j] ← ∇_θⱼ ℓ_player(z) for every block j: a player's loss in every block (unrolling needs the cross terms). */
  lossGrad?(z: readonly V[], player: number, out: V[]): void;
  /**
   * Solves the implicit step w = z − H·ξ(θ·w + (1 − θ)·z) for w, H = diag(hᵢ per player), into `out`.
   * θ = 1 is the proximal point / implicit Euler step, θ = ½ the implicit midpoint step.
   */
  solveImplicit?(z: readonly V[], h: readonly number[], theta: number, out: V[]): void;
  /** Maps z onto the game's feasible set in place (e.g. WGAN weight clipping); absent when unconstrained. */
  project?(z: V[]): void;
}

/** A field method that an optimizer needs but the field lacks: a configuration error, said before anything runs. */
export class MissingCapabilityError extends Error {
  constructor(method: string, capability: string) {
    super(`${method} needs ${capability}, which this game's field does not provide`);
    this.name = 'MissingCapabilityError';
  }
}

/** Returns `field[name]` bound, or throws a {@link MissingCapabilityError} naming the method that needed it. */
export function needs<V, K extends 'jvp' | 'vjp' | 'lossGrad' | 'solveImplicit'>(
  field: Field<V>,
  name: K,
  method: string,
): NonNullable<Field<V>[K]> {
  const fn = field[name];
  if (!fn) {
    const what = {
      jvp: 'Jacobian-vector products',
      vjp: 'transposed Jacobian-vector products',
      lossGrad: 'each loss in every block',
      solveImplicit: 'an implicit-step solver',
    }[name];
    throw new MissingCapabilityError(method, what);
  }
  return fn.bind(field) as NonNullable<Field<V>[K]>;
}

/** Keeps the space and its field together, as every optimizer step receives them. */
export interface Problem<V> {
  space: Space<V>;
  field: Field<V>;
}
