import type { Game } from '../game.ts';
import { InputError } from '../errors.ts';
import { checkKnown, matrixParam, vectorParam, type Params } from './params.ts';

/**
 * The bilinear game f(x, y) = xᵀAy + bᵀx + cᵀy with A of any shape m×k, x ∈ ℝᵐ, y ∈ ℝᵏ.
 * ξ = (A·y + b, −(Aᵀx + c)), J = [[0, A], [−Aᵀ, 0]]: eigenvalues ±i·σⱼ for the singular values σⱼ of A (and 0 for
 * each dimension A does not reach). Each singular pair is an independent copy of x·y scaled by σⱼ, so every
 * statement about x·y holds per mode with η → η·σⱼ.
 */
export function matrix(params: Params = {}): Game {
  checkKnown('matrix', params, ['A', 'b', 'c']);
  const A = matrixParam('matrix', params, 'A', [[1]]);
  const m = A.length;
  const k = A[0].length;
  const b = vectorParam('matrix', params, 'b') ?? new Array<number>(m).fill(0);
  const c = vectorParam('matrix', params, 'c') ?? new Array<number>(k).fill(0);
  if (b.length !== m) throw new InputError('game matrix, param b', `has ${b.length} entries; A has ${m} rows`, ['b']);
  if (c.length !== k) throw new InputError('game matrix, param c', `has ${c.length} entries; A has ${k} columns`, ['c']);
  const d = m + k;
  const names = (s: string, len: number) => (len === 1 ? [s] : Array.from({ length: len }, (_, i) => `${s}${i + 1}`));
  return {
    name: 'matrix',
    description: `f(x, y) = xᵀAy + bᵀx + cᵀy, A ${m}×${k}`,
    players: [
      { name: 'x', coords: names('x', m) },
      { name: 'y', coords: names('y', k) },
    ],
    zeroSum: true,
    field([x, y], [gx, gy], n) {
      for (let i = 0; i < m; i++) {
        for (let p = 0; p < n; p++) gx[i * n + p] = b[i];
        for (let j = 0; j < k; j++) {
          const aij = A[i][j];
          if (aij === 0) continue;
          for (let p = 0; p < n; p++) gx[i * n + p] += aij * y[j * n + p];
        }
      }
      for (let j = 0; j < k; j++) {
        for (let p = 0; p < n; p++) gy[j * n + p] = -c[j];
        for (let i = 0; i < m; i++) {
          const aij = A[i][j];
          if (aij === 0) continue;
          for (let p = 0; p < n; p++) gy[j * n + p] -= aij * x[i * n + p];
        }
      }
    },
    jacobian(_z, J, n) {
      J.fill(0, 0, d * d * n);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < k; j++) {
          J.fill(A[i][j], (i * d + m + j) * n, (i * d + m + j + 1) * n);
          J.fill(-A[i][j], ((m + j) * d + i) * n, ((m + j) * d + i + 1) * n);
        }
      }
    },
    losses([x, y], [l0, l1], n) {
      for (let p = 0; p < n; p++) {
        let f = 0;
        for (let i = 0; i < m; i++) {
          const xi = x[i * n + p];
          f += b[i] * xi;
          for (let j = 0; j < k; j++) f += xi * A[i][j] * y[j * n + p];
        }
        for (let j = 0; j < k; j++) f += c[j] * y[j * n + p];
        l0[p] = f;
        l1[p] = -f;
      }
    },
  };
}
