import { consensusField, sgaField } from '../consensus.ts';
import type { Field } from '../field.ts';
import type { Space } from '../space.ts';
import { sgd } from './rules.ts';
import { simultaneous } from './schemes.ts';
import { showPerPlayer, type Optimizer, type OptState } from './types.ts';

/**
 * Simultaneous descent on a modified field ξ̃ built from the game's own: the shape shared by consensus optimization
 * and symplectic gradient adjustment. The modified field is made once per game field and kept.
 */
function onModifiedField(name: string, label: string, lr: readonly number[], modify: <V>(space: Space<V>, f: Field<V>) => Field<V>): Optimizer {
  const inner = simultaneous(name, sgd(lr));
  const cache = new WeakMap<object, Field<unknown>>();
  return {
    name,
    label: `${name} (${label})`,
    init: (space, z) => inner.init(space, z),
    step<V>(space: Space<V>, field: Field<V>, z: V[], state: OptState<V>) {
      let modified = cache.get(field) as Field<V> | undefined;
      if (!modified) cache.set(field, (modified = modify(space, field)) as Field<unknown>);
      inner.step(space, modified, z, state);
    },
  };
}

/**
 * Consensus optimization (Mescheder, Nowozin & Geiger 2017): z' = z − η·(ξ + γ·Jᵀξ), i.e. every player also
 * descends H = ½‖ξ‖². On x·y the step multiplies ‖z‖ by exactly √((1 − ηγ)² + η²), so it converges iff
 * η < 2γ/(1 + γ²).
 */
export function consensus(lr: readonly number[], gamma: readonly number[]): Optimizer {
  return onModifiedField('consensus', `η = ${showPerPlayer(lr)}, γ = ${showPerPlayer(gamma)}`, lr, (space, f) =>
    consensusField(space, f, gamma),
  );
}

/**
 * Symplectic gradient adjustment (Balduzzi et al. 2018, "The Mechanics of n-Player Differentiable Games"):
 * z' = z − η·(ξ + λ·Aᵀξ), A = ½(J − Jᵀ) the antisymmetric part of the game Jacobian, so Aᵀξ = ½(Jᵀξ − Jξ).
 * (The paper's sign alignment of λ needs a global inner product; λ is fixed here.) On bilinear games J = A and
 * SGA equals consensus with γ = λ.
 */
export function sga(lr: readonly number[], lambda: readonly number[]): Optimizer {
  return onModifiedField('sga', `η = ${showPerPlayer(lr)}, λ = ${showPerPlayer(lambda)}`, lr, (space, f) =>
    sgaField(space, f, lambda),
  );
}
