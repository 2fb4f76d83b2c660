import type { Field } from '../field.ts';
import type { Space } from '../space.ts';
import type { Optimizer, OptState } from './types.ts';

/**
 * Iterate averaging around any optimizer: the reported iterate is an average of z₀, z₁, …, zₜ while the inner
 * optimizer runs unchanged.
 * - uniform: z̄ₜ = (1/(t + 1))·Σₛ zₛ, updated as z̄ ← z̄ + (z − z̄)/(t + 1). On x·y, alternating GDA's iterates stay
 *   on a bounded orbit, so their average goes to the equilibrium like 1/(ηT) (Gidel et al. 2019, "A Variational
 *   Inequality Perspective on GANs", §3.3; Yazıcı et al. 2019 for GANs).
 * - ema: z̄ ← decay·z̄ + (1 − decay)·z, the exponential moving average used for GAN generators.
 */
export function averaging(inner: Optimizer, kind: 'uniform' | 'ema', decay: number): Optimizer {
  return {
    name: inner.name,
    label: `${inner.label}, ${kind === 'uniform' ? 'uniform average' : `EMA ${decay}`}`,
    init<V>(space: Space<V>, z: readonly V[]) {
      const state = inner.init(space, z);
      state.slots.average = z.map((v) => space.clone(v));
      return state;
    },
    step<V>(space: Space<V>, field: Field<V>, z: V[], state: OptState<V>) {
      inner.step(space, field, z, state);
      const avg = state.slots.average;
      const w = kind === 'uniform' ? 1 / (state.t + 1) : 1 - decay;
      for (let i = 0; i < z.length; i++) space.lincomb(avg[i], 1 - w, avg[i], w, z[i]);
    },
    readout: <V>(_z: readonly V[], state: OptState<V>) => state.slots.average,
  };
}
