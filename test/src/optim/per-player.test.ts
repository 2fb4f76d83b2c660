/**
 * Per-player optimizers (src/optim/per-player.ts): player i runs its own rule Rᵢ on its own gradient. Stated over
 * all inputs: a rule mixed with itself is the rule; on a separable game the mix is each player running its rule
 * alone; on x·y the simgda/momentum mix is the linear map written by hand, whose characteristic polynomial is
 * (λ − 1)²(λ − β) + η₀η₁a²λ in either order; play alternates when either player asks for it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearModel, updateMap } from '../../../src/analysis/index.ts';
import { InputError } from '../../../src/errors.ts';
import type { Field } from '../../../src/field.ts';
import { allocBatch, packPoints, type Game } from '../../../src/game.ts';
import { bilinear, dirac } from '../../../src/games/index.ts';
import {
  adam,
  alternating,
  createOptimizer,
  createPlayerOptimizer,
  heavyBall,
  optimistic,
  optimizerName,
  perPlayer,
  perPlayerOptimizers,
  playerOptimizers,
  sgd,
  simultaneous,
  type Optimizer,
  type Rule,
} from '../../../src/optim/index.ts';
import { float64Space } from '../../../src/space.ts';
import { close, iterates, runs } from '../../helpers.ts';

const nonlinear = dirac({ loss: 'nsgan', reg: 'r1', gamma: 0.3 });
const pt = fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }));
const rate = fc.double({ min: 0.01, max: 0.5, noNaN: true });
const beta = fc.double({ min: -0.9, max: 0.9, noNaN: true });
const pair = <T>(a: fc.Arbitrary<T>) => fc.tuple(a, a);

/** Every mixable rule, made from per-player hyperparameters. */
const rules = fc.oneof(
  pair(rate).map((lr) => sgd(lr)),
  fc.tuple(pair(rate), pair(beta)).map(([lr, b]) => heavyBall(lr, b)),
  fc.tuple(pair(rate), pair(fc.double({ min: 0, max: 0.99, noNaN: true }))).map(([lr, b1]) => adam(lr, b1, [0.999, 0.99], [1e-8, 1e-8])),
  pair(rate).map((lr) => optimistic(lr)),
);

describe('a rule mixed with itself', () => {
  it('gives exactly the single rule’s iterates, simultaneous or alternating, on a nonlinear game', () => {
    fc.assert(
      fc.property(rules, pt, fc.boolean(), (rule, z0, alt) => {
        const scheme = (r: Rule): Optimizer => (alt ? alternating('r', r, [1, 0], [2, 1]) : simultaneous('r', r));
        const mixed = iterates(nonlinear, scheme(perPlayer([rule, rule])), z0, 8);
        const single = iterates(nonlinear, scheme(rule), z0, 8);
        expect(mixed).toEqual(single);
      }),
      runs,
    );
  });

  it('keeps the single rule’s slots, and the union of two rules’ slots', () => {
    expect(perPlayer([adam([0.1, 0.1], [0.9, 0.9], [0.9, 0.9], [1, 1]), adam([0.1, 0.1], [0.9, 0.9], [0.9, 0.9], [1, 1])]).slots).toEqual(['m', 'v']);
    expect(perPlayer([adam([0.1, 0.1], [0.9, 0.9], [0.9, 0.9], [1, 1]), heavyBall([0.1, 0.1], [0.5, 0.5])]).slots).toEqual(['m', 'v', 'velocity']);
    expect(perPlayer([sgd([0.1, 0.2]), sgd([0.3, 0.4])]).coefficients).toEqual([-0.1, -0.4]);
    expect(perPlayer([sgd([0.1, 0.2]), optimistic([0.3, 0.4])]).coefficients).toBeUndefined();
  });
});

/**
 * A separable game: ξ₀ depends on x only, ξ₁ on y only (ℓ₀ = x²/4 − cos x, ℓ₁ = log cosh y + y²/10). `only`
 * restricts it to one player, a one-player game.
 */
const grads = [(x: number) => Math.sin(x) + 0.5 * x, (y: number) => Math.tanh(y) + 0.2 * y];
function separable(only?: 0 | 1): Field<Float64Array> {
  const players = only === undefined ? [0, 1] : [only];
  return {
    players: players.length,
    grad(z, out, player) {
      players.forEach((p, k) => {
        if (player === undefined || player === k) out[k][0] = grads[p](z[k][0]);
      });
    },
  };
}
function run(opt: Optimizer, field: Field<Float64Array>, z0: readonly number[], steps: number): number[] {
  const z = z0.map((v) => Float64Array.of(v));
  const state = opt.init(float64Space, z);
  for (let t = 0; t < steps; t++) opt.step(float64Space, field, z, state);
  return z.map((b) => b[0]);
}

/** Options for a mix: lr per player, and each rule's own per-player options where a player's optimizer declares them. */
const mixOptions = fc.record({
  names: fc.tuple(fc.constantFrom(...perPlayerOptimizers), fc.constantFrom(...perPlayerOptimizers)).filter(([a, b]) => a !== b),
  lr: pair(rate),
  beta: pair(beta),
  beta1: pair(fc.double({ min: 0, max: 0.99, noNaN: true })),
  alternating: fc.boolean(),
});
function optionsOf(m: { names: string[]; lr: number[]; beta: number[]; beta1: number[]; alternating: boolean }, player?: number) {
  const pick = (v: number[]) => (player === undefined ? v : v[player]);
  const has = (n: string) => (player === undefined ? m.names.includes(n) : m.names[player] === n);
  return {
    lr: pick(m.lr),
    ...(has('momentum') ? { beta: pick(m.beta) } : {}),
    ...(has('adam') ? { beta1: pick(m.beta1) } : {}),
    ...(has('momentum') || has('adam') ? { alternating: m.alternating } : {}),
  };
}

describe('mixing R₀ and R₁ on a separable game', () => {
  it('equals running R₀ on player 0 alone and R₁ on player 1 alone (and createPlayerOptimizer is that one-player optimizer)', () => {
    fc.assert(
      fc.property(mixOptions, pt, (m, z0) => {
        const mixed = run(createOptimizer(m.names, optionsOf(m)), separable(), z0, 10);
        for (const i of [0, 1] as const) {
          const alone = run(createOptimizer(m.names[i], optionsOf(m, i), 1), separable(i), [z0[i]], 10);
          const restricted = run(createPlayerOptimizer(m.names, optionsOf(m), 2, i), separable(i), [z0[i]], 10);
          expect(mixed[i]).toBe(alone[0]);
          expect(restricted[0]).toBe(alone[0]);
        }
      }),
      runs,
    );
  });
});

describe('the simgda/momentum mix on x·y (f = a·x·y, ξ = (a·y, −a·x))', () => {
  const coupling = fc.oneof(fc.double({ min: 0.2, max: 3, noNaN: true }), fc.double({ min: -3, max: -0.2, noNaN: true }));
  /**
   * The update map written by hand, on the state (x, y, v) with v the momentum player's velocity:
   * x on plain steps, y on momentum: x′ = x − η₀a·y, v′ = β·v + η₁a·x, y′ = y + v′;
   * x on momentum, y on plain steps: v′ = β·v − η₀a·y, x′ = x + v′, y′ = y + η₁a·x.
   */
  const byHand = (order: 'sgd-first' | 'momentum-first', h0: number, h1: number, b: number, a: number) =>
    order === 'sgd-first'
      ? [[1, -h0 * a, 0], [h1 * a, 1, b], [h1 * a, 0, b]]
      : [[1, -h0 * a, b], [h1 * a, 1, 0], [0, -h0 * a, b]];
  /** (λ − 1)²(λ − β) + η₀η₁a²λ at a complex λ. */
  const charPoly = (l: { re: number; im: number }, b: number, k: number) => {
    const mul = (p: [number, number], q: [number, number]): [number, number] => [p[0] * q[0] - p[1] * q[1], p[0] * q[1] + p[1] * q[0]];
    const m1: [number, number] = [l.re - 1, l.im];
    const cubic = mul(mul(m1, m1), [l.re - b, l.im]);
    return Math.hypot(cubic[0] + k * l.re, cubic[1] + k * l.im);
  };

  it('its probed update map is the hand-written one, its eigenvalues the roots of (λ − 1)²(λ − β) + η₀η₁a²λ, in either order', () => {
    fc.assert(
      fc.property(rate, rate, beta, coupling, fc.constantFrom('sgd-first' as const, 'momentum-first' as const), (h0, h1, b, a, order) => {
        const names = order === 'sgd-first' ? ['simgda', 'momentum'] : ['momentum', 'simgda'];
        const opt = createOptimizer(names, { lr: [h0, h1], beta: b });
        const map = updateMap(linearModel(bilinear({ a }), [0, 0]), opt);
        expect(map.coordinates).toEqual(order === 'sgd-first' ? ['x', 'y', 'velocity.y'] : ['x', 'y', 'velocity.x']);
        const want = byHand(order, h0, h1, b, a);
        map.matrix.forEach((row, r) => row.forEach((v, c) => expect(close(v, want[r][c])).toBe(true)));
        expect(map.eigenvalues).toHaveLength(3);
        const scale = 1 + Math.abs(h0 * h1 * a * a);
        for (const l of map.eigenvalues) expect(charPoly(l, b, h0 * h1 * a * a)).toBeLessThan(1e-9 * scale * (1 + Math.hypot(l.re, l.im)) ** 3);
      }),
      runs,
    );
  });

  it('with β = 0 it spirals out like simgda at the geometric-mean rate: ρ = √(1 + η₀η₁a²)', () => {
    fc.assert(
      fc.property(rate, rate, coupling, (h0, h1, a) => {
        const map = updateMap(linearModel(bilinear({ a }), [0, 0]), createOptimizer('simgda,momentum', { lr: [h0, h1], beta: 0 }));
        expect(map.spectralRadius).toBeCloseTo(Math.sqrt(1 + h0 * h1 * a * a), 10);
      }),
      runs,
    );
  });

  it('its iterates from any start are the hand-written map applied step by step', () => {
    fc.assert(
      fc.property(rate, rate, beta, coupling, pt, (h0, h1, b, a, [x0, y0]) => {
        const zs = iterates(bilinear({ a }), createOptimizer(['simgda', 'momentum'], { lr: [h0, h1], beta: b }), [x0, y0], 12);
        const M = byHand('sgd-first', h0, h1, b, a);
        let s = [x0, y0, 0];
        for (let t = 1; t <= 12; t++) {
          s = M.map((row) => row.reduce((acc, m, k) => acc + m * s[k], 0));
          expect(close(zs[t][0], s[0], 1e-10) && close(zs[t][1], s[1], 1e-10)).toBe(true);
        }
      }),
      runs,
    );
  });
});

describe('the scheme of a mix', () => {
  const xiAt = (game: Game, p: number[]) => {
    const out = allocBatch(game, 1);
    game.field(packPoints(game, [p]), out, 1);
    return out.map((b) => b[0]);
  };

  it('alternates when either player asks: simgda with altgda is altgda, in either order and with n_g, n_d', () => {
    fc.assert(
      fc.property(pt, pair(rate), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), (z0, lr, ng, nd) => {
        const want = iterates(nonlinear, createOptimizer('altgda', { lr, ng, nd }), z0, 5);
        expect(iterates(nonlinear, createOptimizer('simgda,altgda', { lr, ng, nd }), z0, 5)).toEqual(want);
        expect(iterates(nonlinear, createOptimizer('altgda,simgda', { lr, ng, nd }), z0, 5)).toEqual(want);
      }),
      runs,
    );
  });

  it('simgda with momentum (alternating: true): x′ = x − η₀ξ₀(x, y), then v′ = βv − η₁ξ₁(x′, y), y′ = y + v′', () => {
    fc.assert(
      fc.property(pt, pair(rate), beta, ([x0, y0], [h0, h1], b) => {
        const zs = iterates(nonlinear, createOptimizer('simgda,momentum', { lr: [h0, h1], beta: b, alternating: true }), [x0, y0], 4);
        let [x, y, v] = [x0, y0, 0];
        for (let t = 1; t <= 4; t++) {
          x -= h0 * xiAt(nonlinear, [x, y])[0];
          v = b * v - h1 * xiAt(nonlinear, [x, y])[1];
          y += v;
          expect(close(zs[t][0], x, 1e-10) && close(zs[t][1], y, 1e-10)).toBe(true);
        }
      }),
      runs,
    );
  });

  it('says who plays what in its label, and that it alternates', () => {
    expect(createOptimizer('adam,simgda', { lr: [1e-3, 0.01], beta1: 0.5 }).label).toBe('adam,simgda (adam: η = 0.001, β₁ = 0.5, β₂ = 0.999; simgda: η = 0.01)');
    expect(createOptimizer('simgda,momentum', { beta: -0.5, alternating: true }).label).toBe('simgda,momentum (simgda: η = 0.1; momentum: η = 0.1, β = -0.5; alternating)');
  });
});

describe('per-player names and their errors', () => {
  it('reads one name for all or one per player, from a list or a comma string', () => {
    expect(playerOptimizers('adam')).toEqual(['adam', 'adam']);
    expect(playerOptimizers('adam, simgda')).toEqual(['adam', 'simgda']);
    expect(playerOptimizers(['eg'], 3)).toEqual(['eg', 'eg', 'eg']);
    expect(optimizerName(['adam', 'adam'])).toBe('adam');
    expect(optimizerName(['adam', 'ogda'])).toBe('adam,ogda');
    expect(createOptimizer('eg,eg').name).toBe('eg');
  });

  it.each([
    ['eg,adam', {}, /optimizer: eg cannot be one player’s rule in "eg,adam": it takes its second gradient at a look-ahead point/],
    ['adam,consensus', {}, /consensus cannot be one player’s rule .*Jᵀξ.*a mix takes simgda, altgda, ogda, momentum, adam/],
    ['simgda,unrolled', {}, /unrolled cannot be one player’s rule/],
    ['simgda,sga', {}, /sga cannot be one player’s rule/],
    ['proximal,simgda', {}, /proximal cannot be one player’s rule/],
    ['adam,simgda,ogda', {}, /optimizer: expected 1 name or 2 \(one per player\), got 3/],
    ['adam,nope', {}, /unknown optimizer "nope"/],
    ['adam,simgda', { gamma: 1 }, /optimizer adam,simgda: unknown option "gamma" \(known: lr, average, decay, beta1, beta2, eps, alternating, order\)/],
    ['adam,momentum', { beta: 1 }, /optimizer adam,momentum, option beta: expected a number in \(−1, 1\)/],
    ['adam,simgda', { lr: '0.1,0.2,0.3' }, /option lr: expected 1 value or 2 \(one per player\), got 3/],
  ])('%s with %o is an InputError saying what and why', (spec, options, message) => {
    expect(() => createOptimizer(spec, options)).toThrow(InputError);
    expect(() => createOptimizer(spec, options)).toThrow(message);
  });

  it('a mix with Adam has no linear update map (Adam normalizes its player’s gradient)', () => {
    expect(() => updateMap(linearModel(bilinear(), [0, 0]), createOptimizer('adam,simgda'))).toThrow(/Adam normalizes the gradient/);
  });
});
