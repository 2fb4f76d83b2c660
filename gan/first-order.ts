/**
 * An MLP forward pass as a single node of tfjs's gradient tape, with its backward pass written by hand: the fast
 * path of the trainer when no second derivative is needed (no consensus, no differentiated unrolling, no gradient
 * penalty) and the networks are plain MLPs ({@link firstOrderSupports}).
 *
 * Why it is faster. In a small network most of tfjs's time goes to bookkeeping, not arithmetic: inside a gradient
 * scope every op is recorded on the tape with copies of the tensors its gradient needs, `tf.fused.matMul` falls
 * back to three unfused ops, every 2-D matrix product reshapes to 3-D and back, and the tape is filtered and walked
 * op by op. Here the forward runs unrecorded (inside `tf.customGrad`), as fused matrix-product kernels on 3-D
 * activations ([1, n, width], no reshapes between layers), and the backward is the textbook recursion
 *   δ_L = ∂ℓ/∂h_L,   ∂ℓ/∂W_l = h_{l−1}ᵀ δ_l,   ∂ℓ/∂b_l = Σ_rows δ_l,   δ_{l−1} = (δ_l W_lᵀ) ⊙ f′(u_{l−1}),
 * computing only what the caller needs: the parameters' gradient (the network's own player), the input's gradient
 * (the discriminator under the generator's loss), or both. The result equals autodiff's to float32 rounding
 * (test/gan/first-order.test.ts).
 *
 * First order only: the hand-written backward is not itself differentiable through the saved activations, so the
 * trainer uses `Mlp.apply` (plain autodiff) whenever second derivatives are taken.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Mlp, Network } from './models.ts';

const batchMatMul = (a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean) =>
  tf.engine().runKernel('BatchMatMul', { a, b }, { transposeA, transposeB }) as tf.Tensor3D;
const fusedMatMul = (a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor, activation: 'relu' | 'linear') =>
  tf.engine().runKernel('_FusedMatMul', { a, b, bias }, { transposeA: false, transposeB: false, activation, leakyreluAlpha: 0 }) as tf.Tensor3D;

/** What the backward pass computes. */
export interface FirstOrderNeeds {
  /** ∂ℓ/∂θ of the network's own flat parameter vector. */
  readonly params: boolean;
  /** ∂ℓ/∂x of its input. */
  readonly input: boolean;
}

/** (flat parameters, input [n, in]) → output [n, out], differentiable once with the hand-written backward. */
export type FirstOrderNet = (flat: tf.Tensor, x: tf.Tensor2D) => tf.Tensor2D;

/**
 * Can the hand-written backward run `net`? Only a plain MLP: no batch norm, no Fourier input, no input or output
 * scale (models.ts), which the recursion below does not know.
 */
export function firstOrderSupports(net: Network): net is Mlp {
  if (net.kind !== 'mlp' || net.batchNorm) return false;
  const { fourier, inputScale, outputScale } = (net as Mlp).spec;
  return fourier === undefined && inputScale === undefined && outputScale === undefined;
}

/** The network's forward pass as one tape node; see the module comment. `net` must be {@link firstOrderSupports}ed. */
export function firstOrderNet(net: Mlp, needs: FirstOrderNeeds): FirstOrderNet {
  if (!firstOrderSupports(net)) throw new Error('firstOrderNet: batch norm, Fourier inputs and input or output scales are not supported on the first-order path');
  const { slots } = net;
  const layers = net.spec.hidden.length + 1;
  const relu = net.spec.activation === 'relu';
  const sizes = slots.map((s) => s.size);
  const f = (...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [flat, x, save] = args as [tf.Tensor, tf.Tensor2D, tf.GradSaveFunc];
    const n = x.shape[0];
    const parts = tf.split(flat, sizes);
    const W = Array.from({ length: layers }, (_, l) => tf.reshape(parts[2 * l], [1, ...slots[2 * l].shape]));
    const b = Array.from({ length: layers }, (_, l) => parts[2 * l + 1]);
    // inputs[l]: the input of layer l; pre[l]: its pre-activation (hidden layers, non-ReLU only).
    const inputs: tf.Tensor3D[] = [tf.reshape(x, [1, n, x.shape[1]])];
    const pre: tf.Tensor3D[] = [];
    let h = inputs[0];
    for (let l = 0; l < layers; l++) {
      const hidden = l + 1 < layers;
      if (hidden && relu) {
        h = fusedMatMul(h, W[l], b[l], 'relu');
      } else {
        const u = fusedMatMul(h, W[l], b[l], 'linear');
        if (hidden) pre.push(u);
        h = hidden ? (net.activationValue(u) as tf.Tensor3D) : u;
      }
      if (hidden) inputs.push(h);
    }
    save([...W, ...inputs, ...pre]);
    const out = h.shape[2];
    return {
      value: tf.reshape(h, [n, out]) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const Ws = saved.slice(0, layers);
        const ins = saved.slice(layers, 2 * layers);
        const pres = saved.slice(2 * layers);
        let delta = tf.reshape(dy as tf.Tensor, [1, n, out]);
        const grads: tf.Tensor[] = new Array(2 * layers);
        for (let l = layers - 1; l >= 0; l--) {
          if (needs.params) {
            grads[2 * l] = tf.reshape(batchMatMul(ins[l], delta, true, false), [-1]);
            grads[2 * l + 1] = tf.sum(delta, [0, 1]);
          }
          if (l === 0 && !needs.input) break;
          delta = batchMatMul(delta, Ws[l], false, true);
          // The derivative of layer l − 1's activation at its pre-activation (ReLU: the mask of its output).
          if (l > 0) delta = tf.mul(delta, relu ? tf.step(ins[l]) : net.activationDerivative(pres[l - 1]));
        }
        const dFlat = needs.params ? tf.concat(grads) : tf.zerosLike(flat);
        const dx = needs.input ? tf.reshape(delta, x.shape) : tf.zerosLike(x);
        return [dFlat, dx];
      },
    };
  };
  return tf.customGrad(f) as unknown as FirstOrderNet;
}
