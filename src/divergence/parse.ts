import { InputError, show } from '../errors.ts';
import { componentProblem, mixture, type Component, type Distribution } from './distribution.ts';

/**
 * The text form of a distribution, for the command line and for URLs:
 *
 *   dist   := normal(MEAN, STD) | uniform(A, B) | point(C) | mix(W₁*dist, W₂*dist, …)
 *   number := decimal with optional sign and exponent (1, -0.5, .25, 2e-3)
 *
 * e.g. `normal(0,1)`, `uniform(-1, 2)`, `point(0.5)`, `mix(0.3*normal(0,1), 0.7*point(2))`. Spaces are allowed between
 * tokens; mixtures may nest (they are flattened); weights must be positive and sum to 1. Every error is an
 * InputError whose `where` is `<where>, char N` with N the 0-based position of the offending token.
 */

const NUMBER = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const KINDS = ['normal', 'uniform', 'point', 'mix'] as const;
const ARITY: Record<string, [number, string]> = { normal: [2, 'mean, std'], uniform: [2, 'a, b'], point: [1, 'location'] };
/** Longest text accepted. */
export const MAX_TEXT = 4000;

/** Reads a distribution from its text form; `where` names the source in errors (`--p`). */
export function parseDistribution(text: string, where = 'distribution'): Distribution {
  let pos = 0;
  const fail = (at: number, what: string): never => {
    throw new InputError(`${where}, char ${at}`, what);
  };
  const skip = () => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };
  const near = (at: number) => (at >= text.length ? 'the end' : show(text.slice(at, at + 12)));
  const expect = (ch: string, context: string) => {
    skip();
    if (text[pos] !== ch) fail(pos, `expected "${ch}" ${context}, got ${near(pos)}`);
    pos++;
  };
  const number = (what: string): { value: number; at: number } => {
    skip();
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (!m) return fail(pos, `expected ${what}, got ${near(pos)}`);
    const at = pos;
    pos += m[0].length;
    const value = Number(m[0]);
    if (!Number.isFinite(value)) fail(at, `${m[0]} is not a finite number`);
    return { value, at };
  };

  /** Items separated by commas up to the closing parenthesis (already past the opening one). */
  const commaList = <T>(context: string, item: () => T): T[] => {
    const items: T[] = [];
    for (;;) {
      items.push(item());
      skip();
      if (text[pos] === ',' || text[pos] === ')') {
        if (text[pos++] === ')') return items;
        continue;
      }
      fail(pos, `expected "," or ")" in ${context}, got ${near(pos)}`);
    }
  };
  const dist = (): Distribution => {
    skip();
    const start = pos;
    WORD.lastIndex = pos;
    const m = WORD.exec(text);
    if (!m || !(KINDS as readonly string[]).includes(m[0])) {
      fail(start, `expected a distribution (${KINDS.join(', ')}), got ${m ? show(m[0]) : near(start)}`);
    }
    const kind = m![0];
    pos += kind.length;
    expect('(', `after ${kind}`);
    if (kind === 'mix') {
      const parts = commaList('mix(…)', (): [number, Distribution] => {
        const w = number('a weight (as in 0.3*normal(0,1))');
        if (!(w.value > 0)) fail(w.at, `a mixture weight must be positive, got ${w.value}`);
        expect('*', 'between a weight and its distribution');
        return [w.value, dist()];
      });
      return mixture(parts, `${where}, char ${start}`);
    }
    const [arity, names] = ARITY[kind];
    const args = commaList(`${kind}(${names})`, () => number(`a number (${kind}(${names}))`).value);
    if (args.length !== arity) fail(start, `${kind} takes ${arity} number${arity > 1 ? 's' : ''} (${names}), got ${args.length}`);
    const c: Component =
      kind === 'normal' ? { kind, mean: args[0], std: args[1] } : kind === 'uniform' ? { kind, a: args[0], b: args[1] } : { kind: 'point', at: args[0] };
    const problem = componentProblem(c);
    if (problem) fail(start, problem);
    return c;
  };

  if (typeof text !== 'string') throw new InputError(where, `expected a distribution as text, got ${show(text)}`);
  if (text.length > MAX_TEXT) fail(MAX_TEXT, `the text is ${text.length} characters long; at most ${MAX_TEXT}`);
  const d = dist();
  skip();
  if (pos < text.length) fail(pos, `unexpected ${near(pos)} after the distribution`);
  return d;
}
