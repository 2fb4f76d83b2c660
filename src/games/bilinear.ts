import type { Game } from '../game.ts';
import { checkKnown, numberParam, type Params } from './params.ts';

/**
 * The bilinear game f(x, y) = a·x·y: x minimizes, y maximizes.
 * ξ = (a·y, −a·x), J = [[0, a], [−a, 0]] with eigenvalues ±a·i: the flow ż = −ξ circles the equilibrium (0, 0).
 * The lecture's first example (a = 1): simultaneous gradient steps spiral outward by √(1 + η²a²) per step.
 */
export function bilinear(params: Params = {}): Game {
  checkKnown('bilinear', params, ['a']);
  const a = numberParam('bilinear', params, 'a', 1);
  return {
    name: 'bilinear',
    description: `f(x, y) = ${a}·x·y`,
    players: [
      { name: 'x', coords: ['x'] },
      { name: 'y', coords: ['y'] },
    ],
    zeroSum: true,
    field([x, y], [gx, gy], n) {
      for (let b = 0; b < n; b++) {
        const xb = x[b];
        gx[b] = a * y[b];
        gy[b] = -a * xb;
      }
    },
    fieldStep([x, y], [cx, cy], n) {
      for (let b = 0; b < n; b++) {
        const xb = x[b];
        x[b] = xb + cx * (a * y[b]);
        y[b] += cy * (-a * xb);
      }
    },
    jacobian(_z, J, n) {
      J.fill(0, 0, n);
      J.fill(a, n, 2 * n);
      J.fill(-a, 2 * n, 3 * n);
      J.fill(0, 3 * n, 4 * n);
    },
    losses([x, y], [l0, l1], n) {
      for (let b = 0; b < n; b++) {
        l0[b] = a * x[b] * y[b];
        l1[b] = -l0[b];
      }
    },
  };
}
