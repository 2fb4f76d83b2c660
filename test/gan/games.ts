/**
 * Built-in games of src/games written again as {@link TensorGame}s: their losses in tfjs ops, differentiated by tfjs.
 * The containers test runs the same optimizer over these and over the Float64 games and compares.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TensorGame } from '../../gan/autodiff-field.ts';
import { setBlock, type TensorBlock } from '../../gan/tensor-space.ts';

type Params = readonly (readonly tf.Tensor[])[];
const zeroSum = (f: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor) => (p: Params, i: number) => {
  const v = f(p[0][0], p[1][0]) as tf.Scalar;
  return i === 0 ? v : (tf.neg(v) as tf.Scalar);
};

/** f(x, y) = a·x·y (src/games/bilinear.ts). */
export const bilinearTensor = (a = 1): TensorGame => ({
  players: 2,
  loss: zeroSum((x, y) => tf.mul(a, tf.sum(tf.mul(x, y)))),
});

/** f(x, y) = (a/2)‖x‖² + b·xᵀy − (c/2)‖y‖² (src/games/quadratic.ts). */
export const quadraticTensor = (a: number, b: number, c: number): TensorGame => ({
  players: 2,
  loss: zeroSum((x, y) => tf.addN([tf.mul(a / 2, tf.sum(tf.square(x))), tf.mul(b, tf.sum(tf.mul(x, y))), tf.mul(-c / 2, tf.sum(tf.square(y)))])),
});

/**
 * The Dirac-GAN without instance noise (src/games/dirac.ts): L(θ, ψ) = f(ψθ) + f(0), f(t) = −softplus(−t) for
 * `gan`/`nsgan` and f(t) = t for `wgan-clip`. ℓ_G = L (`gan`, `wgan-clip`) or softplus(ψθ) (`nsgan`: its gradient
 * ψσ(ψθ) is the reference's ψ·f′(−ψθ)); ℓ_D = −L + (γ/2)ψ² with `r1`.
 */
export function diracTensor(loss: 'gan' | 'nsgan' | 'wgan-clip', reg: 'none' | 'r1', gamma = 1, clip = 1): TensorGame {
  const f = (t: tf.Tensor) => (loss === 'wgan-clip' ? t : tf.neg(tf.softplus(tf.neg(t))));
  const game: TensorGame = {
    players: 2,
    loss(p, i) {
      const t = tf.mul(p[0][0], p[1][0]);
      const L = tf.add(f(t), f(tf.zerosLike(t)));
      if (i === 0) return tf.sum(loss === 'nsgan' ? tf.softplus(t) : L) as tf.Scalar;
      const ld = tf.neg(L);
      return tf.sum(reg === 'r1' ? tf.add(ld, tf.mul(gamma / 2, tf.square(p[1][0]))) : ld) as tf.Scalar;
    },
  };
  if (loss === 'wgan-clip') {
    game.project = (z: TensorBlock[]) => {
      setBlock(z[1], [tf.clipByValue(z[1].tensors[0], -clip, clip)]);
    };
  }
  return game;
}
