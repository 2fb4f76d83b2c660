/**
 * Every built-in game is one object with several faces (ξ, J, the losses, each loss's gradient in every block);
 * these properties check that the faces agree, at random points, by central differences.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocBatch, gameDim, packPoints, type Game } from '../../../src/game.ts';
import { bilinear, dirac, matrix, quadratic } from '../../../src/games/index.ts';
import { diracLosses, diracRegularizers } from '../../../src/games/dirac.ts';
import { exprGame } from '../../../src/games/expr.ts';

const configs: [string, Game][] = [
  ['bilinear a = −1.5', bilinear({ a: -1.5 })],
  ['quadratic dim 2', quadratic({ a: 0.5, b: -2, c: 0.25, dim: 2 })],
  ['matrix 2×3 with b, c', matrix({ A: '[[1,2,0],[0,-1,3]]', b: '[0.5,-1]', c: [1, 0, -2] })],
  ['expr x·y + sin x − y²/3', exprGame({ f: 'x*y + sin(x) - y^2/3' })],
  ['expr general-sum, 2 + 1 coordinates', exprGame({ losses: ['x1*y + x2^2/2 + tanh(x1)', '-x1*y + y^2/4 - x2*y'], vars: [['x1', 'x2'], ['y']] })],
  ...diracLosses.flatMap((loss) =>
    diracRegularizers.map((reg) => [`dirac ${loss} ${reg}`, dirac({ loss, reg, gamma: 0.7, sigma: 0.6 })] as [string, Game]),
  ),
];

const flat = (z: Float64Array[]) => z.flatMap((b) => Array.from(b));
const point = (d: number) => fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: d, maxLength: d });
/** Central difference of `fn` (which maps a flat point to a flat vector) along coordinate k. */
function partial(game: Game, fn: (z: Float64Array[]) => number[], p: number[], k: number): number[] {
  const h = 1e-6 * (1 + Math.abs(p[k]));
  const plus = [...p];
  const minus = [...p];
  plus[k] += h;
  minus[k] -= h;
  const a = fn(packPoints(game, [plus]));
  const b = fn(packPoints(game, [minus]));
  return a.map((v, i) => (v - b[i]) / (2 * h));
}
const near = (a: number, b: number) => Math.abs(a - b) <= 2e-6 * Math.max(1, Math.abs(a), Math.abs(b));

describe.each(configs)('%s', (_, game) => {
  const d = gameDim(game);
  const xi = (z: Float64Array[]) => {
    const out = allocBatch(game, 1);
    game.field(z, out, 1);
    return flat(out);
  };
  const losses = (z: Float64Array[]) => {
    const out = game.players.map(() => new Float64Array(1));
    game.losses(z, out, 1);
    return out.map((l) => l[0]);
  };
  // Points away from the kink of the WGAN-GP penalty at ψ = 0.
  const at = point(d).filter((p) => Math.abs(p[p.length - 1]) > 1e-3);

  it('its Jacobian is the derivative of ξ (central differences)', () => {
    fc.assert(
      fc.property(at, (p) => {
        const J = new Float64Array(d * d);
        game.jacobian(packPoints(game, [p]), J, 1);
        for (let c = 0; c < d; c++) {
          const col = partial(game, xi, p, c);
          for (let r = 0; r < d; r++) expect(near(J[r * d + c], col[r])).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('each player’s ξᵢ is the gradient of its own loss in its own block, and lossGrad is the full gradient of each loss', () => {
    fc.assert(
      fc.property(at, (p) => {
        const z = packPoints(game, [p]);
        const g = xi(z);
        game.players.forEach((_, i) => {
          const numeric = Array.from({ length: d }, (_, k) => partial(game, (w) => [losses(w)[i]], p, k)[0]);
          if (game.lossGrad) {
            const out = allocBatch(game, 1);
            game.lossGrad(z, i, out, 1);
            flat(out).forEach((v, k) => expect(near(v, numeric[k])).toBe(true));
          }
          let k = 0;
          game.players.forEach((pl, j) => {
            for (let c = 0; c < pl.coords.length; c++, k++) if (j === i) expect(near(g[k], numeric[k])).toBe(true);
          });
        });
      }),
      { numRuns: 40 },
    );
  });

  if (game.fieldStep) {
    it('its fused step z ← z + c·ξ(z) gives the same numbers, bit for bit, as ξ and then the update', () => {
      fc.assert(
        fc.property(fc.array(point(d), { minLength: 1, maxLength: 5 }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), (pts, c0, c1) => {
          const coef = [c0, c1];
          const z = packPoints(game, pts);
          const g = allocBatch(game, pts.length);
          game.field(z, g, pts.length);
          const expected = z.map((blk, i) => blk.map((v, k) => v + coef[i] * g[i][k]));
          game.fieldStep!(z, coef, pts.length);
          expect(z).toEqual(expected);
        }),
        { numRuns: 40 },
      );
    });
  }

  if (game.zeroSum) {
    it('is zero-sum: ℓ₂ = −ℓ₁ everywhere', () => {
      fc.assert(
        fc.property(point(d), (p) => {
          const [l0, l1] = losses(packPoints(game, [p]));
          expect(l0 + l1).toBeCloseTo(0, 12);
        }),
        { numRuns: 40 },
      );
    });
  }
});
