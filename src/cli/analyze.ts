import type { Command } from 'commander';
import { analyze, type AnalyzedEquilibrium, type Complex } from '../analysis/index.ts';
import { InputError } from '../errors.ts';
import { gameDim, type Game } from '../game.ts';
import { createGame } from '../games/index.ts';
import { loadScenario } from '../scenario/index.ts';
import { boxPairs } from '../starts.ts';
import { collect, gameOptions, parseInteger, parseKeyValues, parseList, parseRates } from './args.ts';
import { coordNames, fmt, showPoint, table } from './format.ts';
import type { Io } from './io.ts';
import { toJson } from './json.ts';
import { resolveScenario } from './sims.ts';

/** The flags of `saddle analyze`, as commander hands them over. */
export interface AnalyzeFlags {
  game?: string;
  param?: string[];
  f?: string[];
  box?: string;
  starts?: string;
  optimizer?: string;
  lr?: string;
  opt?: string[];
  json?: boolean;
}

const EXAMPLES = `
Examples:
  $ saddle analyze                                          x·y: one equilibrium, a center
  $ saddle analyze --f "x^3/3 - x + x*y - y^2/2"            a stable focus and a saddle
  $ saddle analyze --game dirac --param reg=r1 --param gamma=0.3 --optimizer simgda --lr 0.2
  $ saddle analyze --game matrix --param 'A=[[1,2,0],[0,1,3]]' --optimizer eg --json
  $ saddle analyze dirac-consensus --optimizer momentum --opt beta=-0.3 --opt alternating=true
  $ saddle analyze --f "sin(x)*sin(y)" --box -4,4

Finds the stationary points ξ(z) = 0 in the box (exactly for affine fields; by multi-start Newton otherwise) and
classifies each: the eigenvalues of the flow's Jacobian −J (ż = −ξ(z), the field v = −ξ of Mescheder et al.),
the kind of rest point of that flow, whether it is a local Nash equilibrium (each player's own Hessian block of J
positive semi-definite) and, in zero-sum games, a local minimax point (Jin, Netrapalli & Jordan 2020). A singular
J of an affine game is a whole subspace of equilibria, reported once with its dimension.
With --optimizer: ρ, the spectral radius of the optimizer's linearized step (its state included: momentum's
velocity, OGDA's previous gradient, an EMA of the iterates), is the factor by which a small perturbation
shrinks (ρ < 1) or grows (ρ > 1) per step at --lr; and the intervals of η where ρ < 1. With per-player rates,
η scales them together and is player 1's. Adam and uniform averaging have no linear update map (exit 2).
--json prints {"equilibria": [{"point": [...], "eigenvalues": [{"re", "im"}], "kind", "localNash",
"localMinimax"? (zero-sum, when it differs from localNash), "subspace"? {"dimension", "basis"},
"spectralRadius"?, "stableLr"? [lo, hi] (the interval of the smallest stable η; "Infinity" when unbounded),
"stableLrIntervals"? (all of them, when there are none or several), "fixedPoint"? false (when the optimizer
moves away from the equilibrium, as unrolled steps can in general-sum games)}]}.
Exit codes: 0 done, 2 bad input (one line on stderr), 1 a bug.`;

/** Declares `saddle analyze` on `program`. */
export function analyzeCommand(program: Command, io: Io, setCode: (code: number) => void): void {
  const command = program
    .command('analyze')
    .summary('find a game’s equilibria, classify them, and predict an optimizer’s convergence there')
    .description('Find the equilibria of a game in a box, classify each, and with an optimizer give its spectral radius and stable learning rates there.')
    .argument('[scenario]', 'a scenario file or the name of one in sims/: its game, and its domain as the default box');
  gameOptions(command, 'to analyze')
    .option('--box <lo,hi,...>', 'where to look: lo,hi for every coordinate, or a lo,hi pair per coordinate (default: the scenario’s domain, else -3,3)')
    .option('--starts <n>', 'Newton starts besides the box centre, for games whose field is not affine (default 128)')
    .option('--optimizer <name>', 'predict this optimizer’s behaviour near each equilibrium (see saddle list optimizers)')
    .option('--lr <eta>', 'its learning rate η (default 0.1); a comma list gives one per player')
    .option('--opt <key=value>', 'an optimizer option, e.g. beta=-0.5; repeat for several', collect)
    .option('--json', 'print JSON instead of a table')
    .addHelpText('after', EXAMPLES)
    .action(async (file: string | undefined, flags: AnalyzeFlags) => setCode(await analyzeRun(file, flags, io)));
}

/** Runs `saddle analyze`; bad input throws an InputError (reported by main). */
export async function analyzeRun(file: string | undefined, flags: AnalyzeFlags, io: Io): Promise<number> {
  const params = parseKeyValues('--param', flags.param ?? []);
  const opt = parseKeyValues('--opt', flags.opt ?? []);
  const fs = flags.f ?? [];
  let spec: { name: string; params: Record<string, unknown> } | undefined;
  if (fs.length) {
    if (flags.game !== undefined && flags.game !== 'expr') throw new InputError('--f', `implies --game expr; it cannot go with --game ${flags.game}`);
    if ('f' in params || 'losses' in params) throw new InputError('--f', `the expression is given twice, by --f and by --param ${'f' in params ? 'f' : 'losses'}`);
    spec = { name: 'expr', params: { ...params, ...(fs.length === 1 ? { f: fs[0] } : { losses: fs }) } };
  } else if (flags.game !== undefined) {
    spec = { name: flags.game, params };
  }
  if (flags.optimizer === undefined) {
    if (flags.lr !== undefined) throw new InputError('--lr', 'needs --optimizer NAME');
    if (Object.keys(opt).length) throw new InputError('--opt', 'needs --optimizer NAME');
  }
  const lr = flags.lr === undefined ? undefined : parseRates('--lr', flags.lr);
  const starts = flags.starts === undefined ? undefined : parseInteger('--starts', flags.starts, 1);
  const boxList = flags.box === undefined ? undefined : parseList('--box', flags.box);

  let domain: readonly number[] | undefined;
  if (file !== undefined) {
    const { path, name } = resolveScenario(file, io.cwd ?? process.cwd());
    const scenario = await loadScenario(path, name);
    spec ??= { name: scenario.game.name, params: { ...scenario.game.params, ...params } };
    domain = scenario.domain;
  }
  spec ??= { name: 'bilinear', params };
  const game = await createGame(spec.name, spec.params);
  const d = gameDim(game);
  const box = boxList ? boxPairs(boxList, d, '--box') : domain && d === 2 ? boxPairs(domain, d, 'domain') : undefined;
  const optimizer = flags.optimizer === undefined ? undefined : { name: flags.optimizer, options: { ...opt, ...(lr === undefined ? {} : { lr }) } };
  const equilibria = analyze(game, { box, starts, optimizer });
  if (flags.json) io.stdout.write(`${toJson({ equilibria: equilibria.map(jsonOf) })}\n`);
  else io.stdout.write(text(game, box ?? boxPairs([-3, 3], d, '--box'), equilibria));
  return 0;
}

/** The documented JSON shape of one equilibrium. */
function jsonOf(eq: AnalyzedEquilibrium): Record<string, unknown> {
  const out: Record<string, unknown> = {
    point: eq.point,
    eigenvalues: eq.eigenvalues.map(({ re, im }) => ({ re, im })),
    kind: eq.kind,
    localNash: eq.localNash,
  };
  if (eq.localMinimax !== undefined && eq.localMinimax !== eq.localNash) out.localMinimax = eq.localMinimax;
  if (eq.subspace) out.subspace = eq.subspace;
  if (eq.update && eq.stableLr) {
    out.spectralRadius = eq.update.spectralRadius;
    if (eq.stableLr.length) out.stableLr = eq.stableLr[0];
    if (eq.stableLr.length !== 1) out.stableLrIntervals = eq.stableLr;
    if (!isFixedPoint(eq)) out.fixedPoint = false;
  }
  return out;
}

const isFixedPoint = (eq: AnalyzedEquilibrium) => !eq.update || eq.update.offset.every((v) => Math.abs(v) <= 1e-12 * (1 + Math.max(...eq.point.map(Math.abs))));

/** Eigenvalues for people: conjugate pairs as a ± bi. */
function showEigenvalues(values: readonly Complex[]): string {
  const parts: string[] = [];
  const used = new Set<number>();
  values.forEach((v, k) => {
    if (used.has(k)) return;
    if (v.im === 0) return void parts.push(fmt(v.re));
    const mate = values.findIndex((w, j) => j !== k && !used.has(j) && w.re === v.re && w.im === -v.im);
    if (mate >= 0) used.add(mate);
    const im = `${fmt(Math.abs(v.im))}i`;
    if (mate >= 0) parts.push(v.re === 0 ? `±${im}` : `${fmt(v.re)} ± ${im}`);
    else parts.push(`${fmt(v.re)} ${v.im < 0 ? '−' : '+'} ${im}`);
  });
  return parts.join(', ');
}

const showInterval = ([lo, hi]: readonly [number, number]) => `(${fmt(lo)}, ${hi === Infinity ? '∞' : fmt(hi)})`;

function text(game: Game, box: readonly (readonly [number, number])[], equilibria: readonly AnalyzedEquilibrium[]): string {
  const names = coordNames(game);
  const head: string[][] = [
    ['game', game.description],
    ['box', box.map(([lo, hi], k) => `${names[k]} ∈ [${fmt(lo)}, ${fmt(hi)}]`).join(', ')],
  ];
  const update = equilibria.find((e) => e.update)?.update;
  if (update) head.push(['optimizer', update.label]);
  const count = equilibria.length;
  const lines = [table(head), ''];
  if (!count) {
    lines.push('no equilibrium in the box (ξ(z) = 0 nowhere there)');
    return `${lines.join('\n')}\n`;
  }
  lines.push(`${count} equilibri${count === 1 ? 'um' : 'a'} (eigenvalues of the flow’s Jacobian −J, for ż = −ξ(z)):`);
  for (const eq of equilibria) {
    const rows: string[][] = [['eigenvalues', showEigenvalues(eq.eigenvalues)]];
    if (eq.subspace) rows.push(['subspace', `a ${eq.subspace.dimension}-dimensional subspace of equilibria through this point; the kind is the motion across it`]);
    rows.push(['kind', eq.kind]);
    rows.push(['local Nash', eq.strictLocalNash ? 'yes (strict)' : eq.localNash ? 'yes (second-order necessary condition)' : 'no']);
    if (eq.localMinimax !== undefined) {
      rows.push(['local minimax', eq.strictLocalMinimax ? 'yes (strict)' : eq.localMinimax ? 'yes (second-order necessary condition)' : 'no']);
    }
    if (eq.update && eq.stableLr) {
      const rho = eq.update.spectralRadius;
      const verdict = rho < 1 - 1e-9 ? 'converges' : rho > 1 + 1e-9 ? 'moves away' : 'neither converges nor moves away';
      rows.push(['ρ', `${fmt(rho)} per step: ${verdict}`]);
      if (!isFixedPoint(eq)) rows.push(['note', 'the optimizer does not stay here: its step at this equilibrium is not zero']);
      rows.push(['stable η', eq.stableLr.length ? eq.stableLr.map(showInterval).join(', ') : 'none (ρ ≥ 1 for every η scanned)']);
    }
    lines.push(`  ${showPoint(game, eq.point)}`, table(rows, '    '));
  }
  return `${lines.join('\n')}\n`;
}
