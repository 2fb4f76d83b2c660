import { consensusField } from '../consensus.ts';
import { allocBatch, gameDim, gameField, type Game } from '../game.ts';
import type { Field } from '../field.ts';
import { float64Space } from '../space.ts';

/**
 * A game whose players each add γ·H, H = ½‖ξ‖², to their loss: ℓ̃ᵢ = ℓᵢ + γH, ξ̃ = ξ + γ·Jᵀξ (consensus
 * optimization, Mescheder et al. 2017). The field comes from {@link consensusField}; its Jacobian
 * J̃ = J + γ(JᵀJ + Σₖ ξₖ∇²ξₖ) would need third derivatives of the losses, so it is taken by central differences of
 * ξ̃ (relative error ~1e-10; exact J + γJᵀJ at an equilibrium, where ξ = 0, up to that error).
 */
export function withConsensus(game: Game, gamma: number): Game {
  const fields = new Map<number, Field<Float64Array>>();
  const fieldFor = (n: number) => {
    let f = fields.get(n);
    if (!f) fields.set(n, (f = consensusField(float64Space, gameField(game, n), game.players.map(() => gamma))));
    return f;
  };
  const d = gameDim(game);
  const dims = game.players.map((p) => p.coords.length);
  // Named one by one, not spread: a face of the base game this wrapper does not redefine (a fused fieldStep) would
  // silently compute the unregularized field.
  const wrapped: Game = {
    name: game.name,
    players: game.players,
    description: `${game.description}, consensus γ = ${gamma}`,
    zeroSum: false,
    field: (z, out, n) => fieldFor(n).grad(z, out),
    jacobian(z, J, n) {
      const zp = z.map((v) => v.slice());
      const plus = allocBatch(game, n);
      const minus = allocBatch(game, n);
      const field = fieldFor(n);
      let c = 0;
      dims.forEach((dim, i) => {
        for (let k = 0; k < dim; k++, c++) {
          const hs = new Float64Array(n);
          for (let b = 0; b < n; b++) {
            const v = z[i][k * n + b];
            hs[b] = 1e-5 * (1 + Math.abs(v));
            zp[i][k * n + b] = v + hs[b];
          }
          field.grad(zp, plus);
          for (let b = 0; b < n; b++) zp[i][k * n + b] = z[i][k * n + b] - hs[b];
          field.grad(zp, minus);
          for (let b = 0; b < n; b++) zp[i][k * n + b] = z[i][k * n + b];
          let r = 0;
          dims.forEach((rdim, j) => {
            for (let q = 0; q < rdim; q++, r++) {
              for (let b = 0; b < n; b++) {
                J[(r * d + c) * n + b] = (plus[j][q * n + b] - minus[j][q * n + b]) / (2 * hs[b]);
              }
            }
          });
        }
      });
    },
    losses(z, out, n) {
      game.losses(z, out, n);
      const xi = allocBatch(game, n);
      game.field(z, xi, n);
      for (let b = 0; b < n; b++) {
        let h = 0;
        xi.forEach((blk, i) => {
          for (let k = 0; k < dims[i]; k++) h += 0.5 * blk[k * n + b] ** 2;
        });
        for (const l of out) l[b] += gamma * h;
      }
    },
    lossGrad(z, player, out, n) {
      const f = gameField(game, n);
      f.lossGrad!(z, player, out);
      const xi = allocBatch(game, n);
      const jtxi = allocBatch(game, n);
      game.field(z, xi, n);
      f.vjp!(z, xi, jtxi);
      out.forEach((blk, i) => float64Space.axpy(blk, gamma, jtxi[i]));
    },
  };
  if (game.project) wrapped.project = game.project.bind(game);
  return wrapped;
}
