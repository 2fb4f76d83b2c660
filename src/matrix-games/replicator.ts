/**
 * The replicator dynamics of a bimatrix game in continuous time (Taylor & Jonker 1978; Schuster & Sigmund 1983;
 * Hofbauer & Sigmund 1998), integrated by the project's integrators (src/flow):
 *
 *   ẋᵢ = xᵢ·((Ay)ᵢ − x̄ᵀAy),   ẏⱼ = yⱼ·((Bᵀx)ⱼ − xᵀBȳ),   x̄ = x/Σx, ȳ = y/Σy.
 *
 * On the simplices (Σx = Σy = 1) this is the textbook equation: a strategy grows at the rate by which its payoff
 * beats the player's mean. Writing the mean with x̄ rather than x makes Σᵢẋᵢ = 0 everywhere, not only on Δ, so the
 * sums are linear first integrals, which every Runge–Kutta method, explicit or implicit, keeps up to rounding; the
 * faces xᵢ = 0 are invariant too (a strategy never played is never learned).
 *
 * In a zero-sum game with an interior equilibrium (x*, y*), H = KL(x*‖x) + KL(y*‖y) is a constant of motion, so
 * orbits cycle around the equilibrium (Hofbauer & Sigmund 1998; Piliouras & Shamma 2014; ../shared/REFERENCES.md,
 * Matrix games): dH/dt = −Σᵢ x*ᵢ ẋᵢ/xᵢ − Σⱼ y*ⱼ ẏⱼ/yⱼ = −(x*ᵀAy − xᵀAy) − (xᵀBy* − xᵀBy)
 * = xᵀAy* − x*ᵀAy = v − v = 0 when B = −A.
 *
 * As a {@link Game} for `integrate` (src/flow), whose flow is ż = −ξ(z): the field is ξ = −(ẋ, ẏ), the replicator
 * field — the gradient of the payoffs in the Shahshahani metric (Shahshahani 1979), not the Euclidean gradient of
 * the losses. Its Jacobian, which the implicit integrators use, is exact:
 *
 *   ∂ẋᵢ/∂xₗ = δᵢₗ((Ay)ᵢ − φ) − xᵢ((Ay)ₗ − φ)/Σx,   ∂ẋᵢ/∂yₗ = xᵢ(A_iₗ − (xᵀA)ₗ/Σx),   φ = xᵀAy/Σx,
 *   ∂ẏⱼ/∂yₗ = δⱼₗ((Bᵀx)ⱼ − ψ) − yⱼ((Bᵀx)ₗ − ψ)/Σy,   ∂ẏⱼ/∂xₗ = yⱼ(B_ₗⱼ − (By)ₗ/Σy),   ψ = xᵀBy/Σy.
 *
 * The losses are those of each player maximizing its payoff: ℓ₀ = −xᵀAy, ℓ₁ = −xᵀBy.
 */
import { integrate, type Flow } from '../flow/index.ts';
import type { Game } from '../game.ts';
import type { BimatrixGame } from './bimatrix.ts';

const names = (s: string, len: number) => Array.from({ length: len }, (_, i) => `${s}${i + 1}`);

/** The replicator field of `game` as a Game over batches: ξ = −(ẋ, ẏ), with its exact Jacobian. */
export function replicatorGame(game: BimatrixGame): Game {
  const { A, B, m, k } = game;
  const d = m + k;
  /** Per point b: Ay (m), Bᵀx (k), xᵀA (k), By (m), Σx, Σy. */
  const ay = new Float64Array(m);
  const bx = new Float64Array(k);
  const xa = new Float64Array(k);
  const by = new Float64Array(m);
  const products = (x: Float64Array, y: Float64Array, n: number, b: number) => {
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < m; i++) sx += x[i * n + b];
    for (let j = 0; j < k; j++) sy += y[j * n + b];
    ay.fill(0);
    bx.fill(0);
    xa.fill(0);
    by.fill(0);
    for (let i = 0; i < m; i++) {
      const xi = x[i * n + b];
      for (let j = 0; j < k; j++) {
        const yj = y[j * n + b];
        ay[i] += A[i][j] * yj;
        by[i] += B[i][j] * yj;
        bx[j] += B[i][j] * xi;
        xa[j] += A[i][j] * xi;
      }
    }
    let xay = 0;
    let xby = 0;
    for (let i = 0; i < m; i++) {
      xay += x[i * n + b] * ay[i];
      xby += x[i * n + b] * by[i];
    }
    return { sx, sy, phi: xay / sx, psi: xby / sy };
  };
  return {
    name: 'replicator',
    description: `replicator dynamics of a ${m}×${k} ${game.zeroSum ? 'zero-sum' : 'bimatrix'} game: ẋᵢ = xᵢ((Ay)ᵢ − xᵀAy), ẏⱼ = yⱼ((Bᵀx)ⱼ − xᵀBy)`,
    players: [
      { name: 'x', coords: names('x', m) },
      { name: 'y', coords: names('y', k) },
    ],
    zeroSum: game.zeroSum,
    field([x, y], [gx, gy], n) {
      for (let b = 0; b < n; b++) {
        const { phi, psi } = products(x, y, n, b);
        for (let i = 0; i < m; i++) gx[i * n + b] = -x[i * n + b] * (ay[i] - phi);
        for (let j = 0; j < k; j++) gy[j * n + b] = -y[j * n + b] * (bx[j] - psi);
      }
    },
    jacobian([x, y], J, n) {
      for (let b = 0; b < n; b++) {
        const { sx, sy, phi, psi } = products(x, y, n, b);
        // Entry (r, c) of point b at (r·d + c)·n + b; J = −∂(ẋ, ẏ)/∂(x, y).
        const set = (r: number, c: number, v: number) => (J[(r * d + c) * n + b] = -v);
        for (let i = 0; i < m; i++) {
          const xi = x[i * n + b];
          for (let l = 0; l < m; l++) set(i, l, (i === l ? ay[i] - phi : 0) - (xi * (ay[l] - phi)) / sx);
          for (let l = 0; l < k; l++) set(i, m + l, xi * (A[i][l] - xa[l] / sx));
        }
        for (let j = 0; j < k; j++) {
          const yj = y[j * n + b];
          for (let l = 0; l < k; l++) set(m + j, m + l, (j === l ? bx[j] - psi : 0) - (yj * (bx[l] - psi)) / sy);
          for (let l = 0; l < m; l++) set(m + j, l, yj * (B[l][j] - by[l] / sy));
        }
      }
    },
    losses([x, y], [l0, l1], n) {
      for (let b = 0; b < n; b++) {
        let u = 0;
        let w = 0;
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < k; j++) {
            const p = x[i * n + b] * y[j * n + b];
            u += p * A[i][j];
            w += p * B[i][j];
          }
        }
        l0[b] = -u;
        l1[b] = -w;
      }
    },
    lossGrad([x, y], player, [gx, gy], n) {
      // ∇ₓ(−xᵀMy) = −My, ∇ᵧ(−xᵀMy) = −Mᵀx, with M = A for player 0 and B for player 1.
      const M = player === 0 ? A : B;
      gx.fill(0);
      gy.fill(0);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < k; j++) {
          const a = M[i][j];
          for (let b = 0; b < n; b++) {
            gx[i * n + b] -= a * y[j * n + b];
            gy[j * n + b] -= a * x[i * n + b];
          }
        }
      }
    },
  };
}

/**
 * The replicator dynamics of `game` over n points as a {@link Flow}: one `step` advances time by dt with the named
 * integrator (`rk45`, `implicit-midpoint`, …; its options as for `integrate`). Label: `replicator, rk45 (dt = 0.1, …)`.
 */
export function replicatorFlow(game: BimatrixGame, n: number, integrator: string, dt: number, options: Readonly<Record<string, unknown>> = {}): Flow {
  const flow = integrate(integrator, options, replicatorGame(game), n, dt);
  return { ...flow, label: `replicator, ${flow.label}` };
}
