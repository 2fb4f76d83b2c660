/**
 * `saddle learn`: a learning dynamics on a two-player matrix game from a start (x₀, y₀): replicator (through an
 * integrator of the gradient flow), multiplicative weights, optimistic MWU, fictitious play or regret matching
 * (src/matrix-games/learning.ts). `--json` prints exactly {"x": [...], "y": [...]} plus "trajectory" (a list of
 * {"step", "x", "y"}) when --every is given.
 */
import type { Command } from 'commander';
import { InputError, show } from '../errors.ts';
import { describeGame } from '../matrix-games/bimatrix.ts';
import { learn, type LearnResult } from '../matrix-games/learn.ts';
import { createLearning, learningDynamics, type LearningName } from '../matrix-games/learning.ts';
import { readMixedStrategy, uniform } from '../matrix-games/simplex.ts';
import { expectedPayoffs } from '../matrix-games/bimatrix.ts';
import { collect, parseInteger, parseKeyValues, parseList, parseNumber, parseRates } from './args.ts';
import { fmt, table } from './format.ts';
import type { Io } from './io.ts';
import { toJson } from './json.ts';
import { readGameFlags, type GameFlags } from './nash.ts';

interface LearnFlags extends GameFlags {
  dynamics: string;
  x0?: string;
  y0?: string;
  lr?: string;
  dt?: string;
  integrator?: string;
  steps?: string;
  every?: string;
  seed?: string;
  opt?: string[];
  json?: boolean;
}

const DYNAMICS = Object.keys(learningDynamics) as LearningName[];

const EXAMPLES = `
Examples:
  $ saddle learn --A '[[1,-1],[-1,1]]' --dynamics replicator --x0 0.8,0.2 --y0 0.6,0.4 --dt 0.1 --steps 500
  $ saddle learn --A '[[1,-1],[-1,1]]' --dynamics mwu --lr 0.1 --x0 0.8,0.2 --y0 0.6,0.4 --steps 200 --json
  $ saddle learn --A '[[1,-1],[-1,1]]' --dynamics omwu --lr 0.1 --x0 0.8,0.2 --y0 0.6,0.4 --steps 2000
  $ saddle learn --A '[[0,-1,1],[1,0,-1],[-1,1,0]]' --dynamics fictitious --x0 1,0,0 --y0 0,0,1 --steps 10000
  $ saddle learn --file test/fixtures/nfg/oneill.nfg --dynamics regret-matching --steps 10000 --every 1000
  $ saddle learn --A '[[1,-1],[-1,1]]' --dynamics replicator --integrator implicit-midpoint --dt 0.01 --steps 5000

The row player maximizes xᵀAy, the column player xᵀBy (B = −A when omitted). Dynamics:${DYNAMICS.map(
  (name) => `\n  ${name.padEnd(16)}${learningDynamics[name].summary}`,
).join('')}
--lr applies to mwu and omwu (default 0.1; "0.1,0.05" gives row and column their own); --dt (default 0.1) and
--integrator (default rk45) to replicator; --seed to fictitious (ties) and regret-matching (with --opt sampled=true).
--opt key=value passes any other option: sampled=true for regret-matching, rtol=1e-10 for the replicator’s integrator.
The start defaults to uniform play. --json prints {"x": [...], "y": [...], "trajectory"?: [{"step", "x", "y"}, ...]}:
the strategies reported at the end (for regret-matching, the average strategies).
Exit codes: 0 done, 2 bad input (one line on stderr), 1 a bug.`;

export function learnCommand(program: Command, io: Io, setCode: (code: number) => void): void {
  program
    .command('learn')
    .summary('learning dynamics on a matrix game: replicator, MWU, optimistic MWU, fictitious play, regret matching')
    .description('Run a learning dynamics on a two-player matrix game from a start and report where play ended.')
    .requiredOption('--dynamics <name>', DYNAMICS.join(' | '))
    .option('--A <json>', 'the row player’s payoffs, JSON rows: [[1,-1],[-1,1]]')
    .option('--B <json>', 'the column player’s payoffs, same shape (default −A: zero-sum)')
    .option('--file <file.nfg>', 'read the game from a Gambit .nfg file (two players)')
    .option('--x0 <p1,p2,...>', 'the row player’s start, a probability vector (default uniform)')
    .option('--y0 <q1,q2,...>', 'the column player’s start (default uniform)')
    .option('--lr <eta>', 'step size of mwu and omwu (default 0.1); "row,col" for one each')
    .option('--dt <h>', 'time per step of the replicator dynamics (default 0.1)')
    .option('--integrator <name>', 'integrator of the replicator dynamics (default rk45; see saddle list integrators)')
    .option('--steps <n>', 'steps to take (default 1000)')
    .option('--every <k>', 'record the strategies every k steps')
    .option('--seed <s>', 'seed for tie-breaking (fictitious) or sampling (regret-matching)')
    .option('--opt <key=value>', 'another option of the dynamics or its integrator; repeat for several', collect)
    .option('--json', 'print JSON')
    .addHelpText('after', EXAMPLES)
    .action((flags: LearnFlags) => setCode(runLearn(flags, io)));
}

/** Which dynamics take a flag, for errors that say where it belongs. */
const FLAG_OWNERS: Record<string, { option: string; owners: readonly LearningName[] }> = {
  '--lr': { option: 'lr', owners: ['mwu', 'omwu'] },
  '--dt': { option: 'dt', owners: ['replicator'] },
  '--integrator': { option: 'integrator', owners: ['replicator'] },
  '--seed': { option: 'seed', owners: ['fictitious', 'regret-matching'] },
};

/** The dynamics' options from the flags; a flag given to dynamics that do not take it is an error. */
function dynamicsOptions(name: LearningName, flags: LearnFlags): Record<string, unknown> {
  const options: Record<string, unknown> = parseKeyValues('--opt', flags.opt ?? []);
  const given: Record<string, string | undefined> = { '--lr': flags.lr, '--dt': flags.dt, '--integrator': flags.integrator, '--seed': flags.seed };
  for (const [flag, raw] of Object.entries(given)) {
    if (raw === undefined) continue;
    const { option, owners } = FLAG_OWNERS[flag];
    if (!owners.includes(name)) throw new InputError(flag, `applies to ${owners.join(' and ')}, not to ${name}`);
    if (option in options) throw new InputError(flag, `${option} is given twice, by ${flag} and by --opt`);
    options[option] =
      flag === '--lr' ? parseRates(flag, raw) : flag === '--dt' ? parseNumber(flag, raw, 'positive') : flag === '--seed' ? parseInteger(flag, raw, 0) : raw;
  }
  return options;
}

/** Runs `saddle learn`; returns the exit code (bad input throws an InputError, reported by main). */
export function runLearn(flags: LearnFlags, io: Io): number {
  if (!(DYNAMICS as string[]).includes(flags.dynamics)) {
    throw new InputError('--dynamics', `unknown dynamics ${show(flags.dynamics)} (known: ${DYNAMICS.join(', ')})`);
  }
  const name = flags.dynamics as LearningName;
  const steps = flags.steps === undefined ? 1000 : parseInteger('--steps', flags.steps, 1);
  const every = flags.every === undefined ? 0 : parseInteger('--every', flags.every, 1);
  const options = dynamicsOptions(name, flags);
  const game = readGameFlags(flags, io.cwd ?? process.cwd());
  const x0 = flags.x0 === undefined ? uniform(game.m) : readMixedStrategy('--x0', parseList('--x0', flags.x0), game.m);
  const y0 = flags.y0 === undefined ? uniform(game.k) : readMixedStrategy('--y0', parseList('--y0', flags.y0), game.k);
  const dynamics = createLearning(name, game, 1, options);
  const result = learn(game, dynamics, x0, y0, { steps, every });
  if (flags.json) {
    io.stdout.write(`${toJson({ x: result.x, y: result.y, ...(result.trajectory ? { trajectory: result.trajectory } : {}) })}\n`);
  } else {
    io.stdout.write(textResult(describeGame(game), name, x0, y0, result, expectedPayoffs(game, result.x, result.y), every));
  }
  return 0;
}

const vector = (p: readonly number[]) => `(${p.map(fmt).join(', ')})`;

function textResult(
  game: string,
  name: LearningName,
  x0: readonly number[],
  y0: readonly number[],
  r: LearnResult,
  payoffs: [number, number],
  every: number,
): string {
  const average = learningDynamics[name].reportsAverage;
  const rows = [
    ['game', game],
    ['dynamics', r.label],
    ['start', `x = ${vector(x0)}, y = ${vector(y0)}`],
    ['steps', r.time === undefined ? String(r.steps) : `${r.steps} (time ${fmt(r.time)})`],
    [average ? 'final (averages)' : 'final', `x = ${vector(r.x)}, y = ${vector(r.y)}`],
    ['payoffs', `row ${fmt(payoffs[0])}, column ${fmt(payoffs[1])}`],
    ['regret', `row ${fmt(r.regrets[0])}, column ${fmt(r.regrets[1])} (0 at a Nash equilibrium)`],
  ];
  if (r.gap !== undefined) rows.push(['duality gap', fmt(r.gap)]);
  if (r.trajectory) rows.push(['recorded', `${r.trajectory.length} points (every ${every} steps)`]);
  const warnings = r.warnings.map((w) => `warning: ${w}`);
  return `${[table(rows), ...warnings].join('\n')}\n`;
}
