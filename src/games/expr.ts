import { InputError, show } from '../errors.ts';
import { packPoints, type Game, type Player } from '../game.ts';
import { compileBatch, emitBatch, evaluate, FUNCTION_ARITY, Graph, type Ir, type Target } from './expr-compile.ts';
import { ExprError, parseExpression, toIr, type Spec, type Src } from './expr-parse.ts';
import { numberParam, type Params } from './params.ts';

export { ExprError } from './expr-parse.ts';

/**
 * The `expr` game: any f(x, y) a person types, or one loss per player.
 *
 * Zero-sum (`f`): player x minimizes f, player y maximizes it, so ξ = (∇ₓf, −∇ᵧf) and J = ∂ξ/∂z has rows
 * (∇ₓ∇f, −∇ᵧ∇f). General-sum (`losses`): player i minimizes ℓᵢ, ξᵢ = ∇_θᵢ ℓᵢ and J's rows for player i are
 * ∇_θᵢ∇ℓᵢ (Balduzzi et al. 2018, "The Mechanics of n-Player Differentiable Games"). `vars` names each player's
 * coordinates (default [["x"], ["y"]]); every other param with a numeric value is a named constant, and `pi` and `e`
 * are known.
 *
 * The text is parsed by mathjs, checked against a closed vocabulary (numbers, the players' coordinates, the
 * constants, + − · / ^, parentheses and the functions of {@link FUNCTION_ARITY}; anything else, from `a = 1` to
 * `x.constructor` or `import(…)`, is an {@link ExprError} with its position), differentiated symbolically, and compiled
 * into plain loops over the batch (see expr-compile.ts for why that code can hold nothing of the typed text).
 */
export function exprGame(params: Params): Game {
  const spec = readParams(params);
  const { layout, names } = spec;
  const d = names.length;
  const g = new Graph();
  const sources = spec.sources.map((s) => ({ ...s, src: stage(s.label, s.text, () => parseExpression(s.label, s.text, spec)) }));
  const irs = sources.map((s) => stage(s.label, s.text, () => toIr(g, s.src, spec)));
  const zeroSum = spec.sources.length === 1;
  const losses = zeroSum ? [irs[0], g.unary('neg', irs[0])] : irs;
  const coords = names.map((_, k) => k);
  const built = stage(sources[0].label, sources[0].text, () => {
    const grad = (p: number, k: number) => g.derivative(losses[p], k);
    const second = (r: number, c: number) => g.derivative(grad(layout.block[r], Math.min(r, c)), Math.max(r, c));
    const at = (k: number, node: Ir): Target => ({ node, block: layout.block[k], slot: layout.comp[k] });
    const field = coords.map((k) => at(k, grad(layout.block[k], k)));
    const jac = coords.flatMap((r) => coords.map((c) => ({ node: second(r, c), slot: r * d + c })));
    const lossTargets = losses.map((node, p) => ({ node, block: p, slot: 0 }));
    const lossGrads = losses.map((_, p) => coords.map((k) => at(k, grad(p, k))));
    if (g.nodes.length > 200_000) throw new RangeError('expression graph too large');
    return {
      field: compileBatch<Game['field']>(emitBatch('field', [field], layout, 2)),
      fieldStep: compileBatch<NonNullable<Game['fieldStep']>>(emitBatch('fieldStep', [field], layout, 2, true)),
      jacobian: compileBatch<Game['jacobian']>(emitBatch('jacobian', [jac], layout, 2)),
      losses: compileBatch<Game['losses']>(emitBatch('losses', [lossTargets], layout, 2)),
      lossGrad: compileBatch<NonNullable<Game['lossGrad']>>(emitBatch('lossGrad', lossGrads, layout, 2)),
    };
  });
  const constants = [...spec.constants].filter(([k]) => k !== 'pi' && k !== 'e').map(([k, v]) => `${k} = ${v}`);
  const formula = zeroSum
    ? `f(${names.join(', ')}) = ${spec.sources[0].text}`
    : spec.sources.map((s, i) => `ℓ${'₁₂'[i]} = ${s.text}`).join('; ');
  const game: Game = {
    name: 'expr',
    description: [formula, ...constants].join(', '),
    players: spec.vars.map((coords, i): Player => ({ name: playerName(coords, i), coords })),
    zeroSum,
    field: built.field,
    fieldStep: built.fieldStep,
    jacobian: built.jacobian,
    losses: built.losses,
    lossGrad(z, player, out, n) {
      if (player !== 0 && player !== 1) throw new RangeError(`player ${player} does not exist (0 or 1)`);
      built.lossGrad(z, player, out, n);
    },
  };
  registry.set(game, { g, spec, sources, zeroSum });
  return game;
}

/**
 * Throws an {@link ExprError} of kind `non-finite` when the field or the losses of `game` are not finite at `point`
 * (all coordinates, x then y), naming the innermost subexpression of the typed text that turns non-finite from finite
 * inputs, in value or in derivative (`log(x)` at x = −1, `1/x` at 0, `sqrt(x)`'s slope at 0). Meant for the initial
 * point: the hot path never checks, since a non-finite value there is a diverged trajectory.
 */
export function checkFinite(game: Game, point: readonly number[]): void {
  const z = packPoints(game, [point]);
  const xi = z.map((b) => new Float64Array(b.length));
  const losses = game.players.map(() => new Float64Array(1));
  game.field(z, xi, 1);
  game.losses(z, losses, 1);
  if ([...xi, ...losses].every((b) => b.every(Number.isFinite))) return;
  const names = game.players.flatMap((p) => p.coords);
  const where = names.map((name, k) => `${name} = ${point[k]}`).join(', ');
  const info = registry.get(game);
  if (!info) throw new InputError(`game ${game.name}`, `the field or the losses are not finite at ${where}`);
  const memo = new Map<number, number>();
  info.sources.forEach((s, i) => {
    // ξ holds every derivative of f in a zero-sum game, but only player i's own derivatives of ℓᵢ otherwise.
    const relevant = names.map((_, k) => k).filter((k) => info.zeroSum || info.spec.layout.block[k] === i);
    const visit = (node: Src): void => {
      node.args.forEach(visit);
      const ir = toIr(info.g, node, info.spec);
      const value = evaluate(ir, point, memo);
      const fail = (what: string) => new ExprError('non-finite', s.label, s.text, node.start, `${what} at ${where}`);
      if (!Number.isFinite(value)) throw fail(`${node.text} is ${value}`);
      for (const k of relevant) {
        const slope = evaluate(info.g.derivative(ir, k), point, memo);
        if (!Number.isFinite(slope)) throw fail(`the derivative of ${node.text} in ${names[k]} is ${slope}`);
      }
    };
    visit(s.src);
  });
  const s = info.sources[0];
  throw new ExprError('non-finite', s.label, s.text, 0, `the field or the losses are not finite at ${where}`);
}

interface Internals {
  g: Graph;
  spec: Spec;
  sources: { label: string; text: string; src: Src }[];
  zeroSum: boolean;
}

const registry = new WeakMap<Game, Internals>();

const playerName = (coords: readonly string[], i: number) => {
  const prefix = coords.length === 1 ? coords[0] : coords[0].replace(/[\d_]+$/, '');
  const shared = coords.every((c) => c.startsWith(prefix)) && prefix !== '';
  return shared ? prefix : ['x', 'y'][i];
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WORDS = ['pi', 'e', 'mod', 'to', 'in', 'and', 'or', 'xor', 'not', 'true', 'false', 'null', 'undefined', 'Infinity', 'NaN'];
const RESERVED = new Set([...WORDS, ...FUNCTION_ARITY.keys()]);

/** Reads f or losses, vars and the constants; every problem is an InputError naming the param. */
function readParams(params: Params): Spec {
  const here = (key: string) => `game expr, param ${key}`;
  const json = (key: string): unknown => {
    const raw = params[key];
    if (typeof raw !== 'string') return raw;
    try {
      return JSON.parse(raw);
    } catch {
      throw new InputError(here(key), `expected JSON, got ${show(raw)}`, [key]);
    }
  };
  const { f, losses } = params;
  if ((f === undefined) === (losses === undefined)) {
    throw new InputError('game expr', 'give exactly one of f (zero-sum: x minimizes f, y maximizes it) or losses (one per player)', []);
  }
  let sources: Spec['sources'];
  if (f !== undefined) {
    if (typeof f !== 'string') throw new InputError(here('f'), `expected an expression as a string, got ${show(f)}`, ['f']);
    sources = [{ label: 'f', text: f }];
  } else {
    const list = json('losses');
    if (!Array.isArray(list) || list.length !== 2 || !list.every((s) => typeof s === 'string')) {
      throw new InputError(here('losses'), `expected two expressions, like ["x*y", "-x*y"], got ${show(losses)}`, ['losses']);
    }
    sources = list.map((text: string, i) => ({ label: `losses[${i}]`, text }));
  }
  const vars = params.vars === undefined ? [['x'], ['y']] : json('vars');
  const names = Array.isArray(vars) ? vars.flat() : [];
  const valid =
    Array.isArray(vars) &&
    vars.length === 2 &&
    vars.every((v) => Array.isArray(v) && v.length > 0) &&
    names.every((v) => typeof v === 'string' && IDENTIFIER.test(v) && !RESERVED.has(v)) &&
    new Set(names).size === names.length;
  if (!valid) {
    throw new InputError(here('vars'), `expected two lists of distinct names like [["x1","x2"],["y1"]] (not a function name, pi or e), got ${show(params.vars)}`, ['vars']);
  }
  const constants = new Map<string, number>();
  for (const key of Object.keys(params)) {
    if (key === 'f' || key === 'losses' || key === 'vars' || params[key] === undefined) continue;
    if (!IDENTIFIER.test(key) || RESERVED.has(key) || names.includes(key)) {
      throw new InputError(here(key), 'is not a usable constant name (a letter, then letters, digits or _; not a variable, function, pi or e)', [key]);
    }
    constants.set(key, numberParam('expr', params, key, NaN));
  }
  constants.set('pi', Math.PI).set('e', Math.E);
  const blocks = vars as string[][];
  const layout = { block: blocks.flatMap((v, i) => v.map(() => i)), comp: blocks.flatMap((v) => v.map((_, c) => c)) };
  return { sources, vars: blocks, names: names as string[], layout, constants };
}

/** Runs one stage of the pipeline so that nothing but an ExprError or InputError can leave it. */
function stage<T>(label: string, text: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof InputError) throw e;
    const why = e instanceof RangeError ? 'it is too deeply nested or too large' : `internal error: ${(e as Error)?.message}`;
    throw new ExprError('unsupported', label, text, 0, `cannot be used: ${why}`);
  }
}
