/**
 * A {@link Field} over {@link TensorBlock}s from per-player losses written in tfjs ops, differentiated by tfjs.
 *
 * A {@link TensorGame} gives each player's loss ℓᵢ as a scalar tensor built from the parameter tensors it is
 * handed. The field then provides what the optimizers of src/optim ask for:
 * - `grad`: ξᵢ = ∇_θᵢ ℓᵢ, one reverse pass per player (`tf.grads`); with `losses` the game may build all players'
 *   losses from one forward pass, but each ξᵢ still needs its own backward pass (ℓᵢ differs per player);
 * - `lossGrad`: ∇_θⱼ ℓᵢ for every block j (unrolled GANs need the cross terms);
 * - `vjp`: Jᵀw = ∇_z ⟨ξ(z), w⟩ by double backpropagation (reverse over reverse): the inner `tf.grads` builds ξ on
 *   the tape, the outer differentiates ⟨ξ, w⟩. With w = ξ this is ∇½‖ξ‖², the consensus term (Mescheder, Nowozin &
 *   Geiger 2017). tfjs differentiates most gradients again; an op whose gradient is not itself differentiable fails,
 *   and {@link checkSecondOrder} says which, before training. (tfjs 4.22 also gets the second derivative of ops that
 *   save their output, such as tanh and sigmoid, silently wrong: models.ts writes its activations so that it does
 *   not arise, and test/gan/field.test.ts checks Jᵀw against finite differences);
 * - `project`: the game's feasible-set map (WGAN weight clipping), applied in place.
 * No `jvp` (forward mode; tfjs has none) and no `solveImplicit`: `sga` and `proximal` report a missing capability.
 *
 * Every method writes its results into `out` (swapping tensors, see tensor-space.ts) and leaves no tensor behind.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Field } from '../src/field.ts';
import { setBlock, TensorBlock } from './tensor-space.ts';

/** A game whose losses are tfjs expressions of the players' parameter tensors. */
export interface TensorGame {
  readonly players: number;
  /**
   * ℓ_player as a scalar, built from `params` (params[j] are block j's tensors, possibly differentiable stand-ins
   * for them): called inside a gradient scope, so it must use only differentiable tfjs ops on `params`.
   */
  loss(params: readonly (readonly tf.Tensor[])[], player: number): tf.Scalar;
  /** Maps the parameters onto the feasible set in place (weight clipping); absent when unconstrained. */
  project?(z: TensorBlock[]): void;
}

/**
 * The tensors of every block, with block `player`'s (or every block's, when `player` is undefined) replaced by the
 * arguments of a gradient function.
 */
const withArgs = (z: readonly TensorBlock[], args: readonly tf.Tensor[], players: readonly number[]): tf.Tensor[][] => {
  const params = z.map((b) => b.tensors);
  let k = 0;
  for (const p of players) {
    params[p] = args.slice(k, k + z[p].tensors.length) as tf.Tensor[];
    k += z[p].tensors.length;
  }
  return params;
};

/**
 * ∇ of `loss(params)` w.r.t. the tensors of blocks `wrt`, as one flat list (block by block). Zeros where the loss
 * does not depend on a tensor. The parameters are passed as arguments so that any container works, including
 * Variables and the plain tensors of an extrapolated point.
 */
export function gradsOf(z: readonly TensorBlock[], wrt: readonly number[], loss: (params: tf.Tensor[][]) => tf.Scalar): tf.Tensor[] {
  const xs = wrt.flatMap((p) => z[p].tensors);
  // The engine's own entry point, allowing tensors the loss does not reach (a penalty that ignores a bias):
  // tf.grads would throw for them.
  const { grads } = tf.engine().gradients(() => loss(withArgs(z, xs, wrt)), xs, undefined, true);
  return grads.map((g, i) => (g as tf.Tensor | null) ?? tf.zerosLike(xs[i]));
}

/** The field of a {@link TensorGame}; see the module comment. */
export function autodiffField(game: TensorGame): Field<TensorBlock> {
  const all = Array.from({ length: game.players }, (_, i) => i);
  const field: Field<TensorBlock> = {
    players: game.players,
    grad(z, out, player) {
      for (const i of player === undefined ? all : [player]) {
        const g = tf.tidy(() => gradsOf(z, [i], (params) => game.loss(params, i)));
        setBlock(out[i], g.map((t) => tf.keep(t)));
      }
    },
    lossGrad(z, player, out) {
      const g = tf.tidy(() => gradsOf(z, all, (params) => game.loss(params, player)));
      let k = 0;
      for (let j = 0; j < z.length; j++) {
        const n = z[j].tensors.length;
        setBlock(out[j], g.slice(k, k + n).map((t) => tf.keep(t)));
        k += n;
      }
    },
    vjp(z, w, out) {
      // Jᵀw = ∇_z Σᵢ ⟨ξᵢ(z), wᵢ⟩, ξᵢ = ∇_θᵢ ℓᵢ built on the tape by an inner tf.grads.
      const g = tf.tidy(() =>
        gradsOf(z, all, (params) => {
          const terms: tf.Scalar[] = [];
          for (let i = 0; i < game.players; i++) {
            const asBlocks = params.map((ts) => new TensorBlock(ts));
            const xi = gradsOf(asBlocks, [i], (inner) => game.loss(inner, i));
            xi.forEach((t, k) => terms.push(tf.sum(tf.mul(t, w[i].tensors[k]))));
          }
          return tf.addN(terms) as tf.Scalar;
        }),
      );
      let k = 0;
      for (let j = 0; j < z.length; j++) {
        const n = z[j].tensors.length;
        setBlock(out[j], g.slice(k, k + n).map((t) => tf.keep(t)));
        k += n;
      }
    },
  };
  if (game.project) field.project = (z) => game.project!(z);
  return field;
}

/** A second derivative tfjs cannot take: the op that lacks a gradient, in a sentence. */
export class SecondOrderError extends Error {
  constructor(readonly op: string | undefined, cause: string) {
    super(op ? `tfjs has no gradient for the op ${op}, which appears in the gradient of the networks` : cause);
    this.name = 'SecondOrderError';
  }
}

/**
 * Takes ξ and Jᵀξ once at z (results discarded, z unchanged) and turns a failure into a {@link SecondOrderError} that
 * names the op without a gradient. For configurations that differentiate gradients, before training.
 */
export function checkSecondOrder(field: Field<TensorBlock>, z: readonly TensorBlock[], jacobian: boolean): void {
  const g = z.map((b) => new TensorBlock(b.tensors.map((t) => tf.zerosLike(t))));
  const out = z.map((b) => new TensorBlock(b.tensors.map((t) => tf.zerosLike(t))));
  try {
    field.grad(z, g);
    if (jacobian) field.vjp!(z, g, out);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new SecondOrderError(/gradient function not found for (\w+)/.exec(message)?.[1], message);
  } finally {
    for (const b of [...g, ...out]) tf.dispose(b.tensors);
  }
}
