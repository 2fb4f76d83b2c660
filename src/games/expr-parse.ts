/**
 * Reading one typed expression: mathjs parses it, a checker walks mathjs's tree against a closed vocabulary (numbers,
 * the players' coordinates, named constants, arithmetic and a fixed list of functions), gives every node its
 * position in the text (mathjs keeps none: a tokenizer walks in step with the tree), and turns it into a node of the
 * derivative graph (expr-compile.ts). Anything outside the vocabulary is an {@link ExprError} with its position.
 */
import { InputError, show } from '../errors.ts';
import { type BinaryOp, FUNCTION_ARITY, Graph, type Ir, type Layout, lowerCall, math } from './expr-compile.ts';

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

/** The expressions and names of an expr game, as read from its params. */
export interface Spec {
  sources: { label: string; text: string }[];
  vars: string[][];
  /** All coordinate names, x's then y's, and where each lives. */
  names: string[];
  layout: Layout;
  /** Named constants, pi and e included; a Map so that no name can reach a prototype. */
  constants: Map<string, number>;
}

/** A checked node of the typed expression, with where it sits in the text. */
export interface Src {
  kind: 'num' | 'sym' | 'op' | 'call';
  /** The symbol, the function, or the operator (`+ - * / ^ neg pos`). */
  name: string;
  value: number;
  args: Src[];
  start: number;
  text: string;
}

export const MAX_LENGTH = 2000;

/** Parses and checks one expression against the closed vocabulary. */
export function parseExpression(label: string, text: string, spec: Spec): Src {
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
export function toIr(g: Graph, src: Src, spec: Spec): Ir {
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
