/**
 * Reads a game in Gambit's strategic-form format (.nfg, version 1; the Gambit manual, "Game representation
 * formats"; the reader of gambitproject/gambit src/games/file.cc):
 *
 *   NFG 1 R "title" { "Player 1" "Player 2" } { 3 2 }          ← counts of strategies, or
 *   NFG 1 R "title" { "Player 1" "Player 2" } { { "T" "B" } { "L" "R" } }   ← their names
 *   "optional comment"
 *   payoffs: a₁₁ b₁₁ a₂₁ b₂₁ …                                  ← the payoff version, or
 *   { { "outcome" a, b } … } 1 2 0 …                           ← the outcome version (0: no outcome, payoffs 0)
 *
 * `R` (rational) and `D` (decimal) headers read alike; numbers may be integers, decimals, exponents or p/q.
 * Strategy profiles are listed with the first player's strategy changing fastest: (1,1), (2,1), …, (m,1), (1,2), …
 * Games with other than two players are refused with a clear error (this module is about bimatrix games).
 * Errors give the file, line and column of the token at fault.
 */
import { InputError, show } from '../errors.ts';
import { bimatrixGame, type BimatrixGame } from './bimatrix.ts';
import { describeToken, nfgWhere, tokenizeNfg, type NfgToken } from './nfg-lexer.ts';

/** Parses .nfg text; `source` (a file name) prefixes error locations. */
export function readNfg(text: string, source = 'nfg'): BimatrixGame {
  const tokens = tokenizeNfg(text, source);
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[Math.min(at++, tokens.length - 1)];
  const fail = (t: NfgToken, what: string): never => {
    throw new InputError(nfgWhere(source, t.line, t.column), what);
  };
  const expect = <K extends NfgToken['kind']>(kind: K, what: string): Extract<NfgToken, { kind: K }> => {
    const t = next();
    if (t.kind !== kind) fail(t, `expected ${what}, got ${describeToken(t)}`);
    return t as Extract<NfgToken, { kind: K }>;
  };
  /** The texts in a row (names), up to the first token that is not one. */
  const texts = (): string[] => {
    const out: string[] = [];
    for (let t = peek(); t.kind === 'text'; t = peek()) out.push(expect('text', 'a name').text);
    return out;
  };

  const magic = next();
  if (magic.kind !== 'symbol' || magic.text !== 'NFG') fail(magic, `expected NFG (a Gambit strategic-form file starts with "NFG 1 R"), got ${describeToken(magic)}`);
  const version = next();
  if (version.kind !== 'number' || version.text !== '1') fail(version, `expected version 1 (only NFG version 1 exists), got ${describeToken(version)}`);
  const type = next();
  if (type.kind !== 'symbol' || (type.text !== 'R' && type.text !== 'D')) fail(type, `expected the number type R or D, got ${describeToken(type)}`);
  const title = expect('text', 'the game title in double quotes').text;

  const playersOpen = expect('lbrace', '{ and the players’ names');
  const players = texts();
  expect('rbrace', 'a player name in double quotes or }');
  if (players.length !== 2) {
    const names = players.length ? ` (${players.map((p) => show(p)).join(', ')})` : '';
    fail(playersOpen, `${players.length} player${players.length === 1 ? '' : 's'}${names}: only two-player games (bimatrix games) are supported`);
  }

  // Strategies: { 3 2 } or { { "a" "b" "c" } { "d" "e" } }.
  expect('lbrace', '{ and the strategies (counts like { 2 2 } or names like { { "T" "B" } { "L" "R" } })');
  const strategies: string[][] = [];
  if (peek().kind === 'lbrace') {
    for (let p = 0; p < 2; p++) {
      expect('lbrace', `{ and the names of player ${p + 1}’s strategies`);
      const names = texts();
      const close = expect('rbrace', 'a strategy name in double quotes or }');
      if (!names.length) fail(close, `player ${p + 1} has no strategies`);
      strategies.push(names);
    }
  } else {
    for (let p = 0; p < 2; p++) {
      const t = expect('number', `the number of player ${p + 1}’s strategies`);
      if (!Number.isInteger(t.value) || t.value < 1) fail(t, `expected a positive integer (player ${p + 1}’s number of strategies), got ${t.text}`);
      strategies.push(Array.from({ length: t.value }, (_, s) => String(s + 1)));
    }
  }
  expect('rbrace', '} after the strategies');
  const comment = peek().kind === 'text' ? expect('text', 'a comment').text : '';

  const m = strategies[0].length;
  const k = strategies[1].length;
  const A = Array.from({ length: m }, () => new Array<number>(k).fill(0));
  const B = Array.from({ length: m }, () => new Array<number>(k).fill(0));
  const body = peek();
  if (body.kind === 'lbrace') {
    next();
    const outcomes: [number, number][] = [];
    while (peek().kind === 'lbrace') {
      next();
      expect('text', 'the outcome’s name in double quotes');
      const pay: number[] = [];
      for (let p = 0; p < 2; p++) {
        pay.push(expect('number', `player ${p + 1}’s payoff in outcome ${outcomes.length + 1}`).value);
        if (peek().kind === 'comma') next();
      }
      expect('rbrace', `} closing outcome ${outcomes.length + 1} (one payoff per player: 2)`);
      outcomes.push([pay[0], pay[1]]);
    }
    expect('rbrace', '{ opening an outcome, or } closing the list of outcomes');
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < m; i++) {
        const which = `the outcome of profile (${i + 1}, ${j + 1}), number ${j * m + i + 1} of ${m * k}`;
        const t = expect('number', which);
        const o = t.value;
        if (!Number.isInteger(o) || o < 0 || o > outcomes.length) fail(t, `${which} is ${t.text}: expected 0 (none) or an outcome 1…${outcomes.length}`);
        if (o > 0) [A[i][j], B[i][j]] = outcomes[o - 1];
      }
    }
  } else if (body.kind === 'number') {
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < m; i++) {
        for (let p = 0; p < 2; p++) {
          const n = 2 * (j * m + i) + p + 1;
          (p === 0 ? A : B)[i][j] = expect('number', `payoff ${n} of ${2 * m * k} (player ${p + 1} at profile (${i + 1}, ${j + 1}))`).value;
        }
      }
    }
  } else {
    fail(body, `expected the payoffs (numbers) or a list of outcomes ({ … }), got ${describeToken(body)}`);
  }
  const end = next();
  if (end.kind !== 'eof') fail(end, `expected the end of the file after the last ${body.kind === 'lbrace' ? 'outcome index' : 'payoff'}, got ${describeToken(end)}`);
  return bimatrixGame(A, B, { title, comment, players: [players[0], players[1]], strategies: [strategies[0], strategies[1]] }, { A: source, B: source });
}
