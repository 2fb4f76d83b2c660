import { InputError, show } from '../errors.ts';
import { packPoints, type Game, type Player } from '../game.ts';
import { type BinaryOp, compileBatch, emitBatch, evaluate, FUNCTION_ARITY, Graph, type Ir, type Layout, lowerCall, math, type Target } from './expr-compile.ts';
import { numberParam, type Params } from './params.ts';

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

/** An expression that cannot become a game: what is wrong, in which expression, at which character. */
export class ExprError extends InputError {
  constructor(
    readonly kind: 'syntax' | 'unknown-symbol' | 'unknown-function' | 'unsupported' | 'non-finite' | 'empty',
    /** Which expression: `f`, `losses[1]`. */
    readonly label: string,
    /** The expression's text. */
    readonly expression: string,
    /** 0-based index of the offending character in `expression`. */
    readonly position: number,
    what: string,
  ) {
    super(`${label}, char ${position}`, what, label === 'f' ? ['f'] : ['losses', Number(/\d+/.exec(label)?.[0] ?? 0)], `char ${position}`);
    this.name = 'ExprError';
  }
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

interface Spec {
  sources: { label: string; text: string }[];
  vars: string[][];
  /** All coordinate names, x's then y's, and where each lives. */
  names: string[];
  layout: Layout;
  /** Named constants, pi and e included; a Map so that no name can reach a prototype. */
  constants: Map<string, number>;
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

/** A checked node of the typed expression, with where it sits in the text. */
interface Src {
  kind: 'num' | 'sym' | 'op' | 'call';
  /** The symbol, the function, or the operator (`+ - * / ^ neg pos`). */
  name: string;
  value: number;
  args: Src[];
  start: number;
  text: string;
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

const MAX_LENGTH = 2000;

/** Parses and checks one expression against the closed vocabulary. */
function parseExpression(label: string, text: string, spec: Spec): Src {
  const fail: (kind: ExprError['kind'], at: number, what: string) => never = (kind, at, what) => {
    throw new ExprError(kind, label, text, at, what);
  };
  if (text.length > MAX_LENGTH) fail('unsupported', MAX_LENGTH, `is ${text.length} characters long; at most ${MAX_LENGTH}`);
  let tree: MNode;
  try {
    tree = math.parse(text) as unknown as MNode;
  } catch (e) {
    const char = (e as { char?: unknown }).char;
    const at = typeof char === 'number' ? Math.min(Math.max(char - 1, 0), text.length) : 0;
    if (!(e instanceof SyntaxError)) return fail('unsupported', at, 'is too deeply nested for the parser');
    return fail('syntax', at, `syntax error: ${e.message.replace(/ \(char \d+\)$/, '')}`);
  }
  if (tree.type === 'ConstantNode' && tree.value === undefined) fail('empty', 0, 'is empty: type an expression such as x*y');
  const known = [...spec.names, ...spec.constants.keys()];
  const cursor = new Cursor(tokenize(text), text);
  const walk = (node: MNode): Src => {
    const start = cursor.pos(node.name);
    const done = (kind: Src['kind'], name: string, args: Src[], value = 0): Src => ({
      kind, name, args, value, start, text: cursor.lost ? String(node) : text.slice(start, cursor.end),
    });
    /** `what` is not supported; it starts at `start`, or after its first operand when it has one (`x mod 2`). */
    const unsupported = (what: string, first?: MNode): never => {
      if (first) walk(first);
      return fail('unsupported', first ? cursor.pos() : start, `${what} not supported`);
    };
    switch (node.type) {
      case 'ConstantNode': {
        if (typeof node.value !== 'number') return unsupported(`${typeof node.value === 'string' ? 'strings are' : `the value ${show(node.value)} is`}`);
        cursor.take('num');
        if (!Number.isFinite(node.value)) fail('non-finite', start, `the number ${text.slice(start, cursor.end)} is too large`);
        return done('num', '', [], node.value);
      }
      case 'SymbolNode': {
        const name = node.name as string;
        cursor.take('id', name);
        if (!known.includes(name)) {
          const hint = FUNCTION_ARITY.has(name) ? `; ${name} is a function: write ${name}(...)` : '';
          fail('unknown-symbol', start, `unknown symbol ${show(name)} (known: ${known.join(', ')})${hint}`);
        }
        return done('sym', name, []);
      }
      case 'ParenthesisNode': {
        cursor.take('op', '(');
        const inner = walk(node.content as MNode);
        cursor.take('op', ')');
        return inner;
      }
      case 'OperatorNode': {
        const args = node.args as MNode[];
        const op = { add: '+', subtract: '-', multiply: '*', divide: '/', pow: '^' }[node.fn as string] as BinaryOp | undefined;
        if (op && args.length === 2 && !node.isPercentage) {
          const a = walk(args[0]);
          if (!node.implicit) cursor.take('op', op);
          return done('op', op, [a, walk(args[1])]);
        }
        if ((node.fn === 'unaryMinus' || node.fn === 'unaryPlus') && args.length === 1) {
          cursor.take('op', node.op as string);
          return done('op', node.fn === 'unaryMinus' ? 'neg' : 'pos', [walk(args[0])]);
        }
        const prefix = args.length === 1 && ['not', 'bitNot', 'unaryMinus', 'unaryPlus'].includes(node.fn as string);
        return unsupported(`the operator ${show(node.isPercentage ? '%' : node.op)} is`, prefix ? undefined : args[0]);
      }
      case 'FunctionNode': {
        const fn = node.fn as MNode;
        if (fn.type !== 'SymbolNode') return unsupported('calls of computed functions are');
        const name = fn.name as string;
        cursor.take('id', name);
        const arity = FUNCTION_ARITY.get(name) ?? [];
        const args = node.args as MNode[];
        if (!arity.length) {
          const list = [...FUNCTION_ARITY.keys()].sort().join(', ');
          const hint = known.includes(name) ? `; ${name} is not a function: write ${name}*(...)` : '';
          fail('unknown-function', start, `unknown function ${show(name)}${hint} (known: ${list})`);
        }
        if (!arity.includes(args.length)) {
          fail('unsupported', start, `${name} takes ${arity.join(' or ')} argument(s), got ${args.length}`);
        }
        cursor.take('op', '(');
        const out = args.map((a, i) => {
          if (i > 0) cursor.take('op', ',');
          return walk(a);
        });
        cursor.take('op', ')');
        return done('call', name, out);
      }
      case 'BlockNode': {
        // One expression with a trailing ";" or line break is still one expression.
        const blocks = node.blocks as { node: MNode }[];
        if (blocks.length === 1) return walk(blocks[0].node);
        return unsupported('several expressions (";" or a line break) are', blocks[0].node);
      }
      case 'ConditionalNode':
        return unsupported('conditionals (a ? b : c) are', node.condition as MNode);
      case 'RelationalNode':
        return unsupported('comparisons are', (node.params as MNode[])[0]);
      case 'AccessorNode':
        return unsupported('property access and indexing are', node.object as MNode);
      case 'RangeNode':
        return unsupported('ranges (a:b) are', node.start as MNode);
      default: {
        const what = node.type.replace(/Node$/, '').replace(/[A-Z]/g, (c, i) => `${i ? ' ' : ''}${c.toLowerCase()}`);
        return unsupported(`${what}s (${show(String(node))}) are`);
      }
    }
  };
  return walk(tree);
}

/** A mathjs node as the checker reads it. */
interface MNode {
  type: string;
  [field: string]: unknown;
}

/** The graph node of a checked expression: coordinates become variables, constants become numbers. */
function toIr(g: Graph, src: Src, spec: Spec): Ir {
  const args = src.args.map((a) => toIr(g, a, spec));
  switch (src.kind) {
    case 'num':
      return g.num(src.value);
    case 'sym': {
      const k = spec.names.indexOf(src.name);
      return k >= 0 ? g.variable(k) : g.num(spec.constants.get(src.name) as number);
    }
    case 'call':
      return lowerCall(g, src.name, args) as Ir;
    case 'op':
      if (src.name === 'neg') return g.unary('neg', args[0]);
      if (src.name === 'pos') return args[0];
      return g.binary(src.name as BinaryOp, args[0], args[1]);
  }
}

interface Token {
  kind: 'num' | 'id' | 'str' | 'sep' | 'op';
  text: string;
  start: number;
  end: number;
}

const LETTER = 'a-zA-Z_$\\u00C0-\\u02AF\\u0370-\\u03FF\\u2100-\\u214F';
const LEXEMES: [Token['kind'] | 'skip', RegExp][] = [
  ['skip', /[ \t\u00A0]+|#[^\n]*/y],
  ['num', /0[xbo][0-9A-Za-z_$]*(?:\.[0-9A-Za-z_$]*)?|(?:\d+(?:\.(?![/*^]))?\d*|\.\d+)(?:[eE][+-]?\d+)?/y],
  ['id', new RegExp(`(?:[${LETTER}]|\\uD835[\\uDC00-\\uDFFF])(?:[${LETTER}0-9]|\\uD835[\\uDC00-\\uDFFF])*`, 'y')],
  ['str', /"(?:[^"\\]|\\[\s\S])*"?|'(?:[^'\\]|\\[\s\S])*'?/y],
  ['op', /\.[*/^']|[=!<>]=|<<|>>>?|\?\?|\?\.|[\s\S]/y],
];

/** Splits the text the way mathjs reads it, to give each node of its tree a position (mathjs keeps none). */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; ) {
    if (text[i] === '\n' && depth > 0) {
      i++;
      continue;
    }
    for (const [kind, re] of LEXEMES) {
      re.lastIndex = i;
      const m = re.exec(text);
      if (!m || m[0] === '') continue;
      if (kind !== 'skip') tokens.push({ kind: m[0] === '\n' ? 'sep' : kind, text: m[0], start: i, end: i + m[0].length });
      depth += '([{'.includes(m[0]) ? 1 : ')]}'.includes(m[0]) ? -1 : 0;
      i += m[0].length;
      break;
    }
  }
  return tokens;
}

/**
 * Walks the tokens in step with mathjs's tree (which lists operands in text order). Should the two ever disagree,
 * positions fall back to the first whole-word occurrence of a name, or 0.
 */
class Cursor {
  private i = 0;
  lost = false;
  end = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  pos(name?: unknown): number {
    if (!this.lost) return this.tokens[this.i]?.start ?? this.text.length;
    if (typeof name !== 'string') return 0;
    const m = new RegExp(`(?<![\\w$])${name.replace(/[$]/g, '\\$')}(?![\\w$])`).exec(this.text);
    return m ? m.index : 0;
  }

  take(kind: Token['kind'], text?: string): void {
    const t = this.tokens[this.i];
    if (!this.lost && t && t.kind === kind && (text === undefined || t.text === text)) {
      this.i++;
      this.end = t.end;
    } else this.lost = true;
  }
}
