/**
 * The tokens of Gambit's text formats (.nfg; the Gambit manual, "Game representation formats"; the lexer of
 * gambitproject/gambit src/games/file.cc): braces, commas, numbers (integers, decimals with an optional exponent,
 * rationals p/q), double-quoted text and bare symbols (`NFG`, `R`), separated by insignificant whitespace. Each
 * token keeps its line and column (both from 1) for error messages.
 *
 * Text: `\"` is a quote inside the text; as in Gambit, a backslash before any other character stays a backslash,
 * except that `\\` is one backslash (so that a label ending in a backslash can be written; Gambit itself cannot).
 */
import { InputError, show } from '../errors.ts';

export type NfgToken =
  | { kind: 'lbrace'; line: number; column: number }
  | { kind: 'rbrace'; line: number; column: number }
  | { kind: 'comma'; line: number; column: number }
  | { kind: 'eof'; line: number; column: number }
  | { kind: 'number'; text: string; value: number; line: number; column: number }
  | { kind: 'text'; text: string; line: number; column: number }
  | { kind: 'symbol'; text: string; line: number; column: number };

const NUMBER = /[+-]?(?:\d+\/\d+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/y;
const DELIMITER = /[\s{},"]/;

/** `file.nfg, line 3, column 7`. */
export const nfgWhere = (source: string, line: number, column: number): string => `${source}, line ${line}, column ${column}`;

/** Splits `text` into tokens (ending with one `eof`); `source` names the file in errors. */
export function tokenizeNfg(text: string, source: string): NfgToken[] {
  const tokens: NfgToken[] = [];
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  const col = (p: number) => p - lineStart + 1;
  const fail = (p: number, what: string, l = line, c = col(p)): never => {
    throw new InputError(nfgWhere(source, l, c), what);
  };
  while (pos < text.length) {
    const ch = text[pos];
    if (ch === '\n') {
      pos++;
      line++;
      lineStart = pos;
      continue;
    }
    if (/\s/.test(ch)) {
      pos++;
      continue;
    }
    const at = { line, column: col(pos) };
    if (ch === '{' || ch === '}' || ch === ',') {
      tokens.push({ kind: ch === '{' ? 'lbrace' : ch === '}' ? 'rbrace' : 'comma', ...at } as NfgToken);
      pos++;
      continue;
    }
    if (ch === '"') {
      let out = '';
      let p = pos + 1;
      const [l0, c0] = [line, col(pos)];
      for (;;) {
        if (p >= text.length) fail(pos, 'text that starts here is never closed by a "', l0, c0);
        const c = text[p];
        if (c === '\\' && (text[p + 1] === '"' || text[p + 1] === '\\')) {
          out += text[p + 1];
          p += 2;
          continue;
        }
        if (c === '"') break;
        if (c === '\n') {
          line++;
          lineStart = p + 1;
        }
        out += c;
        p++;
      }
      tokens.push({ kind: 'text', text: out, line: l0, column: c0 });
      pos = p + 1;
      continue;
    }
    NUMBER.lastIndex = pos;
    const num = NUMBER.exec(text);
    if (num && (pos + num[0].length >= text.length || DELIMITER.test(text[pos + num[0].length]))) {
      const s = num[0];
      let value: number;
      if (s.includes('/')) {
        const [p, q] = s.split('/').map(Number);
        if (q === 0) fail(pos, `the rational ${s} divides by zero`);
        value = p / q;
      } else {
        value = Number(s);
      }
      if (!Number.isFinite(value)) fail(pos, `the number ${s} is too large for double precision`);
      tokens.push({ kind: 'number', text: s, value, ...at });
      pos += s.length;
      continue;
    }
    let end = pos;
    while (end < text.length && !DELIMITER.test(text[end])) end++;
    const word = text.slice(pos, end);
    if (/^[+\-.\d]/.test(word)) fail(pos, `malformed number ${show(word)}`);
    tokens.push({ kind: 'symbol', text: word, ...at });
    pos = end;
  }
  tokens.push({ kind: 'eof', line, column: col(pos) });
  return tokens;
}

/** A token as an error message shows it: `"abc"`, `}`, `end of file`. */
export function describeToken(t: NfgToken): string {
  switch (t.kind) {
    case 'lbrace':
      return '{';
    case 'rbrace':
      return '}';
    case 'comma':
      return ',';
    case 'eof':
      return 'the end of the file';
    case 'number':
      return `the number ${t.text}`;
    case 'text':
      return `the text ${show(t.text)}`;
    default:
      return show(t.text);
  }
}
