import { consensusField, sgaField } from '../consensus.ts';
import type { Field } from '../field.ts';
import type { Space } from '../space.ts';
import { sgd } from './rules.ts';
import { simultaneous } from './schemes.ts';
import { showPerPlayer, type Optimizer, type OptState } from './types.ts';

/**
 * Simultaneous descent on a modified field ξ̃ built from the game's own: the shape shared by consensus optimization
 * and symplectic gradient adjustment. The modified field's scratch buffers are slots of the optimizer's state, so
 * they are freed with it (tensors included).
 */
function onModifiedField(
  name: string,
  label: string,
  lr: readonly number[],
  scratch: readonly string[],
  modify: <V>(space: Space<V>, f: Field<V>, buffers: V[][]) => Field<V>,
): Optimizer {
  const inner = simultaneous(name, sgd(lr));
  return {
    name,
    label: `${name} (${label})`,
    init<V>(space: Space<V>, z: readonly V[]) {
      const state = inner.init(space, z);
      for (const slot of scratch) state.slots[slot] = z.map((v) => space.zerosLike(v));
      return state;
    },
    step<V>(space: Space<V>, field: Field<V>, z: V[], state: OptState<V>) {
      inner.step(space, modify(space, field, scratch.map((slot) => state.slots[slot])), z, state);
    },
  };
}

/**
 * Consensus optimization (Mescheder, Nowozin & Geiger 2017): z' = z − η·(ξ + γ·Jᵀξ), i.e. every player also
 * descends H = ½‖ξ‖². On x·y the step multiplies ‖z‖ by exactly √((1 − ηγ)² + η²), so it converges iff
 * η < 2γ/(1 + γ²).
 */
export function consensus(lr: readonly number[], gamma: readonly number[]): Optimizer {
  return onModifiedField('consensus', `η = ${showPerPlayer(lr)}, γ = ${showPerPlayer(gamma)}`, lr, ['_xi', '_jtxi'], (space, f, [xi, jtxi]) =>
    consensusField(space, f, gamma, [xi, jtxi]),
  );
}

/**
 * Symplectic gradient adjustment (Balduzzi et al. 2018, "The Mechanics of n-Player Differentiable Games"):
 * z' = z − η·(ξ + λ·Aᵀξ), A = ½(J − Jᵀ) the antisymmetric part of the game Jacobian, so Aᵀξ = ½(Jᵀξ − Jξ).
 * (The paper's sign alignment of λ needs a global inner product; λ is fixed here.) On bilinear games J = A and
 * SGA equals consensus with γ = λ.
 */
export function sga(lr: readonly number[], lambda: readonly number[]): Optimizer {
  return onModifiedField('sga', `η = ${showPerPlayer(lr)}, λ = ${showPerPlayer(lambda)}`, lr, ['_xi', '_jxi', '_jtxi'], (space, f, [xi, jxi, jtxi]) =>
    sgaField(space, f, lambda, [xi, jxi, jtxi]),
  );
}
