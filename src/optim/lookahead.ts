import { needs, type Field } from '../field.ts';
import type { Space } from '../space.ts';
import { newState, showPerPlayer, type Optimizer, type OptState } from './types.ts';

/**
 * Extragradient (Korpelevich 1976): z½ = z − η·ξ(z), z' = z − η·ξ(z½).
 * On x·y the step multiplies ‖z‖ by exactly √(1 − η² + η⁴), so it converges iff η < 1.
 */
export function extragradient(lr: readonly number[]): Optimizer {
  return {
    name: 'eg',
    label: `eg (η = ${showPerPlayer(lr)})`,
    init: (space, z) => newState(space, z, ['_g', '_half']),
    step<V>(space: Space<V>, field: Field<V>, z: V[], state: OptState<V>) {
      const { _g: g, _half: half } = state.slots;
      field.grad(z, g);
      for (let i = 0; i < z.length; i++) space.lincomb(half[i], 1, z[i], -lr[i], g[i]);
      field.project?.(half);
      field.grad(half, g);
      for (let i = 0; i < z.length; i++) space.axpy(z[i], -lr[i], g[i]);
      field.project?.(z);
      state.t++;
      state.counts = state.counts.map((c) => c + 1);
    },
  };
}

/**
 * The proximal point method (Rockafellar 1976): the implicit step z' = z − η·ξ(z'), solved by the field
 * (Newton's method per point for Float64 games). On x·y it contracts ‖z‖ by exactly 1/√(1 + η²): it converges for
 * every η. Extragradient is its explicit approximation (Mokhtari, Ozdaglar & Pattathil 2020).
 */
export function proximal(lr: readonly number[]): Optimizer {
  return {
    name: 'proximal',
    label: `proximal (η = ${showPerPlayer(lr)})`,
    init: (space, z) => newState(space, z, ['_next']),
    step<V>(space: Space<V>, field: Field<V>, z: V[], state: OptState<V>) {
      const solve = needs(field, 'solveImplicit', 'proximal');
      const next = state.slots._next;
      solve(z, lr, 1, next);
      for (let i = 0; i < z.length; i++) space.copy(z[i], next[i]);
      field.project?.(z);
      state.t++;
      state.counts = state.counts.map((c) => c + 1);
    },
  };
}

/**
 * Unrolled GAN (Metz, Poole, Pfau & Sohl-Dickstein 2017), for two players: the max player (1) takes an ordinary
 * step, while the min player (0) descends its loss against the max player's parameters k steps ahead,
 *   y₀ = y, yⱼ₊₁ = yⱼ − η₁·ξ₁(x, yⱼ), x' = x − η₀·d/dx ℓ₀(x, y_k(x)), y' = y₁.
 * With `differentiate` the total derivative flows back through the unrolled steps (reverse mode, Jacobian-transpose
 * products of the field): d/dx ℓ₀ = ∇ₓℓ₀ + (∂y_k/∂x)ᵀ∇ᵧℓ₀; without it, only ∇ₓℓ₀(x, y_k) (the cheap variant).
 */
export function unrolled(lr: readonly number[], k: number, differentiate: boolean): Optimizer {
  return {
    name: 'unrolled',
    label: `unrolled (η = ${showPerPlayer(lr)}, k = ${k}${differentiate ? '' : ', no backprop'})`,
    init<V>(space: Space<V>, z: readonly V[]) {
      if (z.length !== 2) throw new RangeError(`unrolled needs exactly 2 players, got ${z.length}`);
      if (!(k >= 1)) throw new RangeError(`unrolled needs k ≥ 1 look-ahead steps, got ${k}`);
      const state = newState(space, z, ['_g', '_w', '_r', '_grad']);
      for (let j = 0; j <= k; j++) state.slots[`_y${j}`] = [space.zerosLike(z[0]), space.zerosLike(z[1])];
      return state;
    },
    step<V>(space: Space<V>, field: Field<V>, z: V[], state: OptState<V>) {
      const lossGrad = needs(field, 'lossGrad', 'unrolled');
      const vjp = differentiate ? needs(field, 'vjp', 'unrolled with differentiate') : undefined;
      const { _g: g, _w: w, _r: r, _grad: grad } = state.slots;
      // Forward: z_j = (x, y_j) for j = 0..k, each stored (the tape).
      const tape = Array.from({ length: k + 1 }, (_, j) => state.slots[`_y${j}`]);
      for (let i = 0; i < 2; i++) space.copy(tape[0][i], z[i]);
      for (let j = 0; j < k; j++) {
        field.grad(tape[j], g, 1);
        space.copy(tape[j + 1][0], z[0]);
        space.lincomb(tape[j + 1][1], 1, tape[j][1], -lr[1], g[1]);
        field.project?.(tape[j + 1]);
      }
      // The min player's gradient at (x, y_k), and the cotangent v = ∇ᵧℓ₀ carried back through the steps.
      lossGrad(tape[k], 0, grad);
      if (vjp) {
        space.scale(w[0], 0);
        for (let j = k - 1; j >= 0; j--) {
          // y_{j+1} = y_j − η₁ξ₁(x, y_j): its transpose Jacobian on (0, v) is −η₁·Jᵀ(0, v), plus v for y_j.
          space.copy(w[1], grad[1]);
          vjp(tape[j], w, r);
          space.axpy(grad[0], -lr[1], r[0]);
          space.axpy(grad[1], -lr[1], r[1]);
        }
      }
      space.axpy(z[0], -lr[0], grad[0]);
      space.copy(z[1], tape[1][1]);
      field.project?.(z);
      state.t++;
      state.counts = state.counts.map((c) => c + 1);
    },
  };
}
