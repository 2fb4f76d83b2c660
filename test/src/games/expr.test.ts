/**
 * The `expr` game: a typed f(x, y) (or one loss per player) becomes a Game whose ξ, J, losses and loss gradients
 * agree with the built-in games and with central differences; every bad input is an ExprError that says where; no
 * input reaches anything of the host.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { allocBatch, gameDim, packPoints, type Game } from '../../../src/game.ts';
import { bilinear } from '../../../src/games/bilinear.ts';
import { assertSafeSource } from '../../../src/games/expr-compile.ts';
import { checkFinite, ExprError, exprGame } from '../../../src/games/expr.ts';
import { quadratic } from '../../../src/games/quadratic.ts';

const coord = fc.double({ min: -2, max: 2, noNaN: true });
const points = (d: number, max = 6) =>
  fc.array(fc.array(coord, { minLength: d, maxLength: d }), { minLength: 1, maxLength: max });
const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

/** Every face of a game over a batch, as flat lists of numbers. */
function faces(game: Game, pts: number[][]) {
  const n = pts.length;
  const d = gameDim(game);
  const z = packPoints(game, pts);
  const xi = allocBatch(game, n);
  const J = new Float64Array(d * d * n);
  const losses = game.players.map(() => new Float64Array(n));
  game.field(z, xi, n);
  game.jacobian(z, J, n);
  game.losses(z, losses, n);
  const grads = game.players.map((_, p) => {
    const out = allocBatch(game, n);
    game.lossGrad?.(z, p, out, n);
    return out.flatMap((b) => Array.from(b));
  });
  return { xi: xi.flatMap((b) => Array.from(b)), J: Array.from(J), losses: losses.flatMap((b) => Array.from(b)), grads };
}

/** Central difference, at one point, of `fn` along coordinate k. */
function central(fn: (p: number[]) => number[], p: number[], k: number, h = 1e-4): number[] {
  const diff = (step: number) => {
    const plus = [...p];
    const minus = [...p];
    plus[k] += step;
    minus[k] -= step;
    const a = fn(plus);
    const b = fn(minus);
    return a.map((v, i) => (v - b[i]) / (2 * step));
  };
  // Richardson extrapolation of two central differences: error O(h⁴), so steep random expressions do not flake.
  const coarse = diff(h);
  return diff(h / 2).map((fine, i) => (4 * fine - coarse[i]) / 3);
}
const lossesAt = (game: Game) => (p: number[]) => faces(game, [p]).losses;
const fieldAt = (game: Game) => (p: number[]) => faces(game, [p]).xi;

/** Valid expressions whose leaves are marked ⟦…⟧, so a test can replace one leaf and know where it sits. */
const marked = fc.letrec<{ e: string }>((tie) => {
  const sp = fc.constantFrom('', ' ', '  ');
  return {
    e: fc.oneof(
      { maxDepth: 4, depthIdentifier: 'marked' },
      fc.constantFrom('x', 'y', '2', '0.5', '1e-3', 'pi', 'a').map((l) => `⟦${l}⟧`),
      fc.tuple(tie('e'), sp, fc.constantFrom('+', '-', '*', '/', '^'), sp, tie('e')).map(([p, s, op, t, q]) => `(${p})${s}${op}${t}(${q})`),
      fc.tuple(tie('e'), sp, tie('e')).map(([p, s, q]) => `(${p})${s === '' ? ' ' : s}(${q})`),
      fc.tuple(fc.constantFrom('sin', 'log', 'sqrt', 'tanh'), sp, tie('e')).map(([fn, s, p]) => `${fn}(${s}${p}${s})`),
      fc.tuple(tie('e'), tie('e')).map(([p, q]) => `log(${p}, ${q})`),
      fc.tuple(sp, tie('e')).map(([s, p]) => `-${s}${p}`),
    ),
  };
}).e;

describe('expr: the compiled game is the game the formula says', () => {
  it('a·x·y gives exactly the built-in bilinear field, Jacobian and losses over a batch', () => {
    fc.assert(
      fc.property(fc.double({ min: -3, max: 3, noNaN: true }), points(2), (a, pts) => {
        const mine = faces(exprGame({ f: 'a*x*y', a }), pts);
        const ref = faces(bilinear({ a }), pts);
        const plain = (v: number[]) => v.map((u) => u + 0); // −0 and 0 are the same number here
        expect(plain(mine.xi)).toEqual(plain(ref.xi));
        expect(plain(mine.J)).toEqual(plain(ref.J));
        mine.losses.forEach((v, i) => expect(close(v, ref.losses[i])).toBe(true));
      }),
      { numRuns: 100 },
    );
  });

  it('the quadratic game typed over x1, x2, y1, y2 matches the built-in quadratic (dim 2) on every face', () => {
    const f = '(a/2)*(x1^2 + x2^2) + b*(x1*y1 + x2*y2) - (c/2)*(y1^2 + y2^2)';
    const vars = '[["x1","x2"],["y1","y2"]]';
    fc.assert(
      fc.property(coord, coord, coord, points(4), (a, b, c, pts) => {
        const game = exprGame({ f, vars, a, b, c });
        expect(game.players.map((p) => p.coords)).toEqual([['x1', 'x2'], ['y1', 'y2']]);
        const mine = faces(game, pts);
        const ref = faces(quadratic({ a, b, c, dim: 2 }), pts);
        mine.xi.forEach((v, i) => expect(close(v, ref.xi[i])).toBe(true));
        mine.J.forEach((v, i) => expect(close(v, ref.J[i])).toBe(true));
        mine.losses.forEach((v, i) => expect(close(v, ref.losses[i])).toBe(true));
      }),
      { numRuns: 60 },
    );
  });

  /** Smooth expressions in x, y and a constant a, everywhere finite on [−2, 2]². */
  const smooth = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { maxDepth: 3, depthIdentifier: 'smooth' },
      fc.constantFrom('x', 'y', 'a', '2', '-1.5', '3x', 'x y'),
      fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', ' '), tie('e')).map(([p, op, q]) => `(${p})${op}(${q})`),
      fc.tuple(fc.constantFrom('sin', 'cos', 'tanh', 'atan', 'sigmoid', 'square'), tie('e')).map(([fn, p]) => `${fn}(${p})`),
      tie('e').map((p) => `exp(sin(${p}))`),
      tie('e').map((p) => `log(1 + (${p})^2) - sqrt(2 + cos(${p}))`),
      fc.tuple(tie('e'), tie('e')).map(([p, q]) => `(${p}) / (1 + (${q})^2)`),
    ),
  })).e;
  const tolerance = (values: number[]) => 1e-5 * (1 + Math.max(...values.map(Math.abs)));

  it('for random smooth f, ξ = (∂ₓf, −∂ᵧf) by central differences of the losses, J = ∂ξ/∂z by those of ξ', () => {
    fc.assert(
      fc.property(smooth, coord, fc.array(coord, { minLength: 2, maxLength: 2 }), (f, a, p) => {
        const game = exprGame({ f, a });
        const { xi, J, losses } = faces(game, [p]);
        expect(losses[1]).toBe(-losses[0]);
        const tol = tolerance([...xi, ...J, ...losses]);
        const dx = central(lossesAt(game), p, 0)[0];
        const dy = central(lossesAt(game), p, 1)[1];
        expect(Math.abs(xi[0] - dx)).toBeLessThanOrEqual(tol);
        expect(Math.abs(xi[1] - dy)).toBeLessThanOrEqual(tol);
        for (let c = 0; c < 2; c++) {
          const col = central(fieldAt(game), p, c);
          for (let r = 0; r < 2; r++) expect(Math.abs(J[r * 2 + c] - col[r])).toBeLessThanOrEqual(tol);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('general-sum losses give ξᵢ = ∇ᵢℓᵢ, J = ∂ξ/∂z, and lossGrad = ∇ℓᵢ in every block (central differences)', () => {
    fc.assert(
      fc.property(smooth, smooth, coord, fc.array(coord, { minLength: 3, maxLength: 3 }), (l0, l1, a, p) => {
        // Two coordinates for x: the losses are written over x1 and x2, with x1 standing in for x.
        const rename = (s: string) => s.replace(/(?<![a-z])x(?![a-z])/g, '(x1 - x2)');
        const game = exprGame({ losses: [rename(l0), rename(l1)], vars: [['x1', 'x2'], ['y']], a });
        expect(game.zeroSum).toBe(false);
        const { xi, J, losses, grads } = faces(game, [p]);
        const tol = tolerance([...xi, ...J, ...losses, ...grads.flat()]);
        for (let k = 0; k < 3; k++) {
          const dl = central(lossesAt(game), p, k);
          const owner = k < 2 ? 0 : 1;
          expect(Math.abs(xi[k] - dl[owner])).toBeLessThanOrEqual(tol);
          for (let i = 0; i < 2; i++) expect(Math.abs(grads[i][k] - dl[i])).toBeLessThanOrEqual(tol);
          const col = central(fieldAt(game), p, k);
          for (let r = 0; r < 3; r++) expect(Math.abs(J[r * 3 + k] - col[r])).toBeLessThanOrEqual(tol);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('general-sum losses are each player’s own: ℓ = (x²y + sin y, xy³ − cos x) gives ξ = (2xy, 3xy²) exactly', () => {
    const game = exprGame({ losses: '["x^2*y + sin(y)", "x*y^3 - cos(x)"]' });
    fc.assert(
      fc.property(points(2), (pts) => {
        const { xi, losses, grads } = faces(game, pts);
        const n = pts.length;
        pts.forEach(([x, y], b) => {
          expect(close(xi[b], 2 * x * y)).toBe(true);
          expect(close(xi[n + b], 3 * x * y * y)).toBe(true);
          expect(close(losses[b], x * x * y + Math.sin(y))).toBe(true);
          expect(close(losses[n + b], x * y ** 3 - Math.cos(x))).toBe(true);
          expect(close(grads[0][n + b], x * x + Math.cos(y))).toBe(true);
          expect(close(grads[1][b], y ** 3 + Math.sin(x))).toBe(true);
        });
      }),
      { numRuns: 50 },
    );
  });

  it('a zero-sum game’s lossGrad is (∇f, −∇f)', () => {
    const game = exprGame({ f: 'x^2*y - 3*y' });
    const { grads } = faces(game, [[1.5, -2]]);
    expect(grads[0]).toEqual([2 * 1.5 * -2, 1.5 ** 2 - 3]);
    expect(grads[1]).toEqual([-(2 * 1.5 * -2), -(1.5 ** 2 - 3)]);
  });

  it('named constants (numbers or numeric strings), pi and e are usable; the description shows the user’s constants', () => {
    const game = exprGame({ f: 'a*x*y + pi*x + e*y + b2', a: '2', b2: 0.5 });
    const { xi, losses } = faces(game, [[0.5, 2]]);
    expect(xi).toEqual([2 * 2 + Math.PI, -(2 * 0.5 + Math.E)]);
    expect(close(losses[0], 2 + Math.PI * 0.5 + Math.E * 2 + 0.5)).toBe(true);
    expect(game.description).toBe('f(x, y) = a*x*y + pi*x + e*y + b2, a = 2, b2 = 0.5');
  });

  it('constants named like object properties (constructor, toString, __proto__) are plain numbers', () => {
    const params = JSON.parse('{"f": "constructor*x*y + toString + __proto__", "constructor": 2, "toString": 3, "__proto__": 4}');
    const { xi, losses } = faces(exprGame(params), [[1, 1]]);
    expect(xi).toEqual([2, -2]);
    expect(losses[0]).toBe(9);
  });

  it('every function of the vocabulary compiles and its derivative matches central differences', () => {
    const cases: [string, number][] = [
      ['sin(x)', 0.3], ['cos(x)', 0.3], ['tan(x)', 0.3], ['exp(x)', 0.3], ['log(x)', 0.7], ['log(x, 3)', 0.7],
      ['log(3, x)', 0.7], ['sqrt(x)', 0.7], ['abs(x)', -0.7], ['sign(x)', -0.7], ['tanh(x)', 0.3], ['sinh(x)', 0.3],
      ['cosh(x)', 0.3], ['asin(x)', 0.3], ['acos(x)', 0.3], ['atan(x)', 0.3], ['asinh(x)', 0.3], ['acosh(x)', 1.7],
      ['atanh(x)', 0.3], ['cbrt(x)', -0.7], ['log10(x)', 0.7], ['log2(x)', 0.7], ['expm1(x)', 0.3], ['log1p(x)', 0.3],
      ['sigmoid(x)', 0.3], ['sec(x)', 0.3], ['csc(x)', 0.3], ['cot(x)', 0.3], ['sech(x)', 0.3], ['csch(x)', 0.3],
      ['coth(x)', 0.3], ['asec(x)', 1.7], ['acsc(x)', 1.7], ['acot(x)', 0.3], ['asech(x)', 0.3], ['acsch(x)', 0.3],
      ['acoth(x)', 1.7], ['cube(x)', -0.7], ['square(x)', -0.7], ['nthRoot(x)', 0.7], ['nthRoot(x, 3)', -0.7],
      ['nthRoot(x, 5)', -0.7], ['nthRoot(x, 4)', 0.7], ['pow(x, 2.5)', 0.7], ['x^x', 0.7], ['2^x', 0.7],
    ];
    for (const [fx, x] of cases) {
      const game = exprGame({ f: `${fx} * y` });
      const { xi, J } = faces(game, [[x, 1.3]]);
      const d = central(lossesAt(game), [x, 1.3], 0, 1e-6)[0];
      expect(Math.abs(xi[0] - d), fx).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(d)));
      expect(J.every(Number.isFinite), fx).toBe(true);
    }
  });

  it('derivatives stay finite where the textbook formula overflows or leaves the reals: sigmoid at −800, cbrt at −8, abs at 0', () => {
    expect(faces(exprGame({ f: 'sigmoid(x)*y' }), [[-800, 1]]).xi).toEqual([0, -0]);
    expect(faces(exprGame({ f: 'cbrt(x)*y' }), [[-8, 1]]).xi[0]).toBeCloseTo(1 / 12, 14);
    expect(faces(exprGame({ f: 'abs(x) - abs(y)' }), [[0, 0]]).xi).toEqual([0, 0]);
  });
});

describe('expr: errors say what and where', () => {
  const error = (params: Record<string, unknown>): ExprError => {
    try {
      exprGame(params);
    } catch (e) {
      if (e instanceof ExprError) return e;
      throw e;
    }
    throw new Error(`no error for ${JSON.stringify(params)}`);
  };
  const cases: [string, Record<string, unknown>, ExprError['kind'], number, string?][] = [
    ['syntax: a dangling operator', { f: 'x + ' }, 'syntax', 4],
    ['syntax: an unexpected parenthesis', { f: 'x + )' }, 'syntax', 4],
    ['unknown symbol', { f: 'x*y + a*z', a: 2 }, 'unknown-symbol', 8, 'f, char 8: unknown symbol "z" (known: x, y, a, pi, e)'],
    ['a function name used as a symbol', { f: 'sin x' }, 'unknown-symbol', 0],
    ['unknown function', { f: 'x + foo(y)' }, 'unknown-function', 4],
    ['evaluate is not a function here', { f: 'x*y + evaluate("1")' }, 'unknown-function', 6],
    ['import is not a function here', { f: 'import({})' }, 'unknown-function', 0],
    ['createUnit is not a function here', { f: 'x + createUnit("k")' }, 'unknown-function', 4],
    ['a variable called as a function', { f: 'x(y)' }, 'unknown-function', 0],
    ['assignment', { f: 'x = 2' }, 'unsupported', 0],
    ['function assignment', { f: 'g(x) = x' }, 'unsupported', 0],
    ['property access', { f: 'x.constructor' }, 'unsupported', 1],
    ['indexing', { f: 'x*y + x["__proto__"]' }, 'unsupported', 7],
    ['a string', { f: 'x + "y"' }, 'unsupported', 4],
    ['an array', { f: 'x * [1, 2]' }, 'unsupported', 4],
    ['an object', { f: '{a: x}' }, 'unsupported', 0],
    ['a conditional', { f: 'x > 0 ? x : y' }, 'unsupported', 2],
    ['a comparison', { f: 'x < y < 1' }, 'unsupported', 2],
    ['a range', { f: 'x:y' }, 'unsupported', 1],
    ['two expressions', { f: 'x; y' }, 'unsupported', 1],
    ['an operator outside + − · / ^', { f: 'x*y + x mod 2' }, 'unsupported', 8],
    ['a factorial', { f: 'y + x!' }, 'unsupported', 5],
    ['a wrong argument count', { f: 'sin(x, y)' }, 'unsupported', 0],
    ['a number too large for a double', { f: 'x*y + 1e400' }, 'non-finite', 6],
    ['nesting too deep for the parser', { f: `${'('.repeat(600)}x${')'.repeat(600)}` }, 'unsupported', 0],
    ['a text longer than 2000 characters', { f: `x*y${' + x'.repeat(700)}` }, 'unsupported', 2000],
    ['an empty f', { f: '' }, 'empty', 0],
    ['a blank f with a comment', { f: '   # nothing' }, 'empty', 0],
  ];
  it.each(cases)('%s is an ExprError of its kind at its position', (_, params, kind, position, message) => {
    const e = error(params);
    expect(e).toBeInstanceOf(InputError);
    expect([e.kind, e.position, e.expression, e.label]).toEqual([kind, position, params.f, 'f']);
    expect(e.message.startsWith(`f, char ${position}: `)).toBe(true);
    if (message) expect(e.message).toBe(message);
  });

  it('an error in a general-sum loss names that loss', () => {
    const e = error({ losses: ['x*y', 'x*q'] });
    expect([e.kind, e.label, e.position, e.where]).toEqual(['unknown-symbol', 'losses[1]', 2, 'losses[1], char 2']);
    expect(error({ losses: ['x*y', ' '] }).kind).toBe('empty');
  });

  it.each([
    ['both f and losses', { f: 'x*y', losses: ['x', 'y'] }],
    ['neither f nor losses', { a: 1 }],
    ['f not a string', { f: 3 }],
    ['losses not two strings', { losses: '["x*y"]' }],
    ['losses not JSON', { losses: '[x*y' }],
    ['vars with a repeated name', { f: 'x', vars: [['x'], ['x']] }],
    ['vars naming a function', { f: 'x', vars: [['sin'], ['y']] }],
    ['vars with three players', { f: 'x', vars: [['x'], ['y'], ['z']] }],
    ['a constant that is not a number', { f: 'x*y', a: 'two' }],
    ['a constant named like a variable', { f: 'x*y', x: 2 }],
    ['a constant named e', { f: 'x*y', e: 2 }],
  ])('%s is an InputError about the params', (_, params) => {
    expect(() => exprGame(params)).toThrow(InputError);
  });

  it('an unknown symbol or function anywhere in a valid expression is reported at its exact character', () => {
    fc.assert(
      fc.property(marked, fc.nat(), fc.constantFrom('zz', 'foo(x)'), (text, pick, bad) => {
        const leaves = [...text.matchAll(/⟦[^⟧]*⟧/g)];
        const target = leaves[pick % leaves.length];
        const before = text.slice(0, target.index).replace(/[⟦⟧]/g, '');
        const f = before + bad + text.slice(target.index + target[0].length).replace(/[⟦⟧]/g, '');
        const e = error({ f, a: 1 });
        expect([e.kind, e.position]).toEqual([bad === 'zz' ? 'unknown-symbol' : 'unknown-function', before.length]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('expr: checkFinite names the subexpression that turns non-finite', () => {
  const nonFinite = (params: Record<string, unknown>, point: number[]): ExprError => {
    try {
      checkFinite(exprGame(params), point);
    } catch (e) {
      if (e instanceof ExprError && e.kind === 'non-finite') return e;
      throw e;
    }
    throw new Error('checkFinite passed');
  };

  it('log(x) at x = −1 is NaN, reported at log', () => {
    const e = nonFinite({ f: 'x*y + 2*log(x)' }, [-1, 0]);
    expect(e.position).toBe(8);
    expect(e.message).toBe('f, char 8: log(x) is NaN at x = -1, y = 0');
  });

  it('1/x at x = 0 is Infinity, reported at the division, not at the sum around it', () => {
    const e = nonFinite({ f: 'y*(3 + 1/x)' }, [0, 1]);
    expect([e.position, e.message]).toEqual([7, 'f, char 7: 1/x is Infinity at x = 0, y = 1']);
  });

  it('a finite value with a non-finite slope (sqrt at 0) is reported as its derivative', () => {
    const e = nonFinite({ f: 'x*y + sqrt(x)' }, [0, 1]);
    expect(e.position).toBe(6);
    expect(e.message).toContain('the derivative of sqrt(x) in x is Infinity');
  });

  it('in a general-sum game it names the loss, and only the own player’s derivatives count', () => {
    const e = nonFinite({ losses: ['x*y', 'x + log(y)'] }, [1, -1]);
    expect([e.label, e.position]).toEqual(['losses[1]', 4]);
    // sqrt(x)'s slope at 0 is infinite, but ℓ₁ only moves y: ξ stays finite, and so does ℓ₁.
    expect(() => checkFinite(exprGame({ losses: ['x*y', 'y*y + sqrt(x)'] }), [0, 1])).not.toThrow();
  });

  it('a finite point passes silently', () => {
    fc.assert(
      fc.property(coord, coord, (x, y) => {
        checkFinite(exprGame({ f: 'x*y + log(1 + x^2) + abs(y)' }), [x, y]);
      }),
      { numRuns: 20 },
    );
  });
});

describe('expr: no input reaches the host', () => {
  const canary = { calls: 0 };
  const g = globalThis as Record<string, unknown>;
  beforeAll(() => {
    g.__saddleCanary = () => {
      canary.calls++;
      return 1;
    };
    Object.defineProperty(globalThis, '__saddleCanaryValue', { configurable: true, get: () => ++canary.calls });
  });
  afterAll(() => {
    delete g.__saddleCanary;
    delete g.__saddleCanaryValue;
  });

  const tokens = [
    'x', 'y', 'a', '1', '2.5', '1e3', '0x1F', '+', '-', '*', '/', '^', '(', ')', ',', ' ', 'sin', 'log', 'sqrt', 'pi', 'e',
    'import', 'createUnit', 'evaluate', 'parse', 'compile', 'simplify', 'derivative', 'config', 'constructor',
    '__proto__', 'prototype', 'globalThis', 'process', 'require', 'Function', 'eval', 'this', 'toString', 'valueOf',
    '__saddleCanary', '__saddleCanaryValue', '__saddleCanary()', '=', '.', '[', ']', '{', '}', '"', "'", '`', ';',
    '\n', ':', '?', '!', '%', '#', '$', '\\', '==', '=>', '@', '&', '|', 'mod', 'to', 'cm', 'true', 'null', 'NaN',
    'Infinity', 'f(x)=', 'import("fs")', 'x.constructor("return process")()',
  ];
  const grammar = fc.array(fc.constantFrom(...tokens), { maxLength: 24 }).map((t) => t.join(''));

  const survives = (f: string) => {
    let game: Game;
    try {
      game = exprGame({ f, a: 2 });
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      if (e instanceof ExprError) {
        expect(e.position).toBeGreaterThanOrEqual(0);
        expect(e.position).toBeLessThanOrEqual(f.length);
      }
      return;
    }
    // A game that was built runs, and its code is only generated vocabulary.
    faces(game, [[0.5, -1.5], [2, 3]]);
    for (const fn of [game.field, game.jacobian, game.losses]) assertSafeSource(fn.toString());
  };

  it('for arbitrary strings, exprGame returns a game or throws an InputError, and the canary is never called', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), survives), { numRuns: 300 });
    expect(canary.calls).toBe(0);
  });

  it('for strings of dangerous tokens (import, createUnit, evaluate, constructor, =, ., [, quotes…) the same holds', () => {
    fc.assert(fc.property(grammar, survives), { numRuns: 600 });
    expect(canary.calls).toBe(0);
  });

  it('known escapes are rejected before anything runs', () => {
    for (const f of [
      '__saddleCanary()',
      'evaluate("__saddleCanary()")',
      'x.constructor.constructor("return __saddleCanary()")()',
      'import({__saddleCanary: 1}, {override: true})',
      'createUnit("foo")',
      'f(x) = __saddleCanary(); f(1)',
      '__saddleCanaryValue * x',
      'x["constructor"]',
    ]) {
      expect(() => exprGame({ f }), f).toThrow(ExprError);
    }
    expect(canary.calls).toBe(0);
  });

  it('the code built for any valid expression is generated vocabulary only, holding none of the typed names', () => {
    fc.assert(
      fc.property(marked, (text) => {
        const f = text.replace(/[⟦⟧]/g, '').replace(/\ba\b/g, 'userConstant').replace(/\bx\b/g, 'userX');
        const game = exprGame({ f, vars: [['userX'], ['y']], userConstant: 0.25 });
        for (const fn of [game.field, game.jacobian, game.losses]) {
          const source = fn.toString();
          assertSafeSource(source);
          expect(source).not.toMatch(/user|pi|\by\b/);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('assertSafeSource rejects any identifier or character outside the generated vocabulary', () => {
    expect(() => assertSafeSource('return function field(z, out, n) { const t1 = M_sin(z[0][0]); };')).not.toThrow();
    expect(() => assertSafeSource('return function field(z, out, n) { process.exit(1) };')).toThrow();
    expect(() => assertSafeSource('return function field(z, out, n) { M_constructor(1) };')).toThrow();
    expect(() => assertSafeSource('return function field(z, out, n) { const t1 = "x"; };')).toThrow();
  });
});
