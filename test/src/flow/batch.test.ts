import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { integrators } from '../../../src/flow/index.ts';
import { gameDim, type Game } from '../../../src/game.ts';
import { dirac } from '../../../src/games/dirac.ts';
import { matrix } from '../../../src/games/matrix.ts';
import { quadratic } from '../../../src/games/quadratic.ts';
import { coord, distance, fewRuns, norm2, run } from './util.ts';

const entry = fc.double({ min: -2, max: 2, noNaN: true });
/** Games with several coordinates per player (struct-of-arrays with d > 1) and a nonlinear one. */
const games: fc.Arbitrary<Game> = fc.oneof(
  fc.tuple(entry, entry, entry).map(([a, b, c]) => quadratic({ a, b, c, dim: 2 })),
  fc.array(fc.array(entry, { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 2 }).map((A) => matrix({ A })),
  fc.constantFrom(dirac(), dirac({ loss: 'wgan' })),
);
/** A game and a batch of 2 to 6 starts for it. */
const gameAndStarts = games.chain((game) =>
  fc.tuple(fc.constant(game), fc.array(fc.array(coord, { minLength: gameDim(game), maxLength: gameDim(game) }), { minLength: 2, maxLength: 6 })),
);
const h = fc.double({ min: 0.01, max: 0.5, noNaN: true });

const names = Object.keys(integrators) as (keyof typeof integrators)[];
const fixedStep = names.filter((name) => !integrators[name].adaptive);

describe('a batch of points gives the same numbers as each point run alone', () => {
  // The implicit solvers too: gameField's Newton iteration stops point by point.
  for (const name of fixedStep) {
    it(`${name}: bit for bit, on quadratic, matrix and Dirac-GAN games`, () => {
      fc.assert(
        fc.property(gameAndStarts, h, ([game, starts], dt) => {
          const batch = run(name, {}, game, starts, dt, 5).points;
          starts.forEach((z, b) => expect(batch[b]).toEqual(run(name, {}, game, [z], dt, 5).points[0]));
        }),
        fewRuns,
      );
    });
  }

  it('rk45: bit for bit for a batch of copies of one point (the shared step is that point’s own)', () => {
    fc.assert(
      fc.property(gameAndStarts, fc.integer({ min: 2, max: 5 }), ([game, starts], copies) => {
        const z = starts[0];
        const batch = run('rk45', {}, game, new Array(copies).fill(z), 0.3, 5).points;
        const alone = run('rk45', {}, game, [z], 0.3, 5).points[0];
        batch.forEach((p) => expect(p).toEqual(alone));
      }),
      fewRuns,
    );
  });

  it('rk45: within the tolerance for a mixed batch (the shared step is the hardest point’s, never larger than its own)', () => {
    fc.assert(
      fc.property(gameAndStarts, ([game, starts]) => {
        const options = { rtol: 1e-9, atol: 1e-9 };
        const batch = run('rk45', options, game, starts, 0.3, 5).points;
        starts.forEach((z, b) => {
          const alone = run('rk45', options, game, [z], 0.3, 5).points[0];
          expect(distance(batch[b], alone)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.sqrt(norm2(alone))));
        });
      }),
      fewRuns,
    );
  });
});
