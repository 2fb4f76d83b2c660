import type { Solver } from './solver.ts';

/**
 * Störmer–Verlet (leapfrog) on the players' split. With fᵢ = −ξᵢ and two players x (0) and y (1):
 *   x½ = x + (h/2)·f₀(x, y),   y' = y + h·f₁(x½, y),   x' = x½ + (h/2)·f₀(x½, y'),
 * a half step of player 0, a full step of player 1, a half step of player 0. With n > 2 players the sweep is
 * symmetric: half steps of players 0, …, n−2, a full step of player n−1, half steps of players n−2, …, 0
 * (one player: an Euler step). Each substep moves one player with the others frozen; costs 2n − 1 evaluations.
 *
 * When the game is separable (ξᵢ does not depend on θᵢ: x·y, matrix games, Dirac-GAN's WGAN), each substep is the
 * exact flow of its part of the field, so the sweep is a symmetric (Strang) composition: second order, exactly
 * time-reversible (a step with −h undoes a step with h) and, for two players, symplectic. Otherwise (a player's
 * gradient depends on its own parameters, e.g. the quadratic game with a ≠ 0) the substeps are Euler steps and the
 * method is a first-order splitting.
 *
 * On x·y with g = h·a the step is the linear map
 *   M = [[1 − g²/2, −g(1 − g²/4)], [g, 1 − g²/2]],   det M = 1,   tr M = 2 − g²,
 * stable for |g| < 2 (eigenvalues on the unit circle), and it conserves the modified energy
 *   Q(x, y) = x² + (1 − g²/4)·y²   (MᵀSM = S with S = diag(1, 1 − g²/4)),
 * positive definite for |g| < 2: the orbits are ellipses, bounded forever, close to the flow's circles.
 * (Hairer, Lubich, Wanner, "Geometric Numerical Integration", 2nd ed., I.1.4, II.3, VI.3; Hairer, Lubich, Wanner,
 * "Geometric numerical integration illustrated by the Störmer–Verlet method", Acta Numerica 2003.)
 */
export const leapfrog: Solver = {
  name: 'leapfrog',
  order: 2,
  create(term) {
    const k = term.alloc();
    const last = term.players - 1;
    // The sweep: (player, fraction of h).
    const sweep: [number, number][] = [];
    for (let p = 0; p < last; p++) sweep.push([p, 0.5]);
    sweep.push([last, 1]);
    for (let p = last - 1; p >= 0; p--) sweep.push([p, 0.5]);
    return {
      step(z, h, out) {
        for (let i = 0; i < out.length; i++) out[i].set(z[i]);
        for (const [p, fraction] of sweep) {
          term.vfPlayer(out, k, p);
          const c = fraction * h;
          const o = out[p];
          const kp = k[p];
          for (let q = 0; q < o.length; q++) o[q] += c * kp[q];
        }
      },
    };
  },
};
