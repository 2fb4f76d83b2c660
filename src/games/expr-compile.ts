import { create, derivativeDependencies, parseDependencies } from 'mathjs';

/**
 * The engine behind the `expr` game: a small expression graph, its symbolic derivatives, and a compiler from the
 * graph to plain JavaScript batch loops.
 *
 * The graph is hash-consed: building the same operation on the same arguments twice returns the same node, so
 * common subexpressions are shared by construction and emitted once. Constructors fold constants and apply the usual
 * identities (0·u = 0, 1·u = u, u + 0 = u, u¹ = u), so derivatives do not drag `1 * (2 - 1) * …` into the hot loop.
 *
 * Derivatives. The local rule of each primitive (∂(u·v)/∂u = v, ∂ tan u/∂u = sec²u, …) comes from mathjs `derivative`
 * applied once to the primitive over placeholder symbols k0, k1; the chain rule
 * ∂g(u, v)/∂z = ∂g/∂u · ∂u/∂z + ∂g/∂v · ∂v/∂z is then applied over the shared graph, memoized per (node, variable),
 * so first and second derivatives stay linear in the size of the graph instead of growing as trees do (mathjs
 * `derivative` on a whole tree, then `simplify`, took 0.1–0.6 s per partial derivative here; the graph's own folding
 * takes microseconds). Four primitives take hand-written rules because mathjs gives none or a poor one:
 * |u|′ = sign u (mathjs: |u|/u, NaN at 0), sign′ = 0, ∛u′ = 1/(3∛u²) (mathjs: u^(−2/3)/3, NaN for u < 0),
 * σ′ = σ(1 − σ) (stable where e^(−u) overflows). Real arithmetic throughout: log of a negative number, or a negative
 * base to a non-integer power, is NaN (mathjs would answer with a complex number).
 *
 * Code generation, and why it is safe. {@link compileBatch} emits the source of one function that loops over n points
 * in the struct-of-arrays layout of `Game` and builds it with `new Function`. The source is assembled only from:
 * numeric literals printed by `String(number)` from finite JS numbers (non-finite ones as `(1/0)`, `(0/0)`), names
 * this module generates (`z0`, `o1`, `k2`, `v3`, `t17`, `b`, `n`), arithmetic operators, and the parameters `M_sin`,
 * `M_exp`, … bound to a fixed table of `Math` functions. No text of the user's expression reaches it: symbols become
 * variable indices and functions become members of a closed set of operations before this module sees them. As a
 * second guard, {@link assertSafeSource} checks every identifier of the emitted source against that vocabulary
 * before it is compiled.
 */

export const math = create({ parseDependencies, derivativeDependencies });

/** The elementary functions the graph knows, each one JS `Math` function (or, for sigmoid, an inlined formula). */
export const UNARY_FNS = [
  'sin', 'cos', 'tan', 'exp', 'log', 'sqrt', 'abs', 'sign', 'tanh', 'sinh', 'cosh', 'asin', 'acos', 'atan',
  'asinh', 'acosh', 'atanh', 'cbrt', 'log10', 'log2', 'expm1', 'log1p', 'sigmoid',
] as const;
export type UnaryFn = (typeof UNARY_FNS)[number];
export type BinaryOp = '+' | '-' | '*' | '/' | '^';
export type Op = 'num' | 'var' | 'neg' | BinaryOp | UnaryFn;

/** A node of the expression graph. `value` is set for `num`, `index` (a global coordinate) for `var`. */
export interface Ir {
  readonly id: number;
  readonly op: Op;
  readonly args: readonly Ir[];
  readonly value: number;
  readonly index: number;
}

const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));
const UNARY: Record<'neg' | UnaryFn, (a: number) => number> = {
  neg: (a) => -a, sin: Math.sin, cos: Math.cos, tan: Math.tan, exp: Math.exp, log: Math.log, sqrt: Math.sqrt,
  abs: Math.abs, sign: Math.sign, tanh: Math.tanh, sinh: Math.sinh, cosh: Math.cosh, asin: Math.asin,
  acos: Math.acos, atan: Math.atan, asinh: Math.asinh, acosh: Math.acosh, atanh: Math.atanh, cbrt: Math.cbrt,
  log10: Math.log10, log2: Math.log2, expm1: Math.expm1, log1p: Math.log1p, sigmoid,
};
const BINARY: Record<BinaryOp, (a: number, b: number) => number> = {
  '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => a / b, '^': Math.pow,
};
const isUnary = (op: Op): op is 'neg' | UnaryFn => op in UNARY;

/** The hash-consed expression graph, with constructors that fold and simplify, and memoized derivatives. */
export class Graph {
  readonly nodes: Ir[] = [];
  private readonly byKey = new Map<string, Ir>();
  private readonly derivs = new Map<string, Ir>();
  private readonly partials = new Map<string, Ir>();

  private make(op: Op, args: readonly Ir[], value = 0, index = -1): Ir {
    const key = op === 'num' ? `#${Object.is(value, -0) ? '-0' : value}` : `${op}:${index}:${args.map((a) => a.id)}`;
    let node = this.byKey.get(key);
    if (!node) {
      node = { id: this.nodes.length, op, args, value, index };
      this.nodes.push(node);
      this.byKey.set(key, node);
    }
    return node;
  }

  num(value: number): Ir {
    return this.make('num', [], value);
  }

  variable(index: number): Ir {
    return this.make('var', [], 0, index);
  }

  unary(op: 'neg' | UnaryFn, a: Ir): Ir {
    if (a.op === 'num') return this.num(UNARY[op](a.value));
    if (op === 'neg' && a.op === 'neg') return a.args[0];
    return this.make(op, [a]);
  }

  binary(op: BinaryOp, a: Ir, b: Ir): Ir {
    const an = a.op === 'num' ? a.value : undefined;
    const bn = b.op === 'num' ? b.value : undefined;
    if (an !== undefined && bn !== undefined) return this.num(BINARY[op](an, bn));
    switch (op) {
      case '+':
        if (an === 0) return b;
        if (bn === 0) return a;
        if (b.op === 'neg') return this.binary('-', a, b.args[0]);
        if (a.op === 'neg') return this.binary('-', b, a.args[0]);
        break;
      case '-':
        if (bn === 0) return a;
        if (an === 0) return this.unary('neg', b);
        if (b.op === 'neg') return this.binary('+', a, b.args[0]);
        break;
      case '*':
        if (an === 0 || bn === 0) return this.num(0);
        if (an === 1) return b;
        if (bn === 1) return a;
        if (an === -1) return this.unary('neg', b);
        if (bn === -1) return this.unary('neg', a);
        if (a.op === 'neg' && b.op === 'neg') return this.binary('*', a.args[0], b.args[0]);
        if (an !== undefined && b.op === '*' && b.args[0].op === 'num') {
          return this.binary('*', this.num(an * b.args[0].value), b.args[1]);
        }
        break;
      case '/':
        if (bn === 1) return a;
        if (bn === -1) return this.unary('neg', a);
        if (an === 0) return this.num(0);
        break;
      case '^':
        if (bn === 1) return a;
        if (bn === 0) return this.num(1);
        break;
    }
    // + and * commute exactly in IEEE arithmetic: a canonical order (constants first) lets x·y and y·x share a node.
    if ((op === '+' || op === '*') && bn !== undefined) return this.make(op, [b, a]);
    if ((op === '+' || op === '*') && an === undefined && a.id > b.id) return this.make(op, [b, a]);
    return this.make(op, [a, b]);
  }

  /** ∂node/∂z_v by the chain rule over the graph; `v` is a global coordinate index. */
  derivative(node: Ir, v: number): Ir {
    if (node.op === 'num') return this.num(0);
    if (node.op === 'var') return this.num(node.index === v ? 1 : 0);
    const key = `${node.id}/${v}`;
    const known = this.derivs.get(key);
    if (known) return known;
    let sum = this.num(0);
    node.args.forEach((arg, i) => {
      const inner = this.derivative(arg, v);
      if (inner.op === 'num' && inner.value === 0) return;
      sum = this.binary('+', sum, this.binary('*', this.partial(node, i), inner));
    });
    this.derivs.set(key, sum);
    return sum;
  }

  /** ∂node/∂(its i-th argument), as a node over the arguments. */
  private partial(node: Ir, i: number): Ir {
    const key = `${node.id}/${i}`;
    let p = this.partials.get(key);
    if (!p) {
      const rule = HANDWRITTEN[node.op as keyof typeof HANDWRITTEN];
      p = rule ? rule(this, node.args[0]) : fromMath(this, localRule(node.op, i), node.args);
      this.partials.set(key, p);
    }
    return p;
  }
}

const HANDWRITTEN = {
  abs: (g: Graph, a: Ir) => g.unary('sign', a),
  sign: (g: Graph) => g.num(0),
  cbrt: (g: Graph, a: Ir) => g.binary('/', g.num(1), g.binary('*', g.num(3), g.binary('^', g.unary('cbrt', a), g.num(2)))),
  sigmoid: (g: Graph, a: Ir) => {
    const s = g.unary('sigmoid', a);
    return g.binary('*', s, g.binary('-', g.num(1), s));
  },
};

/** Each primitive written in mathjs over placeholders k0, k1; mathjs differentiates these once per process. */
const DEFINITIONS: Partial<Record<Op, string>> = {
  '+': 'k0 + k1', '-': 'k0 - k1', '*': 'k0 * k1', '/': 'k0 / k1', '^': 'k0 ^ k1', neg: '-k0',
  log2: 'log(k0, 2)', expm1: 'exp(k0) - 1', log1p: 'log(1 + k0)',
};
const rules = new Map<string, unknown>();

function localRule(op: Op, i: number): unknown {
  const key = `${op}/${i}`;
  if (!rules.has(key)) {
    const definition = DEFINITIONS[op] ?? `${op}(k0)`;
    rules.set(key, math.derivative(math.parse(definition), `k${i}`, { simplify: false }));
  }
  return rules.get(key);
}

/** A mathjs node as this module reads it. */
interface MathView {
  type: string;
  value?: unknown;
  name?: string;
  fn?: string | MathView;
  args?: MathView[];
  content?: MathView;
}

/** Rebuilds a mathjs tree (a local rule) in the graph, with placeholder k_i bound to `bound[i]`. */
function fromMath(g: Graph, tree: unknown, bound: readonly Ir[]): Ir {
  const walk = (node: MathView): Ir => {
    switch (node.type) {
      case 'ConstantNode':
        if (typeof node.value === 'number') return g.num(node.value);
        break;
      case 'SymbolNode': {
        const m = /^k(\d)$/.exec(node.name ?? '');
        if (m && bound[Number(m[1])]) return bound[Number(m[1])];
        break;
      }
      case 'ParenthesisNode':
        return walk(node.content as MathView);
      case 'OperatorNode': {
        const args = (node.args ?? []).map(walk);
        const op = { add: '+', subtract: '-', multiply: '*', divide: '/', pow: '^' }[node.fn as string] as BinaryOp;
        if (op && args.length === 2) return g.binary(op, args[0], args[1]);
        if (node.fn === 'unaryMinus' && args.length === 1) return g.unary('neg', args[0]);
        if (node.fn === 'unaryPlus' && args.length === 1) return args[0];
        break;
      }
      case 'FunctionNode': {
        const fn = node.fn as MathView;
        const lowered = lowerCall(g, fn.name ?? '', (node.args ?? []).map(walk));
        if (lowered) return lowered;
        break;
      }
    }
    throw new Error(`mathjs derivative produced an unsupported node: ${String(tree)}`);
  };
  return walk(tree as MathView);
}

/**
 * The functions a person may call, with their argument counts. Each lowers onto the graph's primitives:
 * sec u = 1/cos u, log(u, b) = log u / log b, nthRoot(u, k) = sign u·|u|^(1/k) for odd k, cube u = u³, …
 */
export const FUNCTION_ARITY: ReadonlyMap<string, readonly number[]> = new Map<string, readonly number[]>([
  ...UNARY_FNS.map((f): [string, number[]] => [f, f === 'log' ? [1, 2] : [1]]),
  ...['sec', 'csc', 'cot', 'sech', 'csch', 'coth', 'asec', 'acsc', 'acot', 'asech', 'acsch', 'acoth', 'cube', 'square'].map(
    (f): [string, number[]] => [f, [1]],
  ),
  ['nthRoot', [1, 2]],
  ['pow', [2]],
]);

/** The graph node for calling `name` on `args`, or undefined for an unknown name or argument count. */
export function lowerCall(g: Graph, name: string, args: readonly Ir[]): Ir | undefined {
  if (!FUNCTION_ARITY.get(name)?.includes(args.length)) return undefined;
  const [a, b] = args;
  const inv = (u: Ir) => g.binary('/', g.num(1), u);
  switch (name) {
    case 'log':
      return b ? g.binary('/', g.unary('log', a), g.unary('log', b)) : g.unary('log', a);
    case 'sec': return inv(g.unary('cos', a));
    case 'csc': return inv(g.unary('sin', a));
    case 'cot': return g.binary('/', g.unary('cos', a), g.unary('sin', a));
    case 'sech': return inv(g.unary('cosh', a));
    case 'csch': return inv(g.unary('sinh', a));
    case 'coth': return inv(g.unary('tanh', a));
    case 'asec': return g.unary('acos', inv(a));
    case 'acsc': return g.unary('asin', inv(a));
    case 'acot': return g.unary('atan', inv(a));
    case 'asech': return g.unary('acosh', inv(a));
    case 'acsch': return g.unary('asinh', inv(a));
    case 'acoth': return g.unary('atanh', inv(a));
    case 'cube': return g.binary('^', a, g.num(3));
    case 'square': return g.binary('^', a, g.num(2));
    case 'pow': return g.binary('^', a, b);
    case 'nthRoot': {
      if (!b || (b.op === 'num' && b.value === 2)) return g.unary('sqrt', a);
      if (b.op === 'num' && b.value === 3) return g.unary('cbrt', a);
      const root = g.binary('^', g.unary('abs', a), inv(b));
      const odd = b.op === 'num' && Number.isInteger(b.value) && b.value % 2 !== 0;
      return odd ? g.binary('*', g.unary('sign', a), root) : g.binary('^', a, inv(b));
    }
  }
  return g.unary(name as UnaryFn, a);
}

/** The value of `node` at a point (coordinates by global index), with the same arithmetic as the compiled code. */
export function evaluate(node: Ir, point: readonly number[], memo = new Map<number, number>()): number {
  const known = memo.get(node.id);
  if (known !== undefined) return known;
  let v: number;
  if (node.op === 'num') v = node.value;
  else if (node.op === 'var') v = point[node.index];
  else if (isUnary(node.op)) v = UNARY[node.op](evaluate(node.args[0], point, memo));
  else v = BINARY[node.op](evaluate(node.args[0], point, memo), evaluate(node.args[1], point, memo));
  memo.set(node.id, v);
  return v;
}

/** Where a compiled function writes one output node: `out[block][slot·n + b]`, or `out[slot·n + b]` (no block). */
export interface Target {
  node: Ir;
  block?: number;
  slot: number;
}

/** Where each global coordinate lives: block and coordinate within the block. */
export interface Layout {
  block: readonly number[];
  comp: readonly number[];
}

const MATH_NAMES = [...UNARY_FNS.filter((f) => f !== 'sigmoid'), 'pow'] as const;
const MATH_FNS = MATH_NAMES.map((f) => Math[f]);

/** A JS literal for a number, from the number alone. */
function literal(v: number): string {
  if (Number.isNaN(v)) return '(0/0)';
  if (!Number.isFinite(v)) return v > 0 ? '(1/0)' : '(-1/0)';
  if (Object.is(v, -0)) return '(-0)';
  return v < 0 ? `(${String(v)})` : String(v);
}

/** The statements of one loop body computing `targets`, plus the loads it needs. */
function emitBody(targets: readonly Target[], layout: Layout, offsets: Set<number>, step = false): string[] {
  const order = new Map<number, Ir>();
  const visit = (node: Ir) => {
    if (order.has(node.id) || node.op === 'num') return;
    node.args.forEach(visit);
    order.set(node.id, node);
  };
  targets.forEach((t) => visit(t.node));
  const ref = (node: Ir) => (node.op === 'num' ? literal(node.value) : node.op === 'var' ? `v${node.index}` : `t${node.id}`);
  const index = (slot: number) => {
    if (slot === 0) return 'b';
    offsets.add(slot);
    return `k${slot} + b`;
  };
  const lines: string[] = [];
  for (const node of order.values()) {
    if (node.op === 'var') {
      lines.push(`const v${node.index} = z${layout.block[node.index]}[${index(layout.comp[node.index])}];`);
      continue;
    }
    const [a, b] = node.args.map(ref);
    let expr: string;
    if (node.op === 'neg') expr = `-${a}`;
    else if (node.op === 'sigmoid') expr = `1 / (1 + M_exp(-${a}))`;
    else if (isUnary(node.op)) expr = `M_${node.op}(${a})`;
    else if (node.op !== '^') expr = `${a} ${node.op} ${b}`;
    else expr = power(a, node.args[1]) ?? `M_pow(${a}, ${b})`;
    lines.push(`const t${node.id} = ${expr};`);
  }
  for (const t of targets) {
    if (step) lines.push(`z${t.block}[${index(t.slot)}] += c${t.block} * ${ref(t.node)};`);
    else if (t.node.op !== 'num') lines.push(`${t.block === undefined ? 'out' : `o${t.block}`}[${index(t.slot)}] = ${ref(t.node)};`);
  }
  return lines;
}

/** Small integer powers as products: u² → u·u, u⁻¹ → 1/u. */
function power(a: string, exponent: Ir): string | undefined {
  if (exponent.op !== 'num') return undefined;
  const k = exponent.value;
  if (!Number.isInteger(k) || Math.abs(k) > 4 || k === 0) return undefined;
  const product = Array.from({ length: Math.abs(k) }, () => a).join(' * ');
  return k > 0 ? product : `1 / (${product})`;
}

/**
 * Emits one batch function `(z, out, n)` (or `(z, player, out, n)` when `cases` has one target list per player)
 * writing every target at every point b < n. Constant targets are written with `fill` outside the loop.
 * With `step`, the function is `(z, coef, n)` and adds coef[block]·target to z in place instead: the fused
 * gradient step z ← z + c·ξ(z) (every load of a point precedes its writes, so all of ξ is taken at the old z).
 */
export function emitBatch(name: string, cases: readonly (readonly Target[])[], layout: Layout, blocks: number, step = false): string {
  const offsets = new Set<number>();
  const branch = (targets: readonly Target[]) => {
    if (step) {
      const body = emitBody(targets, layout, offsets, true);
      return [`for (let b = 0; b < n; b++) {`, ...body.map((l) => `  ${l}`), `}`];
    }
    const fills = targets
      .filter((t) => t.node.op === 'num')
      .map((t) => {
        offsets.add(t.slot);
        offsets.add(t.slot + 1);
        const dst = t.block === undefined ? 'out' : `o${t.block}`;
        return `${dst}.fill(${literal(t.node.value)}, k${t.slot}, k${t.slot + 1});`;
      });
    const body = emitBody(targets, layout, offsets);
    const loop = body.length ? [`for (let b = 0; b < n; b++) {`, ...body.map((l) => `  ${l}`), `}`] : [];
    return [...fills, ...loop];
  };
  const branches = cases.map(branch);
  const zs = Array.from({ length: blocks }, (_, i) => `z${i} = z[${i}]`).join(', ');
  const os = Array.from({ length: blocks }, (_, i) => `o${i} = out[${i}]`).join(', ');
  const head = [`const ${zs};`];
  if (step) head.push(`const ${Array.from({ length: blocks }, (_, i) => `c${i} = coef[${i}]`).join(', ')};`);
  else if (cases.some((c) => c.some((t) => t.block !== undefined))) head.push(`const ${os};`);
  for (const s of [...offsets].sort((x, y) => x - y)) head.push(`const k${s} = ${s} * n;`);
  const body =
    cases.length === 1
      ? branches[0]
      : branches.flatMap((lines, p) => [`${p ? 'else ' : ''}if (player === ${p}) {`, ...lines.map((l) => `  ${l}`), `}`]);
  const params = step ? 'z, coef, n' : cases.length === 1 ? 'z, out, n' : 'z, player, out, n';
  return [`return function ${name}(${params}) {`, ...[...head, ...body].map((l) => `  ${l}`), `};`].join('\n');
}

const KEYWORDS = new Set(['return', 'function', 'const', 'let', 'for', 'if', 'else', 'z', 'out', 'n', 'b', 'player', 'fill', 'coef']);
const FUNCTION_NAMES = new Set(['field', 'fieldStep', 'jacobian', 'losses', 'lossGrad']);

/** Throws unless every identifier of `source` is generated vocabulary and every other character is arithmetic. */
export function assertSafeSource(source: string): void {
  const stripped = source.replace(/\b\d+(\.\d+)?(e[+-]?\d+)?\b/g, ' ');
  if (/[^\w\s+\-*/()[\]{};,.=<]/.test(stripped)) throw new Error('emitted source contains an unexpected character');
  for (const word of stripped.match(/[A-Za-z_$][\w$]*/g) ?? []) {
    const ok =
      KEYWORDS.has(word) || FUNCTION_NAMES.has(word) || /^[zovktc]\d+$/.test(word) || /^M_[a-z0-9]+$/.test(word);
    if (!ok || (word.startsWith('M_') && !(MATH_NAMES as readonly string[]).includes(word.slice(2)))) {
      throw new Error(`emitted source contains an unexpected identifier ${word}`);
    }
  }
}

/** Builds the function whose source `emitBatch` wrote, with the Math table as its only free names. */
export function compileBatch<F>(source: string): F {
  assertSafeSource(source);
  const factory = new Function(...MATH_NAMES.map((f) => `M_${f}`), source) as (...fns: unknown[]) => F;
  return factory(...MATH_FNS);
}
