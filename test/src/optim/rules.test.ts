/** Unit properties of each update rule, stated against its defining formula on nonlinear games. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocBatch, gameField, packPoints, pointAt, type Game } from '../../../src/game.ts';
import { dirac, quadratic } from '../../../src/games/index.ts';
import { createOptimizer } from '../../../src/optim/index.ts';
import { close, iterates, runs } from '../../helpers.ts';
import { InputError } from '../../../src/errors.ts';
import { MissingCapabilityError } from '../../../src/field.ts';
import { float64Space } from '../../../src/space.ts';

const pt = fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }));
const xiAt = (game: Game, p: number[]) => {
  const out = allocBatch(game, 1);
  game.field(packPoints(game, [p]), out, 1);
  return out.map((b) => b[0]);
};
const nonlinear = dirac({ loss: 'nsgan', reg: 'r1', gamma: 0.3 });

describe('update rules', () => {
  it('extragradient is z′ = z − η·ξ(z − η·ξ(z)) on a nonlinear game', () => {
    fc.assert(
      fc.property(pt, fc.double({ min: 0.01, max: 1, noNaN: true }), ([t, p], h) => {
        const g = xiAt(nonlinear, [t, p]);
        const half = [t - h * g[0], p - h * g[1]];
        const g2 = xiAt(nonlinear, half);
        const [, z1] = iterates(nonlinear, createOptimizer('eg', { lr: h }), [t, p], 1);
        expect(close(z1[0], t - h * g2[0])).toBe(true);
        expect(close(z1[1], p - h * g2[1])).toBe(true);
      }),
      runs,
    );
  });

  it('optimistic GDA is z′ = z − 2η·ξ(z) + η·ξ(z₋₁) after a first plain step', () => {
    fc.assert(
      fc.property(pt, fc.double({ min: 0.01, max: 1, noNaN: true }), (z0, h) => {
        const zs = iterates(nonlinear, createOptimizer('ogda', { lr: h }), z0, 3);
        const g0 = xiAt(nonlinear, zs[0]);
        expect(zs[1].map((v, i) => close(v, zs[0][i] - h * g0[i]))).toEqual([true, true]);
        for (const t of [1, 2]) {
          const g = xiAt(nonlinear, zs[t]);
          const gPrev = xiAt(nonlinear, zs[t - 1]);
          zs[t + 1].forEach((v, i) => expect(close(v, zs[t][i] - 2 * h * g[i] + h * gPrev[i], 1e-10)).toBe(true));
        }
      }),
      runs,
    );
  });

  it('Adam’s first step moves every coordinate by η·sign(g) (bias correction), up to ε', () => {
    fc.assert(
      fc.property(pt.filter(([t, p]) => Math.abs(t) > 0.05 && Math.abs(p) > 0.05), fc.double({ min: 1e-3, max: 0.5, noNaN: true }), (z0, h) => {
        const g = xiAt(nonlinear, z0);
        const [, z1] = iterates(nonlinear, createOptimizer('adam', { lr: h }), z0, 1);
        z1.forEach((v, i) => expect(v - z0[i]).toBeCloseTo(-h * Math.sign(g[i]), 6));
      }),
      runs,
    );
  });

  it('heavy-ball momentum is z′ = z − η·ξ(z) + β·(z − z₋₁) with a per-player β', () => {
    fc.assert(
      fc.property(pt, fc.double({ min: -0.9, max: 0.9, noNaN: true }), fc.double({ min: -0.9, max: 0.9, noNaN: true }), (z0, b0, b1) => {
        const h = 0.1;
        const zs = iterates(nonlinear, createOptimizer('momentum', { lr: h, beta: [b0, b1] }), z0, 4);
        const beta = [b0, b1];
        for (let t = 1; t < 4; t++) {
          const g = xiAt(nonlinear, zs[t]);
          zs[t + 1].forEach((v, i) => expect(close(v, zs[t][i] - h * g[i] + beta[i] * (zs[t][i] - zs[t - 1][i]), 1e-10)).toBe(true));
        }
      }),
      runs,
    );
  });

  it('alternating GDA with n_g = 2, n_d = 3 moves θ twice, then ψ three times, each on the latest parameters', () => {
    fc.assert(
      fc.property(pt, (z0) => {
        const h = 0.1;
        let [t, p] = z0;
        for (let k = 0; k < 2; k++) t -= h * xiAt(nonlinear, [t, p])[0];
        for (let k = 0; k < 3; k++) p -= h * xiAt(nonlinear, [t, p])[1];
        const [, z1] = iterates(nonlinear, createOptimizer('altgda', { lr: h, ng: 2, nd: 3 }), z0, 1);
        expect(close(z1[0], t)).toBe(true);
        expect(close(z1[1], p)).toBe(true);
      }),
      runs,
    );
  });

  it('unrolled: the min player’s step is the total derivative of ℓ₀(x, y_k(x)) through k look-ahead steps (central differences)', () => {
    fc.assert(
      fc.property(pt, fc.integer({ min: 1, max: 6 }), ([x, y], k) => {
        const lr = [0.3, 0.4];
        const lookAhead = (xv: number) => {
          let yv = y;
          for (let j = 0; j < k; j++) yv -= lr[1] * xiAt(nonlinear, [xv, yv])[1];
          const out = [new Float64Array(1), new Float64Array(1)];
          nonlinear.losses(packPoints(nonlinear, [[xv, yv]]), out, 1);
          return out[0][0];
        };
        const eps = 1e-6;
        const total = (lookAhead(x + eps) - lookAhead(x - eps)) / (2 * eps);
        const [, z1] = iterates(nonlinear, createOptimizer('unrolled', { lr, k }), [x, y], 1);
        expect((x - z1[0]) / lr[0]).toBeCloseTo(total, 6);
        expect(close(z1[1], y - lr[1] * xiAt(nonlinear, [x, y])[1])).toBe(true);
      }),
      runs,
    );
  });

  it('the proximal step solves z′ = z − η·ξ(z′) on a nonlinear game (residual below 1e-12)', () => {
    fc.assert(
      fc.property(pt, fc.double({ min: 0.01, max: 3, noNaN: true }), (z0, h) => {
        const [, z1] = iterates(nonlinear, createOptimizer('proximal', { lr: h }), z0, 1);
        const g = xiAt(nonlinear, z1);
        z1.forEach((v, i) => expect(Math.abs(v - (z0[i] - h * g[i]))).toBeLessThan(1e-12 * (1 + Math.abs(v))));
      }),
      runs,
    );
  });

  it('an EMA average is z̄ ← decay·z̄ + (1 − decay)·z over the inner iterates', () => {
    const game = quadratic({ a: 0.2, b: 1, c: 0.2 });
    const plain = iterates(game, createOptimizer('simgda', { lr: 0.1 }), [1, -1], 20);
    const avg = iterates(game, createOptimizer('simgda', { lr: 0.1, average: 'ema', decay: 0.8 }), [1, -1], 20);
    let m = plain[0];
    for (let t = 1; t <= 20; t++) {
      m = m.map((v, i) => 0.8 * v + 0.2 * plain[t][i]);
      avg[t].forEach((v, i) => expect(close(v, m[i])).toBe(true));
    }
  });
});

describe('optimizer configuration errors', () => {
  it.each([
    ['nope', {}, /unknown optimizer "nope" \(known: simgda, altgda/],
    ['simgda', { lr: -1 }, /optimizer simgda, option lr: expected a positive number, got -1/],
    ['simgda', { lr: '0.1,0.2,0.3' }, /option lr: expected 1 value or 2 \(one per player\), got 3/],
    ['momentum', { beta: 1 }, /option beta: expected a number in \(−1, 1\)/],
    ['altgda', { ng: 0.5 }, /option ng: expected an integer ≥ 1/],
    ['altgda', { order: 'sideways' }, /option order: expected one of min-first \| max-first/],
    ['eg', { gamma: 1 }, /optimizer eg: unknown option "gamma" \(known: lr, average, decay\)/],
    ['adam', { alternating: 'maybe' }, /option alternating: expected true or false/],
  ])('%s with %o is an InputError saying what and where', (name, options, message) => {
    expect(() => createOptimizer(name, options)).toThrow(InputError);
    expect(() => createOptimizer(name, options)).toThrow(message);
  });

  it('an optimizer that needs Jacobian products names what the field lacks', () => {
    const game = quadratic();
    const bare = { players: 2, grad: gameField(game, 1).grad };
    const z = packPoints(game, [[1, 1]]);
    const opt = createOptimizer('consensus');
    expect(() => opt.step(float64Space, bare, z, opt.init(float64Space, z))).toThrow(MissingCapabilityError);
    expect(() => opt.step(float64Space, bare, z, opt.init(float64Space, z))).toThrow(/consensus needs transposed Jacobian-vector products/);
    expect(pointAt(game, z, 1, 0)).toEqual([1, 1]);
  });
});
