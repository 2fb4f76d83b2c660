import type { Game } from '../game.ts';
import { checkKnown, numberParam, type Params } from './params.ts';

const coords = (name: string, dim: number) =>
  dim === 1 ? [name] : Array.from({ length: dim }, (_, i) => `${name}${i + 1}`);

/**
 * The quadratic game f(x, y) = (a/2)‖x‖² + b·xᵀy − (c/2)‖y‖², x, y ∈ ℝ^dim.
 * ξ = (a·x + b·y, −b·x + c·y), J = [[a·I, b·I], [−b·I, c·I]], eigenvalues ((a + c) ± √((a − c)² − 4b²))/2.
 * With a, c > 0 the equilibrium (0, 0) is strongly convex–concave and every method with a small step converges;
 * a = c = 0 is the bilinear game, a < 0 or c < 0 makes it a saddle of the flow.
 */
export function quadratic(params: Params = {}): Game {
  checkKnown('quadratic', params, ['a', 'b', 'c', 'dim']);
  const a = numberParam('quadratic', params, 'a', 1);
  const b = numberParam('quadratic', params, 'b', 1);
  const c = numberParam('quadratic', params, 'c', 1);
  const dim = numberParam('quadratic', params, 'dim', 1, (v) =>
    Number.isInteger(v) && v >= 1 && v <= 1000 ? undefined : `expected an integer from 1 to 1000, got ${v}`,
  );
  const d = 2 * dim;
  return {
    name: 'quadratic',
    description: `f(x, y) = (${a}/2)‖x‖² + ${b}·xᵀy − (${c}/2)‖y‖²`,
    players: [
      { name: 'x', coords: coords('x', dim) },
      { name: 'y', coords: coords('y', dim) },
    ],
    zeroSum: true,
    field([x, y], [gx, gy], n) {
      for (let k = 0; k < dim * n; k++) {
        const xk = x[k];
        const yk = y[k];
        gx[k] = a * xk + b * yk;
        gy[k] = -b * xk + c * yk;
      }
    },
    fieldStep([x, y], [cx, cy], n) {
      for (let k = 0; k < dim * n; k++) {
        const xk = x[k];
        const yk = y[k];
        x[k] = xk + cx * (a * xk + b * yk);
        y[k] = yk + cy * (-b * xk + c * yk);
      }
    },
    jacobian(_z, J, n) {
      J.fill(0, 0, d * d * n);
      for (let i = 0; i < dim; i++) {
        const set = (r: number, col: number, v: number) => J.fill(v, (r * d + col) * n, (r * d + col + 1) * n);
        set(i, i, a);
        set(i, dim + i, b);
        set(dim + i, i, -b);
        set(dim + i, dim + i, c);
      }
    },
    losses([x, y], [l0, l1], n) {
      for (let p = 0; p < n; p++) {
        let f = 0;
        for (let i = 0; i < dim; i++) {
          const xi = x[i * n + p];
          const yi = y[i * n + p];
          f += 0.5 * a * xi * xi + b * xi * yi - 0.5 * c * yi * yi;
        }
        l0[p] = f;
        l1[p] = -f;
      }
    },
  };
}
