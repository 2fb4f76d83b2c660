import { needs, type Field } from './field.ts';
import type { Space } from './space.ts';

/**
 * The consensus field ξ̃ = ξ + γ·Jᵀξ = ξ + γ·∇H, H = ½‖ξ‖² (Mescheder, Nowozin & Geiger 2017, "The Numerics of
 * GANs", §3): every player also descends the Hamiltonian, which damps the rotation of the game by γ·JᵀJ.
 * γ may differ per player (γᵢ scales player i's block). Used by the `consensus` optimizer and by the Dirac-GAN's
 * `consensus` regularizer, so both are one formula.
 * `scratch` = [ξ, Jᵀξ] buffers, when the caller owns them (an optimizer keeps them in its state, so they are freed
 * with it); otherwise they are allocated on first use and live as long as the returned field.
 */
export function consensusField<V>(space: Space<V>, field: Field<V>, gamma: readonly number[], scratch?: readonly [V[], V[]]): Field<V> {
  const vjp = needs(field, 'vjp', 'consensus');
  let [xi, jtxi] = scratch ?? [undefined, undefined];
  return {
    players: field.players,
    grad(z, out, player) {
      xi ??= z.map((v) => space.zerosLike(v));
      jtxi ??= z.map((v) => space.zerosLike(v));
      field.grad(z, xi);
      vjp(z, xi, jtxi);
      for (let i = 0; i < field.players; i++) {
        if (player !== undefined && i !== player) continue;
        space.lincomb(out[i], 1, xi[i], gamma[i], jtxi[i]);
      }
    },
    project: field.project?.bind(field),
  };
}

/**
 * The SGA field ξ̃ = ξ + λ·Aᵀξ, A = ½(J − Jᵀ), so Aᵀξ = ½(Jᵀξ − Jξ) (Balduzzi et al. 2018). λ may differ per player.
 * `scratch` = [ξ, Jξ, Jᵀξ] buffers, as for {@link consensusField}.
 */
export function sgaField<V>(space: Space<V>, field: Field<V>, lambda: readonly number[], scratch?: readonly [V[], V[], V[]]): Field<V> {
  const jvp = needs(field, 'jvp', 'sga');
  const vjp = needs(field, 'vjp', 'sga');
  let [xi, jx, jtx] = scratch ?? [undefined, undefined, undefined];
  return {
    players: field.players,
    grad(z, out, player) {
      xi ??= z.map((v) => space.zerosLike(v));
      jx ??= z.map((v) => space.zerosLike(v));
      jtx ??= z.map((v) => space.zerosLike(v));
      field.grad(z, xi);
      jvp(z, xi, jx);
      vjp(z, xi, jtx);
      for (let i = 0; i < field.players; i++) {
        if (player !== undefined && i !== player) continue;
        space.lincomb(out[i], 1, xi[i], lambda[i] / 2, jtx[i]);
        space.axpy(out[i], -lambda[i] / 2, jx[i]);
      }
    },
    project: field.project?.bind(field),
  };
}
