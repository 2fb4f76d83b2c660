import { gameDim, type Game } from '../game.ts';
import { jacobianAt, lossGradAt, owners } from './point.ts';

/**
 * The local linear model of a game at a stationary point z*, as a {@link Game} in the displacement δ = z − z*:
 *   ξ(z* + δ) ≈ J·δ,  ∇ℓₚ(z* + δ) ≈ gₚ + Hₚ·δ,
 * with J = ∂ξ/∂z at z*, Hₚ the Hessian of player p's loss and gₚ = ∇ℓₚ(z*) (zero in p's own block, since
 * ξₚ(z*) = 0, but not in the others' blocks of a general-sum game). Every optimizer of src/optim runs on it
 * unchanged, through {@link gameField}: Jacobian products from J, the implicit step by a dense solve (Newton is
 * exact after one update on a linear field), and each loss's gradient:
 * - zero-sum (ℓ₀ = f = −ℓ₁): from ξ, as gameField derives it (∇ℓ₀ = (ξ₀, −ξ₁)), so Hₚ comes from J;
 * - general-sum: Hₚ by central differences of the game's `lossGrad` (step 1e-5·(1 + |zₖ|), error ~1e-10 relative),
 *   except player p's own rows and columns, which are J's rows of block p (exact).
 * An optimizer's step on this model is exactly the linearization of its step on the game (for rules linear in the
 * gradient); see update-map.ts.
 */
export function linearModel(game: Game, point: readonly number[], jacobian?: readonly (readonly number[])[]): Game {
  const d = gameDim(game);
  const J = (jacobian ?? jacobianAt(game, point)).map((row) => [...row]);
  const owner = owners(game);
  const loss = game.zeroSum ? undefined : lossHessians(game, point, J, owner);
  // Row r of a batch lives in block owner[r] at component comp[r].
  const comp = game.players.flatMap((p) => p.coords.map((_, c) => c));
  /** out_r ← Σ_c M(r, c)·δ_c (+ g_r) for every point of the batch. */
  const apply = (M: number[][], g: number[] | undefined, z: readonly Float64Array[], out: Float64Array[], n: number) => {
    for (let r = 0; r < d; r++) {
      const o = out[owner[r]];
      const off = comp[r] * n;
      const g0 = g ? g[r] : 0;
      for (let b = 0; b < n; b++) o[off + b] = g0;
      for (let c = 0; c < d; c++) {
        const m = M[r][c];
        if (m === 0) continue;
        const zc = z[owner[c]];
        const zoff = comp[c] * n;
        for (let b = 0; b < n; b++) o[off + b] += m * zc[zoff + b];
      }
    }
  };
  const value = (M: number[][], g: number[] | undefined, z: readonly Float64Array[], n: number, b: number) => {
    let s = 0;
    for (let r = 0; r < d; r++) {
      const zr = z[owner[r]][comp[r] * n + b];
      s += (g ? g[r] : 0) * zr;
      for (let c = 0; c < d; c++) s += 0.5 * zr * M[r][c] * z[owner[c]][comp[c] * n + b];
    }
    return s;
  };
  // Zero-sum: f(z* + δ) − f(z*) ≈ ½δᵀ∇²f δ, ∇²f = diag(I, −I)·J.
  const hessianF = J.map((row, r) => row.map((v) => (owner[r] === 0 ? v : -v)));
  const model: Game = {
    name: `${game.name} (linearized)`,
    description: `the linearization of ${game.description} at (${point.join(', ')})`,
    players: game.players,
    zeroSum: game.zeroSum,
    field: (z, out, n) => apply(J, undefined, z, out, n),
    jacobian(_z, out, n) {
      for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) out.fill(J[r][c], (r * d + c) * n, (r * d + c + 1) * n);
    },
    losses(z, out, n) {
      for (let b = 0; b < n; b++) {
        out.forEach((o, p) => {
          o[b] = loss ? value(loss[p].H, loss[p].g, z, n, b) : (p === 0 ? 1 : -1) * value(hessianF, undefined, z, n, b);
        });
      }
    },
  };
  if (loss) model.lossGrad = (z, p, out, n) => apply(loss[p].H, loss[p].g, z, out, n);
  return model;
}

/** gₚ and Hₚ of each player's loss at the point (general-sum games). */
function lossHessians(game: Game, point: readonly number[], J: number[][], owner: number[]): { g: number[]; H: number[][] }[] {
  const d = point.length;
  if (!game.lossGrad) throw new Error(`game ${game.name} is general-sum but gives no loss gradients`);
  return game.players.map((_, p) => {
    const g = lossGradAt(game, point, p).map((v, r) => (owner[r] === p ? 0 : v));
    const H = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let c = 0; c < d; c++) {
      const h = 1e-5 * (1 + Math.abs(point[c]));
      const plus = [...point];
      const minus = [...point];
      plus[c] += h;
      minus[c] -= h;
      const gp = lossGradAt(game, plus, p);
      const gm = lossGradAt(game, minus, p);
      for (let r = 0; r < d; r++) H[r][c] = (gp[r] - gm[r]) / (2 * h);
    }
    for (let r = 0; r < d; r++) {
      for (let c = 0; c < d; c++) {
        if (owner[r] === p) H[r][c] = J[r][c];
        else if (owner[c] === p) H[r][c] = J[c][r];
      }
    }
    return { g, H };
  });
}
