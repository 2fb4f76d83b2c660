/**
 * Gambit's .nfg format: both variants read (payoff list and outcome list, with counts or names of strategies), what
 * is written reads back to the same game exactly, and a malformed file is an InputError naming the line and column.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { bimatrixGame, readNfg, writeNfg, type BimatrixGame } from '../../../src/matrix-games/index.ts';
import { matrixOf, shape } from './arbitraries.ts';

const FILES = ['2x2.nfg', 'coordination_4x4_outcome.nfg', 'e04.nfg', 'oneill.nfg', 'pd.nfg'];
const text = (name: string) => readFileSync(new URL(`../../fixtures/nfg/${name}`, import.meta.url), 'utf8');
/** −0 is written as 0: compare payoffs with the sign of zero dropped. */
const unsigned = (M: readonly (readonly number[])[]) => M.map((row) => row.map((v) => v + 0));
const sameGame = (a: BimatrixGame, b: BimatrixGame) => {
  expect(unsigned(b.A)).toEqual(unsigned(a.A));
  expect(unsigned(b.B)).toEqual(unsigned(a.B));
  expect(b.title ?? '').toBe(a.title ?? '');
  expect(b.comment ?? '').toBe(a.comment ?? '');
  expect(b.players).toEqual(a.players ?? ['Player 1', 'Player 2']);
  expect(b.strategies).toEqual(a.strategies ?? [a.A.map((_, i) => String(i + 1)), a.A[0].map((_, j) => String(j + 1))]);
};
/** The error `readNfg` throws for `src`, as `line L, column C: what`. */
const errorOf = (src: string) => {
  try {
    readNfg(src, 'bad.nfg');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('no error');
};

describe('reading Gambit files', () => {
  it('the payoff version (e04.nfg, NFG 1 D, counts of strategies) lists payoffs with the row player changing fastest', () => {
    const g = readNfg(text('e04.nfg'), 'e04.nfg');
    expect([g.m, g.k]).toEqual([3, 2]);
    expect(g.A).toEqual([
      [0, 0],
      [-1, -1],
      [-2, 3],
    ]);
    expect(g.B).toEqual([
      [0, 0],
      [2, 0],
      [-2, -1],
    ]);
    expect(g.players).toEqual(['Player 1', 'Player 2']);
    expect(g.strategies).toEqual([
      ['1', '2', '3'],
      ['1', '2'],
    ]);
  });

  it('the outcome version (coordination_4x4_outcome.nfg) maps each profile to its outcome’s payoffs, with names', () => {
    const g = readNfg(text('coordination_4x4_outcome.nfg'));
    const I = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i === j ? 1 : 0)));
    expect(g.A).toEqual(I);
    expect(g.B).toEqual(I);
    expect(g.strategies).toEqual([
      ['1-1', '1-2', '1-3', '1-4'],
      ['2-1', '2-2', '2-3', '2-4'],
    ]);
  });

  it('oneill.nfg reads as zero-sum, pd.nfg and 2x2.nfg as general-sum', () => {
    expect(readNfg(text('oneill.nfg')).zeroSum).toBe(true);
    expect(readNfg(text('pd.nfg')).zeroSum).toBe(false);
    expect(readNfg(text('2x2.nfg')).zeroSum).toBe(false);
  });

  it('reads rationals, decimals with exponents, leading dots, signs, optional commas, outcome 0 and escaped quotes', () => {
    const g = readNfg(
      'NFG 1 R "say \\"hi\\"" { "Ann" "Bob" } { { "a" "b" } { "c" } } "a comment"\n{ { "o1" 1/4, -.5 } { "o2" +2.5e-1 3E1 } }\n1 0',
    );
    expect(g.title).toBe('say "hi"');
    expect(g.comment).toBe('a comment');
    expect(g.players).toEqual(['Ann', 'Bob']);
    expect(g.A).toEqual([[0.25], [0]]);
    expect(g.B).toEqual([[-0.5], [0]]);
  });

  it('every shipped file reads, writes and reads back to the same game', () => {
    for (const f of FILES) {
      const g = readNfg(text(f), f);
      sameGame(g, readNfg(writeNfg(g), `${f} rewritten`));
    }
  });
});

describe('writing', () => {
  const label = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '"', '\\', 'é', '{', '}', ',', '1', '\n'), maxLength: 8 });
  const labelled = shape(4).chain(([m, k]) =>
    fc.record({
      A: matrixOf(m, k, fc.double({ min: -1e6, max: 1e6, noNaN: true })),
      B: matrixOf(m, k, fc.double({ min: -1e6, max: 1e6, noNaN: true })),
      title: label,
      comment: label,
      players: fc.tuple(label, label),
      rows: fc.array(label, { minLength: m, maxLength: m }),
      cols: fc.array(label, { minLength: k, maxLength: k }),
    }),
  );

  it('readNfg(writeNfg(g)) is g exactly: every double, and labels with quotes, backslashes, braces and newlines', () => {
    fc.assert(
      fc.property(labelled, ({ A, B, title, comment, players, rows, cols }) => {
        const g = bimatrixGame(A, B, { title, comment, players, strategies: [rows, cols] });
        const back = readNfg(writeNfg(g));
        sameGame(g, back);
        // Bit for bit (=== also holds for −0 written as 0).
        expect(back.A.flat().every((v, i) => v === A.flat()[i])).toBe(true);
        expect(back.B.flat().every((v, i) => v === B.flat()[i])).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('writes the payoff version with strategy names, which is what Gambit itself writes', () => {
    const g = bimatrixGame([
      [1, -1],
      [-1, 1],
    ]);
    expect(writeNfg(g)).toBe('NFG 1 R "" { "Player 1" "Player 2" }\n\n{ { "1" "2" }\n{ "1" "2" }\n}\n""\n\n1 -1 -1 1\n-1 1 1 -1\n');
  });
});

describe('malformed files: an InputError with the file, line and column', () => {
  const head = 'NFG 1 R "t" { "P1" "P2" } { 2 2 }\n';
  const cases: [string, string, RegExp][] = [
    ['not an NFG file', 'EFG 2 R "t"', /^bad\.nfg, line 1, column 1: expected NFG/],
    ['another version', 'NFG 2 R "t"', /^bad\.nfg, line 1, column 5: expected version 1/],
    ['another number type', 'NFG 1 Q "t"', /^bad\.nfg, line 1, column 7: expected the number type R or D/],
    ['no title', 'NFG 1 R { "P1" }', /^bad\.nfg, line 1, column 9: expected the game title in double quotes/],
    ['three players', 'NFG 1 R "t" { "A" "B" "C" } { 2 2 2 }', /^bad\.nfg, line 1, column 13: 3 players \("A", "B", "C"\): only two-player games/],
    ['one player', 'NFG 1 R "t" { "A" } { 2 }', /^bad\.nfg, line 1, column 13: 1 player \("A"\): only two-player games/],
    ['a zero strategy count', 'NFG 1 R "t" { "A" "B" } { 2 0 }', /^bad\.nfg, line 1, column 29: expected a positive integer \(player 2’s number of strategies\), got 0/],
    ['too few payoffs', `${head}1 2 3 4 5 6 7`, /^bad\.nfg, line 2, column 14: expected payoff 8 of 8 \(player 2 at profile \(2, 2\)\), got the end of the file/],
    ['too many payoffs', `${head}1 2 3 4 5 6 7 8 9`, /^bad\.nfg, line 2, column 17: expected the end of the file after the last payoff, got the number 9/],
    ['a malformed number', `${head}1 2 3 4x 5 6 7 8`, /^bad\.nfg, line 2, column 7: malformed number "4x"/],
    ['a rational over zero', `${head}1 2 3/0 4 5 6 7 8`, /^bad\.nfg, line 2, column 5: the rational 3\/0 divides by zero/],
    ['an outcome index out of range', `${head}{ { "o" 1 2 } }\n1 1 1 2`, /^bad\.nfg, line 3, column 7: the outcome of profile \(2, 2\), number 4 of 4 is 2: expected 0 \(none\) or an outcome 1…1/],
    ['an outcome with a missing payoff', `${head}{ { "o" 1 } }\n1 1 1 1`, /^bad\.nfg, line 2, column 11: expected player 2’s payoff in outcome 1, got }/],
    ['an outcome with an extra payoff', `${head}{ { "o" 1 2 3 } }\n1 1 1 1`, /^bad\.nfg, line 2, column 13: expected } closing outcome 1 \(one payoff per player: 2\), got the number 3/],
    ['a word where payoffs belong', `${head}abc`, /^bad\.nfg, line 2, column 1: expected the payoffs \(numbers\) or a list of outcomes/],
  ];
  for (const [what, src, want] of cases) {
    it(`${what}: ${want.source.slice(1, 60)}…`, () => expect(errorOf(src)).toMatch(want));
  }

  it('an unclosed text reports where the text starts, even lines before the end', () => {
    // "P1 " is a name, P2 a symbol, and the quote at column 22 opens a text that never closes.
    expect(errorOf('NFG 1 R "t" { "P1 "P2" }\n\n1 2')).toMatch(/^bad\.nfg, line 1, column 22: text that starts here is never closed by a "/);
  });
});
