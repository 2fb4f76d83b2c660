/**
 * `saddle nash`: the Nash equilibria of a two-player matrix game given as payoff matrices (--A, --B) or a Gambit
 * .nfg file (--file), by support enumeration, Lemke–Howson, linear programming (zero-sum) or all of them
 * (src/matrix-games). `--json` prints exactly {"equilibria": [{"row", "col", "payoffs"}]}, plus "warnings" when
 * there are any (a degenerate game) and "value" for the LP.
 *
 * Also exports the reading of a game from flags, which `saddle learn` shares.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError, show } from '../errors.ts';
import { bimatrixGame, describeGame, type BimatrixGame } from '../matrix-games/bimatrix.ts';
import type { Equilibrium } from '../matrix-games/equilibrium.ts';
import { NASH_METHODS, nashMethods, solveNash, type NashReport } from '../matrix-games/nash.ts';
import { readNfg } from '../matrix-games/nfg-read.ts';
import { fmt, table } from './format.ts';
import type { Io } from './io.ts';
import { toJson } from './json.ts';

/** The flags that give a game. */
export interface GameFlags {
  A?: string;
  B?: string;
  file?: string;
}

/** A JSON value from a flag, with the flag named in the error. */
function parseJsonFlag(flag: string, raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new InputError(flag, `not valid JSON (${(e as Error).message}): ${show(raw)}`);
  }
}

/** The game of --A/--B or --file (relative to `cwd`). */
export function readGameFlags(flags: GameFlags, cwd: string): BimatrixGame {
  if (flags.file !== undefined) {
    if (flags.A !== undefined || flags.B !== undefined) throw new InputError('--file', 'give the game either as --A/--B or as --file, not both');
    const path = resolve(cwd, flags.file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new InputError('--file', `cannot read ${flags.file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
    }
    return readNfg(text, flags.file);
  }
  if (flags.A === undefined) {
    const what = flags.B === undefined ? 'the game is missing' : '--B gives only the column player’s payoffs';
    throw new InputError('--A', `${what}: give the row player’s payoffs as JSON rows like [[1,-1],[-1,1]], or --file FILE.nfg`);
  }
  const A = parseJsonFlag('--A', flags.A);
  const B = flags.B === undefined ? undefined : parseJsonFlag('--B', flags.B);
  return bimatrixGame(A, B, {}, { A: '--A', B: '--B' });
}

interface NashFlags extends GameFlags {
  method?: string;
  json?: boolean;
}

const EXAMPLES = `
Examples:
  $ saddle nash --A '[[1,-1],[-1,1]]'                                  matching pennies (B = −A)
  $ saddle nash --A '[[2,0],[0,1]]' --B '[[1,0],[0,2]]'                 battle of the sexes: 3 equilibria
  $ saddle nash --A '[[0,-1,1],[1,0,-1],[-1,1,0]]' --method lp --json   rock–paper–scissors: value 0
  $ saddle nash --file test/fixtures/nfg/e04.nfg --method all           a degenerate game from Gambit

The row player maximizes xᵀAy, the column player xᵀBy (B = −A when omitted: zero-sum).
Methods:${Object.entries(nashMethods)
  .map(([name, m]) => `\n  ${name.padEnd(13)}${m.summary}`)
  .join('')}
  all          support, lemke-howson and (for a zero-sum game) lp; their equilibria merged
--json prints {"equilibria": [{"row": [...], "col": [...], "payoffs": [u, w]}], "warnings"?: [...], "value"?: v}.
Every equilibrium printed has been checked: no player gains more than 1e-9 (relative) by deviating.
Exit codes: 0 done, 2 bad input (one line on stderr), 1 a bug.`;

export function nashCommand(program: Command, io: Io, setCode: (code: number) => void): void {
  program
    .command('nash')
    .summary('Nash equilibria of a two-player matrix game (support enumeration, Lemke–Howson, LP)')
    .description('Find the Nash equilibria of a bimatrix game given by payoff matrices or a Gambit .nfg file.')
    .option('--A <json>', 'the row player’s payoffs, JSON rows: [[1,-1],[-1,1]]')
    .option('--B <json>', 'the column player’s payoffs, same shape (default −A: zero-sum)')
    .option('--file <file.nfg>', 'read the game from a Gambit .nfg file (two players)')
    .option('--method <name>', `${NASH_METHODS.join(' | ')} (default support)`)
    .option('--json', 'print JSON')
    .addHelpText('after', EXAMPLES)
    .action((flags: NashFlags) => setCode(nash(flags, io)));
}

/** Runs `saddle nash`; returns the exit code (bad input throws an InputError, reported by main). */
export function nash(flags: NashFlags, io: Io): number {
  const method = flags.method ?? 'support';
  if (!(NASH_METHODS as readonly string[]).includes(method)) {
    throw new InputError('--method', `unknown method ${show(method)} (known: ${NASH_METHODS.join(', ')})`);
  }
  const game = readGameFlags(flags, io.cwd ?? process.cwd());
  const report = solveNash(game, method);
  io.stdout.write(flags.json ? `${toJson(jsonReport(report))}\n` : textReport(game, report));
  return 0;
}

function jsonReport(r: NashReport) {
  return {
    equilibria: r.equilibria.map((e) => ({ row: e.row, col: e.col, payoffs: e.payoffs })),
    ...(r.warnings.length ? { warnings: r.warnings } : {}),
    ...(r.value !== undefined ? { value: r.value } : {}),
  };
}

const METHOD_NAMES: Record<string, string> = {
  support: 'support enumeration',
  'lemke-howson': 'Lemke–Howson from every starting label',
  lp: 'linear programming (zero-sum)',
  vertex: 'vertex enumeration',
  all: 'all: support enumeration, Lemke–Howson, and LP for a zero-sum game',
};

const vector = (p: readonly number[]) => `(${p.map(fmt).join(', ')})`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function equilibriumRows(game: BimatrixGame, list: readonly Equilibrium[]): string[][] {
  const named = (p: readonly number[], names?: readonly string[]) =>
    names && names.some((s, i) => s !== String(i + 1)) ? `(${p.map((v, i) => `${names[i]}: ${fmt(v)}`).join(', ')})` : vector(p);
  return list.map((e, i) => [
    `  ${i + 1}.`,
    `row ${named(e.row, game.strategies?.[0])}`,
    `col ${named(e.col, game.strategies?.[1])}`,
    `payoffs ${fmt(e.payoffs[0])}, ${fmt(e.payoffs[1])}`,
  ]);
}

function textReport(game: BimatrixGame, r: NashReport): string {
  const lines = [
    table([
      ['game', describeGame(game)],
      ['method', METHOD_NAMES[r.method] ?? r.method],
      ['found', plural(r.equilibria.length, 'equilibrium', 'equilibria')],
    ]),
  ];
  if (r.equilibria.length) lines.push(table(equilibriumRows(game, r.equilibria)));
  if (r.value !== undefined) lines.push(table([['value', `${fmt(r.value)} (what the row player can guarantee, and the column player hold it to)`]]));
  if (r.runs) {
    lines.push(
      `by method: ${r.runs.map((run) => `${run.method} ${run.equilibria.length}`).join(', ')}${r.runs.some((run) => run.method === 'lp') ? '' : ' (lp: not a zero-sum game)'}`,
    );
  }
  if (r.method === 'lemke-howson' || r.method === 'all') {
    lines.push(`note: Lemke–Howson finds the equilibria at the ends of its ${game.m + game.k} paths, a subset of all of them in general`);
  }
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}
