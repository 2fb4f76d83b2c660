import type { Field } from '../field.ts';
import type { Space } from '../space.ts';
import type { Rule } from './rules.ts';
import { newState, type Optimizer, type OptState } from './types.ts';

/**
 * Simultaneous play: every player's gradient is taken at the same z, then every player moves.
 * With the rule sgd this is simultaneous gradient descent–ascent z' = z − η·ξ(z): on x·y it multiplies ‖z‖ by
 * exactly √(1 + η²) every step (the lecture's outward spiral).
 */
export function simultaneous(name: string, rule: Rule): Optimizer {
  return {
    name,
    label: `${name} (${rule.label})`,
    init: (space, z) => newState(space, z, ['_g', ...rule.slots]),
    step<V>(space: Space<V>, field: Field<V>, z: V[], state: OptState<V>) {
      if (rule.coefficients && field.step) {
        field.step(z, rule.coefficients);
        for (let i = 0; i < z.length; i++) state.counts[i]++;
      } else {
        const g = state.slots._g;
        field.grad(z, g);
        for (let i = 0; i < z.length; i++) rule.apply(space, z[i], g[i], i, state.slots, ++state.counts[i]);
      }
      field.project?.(z);
      state.t++;
    },
  };
}

/**
 * Alternating play: players move one after the other, each seeing the others' latest parameters, player i taking
 * `steps[i]` updates in its turn. On x·y with sgd and x first: x' = x − ηy, y' = y + ηx', which conserves
 * Q = x² + y² − ηxy: a bounded orbit for η < 2 that never converges (Gidel et al. 2019; Mescheder et al. 2018 for
 * n_g generator and n_d discriminator steps). Projections (weight clipping) follow each player's update.
 */
export function alternating(name: string, rule: Rule, order: readonly number[], steps: readonly number[]): Optimizer {
  const turns = order.map((i) => `${i}×${steps[i]}`).join(' ');
  return {
    name,
    label: `${name} (${rule.label}${order[0] === 0 && steps.every((s) => s === 1) ? '' : `, turns ${turns}`})`,
    init: (space, z) => newState(space, z, ['_g', ...rule.slots]),
    step<V>(space: Space<V>, field: Field<V>, z: V[], state: OptState<V>) {
      const g = state.slots._g;
      for (const i of order) {
        for (let k = 0; k < steps[i]; k++) {
          field.grad(z, g, i);
          rule.apply(space, z[i], g[i], i, state.slots, ++state.counts[i]);
          field.project?.(z);
        }
      }
      state.t++;
    },
  };
}
