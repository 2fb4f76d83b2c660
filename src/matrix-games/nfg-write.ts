/**
 * Writes a bimatrix game in Gambit's strategic-form format (.nfg version 1, the payoff version with strategy names,
 * as Gambit itself writes it; see src/matrix-games/nfg-read.ts for the grammar):
 *
 *   NFG 1 R "title" { "Player 1" "Player 2" }
 *
 *   { { "1" "2" }
 *   { "1" "2" }
 *   }
 *   "comment"
 *
 *   a₁₁ b₁₁ a₂₁ b₂₁ …      (one line per column j; the row player's strategy changes fastest)
 *
 * Numbers are written in their shortest round-trip form (`0.1`, `1e-7`), which both Gambit and `readNfg` read back
 * to the same double, so readNfg(writeNfg(g)) has exactly g's payoffs.
 */
import type { BimatrixGame } from './bimatrix.ts';

/** Text in double quotes: `"` as `\"`; a backslash doubled only where it would otherwise escape (before `"`, at the end). */
export function quoteNfg(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') out += '\\"';
    else if (c === '\\' && (i === s.length - 1 || s[i + 1] === '"' || s[i + 1] === '\\')) out += '\\\\';
    else out += c;
  }
  return `"${out}"`;
}

/** A payoff: shortest round-trip decimal; −0 as 0. */
const num = (v: number): string => (Object.is(v, -0) ? '0' : String(v));

/** The .nfg text of `game` (labels default to Gambit's: "Player 1", "Player 2", strategies "1", "2", …). */
export function writeNfg(game: BimatrixGame): string {
  const players = game.players ?? ['Player 1', 'Player 2'];
  const names = game.strategies ?? [
    Array.from({ length: game.m }, (_, i) => String(i + 1)),
    Array.from({ length: game.k }, (_, j) => String(j + 1)),
  ];
  const lines = [
    `NFG 1 R ${quoteNfg(game.title ?? '')} { ${players.map(quoteNfg).join(' ')} }`,
    '',
    `{ { ${names[0].map(quoteNfg).join(' ')} }`,
    `{ ${names[1].map(quoteNfg).join(' ')} }`,
    '}',
    quoteNfg(game.comment ?? ''),
    '',
  ];
  for (let j = 0; j < game.k; j++) {
    const row: string[] = [];
    for (let i = 0; i < game.m; i++) row.push(num(game.A[i][j]), num(game.B[i][j]));
    lines.push(row.join(' '));
  }
  return `${lines.join('\n')}\n`;
}
